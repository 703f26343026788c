"""A list that renders only the rows on screen (Textual's Line API), with a
cursor moved by keys and mouse. PostingTable and TagSidebar build on it."""

from __future__ import annotations

from typing import ClassVar

from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding, BindingType
from textual.geometry import Size
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip


class CursorList(ScrollView, can_focus=True):
    """Rows drawn by :meth:`render_row`; ``header`` rows stay on top."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j,down", "cursor(1)", "Down", show=False, id="cursor-down", tooltip="Move down"),
        Binding("k,up", "cursor(-1)", "Up", show=False, id="cursor-up", tooltip="Move up"),
        Binding("g,home", "cursor_to(0)", "Top", show=False, id="cursor-top", tooltip="First row"),
        Binding("G,end", "cursor_to(-1)", "Bottom", show=False, id="cursor-bottom", tooltip="Last row"),
        Binding("pageup,ctrl+b", "page(-1)", "Page up", show=False, id="page-up", tooltip="One screen up"),
        Binding("pagedown,ctrl+f", "page(1)", "Page down", show=False, id="page-down", tooltip="One screen down"),
    ]

    cursor: reactive[int] = reactive(0, always_update=False, init=False)
    header = 0

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._count = 0

    @property
    def row_count(self) -> int:
        return self._count

    def set_row_count(self, count: int, cursor: int | None = None) -> None:
        self._count = count
        self.virtual_size = Size(0, count + self.header)
        target = self.cursor if cursor is None else cursor
        target = max(0, min(target, count - 1)) if count else 0
        if target != self.cursor:
            self.cursor = target
        else:
            self.cursor_changed()
        self.scroll_to_cursor(animate=False)
        self.refresh()

    # -- what subclasses provide ------------------------------------------
    def render_row(self, index: int, width: int) -> Strip:  # pragma: no cover - abstract
        raise NotImplementedError

    def render_header(self, y: int, width: int) -> Strip:
        return Strip.blank(width)

    def cursor_changed(self) -> None:
        """Called when the cursor moves or the rows change."""

    # -- rendering -----------------------------------------------------------
    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        if y < self.header:
            return self.render_header(y, width)
        index = y - self.header + int(self.scroll_offset.y)
        if index >= self._count:
            return Strip([Segment(" " * width, self.rich_style)], width)
        return self.render_row(index, width)

    def on_resize(self, event: events.Resize) -> None:
        self.virtual_size = Size(0, self._count + self.header)
        self.scroll_to_cursor(animate=False)

    # -- cursor --------------------------------------------------------------
    def watch_cursor(self, old: int, new: int) -> None:
        self.scroll_to_cursor(animate=False)
        self.refresh()
        self.cursor_changed()

    @property
    def _page(self) -> int:
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
        if self._count:
            self.cursor = max(0, min(self._count - 1, self.cursor + delta))

    def action_cursor_to(self, index: int) -> None:
        if self._count:
            self.cursor = self._count - 1 if index < 0 else min(index, self._count - 1)

    def action_page(self, direction: int) -> None:
        self.action_cursor(direction * self._page)

    def on_click(self, event: events.Click) -> None:
        y = event.y
        if y < self.header:
            return
        index = y - self.header + int(self.scroll_offset.y)
        if 0 <= index < self._count:
            self.cursor = index
            self.row_clicked(index, event.chain)

    def row_clicked(self, index: int, chain: int) -> None:
        """A click on a row (``chain`` is 2 for a double click)."""

    def row_style(self, index: int) -> Style:
        """The base style of a row: the cursor row is highlighted."""
        if index == self.cursor:
            name = "cursor-list--cursor" if self.has_focus else "cursor-list--cursor-blurred"
            return self.rich_style + self.get_component_rich_style(name)
        return self.rich_style
