"""The job hunt's dialogs: a posting's note, its status and follow-up date,
and the organizations hidden from the board. Each is a modal screen that
gives its answer when dismissed; what is shown of a posting or an
organization is text, never markup."""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import ClassVar

from rich.text import Text
from textual import events
from textual.app import ComposeResult, SuspendNotSupported
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.notifications import SeverityLevel
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Input, Label, OptionList, Static, TextArea
from textual.widgets.option_list import Option

from tui.editor import EditorError, edit_externally
from tui.marks import NOTE_MAX, STATUSES, MarksError, Status, parse_follow_up
from tui.text import clean_line

__all__ = ["STATUS_KEYS", "BlocklistScreen", "NoteArea", "NoteScreen", "Picked", "StatusPicker", "when"]

# C0 and C1 controls but tab and newline: a note is shown on a terminal
# (TextArea draws ESC as it is).
_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def _say(widget: Widget, message: str, title: str, severity: SeverityLevel = "information") -> None:
    """A toast of plain text (a name in it is never markup)."""
    widget.app.notify(message, title=title, severity=severity, markup=False)


def _shown(text: str) -> str:
    return _CONTROLS.sub("", text.replace("\r\n", "\n"))


def when(day: _dt.date, today: _dt.date) -> str:
    """``Fri 11 Dec`` (and the year if not this one), and how far it is."""
    name = f"{_DAYS[day.weekday()]} {day.day} {_MONTHS[day.month - 1]}"
    if day.year != today.year:
        name += f" {day.year}"
    days = (day - today).days
    if days == 0:
        far = "today"
    elif days == 1:
        far = "tomorrow"
    elif days == -1:
        far = "yesterday"
    else:
        far = f"in {days:,} days" if days > 0 else f"{-days:,} days ago"
    return f"{name} ({far})"


# -- the note --------------------------------------------------------------------
class NoteArea(TextArea):
    """The note's text: a paste that would make it longer than NOTE_MAX
    characters is cut (and the user told)."""

    def on_paste(self, event: events.Paste) -> None:
        event.prevent_default()  # TextArea's own paste: the whole text
        event.stop()
        if self.read_only:
            return
        start, end = self.selection
        room = NOTE_MAX - (len(self.text) - len(self.selected_text))
        text = _shown(event.text)
        if len(text) > room:
            text = text[: max(0, room)]
            _say(
                self,
                f"A note holds at most {NOTE_MAX:,} characters: the paste was cut to {len(text):,}",
                "Note",
                "warning",
            )
        if text:
            result = self.replace(text, start, end)
            self.move_cursor(result.end_location)


