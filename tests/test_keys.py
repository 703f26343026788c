"""Keys that must not destroy work, and the habits of fzf, vim and lazygit."""

from __future__ import annotations

from pathlib import Path

from test_app import make_app, ready, shown
from textual import events

from tui.widgets.posting_detail import PostingDetail
from tui.widgets.posting_table import PostingTable
from tui.widgets.search_box import SearchBox
from tui.widgets.status_bar import StatusBar
from tui.widgets.tag_sidebar import TagSidebar


def status(app) -> str:
    return str(app.query_one(StatusBar).text)


async def test_escape_goes_back_to_the_list_and_clears_only_there_and_u_undoes(board: Path):
    app = make_app(board)
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(pilot)
        box, table = app.query_one(SearchBox), app.query_one(PostingTable)
        await pilot.press("slash", *"data", "enter", "j", "enter")  # the second match's text
        await ready(pilot)
        matches = shown(app)
        assert isinstance(app.focused, PostingDetail) and table.cursor == 1
        await pilot.press("escape")  # from the text: back to the list, nothing lost
        await pilot.pause()
        assert isinstance(app.focused, PostingTable) and box.value == "data" and table.cursor == 1
        await pilot.press("escape")  # in the list: the query goes, and says how to get it back
        await ready(pilot)
        assert box.value == "" and len(shown(app)) == 5 and "query cleared · u to undo" in status(app)
        await pilot.press("u")
        await ready(pilot)
        assert box.value == "data" and shown(app) == matches and "undone" in status(app)
        assert table.cursor == 1  # back on the posting it was on


async def test_escape_in_the_text_never_clears_the_tags(board: Path):
    app = make_app(board)
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(pilot)
        sidebar = app.query_one(TagSidebar)
        await pilot.press("shift+tab")
        sidebar.cursor = sidebar.entries.index("union")
        await pilot.press("enter")  # union selected
        await ready(pilot)
        union = shown(app)
        assert len(union) == 3
        await pilot.press("tab", "enter")  # the list, then a posting's text
        await pilot.press("escape", "escape")  # to the list; then the tags go (there is no query)
        await ready(pilot)
        assert len(shown(app)) == 5 and "tags cleared · u to undo" in status(app)
        assert sidebar.selected == set()
        await pilot.press("ctrl+z")
        await ready(pilot)
        assert shown(app) == union and sidebar.selected == {"union"}
        await pilot.press("tab", "escape")  # from the text: to the list, the tag stays
        await pilot.pause()
        assert isinstance(app.focused, PostingTable) and shown(app) == union


async def test_sort_undone(board: Path):
    app = make_app(board)
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(pilot)
        await pilot.press("s", "s")  # newest, then oldest
        await ready(pilot)
        assert app.main.choice.sort == "oldest"
        await pilot.press("u")
        await ready(pilot)
        assert app.main.choice.sort == "newest"


async def test_keys_typed_in_the_same_burst_as_enter_go_to_the_list(board: Path):
    """Enter in the search box moves the focus as it is read: the keys the
    terminal sent with it reach the list (here, as one read: no pause between)."""
    app = make_app(board)
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(pilot)
        await pilot.press("slash", *"data")
        await ready(pilot)
        for key, char in (("enter", "\r"), ("j", "j"), ("j", "j")):
            app.post_message(events.Key(key, char))
        await ready(pilot)
        assert app.query_one(SearchBox).value == "data"
        assert isinstance(app.focused, PostingTable) and app.query_one(PostingTable).cursor == 2


async def test_fzf_keys_move_the_list_while_typing(board: Path):
    app = make_app(board)
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(pilot)
        table, box = app.query_one(PostingTable), app.query_one(SearchBox)
        await pilot.press("slash", *"a")
        await ready(pilot)
        for key, cursor in (("down", 1), ("ctrl+n", 2), ("ctrl+j", 3), ("up", 2), ("ctrl+k", 1)):
            await pilot.press(key)
            await pilot.pause()
            assert table.cursor == cursor, key
        assert app.focused is box and box.value == "a"


async def test_ctrl_c_quits(board: Path):
    app = make_app(board)
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(pilot)
        await pilot.press("slash", *"data", "ctrl+c")  # in the search box too
        await pilot.pause()
        assert app.return_code == 0 and not app.is_running


async def test_panes_with_h_and_l_and_paging_the_text(tmp_path: Path):
    from conftest import write

    root = tmp_path / "board"
    long = "\n\n".join(f"Paragraph {n} about the job." for n in range(80))
    write(root, "a.md", f'---\ntitle: "Org: Lead"\n---\n{long}\n')
    app = make_app(root)
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(pilot)
        detail = app.query_one(PostingDetail)
        await pilot.press("l")
        assert isinstance(app.focused, PostingDetail)
        await pilot.press("h", "h")
        assert isinstance(app.focused, TagSidebar)
        await pilot.press("l", "l")
        for key, down in (("space", True), ("ctrl+d", True), ("ctrl+u", False)):
            before = detail.scroll_offset.y
            await pilot.press(key)
            await pilot.pause()
            assert (detail.scroll_offset.y > before) if down else (detail.scroll_offset.y < before), key


async def test_keys_typed_with_slash_in_the_text_go_into_the_find_line(board: Path):
    """ "/" in the text opens the find line as it is read: the keys the terminal
    sent with it are found, not taken as commands (s would sort, y copy)."""
    from tui.widgets.find_bar import FindBar

    app = make_app(board)
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(pilot)
        await pilot.press("enter")  # the text
        await ready(pilot)
        sort = app.main.choice.sort
        for key, char in (("slash", "/"), ("l", "l"), ("a", "a"), ("b", "b"), ("o", "o"), ("r", "r")):
            app.post_message(events.Key(key, char))
        await pilot.pause()
        bar = app.query_one(FindBar)
        assert bar.text == "labor" and app.main.choice.sort == sort
        for key, char in (("enter", "\r"), ("n", "n")):
            app.post_message(events.Key(key, char))
        await pilot.pause()
        assert bar.text == "labor" and isinstance(app.focused, PostingDetail)
        assert app.query_one(PostingDetail).hit_at == 1  # n went on from the first place found, not into the line


async def test_a_find_typed_and_kept_in_one_burst(board: Path):
    from tui.widgets.find_bar import FindBar

    app = make_app(board)
    async with app.run_test(size=(60, 20)) as pilot:
        await ready(pilot)
        await pilot.press("enter")
        await ready(pilot)
        keys = [("slash", "/"), *((c, c) for c in "labor"), ("enter", "\r"), ("n", "n")]
        for key, char in keys:
            app.post_message(events.Key(key, char))
        await pilot.pause(0.2)
        bar = app.query_one(FindBar)
        assert bar.display and bar.text == "labor" and isinstance(app.focused, PostingDetail)
        await pilot.press("slash", "ctrl+u", "enter")  # an empty find is not kept
        await pilot.pause(0.2)
        assert not bar.display and not app.query_one(PostingDetail).finding


async def test_undo_of_a_typed_query_brings_back_the_one_before(board: Path):
    app = make_app(board)
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(pilot)
        box = app.query_one(SearchBox)
        await pilot.press("slash", *"data", "enter")
        await ready(pilot)
        await pilot.press("slash", "ctrl+u", *"lead", "enter")
        await ready(pilot)
        await pilot.press("u")
        await ready(pilot)
        assert box.value == "data"
        await pilot.press("u")
        await ready(pilot)
        assert box.value == "" and len(shown(app)) == 5
