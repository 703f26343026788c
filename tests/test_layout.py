"""A layout that fits the terminal, and that the user can change and keeps."""

from __future__ import annotations

from pathlib import Path

from test_app import make_app, ready

from tui.widgets.posting_detail import PostingDetail
from tui.widgets.posting_table import PostingTable
from tui.widgets.posting_table import widths as column_widths
from tui.widgets.tag_sidebar import TagSidebar


def widths(app) -> tuple[int, int]:
    return app.query_one(PostingTable).size.width, app.query_one("#reader").size.width


async def test_narrow_folds_the_sidebar_and_stacks_the_text_and_t_v_change_it_for_good(board: Path):
    app = make_app(board)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        sidebar = app.query_one(TagSidebar)
        assert not sidebar.display and app.main.has_class("-stacked")
        await pilot.press("tab", "tab")  # no sidebar in the round
        assert isinstance(app.focused, PostingTable)
        await pilot.press("t")
        await pilot.pause()
        assert sidebar.display and sidebar.size.width > 0
        await pilot.press("v")
        await pilot.pause()
        table, reader = widths(app)
        assert not app.main.has_class("-stacked") and table > 0 and reader > 0
    app = make_app(board)  # remembered
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        assert app.query_one(TagSidebar).display and not app.main.has_class("-stacked")


async def test_wide_the_text_has_half_the_room_and_the_split_moves(board: Path):
    app = make_app(board)
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(pilot)
        assert app.query_one(TagSidebar).display and not app.main.has_class("-stacked")
        table, reader = widths(app)
        assert reader >= table - 1 and reader >= 45
        await pilot.press("greater_than_sign", "greater_than_sign")
        await pilot.pause()
        wider = widths(app)[1]
        assert wider > reader
        await pilot.press("less_than_sign")
        await pilot.pause()
        assert reader < widths(app)[1] < wider
    app = make_app(board)
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(pilot)
        assert reader < widths(app)[1] < wider  # remembered


async def test_a_long_link_is_cut_on_one_line_and_copied_whole(tmp_path: Path):
    from conftest import write

    url = "https://jobs.example.org/apply/" + "x" * 150
    write(tmp_path / "b", "a.md", f'---\ntitle: "Org: Role"\n---\nApply at [here]({url}).\n')
    app = make_app(tmp_path / "b")
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(pilot)
        detail = app.query_one(PostingDetail)
        lines = ["".join(seg.text for seg in detail.content_line(y, 60)).rstrip() for y in range(8)]
        apply = next(line for line in lines if line.startswith("Apply: "))
        assert apply.endswith("…") and len(apply) <= detail.text_width
        assert not any(line.startswith("xxx") for line in lines)  # not wrapped onto the next line
        await pilot.press("y")
        assert app.clipboard == url


async def test_the_key_bar_is_never_cut_mid_word(board: Path):
    from test_app import key_bar_text

    from tui.widgets.key_bar import KeyBar

    for size in ((40, 12), (60, 20), (52, 20)):
        app = make_app(board)
        async with app.run_test(size=size) as pilot:
            await ready(pilot)
            left = key_bar_text(app).split("▏")[0].rstrip()
            bar = app.query_one(KeyBar)
            descriptions = [description for _, _, description, _ in bar.keys()]  # noqa: SIM118
            assert left and any(left.endswith(description) for description in descriptions), (size, left)


async def test_the_status_line_gives_up_the_least_important_first(board: Path):
    from tui.widgets.status_bar import StatusBar

    app = make_app(board)
    async with app.run_test(size=(60, 20)) as pilot:
        await ready(pilot)
        await pilot.press("t", "shift+tab")  # the sidebar shown at 60 columns: select a tag
        sidebar = app.query_one(TagSidebar)
        assert app.focused is sidebar
        sidebar.cursor = sidebar.entries.index("union")
        await pilot.press("enter", "tab", "s")
        await pilot.press("slash", *"data", "enter")
        await ready(pilot)
        status = app.query_one(StatusBar)
        full = str(status.text)
        assert "matching data" in full and "tagged union" in full and "newest first" in full
        for width in (80, 50, 40, 30):
            line = status.fitted(width).plain
            assert len(line) <= width and line.startswith("3 of 5 postings matching data"), (width, line)
        assert "tagged union" in status.fitted(len(full) - 5).plain  # the sort is cut first
        assert "tagged" not in status.fitted(32).plain


