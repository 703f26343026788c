"""The app, driven by the real keys."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from conftest import write

from tui.app import JobBoard
from tui.marks import Marks, Status, board_key
from tui.parts.loading import Loader
from tui.store import StateStore
from tui.widgets.key_bar import KeyBar
from tui.widgets.posting_detail import PostingDetail
from tui.widgets.posting_table import PostingTable
from tui.widgets.screens import HelpScreen, ProblemsScreen
from tui.widgets.search_box import SearchBox
from tui.widgets.status_bar import StatusBar
from tui.widgets.tag_sidebar import TagSidebar


async def workers_done(app) -> None:
    """Until no worker runs (one replaced by a newer one counts as done)."""
    from textual.worker import WorkerCancelled

    for _ in range(100):
        try:
            await app.workers.wait_for_complete()
            return
        except WorkerCancelled:
            continue


async def ready(pilot) -> None:
    """Wait until the board is searchable and the selected posting is shown."""
    app = pilot.app
    for _ in range(200):
        await pilot.pause(0.01)
        if app.main.index is not None and app.main.bodies_state is None:
            break
    else:
        raise AssertionError("the board (and its text) never became searchable")
    detail = app.query_one(PostingDetail)
    table = app.query_one(PostingTable)
    for _ in range(200):
        await workers_done(app)
        current = table.current
        if current is None or detail.shows_text_of(current):
            break
        await pilot.pause(0.01)
    else:
        raise AssertionError("the selected posting's text was never shown")
    await pilot.pause()


async def typed_ahead(pilot, text: str) -> None:
    """Until ``text`` typed at start is in the search box: keys typed before
    the board and its text can be searched wait, READY_AT_THE_LATEST at most."""
    box = pilot.app.query_one("#search", SearchBox)
    for _ in range(400):
        if box.value == text:
            break
        await pilot.pause(0.01)
    else:
        raise AssertionError(f"{text!r} never reached the search box")
    await pilot.pause()


def shown(app: JobBoard) -> list[str]:
    table = app.query_one(PostingTable)
    return [table.postings[i].title for i in table.rows.tolist()]


def row_texts(table: PostingTable) -> list[str]:
    """Each line of the list as drawn, its text only."""
    width = table.scrollable_content_region.width
    return ["".join(s.text for s in table.render_row(n, width)) for n in range(table.row_count)]


def make_app(root: Path, **kw) -> JobBoard:
    return JobBoard(root, cache_dir=None, **kw)


async def test_starts_newest_first_with_detail(board: Path):
    app = make_app(board)
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(pilot)
        assert shown(app)[0] == "AFL-CIO: Senior Strategist & Analytics Lead"
        assert isinstance(app.focused, PostingTable)
        detail = app.query_one(PostingDetail)
        assert detail.posting is not None and detail.posting.title == shown(app)[0]
        assert detail.links and detail.links[0].url == "https://aflcio.hirecentric.com/jobs/124438.html"


async def test_search_filters_and_escape(board: Path):
    app = make_app(board)
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(pilot)
        await pilot.press("slash")
        assert app.focused is not None and app.focused.id == "search"
        await pilot.press(*"scientist")
        await workers_done(app)  # the text's hits join from a worker
        await pilot.pause()
        # the role's hit first, then a posting that says it in its text only
        assert shown(app) == ["AFL-CIO: Lead Data Scientist", "AFL-CIO: Multiple"]
        assert "2 of 5 postings" in str(app.query_one(StatusBar).text)
        await pilot.press("escape")
        assert isinstance(app.focused, PostingTable)
        assert app.query_one("#search", SearchBox).value == "scientist"
        await pilot.press("escape")
        await pilot.pause()
        assert app.query_one("#search", SearchBox).value == "" and len(shown(app)) == 5


async def test_editing_keys_in_the_search_box(board: Path):
    """The box's own keys act in it (and filter at once); a remapped one too."""
    config_dir = Path(__import__("os").environ["XDG_CONFIG_HOME"]) / "jobboard"
    config_dir.mkdir(parents=True)
    (config_dir / "config.toml").write_text('[keys]\n"search-done" = "ctrl+j"\n')
    app = JobBoard(board, cache_dir=None)
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(pilot)
        box = app.query_one("#search", SearchBox)
        await pilot.press("slash", *"xscientist", "home", "delete")
        assert box.value == "scientist" and box.cursor_position == 0
        await pilot.press("end", "backspace", "backspace", "left", "backspace")
        await pilot.pause()
        assert box.value == "scieni" and box.cursor_position == 5
        await pilot.press("t", "end", *"st")
        await pilot.pause()
        assert box.value == "scientist" and shown(app)[0] == "AFL-CIO: Lead Data Scientist"
        await pilot.press("ctrl+w")
        await pilot.pause()
        assert box.value == "" and len(shown(app)) == 5
        await pilot.press(*"data", "enter")  # Enter is ctrl+j now: it stays in the box
        assert app.focused is box
        await pilot.press("ctrl+j")
        assert isinstance(app.focused, PostingTable) and box.value == "data"


