"""The job hunt as a board: a column per status, a card per posting marked.

:class:`PipelineScreen` shows the :class:`Card` of each posting the user has
marked in the column of its status (saved, applied, interviewing, offer,
rejected, withdrawn; "not interested" has none), and moves the focused card
to the column before or after it with ``H`` / ``L`` through the ``move``
callback it is given, which saves the mark. It dismisses with the id of the
posting to open (Enter), or None.

The board is one widget that draws only the lines on screen (Textual's Line
API): a thousand cards cost what ten do. Everything on a card comes from a
posting, which anyone can write: it is made with Rich ``Text`` from plain
strings (never markup), each name shown with :func:`tui.text.visible`, on one
line cut at the card's width.
"""

from __future__ import annotations

import datetime as _dt
from bisect import bisect_right
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import ClassVar

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.strip import Strip

from tui.marks import MarksError, Status
from tui.text import visible
from tui.widgets.base import LineWidget
from tui.widgets.status_bar import text_segments

__all__ = ["COLUMNS", "Card", "PipelineBoard", "PipelineKeys", "PipelineScreen"]

#: The board's columns, in the order of a hunt.
COLUMNS: tuple[Status, ...] = (
    Status.SAVED,
    Status.APPLIED,
    Status.INTERVIEWING,
    Status.OFFER,
    Status.REJECTED,
    Status.WITHDRAWN,
)
#: A column is never narrower than this (fewer are shown, and scrolled to).
MIN_COLUMN = 18
#: Lines above the cards: the title, the columns' names, a rule.
HEAD = 3
#: A name is cut to this many characters before it is measured (a title of a megabyte).
LONGEST = 300
EMPTY = "Nothing marked yet: f saves a posting, a marks it applied"


@dataclass(frozen=True)
class Card:
    """One posting on the board: its status, since when, and its follow-up
    (``due``: on or before today)."""

    id: str
    org: str
    role: str
    status: Status
    since: _dt.date | None = None
    follow_up: _dt.date | None = None
    due: bool = False


Move = Callable[[str, Status], Card | None]


def short_date(day: _dt.date, today: _dt.date) -> str:
    """``5 Mar``, with the year when it is not this year's."""
    shown = f"{day.day} {day:%b}"
    return shown if day.year == today.year else f"{shown} {day.year}"


def card_order(card: Card) -> tuple[bool, int, str, str, str]:
    """Newest first, undated last, then by organization and role."""
    since = -card.since.toordinal() if card.since else 0
    return (card.since is None, since, card.org.casefold(), card.role.casefold(), card.id)


def card_height(card: Card) -> int:
    """Its lines: organization, role, the status's date, the follow-up."""
    return 2 + (card.since is not None) + (card.follow_up is not None)


def one_line(text: str) -> str:
    """A name from a posting as one line that shows every character as it is."""
    text = visible(text[:LONGEST]).strip()
    return text or "—"


def fitted(options: Sequence[str], width: int) -> str:
    """The first of ``options`` that fits ``width`` cells, else the last."""
    for option in options:
        if Text(option).cell_len <= width:
            return option
    return options[-1]


BOARD_CSS = """
    PipelineBoard {
        height: 1fr;
        background: $surface;
    }
    PipelineBoard > .pipeline--title {
        background: $panel;
        color: $foreground;
        text-style: bold;
    }
    PipelineBoard > .pipeline--more {
        background: $panel;
        color: $accent;
        text-style: bold;
    }
    PipelineBoard > .pipeline--header {
        color: $text-muted;
        text-style: bold;
    }
    PipelineBoard > .pipeline--header-focused {
        color: $accent;
        text-style: bold;
    }
    PipelineBoard > .pipeline--rule {
        color: $foreground 25%;
    }
    PipelineBoard > .pipeline--card {
        background: $panel;
        color: $foreground;
    }
    PipelineBoard > .pipeline--card-focused {
        background: $block-cursor-background;
        color: $block-cursor-foreground;
    }
    App:nocolor PipelineBoard > .pipeline--card-focused {
        text-style: reverse;
    }
    PipelineBoard > .pipeline--bar {
        color: $accent;
    }
    PipelineBoard > .pipeline--date {
        color: $text-muted;
    }
    PipelineBoard > .pipeline--due {
        color: $warning;
        text-style: bold;
    }
    PipelineBoard > .pipeline--faint {
        color: $text-disabled;
        text-style: italic;
    }
    """


