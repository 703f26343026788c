"""One line of status: how many postings are shown and what filters them."""

from __future__ import annotations

from rich.segment import Segment
from rich.text import Text
from textual.strip import Strip

from tui.widgets.lines import DirectWidget


class StatusBar(DirectWidget):
    """Repaints itself without asking for a new layout (it is one line, always)."""

    def __init__(self, text: Text, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.text = text

    def update(self, text: Text) -> None:
        self.text = text
        self.refresh()

    def render_line(self, y: int) -> Strip:
        width = self.content_region.width
        base = self.rich_style
        if y:
            return Strip.blank(width, base)
        console = self.app.console
        # Text.render leaves out the text's own style: put it under the spans'.
        segments = Segment.apply_style(self.text.render(console, end=""), base + console.get_style(self.text.style))
        return Strip(segments).crop_extend(0, width, base)
