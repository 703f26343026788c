"""The app: the session, the main screen, the app-wide keys and toasts."""

from __future__ import annotations

import asyncio
import contextlib
import datetime
import threading
import time
from collections import deque
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar

from textual import events
from textual.app import App
from textual.binding import Binding, BindingType
from textual.screen import ModalScreen, Screen

from tui import fast, store
from tui.config import Config, load_config
from tui.library import FACTS_LATER_ABOVE, Background
from tui.main_screen import FILTER_IN_THREAD_ABOVE, MainScreen
from tui.session import Session
from tui.text import visible, visible_lines


@dataclass(frozen=True)
class Toast:
    title: str
    message: str
    severity: str


@dataclass(frozen=True)
class Shown:
    """A toast on screen, until when, and of what kind (see JobBoard.notify)."""

    kind: str | None
    title: str
    message: str
    severity: Any
    markup: bool
    until: float


class DaemonThreads(ThreadPoolExecutor):
    """Each job in a daemon thread of its own. Thread workers run here (the
    loop's default executor): quitting never waits for one to finish (a
    pool's threads are joined at exit, and asyncio waits for them when the
    loop closes: a blank terminal until a long job was done, and Ctrl+C
    meanwhile a traceback). A ThreadPoolExecutor only in name: asyncio takes
    no other; none of its threads is started."""

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future[Any]:
        future: Future[Any] = Future()

        def run() -> None:
            if not future.set_running_or_notify_cancel():
                return
            try:
                result = fn(*args, **kwargs)
            except BaseException as exc:  # the worker's to report
                future.set_exception(exc)
            else:
                future.set_result(result)

        threading.Thread(target=run, name="jobboard-worker", daemon=True).start()
        return future

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        """Nothing to wait for: what still runs ends with the process."""


