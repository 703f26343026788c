"""One line of status: how many postings are shown and what filters them."""

from __future__ import annotations

from rich.console import Console
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.strip import Strip

from tui.widgets.base import LineWidget


class StatusBar(LineWidget):
    """Repaints itself without asking for a new layout (it is one line, always)."""

    def __init__(self, text: Text, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.text = text
        self.parts: list[tuple[int, Text]] = [(0, text)]

    def update(self, text: Text) -> None:
        self.show([(0, text)])

    def show(self, parts: list[tuple[int, Text]]) -> None:
        """Parts joined by " · ", each with its importance (0 first): where
        the line is too narrow the least important is cut short, then left
        out, before a more important one is touched."""
        self.parts = parts
        self.text = Text(" · ").join(text for _, text in parts)
        self.refresh()

    def fitted(self, width: int) -> Text:
        """The line as it fits ``width`` cells."""
        if self.text.cell_len <= width or len(self.parts) == 1:
            return self.text
        parts = [(rank, text.copy()) for rank, text in self.parts]
        while len(parts) > 1:
            total = sum(text.cell_len for _, text in parts) + 3 * (len(parts) - 1)
            if total <= width:
                break
            least = max(range(len(parts)), key=lambda i: (parts[i][0], i))
            text = parts[least][1]
            room = text.cell_len - (total - width)
            if room >= 8:  # cut short, if enough of it is left to read
                text.truncate(room - 1)
                text.append("…")
            else:
                del parts[least]
        return Text(" · ").join(text for _, text in parts)

    def line(self, width: int) -> list[Segment]:
        base = self.kept_style
        segments = text_segments(self.fitted(width), self.app.console, base)
        cells = sum(segment.cell_length for segment in segments)
        if cells > width:
            return list(Strip(segments, cells).crop(0, width))
        return [*segments, Segment(" " * (width - cells), base)] if cells < width else segments

    def render_line(self, y: int) -> Strip:
        width = self.content_region.width
        if y:
            return Strip.blank(width, self.kept_style)
        return Strip(self.line(width), width)


def text_segments(text: Text, console: Console, base: Style) -> list[Segment]:
    """``text`` as segments on ``base``: what Rich renders, cut at its spans
    directly when they do not overlap (a Rich render is ~0.2 ms, and the
    status line changes with every key)."""
    style = base + console.get_style(text.style)
    plain = text.plain
    out: list[Segment] = []
    pos = 0
    for span in sorted(text.spans, key=lambda span: span.start):
        if span.start < pos or span.end > len(plain):
            # Text.render leaves out the text's own style: put it under the spans'.
            return list(Segment.apply_style(text.render(console, end=""), style))
        if span.start > pos:
            out.append(Segment(plain[pos : span.start], style))
        if span.end > span.start:
            out.append(Segment(plain[span.start : span.end], style + console.get_style(span.style)))
            pos = span.end
    if pos < len(plain):
        out.append(Segment(plain[pos:], style))
    return out
