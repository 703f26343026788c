"""One board being worked through: its postings, the user's marks, what went wrong.

The app shows a session; nothing here imports Textual. What the user does
about a posting (favorites today; a pipeline and notes to come) is read and
saved here, through the store.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from tui import store
from tui.bodies import BodyIndex, Updated, index_path
from tui.config import Config
from tui.library import Board, Progress, load_board, read_posting
from tui.posting import ALLOWED_SCHEMES, Link, Parsed, Posting
from tui.text import visible


@dataclass
class Loaded:
    """What the loading thread hands over."""

    board: Board
    missing: list[Posting]  # favorites whose file is gone, as rows
    #: (files loaded with problems, files left out, files whose problems are new since the last start)
    problems: tuple[int, int, int] = (0, 0, 0)


class Session:
    def __init__(self, root: Path, config: Config, state: store.StateStore, cache_dir: Path | None) -> None:
        self.root = root
        self.config = config
        self.state = state
        self.cache_dir = cache_dir
        self.board: Board | None = None
        self.postings: list[Posting] = []  # the board's, then the missing favorites
        self.missing: set[str] = set()
        self.favorites: dict[str, str] = {}
        self.problems: list[str] = list(config.problems)
        self.tag_totals: dict[str, int] = {}
        self.ui: dict[str, object] = {}  # the user's layout choices (see store.StateStore.ui)
        self.problem_counts = (0, 0, 0)  # see Loaded.problems

    @cached_property
    def board_key(self) -> str:
        """The board under which the user's marks are saved: its resolved path."""
        return str(self.root.resolve())

    @property
    def count(self) -> int:
        """Postings on the board (missing favorites not counted)."""
        return len(self.postings) - len(self.missing)

    def load(self, progress: Progress) -> Loaded:
        """Read the marks and the board (in a thread, from the moment the app starts)."""
        saved = store.State()
        try:
            saved = self.state.load()  # once: the marks, the layout, the problems said
            self.favorites = dict(saved.favorites(self.board_key))
            self.ui = saved.ui()
        except Exception as exc:  # the user's marks must never keep the board from loading
            self.favorites = {}
            self.state.notices.append(visible(f"Favorites could not be read: {exc}"))
        board = load_board(self.root, aliases=self.config.aliases, cache_dir=self.cache_dir, progress=progress)
        present = {p.id for p in board.postings}
        missing = [
            Posting(fav_id, visible(fav_id), "", f"(missing) {visible(fav_id)}", None, ())
            for fav_id in sorted(self.favorites)
            if fav_id not in present
        ]
        return Loaded(board, missing, self._problems_news(board, saved))

    def take(self, loaded: Loaded) -> None:
        """Show what was loaded (on the UI thread)."""
        board = loaded.board
        self.board = board
        self.postings = [*board.postings, *loaded.missing]
        self.missing = {p.id for p in loaded.missing}
        self.problems = [*self.config.problems, *self.state.notices, *(str(p) for p in board.problems)]
        self.tag_totals = dict(Counter(tag for p in board.postings for tag in p.tags))
        self.problem_counts = loaded.problems

    def index_bodies(self, progress: Progress | None = None) -> tuple[BodyIndex, Updated]:
        """The board's body index, brought up to date (in a thread: it reads
        every posting that changed since the last time)."""
        board = self.board
        assert board is not None
        path = index_path(self.cache_dir, board.root) if self.cache_dir is not None else None
        bodies = BodyIndex(path, board.root)
        updated = bodies.update((p.id for p in board.postings), board.read_bodies, progress)
        return bodies, updated

    def _problems_news(self, board: Board, saved: store.State) -> tuple[int, int, int]:
        """(files with problems that loaded, files left out, files with a
        problem not said at the last start); from now on those count as said.
        With a state file that cannot be used as it is, all are new (and it
        is not written: it is set aside only when the user marks something)."""
        present = {p.id for p in board.postings}
        paths = {p.path for p in board.problems}
        left_out = sum(1 for path in paths if path not in present)
        new = paths
        if not self.state.notices:
            try:
                lines = sorted(map(str, board.problems))
                seen = saved.problems_seen(self.board_key)
                if seen is not None:
                    unseen = set(seen.unseen(lines))
                    new = {p.path for p in board.problems if str(p) in unseen} if unseen else set()
                now = store.ProblemsSeen.of(lines)
                every_line = "problems_said" in saved.boards.get(self.board_key, {})  # as earlier versions kept them
                if seen != now or every_line:
                    self.state.set_seen_problems(self.board_key, now)
            except Exception:  # cannot be written: said again next time
                pass
        return len(paths) - left_out, left_out, len(new)

    def set_ui(self, **changes: object) -> None:
        """Take layout choices now and save them (StateError if they cannot be)."""
        self.ui = {**self.ui, **changes}
        self.state.set_ui(**changes)

    def notices(self) -> list[str]:
        """What the store has to say about the saved state (said once)."""
        notices = list(self.state.notices)
        self.state.notices.clear()
        return notices

    def read(self, posting: Posting) -> Parsed:
        if self.board is not None:
            return self.board.read(posting.id, self.config.aliases)
        return read_posting(self.root, posting.id, self.config.aliases)

    def links_of(self, posting: Posting, known: list[Link] | None = None) -> list[Link]:
        """The posting's links that may be opened (application link first):
        ``known`` if given, else read from its file."""
        if known is None:
            try:
                known = self.read(posting).links
            except Exception:  # removed or unreadable since the scan
                known = []
        return [link for link in known if link.url.split(":", 1)[0].lower() in ALLOWED_SCHEMES]

    def toggle_favorite(self, posting: Posting) -> bool:
        """Mark or unmark ``posting``; True if it is a favorite now. Raises
        when the mark cannot be saved (nothing changes then)."""
        on = posting.id not in self.favorites
        self.favorites = self.state.set_favorite(self.board_key, posting.id, on)
        return on
