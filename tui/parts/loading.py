"""The board read (in the background), shown as soon as it is; its search
index built, then its text's; and when the keys typed meanwhile may come."""

from __future__ import annotations

import atexit
import threading
import time
from typing import Any

from rich.text import Text
from textual.message import Message
from textual.timer import Timer

from tui import hunt_view
from tui.browse import Browser
from tui.library import Background, BoardError
from tui.parts.host import Host
from tui.parts.layout import Layout
from tui.search import Index, rapidfuzz
from tui.session import Loaded
from tui.text import visible
from tui.widgets.base import message

#: Grouping the reposts (rapidfuzz, in C++) runs in a thread while the app
#: may quit: a thread the interpreter stops inside C++ aborts the process
#: ("FATAL: exception not rethrown"). At exit the grouping is told to stop and
#: the block of names it is scoring (milliseconds) is waited for.
STOP_GROUPING = threading.Event()
GROUPING = threading.Lock()
#: So is reading the postings' facts (worker processes, then a chunk of theirs
#: taken in): told the same, it stops before the next chunk.
READING_FACTS = threading.Lock()


@atexit.register
def at_exit() -> None:
    STOP_GROUPING.set()
    with GROUPING:
        pass


#: How long the first frame may wait for the board (seconds).
FIRST_FRAME_WAIT = 0.2

#: Keys typed at start wait for the board and its text to be searchable, this
#: long at most (seconds; the text of 100,000 postings indexed from nothing takes 15).
READY_AT_THE_LATEST = 2.0


@message
class IndexReady(Message):
    index: Index


class LoadFinished(Message):
    """The loading thread is done (posted from it)."""


@message
class BodiesIndexed(Message):
    """The postings' text can be searched (posted from the indexing thread)."""

    bodies: Any
    error: str | None = None


@message
class RepostsFound(Message):
    """The board's reposts are grouped (posted from the indexing thread)."""

    groups: Any


@message
class FactsRead(Message):
    """Postings (by id) with their text's facts read, and how many of how
    many are (posted from the thread reading them)."""

    postings: dict[str, Any]
    done: int
    total: int


@message
class BodiesProgress(Message):
    done: int
    total: int


