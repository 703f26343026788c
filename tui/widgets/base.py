"""What our Line-API widgets share, on Textual's public API only.

Each widget draws its lines from :meth:`render_line` and Textual's styles pass
finishes them. The fast path (``tui/fast``) puts a subclass of each in its
place that draws the same lines with less work; the hooks it needs are here.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TypeVar, dataclass_transform

from rich.style import Style
from textual.geometry import Region, Size
from textual.scroll_view import ScrollView
from textual.widget import Widget

T = TypeVar("T")


@dataclass_transform(eq_default=False)
def message(cls: type[T]) -> type[T]:
    """A message's fields, taken by the ``__init__`` a dataclass makes; compared
    by identity and shown by Textual's own repr (a generated ``__eq__`` and
    ``__repr__`` cost every start a tenth of a millisecond each, for nothing)."""
    return dataclass(eq=False, repr=False)(cls)


class LineWidget(Widget):
    """A widget that draws every line itself (the Line API)."""

    kept_rich_style: Style | None = None

    @property
    def kept_style(self) -> Style:
        """The widget's ``rich_style`` (which walks every ancestor), kept until
        its styles change."""
        if self.kept_rich_style is None:
            self.kept_rich_style = self.rich_style
        return self.kept_rich_style

    def notify_style_update(self) -> None:
        self.kept_rich_style = None
        super().notify_style_update()

    def as_drawn(self, style: Style) -> Style:
        """``style`` as the lines being drawn carry it (the fast path may
        hand them to the screen with the app's filters applied already)."""
        return style

    def lines_changed(self) -> None:
        """Lines drawn before are stale (their size, colours or borders changed)."""

    def lines_changed_at(self, lines: Iterable[int]) -> None:
        """These lines (of the content, scrolled or not) drawn before are stale."""


class LineView(LineWidget, ScrollView):
    """A scrolling :class:`LineWidget`."""

    def redraw_lines(self, lines: Iterable[int]) -> None:
        """Draw these lines of the content again (those in view reach the screen)."""
        lines = list(lines)
        self.lines_changed_at(lines)
        top, height, width = int(self.scroll_offset.y), self.size.height, self.size.width
        for line in lines:
            if 0 <= line - top < height:
                self.refresh(Region(0, line - top, width, 1))

    def set_scroll_size(self, size: Size) -> None:
        """How much there is to scroll."""
        self.virtual_size = size
