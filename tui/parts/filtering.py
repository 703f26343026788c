"""Every filter runs through here: the choice (query, tags, filters, sort)
is answered by the browser, inline or in a worker thread, and the answer
shown if it is still the one wanted (each filter asked for has its
generation). A query typed is answered twice: the short fields' answer at
once, then the text's hits joined to it, from a worker."""

from __future__ import annotations

import threading
from contextlib import suppress
from dataclasses import dataclass
from typing import Any

from textual.css.query import NoMatches

from tui.browse import Browser, Choice, close_said
from tui.parts.changes import Changes
from tui.parts.host import Host
from tui.parts.hunt import filter_counts
from tui.parts.loading import Loader
from tui.search import Term, as_found
from tui.widgets.posting_table import KEEP

#: Boards larger than this are filtered in a thread worker; smaller ones inline.
FILTER_IN_THREAD_ABOVE = 20_000


@dataclass
class Filtered:
    """A filter's result, applied by post_filtered (on the UI thread)."""

    generation: int
    rows: Any
    counts: dict[str, int]
    total: int
    new_query: bool = False
    in_text: frozenset[int] = frozenset()
    final: bool = True  # False: the short fields' answer, the text's hits to follow
    close: tuple[Term, ...] = ()  # terms with close matches only (Result.close)


class Filtering:
    def __init__(self, screen: Host, loader: Loader, changes: Changes, in_thread_above: int) -> None:
        self.screen = screen
        self.loader = loader
        self.changes = changes
        self.in_thread_above = in_thread_above
        self.generation = 0  # of the filter last asked for
        self.shown_generation = 0  # of the filter last shown
        self.text_pending = False  # the list shows the short fields' answer; the text's hits are coming
        self.close_said: str | None = None  # "close matches only": some term is found nowhere as written
        self.typed_at = 0  # the generation of the last query typed (see refilter)

    def refilter(self, new_query: bool = False) -> None:
        """Filter again; ``new_query`` (a query typed) puts the cursor on the
        best match, else it stays on the posting the user is on. For a query
        typed, the short fields answer at once; when the text is searched
        too, its hits follow from a worker thread (a common word takes long
        to look up). Any other change (a mark, a sort, a tag) is answered
        whole: its short fields' answer would leave out the posting the user
        is on, if it is there through its text, for a moment."""
        screen = self.screen
        browser = screen.browser
        if browser is None:  # applied when the index is ready (Loader.index_ready)
            if screen.session.board is not None:
                screen.show_status(screen.session.count)
            return
        if new_query:
            self.typed_at = self.generation + 1
        elif self.typed_at > self.shown_generation:
            # A query typed whose answer is not on screen yet (a filter in a
            # thread, overtaken by this one: the facts arriving): this answer
            # is its, the cursor on the best match.
            new_query = True
        self.generation += 1
        browser.prefer = screen.table.chosen  # a group of copies shows the user's posting
        choice = screen.choice
        masks = browser.mask(choice, screen.session.hunt)  # here: the marks may change meanwhile
        text = browser.index.searches_text(choice.query)
        if len(browser.index) > self.in_thread_above:
            self.filter_worker(browser, self.generation, choice, masks, new_query, text)
            return
        if text and not new_query:  # answered whole, from the worker; the list shown stays meanwhile
            self.text_pending = True
            screen.show_status(len(screen.table.rows))
            self.text_worker(browser, self.generation, choice, masks, new_query)
            return
        self.post_filtered(self.filter(browser, self.generation, choice, masks, new_query, text=False, final=not text))
        if text:  # once the list is on screen: the text's lookup would slow that frame down
            screen.call_after_refresh(self.text_worker, browser, self.generation, choice, masks, new_query)

    def filter(
        self, browser: Browser, generation: int, choice: Choice, masks: Any, new_query: bool, text: bool, final: bool
    ) -> Filtered:
        result = browser.result(choice, masks, text)
        return Filtered(
            generation, result.rows, result.counts, result.total, new_query, result.in_text, final, result.close
        )

    def filter_worker(
        self, browser: Browser, generation: int, choice: Choice, masks: Any, new_query: bool, text: bool
    ) -> None:
        """The whole filter in a worker thread (a large board)."""
        screen = self.screen

        def work() -> None:  # (the app read when it is called: by then it may be gone)
            if new_query or not text:  # else answered whole (see refilter)
                first = self.filter(browser, generation, choice, masks, new_query, text=False, final=not text)
                on_screen = threading.Event()
                screen.app.call_from_thread(self.post_then_signal, first, on_screen)
                # The text's pass once that list is on screen: meanwhile it would
                # hold the interpreter the frame is drawn with.
                on_screen.wait(0.5)
            if text and generation == self.generation:
                full = self.filter(browser, generation, choice, masks, new_query, text=True, final=True)
                screen.app.call_from_thread(self.post_filtered, full)

        self.screen.run_worker(work, name="filter_worker", group="filter", exclusive=True, thread=True)

    def text_worker(self, browser: Browser, generation: int, choice: Choice, masks: Any, new_query: bool) -> None:
        """The text's hits joined, in a worker thread."""

        def work() -> None:
            if generation != self.generation:
                return  # typed on: this query's text is not wanted any more
            full = self.filter(browser, generation, choice, masks, new_query, text=True, final=True)
            self.screen.app.call_from_thread(self.post_filtered, full)

        self.screen.run_worker(work, name="text_worker", group="text", exclusive=True, thread=True)

    def post_then_signal(self, result: Filtered, on_screen: threading.Event) -> None:
        self.post_filtered(result)
        self.screen.call_after_refresh(on_screen.set)

    def post_filtered(self, result: Filtered) -> None:
        try:
            self.show(result)
        except NoMatches:  # from a worker, as the app quits: the panes are gone
            pass

    def show(self, result: Filtered) -> None:
        if result.generation != self.generation:
            return  # a newer query is on its way
        screen = self.screen
        first = result.generation != self.shown_generation  # not the text's hits for a list already shown
        self.shown_generation = result.generation
        self.text_pending = not result.final
        self.close_said = close_said(screen.choice.query, result.close)
        # A query typed: the cursor on its best match (its first answer's,
        # then its whole answer's, unless the user moved meanwhile); else it
        # stays on the posting the user is on.
        chosen: str | object | None = None if result.new_query and first else KEEP
        if self.changes.back_to is not None:  # an undo: the cursor goes back where it was
            chosen = self.changes.back_to
            if result.final:
                self.changes.back_to = None
        query = as_found(screen.choice.query, result.close)  # lit where it was found
        session = screen.session
        screen.table.show(
            session.postings, result.rows, query, chosen=chosen, in_text=result.in_text, whole=result.final
        )
        self.loader.check_text_index()
        # The list first; the sidebar's counts follow in the next frame, once
        # the answer is whole (the text's hits joined a moment later would
        # redraw them all again: the join is the list's few changed lines).
        if result.final:
            screen.call_after_refresh(self.set_counts, result.total, filter_counts(screen), result.counts)
        screen.show_status(len(result.rows))

    def set_counts(self, total: int, filters: dict[str, int], counts: dict[str, int]) -> None:
        with suppress(NoMatches):  # the app may be quitting
            self.screen.sidebar.set_counts(total, filters, counts)
