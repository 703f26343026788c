"""The app: composes the widgets, declares the bindings, routes messages."""

from __future__ import annotations

import gc
import os
import sys
from collections import Counter
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any, ClassVar

from rich.text import Text
from textual import events, on, work
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Container, Horizontal, Vertical
from textual.message import Message
from textual.screen import ModalScreen, Screen
from textual.timer import Timer
from textual.widgets import Input, Label

from tui import clipboard, store
from tui.browse import SORTS, Browser, Choice
from tui.config import Config, load_config
from tui.library import Background, Board, BoardError, Progress, load_board, read_posting
from tui.posting import ALLOWED_SCHEMES, Link, Parsed, Posting
from tui.search import MAX_TERMS, Index, Query
from tui.text import visible, visible_lines
from tui.widgets.commands import JobBoardCommands
from tui.widgets.key_bar import KeyBar
from tui.widgets.lines import DirectScreen
from tui.widgets.posting_detail import PostingDetail
from tui.widgets.posting_table import PostingTable
from tui.widgets.screens import HelpScreen, HelpSection, LinkPicker, ProblemsScreen
from tui.widgets.search_box import SearchBox
from tui.widgets.status_bar import StatusBar
from tui.widgets.tag_sidebar import TagSidebar

#: How long the first frame may wait for the board (seconds).
FIRST_FRAME_WAIT = 0.2

#: Boards larger than this are filtered in a thread worker; smaller ones inline.
FILTER_IN_THREAD_ABOVE = 20_000


@dataclass
class BoardLoaded:
    """What the loading thread hands over."""

    board: Board
    missing: list[Posting]


@dataclass
class IndexReady(Message):
    index: Index


class LoadFinished(Message):
    """The loading thread is done (posted from it)."""


@dataclass
class Filtered:
    """A filter's result, applied by post_filtered (on the UI thread)."""

    generation: int
    rows: Any
    counts: dict[str, int]
    total: int
    new_query: bool = False