class JobBoard(App[None]):
    """Browse a directory of job postings."""

    TITLE = "jobboard"
    CSS_PATH = Path(__file__).parent / "app.tcss"
    AUTO_FOCUS = None  # focused in on_mount, before any key can arrive

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("q", "quit", "Quit", id="quit", tooltip="Quit jobboard"),
        # As in every terminal program (nothing is left unsaved: each mark is saved as it is made).
        Binding("ctrl+c", "quit", "Quit", show=False, priority=True),
    ]

    def __init__(
        self,
        root: Path,
        *,
        config: Config | None = None,
        state: store.StateStore | None = None,
        marks_path: Path | None = None,
        cache_dir: Path | bool | None = True,
        filter_in_thread_above: int = FILTER_IN_THREAD_ABOVE,
        facts_later_above: int | None = FACTS_LATER_ABOVE,
        when_searchable: Callable[[], object] = lambda: None,
        today: datetime.date | None = None,
        drafts: bool = False,
        started: tuple[Session, Background] | None = None,
    ) -> None:
        """``when_searchable`` is called once the board can be searched (or
        could not be read): the command uses it to settle the garbage collector.
        ``today``: the day follow-ups are due against (None: the clock's).
        ``facts_later_above``: see Session. ``started``: a session whose board
        is being read already (see tui.session.start_loading): the rest is
        its."""
        super().__init__()
        self.root = root
        if started is not None:
            self.session, self.loading = started
            self.config = self.session.config
        else:
            self.config = config or load_config()
            cache = store.cache_dir() if cache_dir is True else (cache_dir or None)
            self.session = Session(
                root,
                self.config,
                state or store.StateStore(),
                cache,
                marks_path=marks_path,
                today=today,
                drafts=drafts,
                facts_later_above=facts_later_above,
            )
            self.loading = Background(self.session.load)  # from now, while Textual starts
        self.fast_path = fast.check(self)
        self.filter_in_thread_above = filter_in_thread_above
        self.when_searchable = when_searchable
        self.said: deque[Toast] = deque(maxlen=100)  # the last toasts, oldest first
        self._shown: list[Shown] = []  # the toasts on screen (see notify)
        self._toasts_lock = threading.Lock()  # notify is called from threads too
        self._held_keys: list[events.Event] | None = []  # until the main screen is mounted (see on_event)

    async def action_quit(self) -> None:
        """Where the user is, saved for the next start (see MainScreen.resume)."""
        with contextlib.suppress(Exception):  # quitting never fails for it
            self.main.resume.save()
        await super().action_quit()

    def get_default_screen(self) -> Screen[Any]:
        return self.fast_path.speed_up(MainScreen)(
            self.session,
            self.loading,
            speed_up=self.fast_path.speed_up,
            when_searchable=self.when_searchable,
            filter_in_thread_above=self.filter_in_thread_above,
            id="_default",
        )

    @property
    def main(self) -> MainScreen:
        """The main screen (under any dialog)."""
        return next(screen for screen in self.screen_stack if isinstance(screen, MainScreen))

    def on_load(self) -> None:
        asyncio.get_running_loop().set_default_executor(DaemonThreads())

    def on_mount(self) -> None:
        if self.config.keys:
            self.set_keymap(self.config.keys)

    async def on_event(self, event: events.Event) -> None:
        """Keys (and pastes) typed before the main screen is mounted wait for
        it: handled earlier, they met a screen still being made ("/" took
        the focus, the query was not filtered, Enter failed on a pane not
        there yet and the keys after it went into the search box).

        A terminal sends Esc and a key typed right after it as one Alt+key:
        take it as the two keys, as vi does (so "Esc y" copies, never types y)."""
        if self._held_keys is not None and isinstance(event, events.Key | events.Paste):
            self._held_keys.append(event)
            return
        if isinstance(event, events.Key) and event.key.startswith("alt+") and len(event.key) == 5:
            char = event.key[4]
            if char.isprintable():
                in_dialog = isinstance(self.screen, ModalScreen)
                await super().on_event(events.Key("escape", "\x1b"))
                if in_dialog:  # Esc closed it: the key goes where it would go next
                    self.call_after_refresh(self.simulate_key, char)
                    return
                event = events.Key(char, char)
        await super().on_event(event)

    async def on_main_screen_ready(self) -> None:
        """The main screen can take keys: those typed meanwhile, in order,
        each handled by the widget it went to, and a query's whole answer
        shown, before the next is sent (a burst would reach the search box
        and the list in their own queues, and j could move the list before
        the query typed ahead had filtered it)."""
        held, self._held_keys = self._held_keys, None
        for event in held or []:
            if isinstance(event, events.Key) and event.key == "ctrl+j":
                # Typed before the app took the terminal: its line discipline
                # turned the Enter (CR) into a newline, read as Ctrl+J.
                event = events.Key("enter", "\r")
            await self.on_event(event)
            handled = asyncio.Event()
            (self.screen.focused or self.screen).call_later(handled.set)
            with suppress(TimeoutError):
                await asyncio.wait_for(handled.wait(), 1.0)
            # And a query typed ahead answered whole (the text's hits too):
            # the keys typed after it act on the list it gives.
            for _ in range(100):
                if not self.main.text_pending:
                    break
                await asyncio.sleep(0.01)

    def action_screenshot(self, filename: str | None = None, path: str | None = None) -> None:
        """The palette's "Save screenshot": an SVG of the screen in the
        Downloads folder (or ``path``), and where it went or why it did not."""
        import platformdirs

        folder = Path(path) if path else Path(platformdirs.user_downloads_dir())
        target = folder / (filename or f"jobboard {datetime.datetime.now():%Y-%m-%d %H.%M.%S}.svg")
        try:
            svg = self.export_screenshot()
            folder.mkdir(parents=True, exist_ok=True)
            target.write_text(svg, encoding="utf-8")
        except OSError as exc:
            why = exc.strerror or type(exc).__name__
            self.notify(f"Could not save the screenshot to {target}: {why}", title="Screenshot", severity="error")
            return
        self.notify(f"Saved the screenshot to {target}", title="Screenshot")

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: Any = "information",
        timeout: float | None = None,
        markup: bool = False,
        kind: str | None = None,
    ) -> None:
        """Every toast, ours and Textual's, with anything from disk (a path, a
        file name, an error quoting one) made visible. Plain text unless asked
        (only Textual's own messages ask for markup). A toast of a ``kind``
        (copied, marked...) replaces the one of that kind still shown: five
        copies in a row are one toast, not a pile over the text."""
        toast = Toast(visible(title), visible_lines(message), severity)
        self.said.append(toast)
        timeout = self.NOTIFICATION_TIMEOUT if timeout is None else timeout
        with self._toasts_lock:
            now = time.monotonic()
            shown = [t for t in self._shown if t.until > now]
            new = Shown(kind, toast.title, toast.message, severity, markup, now + timeout)
            replaces = kind is not None and any(t.kind == kind for t in shown)
            self._shown = [*(t for t in shown if t.kind != kind or kind is None), new]
            if not replaces:
                super().notify(toast.message, title=toast.title, severity=severity, timeout=timeout, markup=markup)
                return
            # Textual removes one toast only by a private name: all go, the
            # others come back. After the toasts already on their way (a
            # toast is a message): cleared before them, they would stay.
            self.call_later(self._show_again, list(self._shown))

    def _show_again(self, toasts: list[Shown]) -> None:
        self.clear_notifications()
        now = time.monotonic()
        for t in toasts:
            if t.until > now:
                super().notify(t.message, title=t.title, severity=t.severity, timeout=t.until - now, markup=t.markup)
