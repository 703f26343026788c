"""The job hunt: what the user does about each posting of a board, kept in
SQLite (``$XDG_DATA_HOME/jobboard/hunt.sqlite``).

Per board: a status per posting (:class:`Status`, every change kept with its
time, the last one can be taken back), a follow-up date, a note, the
organizations the user never wants to see, which postings are new since the
last visit, and where the user left off (:meth:`Marks.ui`). Nothing here
imports Textual.

How it is kept
--------------
One database for every board, in WAL mode with ``synchronous=NORMAL``: a mark
is one short ``BEGIN IMMEDIATE`` transaction (two windows wait for each other,
up to BUSY_TIMEOUT, and never lose each other's marks); a process killed
amid one leaves the marks committed before it. Nothing rewrites everything:
each mark writes its own rows. ``PRAGMA user_version`` is the schema's
version (MIGRATIONS bring an older file up to date); ``application_id`` says
the file is ours.

The schema (version 1). A board's key is :func:`board_key`; an id is the
posting's (its file name under the board), stored as TEXT, or as a BLOB of its
UTF-8 bytes (``surrogatepass``) when it holds a lone surrogate (a file name
that is not UTF-8)::

    meta(key PRIMARY KEY, value)   'state-json': when state.json was taken over;
                                   'ui': the layout, every board's (LAYOUT_KEYS)
    boards(n PRIMARY KEY, key UNIQUE, ui JSON, visits, last_visit, present_digest)
    marks(board, id, status, follow_up, note, title, posted, digest, gone)
          PRIMARY KEY (board, id); title/posted/digest: the fingerprint the
          posting had when last marked; gone: not on the board at the last rematch
    history(n PRIMARY KEY, board, id, at, status, previous)   every status change
    blocked(board, name, shown, at)  PRIMARY KEY (board, name): casefolded, spaces
                                     collapsed; shown: as the user typed it
    known(board, n, ids BLOB)        the ids first listed at visit n, NUL-separated
    pending(board, id)               new at a visit, not seen since

New since the last visit
------------------------
A visit (:meth:`Marks.begin_visit`) compares the ids listed now with every id
listed before. ``known`` keeps only what each visit added (one row of joined
ids, compacted past KNOWN_CHUNKS rows); a visit that lists the same ids in the
same order as the last one (a digest of them, ``present_digest``) reads none of
it. The first visit of a board finds nothing new (there was no last visit).
What a visit finds new stays new (``pending``) until it is seen: a seen mark
is the absence of a pending row, so a board of 100,000 postings all seen keeps
no row for them. Measured at 100,000 ids of 40 characters (2-core machine,
medians): the first visit 100 ms; the same ids again 10-13 ms (the digest);
100 changed 45-60 ms (the 4 MB of ids known made into 100,000 strings and
taken from the set, in slices so that another thread gets the interpreter
every few milliseconds); all 100,000 new 0.3 s, and seen at once 0.11-0.14 s;
the new set read back 0.2 ms; one mark 0.4-0.7 ms. Opening checks the file
(``quick_check``): 2 ms with hundreds of marks, 19 ms at 14 MB. Call
begin_visit once the first frame is up, not on the way to it.

The API
-------
``Marks(board, path=None)``; per board:
``set_status(id, status | None)``, ``undo_status(id) -> Change | None``,
``status(id)``, ``statuses()``, ``history(id)``; ``set_follow_up(id, date | None)``,
``follow_up(id)``, ``follow_ups()``, ``due(today) -> {id: date}`` (soonest
first), :func:`parse_follow_up`; ``set_note(id, text)``, ``note(id)``, ``notes()``;
``block_org(name)``, ``unblock_org(name)``, ``blocked_orgs()``, ``is_blocked(org)``,
:func:`org_key`; ``begin_visit(ids) -> new ids``, ``new_ids()``, ``mark_seen(ids)``,
``mark_all_seen(ids=None)``; ``ui()``, ``set_ui(**changes)``; ``rematch({id:
Fingerprint})``, ``missing()``; ``rows() -> [MarkRow]``. Across boards:
:func:`board_key`, ``boards_sharing(ids)``, ``carry_over(from_key)``. The marks
methods take ``fingerprint=`` to keep the posting's :class:`Fingerprint`.
Hidden postings are those with the status "not interested" (:data:`HIDDEN`).
Layout keys (:data:`LAYOUT_KEYS`) are kept for every board at once, as the
state file kept them; the rest of ``ui()`` is the board's.

The file and its failures
-------------------------
The file is the user's: a symbolic link to it is followed (the database, its
``-wal`` and ``-shm`` live beside the target). Opening never raises: what goes
wrong is said once in :attr:`Marks.notices`. A file that is not SQLite, not
ours, or fails ``PRAGMA quick_check`` is moved aside (``hunt.sqlite.broken-<time>``
with its ``-wal`` and ``-shm``), never overwritten, and a fresh one made. A
newer schema (a later jobboard's) is left exactly as it is and read as far as
this version can; like a file that cannot be opened for writing, every mark is
then refused with :class:`Refused`, whose message says why.

On its first open, the favorites and layout of ``state.json`` (the earlier
format) are taken over once: each favorite becomes "saved", with a history
entry dated then; the file is left as it is.
"""

from __future__ import annotations

import datetime as _dt
import enum
import hashlib
import json
import os
import re
import sqlite3
import stat
import threading
import time
import urllib.parse
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tui import store
from tui.text import clean_line, visible

__all__ = [
    "HIDDEN",
    "LAYOUT_KEYS",
    "STATUSES",
    "Change",
    "Fingerprint",
    "MarkRow",
    "Marks",
    "MarksError",
    "Refused",
    "Status",
    "board_key",
    "normalise_remote",
    "org_key",
    "parse_follow_up",
]

VERSION = 1
APPLICATION_ID = 0x4A42484E  # "JBHN"
BUSY_TIMEOUT = 5.0
LOCK_TIMEOUT = 10.0
#: Past this many rows of ids known for a board, a visit joins them into one.
KNOWN_CHUNKS = 16
NOTE_MAX = 100_000
#: Layout choices: the same on every board (the rest of ui() is the board's own).
LAYOUT_KEYS = frozenset({"sidebar", "layout", "split"})


