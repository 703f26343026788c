"""The user's changes to the choice (the query typed, the tags and filters,
the sort, clearing them) and undo: each change is kept, with the posting
the cursor was on, so that u goes back to it; so is each mark (see
:meth:`Changes.keep_mark`), which u takes back."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from tui.browse import SORTS, Choice
from tui.parts.host import Host
from tui.parts.loading import Loader
from tui.search import text_pattern

#: Changes kept for undo.
UNDO_DEPTH = 100


@dataclass(frozen=True)
class MarkMade:
    """A mark, for undo: what taking it back says, and does."""

    said: str
    undo: Callable[[], object]


class Changes:
    def __init__(self, screen: Host, loader: Loader) -> None:
        self.screen = screen
        self.loader = loader
        #: What undo goes back to, the last change last: (the search box's text,
        #: the choice, the posting the cursor was on).
        self.undo_stack: list[tuple[str, Choice, str | None] | MarkMade] = []
        self.back_to: str | None = None  # the posting an undo puts the cursor back on (see Filtering.show)
        self.query_text = ""  # the search box's text, as the choice has it
        self.typing = False  # the query is being typed: its first key was kept for undo
        self.clearing = False  # the query is being cleared (Esc), not typed
        self.note: str | None = None  # said in the status line until the next change ("query cleared · u to undo")

    def query_changed(self, value: str) -> None:
        """Watches the search box: filtering starts while the key is handled,
        so the typed character and the new list reach the screen in one frame."""
        screen = self.screen
        if not self.typing:
            screen.search.select_on_focus = False  # a query restored (see Resume) is being edited: kept
        if not self.typing:  # a query typed is one change to undo, however many keys
            self.keep(text=self.query_text)  # the box holds the new text already
            self.typing = screen.focused is screen.search
        self.query_text = value
        screen.choice = screen.choice.but(query=value)
        screen.detail.set_pattern(text_pattern(screen.choice.query))
        self.loader.query_waiting = screen.index is None
        # Typed: the cursor goes to the best match; cleared (Esc): it stays on the posting.
        screen.refilter(new_query=not self.clearing)

    def tags_changed(self, tags: frozenset[str], filters: frozenset[str], any_of: bool) -> None:
        screen = self.screen
        choice = screen.choice.but(tags=tags, filters=filters, any_tag=any_of)
        if choice != screen.choice:
            self.keep()
        screen.choice = choice
        screen.refilter()

    def sort(self, mode: str | None = None) -> None:
        screen = self.screen
        self.keep()
        if mode in SORTS:
            screen.choice = screen.choice.but(sort=mode)
        else:  # the next, of those the board's fields give
            screen.choice = screen.choice.next_sort(screen.browser.given if screen.browser is not None else ())
        screen.refilter()

    def toggle_copies(self) -> None:
        """Every copy of a job posted again, or one row a job (can be undone)."""
        screen = self.screen
        copies = not screen.choice.copies
        self.keep("every copy of a job posted again · r: one row" if copies else "one row a job posted again")
        screen.choice = screen.choice.but(copies=copies)
        screen.refilter()

    def clear(self) -> None:
        """Clear the query, else the tags (each can be undone)."""
        screen = self.screen
        search = screen.search
        if search.value:
            self.keep("query cleared · u to undo")
            self.typing = self.clearing = True  # kept for undo already; the cursor stays on the posting
            search.value = ""
            self.typing = self.clearing = False
        elif screen.choice.tags or screen.choice.filters:
            self.keep("tags cleared · u to undo")
            note = self.note
            screen.sidebar.set_selection(frozenset(), frozenset(), screen.choice.any_tag)
            screen.choice = screen.choice.but(tags=frozenset(), filters=frozenset())
            self.note = note
            screen.refilter()

    def keep(self, note: str | None = None, text: str | None = None) -> None:
        """The choice as it is now (``text``: the search box's, if it has
        changed already), for undo; ``note`` says the change in the status
        line (any other change takes the note away)."""
        screen = self.screen
        current = screen.table.current
        kept = screen.search.value if text is None else text
        self.undo_stack.append((kept, screen.choice, current.id if current is not None else None))
        self.back_to = None  # a new change: no undo's cursor to go back to
        del self.undo_stack[:-UNDO_DEPTH]
        self.note = note

    def keep_mark(self, said: str, undo: Callable[[], object]) -> None:
        """A mark just made, that u takes back (``said``: what it brings back)."""
        self.undo_stack.append(MarkMade(said, undo))
        del self.undo_stack[:-UNDO_DEPTH]
        self.note = None  # its toast says u undoes it

    def undo(self) -> None:
        screen = self.screen
        if not self.undo_stack:
            self.note = "nothing to undo"
            screen.show_status(len(screen.table.rows))
            return
        kept = self.undo_stack.pop()
        if isinstance(kept, MarkMade):
            self.undo_mark(kept)
            return
        text, choice, self.back_to = kept
        screen.sidebar.set_selection(choice.tags, choice.filters, choice.any_tag)
        screen.choice = screen.choice.but(
            tags=choice.tags, filters=choice.filters, any_tag=choice.any_tag, sort=choice.sort, copies=choice.copies
        )
        self.note = "undone"
        search = screen.search
        if search.value != text:
            self.typing = True  # the box's change is the undo's, not one to keep
            search.value = text  # the watcher filters for it
            self.typing = screen.focused is search
        else:
            screen.refilter()

    def undo_mark(self, kept: MarkMade) -> None:
        screen = self.screen
        try:
            kept.undo()
        except Exception as exc:  # the store refused: the mark stays, said
            screen.app.notify(f"Not undone: {exc}", severity="error", markup=False)
            return
        notify: Any = screen.app.notify
        notify(f"Undone: {kept.said}", kind="mark", markup=False, timeout=2)
        screen.show_marks()