class JobBoard(App[None]):
    """Browse a directory of job postings."""

    TITLE = "jobboard"
    CSS_PATH = Path(__file__).parent / "app.tcss"
    COMMANDS: ClassVar = {*App.COMMANDS, JobBoardCommands}
    AUTO_FOCUS = None  # focused in on_mount, before any key can arrive
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (120, "-wide")]

    BINDINGS: ClassVar[list[BindingType]] = [
        # "/" and Esc are priority bindings: they move the focus before the keys
        # typed right after them are delivered, so none of those keys is lost.
        Binding("slash", "focus_search", "Search", priority=True, id="search", tooltip="Type to filter (fzf syntax)"),
        Binding(
            "escape",
            "escape",
            "Back",
            show=False,
            priority=True,
            id="escape",
            tooltip="Leave the search box; again: clear",
        ),
        Binding("y", "copy_link", "Copy link", id="copy-link", tooltip="Copy the application link"),
        Binding("Y", "pick_link", "Pick link", show=False, id="pick-link", tooltip="Choose a link to copy"),
        Binding("o", "open_link", "Open", id="open-link", tooltip="Open the application link in the browser"),
        Binding("f", "toggle_favorite", "Favorite", id="favorite", tooltip="Mark or unmark as a favorite"),
        Binding("s", "sort", "Sort", show=False, id="sort", tooltip="Next sort order"),
        Binding(
            "exclamation_mark",
            "show_problems",
            "Problems",
            show=False,
            id="problems",
            tooltip="Files that could not be read, and why",
        ),
        Binding(
            "tab",
            "cycle_focus(1)",
            "Next pane",
            show=False,
            priority=True,
            id="next-pane",
            tooltip="Sidebar, list, text",
        ),
        Binding("shift+tab", "cycle_focus(-1)", "Prev pane", show=False, priority=True, id="prev-pane", tooltip="Back"),
        Binding("question_mark", "help", "Help", id="help", tooltip="Every key"),
        Binding("q", "quit", "Quit", id="quit", tooltip="Quit jobboard"),
    ]

    def __init__(
        self,
        root: Path,
        *,
        config: Config | None = None,
        state: store.StateStore | None = None,
        cache_dir: Path | bool | None = True,
        filter_in_thread_above: int = FILTER_IN_THREAD_ABOVE,
    ) -> None:
        super().__init__()
        self.root = root
        self.config = config or load_config()
        self.state = state or store.StateStore()
        self._cache_dir = store.cache_dir() if cache_dir is True else (cache_dir or None)
        self.filter_in_thread_above = filter_in_thread_above
        self.board: Board | None = None
        self.index: Index | None = None
        self.postings: list[Posting] = []
        self.missing: set[str] = set()
        self.favorites: dict[str, str] = {}
        self.problems: list[str] = list(self.config.problems)
        self.choice = Choice()  # what the user has chosen: query, tags, favorites, sort
        self.browser: Browser | None = None
        self._generation = 0
        self._shown_generation = 0
        self._query_waiting = False  # a query typed while the index was being built
        self._load_timer: Timer | None = None
        self._loading: Background | None = Background(self._load_job)
        self._all_tags: dict[str, int] = {}

    # -- layout ---------------------------------------------------------------
    def get_default_screen(self) -> Screen[Any]:
        return DirectScreen(id="_default")

    def compose(self) -> ComposeResult:
        with Horizontal(id="top"):
            yield Label("/", id="search-prompt")
            yield SearchBox(
                placeholder="search: words, 'exact ^start end$ !not a|b tag:x org:x",
                id="search",
                select_on_focus=False,
            )
        with Horizontal(id="body"):
            yield TagSidebar(id="tags")
            with Container(id="main"):
                with Vertical(id="list"):
                    yield StatusBar(Text("Loading…"), id="status")
                    yield PostingTable(id="table")
                yield PostingDetail(self._read, id="detail")
        yield KeyBar()

    def on_mount(self) -> None:
        self.watch(self.query_one(SearchBox), "value", self._query_changed, init=False)
        if self.config.keys:
            self.set_keymap(self.config.keys)
        if self.screen.focused is None:
            self._focus(self.query_one(PostingTable))
        if self._loading is not None:
            # A board read from the cache takes a few tens of milliseconds:
            # give it that (uncontended) so its rows are in the first frame,
            # rather than painting "Loading" and then everything again.
            # Keys typed meanwhile wait in the driver's queue.
            self._loading.finished.wait(FIRST_FRAME_WAIT)
        self._check_load()
        if self._loading is not None:
            self._load_timer = self.set_interval(0.05, self._check_load)  # progress
            self._loading.when_finished(lambda: self.post_message(LoadFinished()))

    def on_load_finished(self) -> None:
        self._check_load()

    # -- loading ----------------------------------------------------------------
    def _read(self, posting: Posting) -> Parsed:
        if self.board is not None:
            return self.board.read(posting.id, self.config.aliases)
        return read_posting(self.root, posting.id, self.config.aliases)

    def _load_job(self, progress: Progress) -> BoardLoaded:
        """Runs in a thread from the moment the app is created."""
        try:
            self.favorites = self.state.favorites(self._board_key)
        except Exception as exc:  # the user's marks must never keep the board from loading
            self.favorites = {}
            self.state.notices.append(visible(f"Favorites could not be read: {exc}"))
        board = load_board(self.root, aliases=self.config.aliases, cache_dir=self._cache_dir, progress=progress)
        present = {p.id for p in board.postings}
        missing = [
            Posting(fav_id, visible(fav_id), "", f"(missing) {visible(fav_id)}", None, ())
            for fav_id in sorted(self.favorites)
            if fav_id not in present
        ]
        return BoardLoaded(board, missing)

    def _check_load(self) -> None:
        """Show the board as soon as it is read; until then, the progress."""
        loading = self._loading
        if loading is None:
            return
        if not loading.finished.is_set():
            if loading.total:
                self.query_one(StatusBar).update(Text(f"Loading postings… {loading.done:,} of {loading.total:,}"))
            return
        self._loading = None
        if self._load_timer is not None:
            self._load_timer.stop()
        if loading.error is not None:
            error = loading.error
            message = visible(str(error) if isinstance(error, BoardError) else f"{type(error).__name__}: {error}")
            self.query_one(StatusBar).update(Text(f"Could not read the postings: {message}"))
            self.notify(message, title="Could not read the postings", severity="error")
            self._settle_collector()
            return
        self.on_board_loaded(loading.result)
        # Index once the rows are on screen: building it (numpy) competes
        # with the first frame for the interpreter.
        self.call_after_refresh(self._build_index, loading.result)

    @work(thread=True, exclusive=True, group="index")
    def _build_index(self, loaded: BoardLoaded) -> None:
        self.post_message(IndexReady(Index([*loaded.board.postings, *loaded.missing])))
        from tui.widgets.posting_detail import markdown

        markdown("warm *up*")  # import the Markdown renderer now, not on the first posting read
        import rapidfuzz.process  # noqa: F401  # and the scorer of close spellings (40 ms), not on a keystroke

    @cached_property
    def _board_key(self) -> str:
        """The board under which favorites are saved: its resolved path."""
        return str(self.root.resolve())

    def on_board_loaded(self, message: BoardLoaded) -> None:
        board = message.board
        self.board = board
        self.postings = [*board.postings, *message.missing]
        self.missing = {p.id for p in message.missing}
        self.problems = [*self.config.problems, *self.state.notices, *(str(p) for p in board.problems)]
        self._all_tags = dict(Counter(tag for p in board.postings for tag in p.tags))
        sidebar = self.query_one(TagSidebar)
        sidebar.set_tags(self._all_tags)
        sidebar.set_counts(len(board.postings), len(self.favorites), self._all_tags)
        table = self.query_one(PostingTable)
        table.missing = self.missing
        table.set_favorites(self.favorites)
        if self.index is None:  # newest first until the index can search
            table.show(self.postings, list(range(len(board.postings))), self.search_query)
            self._status(len(board.postings))
        self._report_state_notices()
        bad = len(board.problems)
        if bad:
            self.notify(
                f"{bad} file{'s' if bad != 1 else ''} had problems; the rest loaded. Press ! to see which and why.",
                severity="warning",
                timeout=8,
                markup=False,
            )

    def _report_state_notices(self) -> None:
        """Tell the user about a saved-state file that was set aside."""
        for notice in self.state.notices:
            self.notify(notice, title="Saved state", severity="warning", timeout=15, markup=False)
        self.state.notices.clear()

    def on_index_ready(self, message: IndexReady) -> None:
        """Searching is possible: apply whatever was typed or chosen meanwhile."""
        self.index = message.index
        self.browser = Browser(self.postings, message.index, len(self.missing))
        self._settle_collector()
        # search_query has followed the box all along; one typed meanwhile
        # puts the cursor on its best match, as typing does.
        self.refilter(new_query=self._query_waiting)
        self._query_waiting = False

    @staticmethod
    def _settle_collector() -> None:
        """The board and the UI live as long as the app: move them out of the
        collector's sight, or each full collection walks 100,000 postings (a
        stall of a tenth of a second while holding j down). The jobboard
        command starts with the collector off (see cli.prepare); it is on from here."""
        gc.collect()
        gc.freeze()
        # What is left to collect is what frames and keystrokes make and drop
        # (strips, segments): collect it in batches, not every 700 objects
        # (a collection every few milliseconds while typing).
        gc.set_threshold(20_000, 20, 20)
        gc.enable()

    def tag_totals(self) -> dict[str, int]:
        return self._all_tags

    # -- filtering ----------------------------------------------------------------
    @property
    def search_query(self) -> Query:
        return self.choice.query

    @property
    def tags(self) -> frozenset[str]:
        return self.choice.tags

    @property
    def sort_mode(self) -> str:
        return self.choice.sort

    def refilter(self, new_query: bool = False) -> None:
        """Filter again; ``new_query`` puts the cursor back on the best match."""
        browser = self.browser
        if browser is None:  # applied when the index is ready (on_index_ready)
            if self.board is not None:
                self._status(len(self.board.postings))
            return
        self._generation += 1
        masks = browser.mask(self.choice, self.favorites)  # here: the favorites may change meanwhile
        if len(browser.index) > self.filter_in_thread_above:
            self._filter_worker(browser, self._generation, self.choice, masks, new_query)
        else:
            self.post_filtered(self._filter(browser, self._generation, self.choice, masks, new_query))

    def _filter(self, browser: Browser, generation: int, choice: Choice, masks: Any, new_query: bool) -> Filtered:
        result = browser.result(choice, masks)
        return Filtered(generation, result.rows, result.counts, result.total, new_query)

    @work(thread=True, exclusive=True, group="filter")
    def _filter_worker(self, browser: Browser, generation: int, choice: Choice, masks: Any, new_query: bool) -> None:
        result = self._filter(browser, generation, choice, masks, new_query)
        self.call_from_thread(self.post_filtered, result)

    def post_filtered(self, result: Filtered) -> None:
        if result.generation != self._generation:
            return  # a newer query is on its way
        self._shown_generation = result.generation
        table = self.query_one(PostingTable)
        current = table.current
        keep = current.id if current is not None and not result.new_query else None
        table.show(self.postings, result.rows, self.search_query, keep=keep)
        # The list first; the sidebar's counts follow in the next frame.
        self.call_after_refresh(self.query_one(TagSidebar).set_counts, result.total, len(self.favorites), result.counts)
        self._status(len(result.rows))

    def _status(self, shown: int) -> None:
        total = len(self.postings) - len(self.missing)
        choice = self.choice
        if self.index is None and choice.filtered:
            # The board is shown, the search index not built yet: say so
            # rather than "all of them match".
            text = Text(f"{total:,} postings", style="bold")
            text.append(" · getting the search ready…", style="dim")
            self.query_one(StatusBar).update(text)
            return
        text = Text(f"{shown:,} of {total:,} postings", style="bold")
        if self.search_query.left_out:  # before the query, which the line may cut
            text.append(f" · first {MAX_TERMS} terms only", style="bold")
        if not self.search_query.empty:
            text.append(" matching ")
            text.append(" ".join(" | ".join(map(str, g)) for g in self.search_query.groups), style="italic")
        if choice.tags:
            joiner = " or " if choice.any_tag else " and "
            text.append(" · tagged ")
            text.append(joiner.join(sorted(choice.tags)), style="italic")
        if choice.favorites_only:
            text.append(" · ★ favorites")
        if choice.sort != "best" or not choice.query.empty:
            text.append(f" · {SORTS[choice.sort]}", style="dim")
        self.query_one(StatusBar).update(text)

    def _query_changed(self, value: str) -> None:
        """Watches the search box: filtering starts while the key is handled,
        so the typed character and the new list reach the screen in one frame."""
        self.choice = self.choice.but(query=value)
        self._query_waiting = self.index is None
        self.refilter(new_query=True)

    @on(Input.Submitted, "#search")
    def _query_submitted(self) -> None:
        self._focus(self.query_one(PostingTable))

    @on(TagSidebar.Changed)
    def _tags_changed(self, event: TagSidebar.Changed) -> None:
        self.choice = self.choice.but(tags=event.tags, favorites_only=event.favorites, any_tag=event.any_of)
        self.refilter()

    @on(PostingTable.Highlighted)
    def _highlighted(self, event: PostingTable.Highlighted) -> None:
        self.query_one(PostingDetail).show(event.posting)

    @on(PostingTable.Chosen)
    def _chosen(self) -> None:
        self._focus(self.query_one(PostingDetail))

    @on(PostingDetail.LinkClicked)
    def _link_clicked(self, event: PostingDetail.LinkClicked) -> None:
        self._open(event.url)

    async def on_event(self, event: events.Event) -> None:
        """A terminal sends Esc and a key typed right after it as one Alt+key:
        take it as the two keys, as vi does (so "Esc y" copies, never types y)."""
        if isinstance(event, events.Key) and event.key.startswith("alt+") and len(event.key) == 5:
            char = event.key[4]
            if char.isprintable():
                if isinstance(self.screen, ModalScreen):
                    # Esc closes the dialog; the key goes where it would go next.
                    await super().on_event(events.Key("escape", "\x1b"))
                    self.call_after_refresh(self.simulate_key, char)
                    return
                self.action_escape()
                event = events.Key(char, char)
        await super().on_event(event)

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: Any = "information",
        timeout: float | None = None,
        markup: bool = False,
    ) -> None:
        """Every toast, ours and Textual's, with anything from disk (a path, a
        file name, an error quoting one) made visible. Plain text unless asked
        (only Textual's own messages ask for markup)."""
        super().notify(visible_lines(message), title=visible(title), severity=severity, timeout=timeout, markup=markup)

    # -- actions -------------------------------------------------------------------
    @property
    def current(self) -> Posting | None:
        return self.query_one(PostingTable).current

    def _focus(self, widget: Any) -> None:
        """Focus now, not after pending messages: keys typed right after "/" must
        reach the search box."""
        self.screen.set_focus(widget)

    def action_focus_search(self) -> None:
        self._focus(self.query_one("#search", Input))

    def action_escape(self) -> None:
        search = self.query_one("#search", Input)
        if search.has_focus:
            self._focus(self.query_one(PostingTable))
        elif search.value:
            search.value = ""
        elif self.choice.tags or self.choice.favorites_only:
            self.query_one(TagSidebar).clear()
        elif isinstance(self.screen.focused, PostingDetail | TagSidebar):
            self._focus(self.query_one(PostingTable))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if isinstance(self.screen, ModalScreen) and action in ("cycle_focus", "focus_search", "escape"):
            return False  # in a dialog these keys belong to the dialog
        # "/" typed in the search box is part of the query.
        return not (action == "focus_search" and isinstance(self.screen.focused, Input))

    def action_cycle_focus(self, direction: int) -> None:
        panes = [self.query_one(TagSidebar), self.query_one(PostingTable), self.query_one(PostingDetail)]
        focused = self.screen.focused
        at = panes.index(focused) if focused in panes else (0 if direction > 0 else 1)
        self._focus(panes[(at + direction) % len(panes)])

    def links_of(self, posting: Posting) -> list[Link]:
        """The posting's links (application link first), read from its file
        unless the detail pane already has them."""
        detail = self.query_one(PostingDetail)
        if detail.posting is not None and detail.posting.id == posting.id and detail.links:
            links = detail.links
        else:
            try:
                links = self._read(posting).links
            except Exception:  # removed or unreadable since the scan
                links = []
        return [link for link in links if link.url.split(":", 1)[0].lower() in ALLOWED_SCHEMES]

    def copy_text(self, text: str) -> str:
        return clipboard.copy(text, self.copy_to_clipboard)

    def _copy_link(self, url: str, title: str) -> None:
        where = self.copy_text(url)
        self.notify(f"Copied {url}\nto the {where}.", title=title, markup=False)

    def action_copy_link(self) -> None:
        posting = self.current
        if posting is None:
            self.notify("No posting selected.", severity="warning", markup=False)
            return
        links = self.links_of(posting)
        if not links:
            self.notify("This posting has no link to copy.", severity="warning", markup=False)
            return
        self._copy_link(links[0].url, "Application link")

    def action_pick_link(self) -> None:
        posting = self.current
        if posting is None:
            return
        links = self.links_of(posting)
        if len(links) <= 1:
            self.action_copy_link()
            return

        def picked(url: str | None) -> None:
            if url:
                self._copy_link(url, "Link")

        self.push_screen(LinkPicker(links, posting.title), picked)

    def action_open_link(self) -> None:
        posting = self.current
        links = self.links_of(posting) if posting else []
        if not links:
            self.notify("This posting has no link to open.", severity="warning", markup=False)
            return
        self._open(links[0].url)

    def _open(self, url: str) -> None:
        if url.split(":", 1)[0].lower() not in ALLOWED_SCHEMES:
            self.notify(f"Not opening {url}: only http, https and mailto links.", severity="error", markup=False)
            return
        if not _browser_available():
            where = self.copy_text(url)
            self.notify(f"No browser here, so copied {url}\nto the {where}.", title="Open link", markup=False)
            return
        self.open_url(url)
        self.notify(f"Opening {url}", markup=False)

    def action_toggle_favorite(self) -> None:
        posting = self.current
        if posting is None:
            return
        on = posting.id not in self.favorites
        try:
            self.favorites = self.state.set_favorite(self._board_key, posting.id, on)
        except Exception as exc:  # disk full, lock timeout, permissions: say so, keep going
            self.notify(f"Could not save the favorite: {exc}", severity="error", markup=False)
            return
        self._report_state_notices()
        self.query_one(PostingTable).set_favorites(self.favorites)
        self.notify(("★ Marked " if on else "Unmarked ") + posting.title, markup=False, timeout=2)
        self.refilter()

    def action_sort(self, mode: str | None = None) -> None:
        self.choice = self.choice.but(sort=mode) if mode in SORTS else self.choice.next_sort()
        self.refilter()

    def action_show_favorites(self) -> None:
        sidebar = self.query_one(TagSidebar)
        sidebar.selected.clear()
        sidebar.favorites_only = True
        sidebar._changed()

    def action_jump_tag(self, tag: str) -> None:
        self.query_one(TagSidebar).select_tag(tag or None)

    def action_show_problems(self) -> None:
        self.push_screen(ProblemsScreen(self.problems))

    def action_help(self) -> None:
        self.push_screen(HelpScreen(self.help_sections()))

    def help_sections(self) -> list[HelpSection]:
        """Keys per area, read from the live bindings (with the user's keymap)."""
        areas = [
            ("Anywhere", self),
            ("Posting list", self.query_one(PostingTable)),
            ("Tag sidebar", self.query_one(TagSidebar)),
            ("Posting text", self.query_one(PostingDetail)),
        ]
        sections: list[HelpSection] = []
        seen_ids: set[str] = set()
        for title, node in areas:
            bindings = node._bindings.copy()
            if self._keymap:
                bindings.apply_keymap(self._keymap)
            rows: dict[str, tuple[list[str], str]] = {}
            for key, items in bindings.key_to_bindings.items():
                for binding in items:
                    ident = binding.id or binding.action
                    if title != "Anywhere" and (ident in seen_ids or binding.id is None):
                        continue  # a widget's inherited scroll keys (left, right...) say nothing here
                    keys, _ = rows.setdefault(ident, ([], binding.tooltip or binding.description))
                    if key not in keys:
                        keys.append(key)
            seen_ids.update(rows)
            if title == "Anywhere":
                rows.setdefault("command_palette", (["ctrl+p"], "Command palette: every command, tags, sort"))
            sections.append((title, [(",".join(keys), text, ident) for ident, (keys, text) in rows.items()]))
        return sections


def _browser_available() -> bool:
    if sys.platform in ("darwin", "win32", "cygwin") or os.environ.get("BROWSER"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))
