"""Dialogs and help that behave: keys to move, Esc and q close the top one only."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_app import make_app, ready, workers_done

from tui.widgets.screens import HelpScreen, LinkPicker, ProblemsScreen
from tui.widgets.search_box import SearchBox


async def test_help_scrolls_with_vim_keys_and_q_closes_it_not_the_app(board: Path):
    app = make_app(board)
    async with app.run_test(size=(60, 20)) as pilot:
        await ready(pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        scroller = app.screen.scroller
        await pilot.press("j", "j")
        await pilot.pause()
        assert scroller.scroll_y == 2
        await pilot.press("space")
        await pilot.pause()
        assert scroller.scroll_y > 2
        await pilot.press("G")
        await pilot.pause()
        assert scroller.scroll_y == scroller.max_scroll_y > 0
        await pilot.press("g")
        await pilot.pause()
        assert scroller.scroll_y == 0
        assert len(app.screen.table.columns) == 2  # at 60 columns: keys and what they do, no ids
        await pilot.press("q")
        await pilot.pause()
        assert not isinstance(app.screen, HelpScreen) and app.is_running


async def test_help_has_ids_when_wide_and_every_key_says_what_it_does(board: Path):
    app = make_app(board)
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        help_screen = app.screen
        assert isinstance(help_screen, HelpScreen) and len(help_screen.table.columns) == 3
        for _, rows in help_screen.sections:
            for keys, description, _ in rows:
                assert keys and description and "_" not in description, (keys, description)


async def test_link_picker_moves_with_j_k_and_opens_with_o(board: Path, monkeypatch: pytest.MonkeyPatch):
    opened: list[str] = []
    monkeypatch.setenv("BROWSER", "true")
    app = make_app(board)
    monkeypatch.setattr(app, "open_url", lambda url, **kw: opened.append(url))
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(pilot)
        await pilot.press("slash", *"multiple", "enter")
        await workers_done(app)
        await pilot.pause()
        await pilot.press("Y")
        await pilot.pause()
        assert isinstance(app.screen, LinkPicker)
        links = [link.url for link in app.screen.links]
        await pilot.press("j", "j", "k", "o")
        await pilot.pause()
        assert opened == [links[1]] and not isinstance(app.screen, LinkPicker)
        await pilot.press("Y", "j", "y")
        await pilot.pause()
        assert app.clipboard == links[1]
        assert links[1] == "https://aflcio.hirecentric.com/jobs/137303.html"
        await pilot.press("Y", "down", "up", "enter")  # the arrows and Enter too
        await pilot.pause()
        assert app.clipboard == links[0]


async def test_escape_closes_the_palettes_key_panel_and_nothing_else(board: Path):
    app = make_app(board)
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(pilot)
        await pilot.press("slash", *"data", "enter")
        app.action_show_help_panel()
        await pilot.pause()
        assert app.screen.query("HelpPanel")
        await pilot.press("escape")
        await pilot.pause()
        assert not app.screen.query("HelpPanel") and app.query_one(SearchBox).value == "data"


async def test_q_in_a_dialog_closes_it(tmp_path: Path):
    from conftest import write

    write(tmp_path, "bad.md", "---\ntitle: [\n---\n")
    app = make_app(tmp_path)
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(pilot)
        await pilot.press("exclamation_mark")
        await pilot.pause()
        assert isinstance(app.screen, ProblemsScreen)
        await pilot.press("q")
        await pilot.pause()
        assert not isinstance(app.screen, ProblemsScreen) and app.is_running


async def test_the_screenshot_command_says_where_or_why_not(board: Path, tmp_path: Path):
    app = make_app(board)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        app.action_screenshot(path=str(tmp_path / "shots"))
        saved = list((tmp_path / "shots").glob("*.svg"))
        assert len(saved) == 1 and app.said[-1].message == f"Saved the screenshot to {saved[0]}"
        (tmp_path / "file").write_text("not a folder")
        app.action_screenshot(path=str(tmp_path / "file"))
        message = app.said[-1].message
        assert message.startswith(f"Could not save the screenshot to {tmp_path / 'file'}") and ": " in message[-30:]


async def test_the_palette_copies_a_postings_id_and_path(board: Path):
    app = make_app(board)
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(pilot)
        current = app.main.table.current
        assert current is not None
        await pilot.press("ctrl+p", *"copy its id", "enter")
        await pilot.pause(0.3)
        assert app.clipboard == current.id
        await pilot.press("ctrl+p", *"copy its file", "enter")
        await pilot.pause(0.3)
        assert app.clipboard == str(board.resolve() / current.id)