async def test_moving_and_reading(board: Path):
    app = make_app(board)
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(pilot)
        table = app.query_one(PostingTable)
        await pilot.press("j", "j")
        assert table.cursor == 2
        await pilot.press("G")
        assert table.cursor == 4
        await pilot.press("g")
        assert table.cursor == 0
        await pilot.press("down", "pagedown")
        assert table.cursor == 4
        await pilot.press("k")
        await workers_done(app)
        await pilot.pause()
        assert app.query_one(PostingDetail).posting == table.current
        await pilot.press("tab")
        assert isinstance(app.focused, PostingDetail)
        await pilot.press("tab")
        assert isinstance(app.focused, TagSidebar)
        await pilot.press("tab")
        assert isinstance(app.focused, PostingTable)


async def test_copy_link(board: Path):
    app = make_app(board)
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(pilot)
        await pilot.press("y")
        assert app.clipboard == "https://aflcio.hirecentric.com/jobs/124438.html"
        assert any("Copied https://aflcio.hirecentric.com/jobs/124438.html" in said.message for said in app.said)


async def test_copy_when_no_link(tmp_path: Path):
    write(tmp_path, "a.md", "---\ntitle: 'Org: No Link'\n---\nSend a letter.")
    app = make_app(tmp_path)
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(pilot)
        await pilot.press("y")
        assert app.clipboard == ""
        assert any("no link" in said.message for said in app.said)


async def test_open_link_uses_browser(board: Path, monkeypatch: pytest.MonkeyPatch):
    opened: list[str] = []
    monkeypatch.setenv("BROWSER", "true")
    app = make_app(board)
    monkeypatch.setattr(app, "open_url", lambda url, **kw: opened.append(url))
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(pilot)
        await pilot.press("o")
        assert opened == ["https://aflcio.hirecentric.com/jobs/124438.html"]


async def test_open_link_without_browser_copies(board: Path):
    app = make_app(board)
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(pilot)
        await pilot.press("o")
        assert app.clipboard == "https://aflcio.hirecentric.com/jobs/124438.html"


async def test_favorite_saved_and_there_after_restart(board: Path):
    app = make_app(board)
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(pilot)
        await pilot.press("j", "f")
        first = app.query_one(PostingTable).current
        assert first is not None and first.id in app.session.favorites
    assert Marks(board_key(board)).statuses() == {first.id: Status.SAVED}
    app = make_app(board)
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(pilot)
        assert first.id in app.query_one(PostingTable).favorites
        sidebar = app.query_one(TagSidebar)
        await pilot.press("shift+tab")
        assert app.focused is sidebar
        await pilot.press("j", "enter")
        await pilot.pause()
        assert shown(app) == [first.title]
        await pilot.press("tab", "f")
        await pilot.pause()
        assert shown(app) == []
    assert Marks(board_key(board)).statuses() == {}


