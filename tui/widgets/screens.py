"""Modal screens: help (made from the live bindings), link picker, problems."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import ClassVar

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.keys import key_to_character
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList, Static
from textual.widgets.option_list import Option

from tui.posting import Link
from tui.text import visible

CLOSE: list[BindingType] = [
    Binding("escape,q", "dismiss", "Close", id="close", tooltip="Close this window"),
]

#: (section title, [(keys, description, binding id)])
HelpSection = tuple[str, list[tuple[str, str, str]]]


def key_label(keys: str) -> str:
    names = {
        "slash": "/",
        "question_mark": "?",
        "escape": "Esc",
        "enter": "Enter",
        "space": "Space",
        "pageup": "PgUp",
        "pagedown": "PgDn",
        "home": "Home",
        "end": "End",
        "up": "↑",
        "down": "↓",
        "tab": "Tab",
        "shift+tab": "Shift+Tab",
    }
    out = []
    for key in keys.split(","):
        key = key.strip()
        if key.startswith("ctrl+"):
            out.append("Ctrl+" + key[5:].upper())
        elif key.startswith("super+"):
            out.append("Super+" + key[6:].upper())
        elif key in names:
            out.append(names[key])
        else:
            char = key_to_character(key)
            out.append(char if char and char.isprintable() else key)
    return " ".join(out)


class HelpScreen(ModalScreen[None]):
    """Every key, from the bindings the app and its widgets really have."""

    AUTO_FOCUS = "*"
    BINDINGS: ClassVar[list[BindingType]] = [
        *CLOSE,
        Binding("question_mark", "dismiss", "Close", show=False, id="help-close"),
    ]

    def __init__(self, sections: Sequence[HelpSection]) -> None:
        super().__init__()
        self.sections = sections

    def compose(self) -> ComposeResult:
        with Vertical(id="help-box", classes="modal-box"):
            yield Label(Text("Keys"), classes="modal-title")
            with VerticalScroll():
                for title, rows in self.sections:
                    table = Table.grid(padding=(0, 2))
                    table.add_column(min_width=14, style="bold")
                    table.add_column()
                    table.add_column(style="dim")
                    for keys, description, binding_id in rows:
                        table.add_row(Text(key_label(keys)), Text(description), Text(binding_id))
                    yield Label(Text(title), classes="help-section")
                    yield Static(table)
            yield Label(
                Text('Remap a key in config.toml under [keys]: binding id = "key". Esc closes.'),
                classes="modal-hint",
            )


class LinkPicker(ModalScreen[str | None]):
    """Pick one of a posting's links to copy."""

    AUTO_FOCUS = "*"
    BINDINGS: ClassVar[list[BindingType]] = CLOSE

    def __init__(self, links: Iterable[Link], title: str) -> None:
        super().__init__()
        self.links = list(links)
        self.title_text = title

    def compose(self) -> ComposeResult:
        with Vertical(id="link-box", classes="modal-box"):
            yield Label(Text(f"Copy which link? {self.title_text}"), classes="modal-title")
            options = []
            for n, link in enumerate(self.links):
                prompt = Text(link.url, style="bold")
                if link.label and link.label != link.url:
                    prompt.append("\n  " + link.label, style="dim")
                if n == 0:
                    prompt.append("  (application link)", style="italic")
                options.append(Option(prompt, id=str(n)))
            yield OptionList(*options, id="link-options")
            yield Label(Text("Enter copies · Esc cancels"), classes="modal-hint")

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(self.links[event.option_index].url)

    def action_dismiss(self, result: object = None) -> None:  # type: ignore[override]
        self.dismiss(None)


class ProblemsScreen(ModalScreen[None]):
    """Files that could not be read, or only partly, and why."""

    AUTO_FOCUS = "*"
    BINDINGS: ClassVar[list[BindingType]] = CLOSE

    def __init__(self, problems: Sequence[str]) -> None:
        super().__init__()
        self.problems = problems

    def compose(self) -> ComposeResult:
        with Vertical(id="problems-box", classes="modal-box"):
            count = len(self.problems)
            yield Label(Text(f"{count} problem{'s' if count != 1 else ''} reading the postings"), classes="modal-title")
            with VerticalScroll():
                lines = map(visible, self.problems)  # each one line, whatever a file name holds
                text = Text("\n".join(lines) if self.problems else "Every file was read without a problem.")
                yield Static(text, id="problems-text")
            yield Label(Text("Esc closes"), classes="modal-hint")