# -- statuses ------------------------------------------------------------------
class Status(enum.StrEnum):
    """Where the user is with a posting, in the order of a hunt."""

    SAVED = "saved"  # what favorites were
    APPLIED = "applied"
    INTERVIEWING = "interviewing"
    OFFER = "offer"
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"
    NOT_INTERESTED = "not-interested"  # hidden

    @property
    def label(self) -> str:
        return _LABELS[self]

    @classmethod
    def parse(cls, text: str) -> Status:
        """A status from what a user types: its value or label, any case,
        ``not interested`` / ``not_interested`` alike. ValueError otherwise."""
        word = re.sub(r"[\s_-]+", "-", text.strip().casefold())
        for status in cls:
            if word == status.value:
                return status
        names = ", ".join(s.label.lower() for s in cls)
        raise ValueError(f"{clean_line(text, 40)!r} is not a status: one of {names}")


_LABELS = {
    Status.SAVED: "Saved",
    Status.APPLIED: "Applied",
    Status.INTERVIEWING: "Interviewing",
    Status.OFFER: "Offer",
    Status.REJECTED: "Rejected",
    Status.WITHDRAWN: "Withdrawn",
    Status.NOT_INTERESTED: "Not interested",
}
STATUSES: tuple[Status, ...] = tuple(Status)
HIDDEN = Status.NOT_INTERESTED


def _status(value: object) -> Status | None:
    try:
        return Status(value) if isinstance(value, str) else None
    except ValueError:
        return None


@dataclass(frozen=True)
class Change:
    """One change of a posting's status (None: no status)."""

    at: _dt.datetime
    status: Status | None
    previous: Status | None


@dataclass(frozen=True)
class Fingerprint:
    """What finds a posting again once its file is renamed or edited: its
    title and date, and a digest of its text (given by the caller)."""

    title: str
    date: str | None
    digest: str

    @classmethod
    def of(cls, title: str, date: str | _dt.date | None, text: str) -> Fingerprint:
        """Of a posting's text, whitespace collapsed (a re-wrapped or
        re-indented text is the same)."""
        words = " ".join(text.split()).encode("utf-8", "surrogatepass")
        when = date.isoformat() if isinstance(date, _dt.date) else date
        return cls(title, when, hashlib.blake2b(words, digest_size=12).hexdigest())


@dataclass(frozen=True)
class MarkRow:
    """Everything kept about one posting (see :meth:`Marks.rows`)."""

    id: str
    status: Status | None
    history: tuple[Change, ...]
    follow_up: _dt.date | None
    note: str
    fingerprint: Fingerprint | None
    missing: bool


class MarksError(Exception):
    """The marks cannot be used as asked; the message is one line for the user."""


class Refused(MarksError):
    """A mark that was not saved (the database is a newer one's, cannot be
    written, or is busy); nothing changed."""


# -- what the user types ---------------------------------------------------------
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_DATE_HELP = "write 2026-12-11, +7d, +2w, +1m, tomorrow or a weekday (mon..sun)"


def _add_months(day: _dt.date, months: int) -> _dt.date:
    month0 = day.month - 1 + months
    year, month = day.year + month0 // 12, month0 % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return day.replace(year=year, month=month, day=min(day.day, last))
        except ValueError:
            continue
    raise ValueError("no such month")  # not reached


def parse_follow_up(text: str, today: _dt.date) -> _dt.date:
    """A follow-up date from what the user typed, relative to ``today``:
    ``2026-12-11``, ``+7d``, ``+2w``, ``+1m`` (a calendar month, the day kept
    where the month has it), ``today``, ``tomorrow``, ``mon``..``sun`` or the
    whole name (the next such day, a week on if it is today). ValueError with
    a one-line message otherwise."""
    word = " ".join(text.split()).casefold()
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", word):
            return _dt.date.fromisoformat(word)
        if word == "today":
            return today
        if word == "tomorrow":
            return today + _dt.timedelta(days=1)
        match = re.fullmatch(r"\+\s*(\d{1,4})\s*([dwm])", word)
        if match:
            count, unit = int(match[1]), match[2]
            if unit == "m":
                return _add_months(today, count)
            return today + _dt.timedelta(days=count * (7 if unit == "w" else 1))
        if len(word) >= 3:
            for number, name in enumerate(_WEEKDAYS):
                if name.startswith(word):
                    return today + _dt.timedelta(days=(number - today.weekday() - 1) % 7 + 1)
    except (ValueError, OverflowError):
        if word:
            raise ValueError(f"{clean_line(text, 40)!r} is not a date there is: {_DATE_HELP}") from None
    if not word:
        raise ValueError(f"no date given: {_DATE_HELP}")
    raise ValueError(f"{clean_line(text, 40)!r} is not a date: {_DATE_HELP}")


def org_key(name: str) -> str:
    """An organization's name as the blocklist compares it: casefolded,
    whitespace collapsed."""
    return " ".join(name.split()).casefold()


# -- which board ---------------------------------------------------------------
def board_key(root: Path) -> str:
    """The key under which a board's marks are kept, so that they follow the
    board, not the folder: in a git repository with a remote, the remote's
    address (``origin``, else the first; see :func:`normalise_remote`) and the
    folder inside the repository (``github.com/org/board#_posts``, ``#.`` at its
    top); otherwise the folder's resolved path. Reads ``.git`` directly."""
    try:
        resolved = root.resolve()
    except (OSError, RuntimeError):
        resolved = Path(os.path.abspath(root))
    try:
        found = _repository(resolved)
        url = _remote_url(found[1]) if found is not None else None
    except (OSError, ValueError):
        found, url = None, None
    if found is None or url is None:
        return str(resolved)
    return f"{normalise_remote(url)}#{resolved.relative_to(found[0]).as_posix()}"


def _repository(folder: Path) -> tuple[Path, Path] | None:
    """(the working tree enclosing ``folder``, its config file), if any."""
    for top in (folder, *folder.parents):
        dot = top / ".git"
        if dot.is_dir():
            git_dir = dot
        elif dot.is_file():  # a worktree or submodule: "gitdir: <path>"
            line = dot.read_text(encoding="utf-8", errors="surrogateescape").strip()
            if not line.startswith("gitdir:"):
                return None
            git_dir = top / line.removeprefix("gitdir:").strip()
        else:
            continue
        common = git_dir / "commondir"
        if common.is_file():
            git_dir = git_dir / common.read_text(encoding="utf-8", errors="surrogateescape").strip()
        return top, git_dir / "config"
    return None


_SECTION = re.compile(r'\[\s*([A-Za-z0-9.-]+)(?:\s+"((?:[^"\\]|\\.)*)")?\s*\]')
_ENTRY = re.compile(r"([A-Za-z][A-Za-z0-9-]*)\s*=\s*(.*)")


def _config_value(raw: str) -> str:
    """A git config value: quotes removed, a comment after it dropped."""
    out, quoted, escaped = [], False, False
    for char in raw:
        if escaped:
            out.append({"n": "\n", "t": "\t"}.get(char, char))
            escaped = False
        elif char == "\\":
            escaped = True
        elif char == '"':
            quoted = not quoted
        elif char in "#;" and not quoted:
            break
        else:
            out.append(char)
    return "".join(out).strip()


