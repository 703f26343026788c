"""One board being worked through: its postings, the user's marks, what went wrong.

The one way to open a board: the app shows a session, and ``jobboard list``,
``show``, ``export`` and ``mark`` work through one (:meth:`Session.open`).
What the user does about a posting (its status and history, follow-up,
note, the organizations hidden, what is new) is read and saved here, in
the hunt store (:mod:`tui.marks`); the filters read it as a :class:`Hunt`.
Nothing here imports Textual.
"""

from __future__ import annotations

import datetime as _dt
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, replace
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from tui import store
from tui.bodies import BodyIndex, Updated, index_path
from tui.config import Config
from tui.filters import Hunt
from tui.library import (
    FACTS_LATER_ABOVE,
    Background,
    Board,
    Progress,
    Told,
    load_board,
    read_board_facts,
    read_posting,
)
from tui.posting import ALLOWED_SCHEMES, Link, Parsed, Posting
from tui.text import visible

if TYPE_CHECKING:
    from threading import Event

    from tui.browse import Browser
    from tui.marks import Change, Fingerprint, Marks, Status


@dataclass
class Loaded:
    """What the loading thread hands over."""

    board: Board
    missing: list[Posting]  # marked postings whose file is gone, as rows
    #: (files loaded with problems, files left out, files whose problems are new since the last start)
    problems: tuple[int, int, int] = (0, 0, 0)


