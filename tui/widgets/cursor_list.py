"""A list that renders only the rows on screen (Textual's Line API), with a
cursor moved by keys and mouse. PostingTable and TagSidebar build on it.

Rows are drawn as segments directly, and a cursor move repaints just the two
rows it touches: holding j down stays smooth at any board size.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from typing import ClassVar

from rich.cells import cell_len, get_character_cell_size
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding, BindingType
from textual.geometry import Region, Size
from textual.reactive import reactive
from textual.strip import Strip

from tui.widgets.base import LineView

ELLIPSIS = "…"
#: Where a list's view is (its top row) and what each row in it shows.
InView = tuple[int, list[Hashable]]
#: Rows kept drawn at most (see :meth:`CursorList.row_key`).
CACHE_ROWS = 4000


def fit_text(text: str, width: int) -> tuple[str, int]:
    """``text`` cut with an ellipsis or padded to exactly ``width`` cells; and
    how many of its characters are shown."""
    if width <= 0:
        return "", 0
    if text.isascii():
        if len(text) <= width:
            return text + " " * (width - len(text)), len(text)
        return text[: width - 1] + ELLIPSIS, width - 1
    cells = cell_len(text)
    if cells <= width:
        return text + " " * (width - cells), len(text)
    used = kept = 0
    for char in text:
        size = get_character_cell_size(char)
        if used + size > width - 1:
            break
        used += size
        kept += 1
    return text[:kept] + ELLIPSIS + " " * (width - 1 - used), kept


def cell_segments(
    text: str,
    width: int,
    style: Style,
    spans: Sequence[tuple[int, int]] = (),
    match: Style | None = None,
) -> list[Segment]:
    """One cell of ``width`` cells, with ``spans`` of ``text`` in ``match`` style."""
    shown, kept = fit_text(text, width)
    if not spans or match is None:
        return [Segment(shown, style)]
    out: list[Segment] = []
    pos = 0
    for start, end in spans:
        start, end = max(start, pos), min(end, kept)
        if start >= end:
            continue
        if start > pos:
            out.append(Segment(shown[pos:start], style))
        out.append(Segment(shown[start:end], match))
        pos = end
    out.append(Segment(shown[pos:], style))
    return out


class CursorList(LineView, can_focus=True):
    """Rows drawn by :meth:`render_row`; ``header`` rows stay on top."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j,down", "cursor(1)", "Down", show=False, id="cursor-down", tooltip="Move down"),
        Binding("k,up", "cursor(-1)", "Up", show=False, id="cursor-up", tooltip="Move up"),
        Binding("g,home", "cursor_to(0)", "Top", show=False, id="cursor-top", tooltip="First row"),
        Binding("G,end", "cursor_to(-1)", "Bottom", show=False, id="cursor-bottom", tooltip="Last row"),
        Binding("pageup,ctrl+b", "page(-1)", "Page up", show=False, id="page-up", tooltip="One screen up"),
        Binding("pagedown,ctrl+f", "page(1)", "Page down", show=False, id="page-down", tooltip="One screen down"),
    ]

    COMPONENT_CLASSES: ClassVar[set[str]] = {"cursor-list--cursor", "cursor-list--cursor-blurred"}

    cursor: reactive[int] = reactive(0, always_update=False, init=False)
    header = 0

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.row_count = 0
        self.looks: dict[str, Style] = {}
        self._rows_new = True  # see rows_changed

    def set_row_count(
        self, count: int, cursor: int | None = None, keep_rows: bool = False, seen: InView | None = None
    ) -> None:
        """``count`` rows now, the cursor on ``cursor`` (or where it was);
        ``keep_rows``: rows drawn before may be reused (their keys say what
        they show, not where); ``seen``: :meth:`in_view` before the rows
        changed, so that only the lines showing something else are drawn
        again (rows joining a list: its few changed lines reach the screen)."""
        self.row_count = count
        if not keep_rows:
            self.rows_changed()
        self.set_scroll_size(Size(0, count + self.header))
        target = self.cursor if cursor is None else cursor
        target = max(0, min(target, count - 1)) if count else 0
        if target != self.cursor:
            self.cursor = target
        else:
            self.cursor_changed()
        self.scroll_to_cursor(animate=False)
        # Rows whose keys stay may show something else since rows_changed (the
        # reposts grouped, the query ids begun again): drawn again, all of them.
        whole, self._rows_new = self._rows_new, False
        now = self.in_view() if seen is not None and not whole else None
        if seen is None or now is None or now[0] != seen[0] or len(now[1]) != len(seen[1]):
            self.refresh()
            return
        width = self.size.width
        if self.header:
            self.refresh(Region(0, 0, width, self.header))
        for n, (before, after) in enumerate(zip(seen[1], now[1], strict=True)):
            if before != after:
                self.refresh(Region(0, self.header + n, width, 1))

    def in_view(self) -> InView | None:
        """Where the view is, and what each row in it shows (see
        :meth:`row_key`); None when the rows have no keys."""
        width = self.scrollable_content_region.width
        top = int(self.scroll_offset.y)
        keys: list[Hashable] = []
        for index in range(top, min(self.row_count, top + max(0, self.size.height - self.header))):
            key = self.row_key(index, width)
            if key is None:
                return None
            keys.append(key)
        return top, keys

    # -- styles (cached: computing them is the slow part of drawing a row) ---
    def style(self, name: str = "") -> Style:
        """The widget's base style, or it with a component class on top."""
        if not name:
            return self.kept_style
        cached = self.looks.get(name)
        if cached is None:
            cached = self.looks[name] = self.kept_style + self.get_component_rich_style(name)
        return cached

    def layered(self, base: Style, name: str) -> Style:
        """``base`` (a row's style) with component class ``name``'s look on
        top, the row's background kept: a component's style carries the
        widget's background, which would break the cursor's bar."""
        return base + self.get_component_rich_style(name) + Style(bgcolor=base.bgcolor)

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self.looks = {}
        self.rows_changed()

    def row_style(self, index: int) -> Style:
        """The base style of a row: the cursor row is highlighted."""
        cursor, focused = self.now()
        return self.base_style(index == cursor, focused)

    def base_style(self, on_cursor: bool, focused: bool) -> Style:
        if on_cursor:
            return self.style("cursor-list--cursor" if focused else "cursor-list--cursor-blurred")
        return self.style()

    # -- what subclasses provide ------------------------------------------
    def render_row(self, index: int, width: int) -> list[Segment]:  # pragma: no cover - abstract
        """Row ``index`` as segments of exactly ``width`` cells (the header too)."""
        raise NotImplementedError

    def row_key(self, index: int, width: int) -> Hashable | None:
        """A key under which a drawn row may be reused (None: never)."""
        return None

    def render_header(self, y: int, width: int) -> list[Segment]:
        return [Segment(" " * width, self.drawn_style())]

    def cursor_changed(self) -> None:
        """Called when the cursor moves or the rows change."""

    def rows_changed(self) -> None:
        """What the rows show changed (not only where they are): none drawn
        before may be reused (see :meth:`row_key`), and the next
        :meth:`set_row_count` draws every line again."""
        self._rows_new = True

    # -- rendering -----------------------------------------------------------
    def line_segments(self, y: int, width: int, top: int) -> list[Segment]:
        if y < self.header:
            return self.render_header(y, width)
        index = y - self.header + top
        if index >= self.row_count:
            return [Segment(" " * width, self.drawn_style())]
        return self.render_row(index, width)

    #: Every style of a row comes from :meth:`drawn_style` or :meth:`as_drawn`
    #: (the fast path may then hand rows to the screen as drawn).
    final_rows = False
    #: True while the fast path draws rows that way.
    drawing_final = False

    def drawn_style(self, name: str = "") -> Style:
        """:meth:`style` as rows being drawn use it (see :meth:`as_drawn`)."""
        return self.as_drawn(self.style(name))

    def render_line(self, y: int) -> Strip:
        """Line ``y`` of the widget (the header's, then the rows')."""
        width = self.scrollable_content_region.width
        return Strip(self.line_segments(y, width, int(self.scroll_offset.y))).adjust_cell_length(width, self.style())

    #: (cursor, has focus) while rows are drawn in one go (see :meth:`now`).
    drawing_now: tuple[int, bool] | None = None

    def now(self) -> tuple[int, bool]:
        """(cursor, has focus): read once per drawing of the rows (each read
        of a reactive attribute costs a few microseconds, a row needs several)."""
        return self.drawing_now or (self.cursor, self.has_focus)

    def on_resize(self, event: events.Resize) -> None:
        self.rows_changed()
        self.scroll_to_cursor(animate=False)

    def refresh_row(self, index: int) -> None:
        self.refresh_line(index + self.header)

    def on_focus(self) -> None:
        self.refresh_row(self.cursor)

    def on_blur(self) -> None:
        self.refresh_row(self.cursor)

    # -- cursor --------------------------------------------------------------
    def watch_cursor(self, old: int, new: int) -> None:
        top = int(self.scroll_offset.y)
        self.scroll_to_cursor(animate=False)
        if int(self.scroll_offset.y) == top:
            self.refresh_row(old)
            self.refresh_row(new)
        else:
            self.refresh()
        self.cursor_changed()

    @property
    def page_rows(self) -> int:
        return max(1, self.scrollable_content_region.height - self.header - 1)

    def scroll_to_cursor(self, animate: bool = False) -> None:
        height = self.scrollable_content_region.height - self.header
        if height <= 0:
            return
        top = int(self.scroll_offset.y)
        if self.cursor < top:
            self.scroll_to(y=self.cursor, animate=animate, immediate=True)
        elif self.cursor >= top + height:
            self.scroll_to(y=self.cursor - height + 1, animate=animate, immediate=True)

    def action_cursor(self, delta: int) -> None:
        if self.row_count:
            self.cursor = max(0, min(self.row_count - 1, self.cursor + delta))
            self.user_moved()

    def action_cursor_to(self, index: int) -> None:
        if self.row_count:
            self.cursor = self.row_count - 1 if index < 0 else min(index, self.row_count - 1)
            self.user_moved()

    def action_page(self, direction: int) -> None:
        self.action_cursor(direction * self.page_rows)

    def user_moved(self) -> None:
        """The user put the cursor where it is (a key or a click), as opposed
        to the rows changing under it."""

    def on_click(self, event: events.Click) -> None:
        y = event.y
        if y < self.header:
            return
        index = y - self.header + int(self.scroll_offset.y)
        if 0 <= index < self.row_count:
            self.cursor = index
            self.user_moved()
            self.row_clicked(index, event.chain)

    def row_clicked(self, index: int, chain: int) -> None:
        """A click on a row (``chain`` is 2 for a double click)."""