async def test_narrow_lists_show_whole_organization_names(tmp_path: Path):
    from conftest import write

    write(tmp_path / "b", "a.md", '---\ntitle: "The Texas Democratic Party: Data Analyst"\n---\n')
    write(tmp_path / "b", "b.md", '---\ntitle: "AFSCME: Field Data Coordinator"\n---\n')
    for size in ((60, 20), (80, 24)):
        app = make_app(tmp_path / "b")
        async with app.run_test(size=size) as pilot:
            await ready(pilot)
            table = app.query_one(PostingTable)
            rows = ["".join(seg.text for seg in table.render_row(n, table.size.width)) for n in range(2)]
            assert any("The Texas Democratic Party " in row for row in rows), (size, rows)


def test_a_short_date_from_44_columns():
    """How recent a posting is shows in any list of 44 columns or more
    (beside the text at 120): "Oct 7" within the last year, "Oct 2020" before."""
    from tui.widgets.posting_table import short_date

    for width in range(44, 250):
        assert column_widths(width, 28)[1] >= 8, width
    assert column_widths(43, 28)[1] == 0
    assert short_date("2026-10-07", "2026-12-04") == "Oct 7"
    assert short_date("2026-01-31", "2026-12-04") == "Jan 31"
    assert short_date("2025-12-04", "2026-12-04") == "Dec 2025"
    assert short_date("2020-10-07", "2026-12-04") == "Oct 2020"
    assert short_date("not a date", "2026-12-04") == "not a date"


async def test_the_list_beside_the_text_at_120_columns_shows_dates(board: Path):
    app = make_app(board)
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(pilot)
        table = app.query_one(PostingTable)
        header = "".join(segment.text for segment in table.render_header(0, table.scrollable_content_region.width))
        assert "Date" in header
        row = "".join(segment.text for segment in table.render_row(0, table.scrollable_content_region.width))
        assert "2017" in row, row  # the one dated bundled posting: August 2017


async def test_a_board_that_gives_places_pay_and_deadlines_has_their_columns_and_sorts(tmp_path: Path):
    from conftest import write

    write(
        tmp_path,
        "2024-01-02-a.md",
        '---\ntitle: "Acme: Data Analyst"\nlocation: Boston, MA\n---\nPays $60,000 - $70,000.\n',
    )
    write(tmp_path, "2024-01-01-b.md", '---\ntitle: "Union: Organizer"\n---\nFully remote. Apply by January 20.\n')
    app = make_app(tmp_path)
    async with app.run_test(size=(260, 40)) as pilot:
        await ready(pilot)
        table = app.query_one(PostingTable)
        width = table.scrollable_content_region.width
        header = "".join(segment.text for segment in table.render_header(0, width))
        rows = ["".join(segment.text for segment in table.render_row(n, width)) for n in range(2)]
        for column, first, second in (("Location", "Boston, MA", "Remote"), ("Salary", "$60k–70k", "")):
            assert column in header, header
            assert header.index(column) == rows[0].index(first), (header, rows)
            assert not second or header.index(column) == rows[1].index(second), (header, rows)
        assert header.index("Apply by") == rows[1].index("2024-01-20"), (header, rows)  # a day of another year, in full
        assert all(len(row) == width for row in [*rows, header])
        for sort in ("newest", "oldest", "org", "role", "location", "salary", "deadline", "best"):
            await pilot.press("s")
            await pilot.pause()
            assert app.main.choice.sort == sort
    app = make_app(tmp_path)
    async with app.run_test(size=(120, 36)) as pilot:  # beside the text: no room for them
        await ready(pilot)
        table = app.query_one(PostingTable)
        assert "Location" not in "".join(s.text for s in table.render_header(0, table.scrollable_content_region.width))


async def test_a_board_without_those_fields_has_no_such_columns_nor_sorts(tmp_path: Path):
    from conftest import write

    write(tmp_path, "2024-01-02-a.md", '---\ntitle: "Acme: Data Analyst"\n---\nWe count things.\n')
    app = make_app(tmp_path)
    async with app.run_test(size=(260, 40)) as pilot:
        await ready(pilot)
        table = app.query_one(PostingTable)
        header = "".join(s.text for s in table.render_header(0, table.scrollable_content_region.width))
        assert "Location" not in header and "Salary" not in header
        await pilot.press("s", "s", "s", "s", "s")
        await pilot.pause()
        assert app.main.choice.sort == "best"