class NoteScreen(ModalScreen[str | None]):
    """A posting's note: the text as the user left it (Esc or Ctrl+S), or
    None if it did not change. Ctrl+E edits it in $VISUAL / $EDITOR."""

    AUTO_FOCUS = "#note-text"
    DEFAULT_CSS = """
    NoteScreen .modal-title {
        text-wrap: nowrap;
        text-overflow: ellipsis;
    }
    NoteScreen #note-box {
        height: 90%;
        max-height: 40;
    }
    NoteScreen #note-text {
        height: 1fr;
        min-height: 3;
    }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "save", "Save and close", id="note-close", tooltip="Keep the note and close"),
        Binding("ctrl+s", "save", "Save", priority=True, id="note-save", tooltip="Keep the note and close"),
        Binding(
            "ctrl+e", "external", "$EDITOR", priority=True, id="note-editor", tooltip="Edit the note in $VISUAL/$EDITOR"
        ),
    ]

    def __init__(self, title: str, text: str) -> None:
        super().__init__()
        self.title_text = title
        self.original = _shown(text)[:NOTE_MAX]

    def compose(self) -> ComposeResult:
        with Vertical(id="note-box", classes="modal-box"):
            yield Label(Text(f"Note: {clean_line(self.title_text, 200)}"), classes="modal-title")
            yield NoteArea(self.original, soft_wrap=True, id="note-text")
            yield Label(Text("Esc or ctrl+s saves and closes · ctrl+e: $EDITOR"), classes="modal-hint")

    def on_mount(self) -> None:
        self.area.move_cursor(self.area.document.end)

    @property
    def area(self) -> NoteArea:
        return self.query_one("#note-text", NoteArea)

    def action_save(self) -> None:
        text = self.area.text
        if len(text) > NOTE_MAX:
            text = text[:NOTE_MAX]
            _say(self, f"A note holds at most {NOTE_MAX:,} characters: the rest was left out", "Note")
        self.dismiss(None if text == self.original else text)

    def action_external(self) -> None:
        area = self.area
        try:
            with self.app.suspend():
                edited = edit_externally(area.text)
        except SuspendNotSupported:
            _say(self, "An editor cannot be run here (the terminal cannot be lent); the note is kept", "Note")
            return
        except EditorError as why:
            _say(self, str(why), "Note", "error")
            return
        if edited is None:
            return
        if len(edited) >= NOTE_MAX:
            _say(self, f"A note holds at most {NOTE_MAX:,} characters: it was cut there", "Note")
        area.load_text(_shown(edited))
        area.move_cursor(area.document.end)
        area.focus()


# -- the status and follow-up ------------------------------------------------------
#: The key that picks each status in the picker (None: no status).
STATUS_KEYS: dict[str, Status | None] = {
    "s": Status.SAVED,
    "a": Status.APPLIED,
    "i": Status.INTERVIEWING,
    "o": Status.OFFER,
    "r": Status.REJECTED,
    "w": Status.WITHDRAWN,
    "n": Status.NOT_INTERESTED,
    "c": None,
}
assert set(STATUS_KEYS.values()) == {*STATUSES, None}


@dataclass(frozen=True)
class Picked:
    """What the status picker answered."""

    status: Status | None
    status_changed: bool
    follow_up: _dt.date | None
    follow_up_changed: bool


class StatusPicker(ModalScreen[Picked | None]):
    """A posting's status (a letter picks one at once; Enter the highlighted)
    and its follow-up date (Tab goes there; Enter keeps the status). None if
    cancelled (Esc)."""

    AUTO_FOCUS = "#status-options"
    DEFAULT_CSS = """
    StatusPicker #status-box {
        max-width: 64;
    }
    StatusPicker .modal-title {
        text-wrap: nowrap;
        text-overflow: ellipsis;
    }
    StatusPicker #status-options {  /* no border: 60x20 has room for every status and the date */
        height: auto;
        max-height: 10;
        border: none;
        padding: 0;
    }
    StatusPicker #follow-up-row {
        height: 1;
        margin-top: 1;
    }
    StatusPicker #follow-up-label {
        width: auto;
        padding-right: 1;
    }
    StatusPicker #follow-up {
        width: 1fr;
        height: 1;
        border: none;
        padding: 0 1;
        background: $boost;
    }
    StatusPicker #follow-up:focus {
        border: none;
        background: $surface-lighten-1;
    }
    StatusPicker #follow-up-when {
        color: $text-muted;
        padding-left: 13;
    }
    StatusPicker #follow-up-when.-error {
        color: $text-error;
        padding-left: 0;
    }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="status-cancel", tooltip="Close, changing nothing"),
        Binding("q", "cancel", "Cancel", show=False, id="status-cancel-q", tooltip="Close, changing nothing"),
        Binding("j", "move(1)", "Down", show=False, id="status-down", tooltip="Next status"),
        Binding("k", "move(-1)", "Up", show=False, id="status-up", tooltip="Status above"),
        # Fixed keys: they are shown beside each status.
        *(Binding(key, f"pick({key!r})", show=False) for key in STATUS_KEYS),
    ]

    def __init__(self, title: str, current: Status | None, follow_up: _dt.date | None, today: _dt.date) -> None:
        super().__init__()
        self.title_text = title
        self.current = current
        self.follow_up = follow_up
        self.today = today

    def compose(self) -> ComposeResult:
        with Vertical(id="status-box", classes="modal-box"):
            yield Label(Text(f"Status: {clean_line(self.title_text, 200)}"), classes="modal-title")
            options = []
            for key, status in STATUS_KEYS.items():
                prompt = Text.assemble((key, "bold"), "  ", status.label if status else "no status (clear)")
                if status == self.current:
                    prompt.append("  ● now", style="italic")
                options.append(Option(prompt, id=key))
            yield OptionList(*options, id="status-options")
            with Horizontal(id="follow-up-row"):
                yield Label(Text("Follow up on"), id="follow-up-label")
                yield Input(
                    self.follow_up.isoformat() if self.follow_up else "",
                    placeholder="+7d, +2w, fri, 2026-12-11; empty: none",
                    id="follow-up",
                )
            yield Static(id="follow-up-when")
            yield Label(Text("letter or Enter picks · Tab: date · Esc cancels"), classes="modal-hint")

    def on_mount(self) -> None:
        keys = list(STATUS_KEYS)
        at = keys.index(next(k for k, s in STATUS_KEYS.items() if s == self.current)) if self.current else 0
        self.options.highlighted = at
        self.show_date()

    @property
    def options(self) -> OptionList:
        return self.query_one("#status-options", OptionList)

    @property
    def date_input(self) -> Input:
        return self.query_one("#follow-up", Input)

    def date(self) -> _dt.date | None:
        """The follow-up date typed (None: none). ValueError if it is not one."""
        text = self.date_input.value
        return parse_follow_up(text, self.today) if text.strip() else None

    def show_date(self) -> bool:
        """Say what the date typed is; False if it is not one."""
        shown = self.query_one("#follow-up-when", Static)
        try:
            day = self.date()
        except ValueError as why:
            shown.update(Text(str(why)))
            shown.add_class("-error")
            return False
        shown.update(Text(f"→ {when(day, self.today)}" if day else "no follow-up"))
        shown.remove_class("-error")
        return True

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        self.show_date()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.answer(self.current)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id is not None:
            self.answer(STATUS_KEYS[event.option.id])

    def action_pick(self, key: str) -> None:
        self.options.highlighted = list(STATUS_KEYS).index(key)
        self.answer(STATUS_KEYS[key])

    def action_move(self, delta: int) -> None:
        if delta > 0:
            self.options.action_cursor_down()
        else:
            self.options.action_cursor_up()

    def answer(self, status: Status | None) -> None:
        """Dismiss with ``status``, if the date typed is one (else say why
        and go there)."""
        if not self.show_date():
            self.app.bell()
            self.date_input.focus()
            return
        day = self.date()
        self.dismiss(Picked(status, status != self.current, day, day != self.follow_up))

    def action_cancel(self) -> None:
        self.dismiss(None)


