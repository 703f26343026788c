"""The main screen: search box, tag sidebar, posting list and text, key bar.

It shows a :class:`~tui.session.Session` through a :class:`~tui.browse.Browser`:
widget messages change the :class:`~tui.browse.Choice`, its result goes back
to the widgets through their public methods.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Container, Horizontal, Vertical
from textual.message import Message
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Input, Label

from tui import actions
from tui.browse import Browser, Choice
from tui.library import Background
from tui.parts import keys
from tui.parts.changes import Changes
from tui.parts.filtering import FILTER_IN_THREAD_ABOVE, Filtered, Filtering
from tui.parts.focus import Focus
from tui.parts.hunt import Hunt
from tui.parts.layout import Layout
from tui.parts.loading import (
    BodiesIndexed,
    BodiesProgress,
    FactsRead,
    IndexReady,
    Loader,
    LoadFinished,
    RepostsFound,
)
from tui.parts.posting_actions import PostingActions
from tui.parts.resume import Resume
from tui.parts.status_line import StatusLine
from tui.search import Index, find_pattern
from tui.session import Session
from tui.widgets.commands import JobBoardCommands
from tui.widgets.find_bar import FindBar
from tui.widgets.key_bar import KeyBar
from tui.widgets.posting_detail import PostingDetail
from tui.widgets.posting_table import PostingTable
from tui.widgets.screens import HelpScreen, ProblemsScreen
from tui.widgets.search_box import SearchBox
from tui.widgets.status_bar import StatusBar
from tui.widgets.tag_sidebar import TagSidebar

# MainScreen; its messages and filter results, as other code knows them (they live in tui/parts/).
__all__ = ["BodiesIndexed", "BodiesProgress", "Filtered", "IndexReady", "LoadFinished", "MainScreen"]


class MainScreen(Screen[None]):
    """Composes the panes and routes: widget messages and the actions go to
    the parts (tui/parts/), which do the work."""

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
        self.index: Index | None = None
        self.choice = Choice()  # what the user has chosen: query, tags, filters, sort
        self.browser: Browser | None = None
        self.panes = Layout(self)
        self.loader = Loader(self, loading, self.panes)
        self.changes = Changes(self, self.loader)
        self.filtering = Filtering(self, self.loader, self.changes, filter_in_thread_above)
        self.postings = PostingActions(self)
        self.hunt = Hunt(self, self.changes)
        self.resume = Resume(self, self.loader, self.changes)
        self.focusing = Focus(self, self.changes)
        self.status = StatusLine(self, self.loader, self.changes, self.filtering)

    def compose(self) -> ComposeResult:
        widget = self.speed_up  # its fast subclass, with the fast path on
        with Horizontal(id="top"):
            yield Label("/", id="search-prompt")
            search = widget(SearchBox)(
                placeholder="search: words, 'exact ^start end$ !not a|b tag:x org:x",
                id="search",
                select_on_focus=False,
            )
            search.cursor_blink = self.session.config.cursor_blink
            yield search
        with Horizontal(id="body"):
            yield widget(TagSidebar)(id="tags")
            with Container(id="main"):
                with Vertical(id="list"):
                    yield widget(StatusBar)(Text("Loading…"), id="status")
                    yield widget(PostingTable)(id="table")
                with Vertical(id="reader"):
                    yield widget(PostingDetail)(self.session.read, id="detail")
                    yield FindBar(id="find")
        yield widget(KeyBar)()

    # Read by the app and the tests.
    @property
    def bodies_state(self) -> str | None:
        return self.loader.bodies_state

    @property
    def text_pending(self) -> bool:
        return self.filtering.text_pending

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
        self.watch(self.search, "value", self.changes.query_changed, init=False)
        self.panes.apply()
        keys.check_keymap(self, node=self)
        self.focus_now(self.table)
        self.loader.start()

    def on_resize(self) -> None:
        self.panes.apply()

    # -- messages, each handed to the part it is for ------------------------------
    def on_load_finished(self) -> None:
        self.loader.check()

    def on_index_ready(self, message: IndexReady) -> None:
        self.loader.index_ready(message)

    def on_reposts_found(self, message: RepostsFound) -> None:
        self.loader.reposts_found(message)

    def on_facts_read(self, message: FactsRead) -> None:
        self.loader.facts_read(message)

    def on_bodies_progress(self, message: BodiesProgress) -> None:
        self.loader.bodies_progress(message)

    def on_bodies_indexed(self, message: BodiesIndexed) -> None:
        self.loader.bodies_indexed(message)

    @on(TagSidebar.Changed)
    def _tags_changed(self, event: TagSidebar.Changed) -> None:
        self.changes.tags_changed(event.tags, event.filters, event.any_of)

    @on(Input.Submitted, "#search")
    def _query_submitted(self) -> None:
        self.focus_now(self.table)

    @on(SearchBox.MoveCursor)
    def _move_from_the_box(self, event: SearchBox.MoveCursor) -> None:
        self.table.action_cursor(event.delta)

    def on_descendant_blur(self, event: events.DescendantBlur) -> None:
        self.focusing.blurred(event.widget)

    @on(PostingTable.Highlighted)
    def _highlighted(self, event: PostingTable.Highlighted) -> None:
        self.detail.show(event.posting)

    @on(PostingDetail.Shown)
    def _shown(self, event: PostingDetail.Shown) -> None:
        self.hunt.seen(event.posting)

    @on(PostingTable.Chosen)
    def _chosen(self) -> None:
        self.focus_now(self.detail)

    @on(FindBar.Changed)
    def _find_changed(self, event: FindBar.Changed) -> None:
        self.detail.find(find_pattern(event.text))

    @on(PostingDetail.Found)
    def _found(self, event: PostingDetail.Found) -> None:
        self.find_bar.set_count(event.count, event.shown)

    @on(PostingDetail.LinkClicked)
    def _link_clicked(self, event: PostingDetail.LinkClicked) -> None:
        self.postings.open(event.url)

    # -- what the parts ask of each other, through the screen (see parts/host.py) ----
    def refilter(self, new_query: bool = False) -> None:
        self.filtering.refilter(new_query)
        self.resume.changed()

    def show_status(self, shown: int) -> None:
        self.status.show(shown)

    def show_marks(self) -> None:
        self.hunt.show_marks()

    def resume_where_left(self, focus: bool) -> None:
        self.resume.give_focus() if focus else self.resume.restore()

    def focus_now(self, widget: Widget) -> None:
        """Focus now, not after pending messages: keys typed right after "/" must
        reach the search box."""
        self.set_focus(widget)

    # -- the actions (tui/actions.py declares them), each routed to its part ---------
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # "/" typed in the search box is part of the query; in the text, it finds there.
        if action == "focus_search":
            return not isinstance(self.focused, Input | PostingDetail)
        if action == "find_in_text":
            return isinstance(self.focused, PostingDetail)
        if action == "leave_search":  # Enter elsewhere is the pane's own
            return self.focused is self.search or self.focused is self.find_bar.input
        return True

    def action_focus_search(self) -> None:
        self.focus_now(self.search)

    def action_escape(self) -> None:
        self.focusing.escape(help_panel_shown=bool(self.query("HelpPanel")))

    def action_leave_search(self) -> None:
        self.focusing.leave_search()

    def action_cycle_focus(self, direction: int) -> None:
        self.focusing.cycle(direction)

    def action_find_in_text(self) -> None:
        self.find_bar.open()

    def action_hit(self, direction: int) -> None:
        self.detail.action_hit(direction)

    def action_undo(self) -> None:
        self.changes.undo()

    def action_sort(self, mode: str | None = None) -> None:
        self.changes.sort(mode)

    def action_show_favorites(self) -> None:
        self.sidebar.show_favorites()

    def action_jump_tag(self, tag: str) -> None:
        self.sidebar.select_tag(tag or None)

    def action_show_problems(self) -> None:
        self.app.push_screen(ProblemsScreen(self.session.problems))

    def action_help(self) -> None:
        self.app.push_screen(HelpScreen(keys.sections(self, node=self)))

    # -- for the command palette ------------------------------------------------------
    def tag_totals(self) -> dict[str, int]:
        return self.session.tag_totals

    def keymap(self) -> dict[str, str]:
        return self.session.config.keys


actions.route(MainScreen, actions.SCREEN)  # the actions routed to a part (the hunt's)
