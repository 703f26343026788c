"""Where the user left off, per board: the query, tags, filters and sort,
the posting under the cursor and the list's scroll, the pane with the
keys. Saved (in the hunt store, see Marks.ui) a moment after each change
of the choice and when the app quits; given back when the board shows."""

from __future__ import annotations

from typing import Any

from textual.timer import Timer

from tui.browse import SORTS
from tui.filters import FILTERS
from tui.parts.changes import Changes
from tui.parts.host import Host
from tui.parts.loading import Loader

#: Seconds after a change of the choice before it is saved.
SAVE_AFTER = 1.0
PANES = ("list", "text", "tags")


class Resume:
    def __init__(self, screen: Host, loader: Loader, changes: Changes) -> None:
        self.screen = screen
        self.loader = loader
        self.changes = changes
        self.timer: Timer | None = None
        self.restoring = False
        self.focus: str | None = None  # the pane to give the keys once the board shows

    def where(self) -> dict[str, Any]:
        screen = self.screen
        choice = screen.choice
        table = screen.table
        current = table.current
        focused = screen.focused
        pane = "text" if focused is screen.detail else "tags" if focused is screen.sidebar else "list"
        return {
            "query": screen.search.value,
            "tags": sorted(choice.tags),
            "filters": sorted(choice.filters),
            "any_tag": choice.any_tag,
            "sort": choice.sort,
            "posting": current.id if current is not None else None,
            "scroll": int(table.scroll_offset.y),
            "pane": pane,
        }

    def save(self) -> None:
        """Now (nothing said if it cannot be: the marks' own notices say why)."""
        if self.timer is not None:
            self.timer.stop()
            self.timer = None
        if self.screen.session.board is None or self.restoring:
            return
        try:
            self.screen.session.set_ui(**self.where())
        except Exception:
            pass

    def changed(self) -> None:
        """The choice changed: saved a moment later."""
        if self.restoring or self.screen.session.board is None:
            return
        if self.timer is not None:
            self.timer.stop()
        self.timer = self.screen.set_timer(SAVE_AFTER, self.save)

    def restore(self) -> None:
        """Where the user left off, applied as the board shows (before it can be searched)."""
        screen = self.screen
        ui = screen.session.ui
        tags = {t for t in _strings(ui.get("tags")) if t in screen.session.tag_totals}
        filters = {f for f in _strings(ui.get("filters")) if f in FILTERS}
        sort = _text(ui.get("sort")) if _text(ui.get("sort")) in SORTS else "best"
        query = _text(ui.get("query"))
        posting = _text(ui.get("posting")) or None
        scroll = ui.get("scroll") if isinstance(ui.get("scroll"), int) else None
        pane = _text(ui.get("pane")) if _text(ui.get("pane")) in PANES else None
        if not (tags or filters or query or posting or sort != "best"):
            return
        self.restoring = True
        try:
            any_tag = bool(ui.get("any_tag"))
            screen.sidebar.set_selection(frozenset(tags), frozenset(filters), any_tag)
            screen.choice = screen.choice.but(
                tags=frozenset(tags), filters=frozenset(filters), any_tag=any_tag, sort=sort
            )
            if posting is not None:
                screen.table.chosen = posting
                screen.table.scroll_wanted = scroll if isinstance(scroll, int) else None
            if query and not screen.search.value:  # keys typed at start win
                changes = self.changes
                changes.typing = changes.clearing = True  # not a change to undo; the cursor stays
                screen.search.value = query
                changes.typing = changes.clearing = False
                # As a browser's address bar: the first "/" selects it, so what is typed replaces it.
                screen.search.select_on_focus = True
                self.loader.query_waiting = False
            self.focus = pane
        finally:
            self.restoring = False

    def give_focus(self) -> None:
        """The pane the user left the keys in (once the board is searchable)."""
        screen, pane = self.screen, self.focus
        self.focus = None
        if pane is None or screen.focused is screen.search:
            return
        screen.focus_now(screen.detail if pane == "text" else screen.sidebar if pane == "tags" else screen.table)


def _strings(value: object) -> list[str]:
    return [v for v in value if isinstance(v, str)] if isinstance(value, list) else []


def _text(value: object) -> str:
    return value if isinstance(value, str) else ""
