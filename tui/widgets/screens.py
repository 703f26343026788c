"""Modal screens: help (made from the live bindings), link picker, problems."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import ClassVar

from rich.segment import Segment
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.geometry import Size
from textual.keys import key_to_character
from textual.screen import ModalScreen
from textual.scroll_view import ScrollView
from textual.strip import Strip
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


#: Narrower than this, the help leaves out the binding ids (they are for config.toml).
HELP_IDS_FROM = 90


def help_table(sections: Sequence[HelpSection], ids: bool) -> Table:
    """Every section in one table, so that the columns line up across them."""
    table = Table.grid(padding=(0, 2))
    table.add_column(min_width=10, max_width=16, style="bold")
    table.add_column()
    if ids:
        table.add_column(style="dim", no_wrap=True)
    for n, (title, rows) in enumerate(sections):
        if n:
            table.add_row("")
        table.add_row(Text(title, style="bold underline"))
        for keys, description, binding_id in rows:
            cells = [Text(key_label(keys)), Text(description)]
            table.add_row(*cells, *([Text(binding_id)] if ids else []))
    return table


class HelpScreen(ModalScreen[None]):
    """Every key, from the bindings the app and its widgets really have."""

    AUTO_FOCUS = "#help-scroll"
    BINDINGS: ClassVar[list[BindingType]] = [
        *CLOSE,
        Binding("question_mark", "dismiss", "Close", show=False, id="help-close"),
        Binding("j,down", "scroll(1)", "Down", show=False, id="help-down", tooltip="Scroll down"),
        Binding("k,up", "scroll(-1)", "Up", show=False, id="help-up", tooltip="Scroll up"),
        Binding("space,pagedown,ctrl+d", "page(1)", "Page", show=False, id="help-page-down", tooltip="Page down"),
        Binding("b,pageup,ctrl+u", "page(-1)", "Page up", show=False, id="help-page-up", tooltip="Page up"),
        Binding("g,home", "edge(0)", "Top", show=False, id="help-top", tooltip="Top"),
        Binding("G,end", "edge(1)", "End", show=False, id="help-end", tooltip="End"),
    ]

    def __init__(self, sections: Sequence[HelpSection]) -> None:
        super().__init__()
        self.sections = sections
        self._ids: bool | None = None
        self.table = help_table(sections, True)  # as shown (made again for the width)

    def compose(self) -> ComposeResult:
        with Vertical(id="help-box", classes="modal-box"):
            yield Label(Text("Keys"), classes="modal-title")
            with VerticalScroll(id="help-scroll"):
                yield Static(id="help-keys")
            yield Label(
                Text("j k g G Space · Esc closes · remap in config.toml [keys]"),
                classes="modal-hint",
            )

    def on_resize(self) -> None:
        self.query_one("#help-box").styles.width = "100%" if self.size.width < 80 else "90%"
        # The box is 90% high at most: its borders, title and hint take 6 lines.
        self.scroller.styles.max_height = max(3, min(30, int(self.size.height * 0.9) - 6))
        ids = self.size.width >= HELP_IDS_FROM
        if ids != self._ids:
            self._ids = ids
            self.table = help_table(self.sections, ids)
            self.query_one("#help-keys", Static).update(self.table)

    @property
    def scroller(self) -> VerticalScroll:
        return self.query_one("#help-scroll", VerticalScroll)

    def action_scroll(self, lines: int) -> None:
        self.scroller.scroll_relative(y=lines, animate=False)

    def action_page(self, direction: int) -> None:
        scroller = self.scroller
        scroller.scroll_relative(y=direction * max(1, scroller.size.height - 1), animate=False)

    def action_edge(self, end: int) -> None:
        scroller = self.scroller
        scroller.scroll_to(y=scroller.max_scroll_y if end else 0, animate=False)


class LinkPicker(ModalScreen[tuple[str, str] | None]):
    """Pick one of a posting's links: ("copy" or "open", its url), None if none."""

    AUTO_FOCUS = "*"
    BINDINGS: ClassVar[list[BindingType]] = [
        *CLOSE,
        Binding("j", "move(1)", "Down", show=False, id="link-down", tooltip="Next link"),
        Binding("k", "move(-1)", "Up", show=False, id="link-up", tooltip="Link above"),
        Binding("o", "pick('open')", "Open", id="link-open", tooltip="Open the link in the browser"),
        Binding("y", "pick('copy')", "Copy", id="link-copy", tooltip="Copy the link"),
    ]

    def __init__(self, links: Iterable[Link], title: str) -> None:
        super().__init__()
        self.links = list(links)
        self.title_text = title

    def compose(self) -> ComposeResult:
        with Vertical(id="link-box", classes="modal-box"):
            yield Label(Text(f"Which link? {self.title_text}"), classes="modal-title")
            options = []
            for n, link in enumerate(self.links):
                prompt = Text(link.url, style="bold")
                if link.label and link.label != link.url:
                    prompt.append("\n  " + link.label, style="dim")
                if n == 0:
                    prompt.append("  (application link)", style="italic")
                options.append(Option(prompt, id=str(n)))
            yield OptionList(*options, id="link-options")
            yield Label(Text("Enter or y copies · o opens · j/k move · Esc cancels"), classes="modal-hint")

    @property
    def options(self) -> OptionList:
        return self.query_one(OptionList)

    def action_move(self, delta: int) -> None:
        if delta > 0:
            self.options.action_cursor_down()
        else:
            self.options.action_cursor_up()

    def action_pick(self, how: str) -> None:
        at = self.options.highlighted
        if at is not None:
            self.dismiss((how, self.links[at].url))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(("copy", self.links[event.option_index].url))

    def action_dismiss(self, result: object = None) -> None:  # type: ignore[override]
        self.dismiss(None)