class Session:
    def __init__(
        self,
        root: Path,
        config: Config,
        state: store.StateStore,
        cache_dir: Path | None,
        *,
        marks_path: Path | None = None,
        today: _dt.date | None = None,
        drafts: bool = False,
        facts_later_above: int | None = None,
    ) -> None:
        self.root = root
        self.facts_later_above = facts_later_above  # see tui.library.load_board
        self.drafts = drafts  # drafts listed too
        self.config = config
        self.state = state
        self.cache_dir = cache_dir
        self.marks_path = marks_path
        self._today = today
        self.board: Board | None = None
        self.postings: list[Posting] = []  # the board's, then the missing marked ones
        self.missing: set[str] = set()
        self.marks: Marks | None = None  # opened by load()
        self.hunt = Hunt()
        #: Boards with marks that share most of this one's postings, when
        #: this one has none (a board moved or cloned afresh): (key, shared).
        self.carry_from: tuple[str, int] | None = None
        self.problems: list[str] = list(config.problems)
        self.tag_totals: dict[str, int] = {}
        self.ui: dict[str, object] = {}  # the layout and where the user left off (see Marks.ui)
        self.problem_counts = (0, 0, 0)  # see Loaded.problems
        self.state_troubles: list[str] = []  # what reading the saved state met (then the load writes it not)

    @cached_property
    def board_key(self) -> str:
        """The board under which problems said are kept: its resolved path."""
        return str(self.root.resolve())

    @property
    def today(self) -> _dt.date:
        return self._today or _dt.date.today()

    @property
    def favorites(self) -> dict[str, str]:
        """The postings saved."""
        return self.hunt.favorites

    @property
    def count(self) -> int:
        """Postings on the board (missing favorites not counted)."""
        return len(self.postings) - len(self.missing)

    def load(self, progress: Progress | None, early: Callable[[Loaded], object] | None = None) -> Loaded:
        """Read the marks and the board (in a thread, from the moment the app
        starts). ``early``: given the board as its cache holds it while its
        folder is checked (see load_board: the same board if unchanged)."""
        from tui.marks import LAYOUT_KEYS

        saved = read_state(self)
        board = load_board(
            self.root,
            aliases=self.config.aliases,
            cache_dir=self.cache_dir,
            progress=progress,
            drafts=self.drafts,
            names=self.config.fields,
            facts_later_above=self.facts_later_above,
            early=(lambda board: early(cached_loaded(self, board))) if early is not None else None,
        )
        # (Read again when opened early: what the UI did meanwhile.)
        marks, hunt = open_marks(self, board) if self.marks is None else (self.marks, read_hunt(self.marks, self.today))
        ids = [p.id for p in board.postings]
        fresh = not hunt.statuses and not self.ui.keys() - LAYOUT_KEYS
        try:
            marks.begin_visit(ids)
            if fresh and ids:
                sharing = marks.boards_sharing(ids)
                if sharing and sharing[0][1] * 2 >= len(ids):
                    self.carry_from = sharing[0]
        except Exception as exc:  # a file that cannot be written: what is new is not known
            if marks.refused is None:
                marks.notices.append(visible(f"what is new since the last visit is not known: {exc}"))
        self.hunt = replace(hunt, new=frozenset(marks.new_ids()))
        return Loaded(board, missing_rows(board, self.hunt), problems_news(self, board, saved))

    def refresh(self) -> Hunt:
        """Read the marks again (after a mark, here or in another window)."""
        self.hunt = read_hunt(self.marks, self.today)
        return self.hunt

    def take(self, loaded: Loaded) -> None:
        """Show what was loaded (on the UI thread)."""
        board = loaded.board
        self.board = board
        self.postings = [*board.postings, *loaded.missing]
        self.missing = {p.id for p in loaded.missing}
        self.problems = [*self.config.problems, *self.state_troubles, *board.notes(), *(str(p) for p in board.problems)]
        self.tag_totals = dict(Counter(tag for p in board.postings for tag in p.tags))
        self.problem_counts = loaded.problems

    def read_facts(self, told: Told, stop: Event | None = None) -> None:
        """(In a thread.) See tui.library.read_board_facts."""
        assert self.board is not None
        read_board_facts(self.board, told, stop, self.config.aliases, self.config.fields, self.cache_dir)

    def take_facts(self, read: Mapping[str, Posting]) -> None:
        """(On the UI thread.) The postings ``read`` (by id) in place of theirs."""
        if self.board is not None:
            postings = self.board.postings = [read.get(p.id, p) for p in self.board.postings]
            self.postings = [*postings, *self.postings[len(postings) :]]
            self.board.unread = [i for i in self.board.unread if i not in read]

    def index_bodies(self, progress: Progress | None = None) -> tuple[BodyIndex, Updated]:
        """The board's body index, brought up to date (in a thread: it reads
        every posting that changed since the last time)."""
        board = self.board
        assert board is not None
        path = index_path(self.cache_dir, board.root) if self.cache_dir is not None else None
        bodies = BodyIndex(path, board.root)
        updated = bodies.update((p.id for p in board.postings), board.read_bodies, progress)
        return bodies, updated

    def set_ui(self, **changes: object) -> None:
        """Take layout choices (or where the user is) now and save them
        (raises, with the reason, if they cannot be)."""
        self.ui = {**self.ui, **changes}
        if self.marks is not None:
            self.marks.set_ui(**changes)

    def notices(self) -> list[str]:
        """What the hunt store has to say about the saved state (said once;
        the state file's own troubles are its: it holds only which problems
        were said, and its favorites are the hunt store's to take over)."""
        notices: list[str] = []
        self.state.notices.clear()
        if self.marks is not None:
            notices += self.marks.notices
            self.marks.notices.clear()
        return notices

    def read(self, posting: Posting) -> Parsed:
        if self.board is not None:
            return self.board.read(posting.id, self.config.aliases, self.config.fields)
        return read_posting(self.root, posting.id, self.config.aliases, self.config.fields)

    def links_of(self, posting: Posting, known: list[Link] | None = None) -> list[Link]:
        """The posting's links that may be opened (application link first):
        ``known`` if given, else read from its file."""
        if known is None:
            try:
                known = self.read(posting).links
            except Exception:  # removed or unreadable since the scan
                known = []
        return [link for link in known if link.url.split(":", 1)[0].lower() in ALLOWED_SCHEMES]

    # -- the marks: each raises (marks.Refused, ValueError) when it cannot be saved, nothing changed then
    def _marks(self) -> Marks:
        if self.marks is None:
            from tui.marks import Refused

            raise Refused("the board is still loading")
        return self.marks

    def fingerprint(self, posting: Posting) -> Fingerprint | None:
        """What finds the posting again once renamed or edited (None for one gone)."""
        from tui.marks import Fingerprint

        if posting.id in self.missing:
            return None
        try:
            body = self.read(posting).body
        except Exception:
            return None
        return Fingerprint.of(posting.title, posting.date, body)

    def status(self, posting_id: str) -> Status | None:
        return self.hunt.statuses.get(posting_id)

    def set_status(self, posting: Posting, status: Status | str | None) -> Status | None:
        """Set (None: clear) the posting's status; the change is kept in its history."""
        now = self._marks().set_status(posting.id, status, fingerprint=self.fingerprint(posting))
        self.refresh()
        return now

    def undo_status(self, posting_id: str) -> Change | None:
        change = self._marks().undo_status(posting_id)
        self.refresh()
        return change

    def toggle_favorite(self, posting: Posting) -> bool:
        """Save or unsave ``posting``; True if it is saved now. A posting
        further on (applied, ...) is saved again only from the picker."""
        from tui.marks import Status

        on = self.status(posting.id) is None
        if on or self.status(posting.id) is Status.SAVED:
            self.set_status(posting, Status.SAVED if on else None)
        return on

    def history(self, posting_id: str) -> list[Change]:
        return self.marks.history(posting_id) if self.marks is not None else []

    def set_follow_up(self, posting: Posting, day: _dt.date | None) -> None:
        self._marks().set_follow_up(posting.id, day, fingerprint=self.fingerprint(posting))
        self.refresh()

    def set_note(self, posting: Posting, text: str | None) -> str:
        note = self._marks().set_note(posting.id, text, fingerprint=self.fingerprint(posting))
        self.refresh()
        return note

    def note(self, posting_id: str) -> str:
        return self.hunt.notes.get(posting_id, "")

    def block_org(self, org: str) -> str:
        shown = self._marks().block_org(org)
        self.refresh()
        return shown

    def unblock_org(self, name: str) -> bool:
        done = self._marks().unblock_org(name)
        self.refresh()
        return done

    def blocked_orgs(self) -> list[str]:
        return self.marks.blocked_orgs() if self.marks is not None else []

    def mark_seen(self, ids: Iterable[str]) -> int:
        """These postings are no longer new (nothing said if it cannot be saved:
        they are new again next time)."""
        wanted = [i for i in ids if i in self.hunt.new]
        if not wanted or self.marks is None:
            return 0
        try:
            done = self.marks.mark_seen(wanted)
        except Exception:
            return 0
        self.refresh()
        return done

    def carry_over(self) -> int:
        """Take the marks of the board this one most likely was (see carry_from)."""
        if self.carry_from is None:
            return 0
        done = self._marks().carry_over(self.carry_from[0])
        self.carry_from = None
        self.refresh()
        self.ui = self._marks().ui()
        return done

    def rematch(self) -> dict[str, str]:
        """Marks of postings renamed or edited since they were made, moved to
        where they are now (in a thread: it may read the postings' text)."""
        if self.marks is None or self.board is None:
            return {}
        moves = self.marks.rematch(_Fingerprints(self))
        if moves:
            self.refresh()
        return moves

    # -- one way in for the command line -------------------------------------------------
    @classmethod
    def open(cls, root: Path, config: Config, *, drafts: bool = False) -> Session:
        """The board at ``root`` and its marks, read whole, for a command
        (BoardError if the board cannot be read)."""
        session = cls(root, config, store.StateStore(), store.cache_dir(), drafts=drafts)
        session.take(session.load(None))
        return session

    @classmethod
    def of_marks(cls, root: Path, config: Config) -> Session:
        """The marks of the board at ``root``, its postings not read (for one posting)."""
        from tui.marks import Marks, board_key

        session = cls(root, config, store.StateStore(), None)
        session.marks = Marks(board_key(root))
        session.hunt = read_hunt(session.marks, session.today)
        return session

    def browser(self, bodies: BodyIndex | None = None) -> Browser:
        """The browsing model of the board (and of the marked postings gone),
        its text searched too when ``bodies`` is given."""
        from tui.browse import Browser
        from tui.search import Index

        index = Index(self.postings)
        if bodies is not None:
            index.set_bodies(bodies)
        return Browser(self.postings, index, len(self.missing))