async def test_missing_favorite_is_kept_and_shown(board: Path):
    StateStore().set_favorite(str(board.resolve()), "gone.md", True)
    app = make_app(board)
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(pilot)
        assert len(shown(app)) == 5
        app.main.action_show_favorites()
        await pilot.pause()
        assert shown(app) == ["gone.md"]
    assert "gone.md" in StateStore().favorites(str(board.resolve()))


async def test_tags_narrow_and_toggle_any(board: Path):
    app = make_app(board)
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(pilot)
        sidebar = app.query_one(TagSidebar)
        sidebar.focus()
        await pilot.pause()
        union = sidebar.entries.index("union")
        digital = sidebar.entries.index("digital")
        sidebar.cursor = union
        await pilot.press("enter")
        await pilot.pause()
        assert len(shown(app)) == 3
        sidebar.cursor = digital
        await pilot.press("space")
        await pilot.pause()
        assert shown(app) == []
        await pilot.press("m")
        await pilot.pause()
        assert len(shown(app)) == 4
        await pilot.press("g", "enter")
        await pilot.pause()
        assert len(shown(app)) == 5


async def test_sidebar_counts_follow_query(board: Path):
    app = make_app(board)
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(pilot)
        sidebar = app.query_one(TagSidebar)
        assert sidebar.counts["union"] == 3
        await pilot.press("slash", *"tag:digital")
        await pilot.pause()
        assert sidebar.counts.get("union", 0) == 0 and sidebar.counts["digital"] == 1


def app_with_copy_link_on_c(board: Path) -> JobBoard:
    """The app with the user's config.toml remapping "copy-link" to c."""
    config_dir = Path(__import__("os").environ["XDG_CONFIG_HOME"]) / "jobboard"
    config_dir.mkdir(parents=True)
    (config_dir / "config.toml").write_text('[keys]\n"copy-link" = "c"\n')
    return JobBoard(board, cache_dir=None)


async def test_help_lists_live_bindings(board: Path, tmp_path: Path):
    app = app_with_copy_link_on_c(board)
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(pilot)
        await pilot.press("c")
        assert app.clipboard.startswith("https://")
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        rows = {ident: keys for _, section in app.screen.sections for keys, _, ident in section}
        assert rows["copy-link"] == "c" and rows["favorite"] == "f" and "j" in rows["cursor-down"]
        # "/" searches, and in the text finds: both listed, each with its id
        assert rows["search"] == "slash" and rows["find-in-text"] == "slash"
        await pilot.press("escape")
        assert not isinstance(app.screen, HelpScreen)


async def test_the_search_key_can_be_remapped(board: Path):
    config_dir = Path(__import__("os").environ["XDG_CONFIG_HOME"]) / "jobboard"
    config_dir.mkdir(parents=True)
    (config_dir / "config.toml").write_text('[keys]\nsearch = "ctrl+s"\n')
    app = JobBoard(board, cache_dir=None)
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(pilot)
        assert not app.session.config.problems  # the id is known
        await pilot.press("ctrl+s", *"union")
        assert app.query_one("#search", SearchBox).value == "union"


async def test_problems_said_once_then_marked(tmp_path: Path):
    """The start says what is new among the files' problems, once; then the
    status line keeps a marker. A file that loaded is not said to be left out."""
    write(tmp_path, "ok.md", "---\ntitle: 'A: B'\n---\n")
    write(tmp_path, "bad.md", "---\ntitle: [\n---\n")  # recovered: the title from the file name
    app = make_app(tmp_path)
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(pilot)
        said = [t.message for t in app.said if "problems" in t.message]
        assert said == ["1 file read with problems; ! to see which and why"]
        assert "⚠ 1 file (!)" in str(app.query_one(StatusBar).text)
        await pilot.press("exclamation_mark")
        await pilot.pause()
        assert isinstance(app.screen, ProblemsScreen)
        assert any(p.startswith("bad.md: ") for p in app.screen.problems)
    app = make_app(tmp_path)  # the same problems: not said again
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(pilot)
        assert not [t for t in app.said if "problems" in t.message]
        assert "⚠ 1 file (!)" in str(app.query_one(StatusBar).text)
    write(tmp_path, "worse.md", b"---\ntitle: \xff\xfe x\n---\n")
    (tmp_path / "gone.md").symlink_to(tmp_path / "nowhere.md")
    app = make_app(tmp_path)  # something new: said
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(pilot)
        said = [t.message for t in app.said if "problems" in t.message or "left out" in t.message]
        assert len(said) == 1 and said[0].startswith("2 files read with problems, 1 file left out")


