"""The sidebar: All postings, the hunt's filters (★ Saved always, the
others once they let something through), then every tag with its count."""

from __future__ import annotations

from collections.abc import Hashable
from typing import ClassVar

from rich.segment import Segment
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.strip import Strip

from tui.filters import FILTERS
from tui.widgets.base import message
from tui.widgets.cursor_list import CursorList, cell_segments

ALL = "\x00all"
#: Filters the sidebar leaves to another entry: the postings not interested in are under Hidden.
LISTED_AS = {"status:not-interested": "is:hidden"}
#: The filter favorites were: always listed.
FAVORITES = "status:saved"


class TagSidebar(CursorList):
    """Counts follow the current query; Enter, Space or a click selects."""

    COMPONENT_CLASSES: ClassVar[set[str]] = CursorList.COMPONENT_CLASSES | {
        "tag-sidebar--title",
        "tag-sidebar--selected",
        "tag-sidebar--count",
        "tag-sidebar--empty",
    }
    header = 1

    BINDINGS: ClassVar[list[BindingType]] = [
        *CursorList.BINDINGS,
        Binding("enter,space", "select_tag", "Select", id="tag-select", tooltip="Select or unselect the tag"),
        Binding("m", "toggle_mode", "All/any", id="tag-mode", tooltip="Selected tags: all must match, or any"),
    ]

    @message
    class Changed(Message):
        """The selection changed."""

        sidebar: TagSidebar
        tags: frozenset[str]
        filters: frozenset[str]  # the words of the filters chosen (tui.filters.FILTERS)
        any_of: bool

        @property
        def favorites(self) -> bool:
            return FAVORITES in self.filters

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.entries: list[str] = [ALL, FAVORITES]
        self.counts: dict[str, int] = {}
        self.total = 0
        self.filter_counts: dict[str, int] = {}
        self.selected: set[str] = set()
        self.filters: set[str] = set()
        self.any_of = False
        self.order: list[str] = []

    @property
    def favorites_only(self) -> bool:
        return FAVORITES in self.filters

    @property
    def favorite_count(self) -> int:
        return self.filter_counts.get(FAVORITES, 0)

    def _filter_entries(self) -> list[str]:
        counts, chosen = self.filter_counts, self.filters
        return [w for w in FILTERS if w == FAVORITES or (counts.get(w, 0) and w not in LISTED_AS) or w in chosen]

    def set_tags(self, tag_totals: dict[str, int]) -> None:
        """All tags of the board, most used first (then by name)."""
        self.order = sorted(tag_totals, key=lambda t: (-tag_totals[t], t))
        self._set_entries()

    def _set_entries(self) -> None:
        entries = [ALL, *self._filter_entries(), *self.order]
        if entries == self.entries:
            return
        on = self.entries[self.cursor] if self.entries and self.cursor < len(self.entries) else None
        self.entries = entries
        self.set_row_count(len(entries))
        if on in entries:
            self.cursor = entries.index(on)
        self.refresh()

    def set_counts(self, total: int, filter_counts: dict[str, int], counts: dict[str, int]) -> None:
        """New counts (all postings, each filter's, each tag's); only the
        rows whose count changed are repainted."""
        old = {ALL: self.total, **self.filter_counts, **self.counts}
        self.total, self.filter_counts, self.counts = total, filter_counts, counts
        before = self.entries
        self._set_entries()
        if self.entries is not before:
            return
        new = {ALL: total, **filter_counts, **counts}
        for index, entry in enumerate(self.entries):
            if old.get(entry, 0) != new.get(entry, 0):
                self.refresh_row(index)

    def render_header(self, y: int, width: int) -> list[Segment]:
        mode = "any" if self.any_of else "all"
        title = f"Tags ({mode} of)" if len(self.selected) > 1 else "Tags"
        return cell_segments(title, width, self.style("tag-sidebar--title"))

    def _entry(self, index: int) -> tuple[str, int, bool]:
        """(label, count, chosen) of row ``index``."""
        entry = self.entries[index]
        if entry == ALL:
            return "All postings", self.total, not self.selected and not self.filters
        made = FILTERS.get(entry)
        if made is not None:
            return f"{made.mark} {made.label}", self.filter_counts.get(entry, 0), entry in self.filters
        return entry, self.counts.get(entry, 0), entry in self.selected

    def row_key(self, index: int, width: int) -> Hashable:
        cursor, focused = self.now()
        return (index, *self._entry(index), width, index == cursor, focused)

    def render_row(self, index: int, width: int) -> list[Segment]:
        entry = self.entries[index]
        base = self.row_style(index)
        label, count, chosen = self._entry(index)
        style = base
        if chosen:
            style = self.layered(base, "tag-sidebar--selected")
        elif count == 0 and entry != ALL and entry not in FILTERS:
            style = self.layered(base, "tag-sidebar--empty")
        mark = "▸ " if chosen else "  "
        number = f"{count:,}"
        name_width = max(1, width - len(mark) - len(number) - 1)
        segments = [Segment(mark, style), *cell_segments(label, name_width, style), Segment(" ", style)]
        segments.append(Segment(number, self.layered(style, "tag-sidebar--count")))
        return list(Strip(segments).adjust_cell_length(width, base))  # exact, even when the count is wide

    # -- selection --------------------------------------------------------------
    def changed(self) -> None:
        self.refresh()
        self.post_message(self.Changed(self, frozenset(self.selected), frozenset(self.filters), self.any_of))

    def action_select_tag(self) -> None:
        if not self.entries:
            return
        entry = self.entries[self.cursor]
        if entry == ALL:
            self.selected.clear()
            self.filters.clear()
        elif entry in FILTERS:
            self.filters ^= {entry}
        elif entry in self.selected:
            self.selected.discard(entry)
        else:
            self.selected.add(entry)
        self.changed()

    def action_toggle_mode(self) -> None:
        self.any_of = not self.any_of
        self.changed()

    def select_tag(self, tag: str | None) -> None:
        """Select only ``tag`` (None: all postings) and put the cursor on it."""
        self.selected = {tag} if tag else set()
        self.filters.clear()
        if tag in self.entries:
            self.cursor = self.entries.index(tag)
        self.changed()

    def show_favorites(self) -> None:
        """Only the saved postings, whatever tags were chosen."""
        self.show_filter(FAVORITES)

    def show_filter(self, word: str) -> None:
        """Only what this filter lets through, whatever else was chosen."""
        self.selected.clear()
        self.filters = {word}
        self._set_entries()
        self.changed()

    def set_selection(self, tags: frozenset[str], filters: frozenset[str], any_of: bool) -> None:
        """Show this selection (an undo's), without a Changed message: the
        screen that asks has applied it."""
        self.selected = set(tags)
        self.filters = set(filters)
        self.any_of = any_of
        self._set_entries()
        self.refresh()

    def clear(self) -> None:
        if self.selected or self.filters:
            self.selected.clear()
            self.filters.clear()
            self.changed()

    def row_clicked(self, index: int, chain: int) -> None:
        self.action_select_tag()
