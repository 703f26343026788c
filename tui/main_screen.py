"""The main screen: search box, tag sidebar, posting list and text, key bar.

It shows a :class:`~tui.session.Session` through a :class:`~tui.browse.Browser`:
widget messages change the :class:`~tui.browse.Choice`, its result goes back
to the widgets through their public methods.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from contextlib import suppress
from dataclasses import dataclass
from typing import Any, ClassVar, TypeVar

from rich.text import Text
from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Container, Horizontal, Vertical
from textual.css.query import NoMatches
from textual.dom import DOMNode
from textual.message import Message
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Input, Label

from tui import actions
from tui.browse import SORTS, Browser, Choice, close_said
from tui.keymap import help_sections, keymap_problems
from tui.library import Background
from tui.parts.layout import Layout
from tui.parts.loading import BodiesIndexed, BodiesProgress, IndexReady, Loader, LoadFinished  # noqa: F401 (theirs)
from tui.parts.posting_actions import PostingActions
from tui.parts.status_line import StatusFacts, status_parts
from tui.search import Index, Term, as_found, find_pattern, text_pattern
from tui.session import Session
from tui.widgets.commands import JobBoardCommands
from tui.widgets.find_bar import FindBar
from tui.widgets.key_bar import KeyBar
from tui.widgets.posting_detail import PostingDetail
from tui.widgets.posting_table import KEEP, PostingTable
from tui.widgets.screens import HelpScreen, HelpSection, LinkPicker, ProblemsScreen
from tui.widgets.search_box import SearchBox
from tui.widgets.status_bar import StatusBar
from tui.widgets.tag_sidebar import TagSidebar

W = TypeVar("W")

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


class MainScreen(Screen[None]):
    COMMANDS: ClassVar = {JobBoardCommands}

    class Ready(Message):
        """The panes are there and the board can be searched: keys typed
        ahead may act (told to the app, which holds them until then)."""

    BINDINGS: ClassVar[list[BindingType]] = actions.bindings(actions.SCREEN)

    def __init__(
        self,
        session: Session,
        loading: Background | None,
        *,
        speed_up: Callable[[type[Any]], type[Any]] = lambda cls: cls,
        when_searchable: Callable[[], object] = lambda: None,
        filter_in_thread_above: int = FILTER_IN_THREAD_ABOVE,
        id: str | None = None,
    ) -> None:
        super().__init__(id=id)
        self.session = session
        self.speed_up = speed_up
        self.when_searchable = when_searchable
        self.filter_in_thread_above = filter_in_thread_above
        self.index: Index | None = None
        self.choice = Choice()  # what the user has chosen: query, tags, favorites, sort
        self.browser: Browser | None = None
        self.generation = 0  # of the filter last asked for
        self.shown_generation = 0  # of the filter last shown
        self.text_pending = False  # the list shows the short fields' answer; the text's hits are coming
        self.close_said: str | None = None  # "close matches only": some term is found nowhere as written
        #: What undo goes back to, the last change last: (the search box's text,
        #: the choice, the posting the cursor was on).
        self.undo_stack: list[tuple[str, Choice, str | None]] = []
        self._back_to: str | None = None  # the posting an undo puts the cursor back on
        self._query_text = ""  # the search box's text, as the choice has it
        self._typing = False  # the query is being typed: its first key was kept for undo
        self._clearing = False  # the query is being cleared (Esc), not typed
        self.note: str | None = None  # said in the status line until the next change ("query cleared · u to undo")
        self.loader = Loader(self, loading)
        self.postings = PostingActions(self)
        self.panes = Layout(self)

    def widget(self, cls: type[W]) -> type[W]:
        return self.speed_up(cls)

    def compose(self) -> ComposeResult:
        with Horizontal(id="top"):
            yield Label("/", id="search-prompt")
            search = self.widget(SearchBox)(
                placeholder="search: words, 'exact ^start end$ !not a|b tag:x org:x",
                id="search",
                select_on_focus=False,
            )
            search.cursor_blink = self.session.config.cursor_blink
            yield search
        with Horizontal(id="body"):
            yield self.widget(TagSidebar)(id="tags")
            with Container(id="main"):
                with Vertical(id="list"):
                    yield self.widget(StatusBar)(Text("Loading…"), id="status")
                    yield self.widget(PostingTable)(id="table")
                with Vertical(id="reader"):
                    yield self.widget(PostingDetail)(self.session.read, id="detail")
                    yield FindBar(id="find")
        yield self.widget(KeyBar)()

    @property
    def bodies_state(self) -> str | None:
        return self.loader.bodies_state

    @property
    def table(self) -> PostingTable:
        return self.query_one(PostingTable)

    @property
    def sidebar(self) -> TagSidebar:
        return self.query_one(TagSidebar)

    @property
    def detail(self) -> PostingDetail:
        return self.query_one(PostingDetail)

    @property
    def search(self) -> SearchBox:
        return self.query_one(SearchBox)

    @property
    def find_bar(self) -> FindBar:
        return self.query_one(FindBar)

    @property
    def status_bar(self) -> StatusBar:
        return self.query_one(StatusBar)

    def on_mount(self) -> None:
        self.watch(self.search, "value", self._query_changed, init=False)
        self.apply_layout()
        self._check_keymap()
        self.focus_now(self.table)
        self.loader.start()

    def _check_keymap(self) -> None:
        """Say at start what is wrong in the user's [keys] (the rest applies)."""
        from tui.widgets.find_bar import FindInput
        from tui.widgets.screens import HelpScreen, ProblemLines, ProblemsScreen

        anywhere: list[DOMNode] = [self.app, self]
        areas = [[*anywhere, widget] for widget in (self.table, self.sidebar, self.detail, self.search)]
        config = self.session.config
        dialogs: list[type[DOMNode]] = [FindInput, HelpScreen, LinkPicker, ProblemsScreen, ProblemLines]
        # None remapped: nothing to check (2 ms of the start).
        problems = keymap_problems(config, areas, dialogs) if config.keys else []
        config.problems.extend(problems)  # listed with the board's (!), now and when it is loaded
        self.session.problems.extend(problems)
        shown = config.problems if len(config.problems) <= 3 else config.problems[:2]
        for problem in shown:
            self.app.notify(problem, title="config.toml", severity="warning", timeout=12)
        if len(shown) < len(config.problems):  # not a screen of toasts: the rest under !
            more = len(config.problems) - len(shown)
            self.app.notify(f"and {more} more; ! to see them all", title="config.toml", severity="warning", timeout=12)

    # -- loading: its messages, handed to it ------------------------------------------
    def on_load_finished(self) -> None:
        self.loader.check()

    def on_index_ready(self, message: IndexReady) -> None:
        self.loader.index_ready(message)

    def on_bodies_progress(self, message: BodiesProgress) -> None:
        self.loader.bodies_progress(message)

    def on_bodies_indexed(self, message: BodiesIndexed) -> None:
        self.loader.bodies_indexed(message)

    def say_notices(self) -> None:
        """Tell the user about a saved-state file that was set aside."""
        for notice in self.session.notices():
            self.app.notify(notice, title="Saved state", severity="warning", timeout=15)

    # -- filtering ----------------------------------------------------------------
    def refilter(self, new_query: bool = False) -> None:
        """Filter again; ``new_query`` (a query typed) puts the cursor on the
        best match, else it stays on the posting the user is on. For a query
        typed, the short fields answer at once; when the text is searched
        too, its hits follow from a worker thread (a common word takes long
        to look up). Any other change (a mark, a sort, a tag) is answered
        whole: its short fields' answer would leave out the posting the user
        is on, if it is there through its text, for a moment."""
        browser = self.browser
        if browser is None:  # applied when the index is ready (on_index_ready)
            if self.session.board is not None:
                self.show_status(self.session.count)
            return
        self.generation += 1
        choice = self.choice
        masks = browser.mask(choice, self.session.favorites)  # here: the favorites may change meanwhile
        text = browser.index.searches_text(choice.query)
        if len(browser.index) > self.filter_in_thread_above:
            self._filter_worker(browser, self.generation, choice, masks, new_query, text)
            return
        if text and not new_query:  # answered whole, from the worker; the list shown stays meanwhile
            self.text_pending = True
            self.show_status(len(self.table.rows))
            self._text_worker(browser, self.generation, choice, masks, new_query)
            return
        self.post_filtered(self._filter(browser, self.generation, choice, masks, new_query, text=False, final=not text))
        if text:  # once the list is on screen: the text's lookup would slow that frame down
            self.call_after_refresh(self._text_worker, browser, self.generation, choice, masks, new_query)

    def _filter(
        self, browser: Browser, generation: int, choice: Choice, masks: Any, new_query: bool, text: bool, final: bool
    ) -> Filtered:
        result = browser.result(choice, masks, text)
        return Filtered(
            generation, result.rows, result.counts, result.total, new_query, result.in_text, final, result.close
        )

    @work(thread=True, exclusive=True, group="filter")
    def _filter_worker(
        self, browser: Browser, generation: int, choice: Choice, masks: Any, new_query: bool, text: bool
    ) -> None:
        if new_query or not text:  # else answered whole (see refilter)
            first = self._filter(browser, generation, choice, masks, new_query, text=False, final=not text)
            on_screen = threading.Event()
            self.app.call_from_thread(self._post_then_signal, first, on_screen)
            # The text's pass once that list is on screen: meanwhile it would
            # hold the interpreter the frame is drawn with.
            on_screen.wait(0.5)
        if text and generation == self.generation:
            full = self._filter(browser, generation, choice, masks, new_query, text=True, final=True)
            self.app.call_from_thread(self.post_filtered, full)

    @work(thread=True, exclusive=True, group="text")
    def _text_worker(self, browser: Browser, generation: int, choice: Choice, masks: Any, new_query: bool) -> None:
        if generation != self.generation:
            return  # typed on: this query's text is not wanted any more
        full = self._filter(browser, generation, choice, masks, new_query, text=True, final=True)
        self.app.call_from_thread(self.post_filtered, full)

    def _post_then_signal(self, result: Filtered, on_screen: threading.Event) -> None:
        self.post_filtered(result)
        self.call_after_refresh(on_screen.set)

    def post_filtered(self, result: Filtered) -> None:
        try:
            self._show_filtered(result)
        except NoMatches:  # from a worker, as the app quits: the panes are gone
            pass

    def _show_filtered(self, result: Filtered) -> None:
        if result.generation != self.generation:
            return  # a newer query is on its way
        first = result.generation != self.shown_generation  # not the text's hits for a list already shown
        self.shown_generation = result.generation
        self.text_pending = not result.final
        self.close_said = close_said(self.choice.query, result.close)
        # A query typed: the cursor on its best match (its first answer's,
        # then its whole answer's, unless the user moved meanwhile); else it
        # stays on the posting the user is on.
        chosen: str | object | None = None if result.new_query and first else KEEP
        if self._back_to is not None:  # an undo: the cursor goes back where it was
            chosen = self._back_to
            if result.final:
                self._back_to = None
        query = as_found(self.choice.query, result.close)  # lit where it was found
        self.table.show(
            self.session.postings, result.rows, query, chosen=chosen, in_text=result.in_text, whole=result.final
        )
        self.loader.check_text_index()
        # The list first; the sidebar's counts follow in the next frame.
        favorites = len(self.session.favorites)
        self.call_after_refresh(self._set_counts, result.total, favorites, result.counts)
        self.show_status(len(result.rows))

    def _set_counts(self, total: int, favorites: int, counts: dict[str, int]) -> None:
        with suppress(NoMatches):  # the app may be quitting
            self.sidebar.set_counts(total, favorites, counts)

    def show_status(self, shown: int) -> None:
        loaded_badly, left_out, _ = self.session.problem_counts
        facts = StatusFacts(
            shown,
            self.session.count,
            self.choice,
            searchable=self.index is not None,
            close_said=self.close_said,
            note=self.note,
            problem_files=loaded_badly + left_out,
            bodies_state=self.loader.bodies_state,
            text_pending=self.text_pending,
        )
        self.status_bar.show(status_parts(facts))

    def _query_changed(self, value: str) -> None:
        """Watches the search box: filtering starts while the key is handled,
        so the typed character and the new list reach the screen in one frame."""
        if not self._typing:  # a query typed is one change to undo, however many keys
            self._keep_for_undo(text=self._query_text)  # the box holds the new text already
            self._typing = self.focused is self.search
        self._query_text = value
        self.choice = self.choice.but(query=value)
        self.detail.set_pattern(text_pattern(self.choice.query))
        self.loader.query_waiting = self.index is None
        # Typed: the cursor goes to the best match; cleared (Esc): it stays on the posting.
        self.refilter(new_query=not self._clearing)

    @on(Input.Submitted, "#search")
    def _query_submitted(self) -> None:
        self.focus_now(self.table)

    def on_descendant_blur(self, event: events.DescendantBlur) -> None:
        if event.widget is self.search:
            self._typing = False  # the next key typed there is a new change
        elif event.widget is self.find_bar.input and not self.find_bar.input.value:
            # Nothing to keep. (Told now, after the keys typed before Enter
            # reached the line: Enter itself acts before they do.)
            self._drop_find()

    @on(TagSidebar.Changed)
    def _tags_changed(self, event: TagSidebar.Changed) -> None:
        choice = self.choice.but(tags=event.tags, favorites_only=event.favorites, any_tag=event.any_of)
        if choice != self.choice:
            self._keep_for_undo()
        self.choice = choice
        self.refilter()

    @on(SearchBox.MoveCursor)
    def _move_from_the_box(self, event: SearchBox.MoveCursor) -> None:
        self.table.action_cursor(event.delta)

    # -- undo -------------------------------------------------------------------
    #: Changes kept for undo.
    UNDO_DEPTH = 100

    def _keep_for_undo(self, note: str | None = None, text: str | None = None) -> None:
        """The choice as it is now (``text``: the search box's, if it has
        changed already), for undo; ``note`` says the change in the status
        line (any other change takes the note away)."""
        current = self.table.current
        kept = self.search.value if text is None else text
        self.undo_stack.append((kept, self.choice, current.id if current is not None else None))
        self._back_to = None  # a new change: no undo's cursor to go back to
        del self.undo_stack[: -self.UNDO_DEPTH]
        self.note = note

    def action_undo(self) -> None:
        if not self.undo_stack:
            self.note = "nothing to undo"
            self.show_status(len(self.table.rows))
            return
        text, choice, self._back_to = self.undo_stack.pop()
        self.sidebar.set_selection(choice.tags, choice.favorites_only, choice.any_tag)
        self.choice = self.choice.but(
            tags=choice.tags, favorites_only=choice.favorites_only, any_tag=choice.any_tag, sort=choice.sort
        )
        self.note = "undone"
        search = self.search
        if search.value != text:
            self._typing = True  # the box's change is the undo's, not one to keep
            search.value = text  # the watcher filters for it
            self._typing = self.focused is search
        else:
            self.refilter()

    @on(PostingTable.Highlighted)
    def _highlighted(self, event: PostingTable.Highlighted) -> None:
        self.detail.show(event.posting)

    @on(PostingTable.Chosen)
    def _chosen(self) -> None:
        self.focus_now(self.detail)

    @on(FindBar.Changed)
    def _find_changed(self, event: FindBar.Changed) -> None:
        self.detail.find(find_pattern(event.text))

    def _find_done(self) -> None:
        self.focus_now(self.detail)  # an empty find closes as the line loses the focus (below)

    @on(PostingDetail.Found)
    def _found(self, event: PostingDetail.Found) -> None:
        self.find_bar.set_count(event.count, event.shown)

    def _drop_find(self) -> None:
        """No find kept: the line closes, the search's highlights come back."""
        self.find_bar.close()
        self.detail.find(None)

    def _close_find(self) -> None:
        self._drop_find()
        self.focus_now(self.detail)

    @on(PostingDetail.LinkClicked)
    def _link_clicked(self, event: PostingDetail.LinkClicked) -> None:
        self.postings.open(event.url)

    # -- layout --------------------------------------------------------------------
    def apply_layout(self) -> None:
        self.panes.apply()

    def on_resize(self) -> None:
        self.panes.apply()

    def action_toggle_sidebar(self) -> None:
        self.panes.toggle_sidebar()

    def action_toggle_stacked(self) -> None:
        self.panes.toggle_stacked()

    def action_split(self, change: int) -> None:
        self.panes.split(change)

    # -- actions -------------------------------------------------------------------
    def focus_now(self, widget: Widget) -> None:
        """Focus now, not after pending messages: keys typed right after "/" must
        reach the search box."""
        self.set_focus(widget)

    def action_focus_search(self) -> None:
        self.focus_now(self.search)

    def action_escape(self) -> None:
        """Back one step: out of a box or a pane to the list; in the list,
        clear the query, then the tags (each can be undone)."""
        search = self.search
        if self.query("HelpPanel"):  # the palette's key panel: Esc closes it, and nothing else
            self.app.action_hide_help_panel()
        elif self.focused is search:
            self.focus_now(self.table)
        elif self.find_bar.display and (self.focused is self.find_bar.input or self.focused is self.detail):
            self._close_find()  # the text's find first: the search's highlights come back
        elif self.focused is not self.table:
            self.focus_now(self.table)
        elif search.value:
            self._keep_for_undo("query cleared · u to undo")
            self._typing = self._clearing = True  # kept for undo already; the cursor stays on the posting
            search.value = ""
            self._typing = self._clearing = False
        elif self.choice.tags or self.choice.favorites_only:
            self._keep_for_undo("tags cleared · u to undo")
            note = self.note
            self.sidebar.set_selection(frozenset(), False, self.choice.any_tag)
            self.choice = self.choice.but(tags=frozenset(), favorites_only=False)
            self.note = note
            self.refilter()

    def action_leave_search(self) -> None:
        if self.focused is self.find_bar.input:
            self._find_done()
        else:
            self.focus_now(self.table)

    def action_find_in_text(self) -> None:
        self.find_bar.open()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # "/" typed in the search box is part of the query; in the text, it finds there.
        if action == "focus_search":
            return not isinstance(self.focused, Input | PostingDetail)
        if action == "find_in_text":
            return isinstance(self.focused, PostingDetail)
        if action == "leave_search":  # Enter elsewhere is the pane's own
            return self.focused is self.search or self.focused is self.find_bar.input
        return True

    def action_cycle_focus(self, direction: int) -> None:
        panes: list[Widget] = (
            [self.sidebar, self.table, self.detail] if self.sidebar.display else [self.table, self.detail]
        )
        focused = self.focused
        at = panes.index(focused) if focused in panes else (0 if direction > 0 else 1)
        self.focus_now(panes[(at + direction) % len(panes)])

    def action_copy_link(self) -> None:
        self.postings.copy_link()

    def action_copy_id(self) -> None:
        self.postings.copy_id()

    def action_copy_path(self) -> None:
        self.postings.copy_path()

    def action_pick_link(self) -> None:
        self.postings.pick_link()

    def action_open_link(self) -> None:
        self.postings.open_link()

    def action_toggle_favorite(self) -> None:
        self.postings.toggle_favorite()

    def action_hit(self, direction: int) -> None:
        self.detail.action_hit(direction)

    def action_sort(self, mode: str | None = None) -> None:
        self._keep_for_undo()
        self.choice = self.choice.but(sort=mode) if mode in SORTS else self.choice.next_sort()
        self.refilter()

    def action_show_favorites(self) -> None:
        self.sidebar.show_favorites()

    def action_jump_tag(self, tag: str) -> None:
        self.sidebar.select_tag(tag or None)

    def tag_totals(self) -> dict[str, int]:
        return self.session.tag_totals

    def keymap(self) -> dict[str, str]:
        return self.session.config.keys

    def action_show_problems(self) -> None:
        self.app.push_screen(ProblemsScreen(self.session.problems))

    def action_help(self) -> None:
        self.app.push_screen(HelpScreen(self.help_sections()))

    def help_sections(self) -> list[HelpSection]:
        """Keys per area, read from the live bindings (with the user's keymap)."""
        areas: list[tuple[str, list[DOMNode]]] = [
            ("Anywhere", [self.app, self]),
            ("Posting list", [self.table]),
            ("Tag sidebar", [self.sidebar]),
            ("Posting text", [self.detail]),
        ]
        return help_sections(areas, self.session.config.keys)
