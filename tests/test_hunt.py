"""The job hunt on the main screen, driven by the real keys: what each mark
changes in the list, the text's header, the sidebar and the hunt store, and
what comes back at the next start."""

from __future__ import annotations

import datetime as _dt
import sqlite3
from pathlib import Path

from conftest import write
from test_app import ready, workers_done
from test_cursor_model import settle
from textual.widgets import OptionList

from tui.app import JobBoard
from tui.marks import VERSION, Marks, Status, board_key
from tui.widgets.hunt_dialogs import BlocklistScreen, NoteScreen, StatusPicker
from tui.widgets.pipeline import PipelineScreen
from tui.widgets.posting_detail import PostingDetail
from tui.widgets.posting_table import PostingTable
from tui.widgets.tag_sidebar import TagSidebar

SIZE = (200, 40)
TODAY = _dt.date(2025, 12, 4)

#: (file, title, tags, body), newest first: two postings of one organization.
POSTINGS = [
    ("2024-03-06-acme-analyst.md", "Acme: Data Analyst", ["data"], "Crunch numbers all day."),
    ("2024-03-05-acme-engineer.md", "Acme: Data Engineer", ["data", "tech"], "Build the data pipelines."),
    ("2024-03-04-beta-organizer.md", "Beta Org: Field Organizer", ["union"], "Knock on doors."),
    ("2024-03-03-gamma-director.md", "Gamma Org: Data Director", ["data"], "Lead the data team."),
    ("2024-03-02-delta-manager.md", "Delta Org: Campaign Manager", ["union"], "Run the campaign."),
]


def posting(root: Path, name: str, title: str, tags: list[str], body: str) -> Path:
    tag_lines = "".join(f"  - {t}\n" for t in tags)
    return write(
        root, name, f'---\ntitle: "{title}"\ntags:\n{tag_lines}---\n\n{body}\n\nApply at https://example.org/{name}\n'
    )


def build(root: Path) -> Path:
    for name, title, tags, body in POSTINGS:
        posting(root, name, title, tags, body)
    return root


def make(root: Path, **kw) -> JobBoard:
    return JobBoard(root, cache_dir=None, **kw)


def ids(app: JobBoard) -> list[str]:
    table = app.query_one(PostingTable)
    return [table.postings[i].id for i in table.rows.tolist()]


def current(app: JobBoard) -> str | None:
    posting = app.query_one(PostingTable).current
    return posting.id if posting is not None else None


def row(app: JobBoard, posting_id: str | None) -> str:
    """The list's row of the posting, as drawn."""
    assert posting_id is not None
    table = app.query_one(PostingTable)
    index = ids(app).index(posting_id)
    return "".join(s.text for s in table.render_row(index, table.scrollable_content_region.width))


def header(app: JobBoard) -> str:
    """The text pane's header, as drawn."""
    detail = app.query_one(PostingDetail)
    return "\n".join("".join(s.text for s in strip) for strip in detail._header)


def sidebar_count(app: JobBoard, word: str) -> int | None:
    """The count the sidebar's row of this filter shows (None: no such row)."""
    sidebar = app.query_one(TagSidebar)
    if word not in sidebar.entries:
        return None
    text = "".join(s.text for s in sidebar.render_row(sidebar.entries.index(word), 40)).rstrip()
    return int(text.rsplit(" ", 1)[1].replace(",", ""))


def stored(root: Path) -> dict[str, Status]:
    return Marks(board_key(root)).statuses()


def said(app: JobBoard) -> list[str]:
    return [toast.message for toast in app.said]


def day(date: _dt.date) -> str:
    """A day as the header says it (this year's)."""
    return f"{date.day} {date:%b}"


async def query(pilot, text: str) -> None:
    """``text`` typed in the search box (in place of what was there) and kept."""
    await pilot.press("slash", "ctrl+u", *text, "enter")
    await settle(pilot, held=False)


async def screen_is(pilot, kind: type) -> None:
    for _ in range(200):
        if isinstance(pilot.app.screen, kind):
            return
        await pilot.pause(0.01)
    raise AssertionError(f"{kind.__name__} never showed; {pilot.app.screen!r} is shown")


# -- statuses ------------------------------------------------------------------------------