class ProblemLines(ScrollView, can_focus=True):
    """Lines of text drawn only where they are on screen (Textual's Line API):
    half a million problems open and scroll as a few do. Each line is made
    visible (a file name may hold anything) as it is drawn."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j,down", "scroll_down", "Down", show=False, id="problems-down", tooltip="Scroll down"),
        Binding("k,up", "scroll_up", "Up", show=False, id="problems-up", tooltip="Scroll up"),
        Binding("l,right", "scroll_right", "Right", show=False, id="problems-right", tooltip="Scroll right"),
        Binding("h,left", "scroll_left", "Left", show=False, id="problems-left", tooltip="Scroll left"),
        Binding("space,pagedown,ctrl+d", "page_down", "Page", show=False, id="problems-page-down", tooltip="Page down"),
        Binding("b,pageup,ctrl+u", "page_up", "Page up", show=False, id="problems-page-up", tooltip="Page up"),
        Binding("g,home", "scroll_home", "Top", show=False, id="problems-top", tooltip="Top"),
        Binding("G,end", "scroll_end", "End", show=False, id="problems-end", tooltip="End"),
    ]

    def __init__(self, lines: Sequence[str], id: str | None = None) -> None:
        super().__init__(id=id)
        self.lines = lines
        # Wide enough for the longest line (characters, not cells: close
        # enough to scroll by, and one pass of len() over half a million).
        self.virtual_size = Size(max(map(len, lines), default=0), len(lines))

    def action_scroll_home(self) -> None:
        self.scroll_to(x=0, y=0, animate=False)

    def action_scroll_end(self) -> None:
        self.scroll_to(x=0, y=self.max_scroll_y, animate=False)

    def render_line(self, y: int) -> Strip:
        scroll_x, scroll_y = self.scroll_offset
        width = self.scrollable_content_region.width
        style = self.rich_style
        number = scroll_y + y
        if number >= len(self.lines):
            return Strip.blank(width, style)
        text = visible(self.lines[number])
        return Strip([Segment(text, style)]).crop_extend(scroll_x, scroll_x + width, style)


class ProblemsScreen(ModalScreen[None]):
    """Files that could not be read, or only partly, and why."""

    AUTO_FOCUS = "#problems-list"
    BINDINGS: ClassVar[list[BindingType]] = CLOSE

    def __init__(self, problems: Sequence[str]) -> None:
        super().__init__()
        self.problems = problems

    def compose(self) -> ComposeResult:
        with Vertical(id="problems-box", classes="modal-box"):
            count = len(self.problems)
            title = f"{count:,} problem{'s' if count != 1 else ''} reading the postings"
            yield Label(Text(title), classes="modal-title")
            lines = self.problems or ["Every file was read without a problem."]
            yield ProblemLines(lines, id="problems-list")
            yield Label(Text("j k g G Space · Esc closes"), classes="modal-hint")

    def on_resize(self) -> None:
        # The box is 90% high at most: its borders, title and hint take 6 lines.
        lines = self.query_one(ProblemLines)
        lines.styles.max_height = max(3, min(30, int(self.size.height * 0.9) - 6))