def start_loading(
    root: Path, *, drafts: bool = False, cache_dir: Path | None = None
) -> tuple[Session, Background] | None:
    """The jobboard command's session, its board read from now in a thread:
    while Textual and the app are imported (a fifth of a second), not after.
    None when the board has no cache yet: parsing it would slow the imports
    down more than it gains (80 ms later to the first frame on the real
    board), so it is read after them. ``cache_dir``: the cache's folder, if
    not the user's."""
    from tui.config import load_config
    from tui.library import cache_path, check_root

    cache = cache_dir or store.cache_dir()
    try:
        if not cache_path(cache, check_root(root)).is_file():
            return None
    except Exception:  # the board's problem is said by the load, as ever
        return None
    session = Session(
        root, load_config(), store.StateStore(), cache, drafts=drafts, facts_later_above=FACTS_LATER_ABOVE
    )
    return session, Background(session.load)


def read_state(session: Session) -> store.State:
    """The saved state (once: the problems said); what its reading met is in
    ``session.state_troubles`` (and its notices), never an error."""
    saved = store.State()
    try:
        saved = session.state.load()
    except Exception as exc:  # never keeps the board from loading
        session.state.notices.append(visible(f"The saved state could not be read: {exc}"))
    session.state_troubles = list(session.state.notices)
    return saved