async def test_a_status_set_changed_and_undone_shows_everywhere(tmp_path: Path):
    root = build(tmp_path / "board")
    now = _dt.date.today()  # the history's days are the clock's
    app = make(root, today=now)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        first = current(app)
        assert first == POSTINGS[0][0]

        await pilot.press("a")
        await settle(pilot, held=False)
        assert current(app) == first
        assert row(app, first).startswith("✓") and "Applied" in row(app, first)
        assert f"✓ applied {day(now)}" in header(app)
        assert stored(root) == {first: Status.APPLIED}
        assert sidebar_count(app, "status:applied") == 1

        await pilot.press("p")
        await screen_is(pilot, StatusPicker)
        await pilot.press("i")
        await settle(pilot, held=False)
        assert row(app, first).startswith("◆") and "Interview" in row(app, first)
        assert f"◆ applied {day(now)} · interviewing {day(now)}" in header(app)
        assert stored(root) == {first: Status.INTERVIEWING}
        assert sidebar_count(app, "status:interviewing") == 1
        assert sidebar_count(app, "status:applied") is None  # nothing applied: no row

        await pilot.press("u")
        await settle(pilot, held=False)
        assert row(app, first).startswith("✓")
        assert f"✓ applied {day(now)}" in header(app) and "interviewing" not in header(app)
        assert stored(root) == {first: Status.APPLIED}
        assert sidebar_count(app, "status:applied") == 1 and sidebar_count(app, "status:interviewing") is None

        await pilot.press("u")
        await settle(pilot, held=False)
        assert row(app, first)[0] == " " and "Applied" not in row(app, first)
        assert "applied" not in header(app)
        assert stored(root) == {}
        assert sidebar_count(app, "status:applied") is None
        assert current(app) == first


async def test_the_header_gives_the_history_of_two_changes(tmp_path: Path):
    root = build(tmp_path / "board")
    now = _dt.date.today()
    app = make(root, today=now)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("j", "f")
        await settle(pilot, held=False)
        assert f"★ saved {day(now)}" in header(app)
        await pilot.press("a")
        await settle(pilot, held=False)
        lines = [line for line in header(app).splitlines() if "saved" in line]
        assert lines == [f"✓ saved {day(now)} · applied {day(now)}"]
        assert stored(root) == {POSTINGS[1][0]: Status.APPLIED}


# -- hiding ------------------------------------------------------------------------------------


async def test_x_hides_the_posting_and_u_brings_it_back(tmp_path: Path):
    root = build(tmp_path / "board")
    app = make(root)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        everything = ids(app)
        await pilot.press("j", "j")
        await settle(pilot, held=False)
        hidden = current(app)
        assert hidden == everything[2]
        await pilot.press("x")
        await settle(pilot, held=False)
        assert ids(app) == [i for i in everything if i != hidden]
        assert current(app) == everything[3]  # the next one, not the first row
        assert stored(root) == {hidden: Status.NOT_INTERESTED}
        assert sidebar_count(app, "is:hidden") == 1
        await pilot.press("u")
        await settle(pilot, held=False)
        assert ids(app) == everything and current(app) == hidden
        assert stored(root) == {} and sidebar_count(app, "is:hidden") is None


async def test_x_on_the_last_row_goes_to_the_one_above(tmp_path: Path):
    root = build(tmp_path / "board")
    app = make(root)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        everything = ids(app)
        await pilot.press("G", "x")
        await settle(pilot, held=False)
        assert ids(app) == everything[:-1] and current(app) == everything[-2]


async def test_X_hides_the_organization_B_lists_it_and_unhiding_shows_it_again(tmp_path: Path):
    root = build(tmp_path / "board")
    app = make(root)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await ready(pilot)
        await pilot.press("s", "s")  # oldest first: the two of Acme last
        await settle(pilot, held=False)
        everything = ids(app)
        acme = [i for i in everything if "acme" in i]
        assert acme == everything[-2:]
        await pilot.press("G", "k", "X")
        await settle(pilot, held=False)
        assert ids(app) == everything[:-2]
        assert current(app) == everything[-3]  # none of Acme below: the nearest above, not the first row
        assert Marks(board_key(root)).blocked_orgs() == ["Acme"]
        assert sidebar_count(app, "is:hidden") == 2
        assert any(m.startswith("Hiding every posting of Acme") for m in said(app))

        await pilot.press("B")
        await screen_is(pilot, BlocklistScreen)
        options = app.screen.query_one("#blocked-list", OptionList)
        assert [str(options.get_option_at_index(n).prompt) for n in range(options.option_count)] == ["Acme"]
        await pilot.press("d")
        await pilot.pause()
        assert options.option_count == 0 and "Showing Acme again" in said(app)
        await pilot.press("escape")
        await settle(pilot, held=False)
        assert not isinstance(app.screen, BlocklistScreen)
        assert ids(app) == everything
        assert Marks(board_key(root)).blocked_orgs() == [] and sidebar_count(app, "is:hidden") is None