# -- the organizations hidden ------------------------------------------------------
_NONE_HIDDEN = "No organization hidden: X on a posting hides its organization"


class BlocklistScreen(ModalScreen[None]):
    """The organizations hidden from the board; Enter, d or Delete shows
    the highlighted one again (``unblock``)."""

    AUTO_FOCUS = "#blocked-list"
    DEFAULT_CSS = """
    BlocklistScreen #blocked-list {
        height: auto;
        max-height: 20;
    }
    BlocklistScreen #blocked-none {
        width: 1fr;
    }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q", "close", "Close", id="blocked-close", tooltip="Close this window"),
        Binding("d,delete", "unblock", "Show again", id="blocked-unblock", tooltip="Show the organization again"),
        Binding("j", "move(1)", "Down", show=False, id="blocked-down", tooltip="Next organization"),
        Binding("k", "move(-1)", "Up", show=False, id="blocked-up", tooltip="Organization above"),
    ]

    def __init__(self, names: list[str], unblock: Callable[[str], bool]) -> None:
        super().__init__()
        self.names = list(names)
        self.unblock = unblock

    def compose(self) -> ComposeResult:
        with Vertical(id="blocked-box", classes="modal-box"):
            yield Label(self.title_line(), id="blocked-title", classes="modal-title")
            yield OptionList(*(Text(clean_line(name)) for name in self.names), id="blocked-list")
            yield Label(Text(_NONE_HIDDEN), id="blocked-none")
            yield Label(id="blocked-hint", classes="modal-hint")

    def on_mount(self) -> None:
        self.show_empty()

    def title_line(self) -> Text:
        count = len(self.names)
        return Text(f"Hidden organizations ({count:,})" if count else "Hidden organizations")

    def show_empty(self) -> None:
        empty = not self.names
        self.query_one("#blocked-list").display = not empty
        self.query_one("#blocked-none").display = empty
        hint = "Esc closes" if empty else "Enter or d shows it again · Esc closes"
        self.query_one("#blocked-hint", Label).update(Text(hint))

    @property
    def options(self) -> OptionList:
        return self.query_one("#blocked-list", OptionList)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.unblock_at(event.option_index)

    def action_unblock(self) -> None:
        at = self.options.highlighted
        if at is not None:
            self.unblock_at(at)

    def unblock_at(self, at: int) -> None:
        name = self.names[at]
        shown = clean_line(name, 80)
        try:
            was = self.unblock(name)
        except (MarksError, ValueError) as why:
            _say(self, str(why), "Hidden organizations", "error")
            return
        _say(self, f"Showing {shown} again" if was else f"{shown} was not hidden any more", "Organizations")
        del self.names[at]
        options = self.options
        options.remove_option_at_index(at)
        if self.names:
            options.highlighted = min(at, len(self.names) - 1)
        self.query_one("#blocked-title", Label).update(self.title_line())
        self.show_empty()

    def action_move(self, delta: int) -> None:
        if delta > 0:
            self.options.action_cursor_down()
        else:
            self.options.action_cursor_up()

    def action_close(self) -> None:
        self.dismiss(None)
