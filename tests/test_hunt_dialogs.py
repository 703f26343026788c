"""The job hunt's dialogs: the note, the status picker, the hidden
organizations; and the note edited in the user's own editor."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from conftest import REPO
from textual import events
from textual.app import App
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Input, Label, OptionList, Static

from tui.editor import EditorError, edit_externally
from tui.marks import NOTE_MAX, Refused, Status
from tui.widgets.hunt_dialogs import BlocklistScreen, NoteArea, NoteScreen, Picked, StatusPicker


def script(tmp_path: Path, name: str, body: str) -> Path:
    """An executable shell script ``name`` in tmp_path."""
    path = tmp_path / name
    path.write_text("#!/bin/sh\n" + body, encoding="utf-8")
    path.chmod(0o755)
    return path


def editor_env(command: str, **more: str) -> dict[str, str]:
    return {"PATH": os.environ.get("PATH", os.defpath), "EDITOR": command, **more}


# -- the user's editor ------------------------------------------------------------
def test_the_editor_edits_a_private_copy_and_its_text_comes_back(tmp_path: Path):
    seen = tmp_path / "seen"
    editor = script(tmp_path, "ed.sh", f'stat -c %a "$1" > {seen}\nprintf "%s\\n" "$1" >> {seen}\necho added >> "$1"\n')
    assert edit_externally("first line", editor_env(str(editor))) == "first line\nadded"
    mode, path = seen.read_text(encoding="utf-8").split()
    assert mode == "600" and path.endswith(".md")
    assert not Path(path).exists() and not Path(path).parent.exists()  # the folder is gone too


def test_visual_wins_over_editor_and_is_split_like_a_shell_command(tmp_path: Path):
    editor = script(tmp_path, "my editor.sh", 'echo "$1" >> "$2"\n')
    env = editor_env("false", VISUAL=f"'{editor}' --wait")
    assert edit_externally("é\n", env) == "é\n--wait"


def test_an_editor_that_changes_nothing_gives_none(tmp_path: Path):
    assert edit_externally("same\n\nnote", editor_env("true")) is None


def test_what_the_editor_leaves_is_cut_and_decoded(tmp_path: Path):
    editor = script(
        tmp_path, "ed.sh", f'printf "\\377bad\\r\\n" > "$1"\nhead -c {NOTE_MAX + 50} /dev/zero | tr "\\0" x >> "$1"\n'
    )
    back = edit_externally("", editor_env(str(editor)))
    assert back is not None and back.startswith("\ufffdbad\nxxx") and len(back) == NOTE_MAX


def test_a_failing_or_missing_editor_says_so_in_a_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    temp = tmp_path / "temp"
    temp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temp))
    with pytest.raises(EditorError, match=r"failed.*exit status 1") as failed:
        edit_externally("x", editor_env("false"))
    assert "\n" not in str(failed.value)
    with pytest.raises(EditorError, match=r"no-such-editor.*not found"):
        edit_externally("x", editor_env("no-such-editor --wait"))
    with pytest.raises(EditorError, match="not a command"):
        edit_externally("x", editor_env("'unclosed"))
    with pytest.raises(EditorError, match=r"set \$VISUAL or \$EDITOR"):
        edit_externally("x", {"PATH": str(tmp_path)})  # no vi there
    assert list(temp.iterdir()) == []  # nothing left behind


# -- the dialogs, in a small app of their own ----------------------------------------
class Host(App[None]):
    """Shows one dialog; keeps what it is dismissed with and every toast."""

    CSS_PATH = REPO / "tui" / "app.tcss"

    def __init__(self, dialog: Screen[Any]) -> None:
        super().__init__()
        self.dialog = dialog
        self.results: list[Any] = []
        self.toasts: list[str] = []

    def on_mount(self) -> None:
        self.push_screen(self.dialog, self.results.append)

    def notify(self, message: str, *, title: str = "", markup: bool = True, **kw: Any) -> None:
        assert not markup, message  # names from postings are never markup
        self.toasts.append(message)
        super().notify(message, title=title, markup=markup, **kw)


HOSTILE = "Analyst [bold]Data[/] [link=x]\x1b[2J & Co"
SHOWN = "Analyst [bold]Data[/] [link=x][2J & Co"  # brackets kept, the escape taken out


def plain(widget: Widget) -> str:
    return str(widget.render())


async def test_a_note_typed_in_is_kept_by_escape(tmp_path: Path):
    app = Host(NoteScreen(HOSTILE, "first"))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert plain(app.screen.query_one(".modal-title", Label)) == f"Note: {SHOWN}"
        await pilot.press(*" and more", "enter", *"two")
        await pilot.press("escape")
        await pilot.pause()
    assert app.results == ["first and more\ntwo"]


async def test_ctrl_s_saves_the_note_and_an_unchanged_note_gives_none(tmp_path: Path):
    app = Host(NoteScreen("t", ""))
    async with app.run_test() as pilot:
        await pilot.press(*"new", "ctrl+s")
        await pilot.pause()
        assert app.results == ["new"]
        for keys in (["escape"], ["x", "backspace", "ctrl+s"]):
            app.push_screen(NoteScreen("t", "same"), app.results.append)
            await pilot.pause()
            await pilot.press(*keys)
            await pilot.pause()
    assert app.results == ["new", None, None]


async def test_a_paste_past_the_notes_size_is_cut_and_said(tmp_path: Path):
    app = Host(NoteScreen("t", "abc"))
    async with app.run_test() as pilot:
        await pilot.pause()
        area = app.screen.query_one(NoteArea)
        area.post_message(events.Paste("x" * NOTE_MAX + "\x1b[2J"))
        await pilot.pause()
        assert len(area.text) == NOTE_MAX and area.text.startswith("abcxxx")
        assert any("cut" in toast for toast in app.toasts)
        await pilot.press("escape")
        await pilot.pause()
    assert app.results == ["abc" + "x" * (NOTE_MAX - 3)]


async def test_ctrl_e_where_the_app_cannot_be_suspended_says_so_and_keeps_the_note(tmp_path: Path):
    app = Host(NoteScreen("t", "kept"))
    async with app.run_test() as pilot:
        await pilot.press("!", "ctrl+e")
        await pilot.pause()
        assert any("cannot be run here" in toast for toast in app.toasts)
        await pilot.press("escape")
        await pilot.pause()
    assert app.results == ["kept!"]


async def test_ctrl_e_puts_what_the_editor_left_in_the_note(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.setenv("EDITOR", str(script(tmp_path, "ed.sh", 'echo "from the editor" >> "$1"\n')))
    app = Host(NoteScreen("t", "mine"))
    suspended: list[bool] = []

    @contextlib.contextmanager
    def suspend() -> Iterator[None]:
        suspended.append(True)
        yield

    monkeypatch.setattr(app, "suspend", suspend)
    async with app.run_test() as pilot:
        await pilot.press("ctrl+e")
        await pilot.pause()
        assert suspended == [True]
        await pilot.press(*" and", "escape")  # the cursor is at the end
        await pilot.pause()
    assert app.results == ["mine\nfrom the editor and"]


async def test_a_failing_editor_is_said_and_the_note_kept(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.setenv("EDITOR", "false")
    app = Host(NoteScreen("t", "mine"))
    monkeypatch.setattr(app, "suspend", contextlib.nullcontext)
    async with app.run_test() as pilot:
        await pilot.press("ctrl+e")
        await pilot.pause()
        assert any("exit status 1" in toast for toast in app.toasts)
        await pilot.press("escape")
        await pilot.pause()
    assert app.results == [None]


TODAY = date(2026, 12, 8)  # a Tuesday
FOLLOW = date(2026, 12, 11)


def picker(current: Status | None = Status.APPLIED, follow_up: date | None = FOLLOW) -> Host:
    return Host(StatusPicker(HOSTILE, current, follow_up, TODAY))


async def test_a_letter_picks_a_status_at_once(tmp_path: Path):
    for key, status in [("i", Status.INTERVIEWING), ("n", Status.NOT_INTERESTED), ("c", None), ("a", Status.APPLIED)]:
        app = picker()
        async with app.run_test() as pilot:
            await pilot.pause()
            assert plain(app.screen.query_one(".modal-title", Label)) == f"Status: {SHOWN}"
            await pilot.press(key)
            await pilot.pause()
        assert app.results == [Picked(status, status != Status.APPLIED, FOLLOW, False)], key


async def test_enter_picks_the_highlighted_status_which_starts_at_the_current_one(tmp_path: Path):
    app = picker(Status.OFFER)
    async with app.run_test() as pilot:
        await pilot.pause()
        options = app.screen.query_one(OptionList)
        assert options.highlighted == 3 and "now" in str(options.get_option_at_index(3).prompt)
        await pilot.press("j", "down", "k", "enter")
        await pilot.pause()
    assert app.results == [Picked(Status.REJECTED, True, FOLLOW, False)]


async def test_a_follow_up_typed_resolves_live_and_enter_keeps_the_status(tmp_path: Path):
    app = picker()
    async with app.run_test() as pilot:
        await pilot.pause()
        shown = app.screen.query_one("#follow-up-when", Static)
        assert plain(shown) == "→ Fri 11 Dec (in 3 days)"
        await pilot.press("tab", *"+7d")  # the date is selected on the way in: typing replaces it
        await pilot.pause()
        assert plain(shown) == "→ Tue 15 Dec (in 7 days)"
        await pilot.press("enter")
        await pilot.pause()
    assert app.results == [Picked(Status.APPLIED, False, date(2026, 12, 15), True)]


async def test_an_emptied_follow_up_clears_it(tmp_path: Path):
    app = picker(None)
    async with app.run_test() as pilot:
        await pilot.press("tab", "backspace")
        await pilot.pause()
        assert plain(app.screen.query_one("#follow-up-when", Static)) == "no follow-up"
        await pilot.press("shift+tab", "s")
        await pilot.pause()
    assert app.results == [Picked(Status.SAVED, True, None, True)]


async def test_a_bad_follow_up_is_said_and_nothing_is_confirmed(tmp_path: Path):
    app = picker()
    async with app.run_test() as pilot:
        await pilot.press("tab", *"someday", "enter")
        await pilot.pause()
        shown = app.screen.query_one("#follow-up-when", Static)
        assert isinstance(app.screen, StatusPicker) and "'someday' is not a date" in plain(shown)
        await pilot.press("shift+tab", "r")  # a status picked with the date still wrong: back to the date
        await pilot.pause()
        assert isinstance(app.screen, StatusPicker) and app.screen.focused is app.screen.query_one(Input)
        await pilot.press(*["backspace"] * 7, *"fri", "enter")
        await pilot.pause()
    assert app.results == [Picked(Status.APPLIED, False, FOLLOW, False)]


async def test_escape_or_q_cancels_the_picker(tmp_path: Path):
    for keys in (["j", "escape"], ["j", "q"], ["tab", *"+1d", "escape"]):
        app = picker()
        async with app.run_test() as pilot:
            await pilot.press(*keys)
            await pilot.pause()
        assert app.results == [None]


def test_the_picker_80x24(snap_compare):
    async def run_before(pilot) -> None:
        await pilot.pause()
        await pilot.press("tab", *"+2w")
        await pilot.pause()

    assert snap_compare(picker(Status.INTERVIEWING), terminal_size=(80, 24), run_before=run_before)


async def test_the_blocklist_shows_an_organization_again_and_the_row_goes(tmp_path: Path):
    shown_again: list[str] = []
    names = ["[red]Evil[/] Org \x1b]0;x\x07", "Acme"]

    def unblock(name: str) -> bool:
        shown_again.append(name)
        return True

    app = Host(BlocklistScreen(names, unblock))
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.pause()
        options = app.screen.query_one(OptionList)
        assert str(options.get_option_at_index(0).prompt) == "[red]Evil[/] Org ]0;x"
        await pilot.press("d")
        await pilot.pause()
        assert shown_again == [names[0]] and options.option_count == 1
        assert app.toasts == ["Showing [red]Evil[/] Org ]0;x again"]
        assert not app.screen.query_one("#blocked-none").display
        await pilot.press("enter")
        await pilot.pause()
        assert shown_again == names and options.option_count == 0
        assert app.screen.query_one("#blocked-none").display
        await pilot.press("q")
        await pilot.pause()
    assert app.results == [None] and names == ["[red]Evil[/] Org \x1b]0;x\x07", "Acme"]  # the caller's list untouched


async def test_the_blocklist_when_nothing_is_hidden_says_how_to_hide(tmp_path: Path):
    app = Host(BlocklistScreen([], lambda name: True))
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.pause()
        none = app.screen.query_one("#blocked-none", Label)
        assert none.display and plain(none) == "No organization hidden: X on a posting hides its organization"
        await pilot.press("delete", "enter", "escape")
        await pilot.pause()
    assert app.results == [None]


async def test_an_unblock_refused_keeps_the_row(tmp_path: Path):
    def refuse(name: str) -> bool:
        raise Refused("the marks are a newer jobboard's: nothing can be changed")

    app = Host(BlocklistScreen(["Acme"], refuse))
    async with app.run_test() as pilot:
        await pilot.press("delete")
        await pilot.pause()
        assert app.screen.query_one(OptionList).option_count == 1
        assert app.toasts == ["the marks are a newer jobboard's: nothing can be changed"]
