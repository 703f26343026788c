"""The tag sidebar: All postings, ★ Favorites, then every tag with its count."""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass
from typing import ClassVar

from rich.segment import Segment
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.strip import Strip

from tui.widgets.cursor_list import CursorList, cell_segments

ALL = "\x00all"
FAVORITES = "\x00favorites"


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

    @dataclass
    class Changed(Message):
        """The selection changed."""

        sidebar: TagSidebar
        tags: frozenset[str]
        favorites: bool
        any_of: bool

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.entries: list[str] = [ALL, FAVORITES]
        self.counts: dict[str, int] = {}
        self.total = 0
        self.favorite_count = 0
        self.selected: set[str] = set()
        self.favorites_only = False
        self.any_of = False
        self.order: list[str] = []

    def set_tags(self, tag_totals: dict[str, int]) -> None:
        """All tags of the board, most used first (then by name)."""
        self.order = sorted(tag_totals, key=lambda t: (-tag_totals[t], t))
        self.entries = [ALL, FAVORITES, *self.order]
        self.set_row_count(len(self.entries))

    def set_counts(self, total: int, favorites: int, counts: dict[str, int]) -> None:
        """New counts; only the rows whose count changed are repainted."""
        old = {ALL: self.total, FAVORITES: self.favorite_count, **self.counts}
        self.total, self.favorite_count, self.counts = total, favorites, counts
        new = {ALL: total, FAVORITES: favorites, **counts}
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
            return "All postings", self.total, not self.selected and not self.favorites_only
        if entry == FAVORITES:
            return "★ Favorites", self.favorite_count, self.favorites_only
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
        elif count == 0 and entry not in (ALL, FAVORITES):
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
        self.post_message(self.Changed(self, frozenset(self.selected), self.favorites_only, self.any_of))

    def action_select_tag(self) -> None:
        if not self.entries:
            return
        entry = self.entries[self.cursor]
        if entry == ALL:
            self.selected.clear()
            self.favorites_only = False
        elif entry == FAVORITES:
            self.favorites_only = not self.favorites_only
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
        self.favorites_only = False
        if tag in self.entries:
            self.cursor = self.entries.index(tag)
        self.changed()

    def show_favorites(self) -> None:
        """Only the favorites, whatever tags were chosen."""
        self.selected.clear()
        self.favorites_only = True
        self.changed()

    def set_selection(self, tags: frozenset[str], favorites: bool, any_of: bool) -> None:
        """Show this selection (an undo's), without a Changed message: the
        screen that asks has applied it."""
        self.selected = set(tags)
        self.favorites_only = favorites
        self.any_of = any_of
        self.refresh()

    def clear(self) -> None:
        if self.selected or self.favorites_only:
            self.selected.clear()
            self.favorites_only = False
            self.changed()

    def row_clicked(self, index: int, chain: int) -> None:
        self.action_select_tag()
