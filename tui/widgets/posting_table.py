"""The listing: ★, date, organization, role, tags; only visible rows are drawn."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.message import Message
from textual.strip import Strip

from tui.posting import Posting
from tui.search import Query, highlight_spans, parse_query
from tui.widgets.cursor_list import CursorList

STAR = "★"


def fit(text: Text, width: int) -> Text:
    """``text`` cut (with an ellipsis) or padded to exactly ``width`` cells."""
    if width <= 0:
        return Text("")
    if cell_len(text.plain) > width:
        text = text.copy()
        text.truncate(width, overflow="ellipsis")
    text.pad_right(width - cell_len(text.plain))
    return text


class PostingTable(CursorList):
    """Postings in the order given, with matched characters highlighted."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "cursor-list--cursor",
        "cursor-list--cursor-blurred",
        "posting-table--header",
        "posting-table--match",
        "posting-table--star",
        "posting-table--date",
        "posting-table--tags",
        "posting-table--missing",
    }
    header = 1

    @dataclass
    class Highlighted(Message):
        """The cursor is on another posting (or on none)."""

        table: PostingTable
        posting: Posting | None

    @dataclass
    class Chosen(Message):
        """A posting was chosen (Enter or a double click)."""

        table: PostingTable
        posting: Posting

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.postings: Sequence[Posting] = ()
        self.rows: Any = ()
        self.favorites: Collection[str] = frozenset()
        self.missing: Collection[str] = frozenset()
        self.match_query: Query = parse_query("")
        self._last: Posting | None = None

    def show(self, postings: Sequence[Posting], rows: Any, query: Query, keep: str | None = None) -> None:
        """Show ``postings[i]`` for each i in ``rows``; keep the cursor on ``keep``
        (a posting id) when it is still there, else go to the top."""
        self.postings = postings
        self.rows = rows
        self.match_query = query
        cursor = 0
        if keep is not None and len(rows):
            for n, i in enumerate(rows[:5000].tolist() if hasattr(rows, "tolist") else rows[:5000]):
                if postings[i].id == keep:
                    cursor = n
                    break
        self.set_row_count(len(rows), cursor)

    @property
    def current(self) -> Posting | None:
        if not len(self.rows) or self.cursor >= len(self.rows):
            return None
        return self.postings[int(self.rows[self.cursor])]

    def cursor_changed(self) -> None:
        posting = self.current
        if posting is not self._last:
            self._last = posting
            self.post_message(self.Highlighted(self, posting))

    def row_clicked(self, index: int, chain: int) -> None:
        if chain > 1 and self.current is not None:
            self.post_message(self.Chosen(self, self.current))

    def key_enter(self) -> None:
        if self.current is not None:
            self.post_message(self.Chosen(self, self.current))

    # -- layout ---------------------------------------------------------------
    def _widths(self, width: int) -> tuple[int, int, int, int, int]:
        """Cells for ★, date, organization, role, tags (0: column hidden)."""
        star, date = 1, 10
        rest = width - star - date - 3  # single-space gaps
        if rest < 30:
            org = max(6, rest // 3)
            return star, 0, org, max(6, rest - org), 0
        tags = min(30, rest // 4) if rest >= 60 else 0
        rest -= tags + (1 if tags else 0)
        org = min(28, max(10, rest * 2 // 5))
        return star, date, org, rest - org, tags

    def render_header(self, y: int, width: int) -> Strip:
        style = self.rich_style + self.get_component_rich_style("posting-table--header")
        star, date, org, role, tags = self._widths(width)
        parts = [" " * star]
        if date:
            parts.append(f"{'Date':<{date}}")
        org_label = "Organization" if org >= 12 else "Org"
        parts += [f"{org_label:<{org}}"[:org], f"{'Role':<{role}}"[:role]]
        if tags:
            parts.append(f"{'Tags':<{tags}}"[:tags])
        line = " ".join(parts)
        return Strip([Segment(line.ljust(width)[:width], style)], width)

    def _cell(self, text: str, field: str, width: int, base: Style) -> Text:
        cell = Text(text, style=base, no_wrap=True, overflow="ellipsis", end="")
        if not self.match_query.empty:
            match = self.get_component_rich_style("posting-table--match")
            for start, end in highlight_spans(self.match_query, field, text):
                cell.stylize(match, start, end)
        return fit(cell, width)

    def render_row(self, index: int, width: int) -> Strip:
        posting = self.postings[int(self.rows[index])]
        base = self.row_style(index)
        star, date, org, role, tags = self._widths(width)
        missing = posting.id in self.missing
        cells: list[Text] = []
        is_fav = posting.id in self.favorites
        cells.append(
            Text(STAR if is_fav else " ", style=base + self.get_component_rich_style("posting-table--star"), end="")
        )
        if date:
            date_style = base + self.get_component_rich_style("posting-table--date")
            label = "missing" if missing else (posting.date or "")
            if missing:
                date_style = base + self.get_component_rich_style("posting-table--missing")
            cells.append(fit(Text(label, style=date_style, end=""), date))
        cells.append(self._cell(posting.org, "org", org, base))
        cells.append(self._cell(posting.role, "role", role, base))
        if tags:
            tag_style = base + self.get_component_rich_style("posting-table--tags")
            line = Text(style=tag_style, end="", no_wrap=True)
            for n, tag in enumerate(posting.tags):
                if n:
                    line.append(" ")
                line.append_text(self._cell(tag, "tag", len(tag), tag_style))
            cells.append(fit(line, tags))
        text = Text(" ", style=base, end="").join(cells)
        segments = list(text.render(self.app.console))
        return Strip(segments).adjust_cell_length(width, base)