async def test_sort_cycles(tmp_path: Path):
    from test_browse import dated_board

    app = make_app(dated_board(tmp_path / "b"))
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(pilot)
        assert shown(app)[0] == "Beta Org: Zeta Analyst"  # newest first
        await pilot.press("s")
        assert app.main.choice.sort == "newest" and shown(app)[0] == "Beta Org: Zeta Analyst"
        await pilot.press("s")
        assert app.main.choice.sort == "oldest" and shown(app)[0] == "Gamma Org: Alpha Analyst"
        await pilot.press("s")
        assert app.main.choice.sort == "org" and shown(app)[0] == "Alpha Org: Mid Engineer"
        await pilot.press("s")
        assert app.main.choice.sort == "role" and shown(app)[0] == "Gamma Org: Alpha Analyst"
        assert shown(app)[1] == "Delta Org: Beta Analyst Lead"


async def test_command_palette_has_app_commands(board: Path):
    app = make_app(board)
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(pilot)
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"tag: union")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await pilot.pause()
        assert app.main.choice.tags == frozenset({"union"}) and len(shown(app)) == 3


async def test_filter_in_worker_for_large_boards(board: Path):
    app = JobBoard(board, cache_dir=None, filter_in_thread_above=0)
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(pilot)
        await pilot.press("slash", *"scientist")
        await workers_done(app)
        await pilot.pause()
        assert shown(app) == ["AFL-CIO: Lead Data Scientist", "AFL-CIO: Multiple"]


async def test_escape_then_key_typed_fast(board: Path):
    app = make_app(board)
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(pilot)
        await pilot.press("slash", *"lead", "alt+y")
        await pilot.pause()
        assert app.query_one("#search", SearchBox).value == "lead"
        assert app.clipboard.startswith("https://")


async def test_click_on_a_link_opens_it(board: Path, monkeypatch: pytest.MonkeyPatch):
    opened: list[str] = []
    monkeypatch.setenv("BROWSER", "true")
    app = make_app(board)
    monkeypatch.setattr(app, "open_url", lambda url, **kw: opened.append(url))
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(pilot)
        detail = app.query_one(PostingDetail)
        row = next(n for n, strip in enumerate(detail._header) if any(seg.style and seg.style.link for seg in strip))
        segments = list(detail._header[row])
        at = next(n for n, seg in enumerate(segments) if seg.style and seg.style.link)
        column = detail.gutter.left + sum(seg.cell_length for seg in segments[:at]) + 3
        await pilot.click(PostingDetail, offset=(column, row))
        assert opened == ["https://aflcio.hirecentric.com/jobs/124438.html"]


async def test_a_corrupt_state_file_is_left_and_said(board: Path):
    state = StateStore()
    state.path.parent.mkdir(parents=True, exist_ok=True)
    state.path.write_text("{broken", encoding="utf-8")
    app = make_app(board)
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(pilot)
        assert any("could not be read: its favorites are not taken over yet" in said.message for said in app.said)
        await pilot.press("f")
        await pilot.pause()
        assert len(app.session.favorites) == 1  # marks are kept in the hunt store, beside it
    assert state.path.read_text() == "{broken"  # left as it was, to be taken over once it can be read
    assert len(Marks(board_key(board)).statuses()) == 1


async def test_light_and_dark_themes(board: Path):
    app = make_app(board)
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(pilot)
        dark = app.query_one(PostingTable).style()
        app.theme = "textual-light"
        await pilot.pause()
        light = app.query_one(PostingTable).style()
        assert dark != light and light.bgcolor is not None
        assert "Lead" in app.export_screenshot()  # the screen still renders