def cached_loaded(session: Session, board: Board) -> Loaded:
    """(In the loading thread.) A board as its cache holds it, with its marks:
    what was new at the last visit (this one begins once the board is checked)."""
    return Loaded(board, missing_rows(board, open_marks(session, board)[1]), problems_news(session, board, None))


def open_marks(session: Session, board: Board) -> tuple[Marks, Hunt]:
    """(In the loading thread.) The board's marks opened for ``session``, and read."""
    from tui.marks import Marks, board_key

    try:
        key = board_key(board.root)
    except Exception:  # a folder that cannot be resolved: its path as given
        key = str(board.root)
    marks = Marks(key, session.marks_path)  # never raises: what went wrong is in its notices
    session.marks = marks
    session.ui = marks.ui()
    # What is new is read again once this visit has begun.
    session.hunt = hunt = read_hunt(marks, session.today)
    return marks, hunt


def missing_rows(board: Board, hunt: Hunt) -> list[Posting]:
    """The marked postings not on the board, as rows."""
    present = {p.id for p in board.postings}
    marked = sorted({*hunt.statuses, *hunt.notes, *hunt.follow_ups} - present)
    return [Posting(i, visible(i), "", f"(missing) {visible(i)}", None, ()) for i in marked]


def read_hunt(marks: Marks | None, today: _dt.date) -> Hunt:
    """What the user did, as ``marks`` hold it."""
    from tui.marks import org_key

    if marks is None:
        return Hunt(today=today)
    return Hunt(
        statuses=marks.statuses(),
        new=frozenset(marks.new_ids()),
        follow_ups=marks.follow_ups(),
        notes=marks.notes(),
        blocked=frozenset(org_key(name) for name in marks.blocked_orgs()),
        today=today,
    )


def problems_news(session: Session, board: Board, saved: store.State | None) -> tuple[int, int, int]:
    """(files with problems that loaded, files left out, files with a
    problem not said at the last start); from now on those count as said.
    With a state file that cannot be used as it is, all are new (and it
    is not written: it is set aside only when the user marks something).
    Without ``saved`` (a board not checked yet), none is new and none is
    counted as said."""
    present = {p.id for p in board.postings}
    paths = {p.path for p in board.problems}
    left_out = sum(1 for path in paths if path not in present)
    new = paths
    if saved is None:
        new = set()
    elif not session.state_troubles:
        try:
            lines = sorted(map(str, board.problems))
            seen = saved.problems_seen(session.board_key)
            if seen is not None:
                unseen = set(seen.unseen(lines))
                new = {p.path for p in board.problems if str(p) in unseen} if unseen else set()
            now = store.ProblemsSeen.of(lines)
            every_line = "problems_said" in saved.boards.get(session.board_key, {})  # as earlier versions kept them
            if seen != now or every_line:
                session.state.set_seen_problems(session.board_key, now)
        except Exception:  # cannot be written: said again next time
            pass
    return len(paths) - left_out, left_out, len(new)


class _Fingerprints(Mapping[str, "Fingerprint"]):
    """The board's postings' fingerprints, each read when asked for."""

    def __init__(self, session: Session) -> None:
        self.session = session
        assert session.board is not None
        self.by_id = {p.id: p for p in session.board.postings}

    def __getitem__(self, posting_id: str) -> Fingerprint:
        made = self.session.fingerprint(self.by_id[posting_id])
        if made is None:
            raise KeyError(posting_id)
        return made

    def __iter__(self) -> Iterator[str]:
        return iter(self.by_id)

    def __len__(self) -> int:
        return len(self.by_id)