class Loader:
    """Its messages go to the screen, which hands them back here."""

    def __init__(self, screen: Host, loading: Background | None, layout: Layout) -> None:
        self.screen = screen
        self.layout = layout
        self.loading = loading  # None once the board is read
        self.timer: Timer | None = None
        #: What the status line says of the text's index until it is ready (None: ready).
        self.bodies_state: str | None = "the text is searched once it is indexed"
        self.dropped_text: Any = None  # the text index found damaged (see check_text_index)
        #: What the status line says while the text's facts are being read (None: they are).
        self.facts_state: str | None = None
        self.query_waiting = False  # a query typed while the index was being built
        #: The board shown from its cache while the folder is checked (None: none shown yet).
        self.shown: Loaded | None = None

    def start(self) -> None:
        """(On mount.)"""
        loading, screen = self.loading, self.screen
        if loading is not None:
            # A board read from the cache takes a few tens of milliseconds:
            # give it that (uncontended) so its rows are in the first frame,
            # rather than painting "Loading" and then everything again.
            # Keys typed meanwhile wait in the driver's queue.
            loading.showable.wait(FIRST_FRAME_WAIT)
        self.check()
        if loading is not None:
            self.timer = screen.set_interval(0.05, self.check)  # progress
            loading.when_finished(lambda: screen.post_message(LoadFinished()))
        screen.set_timer(READY_AT_THE_LATEST, self.ready_for_keys)  # whatever becomes of the board

    def check(self) -> None:
        """Show the board as soon as it is read; until then, the progress."""
        loading, screen = self.loading, self.screen
        if loading is None:
            return
        status = screen.status_bar
        if not loading.finished.is_set():
            if loading.early is not None and self.shown is None:
                # The board as its cache holds it, while the folder is
                # checked: keys wait for the check (see ready_for_keys).
                self.shown = loading.early
                self.show_board(loading.early)
                screen.call_after_refresh(loading.taken.set)  # the folder's check may go on
            elif loading.total and self.shown is None:
                status.update(Text(f"Loading postings… {loading.done:,} of {loading.total:,}"))
            return
        self.loading = None
        if self.timer is not None:
            self.timer.stop()
        if loading.error is not None:
            error = loading.error
            message = visible(str(error) if isinstance(error, BoardError) else f"{type(error).__name__}: {error}")
            status.update(Text(f"Could not read the postings: {message}"))
            screen.app.notify(message, title="Could not read the postings", severity="error")
            screen.when_searchable()
            self.ready_for_keys()
            return
        loaded: Loaded = loading.result
        unread = len(loaded.board.unread)
        if unread:  # (said from the first status line the board shows)
            self.facts_state = f"reading pay and deadlines… 0 of {unread:,}"
        shown, self.shown = self.shown, None
        if shown is not None:  # marks made meanwhile (keys let through before the check ended): read again here
            screen.session.refresh()
        if shown is not None and loaded.board is shown.board and loaded.missing == shown.missing:
            self.checked(loaded)  # nothing changed since the cache was written
        else:
            self.show_board(loaded, again=shown is not None)
        if unread:
            screen.run_worker(self.read_facts, name="read_facts", group="facts", exclusive=True, thread=True)
        # Index once the rows are on screen: building it (numpy) competes
        # with the first frame for the interpreter.
        screen.call_after_refresh(self.build_index, loading.result)

    def build_index(self, loaded: Loaded) -> None:
        """The search index, then the text's, in a worker."""
        self.screen.run_worker(
            lambda: self.index_in_thread(loaded),
            name="build_index",
            group="index",
            description="index",  # not a repr of every posting
            exclusive=True,
            thread=True,
        )

    def index_in_thread(self, loaded: Loaded) -> None:
        index = Index([*loaded.board.postings, *loaded.missing])
        rapidfuzz()  # the scorer of close spellings (40 ms) imported now, not on a keystroke
        self.screen.post_message(IndexReady(index))
        from tui.reposts import Stopped, group_reposts

        with GROUPING:  # quitting waits for the block of names being scored, no more (see at_exit)
            try:
                groups = group_reposts(loaded.board.postings, stop=STOP_GROUPING)
            except Stopped:
                return
        self.screen.post_message(RepostsFound(groups))
        from tui.widgets.posting_detail import markdown

        markdown("warm *up*")  # and the Markdown renderer, not on the first posting read
        # The text last: the list, the search of the short fields and the text
        # pane all work meanwhile.
        self.index_text()

    def index_text(self) -> None:
        """Index the postings' text (in a thread) and say when it is ready."""
        last = [0.0]
        screen = self.screen

        def progress(done: int, total: int) -> None:
            now = time.monotonic()
            if now - last[0] > 0.2:
                last[0] = now
                screen.post_message(BodiesProgress(done, total))

        try:
            bodies, _ = screen.session.index_bodies(progress)
        except Exception as exc:  # a full disk, a cache folder not ours: the short fields still search
            screen.post_message(BodiesIndexed(None, visible(f"{type(exc).__name__}: {exc}")))
            return
        screen.post_message(BodiesIndexed(bodies))

    def check_text_index(self) -> None:
        """A search met a damaged page of the text index, which dropped it:
        say so once and make it again in the background (the short fields
        answer meanwhile); damaged again, the text is not searched."""
        index = self.screen.index
        bodies = index.bodies if index is not None else None
        if bodies is None or bodies.broken is None or bodies is self.dropped_text:
            return
        again = self.dropped_text is not None
        self.dropped_text = bodies
        if again:
            self.bodies_state = "the text is not searched"
            return
        self.bodies_state = "indexing the text again…"
        self.screen.app.notify(
            f"The text index was damaged ({bodies.broken}); making it again. Until it is ready, "
            "the titles, organizations, roles and tags are searched.",
            severity="warning",
        )
        self.screen.run_worker(
            self.index_text, name="index_text_again", group="text-index", exclusive=True, thread=True
        )

    def checked(self, loaded: Loaded) -> None:
        """The board shown from the cache is the board: what the check tells
        besides (what is new at this visit, the problems not said before)."""
        screen = self.screen
        screen.session.problem_counts = loaded.problems
        screen.table.set_hunt(screen.session.hunt)
        screen.show_status(len(screen.table.rows))
        say_notices(screen)  # what the hunt store met since (beginning the visit)
        self.say_once(loaded)

    def show_board(self, loaded: Loaded, again: bool = False) -> None:
        """Show ``loaded``; ``again``: in place of a board shown from its
        cache (the cursor stays on its posting while it is listed)."""
        screen = self.screen
        session = screen.session
        session.take(loaded)
        self.layout.apply()  # the user's, read with the board
        screen.sidebar.set_tags(session.tag_totals)
        screen.table.set_tag_totals(session.tag_totals)
        screen.detail.set_tag_totals(session.tag_totals)
        screen.sidebar.set_counts(session.count, {"status:saved": len(session.favorites)}, session.tag_totals)
        screen.table.set_missing(session.missing)
        screen.table.set_hunt(session.hunt)
        if not loaded.board.postings:
            from tui.library import nothing_found

            screen.table.empty_said = nothing_found(loaded.board)
        screen.detail.set_facts_of(lambda posting: hunt_view.facts(session, posting))
        if screen.index is None:  # newest first until the index can search
            screen.table.show(session.postings, list(range(session.count)), screen.choice.query)
            screen.show_status(session.count)
        say_notices(screen)
        if not again:
            screen.resume_where_left(focus=False)
        if loaded is not self.shown:  # (said once the folder is checked)
            self.say_once(loaded)

    def say_once(self, loaded: Loaded) -> None:
        """What the board's load has to say, once it is checked."""
        screen = self.screen
        session = screen.session
        if session.carry_from is not None:
            key, shared = session.carry_from
            screen.app.notify(
                f"{shared:,} of these postings have marks on another copy of the board ({key}): "
                "Ctrl+P, 'take over the marks', to bring them here.",
                title="Marks",
                timeout=15,
                markup=False,
            )
        loaded_badly, left_out, new = loaded.problems
        if new:  # said once; then the status line's marker
            screen.app.notify(f"{problems_said(loaded_badly, left_out)}; ! to see which and why", severity="warning")

    def index_ready(self, message: IndexReady) -> None:
        """Searching is possible: apply whatever was typed or chosen meanwhile."""
        screen = self.screen
        screen.index = message.index
        screen.browser = Browser(screen.session.postings, message.index, len(screen.session.missing))
        screen.when_searchable()
        # The choice has followed the box all along; one typed meanwhile puts
        # the cursor on its best match, as typing does.
        screen.refilter(new_query=self.query_waiting)
        self.query_waiting = False
        screen.resume_where_left(focus=True)

    def read_facts(self) -> None:
        """(In a worker.) The text's facts of a board shown without them."""
        screen = self.screen

        def told(postings: dict[str, Any], done: int, total: int) -> None:
            screen.post_message(FactsRead(postings, done, total))

        try:
            with READING_FACTS:  # quitting waits for the chunk being read, no more (see at_exit)
                screen.session.read_facts(told, stop=STOP_GROUPING)
        except Exception as exc:  # the files gone: the front matter's fields stay
            screen.post_message(FactsRead({}, 0, 0))
            screen.app.call_from_thread(
                screen.app.notify, visible(f"The postings' text could not be read for their facts: {exc}")
            )

    def facts_read(self, message: FactsRead) -> None:
        """Postings with their text's facts read in place of those shown: the
        columns, sorts and filters they feed made again, the cursor kept on
        the posting it is on."""
        screen = self.screen
        session = screen.session
        self.facts_state = (
            None
            if message.done >= message.total
            else f"reading pay and deadlines… {message.done:,} of {message.total:,}"
        )
        if message.postings:
            session.take_facts(message.postings)
            browser = screen.browser
            if browser is None:  # newest first until the index can search
                screen.table.show(session.postings, list(range(session.count)), screen.choice.query)
            else:
                screen.browser = browser = browser.with_postings(session.postings)
                if browser.groups is not None:
                    screen.table.set_copies(browser.copies_of)
                    screen.detail.set_copies(browser.copies_of)
                screen.refilter()
        screen.show_status(len(screen.table.rows))

    def reposts_found(self, message: RepostsFound) -> None:
        """One row a job posted several times, from now on (the user's posting stays listed)."""
        screen = self.screen
        if screen.browser is None or not message.groups.members:
            return
        screen.browser.set_groups(message.groups)
        screen.table.set_copies(screen.browser.copies_of)
        screen.detail.set_copies(screen.browser.copies_of)
        screen.refilter()

    def ready_for_keys(self) -> None:
        """The keys typed since the start may come, now that the board and
        its text can be searched (a query typed ahead filters the list the
        keys after it move in), once the panes are composed (after a frame).
        A text index made from nothing is waited for READY_AT_THE_LATEST."""
        self.screen.call_after_refresh(self.screen.app.post_message, self.screen.Ready())

    def bodies_progress(self, message: BodiesProgress) -> None:
        self.bodies_state = f"indexing the text… {message.done:,} of {message.total:,}"
        self.screen.show_status(len(self.screen.table.rows))

    def bodies_indexed(self, message: BodiesIndexed) -> None:
        self.ready_for_keys()  # (sent after what follows: the list with the text's hits)
        screen = self.screen
        if message.error is not None:
            self.bodies_state = "the text is not searched"
            screen.app.notify(f"The postings' text could not be indexed: {message.error}", severity="warning")
            screen.show_status(len(screen.table.rows))
            return
        self.bodies_state = None
        if screen.index is not None:
            screen.index.set_bodies(message.bodies)
        screen.refilter()
        screen.run_worker(self.rematch, name="rematch", group="rematch", exclusive=True, thread=True)

    def rematch(self) -> None:
        """(In a worker.) Marks of postings renamed or edited since, moved to
        where they are now."""
        screen = self.screen
        try:
            moves = screen.session.rematch()
        except Exception:  # the store refused: the marks stay where they were, listed as missing
            return
        if moves:
            screen.app.call_from_thread(screen.show_marks)


def say_notices(screen: Host) -> None:
    """Tell the user about a saved-state file that was set aside."""
    for notice in screen.session.notices():
        screen.app.notify(notice, title="Saved state", severity="warning", timeout=15)


def files(n: int) -> str:
    return f"{n} file{'s' if n != 1 else ''}"


def problems_said(loaded_badly: int, left_out: int) -> str:
    """ "2 files recovered, 1 left out": what the start says of the board's problems."""

    parts = [f"{files(loaded_badly)} read with problems"] if loaded_badly else []
    if left_out:
        parts.append(f"{files(left_out)} left out" if parts else f"{files(left_out)} could not be read")
    return ", ".join(parts)