async def test_list_query_gives_the_apps_order(board: Path, capsys):
    import json

    from tui.cli import main

    main(["list", str(board), "--query", "data a", "--json"])
    listed = [p["title"] for p in json.loads(capsys.readouterr().out)]
    app = make_app(board)
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(pilot)
        await pilot.press("slash", *"data", "space", "a")
        await pilot.pause()
        assert shown(app) == listed and len(listed) > 1


async def test_escape_then_key_typed_fast_in_a_dialog(board: Path):
    app = make_app(board)
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("alt+y")  # what a terminal sends for Esc then y typed quickly
        await pilot.pause(0.1)
        assert not isinstance(app.screen, HelpScreen)
        assert app.clipboard.startswith("https://")


def key_bar_text(app: JobBoard) -> str:
    bar = app.query_one(KeyBar)
    return "".join(segment.text for segment in bar.render_lines(bar.outer_size.region)[0])


async def test_key_bar_follows_focus_keymap_and_clicks(board: Path):
    app = app_with_copy_link_on_c(board)
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(pilot)
        line = key_bar_text(app)
        assert " c Copy link " in line and " y Copy link" not in line and line.rstrip().endswith("^p palette")
        assert "Select" not in line
        await pilot.press("shift+tab")  # the tag sidebar: its keys join the bar
        await pilot.pause()
        assert app.focused is app.query_one(TagSidebar)
        assert " enter Select " in key_bar_text(app) or " ⏎ Select " in key_bar_text(app)
        await pilot.press("slash")  # typing: the bar says how to get to the results
        await pilot.pause()
        assert "Go to the list" in key_bar_text(app)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.focused, PostingTable) and "Go to the list" not in key_bar_text(app)
        await pilot.press("tab")
        await pilot.pause()
        line = key_bar_text(app)
        await pilot.click(KeyBar, offset=(line.index("? Help") + 1, 0))
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)


async def test_collector_back_on_once_the_board_is_loaded(board: Path):
    import gc

    from tui import process

    threshold = gc.get_threshold()
    process.prepare()  # as the jobboard command starts: collector off
    try:
        assert not gc.isenabled()
        app = make_app(board, when_searchable=process.settle_collector)
        async with app.run_test(size=(120, 36)) as pilot:
            await ready(pilot)
            assert gc.isenabled() and gc.get_freeze_count() > 0 and gc.get_threshold() != threshold
    finally:
        gc.unfreeze()
        gc.set_threshold(*threshold)
        gc.enable()


async def test_the_app_alone_leaves_the_collector_as_it_was(board: Path):
    import gc

    before = (gc.isenabled(), gc.get_threshold(), gc.get_freeze_count())
    async with make_app(board).run_test(size=(120, 36)) as pilot:
        await ready(pilot)
        assert (gc.isenabled(), gc.get_threshold(), gc.get_freeze_count()) == before


async def test_a_query_typed_before_search_is_ready_is_said_to_wait(board: Path, monkeypatch: pytest.MonkeyPatch):
    """The list is up, the index not yet: the status line does not claim that
    every posting matches, and the query applies once the index is there."""
    build = Loader.build_index
    held: list[Any] = []
    monkeypatch.setattr(Loader, "build_index", lambda self, loaded: held.append(loaded))
    app = make_app(board)
    async with app.run_test(size=(120, 36)) as pilot:
        while not held:
            await pilot.pause(0.01)
        table = app.query_one(PostingTable)
        await pilot.press("slash", *"analyst")
        await typed_ahead(pilot, "analyst")
        status = str(app.query_one(StatusBar).text)
        assert "getting the search ready" in status and "matching" not in status
        assert len(table.rows) == 5 and table.cursor == 0  # newest first, unfiltered
        first = table.current
        build(app.main.loader, held[0])
        await ready(pilot)
        assert "3 of 5 postings matching analyst" in str(app.query_one(StatusBar).text)
        # The cursor is on the best match, as after typing, not on the posting it was on.
        current = table.current
        assert table.cursor == 0 and current is not None and current != first and shown(app)[0] == current.title