class PipelineBoard(LineWidget, can_focus=True):
    """The columns and their cards, drawn a line at a time.

    It keeps the cards of each column sorted (:func:`card_order`), which
    card has the focus (a column and a place in it), the first column shown
    and how far each column is scrolled."""

    DEFAULT_CSS = BOARD_CSS

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "pipeline--title",
        "pipeline--more",
        "pipeline--header",
        "pipeline--header-focused",
        "pipeline--rule",
        "pipeline--card",
        "pipeline--card-focused",
        "pipeline--bar",
        "pipeline--date",
        "pipeline--due",
        "pipeline--faint",
    }

    def __init__(self, cards: Iterable[Card], today: _dt.date, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.today = today
        self.columns: list[list[Card]] = [[] for _ in COLUMNS]
        self.tops: list[list[int]] = [[] for _ in COLUMNS]  # each card's first line in its column
        self.heights: list[int] = [0 for _ in COLUMNS]
        self.offsets: list[int] = [0 for _ in COLUMNS]  # each column's first line shown
        self.first = 0  # the first column shown
        self.column = 0  # the focused card's column, and its place there
        self.row = 0
        self.drawn: dict[tuple[Card, int, bool], list[Strip]] = {}
        self.names: dict[str, tuple[str, str]] = {}
        unique = {card.id: card for card in cards}
        for card in unique.values():
            if card.status in COLUMNS:
                self.columns[COLUMNS.index(card.status)].append(card)
        for n in range(len(COLUMNS)):
            self.sort_column(n)
        self.column = next((n for n, column in enumerate(self.columns) if column), 0)

    # -- what is where ------------------------------------------------------------
    @property
    def count(self) -> int:
        return sum(map(len, self.columns))

    @property
    def current(self) -> Card | None:
        """The focused card (None on an empty board)."""
        column = self.columns[self.column]
        return column[self.row] if 0 <= self.row < len(column) else None

    def sort_column(self, n: int) -> None:
        """Sort column ``n`` and place its cards, a line between each two."""
        column = self.columns[n]
        column.sort(key=card_order)
        tops, line = [], 0
        for card in column:
            tops.append(line)
            line += card_height(card) + 1
        self.tops[n] = tops
        self.heights[n] = max(0, line - 1)

    def place(self, card_id: str) -> tuple[int, int] | None:
        for n, column in enumerate(self.columns):
            for row, card in enumerate(column):
                if card.id == card_id:
                    return n, row
        return None

    def shown_count(self, width: int | None = None) -> int:
        """How many columns fit ``width`` cells (one cell between two)."""
        width = self.size.width if width is None else width
        return max(1, min(len(COLUMNS), (width + 1) // (MIN_COLUMN + 1)))

    def widths(self) -> list[int]:
        shown = self.shown_count()
        room = max(shown, self.size.width - (shown - 1))
        base, extra = divmod(room, shown)
        return [base + (1 if n < extra else 0) for n in range(shown)]

    @property
    def card_lines(self) -> int:
        """Lines for cards under the head."""
        return max(1, self.size.height - HEAD)

    # -- moving the focus ---------------------------------------------------------
    def keep_in_view(self) -> None:
        """Scroll so that the focused card and its column are on screen."""
        shown = self.shown_count()
        if self.column < self.first:
            self.first = self.column
        elif self.column >= self.first + shown:
            self.first = self.column - shown + 1
        self.first = max(0, min(self.first, len(COLUMNS) - shown))
        card = self.current
        if card is not None:
            top = self.tops[self.column][self.row]
            bottom = top + card_height(card)
            offset = self.offsets[self.column]
            if bottom > offset + self.card_lines:
                offset = bottom - self.card_lines
            if top < offset:
                offset = top
            self.offsets[self.column] = offset
        for n in range(len(COLUMNS)):  # a column that got shorter is not scrolled past its end
            most = max(0, self.heights[n] - self.card_lines)
            self.offsets[n] = max(0, min(self.offsets[n], most))
        self.refresh()

    def focus_card(self, column: int, row: int) -> None:
        self.column = column
        self.row = max(0, min(row, len(self.columns[column]) - 1))
        self.keep_in_view()

    def step_column(self, direction: int) -> bool:
        """To the nearest card in the next column that has one; False if none does."""
        n = self.column + direction
        while 0 <= n < len(COLUMNS) and not self.columns[n]:
            n += direction
        if not 0 <= n < len(COLUMNS):
            return False
        # The card whose top is nearest the focused one's, on screen.
        at = (self.tops[self.column][self.row] - self.offsets[self.column]) if self.current else 0
        target = at + self.offsets[n]
        tops = self.tops[n]
        row = max(0, bisect_right(tops, target) - 1)
        if row + 1 < len(tops) and tops[row + 1] - target < target - tops[row]:
            row += 1
        self.focus_card(n, row)
        return True

    def step_card(self, delta: int) -> bool:
        column = self.columns[self.column]
        row = max(0, min(self.row + delta, len(column) - 1))
        if not column or row == self.row:
            return False
        self.focus_card(self.column, row)
        return True

    def edge(self, end: bool) -> None:
        if self.columns[self.column]:
            self.focus_card(self.column, len(self.columns[self.column]) - 1 if end else 0)

    def replace(self, card_id: str, card: Card | None) -> None:
        """``card_id``'s card is now ``card`` (None: off the board); the focus follows it."""
        found = self.place(card_id)
        if found is not None:
            n, row = found
            del self.columns[n][row]
            self.sort_column(n)
        if card is not None and card.status in COLUMNS:
            n = COLUMNS.index(card.status)
            self.columns[n].append(card)
            self.sort_column(n)
            self.focus_card(n, self.columns[n].index(card))
        elif found is not None:
            self.focus_card(found[0], found[1])
        if len(self.drawn) > 4096:
            self.drawn.clear()

    def card_at(self, x: int, y: int) -> tuple[int, int] | None:
        """The column and place of the card drawn at ``x``, ``y`` (None: no card there)."""
        if y < HEAD:
            return None
        for k, width in enumerate(self.widths()):
            if x < width:
                n = self.first + k
                line = self.offsets[n] + y - HEAD
                row = bisect_right(self.tops[n], line) - 1
                if row >= 0 and line < self.tops[n][row] + card_height(self.columns[n][row]):
                    return n, row
                return None
            x -= width + 1
        return None

    def on_click(self, event: events.Click) -> None:
        found = self.card_at(event.x, event.y)
        if found is not None:
            self.focus_card(*found)

    # -- drawing ------------------------------------------------------------------
    def on_resize(self) -> None:
        self.drawn.clear()
        self.keep_in_view()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self.drawn = {}

    def style_of(self, name: str) -> Style:
        """A component's style: the cards' and the title's with their
        background, the others' only their colour and weight (drawn on a
        card or on the board, whichever is under them)."""
        style = self.get_component_rich_style(f"pipeline--{name}")
        if name in ("card", "card-focused", "title", "more"):
            return style
        return Style(color=style.color, bold=style.bold, italic=style.italic)

    def column_line(self, n: int, y: int, width: int) -> Strip:
        """Line ``y`` of column ``n``'s cards."""
        base = self.kept_style
        column = self.columns[n]
        if not column:
            if y == 0:
                text = Text(" nothing yet", style=self.style_of("faint"))
                text.truncate(width, overflow="ellipsis", pad=True)
                return Strip(text_segments(text, self.app.console, base), width)
            return Strip.blank(width, base)
        line = self.offsets[n] + y
        row = bisect_right(self.tops[n], line) - 1
        if row < 0:
            return Strip.blank(width, base)
        card = column[row]
        at = line - self.tops[n][row]
        if at >= card_height(card):
            return Strip.blank(width, base)
        focused = n == self.column and row == self.row
        return card_strips(self, card, width, focused)[at]

    def title_line(self, width: int) -> Strip:
        base = self.kept_style
        title_style = base + self.style_of("title")
        more_style = base + self.style_of("more")
        shown = self.shown_count(width)
        before, after = self.first, max(0, len(COLUMNS) - self.first - shown)
        left = f" ‹ {before} more " if before else ""
        right = f" {after} more › " if after else ""
        due = sum(1 for column in self.columns for card in column if card.due or self.is_due(card))
        count = self.count
        postings = f"{count:,} posting{'s' if count != 1 else ''}"
        dues = f"{due} follow-up{'s' if due != 1 else ''} due" if due else ""
        room = max(0, width - len(left) - len(right))
        options = [f" Job hunt · {postings}" + (f" · {dues}" if dues else "")]
        if dues:
            options.append(f" {postings} · {due} due")
        options.append(f" {postings}")
        title = Text(fitted(options, room), style=title_style)
        title.truncate(room, overflow="ellipsis", pad=True)
        segments = [Segment(left, more_style), *text_segments(title, self.app.console, title_style)]
        segments.append(Segment(right, more_style))
        return Strip(segments).crop_extend(0, width, title_style)

    def is_due(self, card: Card) -> bool:
        return card.follow_up is not None and card.follow_up <= self.today

    def head_line(self, n: int, width: int) -> Strip:
        focused = n == self.column
        style = self.style_of("header-focused" if focused else "header")
        text = Text(" " + COLUMNS[n].label, style=style)
        count = f" {len(self.columns[n]):,}"
        text.truncate(max(1, width - len(count)), overflow="ellipsis")
        text.append(count, style=self.style_of("date"))
        text.truncate(width, overflow="ellipsis", pad=True)
        return Strip(text_segments(text, self.app.console, self.kept_style), width)

    def rule_line(self, n: int, width: int) -> Strip:
        base = self.kept_style
        style = base + self.style_of("header-focused" if n == self.column else "rule")
        marks = ("▲" if self.offsets[n] > 0 else "") + (
            "▼" if self.heights[n] > self.offsets[n] + self.card_lines else ""
        )
        line = "━" if n == self.column else "─"
        return Strip([Segment(line * (width - len(marks)) + marks, style)], width)

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        if not self.count:
            return empty_line(self, y, width)
        if y == 0:
            return self.title_line(width)
        widths = self.widths()
        gap = Strip.blank(1, self.kept_style)
        strips: list[Strip] = []
        for k, column_width in enumerate(widths):
            n = self.first + k
            if k:
                strips.append(gap)
            if y == 1:
                strips.append(self.head_line(n, column_width))
            elif y == 2:
                strips.append(self.rule_line(n, column_width))
            else:
                strips.append(self.column_line(n, y - HEAD, column_width))
        return Strip.join(strips).crop_extend(0, width, self.kept_style)


def shown_names(board: PipelineBoard, card: Card) -> tuple[str, str]:
    names = board.names.get(card.id)
    if names is None or len(board.names) > 4096:
        if names is None and len(board.names) > 4096:
            board.names.clear()
        names = board.names[card.id] = (one_line(card.org), one_line(card.role))
    return names


def card_strips(board: PipelineBoard, card: Card, width: int, focused: bool) -> list[Strip]:
    """The card's lines, ``width`` cells each."""
    key = (card, width, focused)
    strips = board.drawn.get(key)
    if strips is not None:
        return strips
    console = board.app.console
    base = board.style_of("card-focused" if focused else "card")
    inner = max(1, width - 2)
    org, role = shown_names(board, card)
    lines = [Text(org, style="bold"), Text(role)]
    dates = Style() if focused else board.style_of("date")  # on the cursor, its own colour
    if card.since is not None:
        when = short_date(card.since, board.today)
        verb = card.status.label.lower()
        lines.append(Text(fitted([f"{verb} {when}", f"since {when}", when], inner), style=dates))
    if card.follow_up is not None:
        when = short_date(card.follow_up, board.today)
        due = card.due or card.follow_up <= board.today
        words = [f"follow up {when}", f"follow {when}", when]
        style = board.style_of("due") if due else dates
        lines.append(Text(fitted([f"! {w}" for w in words] if due else words, inner), style=style))
    bar = Segment("▌" if focused else " ", base + board.style_of("bar") if focused else base)
    strips = []
    for text in lines:
        text.truncate(inner, overflow="ellipsis", pad=True)
        strips.append(Strip([bar, *text_segments(text, console, base), Segment(" ", base)], width))
    board.drawn[key] = strips
    return strips


def empty_line(board: PipelineBoard, y: int, width: int) -> Strip:
    """The board with no card: what marks one."""
    base = board.kept_style
    if y == 0:
        title = Text(" Job hunt", style=board.style_of("title"))
        title.truncate(width, pad=True)
        return Strip(text_segments(title, board.app.console, base + board.style_of("title")), width)
    lines = [EMPTY] if len(EMPTY) <= width else [part.strip() for part in EMPTY.split(":")]
    top = max(1, (board.size.height - len(lines)) // 2)
    if top <= y < top + len(lines):
        text = Text(lines[y - top], style=board.style_of("faint"))
        text.truncate(width, overflow="ellipsis")
        pad = max(0, (width - text.cell_len) // 2)
        text = Text(" " * pad) + text
        text.truncate(width, pad=True)
        return Strip(text_segments(text, board.app.console, base), width)
    return Strip.blank(width, base)


class PipelineKeys(LineWidget):
    """The keys of the board, on the bottom line, as many as fit."""

    DEFAULT_CSS = """
    PipelineKeys {
        dock: bottom;
        height: 1;
        color: $footer-description-foreground;
        background: $footer-background;
    }
    PipelineKeys > .pipeline-keys--key {
        color: $footer-key-foreground;
        text-style: bold;
    }
    """

    COMPONENT_CLASSES: ClassVar[set[str]] = {"pipeline-keys--key"}

    #: From the longest to the shortest: (key, what it does) each.
    HINTS: ClassVar[list[list[tuple[str, str]]]] = [
        [
            ("h l ← →", "column"),
            ("j k ↑ ↓", "card"),
            ("H L < >", "move card"),
            ("g G", "first/last"),
            ("Enter", "open"),
            ("Esc", "close"),
        ],
        [("h l", "column"), ("j k", "card"), ("H L < >", "move card"), ("Enter", "open"), ("Esc", "close")],
        [("hl", "column"), ("jk", "card"), ("HL", "move"), ("Enter", "open"), ("q", "close")],
    ]

    def hint(self, width: int) -> Text:
        key = self.get_component_rich_style("pipeline-keys--key")
        boards = self.screen.query(PipelineBoard)
        empty = not boards or not boards.first().count
        for hints in [[("Esc", "close")]] if empty else self.HINTS:
            text = Text()
            for n, (keys, what) in enumerate(hints):
                text.append("  " if n else " ")
                text.append(keys, style=key)
                text.append(" " + what)
            if text.cell_len <= width:
                return text
        return text

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        text = self.hint(width)
        text.truncate(width, overflow="ellipsis", pad=True)
        return Strip(text_segments(text, self.app.console, self.kept_style), width)


class PipelineScreen(Screen[str | None]):
    """The postings marked, a column per status. Dismisses with the id of
    the posting to open (Enter), or None (Esc, q)."""

    AUTO_FOCUS = "PipelineBoard"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("h,left", "column(-1)", "Column", show=False, id="pipeline-left", tooltip="The column before"),
        Binding("l,right", "column(1)", "Column", show=False, id="pipeline-right", tooltip="The column after"),
        Binding("j,down", "card(1)", "Card", show=False, id="pipeline-down", tooltip="The card below"),
        Binding("k,up", "card(-1)", "Card", show=False, id="pipeline-up", tooltip="The card above"),
        Binding("g,home", "edge(0)", "First", show=False, id="pipeline-first", tooltip="The column's first card"),
        Binding("G,end", "edge(1)", "Last", show=False, id="pipeline-last", tooltip="The column's last card"),
        Binding(
            "H,shift+left,less_than_sign",
            "move(-1)",
            "Move",
            show=False,
            id="pipeline-move-back",
            tooltip="Move the card to the column before",
        ),
        Binding(
            "L,shift+right,greater_than_sign",
            "move(1)",
            "Move",
            show=False,
            id="pipeline-move-on",
            tooltip="Move the card to the column after",
        ),
        Binding("enter", "open", "Open", show=False, id="pipeline-open", tooltip="Open the posting"),
        Binding("escape,q", "close", "Close", show=False, id="pipeline-close", tooltip="Close the board"),
    ]

    def __init__(self, cards: Iterable[Card], move: Move, today: _dt.date) -> None:
        super().__init__()
        self.cards = list(cards)
        self.move = move
        self.today = today

    def compose(self) -> ComposeResult:
        yield PipelineBoard(self.cards, self.today, id="pipeline-board")
        yield PipelineKeys(id="pipeline-keys")

    @property
    def board(self) -> PipelineBoard:
        return self.query_one(PipelineBoard)

    def action_column(self, direction: int) -> None:
        self.board.step_column(direction)

    def action_card(self, delta: int) -> None:
        self.board.step_card(delta)

    def action_edge(self, end: int) -> None:
        self.board.edge(bool(end))

    def action_move(self, direction: int) -> None:
        board = self.board
        card = board.current
        if card is None:
            return
        n = COLUMNS.index(card.status) + direction
        if not 0 <= n < len(COLUMNS):
            self.app.bell()
            return
        try:
            moved = self.move(card.id, COLUMNS[n])
        except MarksError as exc:
            self.say(f"Not moved: {exc}")
            return
        if moved is None:
            self.say(f"Not moved to {COLUMNS[n].label}: the mark was not saved")
            return
        board.replace(card.id, moved)

    def say(self, message: str) -> None:
        self.app.notify(visible(message), severity="warning", markup=False)

    def action_open(self) -> None:
        card = self.board.current
        if card is not None:
            self.dismiss(card.id)

    def action_close(self) -> None:
        self.dismiss(None)
