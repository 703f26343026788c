"""A cursor you can always see: one background across the cursor's row."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_app import make_app, ready

from tui.widgets.posting_table import PostingTable
from tui.widgets.tag_sidebar import TagSidebar


def backgrounds(segments) -> set:
    return {seg.style.bgcolor for seg in segments if seg.text and seg.style is not None}


@pytest.mark.parametrize("theme", ["textual-dark", "textual-light", "nord", "gruvbox"])
async def test_the_cursor_row_is_one_bar_over_dates_stars_and_matches(board: Path, theme: str):
    app = make_app(board)
    async with app.run_test(size=(120, 36)) as pilot:
        app.theme = theme
        await ready(pilot)
        table = app.query_one(PostingTable)
        await pilot.press("slash", *"data", "enter")
        await ready(pilot)
        await pilot.press("f")  # a star on the cursor's row
        await ready(pilot)
        row = table.render_row(table.cursor, 110)
        assert any(seg.style and seg.style.underline for seg in row)  # a match is highlighted on it
        assert len(backgrounds(row)) == 1
        cursor = table.get_component_rich_style("cursor-list--cursor").bgcolor
        assert backgrounds(row) == {cursor}


async def test_the_sidebars_cursor_shows_on_a_selected_row(board: Path):
    app = make_app(board)
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(pilot)
        sidebar = app.query_one(TagSidebar)
        blurred = sidebar.get_component_rich_style("cursor-list--cursor-blurred").bgcolor
        assert backgrounds(sidebar.render_row(0, 22)) == {blurred}  # "All postings", selected, at start
        await pilot.press("shift+tab")
        sidebar.cursor = sidebar.entries.index("union")
        await pilot.press("enter")
        await pilot.pause()
        focused = sidebar.get_component_rich_style("cursor-list--cursor").bgcolor
        assert backgrounds(sidebar.render_row(sidebar.cursor, 22)) == {focused}


async def test_no_color_puts_the_cursor_in_reverse_video(board: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("NO_COLOR", "1")
    app = make_app(board)
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(pilot)
        table = app.query_one(PostingTable)
        row = table.render_row(table.cursor, 110)
        assert all(seg.style and seg.style.reverse for seg in row if seg.text.strip())
        other = table.render_row(table.cursor + 1, 110)
        assert not any(seg.style and seg.style.reverse for seg in other)


async def test_tags_rarest_first_in_one_order_everywhere(tmp_path: Path, capsys):
    from conftest import write

    from tui.cli import main
    from tui.widgets.posting_detail import PostingDetail

    root = tmp_path / "board"
    write(root, "2024-01-03-a.md", '---\ntitle: "Org: Lead"\ntags: [data, union, zine]\n---\nText.\n')
    write(root, "2024-01-02-b.md", '---\ntitle: "Other: Analyst"\ntags: [data, union]\n---\nText.\n')
    write(root, "2024-01-01-c.md", '---\ntitle: "Third: Analyst"\ntags: [data]\n---\nText.\n')
    app = make_app(root)
    async with app.run_test(size=(140, 36)) as pilot:
        await ready(pilot)
        table = app.query_one(PostingTable)
        row = "".join(seg.text for seg in table.render_row(0, 130))
        assert "zine union data" in row
        header = ["".join(seg.text for seg in app.query_one(PostingDetail).content_line(y, 80)) for y in range(4)]
        assert any("#zine #union #data" in line for line in header)
    assert main(["list", str(root)]) == 0
    assert "[zine union data]" in capsys.readouterr().out