async def test_the_text_is_searched_and_its_hits_shown(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """A word only in a posting's text finds it, once the text is indexed (the
    status line says so meanwhile); the text pane highlights it, n/N go from
    hit to hit."""
    import threading

    from tui.session import Session

    root = tmp_path / "board"
    filler = "\n\n".join(f"Paragraph {n} about the job." for n in range(60))
    head = '---\ntitle: "Org: Data Lead"\n---\nFully remote.\n\n'
    write(root, "2024-01-01-a.md", head + filler + "\n\nRemote again.\n")
    write(root, "2024-01-02-b.md", '---\ntitle: "Other: Analyst"\n---\nOn site in Boston.\n')
    release = threading.Event()
    index_bodies = Session.index_bodies

    def held(self, progress=None):
        release.wait(10)
        return index_bodies(self, progress)

    monkeypatch.setattr(Session, "index_bodies", held)
    app = make_app(root)
    async with app.run_test(size=(100, 30)) as pilot:
        for _ in range(250):
            await pilot.pause(0.02)
            if app.main.index is not None:
                break
        else:
            raise AssertionError("the short fields never became searchable")
        await pilot.press("slash", *"remote")
        await typed_ahead(pilot, "remote")
        status = str(app.query_one(StatusBar).text)
        assert shown(app) == [] and "the text is searched once it is indexed" in status
        release.set()
        await ready(pilot)
        assert shown(app) == ["Org: Data Lead"]
        table = app.query_one(PostingTable)
        assert "".join(seg.text for seg in table.render_row(0, 60))[1] == "¶"  # found through its text
        assert "indexing" not in str(app.query_one(StatusBar).text)
        await pilot.press("enter", "enter")  # to the list, then the text
        await ready(pilot)
        detail = app.query_one(PostingDetail)
        assert isinstance(app.focused, PostingDetail) and len(detail.hits) == 2
        hit_style = detail.get_component_rich_style("posting-detail--hit")
        line = detail.content_line(detail.hits[0] + len(detail._header), 60)
        assert any(seg.text.lower() == "remote" and seg.style and seg.style.bold for seg in line)
        assert hit_style.bold
        assert detail.scroll_offset.y == 0
        await pilot.press("n")  # the first hit, to the top (a line above it)
        await pilot.pause()
        assert detail.hit_at == 0 and detail.scroll_offset.y == detail.hits[0] + len(detail._header) - 1
        await pilot.press("n")  # the second, far down
        await pilot.pause()
        assert detail.scroll_offset.y > 20 and detail.hit_at == 1
        await pilot.press("N")
        await pilot.pause()
        assert detail.hit_at == 0 and detail.scroll_offset.y < 20


async def test_the_short_fields_answer_first_and_the_text_follows(board: Path, monkeypatch: pytest.MonkeyPatch):
    """A keystroke's list comes from the short fields at once; the postings
    that say the word in their text join it from a worker (the status line
    says so meanwhile), and a cursor the user moved stays put."""
    app = make_app(board)
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(pilot)
        release = hold_the_text(monkeypatch)
        await pilot.press("slash", *"scientist")
        await pilot.pause()
        assert shown(app) == ["AFL-CIO: Lead Data Scientist"]  # the role's hit, at once
        assert "searching the text" in str(app.query_one(StatusBar).text)
        release.set()
        await workers_done(app)
        await pilot.pause()
        assert shown(app) == ["AFL-CIO: Lead Data Scientist", "AFL-CIO: Multiple"]
        assert "searching the text" not in str(app.query_one(StatusBar).text)


async def test_find_inside_one_posting(tmp_path: Path):
    """ "/" in the text finds there, as typed (case and accents folded), and
    scrolls to it; Enter keeps it (n/N step through it, and it follows to the
    next posting read); Esc puts the search's highlights back. "/" in the list
    still searches the board."""
    from tui.widgets.find_bar import FindBar, FindInput

    root = tmp_path / "board"
    filler = "\n\n".join(f"Paragraph {n} about the job." for n in range(60))
    head = '---\ntitle: "Org: Remote Lead"\n---\nRemote.\n\n'
    write(root, "2024-01-02-a.md", f"{head}{filler}\n\nSALARY: 60k. Café.\n\nSalary again\n")
    write(root, "2024-01-01-b.md", '---\ntitle: "Other: Analyst"\n---\nThe salary is fair; remote.\n')
    app = make_app(root)
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        await pilot.press("slash", *"remote", "enter", "enter")  # the search, then the first posting's text
        await ready(pilot)
        detail, bar = app.query_one(PostingDetail), app.query_one(FindBar)
        assert isinstance(app.focused, PostingDetail) and detail.found == 1 and not bar.display
        await pilot.press("slash", *"salary")
        await pilot.pause()
        assert bar.display and isinstance(app.focused, FindInput) and app.main.search.value == "remote"
        assert detail.finding and detail.found == 2 and detail.scroll_offset.y > 20  # scrolled to it
        assert "2 found" in str(bar.query_one(".find-bar--count").render())
        top = int(detail.scroll_offset.y)
        in_view = [seg for y in range(top, top + detail.size.height) for seg in detail.content_line(y, 60)]
        assert any(seg.text == "SALARY" and seg.style and seg.style.bold for seg in in_view)  # highlighted
        await pilot.press("ctrl+u", *"cafe")  # accents folded
        await pilot.pause()
        assert detail.found == 1
        await pilot.press("ctrl+u", *"salary", "enter")
        await pilot.pause()
        assert isinstance(app.focused, PostingDetail) and bar.display and detail.finding
        first = detail.hit_at
        await pilot.press("n")
        assert detail.hit_at == (first + 1) % 2
        await pilot.press("N")
        assert detail.hit_at == first
        await pilot.press("shift+tab", "j")  # the next posting: the find goes with it
        await ready(pilot)
        assert detail.posting is not None and detail.posting.title == "Other: Analyst"
        assert detail.found == 1 and "1 found" in str(bar.query_one(".find-bar--count").render())
        await pilot.press("tab", "escape")  # in the text: the find goes, the search's highlights come back
        await pilot.pause()
        assert not bar.display and not detail.finding and isinstance(app.focused, PostingDetail)
        assert detail.found == 1 and detail.hits  # "remote", the search's
        await pilot.press("shift+tab", "slash")
        assert isinstance(app.focused, SearchBox)


async def test_a_phrase_cut_by_a_line_break_is_highlighted_on_both_lines(tmp_path: Path):
    """The index finds a phrase across a paragraph break (or where the pane
    wraps it): the text pane highlights both parts, one place found."""
    root = tmp_path / "board"
    write(root, "a.md", '---\ntitle: "Org: Lead"\n---\nWe want someone for data\n\nDirector, to start soon.\n')
    app = make_app(root)
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        await pilot.press("slash", *'"data director"', "enter")
        await ready(pilot)
        detail = app.query_one(PostingDetail)
        assert shown(app) == ["Org: Lead"] and detail.found == 1 and len(detail.hits) == 1
        lines = [detail.content_line(y, 60) for y in range(detail.virtual_size.height)]
        hit = detail.get_component_rich_style("posting-detail--hit")
        marked = [seg.text for line in lines for seg in line if seg.style and seg.style + hit == seg.style]
        assert marked == ["data", "Director"]


def hold_the_text(monkeypatch: pytest.MonkeyPatch):
    """The text's lookups wait until the event returned is set."""
    import threading

    from tui.bodies import BodyIndex

    release = threading.Event()
    numbers = BodyIndex.numbers

    def held(self, expression):
        release.wait(10)
        return numbers(self, expression)

    monkeypatch.setattr(BodyIndex, "numbers", held)
    return release


def status_of(app: JobBoard) -> str:
    return str(app.query_one(StatusBar).text)


async def test_a_short_word_is_found_in_the_text_and_lit_whole(tmp_path: Path):
    """ "dc" is a word: the text is searched for it (as a whole word: not the
    DCCC), with or without text:, and the text pane lights DC alone."""
    root = tmp_path / "board"
    write(root, "2024-01-01-a.md", '---\ntitle: "Org: Data Scientist"\n---\nIn Washington, DC.\n\nWith the DCCC.\n')
    write(root, "2024-01-02-b.md", '---\ntitle: "Other: Analyst"\n---\nWith the DCCC, in Boston.\n')
    app = make_app(root)
    async with app.run_test(size=(120, 30)) as pilot:
        await ready(pilot)
        await pilot.press("slash", *"text:dc")
        await workers_done(app)
        await pilot.pause()
        assert shown(app) == ["Org: Data Scientist"]
        await pilot.press("ctrl+u", *"dc", "enter", "enter")  # d...c in order in "Data Scientist": the text has DC
        await ready(pilot)
        detail = app.query_one(PostingDetail)
        assert shown(app) == ["Org: Data Scientist"] and "close" not in status_of(app)
        assert detail.found == 1 and len(detail.hits) == 1  # DC, not DCCC


COLORADO = "Colorado Civic Engagement Roundtable: Data & Targeting Manager"  # r-e-m-o-t-e in order


async def test_a_word_found_as_written_is_not_padded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """ "remote" lists the postings that say it: the short fields' answer has
    the role's hit alone, the text's hits join it; a title with its letters
    in order never. A typo lists close matches, and the status line says so."""
    root = tmp_path / "board"
    write(root, "2024-01-01-a.md", f'---\ntitle: "{COLORADO}"\n---\nx')
    write(root, "2024-01-02-b.md", '---\ntitle: "Co: Remote Organizer"\n---\nOrganize.\n')
    write(root, "2024-01-03-c.md", '---\ntitle: "Other: Analyst"\n---\nFully remote.\n')
    app = make_app(root)
    async with app.run_test(size=(120, 30)) as pilot:
        await ready(pilot)
        release = hold_the_text(monkeypatch)
        await pilot.press("slash", *"remote")
        await pilot.pause()
        assert shown(app) == ["Co: Remote Organizer"] and "searching the text" in status_of(app)
        release.set()
        await workers_done(app)
        await pilot.pause()
        assert shown(app) == ["Co: Remote Organizer", "Other: Analyst"] and "close" not in status_of(app)
        await pilot.press("ctrl+u", *"remtoe")
        await workers_done(app)
        await pilot.pause()
        assert COLORADO in shown(app)
        assert "close matches only" in status_of(app)


async def test_close_matches_first_then_the_texts_hits(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """No short field says "remote": the first answer has the close matches
    (said); the text's hits, as written, replace them."""
    root = tmp_path / "board"
    write(root, "2024-01-01-a.md", f'---\ntitle: "{COLORADO}"\n---\nx')
    write(root, "2024-01-03-c.md", '---\ntitle: "Other: Analyst"\n---\nFully remote.\n')
    app = make_app(root)
    async with app.run_test(size=(120, 30)) as pilot:
        await ready(pilot)
        release = hold_the_text(monkeypatch)
        await pilot.press("slash", *"remote")
        await pilot.pause()
        assert shown(app) == [COLORADO]
        assert "close matches only" in status_of(app)
        release.set()
        await workers_done(app)
        await pilot.pause()
        assert shown(app) == ["Other: Analyst"] and "close" not in status_of(app)


async def test_a_toast_replaces_the_one_of_its_kind(board: Path):
    """Five copies and two marks in a row: one toast of each, the newest;
    a toast of another kind stays."""
    app = make_app(board)
    async with app.run_test(size=(120, 36), notifications=True) as pilot:
        await ready(pilot)
        app.notify("Something else", title="Other", timeout=30)
        await pilot.press("y", "j", "y", "j", "y", "y", "y", "f", "f")
        await pilot.pause(0.2)

        def toasts() -> list[str]:
            return [str(toast.render()) for toast in app.screen.query("Toast")]

        shown = toasts()
        assert len(shown) == 3, shown
        marks = [t for t in shown if "Saved: " in t or "No status: " in t]
        assert sum("Copied" in t for t in shown) == 1 and len(marks) == 1
        assert any("Something else" in t for t in shown)
        assert "No status" in marks[0]  # the newest of its kind