def _remote_url(config: Path) -> str | None:
    """The ``origin`` remote's url in a git config file, else the first remote's."""
    with open(config, "rb") as handle:
        text = handle.read(1 << 20).decode("utf-8", "surrogateescape")
    urls: dict[str, str] = {}
    section: tuple[str, str | None] = ("", None)
    for line in text.splitlines():
        line = line.strip()
        if line.startswith("["):
            match = _SECTION.match(line)
            name, sub = (match[1].lower(), match[2]) if match else ("", None)
            if sub is None and "." in name:  # the old form: [remote.origin]
                name, sub = name.split(".", 1)
            section = (name, sub)
            continue
        entry = _ENTRY.match(line)
        if entry and section[0] == "remote" and section[1] is not None and entry[1].lower() == "url":
            value = _config_value(entry[2])
            if value:
                urls.setdefault(section[1], value)
    return urls.get("origin") or next(iter(urls.values()), None)


def normalise_remote(url: str) -> str:
    """A remote's address in one form, whichever way it is written:
    ``git@host:a/b.git``, ``ssh://git@host:22/a/b``, ``https://user@host/a/b/``
    are all ``host/a/b`` (the host lowercased; no user, password or port kept).
    A local path stays a path."""
    url = url.strip()
    scheme = re.match(r"([A-Za-z][A-Za-z0-9+.-]*)://(.*)", url)
    scp = re.match(r"(?:[^@/]+@)?([^:/]+):(?!//)(.*)", url)
    if scheme and scheme[1].lower() != "file":
        authority, _, path = scheme[2].partition("/")
        host = re.sub(r":\d*$", "", authority.rpartition("@")[2]).lower()
    elif scheme:
        host, path = "", urllib.parse.unquote(scheme[2])
    elif scp and len(scp[1]) > 1:  # not a Windows drive (C:...)
        host, path = scp[1].lower(), scp[2]
    else:
        host, path = "", url
    path = path.split("?", 1)[0].rstrip("/").removesuffix(".git").rstrip("/")
    if not host:
        return os.path.normpath(path) if path else url
    return f"{host}/{path.lstrip('/')}"


# -- storing ids ---------------------------------------------------------------
def _db_id(posting_id: str) -> str | bytes:
    """An id (or a board key) as stored: TEXT, or the BLOB of its bytes when
    it holds a lone surrogate (SQLite takes only UTF-8 text)."""
    try:
        posting_id.encode("utf-8")
        return posting_id
    except UnicodeEncodeError:
        return posting_id.encode("utf-8", "surrogatepass")


def _py_id(value: object) -> str:
    if isinstance(value, bytes):
        return value.decode("utf-8", "surrogatepass")
    return str(value)


def _text(value: str) -> str:
    """Text SQLite can take (a lone surrogate becomes U+FFFD)."""
    try:
        value.encode("utf-8")
        return value
    except UnicodeEncodeError:
        return value.encode("utf-8", "replace").decode("utf-8").replace("?", "\ufffd")


def _joined(ids: list[str]) -> bytes:
    text = "\0".join(ids)
    if len(ids) > 1 and text.count("\0") != len(ids) - 1:
        raise ValueError("a posting id holds a NUL character")
    return text.encode("utf-8", "surrogatepass")


def _split(blob: bytes) -> list[str]:
    return blob.decode("utf-8", "surrogatepass").split("\0") if blob else []


# -- the schema ----------------------------------------------------------------
#: MIGRATIONS[n]: the statements that bring a file of version n to n + 1.
MIGRATIONS: list[list[str]] = [
    [
        "CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID",
        "CREATE TABLE boards(n INTEGER PRIMARY KEY, key NOT NULL UNIQUE, ui TEXT NOT NULL DEFAULT '{}',"
        " visits INTEGER NOT NULL DEFAULT 0, last_visit TEXT, present_digest BLOB)",
        "CREATE TABLE marks(board INTEGER NOT NULL, id NOT NULL, status TEXT, follow_up TEXT, note TEXT,"
        " title TEXT, posted TEXT, digest TEXT, gone INTEGER NOT NULL DEFAULT 0,"
        " PRIMARY KEY (board, id)) WITHOUT ROWID",
        "CREATE TABLE history(n INTEGER PRIMARY KEY, board INTEGER NOT NULL, id NOT NULL, at TEXT NOT NULL,"
        " status TEXT, previous TEXT)",
        "CREATE INDEX history_of ON history(board, id)",
        "CREATE TABLE blocked(board INTEGER NOT NULL, name TEXT NOT NULL, shown TEXT NOT NULL, at TEXT NOT NULL,"
        " PRIMARY KEY (board, name)) WITHOUT ROWID",
        "CREATE TABLE known(board INTEGER NOT NULL, n INTEGER NOT NULL, ids BLOB NOT NULL, PRIMARY KEY (board, n))",
        "CREATE TABLE pending(board INTEGER NOT NULL, id NOT NULL, PRIMARY KEY (board, id)) WITHOUT ROWID",
    ],
]
assert len(MIGRATIONS) == VERSION

_BOARD = "(SELECT n FROM boards WHERE key = ?)"
_SQLITE_HEADER = b"SQLite format 3\x00"
# SQLite's result codes that say the file itself is wrong: SQLITE_CORRUPT, SQLITE_NOTADB.
_DAMAGED = (11, 26)
_BUSY, _READONLY, _FULL = 5, 8, 13


def _code(exc: BaseException) -> int | None:
    code = getattr(exc, "sqlite_errorcode", None)
    return code & 0xFF if isinstance(code, int) else None


def _why(exc: BaseException) -> str:
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror
    return clean_line(str(exc) or type(exc).__name__, 200)


@contextmanager
def _only_one(path: str, timeout: float) -> Iterator[None]:
    """Hold the lock file ``path`` (waiting ``timeout`` seconds at most, then
    TimeoutError): flock, as filelock takes it on POSIX, without importing
    it (7 ms of every start); elsewhere filelock."""
    try:
        import fcntl
    except ImportError:  # not POSIX
        from filelock import FileLock

        with FileLock(path, timeout=timeout, mode=0o600):
            yield
        return
    # (a link there is not followed, as filelock did not: the lock file is ours)
    fd = os.open(path, os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0), 0o600)
    try:
        give_up = time.monotonic() + timeout
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > give_up:
                    raise TimeoutError(f"{path} is held by another jobboard") from None
                time.sleep(0.05)
        yield
    finally:
        os.close(fd)  # (and the lock with it)


