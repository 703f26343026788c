"""The fast subclass of each of our widgets: the same lines, drawn with less work.

:func:`tui.fast.speed_up` puts one of these in front of a widget class (or of
a subclass of it) when the fast path is on. Each draws exactly what the stock
widget draws (the parity tests compare the screens cell by cell).
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from typing import TYPE_CHECKING, Any

from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.geometry import Size
from textual.screen import Screen
from textual.strip import Strip
from textual.widgets import Input
from textual.widgets.input import Selection

from tui.fast.lines import DirectLines, DirectWidget, FastScreen, set_virtual_size
from tui.widgets.cursor_list import CACHE_ROWS, CursorList
from tui.widgets.key_bar import KeyBar
from tui.widgets.posting_detail import PostingDetail
from tui.widgets.search_box import SearchBox
from tui.widgets.status_bar import StatusBar

if TYPE_CHECKING:  # mixins, see lines.py
    _CursorList = CursorList
    _PostingDetail = PostingDetail
    _StatusBar = StatusBar
    _KeyBar = KeyBar
    _SearchBox = SearchBox
else:
    _CursorList = _PostingDetail = _StatusBar = _KeyBar = _SearchBox = object


class FastRows(DirectLines, _CursorList):
    """Rows drawn once and kept as they go to the screen, until they change
    (a cursor move draws two rows; scrolling back draws none)."""

    _drawn_rows: dict[Hashable, Strip] | None = None

    def rows_changed(self) -> None:
        super().rows_changed()
        if self._drawn_rows:
            self._drawn_rows.clear()

    def lines_changed(self) -> None:
        super().lines_changed()
        self.rows_changed()

    def as_drawn(self, style: Style) -> Style:
        """With ``final_rows``, rows go to the screen with the app's line
        filters applied as they are drawn: finishing them filters nothing again."""
        if self.drawing_final and self._edges is not None and self._edges.filters:
            return self._edges.final(style) or style
        return style

    def finished_lines(self, lines: range) -> list[Strip]:
        width = self.scrollable_content_region.width
        top = int(self.scroll_offset.y)
        header, count = self.header, self.row_count
        rows = self._drawn_rows
        if rows is None:
            rows = self._drawn_rows = {}
        elif len(rows) > CACHE_ROWS:
            rows.clear()
        strips = []
        self.drawing_now = (self.cursor, self.has_focus)
        self.drawing_final = final = self.final_rows
        try:
            for y in lines:
                index = y - header + top
                key = self.row_key(index, width) if y >= header and index < count else None
                strip = rows.get(key) if key is not None else None
                if strip is None:
                    strip = self.finish(self.line_segments(y, width, top), width, final)
                    if key is not None:
                        rows[key] = strip
                strips.append(strip)
        finally:
            self.drawing_now = None
            self.drawing_final = False
        return strips


class FastDetail(DirectLines, _PostingDetail):
    """Lines styled, sized and finished once, not on every repaint."""

    _drawn_lines: dict[int, Strip] | None = None
    _drawn_for: tuple[int, Style | None] | None = None

    def lines_changed(self) -> None:
        super().lines_changed()
        if self._drawn_lines:
            self._drawn_lines.clear()

    def lines_changed_at(self, lines: Iterable[int]) -> None:
        super().lines_changed_at(lines)
        drawn = self._drawn_lines
        if drawn:
            for line in lines:
                drawn.pop(line, None)

    def finished_lines(self, lines: range) -> list[Strip]:
        top = int(self.scroll_offset.y)
        width = self.scrollable_content_region.width
        key = (width, self.kept_style)
        drawn = self._drawn_lines
        if drawn is None or key != self._drawn_for:
            drawn = self._drawn_lines = {}
            self._drawn_for = key
        strips = []
        for y in lines:
            strip = drawn.get(y + top)
            if strip is None:
                line = self.content_line(y + top, width)
                strip = drawn[y + top] = self.finish(list(line), width)
            strips.append(strip)
        return strips


class FastStatus(DirectWidget, _StatusBar):
    def finished_lines(self, lines: range) -> list[Strip]:
        if lines != range(0, 1):
            return super().finished_lines(lines)
        width = self.content_region.width
        return [self.finish(self.line(width), width)]


class FastKeys(DirectWidget, _KeyBar):
    pass


class FastSearch(DirectWidget, _SearchBox):
    """Input re-lays out the whole screen whenever its value changes (it sets
    ``virtual_size``); a one-line box of fixed size needs only its scroll
    width updated, so typing repaints the box and the list, nothing else.
    Its line goes to the screen without Textual's styles pass, and a plain
    query is drawn without a Rich render."""

    async def _on_key(self, event: events.Key) -> None:
        """The box's own keys (Backspace, Delete, arrows, Enter...) act here.
        Textual passes a key the box does not type up through every container
        to the App, which then finds this same binding first: three more hops
        on every Backspace. Priority bindings ran before the key got here."""
        bindings = self._bindings
        keymap = self.app._keymap
        if keymap:
            bindings = bindings.copy()
            bindings.apply_keymap(keymap)
        for binding in bindings.key_to_bindings.get(event.key, ()):
            if not binding.priority and await self.app.run_action(binding.action, self):
                event.stop()
                event.prevent_default()
                return
        await super()._on_key(event)

    def _fits(self, width: int) -> bool:
        """True when a line ``width`` cells wide needs no scrolling in the box."""
        return width <= self.scrollable_content_region.width and not self.scroll_offset.x

    def _watch_value(self, value: str) -> None:
        # Input._watch_value (Textual 8.2.8), without the layout.
        virtual = Size(self.content_width, 1)
        if self._fits(virtual.width) and self._fits(self.virtual_size.width):
            self.set_reactive(Input.virtual_size, virtual)  # nothing to scroll, before or after
        else:
            set_virtual_size(self, virtual)
        self._suggestion = ""
        validation = self.validate(value) if "changed" in self.validate_on else None
        self.post_message(self.Changed(self, value, validation))
        if self._initial_value:
            self.cursor_position = len(self.value)
            self._initial_value = False

    def _typed_line(self, width: int) -> list[Segment] | None:
        """The line, ``width`` cells, for a typed query (printable ASCII,
        nothing selected or suggested); None where Input must draw it."""
        value = self.value
        focused = self.has_focus
        if (
            not value
            or not (value.isascii() and value.isprintable())
            or self.password
            or self.highlighter is not None
            or (focused and (self._suggestion or not self.selection.is_empty))
        ):
            return None
        base = self.kept_style
        cursor = self.cursor_position if focused and self._cursor_visible else -1
        text = value + " " if cursor == len(value) else value
        scroll_x = int(self.scroll_offset.x)
        visible = text[scroll_x : scroll_x + width].ljust(width)
        at = cursor - scroll_x
        if not 0 <= at < width or cursor < 0:
            return [Segment(visible, base)]
        segments = [Segment(visible[:at], base)] if at else []
        segments.append(Segment(visible[at], base + self.get_component_rich_style("input--cursor")))
        if at + 1 < width:
            segments.append(Segment(visible[at + 1 :], base))
        return segments

    def _watch_selection(self, selection: Selection) -> None:
        """Input scrolls the cursor into view at every move: a query that fits
        the box has nothing to scroll."""
        if self._initial_value or not self._fits(self.virtual_size.width):
            super()._watch_selection(selection)
            return
        self.app.clear_selection()
        self.app.cursor_position = self.cursor_screen_offset

    def render_line(self, y: int) -> Strip:
        """Input's line, drawn from segments for a typed query: a keystroke redraws it."""
        width = self.scrollable_content_region.width + 1
        segments = self._typed_line(width) if y == 0 else None
        return super().render_line(y) if segments is None else Strip(segments, width)

    def finished_lines(self, lines: range) -> list[Strip]:
        """The typed line goes to the screen as one strip, made once."""
        width = self.scrollable_content_region.width
        segments = self._typed_line(width) if lines == range(0, 1) else None
        if segments is None or self._edges is None or width != self._edges.content_width:
            return super().finished_lines(lines)
        return [self.finish(segments, width)]


#: (stock class, the fast class put in front of it and its subclasses), most
#: specific first.
FAST_CLASSES: list[tuple[type[Any], type[Any]]] = [
    (CursorList, FastRows),
    (PostingDetail, FastDetail),
    (StatusBar, FastStatus),
    (KeyBar, FastKeys),
    (SearchBox, FastSearch),
    (Screen, FastScreen),
]