async def test_u_after_X_shows_the_organization_again(tmp_path: Path):
    root = build(tmp_path / "board")
    app = make(root)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        everything = ids(app)
        await pilot.press("X")
        await settle(pilot, held=False)
        assert len(ids(app)) == len(everything) - 2
        await pilot.press("u")
        await settle(pilot, held=False)
        assert ids(app) == everything and Marks(board_key(root)).blocked_orgs() == []


# -- follow-ups ------------------------------------------------------------------------------


async def test_a_follow_up_comes_due(tmp_path: Path):
    root = build(tmp_path / "board")
    app = make(root, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("j", "j", "p")
        await screen_is(pilot, StatusPicker)
        await pilot.press("tab", *"+2d", "enter")
        await settle(pilot, held=False)
        chosen = current(app)
        assert Marks(board_key(root)).follow_ups() == {chosen: TODAY + _dt.timedelta(days=2)}
        assert "Follow up on Sat 6 Dec" in header(app) and "(due)" not in header(app)
        assert stored(root) == {}  # the status was left as it was
        assert sidebar_count(app, "is:due") is None
        await query(pilot, "is:due")
        assert ids(app) == []

    app = make(root, today=TODAY + _dt.timedelta(days=3))
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        assert sidebar_count(app, "is:due") == 1
        assert row(app, chosen).startswith("!")
        await query(pilot, "is:due")
        assert ids(app) == [chosen] and current(app) == chosen
        assert "Follow up on Sat 6 Dec (due)" in header(app)


# -- notes -------------------------------------------------------------------------------------


async def test_a_note_is_saved_shown_and_found(tmp_path: Path):
    root = build(tmp_path / "board")
    app = make(root)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("j", "e")
        await screen_is(pilot, NoteScreen)
        await pilot.press(*"Call the Recruiter", "escape")
        await settle(pilot, held=False)
        noted = current(app)
        assert noted == POSTINGS[1][0]
        assert Marks(board_key(root)).notes() == {noted: "Call the Recruiter"}
        assert "Note: Call the Recruiter" in header(app)
        assert sidebar_count(app, "has:note") == 1
        await query(pilot, "note:recruiter")
        assert ids(app) == [noted]
        await query(pilot, "note:nobody")
        assert ids(app) == []
        await query(pilot, "has:note")
        assert ids(app) == [noted]
        await query(pilot, "!has:note")
        assert noted not in ids(app) and len(ids(app)) == len(POSTINGS) - 1


# -- what is new -------------------------------------------------------------------------------


async def test_new_postings_are_marked_until_seen(tmp_path: Path):
    root = build(tmp_path / "board")
    app = make(root)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        assert not app.session.hunt.new and sidebar_count(app, "is:new") is None
        assert not any(row(app, i)[1] == "•" for i in ids(app))

    # Older than every posting: listed last, and the cursor starts on one not new.
    added = [
        posting(root, "2024-01-02-eta-analyst.md", "Eta Org: Analyst", ["data"], "New one.").name,
        posting(root, "2024-01-01-theta-fellow.md", "Theta Org: Fellow", ["union"], "Another.").name,
    ]
    app = make(root)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        assert current(app) == POSTINGS[0][0]
        assert [i for i in ids(app) if row(app, i)[1] == "•"] == added
        assert sidebar_count(app, "is:new") == 2
        await query(pilot, "is:new")
        assert ids(app) == added  # as answered: a posting seen stays listed until the next answer
        # The first is shown in the text pane: seen.
        assert current(app) == added[0]
        await pilot.pause()
        assert sidebar_count(app, "is:new") == 1
        assert row(app, added[0])[1] != "•" and row(app, added[1])[1] == "•"
        await pilot.press("escape", "escape")  # back to the list, the query cleared
        await settle(pilot, held=False)
        assert len(ids(app)) == len(POSTINGS) + 2 and current(app) == added[0]
        await pilot.press("A")
        await settle(pilot, held=False)
        assert "1 posting seen" in said(app)
        assert sidebar_count(app, "is:new") is None
        assert not any(row(app, i)[1] == "•" for i in ids(app))

    app = make(root)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        assert not app.session.hunt.new and sidebar_count(app, "is:new") is None
        await pilot.press("A")
        await pilot.pause()
        assert "Nothing listed is new." in said(app)


async def test_the_cursor_resting_on_a_new_posting_makes_it_seen(tmp_path: Path):
    root = build(tmp_path / "board")
    app = make(root)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
    added = posting(root, "2024-01-01-eta-analyst.md", "Eta Org: Analyst", ["data"], "New one.").name
    app = make(root)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        assert sidebar_count(app, "is:new") == 1
        await pilot.press("j")  # passing over postings not new
        await settle(pilot, held=False)
        assert sidebar_count(app, "is:new") == 1
        await pilot.press("G")
        await settle(pilot, held=False)
        assert current(app) == added
        await pilot.pause()
        assert sidebar_count(app, "is:new") is None and row(app, added)[1] != "•"
    assert Marks(board_key(root)).new_ids() == set()


# -- where the user left off --------------------------------------------------------------------


async def test_where_the_user_left_off_comes_back(tmp_path: Path):
    root = build(tmp_path / "board")
    app = make(root)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("f", "j", "f", "j", "j", "f")  # three saved postings tagged data
        await settle(pilot, held=False)
        await query(pilot, "data")
        sidebar = app.query_one(TagSidebar)
        await pilot.press("shift+tab")
        assert app.focused is sidebar
        await pilot.press("g", *["j"] * sidebar.entries.index("status:saved"), "enter")
        await pilot.press("g", *["j"] * sidebar.entries.index("data"), "enter", "tab")
        await settle(pilot, held=False)
        assert app.main.choice.tags == {"data"} and app.main.choice.filters == {"status:saved"}
        await pilot.press("s", "s")  # oldest first
        await settle(pilot, held=False)
        assert app.main.choice.sort == "oldest"
        listed = ids(app)
        assert len(listed) == 3
        await pilot.press("g", "j")
        await settle(pilot, held=False)
        on = current(app)
        assert on == listed[1]
        await pilot.press("tab")
        assert isinstance(app.focused, PostingDetail)
        await pilot.press("q")

    app = make(root)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await settle(pilot, held=False)
        main = app.main
        assert main.search.value == "data"
        assert main.choice.tags == {"data"} and main.choice.filters == {"status:saved"}
        assert main.choice.sort == "oldest"
        assert ids(app) == listed and current(app) == on
        assert isinstance(app.focused, PostingDetail)
        assert app.query_one(TagSidebar).selected == {"data"}


# -- the pipeline ------------------------------------------------------------------------------


async def test_the_pipeline_moves_a_card_to_applied(tmp_path: Path):
    root = build(tmp_path / "board")
    app = make(root)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("j", "f")
        await settle(pilot, held=False)
        saved = current(app)
        await pilot.press("P")
        await screen_is(pilot, PipelineScreen)
        screen = app.screen
        assert isinstance(screen, PipelineScreen)
        board = screen.board
        assert [[card.id for card in column] for column in board.columns[:2]] == [[saved], []]
        await pilot.press("L")
        await pilot.pause()
        assert stored(root) == {saved: Status.APPLIED}
        assert [[card.id for card in column] for column in board.columns[:2]] == [[], [saved]]
        assert board.current is not None and board.current.id == saved
        await pilot.press("escape")
        await settle(pilot, held=False)
        assert not isinstance(app.screen, PipelineScreen)
        assert row(app, saved).startswith("✓") and "Applied" in row(app, saved)
        assert sidebar_count(app, "status:applied") == 1 and current(app) == saved


# -- export ------------------------------------------------------------------------------------


async def test_export_from_the_palette_writes_a_checklist_and_says_where(tmp_path: Path, xdg: Path):
    from tui.widgets.commands import JobBoardCommands

    root = build(tmp_path / "board")
    (xdg / "Downloads").mkdir()
    app = make(root)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await ready(pilot)
        await pilot.press("a")
        await settle(pilot, held=False)
        commands = {name: run for name, run, _ in JobBoardCommands(app.screen).commands()}
        await commands["Hunt: export as a Markdown checklist"]()  # type: ignore[misc]
        await pilot.pause()
        written = list((xdg / "Downloads").iterdir())
        assert len(written) == 1 and written[0].suffix == ".md"
        assert f"Exported 1 posting to {written[0]}" in said(app)
        lines = written[0].read_text(encoding="utf-8").splitlines()
        assert f"- [x] Acme: Data Analyst <https://example.org/{POSTINGS[0][0]}>" in lines


async def test_export_without_a_downloads_folder_goes_home(tmp_path: Path, xdg: Path):
    root = build(tmp_path / "board")
    app = make(root)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("f")
        await settle(pilot, held=False)
        app.main.hunt.export("md")
        await pilot.pause()
        written = list(xdg.glob("jobboard-*.md"))
        assert len(written) == 1
        assert any(m.startswith("Exported 1 posting to ") and m.endswith(str(written[0])) for m in said(app))
        assert written[0].read_text(encoding="utf-8").startswith("- [ ] Acme: Data Analyst")


# -- renamed postings ------------------------------------------------------------------------------


async def test_a_mark_follows_its_posting_renamed(tmp_path: Path):
    root = build(tmp_path / "board")
    app = make(root)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("j", "j", "a")
        await settle(pilot, held=False)
    old = POSTINGS[2][0]
    new = "2024-03-04-beta-field-organizer.md"
    assert stored(root) == {old: Status.APPLIED}
    (root / old).rename(root / new)

    app = make(root)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        for _ in range(200):  # the marks follow once the text is indexed
            await workers_done(app)
            if app.session.hunt.statuses.get(new):
                break
            await pilot.pause(0.01)
        await settle(pilot, held=False)
        assert app.session.hunt.statuses == {new: Status.APPLIED}
        assert old not in ids(app) and new in ids(app)
        assert row(app, new).startswith("✓")
        assert sidebar_count(app, "status:applied") == 1
        await query(pilot, "status:applied")  # (a marked posting gone would be listed here, as missing)
        assert ids(app) == [new]
    assert stored(root) == {new: Status.APPLIED}


# -- a store that cannot be written -------------------------------------------------------------------


async def test_a_newer_store_refuses_a_mark_in_one_toast(tmp_path: Path, xdg: Path):
    root = build(tmp_path / "board")
    app = make(root)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("j", "f")
        await settle(pilot, held=False)
    saved = POSTINGS[1][0]
    path = xdg / "xdg_data_home" / "jobboard" / "hunt.sqlite"
    db = sqlite3.connect(path)
    db.execute(f"PRAGMA user_version = {VERSION + 1}")
    db.execute("ALTER TABLE marks ADD COLUMN salary TEXT")
    db.commit()
    db.close()

    def files() -> dict[str, bytes]:  # (not the -shm: SQLite's index in shared memory, any reader's)
        return {p.name: p.read_bytes() for p in path.parent.iterdir() if not p.name.endswith("-shm")}

    before = files()

    app = make(root)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await ready(pilot)
        assert app.session.hunt.statuses == {saved: Status.SAVED}  # read as far as can be
        first = current(app)
        start = len(app.said)
        await pilot.press("a")
        await settle(pilot, held=False)
        new = said(app)[start:]
        assert len(new) == 1 and new[0].startswith("Not saved: ") and "newer jobboard" in new[0]
        assert app.session.hunt.statuses == {saved: Status.SAVED}
        assert row(app, first)[0] == " " and "applied" not in header(app)
        await pilot.press("u")  # nothing was kept to undo
        await settle(pilot, held=False)
        assert not any(m.startswith("Undone") for m in said(app))
    assert files() == before


async def test_a_query_typed_over_the_one_that_came_back_replaces_it(tmp_path: Path):
    """The query a start brings back is selected by the first "/": typed
    over, it goes (as a browser's address bar); moved in, it is kept."""
    root = build(tmp_path / "board")
    app = make(root)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await query(pilot, "data")
        await pilot.press("q")
    app = make(root)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        assert app.main.search.value == "data"
        await pilot.press("slash", *"role")
        await pilot.pause()
        assert app.main.search.value == "role"
        await pilot.press("escape", "slash", "end", *"s")
        await pilot.pause()
        assert app.main.search.value == "roles"  # from now on the query is edited, not replaced