class _Broken(Exception):
    """The file is not a hunt database we can trust: set aside."""


def _set_aside(real: Path, stamp: str) -> Path:
    """Move the database and its -wal and -shm out of the way, together."""
    target = real.with_name(f"{real.name}.broken-{stamp}")
    n = 1
    while any(os.path.lexists(f"{target}{s}") for s in ("", "-wal", "-shm")):
        n += 1
        target = real.with_name(f"{real.name}.broken-{stamp}-{n}")
    for suffix in ("", "-wal", "-shm"):
        if os.path.lexists(f"{real}{suffix}"):
            os.replace(f"{real}{suffix}", f"{target}{suffix}")
    try:
        os.unlink(f"{real}-journal")  # a rollback journal of the file set aside: not ours any more
    except OSError:
        pass
    return target


# -- the marks -------------------------------------------------------------------
class Marks:
    """One board's marks (``board``: see :func:`board_key`), in the database at
    ``path`` (default: ``hunt.sqlite`` in the data folder). The object is
    safe to use from several threads; several processes share the file.

    Reading never raises (what cannot be read is said in :attr:`notices` and
    reads as nothing); every write raises :class:`Refused` when it cannot be
    saved, with the reason (:attr:`refused` says it before one is tried).
    """

    def __init__(
        self,
        board: str,
        path: Path | None = None,
        *,
        state_file: Path | None = None,
        clock: Callable[[], _dt.datetime] | None = None,
    ) -> None:
        self.board = board
        self.path = path or store.data_dir() / "hunt.sqlite"
        self.state_file = state_file or store.data_dir() / "state.json"
        self.notices: list[str] = []
        #: Why marks are not saved (None: they are).
        self.refused: str | None = None
        self._said: set[str] = set()
        self._clock = clock or (lambda: _dt.datetime.now().astimezone())
        self._lock = threading.RLock()
        self.db: sqlite3.Connection | None = None
        try:
            self._open()
        except Exception as exc:  # the marks must never keep a board from loading
            self._refuse(f"{self.path} cannot be used ({_why(exc)})")

    # -- opening ---------------------------------------------------------------
    def _say(self, notice: str) -> None:
        notice = visible(notice)
        if notice not in self._said:
            self._said.add(notice)
            self.notices.append(notice)

    def _refuse(self, why: str) -> None:
        self.refused = visible(f"marks are not saved: {why}")
        self._say(self.refused)

    def _now(self) -> str:
        return self._clock().isoformat(timespec="seconds")

    def _connect(self, real: Path) -> sqlite3.Connection:
        db = sqlite3.connect(str(real), timeout=BUSY_TIMEOUT, isolation_level=None, check_same_thread=False)
        db.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT * 1000)}")
        return db

    def _open(self) -> None:
        real = Path(os.path.realpath(self.path))  # the user's file: through a link to wherever it points
        real.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        # One process opens (checks, sets aside, creates, migrates) at a time.
        with _only_one(f"{real}.lock", LOCK_TIMEOUT):
            try:
                db, version = self._inspect(real)
            except _Broken as exc:
                aside = _set_aside(real, self._clock().strftime("%Y%m%d-%H%M%S"))
                self._say(f"{real} was damaged ({exc}); moved it to {aside} and started afresh")
                db, version = self._inspect(real)
            if version > VERSION:
                # Read as far as this version can, never written (closing it
                # removes the -wal and -shm it made, as a read-only one would not).
                db.execute("PRAGMA query_only = ON")
                self.db = db
                self._refuse(
                    f"{real} was written by a newer jobboard (schema {version}; this one knows {VERSION});"
                    " it is left as it is"
                )
                return
            try:
                db.execute("PRAGMA journal_mode = WAL")
                db.execute("PRAGMA synchronous = NORMAL")
                self.db = db
                self._migrate(db)
            except BaseException:
                self.db = None
                db.close()
                raise
        self._take_state_json()

    def _inspect(self, real: Path) -> tuple[sqlite3.Connection, int]:
        """A connection to the database at ``real`` (made, empty, if there is
        none) and its schema version; _Broken if it cannot be trusted."""
        try:
            st = os.stat(real)
        except FileNotFoundError:
            try:
                os.close(os.open(real, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
            except FileExistsError:
                pass
        else:
            if not stat.S_ISREG(st.st_mode):
                raise OSError(0, "not a file")
            with open(real, "rb") as handle:
                head = handle.read(len(_SQLITE_HEADER))
            if st.st_size and head != _SQLITE_HEADER:
                raise _Broken("not an SQLite database")
        db = self._connect(real)
        try:
            check = [row[0] for row in db.execute("PRAGMA quick_check").fetchall()]
            if check != ["ok"]:
                raise _Broken(clean_line(str(check[0]) if check else "no answer", 120))
            (version,) = db.execute("PRAGMA user_version").fetchone()
            (app,) = db.execute("PRAGMA application_id").fetchone()
            (tables,) = db.execute("SELECT count(*) FROM sqlite_master").fetchone()
            if app != APPLICATION_ID and (app != 0 or version != 0 or tables):
                raise _Broken("not a jobboard marks database")
            return db, version
        except BaseException as exc:
            db.close()
            if isinstance(exc, sqlite3.DatabaseError) and _code(exc) in _DAMAGED:
                raise _Broken(_why(exc)) from None
            raise

    def _migrate(self, db: sqlite3.Connection) -> None:
        """Bring the schema up to VERSION (each step once, whoever gets there first)."""
        (version,) = db.execute("PRAGMA user_version").fetchone()
        if version == VERSION:
            return
        db.execute("BEGIN IMMEDIATE")
        try:
            (version,) = db.execute("PRAGMA user_version").fetchone()
            for step in range(version, VERSION):
                for statement in MIGRATIONS[step]:
                    db.execute(statement)
            db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
            db.execute(f"PRAGMA user_version = {VERSION}")
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise

    def _take_state_json(self) -> None:
        """The favorites and layout of the earlier state file, once (the file
        left as it is). One it cannot read is tried again at the next open."""
        if self._read("SELECT 1 FROM meta WHERE key = 'state-json'"):
            return
        state = store.State()
        if os.path.lexists(self.state_file):
            old = store.StateStore(self.state_file)
            state = old.load()
            if old.notices:
                self._say(f"{self.state_file} could not be read: its favorites are not taken over yet")
                return
        try:
            with self._writing() as db:
                if db.execute("SELECT 1 FROM meta WHERE key = 'state-json'").fetchone():
                    return
                now = self._now()
                for key in sorted(state.boards):
                    favorites = [i for i in state.favorites(key) if isinstance(i, str)]
                    if not favorites:
                        continue
                    try:
                        new_key = board_key(Path(key)) if os.path.isdir(key) else key
                    except (OSError, ValueError):
                        new_key = key
                    board = self._board(db, new_key)
                    for posting_id in sorted(favorites):
                        if self._status_of(db, board, posting_id) is None:
                            self._put_status(db, board, posting_id, Status.SAVED, None, now)
                layout = state.ui()
                if layout:
                    self._merge_json(db, "SELECT value FROM meta WHERE key = 'ui'", layout, self._save_layout)
                db.execute("INSERT INTO meta VALUES ('state-json', ?)", (now,))
        except (MarksError, TypeError, ValueError) as exc:
            self._say(f"{self.state_file}: its favorites were not taken over ({exc})")

    def close(self) -> None:
        with self._lock:
            if self.db is not None:
                self.db.close()
                self.db = None

    def __enter__(self) -> Marks:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- reading and writing -------------------------------------------------------
    def _read(self, sql: str, args: tuple[Any, ...] = ()) -> list[Any]:
        with self._lock:
            if self.db is None:
                return []
            try:
                return self.db.execute(sql, args).fetchall()
            except (sqlite3.Error, MemoryError) as exc:
                self._say(f"{self.path}: marks could not be read ({_why(exc)})")
                return []

    @contextmanager
    def _writing(self) -> Iterator[sqlite3.Connection]:
        """One transaction, taken before anything is read (BEGIN IMMEDIATE):
        what it reads is what it writes over. Refused if it cannot be."""
        with self._lock:
            if self.refused is not None or self.db is None:
                raise Refused(self.refused or "marks are not saved")
            db = self.db
            try:
                db.execute("BEGIN IMMEDIATE")
            except (sqlite3.Error, MemoryError) as exc:
                raise self._failed(exc) from None
            try:
                yield db
                db.execute("COMMIT")
            except BaseException as exc:
                try:
                    db.execute("ROLLBACK")
                except sqlite3.Error:
                    pass
                if isinstance(exc, sqlite3.Error | MemoryError):
                    raise self._failed(exc) from None
                raise

    def _failed(self, exc: BaseException) -> Refused:
        code = _code(exc)
        if code == _BUSY:
            return Refused(f"not saved: another jobboard held {visible(str(self.path))} for {BUSY_TIMEOUT:g} s")
        if code == _FULL:
            return Refused(f"not saved: the disk of {visible(str(self.path))} is full")
        if code in _DAMAGED or isinstance(exc, MemoryError):
            self._refuse(f"{self.path} is damaged ({_why(exc)}); it is set aside at the next start")
            return Refused(self.refused or "")
        return Refused(visible(f"not saved: {self.path}: {_why(exc)}"))

    def _board(self, db: sqlite3.Connection, key: str | None = None) -> int:
        stored = _db_id(self.board if key is None else key)
        db.execute("INSERT INTO boards(key) VALUES (?) ON CONFLICT DO NOTHING", (stored,))
        (n,) = db.execute("SELECT n FROM boards WHERE key = ?", (stored,)).fetchone()
        return int(n)

    def _key(self, key: str | None = None) -> str | bytes:
        return _db_id(self.board if key is None else key)

    def _touch(self, db: sqlite3.Connection, board: int, posting_id: str, fingerprint: Fingerprint | None) -> None:
        """The posting's row, made if need be, its fingerprint brought up to date."""
        db.execute("INSERT INTO marks(board, id) VALUES (?, ?) ON CONFLICT DO NOTHING", (board, _db_id(posting_id)))
        if fingerprint is not None:
            db.execute(
                "UPDATE marks SET title = ?, posted = ?, digest = ?, gone = 0 WHERE board = ? AND id = ?",
                (_text(fingerprint.title), fingerprint.date, fingerprint.digest, board, _db_id(posting_id)),
            )

    def _tidy(self, db: sqlite3.Connection, board: int, posting_id: str) -> None:
        """A row that holds nothing (no status, date, note or history) goes."""
        db.execute(
            "DELETE FROM marks WHERE board = ? AND id = ? AND status IS NULL AND follow_up IS NULL AND note IS NULL"
            " AND NOT EXISTS (SELECT 1 FROM history WHERE board = ? AND id = ?)",
            (board, _db_id(posting_id), board, _db_id(posting_id)),
        )

    # -- statuses --------------------------------------------------------------------
    def _status_of(self, db: sqlite3.Connection, board: int, posting_id: str) -> Status | None:
        row = db.execute("SELECT status FROM marks WHERE board = ? AND id = ?", (board, _db_id(posting_id))).fetchone()
        return _status(row[0]) if row else None

    def _put_status(
        self, db: sqlite3.Connection, board: int, posting_id: str, status: Status | None, old: Status | None, at: str
    ) -> None:
        db.execute("INSERT INTO marks(board, id) VALUES (?, ?) ON CONFLICT DO NOTHING", (board, _db_id(posting_id)))
        db.execute(
            "UPDATE marks SET status = ? WHERE board = ? AND id = ?",
            (status.value if status else None, board, _db_id(posting_id)),
        )
        db.execute(
            "INSERT INTO history(board, id, at, status, previous) VALUES (?, ?, ?, ?, ?)",
            (board, _db_id(posting_id), at, status.value if status else None, old.value if old else None),
        )

    def set_status(
        self, posting_id: str, status: Status | str | None, *, fingerprint: Fingerprint | None = None
    ) -> Status | None:
        """Set (or, with None, clear) a posting's status (a Status, or its
        value or label as typed: ValueError if it is none); the change is kept
        in its history with the time. Returns the status as saved."""
        new = Status.parse(status) if status is not None else None
        with self._writing() as db:
            board = self._board(db)
            self._touch(db, board, posting_id, fingerprint)
            old = self._status_of(db, board, posting_id)
            if old != new:
                self._put_status(db, board, posting_id, new, old, self._now())
            self._tidy(db, board, posting_id)
        return new

    def undo_status(self, posting_id: str) -> Change | None:
        """Take the posting's last status change back: its status is again
        the one before, and that change leaves the history. Returns the
        change taken back (None: there was none)."""
        with self._writing() as db:
            board = self._board(db)
            row = db.execute(
                "SELECT n, at, status, previous FROM history WHERE board = ? AND id = ? ORDER BY n DESC LIMIT 1",
                (board, _db_id(posting_id)),
            ).fetchone()
            if row is None:
                return None
            n, at, status, previous = row
            db.execute("DELETE FROM history WHERE n = ?", (n,))
            db.execute("UPDATE marks SET status = ? WHERE board = ? AND id = ?", (previous, board, _db_id(posting_id)))
            self._tidy(db, board, posting_id)
        return Change(_dt.datetime.fromisoformat(at), _status(status), _status(previous))

    def status(self, posting_id: str) -> Status | None:
        rows = self._read(
            f"SELECT status FROM marks WHERE board = {_BOARD} AND id = ?", (self._key(), _db_id(posting_id))
        )
        return _status(rows[0][0]) if rows else None

    def statuses(self) -> dict[str, Status]:
        """Every posting of the board that has a status (the list shows them;
        :data:`HIDDEN` hides one)."""
        rows = self._read(f"SELECT id, status FROM marks WHERE board = {_BOARD} AND status IS NOT NULL", (self._key(),))
        return {_py_id(i): s for i, value in rows if (s := _status(value)) is not None}

    def history(self, posting_id: str) -> list[Change]:
        """The posting's status changes, oldest first."""
        rows = self._read(
            f"SELECT at, status, previous FROM history WHERE board = {_BOARD} AND id = ? ORDER BY n",
            (self._key(), _db_id(posting_id)),
        )
        return [_change(row) for row in rows]

    # -- follow-ups and notes ---------------------------------------------------------
    def set_follow_up(self, posting_id: str, when: _dt.date | None, *, fingerprint: Fingerprint | None = None) -> None:
        """Set (None: clear) the day to come back to a posting (see :func:`parse_follow_up`)."""
        self._set_field(posting_id, "follow_up", when.isoformat() if when is not None else None, fingerprint)

    def follow_up(self, posting_id: str) -> _dt.date | None:
        return self.follow_ups().get(posting_id)

    def follow_ups(self) -> dict[str, _dt.date]:
        """Every follow-up date of the board, soonest first."""
        rows = self._read(
            f"SELECT id, follow_up FROM marks WHERE board = {_BOARD} AND follow_up IS NOT NULL ORDER BY follow_up, id",
            (self._key(),),
        )
        return {_py_id(i): day for i, value in rows if (day := _date(value)) is not None}

    def due(self, today: _dt.date) -> dict[str, _dt.date]:
        """The postings whose follow-up date has come (today or before), soonest first."""
        return {i: day for i, day in self.follow_ups().items() if day <= today}

    def set_note(self, posting_id: str, text: str | None, *, fingerprint: Fingerprint | None = None) -> str:
        """Set a posting's note (blank or None: none); returns it as saved."""
        note = _text(text or "").rstrip()
        if len(note) > NOTE_MAX:
            raise ValueError(f"a note holds at most {NOTE_MAX:,} characters (this one {len(note):,})")
        self._set_field(posting_id, "note", note if note.strip() else None, fingerprint)
        return note if note.strip() else ""

    def note(self, posting_id: str) -> str:
        rows = self._read(
            f"SELECT note FROM marks WHERE board = {_BOARD} AND id = ?", (self._key(), _db_id(posting_id))
        )
        return rows[0][0] or "" if rows else ""

    def notes(self) -> dict[str, str]:
        """Every note of the board, by posting (to search them)."""
        rows = self._read(f"SELECT id, note FROM marks WHERE board = {_BOARD} AND note IS NOT NULL", (self._key(),))
        return {_py_id(i): note for i, note in rows}

    def _set_field(self, posting_id: str, column: str, value: str | None, fingerprint: Fingerprint | None) -> None:
        with self._writing() as db:
            board = self._board(db)
            self._touch(db, board, posting_id, fingerprint)
            db.execute(f"UPDATE marks SET {column} = ? WHERE board = ? AND id = ?", (value, board, _db_id(posting_id)))
            self._tidy(db, board, posting_id)

    # -- the blocklist -------------------------------------------------------------------
    def block_org(self, name: str) -> str:
        """Never show this organization's postings on the board (compared by
        :func:`org_key`). Returns the name as kept."""
        key = org_key(_text(name))
        if not key:
            raise ValueError("no organization named")
        shown = " ".join(_text(name).split())
        with self._writing() as db:
            db.execute(
                "INSERT INTO blocked VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING",
                (self._board(db), key, shown, self._now()),
            )
        return shown

    def unblock_org(self, name: str) -> bool:
        """Show it again; False if it was not blocked."""
        with self._writing() as db:
            done = db.execute(
                "DELETE FROM blocked WHERE board = ? AND name = ?", (self._board(db), org_key(_text(name)))
            )
            return done.rowcount > 0

    def blocked_orgs(self) -> list[str]:
        """The names blocked, as the user first typed them."""
        return [
            shown
            for (shown,) in self._read(
                f"SELECT shown FROM blocked WHERE board = {_BOARD} ORDER BY name", (self._key(),)
            )
        ]

    def is_blocked(self, org: str) -> bool:
        return bool(
            self._read(f"SELECT 1 FROM blocked WHERE board = {_BOARD} AND name = ?", (self._key(), org_key(_text(org))))
        )

    # -- new since the last visit --------------------------------------------------------
    def begin_visit(self, present_ids: Iterable[str]) -> set[str]:
        """A visit of the board, listing ``present_ids`` now: returns the new
        ones (listed now and at no earlier visit, and those new at an earlier
        visit not seen since: see :meth:`mark_seen`), and remembers every id
        listed for the next visit. The first visit finds none new."""
        ids = present_ids if isinstance(present_ids, list) else list(present_ids)
        joined = _joined(ids)
        digest = hashlib.blake2b(joined, digest_size=16).digest()
        with self._writing() as db:
            board = self._board(db)
            visits, last = db.execute("SELECT visits, present_digest FROM boards WHERE n = ?", (board,)).fetchone()
            pending = {_py_id(i) for (i,) in db.execute("SELECT id FROM pending WHERE board = ?", (board,))}
            if not (visits and last == digest):  # the same ids in the same order as last time: nothing to read
                fresh = set(ids)
                gone = pending - fresh
                db.executemany("DELETE FROM pending WHERE board = ? AND id = ?", ((board, _db_id(i)) for i in gone))
                pending -= gone
                chunks = db.execute("SELECT n, ids FROM known WHERE board = ? ORDER BY n", (board,)).fetchall()
                for _, blob in chunks:  # what no earlier visit listed
                    known = _split(blob)
                    for start in range(0, len(known), 16384):  # the interpreter is let go between slices
                        fresh.difference_update(known[start : start + 16384])
                if fresh:
                    listed = sorted(fresh)  # in order, SQLite's b-tree takes them twice as fast
                    n = chunks[-1][0] + 1 if chunks else 1
                    db.execute("INSERT INTO known VALUES (?, ?, ?)", (board, n, _joined(listed)))
                    if len(chunks) + 1 > KNOWN_CHUNKS:
                        self._compact(db, board)
                    if visits:
                        db.executemany(
                            "INSERT OR IGNORE INTO pending VALUES (?, ?)", ((board, _db_id(i)) for i in listed)
                        )
                        pending |= fresh
            db.execute(
                "UPDATE boards SET visits = visits + 1, last_visit = ?, present_digest = ? WHERE n = ?",
                (self._now(), digest, board),
            )
        return pending

    @staticmethod
    def _compact(db: sqlite3.Connection, board: int) -> None:
        every: set[str] = set()
        for (blob,) in db.execute("SELECT ids FROM known WHERE board = ?", (board,)).fetchall():
            every.update(_split(blob))
        db.execute("DELETE FROM known WHERE board = ?", (board,))
        db.execute("INSERT INTO known VALUES (?, 1, ?)", (board, _joined(sorted(every))))

    def new_ids(self) -> set[str]:
        """The postings new at the last visit (of any window) and not seen since."""
        return {_py_id(i) for (i,) in self._read(f"SELECT id FROM pending WHERE board = {_BOARD}", (self._key(),))}

    def mark_seen(self, ids: Iterable[str]) -> int:
        """These postings are seen (shown): no longer new. Returns how many were new."""
        wanted = {_db_id(i) for i in ids}
        with self._writing() as db:
            board = self._board(db)
            if len(wanted) <= 256:
                done = 0
                for stored in wanted:
                    done += db.execute("DELETE FROM pending WHERE board = ? AND id = ?", (board, stored)).rowcount
                return done
            pending = {i for (i,) in db.execute("SELECT id FROM pending WHERE board = ?", (board,))}
            hit = pending & wanted
            if hit == pending:
                db.execute("DELETE FROM pending WHERE board = ?", (board,))
            else:
                db.executemany("DELETE FROM pending WHERE board = ? AND id = ?", ((board, i) for i in hit))
            return len(hit)

    def mark_all_seen(self, ids: Iterable[str] | None = None) -> int:
        """Every posting of ``ids`` (None: every new one) is seen."""
        if ids is not None:
            return self.mark_seen(ids)
        with self._writing() as db:
            return db.execute("DELETE FROM pending WHERE board = ?", (self._board(db),)).rowcount

    # -- where the user left off -------------------------------------------------------------
    def ui(self) -> dict[str, Any]:
        """Where the user left off on this board (query, tags, sort, the
        posting under the cursor, scroll, focused pane: whatever the UI saved)
        and the layout (LAYOUT_KEYS, the same on every board)."""
        layout = self._read("SELECT value FROM meta WHERE key = 'ui'")
        own = self._read("SELECT ui FROM boards WHERE key = ?", (self._key(),))
        return {**_json(layout[0][0] if layout else None), **_json(own[0][0] if own else None)}

    def set_ui(self, **changes: Any) -> dict[str, Any]:
        """Save these (a value None removes its key); returns ui() as saved.
        TypeError for a value JSON cannot hold."""
        layout = {k: v for k, v in changes.items() if k in LAYOUT_KEYS}
        own = {k: v for k, v in changes.items() if k not in LAYOUT_KEYS}
        with self._writing() as db:
            if layout:
                self._merge_json(db, "SELECT value FROM meta WHERE key = 'ui'", layout, self._save_layout)
            if own:
                board = self._board(db)
                self._merge_json(
                    db,
                    f"SELECT ui FROM boards WHERE n = {board}",
                    own,
                    lambda db, text: db.execute("UPDATE boards SET ui = ? WHERE n = ?", (text, board)),
                )
        return self.ui()

    @staticmethod
    def _save_layout(db: sqlite3.Connection, text: str) -> None:
        db.execute("INSERT INTO meta VALUES ('ui', ?) ON CONFLICT DO UPDATE SET value = excluded.value", (text,))

    @staticmethod
    def _merge_json(
        db: sqlite3.Connection, query: str, changes: dict[str, Any], save: Callable[[sqlite3.Connection, str], Any]
    ) -> None:
        row = db.execute(query).fetchone()
        merged = {**_json(row[0] if row else None), **changes}
        save(db, json.dumps({k: v for k, v in merged.items() if v is not None}, sort_keys=True))

    # -- postings renamed or edited ----------------------------------------------------------
    def rematch(self, present: Mapping[str, Fingerprint]) -> dict[str, str]:
        """Marks whose posting is gone move to the present posting that is
        the same one renamed or edited: the only one with the same text
        (digest), else the only one with the same title and date (and no
        marks of its own). Returns old id -> new id; what cannot be matched
        is listed by :meth:`missing`. The fingerprints of marked postings
        present are brought up to date. ``present`` is gone through only when
        a marked posting is missing; nothing is written when nothing changed
        (so it may be called at every load, on a file refused too). A posting
        whose marks moved is not new (call it after :meth:`begin_visit`, then
        :meth:`new_ids`)."""
        rows = self._read(f"SELECT id, title, posted, digest, gone FROM marks WHERE board = {_BOARD}", (self._key(),))
        if not any(_rematch_plan(rows, present)):
            return {}
        with self._writing() as db:
            board = self._board(db)
            rows = db.execute("SELECT id, title, posted, digest, gone FROM marks WHERE board = ?", (board,)).fetchall()
            changes, moves = _rematch_plan(rows, present)
            for old, new in moves.items():
                for table in ("marks", "history"):
                    db.execute(
                        f"UPDATE {table} SET id = ? WHERE board = ? AND id = ?", (_db_id(new), board, _db_id(old))
                    )
                # a posting the user marked is not new to them under its new name
                db.executemany(
                    "DELETE FROM pending WHERE board = ? AND id = ?", [(board, _db_id(i)) for i in (old, new)]
                )
            for posting_id, now in changes:
                if now is None:
                    db.execute("UPDATE marks SET gone = 1 WHERE board = ? AND id = ?", (board, _db_id(posting_id)))
                else:
                    self._touch(db, board, posting_id, now)
        return moves

    def missing(self) -> list[str]:
        """Marked postings not on the board at the last :meth:`rematch`."""
        rows = self._read(
            f"SELECT id FROM marks WHERE board = {_BOARD} AND gone"
            " AND (status IS NOT NULL OR follow_up IS NOT NULL OR note IS NOT NULL)",
            (self._key(),),
        )
        return sorted(_py_id(i) for (i,) in rows)

    # -- everything, for an export ------------------------------------------------------------
    def rows(self) -> list[MarkRow]:
        """Every posting of the board with a mark or a history, by id."""
        key = (self._key(),)
        changes: dict[str, list[Change]] = defaultdict(list)
        for posting_id, *change in self._read(
            f"SELECT id, at, status, previous FROM history WHERE board = {_BOARD} ORDER BY n", key
        ):
            changes[_py_id(posting_id)].append(_change(change))
        out = []
        for i, status, follow_up, note, title, posted, digest, gone in self._read(
            "SELECT id, status, follow_up, note, title, posted, digest, gone"
            f" FROM marks WHERE board = {_BOARD} ORDER BY id",
            key,
        ):
            posting_id = _py_id(i)
            fingerprint = Fingerprint(title, posted, digest) if digest is not None else None
            history = tuple(changes.get(posting_id, ()))
            out.append(
                MarkRow(posting_id, _status(status), history, _date(follow_up), note or "", fingerprint, bool(gone))
            )
        return out

    # -- boards moved ---------------------------------------------------------------------------
    def boards_sharing(self, ids: Iterable[str], key: str | None = None) -> list[tuple[str, int]]:
        """Other boards with marks, and how many of ``ids`` each has known or
        marked, most first: to offer to carry marks over to a board (``key``,
        default this one) that has none, from the one it most likely was."""
        wanted = set(ids)
        this = self._key(key)
        out = []
        for n, other in self._read("SELECT n, key FROM boards WHERE key != ?", (this,)):
            marked = {_py_id(i) for (i,) in self._read("SELECT id FROM marks WHERE board = ?", (n,))}
            if not marked:
                continue
            seen = set(marked)
            for (blob,) in self._read("SELECT ids FROM known WHERE board = ?", (n,)):
                seen.update(_split(blob))
            shared = len(wanted & seen)
            if shared:
                out.append((_py_id(other), shared))
        return sorted(out, key=lambda pair: (-pair[1], pair[0]))

    def carry_over(self, from_key: str, to_key: str | None = None) -> int:
        """Copy the marks of board ``from_key`` to ``to_key`` (default this
        board): each posting's status, history, follow-up, note and
        fingerprint where it has none there, the blocklist, where the user
        left off, which ids are known and new. ``from_key`` keeps its own.
        Returns how many postings' marks were carried."""
        with self._writing() as db:
            row = db.execute("SELECT n, visits FROM boards WHERE key = ?", (_db_id(from_key),)).fetchone()
            to = self._board(db, to_key)
            if row is None or row[0] == to:
                return 0
            source, visits = row
            ids = [
                i
                for (i,) in db.execute(
                    "SELECT id FROM marks WHERE board = ? AND id NOT IN (SELECT id FROM marks WHERE board = ?)",
                    (source, to),
                ).fetchall()
            ]
            for stored in ids:
                db.execute(
                    "INSERT INTO marks SELECT ?, id, status, follow_up, note, title, posted, digest, gone"
                    " FROM marks WHERE board = ? AND id = ?",
                    (to, source, stored),
                )
                db.execute(
                    "INSERT INTO history(board, id, at, status, previous) SELECT ?, id, at, status, previous"
                    " FROM history WHERE board = ? AND id = ? ORDER BY n",
                    (to, source, stored),
                )
            db.execute(
                "INSERT OR IGNORE INTO blocked SELECT ?, name, shown, at FROM blocked WHERE board = ?", (to, source)
            )
            db.execute("INSERT OR IGNORE INTO pending SELECT ?, id FROM pending WHERE board = ?", (to, source))
            (last,) = db.execute("SELECT coalesce(max(n), 0) FROM known WHERE board = ?", (to,)).fetchone()
            db.execute("INSERT INTO known SELECT ?, n + ?, ids FROM known WHERE board = ?", (to, last, source))
            (theirs,), (ours,) = (
                db.execute("SELECT ui FROM boards WHERE n = ?", (n,)).fetchone() for n in (source, to)
            )
            db.execute(
                "UPDATE boards SET ui = ?, visits = max(visits, ?), present_digest = NULL WHERE n = ?",
                (json.dumps({**_json(theirs), **_json(ours)}, sort_keys=True), visits, to),
            )
            return len(ids)


def _json(text: object) -> dict[str, Any]:
    try:
        value = json.loads(text) if isinstance(text, str) else None
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


def _date(value: object) -> _dt.date | None:
    try:
        return _dt.date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None


def _change(row: Iterable[Any]) -> Change:
    at, status, previous = row
    try:
        when = _dt.datetime.fromisoformat(at)
    except (TypeError, ValueError):
        when = _dt.datetime.min
    return Change(when, _status(status), _status(previous))


def _rematch_plan(
    rows: list[Any], present: Mapping[str, Fingerprint]
) -> tuple[list[tuple[str, Fingerprint | None]], dict[str, str]]:
    """What :meth:`Marks.rematch` changes, of the marks ``rows`` (id, title,
    posted, digest, gone): (each posting id with its fingerprint now, None if
    it is gone now; old id -> new id)."""
    marked = {_py_id(i): (Fingerprint(t, p, d) if d is not None else None, g) for i, t, p, d, g in rows}
    lost = sorted(i for i in marked if i not in present)
    moves = _matches(lost, marked, present) if lost else {}
    changes: list[tuple[str, Fingerprint | None]] = []
    for posting_id, (fingerprint, gone) in marked.items():
        posting_id = moves.get(posting_id, posting_id)
        now = present.get(posting_id)
        if (now is None and not gone) or (now is not None and (now != fingerprint or gone)):
            changes.append((posting_id, now))
    return changes, moves


def _matches(
    lost: list[str], marked: Mapping[str, tuple[Fingerprint | None, int]], present: Mapping[str, Fingerprint]
) -> dict[str, str]:
    """Old id -> new id for the marks of ``lost`` that one present posting,
    itself unmarked, matches unambiguously (two marks that would move to the
    same posting stay where they are)."""
    by_digest: dict[str, list[str]] = defaultdict(list)
    by_title: dict[tuple[str, str | None], list[str]] = defaultdict(list)
    for posting_id, fingerprint in present.items():
        if posting_id not in marked:
            by_digest[fingerprint.digest].append(posting_id)
            if fingerprint.title.strip():
                by_title[(fingerprint.title, fingerprint.date)].append(posting_id)
    moves: dict[str, str] = {}
    for old in lost:
        was = marked[old][0]
        if was is None:
            continue
        for found in (by_digest.get(was.digest, []), by_title.get((was.title, was.date), [])):
            if len(found) == 1:
                moves[old] = found[0]
                break
    taken: dict[str, int] = defaultdict(int)
    for new in moves.values():
        taken[new] += 1
    return {old: new for old, new in moves.items() if taken[new] == 1}
