"""The text of every posting, indexed on disk for words and phrases (SQLite FTS5).

The index lives beside the parse cache, one file per board. It stores no
text, only the index (FTS5 "contentless"): a posting that changes gets a new
row and its old one is forgotten (a tombstone); when the forgotten rows pass a
quarter of the live ones the index is made again. Words fold case and
accents; a term matches a word or the start of one (``remot`` finds
"remote"); ``"data director"`` is a phrase. A file that is not our index, or
one SQLite cannot read, is made again from the postings, never trusted;
a page found damaged while searching drops the index (the search answers
without the text; the next open makes it again). A link, or anything but a
regular file, at one of its names is removed, never followed. One process
makes or updates it at a time (a lock file beside it); one that cannot be
written but is a valid index is searched as it is.

Nothing here imports Textual.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
import stat
import threading
import urllib.parse
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tui.text import clean_line

__all__ = ["BodyIndex", "Unavailable", "Updated", "fts_phrase", "index_path"]

FORMAT = "jobboard-bodies"
#: 4: the texts as a reader sees them (template code out, HTML made text).
VERSION = "4"

SCHEMA = """
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE files(n INTEGER PRIMARY KEY AUTOINCREMENT, id BLOB NOT NULL UNIQUE, size INTEGER NOT NULL,
    mtime INTEGER NOT NULL);
"""
#: The words of each body (no text kept): case and accents folded. No prefix
#: indexes: at 100,000 postings those for 2 and 3 letters double the time to
#: make the index and treble its size, for 3-letter prefixes looked up in 40 ms
#: instead of 60-110 (in the background, and typing the fourth letter narrows).
FTS_TABLE = "CREATE VIRTUAL TABLE bodies USING fts5(body, content='', tokenize='unicode61 remove_diacritics 2')"


def index_path(cache_dir: Path, root: Path) -> Path:
    digest = hashlib.sha256(str(root).encode("utf-8", "surrogateescape")).hexdigest()[:24]
    return cache_dir / f"bodies-{digest}.sqlite"


def fts_phrase(text: str, prefix: bool = True) -> str:
    """``text`` as an FTS5 phrase (its words in order), the last word a prefix
    when ``prefix``: any characters, quotes included, are taken as text."""
    quoted = '"' + text.replace('"', '""') + '"'
    return quoted + "*" if prefix else quoted


def _raw(posting_id: str) -> bytes:
    """A posting id as stored: its bytes (a file name need not be UTF-8)."""
    return posting_id.encode("utf-8", "surrogateescape")


def _id(raw: bytes) -> str:
    return raw.decode("utf-8", "surrogateescape")


#: Past this many postings found, the text's hits are not ranked among themselves.
RANKED_UP_TO = 2000
_FOUND = "SELECT count(*), group_concat(rowid) FROM bodies WHERE bodies MATCH ?"
#: MATERIALIZED: bm25() is refused inside a query SQLite flattens.
_RANKED = (
    "WITH hits AS MATERIALIZED (SELECT rowid AS n, -bm25(bodies) AS r FROM bodies WHERE bodies MATCH ?)"
    " SELECT group_concat(n), group_concat(r) FROM hits"
)


#: How long one process waits for another to finish making the same index
#: (then it searches what is there as it is).
LOCK_WAIT = 30.0
#: SQLite's primary result codes that say the file itself is wrong (SQLITE_ERROR:
#: a table missing; SQLITE_CORRUPT; SQLITE_NOTADB), and that it may not be written.
_NOT_AN_INDEX = (1, 11, 26)
_READ_ONLY = 8


def _code(exc: BaseException) -> int | None:
    code = getattr(exc, "sqlite_errorcode", None)
    return code & 0xFF if isinstance(code, int) else None


def _damage(exc: BaseException) -> bool:
    """Whether ``exc`` says the file holds what no index of ours would: a
    damaged page, a value of the wrong kind (Python's module says that one,
    with no SQLite code), sizes so wrong that SQLite runs out of memory."""
    if isinstance(exc, MemoryError):
        return True
    return isinstance(exc, sqlite3.DatabaseError) and (_code(exc) is None or _code(exc) in _NOT_AN_INDEX)


def _why(exc: BaseException) -> str:
    """One line of what went wrong, for the user."""
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror
    return clean_line(str(exc) or type(exc).__name__, 200)


class _Malformed(sqlite3.DatabaseError):
    """A row no index of ours holds (a number where text was written, none
    where there must be one): what a damaged page can read as."""

    sqlite_errorcode = 11  # SQLITE_CORRUPT

    def __init__(self) -> None:
        super().__init__("database disk image is malformed")


def _checked_id(raw: object) -> str:
    if not isinstance(raw, bytes):
        raise _Malformed()
    return _id(raw)


class Unavailable(Exception):
    """The index can be neither made nor read here (a full disk, a folder
    that cannot be written): the text is not searched. One line, the reason."""


#: id -> (row number, size, modification time) of each posting indexed.
Known = dict[str, tuple[int, int, int]]


@dataclass
class Updated:
    added: int = 0
    changed: int = 0
    removed: int = 0
    rebuilt: bool = False
    unreadable: int = 0
    #: Why the index was left as it was (it cannot be written, another
    #: process is making it), and how many postings it is behind by then.
    not_written: str | None = None
    stale: int = 0


class BodyIndex:
    """One board's body index; ``path`` None keeps it in memory. The live rows
    are those "files" names: a posting's old row, once it changed or went, is
    left in the FTS table and found by no search (AUTOINCREMENT never gives
    its number to another)."""

    def __init__(self, path: Path | None, root: Path) -> None:
        """Raises :class:`Unavailable` if it can be neither made nor read."""
        self.path = path
        self.root = root
        self.lock = threading.RLock()  # one connection, used from the UI and the indexing thread
        self.rebuilt_because: str | None = None
        #: Why the index was dropped while in use (a damaged page a search
        #: met): it then finds nothing, and the next open makes it again.
        self.broken: str | None = None
        #: A valid index that cannot be written here: searched as it is.
        self.read_only = False
        self._live_rows: dict[int, str] | None = None
        self._file_lock: Any = None
        self.db = self._open()

    # -- opening ---------------------------------------------------------------
    def _connect(self) -> sqlite3.Connection:
        target = str(self.path) if self.path is not None else ":memory:"
        return sqlite3.connect(target, check_same_thread=False, isolation_level=None)

    def _settle(self, db: sqlite3.Connection) -> sqlite3.Connection:
        """Our own index (checked first: another database is never changed)."""
        db.execute("PRAGMA journal_mode=WAL" if self.path is not None else "PRAGMA journal_mode=MEMORY")
        db.execute("PRAGMA synchronous=NORMAL")
        return db

    def _names(self) -> list[str]:
        return [f"{self.path}{suffix}" for suffix in ("", "-wal", "-shm", "-journal", ".lock")]

    def _builder(self, timeout: float = LOCK_WAIT) -> Any:
        """Held while the index is made or changed: one process at a time."""
        if self.path is None:
            return nullcontext()
        if self._file_lock is None:
            from filelock import FileLock

            self._file_lock = FileLock(f"{self.path}.lock", timeout=timeout, mode=0o600)
        return self._file_lock.acquire(timeout=timeout)

    def _open(self) -> sqlite3.Connection:
        if self.path is None:
            return self._create()
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._remove_strangers()
            with self._builder():
                return self._open_writable()
        except (OSError, sqlite3.Error) as exc:  # a Timeout is an OSError
            db = self._open_read_only()
            if db is None:
                raise Unavailable(f"{self.path}: {_why(exc)}") from None
            self.read_only = True
            return db

    def _remove_strangers(self) -> None:
        """The index's files are ours: at one of their names, a symbolic link
        (its target left exactly as it is), a second name of another file,
        or anything but a regular file is removed, never opened."""
        for name in self._names():
            try:
                st = os.lstat(name)
            except FileNotFoundError:
                continue
            if not (stat.S_ISREG(st.st_mode) and st.st_nlink == 1):
                os.unlink(name)  # a folder raises: the index is then not made here

    def _open_writable(self) -> sqlite3.Connection:
        db: sqlite3.Connection | None = None
        try:
            db = self._connect()
            problem = self._foreign(db)
        except (sqlite3.DatabaseError, MemoryError) as exc:
            if not _damage(exc):  # cannot be opened or read here: not the file's fault
                if db is not None:
                    db.close()
                raise
            problem = f"unreadable ({_why(exc)})"
        if problem is None:
            assert db is not None
            return self._settle(db)
        if problem != "new":
            self.rebuilt_because = problem
        if db is not None:
            db.close()
        self._remove_files()
        return self._create()

    def _create(self) -> sqlite3.Connection:
        db = self._settle(self._connect())
        try:
            db.executescript(SCHEMA)
            db.execute(FTS_TABLE)
            db.executemany(
                "INSERT INTO meta VALUES (?, ?)",
                [("format", FORMAT), ("version", VERSION), ("root", str(self.root)), ("dead", "0")],
            )
        except BaseException:
            db.close()
            raise
        return db

    def _open_read_only(self) -> sqlite3.Connection | None:
        """The index as it is, if it is a valid one (and a regular file of its own)."""
        assert self.path is not None
        try:
            st = os.lstat(self.path)
        except OSError:
            return None
        if not (stat.S_ISREG(st.st_mode) and st.st_nlink == 1):
            return None
        uri = "file:" + urllib.parse.quote(str(self.path))
        # "immutable": a folder that cannot be written has no room for the
        # shared-memory file a WAL database is read with.
        for params in ("mode=ro", "mode=ro&immutable=1"):
            db = None
            try:
                db = sqlite3.connect(f"{uri}?{params}", uri=True, check_same_thread=False, isolation_level=None)
                if self._foreign(db) is None:
                    return db
            except (sqlite3.Error, MemoryError):
                pass
            if db is not None:
                db.close()
        return None

    def _foreign(self, db: sqlite3.Connection) -> str | None:
        """Why ``db`` is not this board's index (None: it is; "new": empty)."""
        tables = {name for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type IN ('table', 'view')")}
        if not tables:
            return "new"
        if not {"meta", "files", "bodies"} <= tables:
            return "not a body index"
        meta = dict(db.execute("SELECT key, value FROM meta").fetchall())
        if meta.get("format") != FORMAT:
            return "not a body index"
        if meta.get("version") != VERSION:
            return "made by another version"
        if meta.get("root") != str(self.root):
            return "made for another board"
        db.execute("SELECT rowid FROM bodies WHERE bodies MATCH 'x' LIMIT 1").fetchall()  # the FTS table answers
        return None

    def _remove_files(self) -> None:
        if self.path is None:
            return
        for suffix in ("", "-wal", "-shm", "-journal"):
            try:
                os.unlink(f"{self.path}{suffix}")
            except FileNotFoundError:
                pass

    def close(self) -> None:
        with self.lock:
            self.db.close()

    # -- keeping it up to date --------------------------------------------------
    def known(self) -> Known:
        """id -> (rowid, size, mtime) of every posting indexed."""
        with self.lock:
            rows = self.db.execute("SELECT n, id, size, mtime FROM files")
            return {_checked_id(raw): (n, size, mtime) for n, raw, size, mtime in rows}

    def update(
        self,
        ids: Iterable[str],
        read_bodies: Callable[[Sequence[str]], Iterable[str | None]],
        progress: Callable[[int, int], None] | None = None,
        batch: int = 500,
    ) -> Updated:
        """Index what changed since the last update: postings ``ids`` now on
        the board (their size and time from the file); ``read_bodies(todo)``
        gives their texts in order, None for one that cannot be read (it is
        left out, and counted).

        A damaged index is made again; one that cannot be written, or that
        another process is making, is left as it is (``not_written``).
        Other failures (a full disk) raise: the text is then not searched."""
        ids = list(ids)
        if self.broken is not None:
            return Updated(not_written=f"damaged ({self.broken})")
        if self.read_only:
            return self._left_as_it_is(ids, "it cannot be written")
        try:
            with self._builder():
                try:
                    return self._update(ids, read_bodies, progress, batch)
                except (sqlite3.DatabaseError, MemoryError) as exc:
                    if _code(exc) == _READ_ONLY:
                        self.read_only = True
                        return self._left_as_it_is(ids, "it cannot be written")
                    if not _damage(exc):
                        raise
                    self._remake(f"damaged ({_why(exc)})")
                    done = self._update(ids, read_bodies, progress, batch)
                    done.rebuilt = True
                    return done
        except TimeoutError:
            return self._left_as_it_is(ids, "another jobboard is making it")

    def _plan(self, ids: list[str]) -> tuple[Known, dict[str, tuple[int, int]], list[str], list[str]]:
        """(what is indexed, what is on the board, the postings gone, those to read)."""
        known = self.known()
        current: dict[str, tuple[int, int]] = {}
        for posting_id in ids:
            try:
                st = os.stat(self.root / posting_id)
            except OSError:
                continue
            current[posting_id] = (st.st_size, st.st_mtime_ns)
        gone = [posting_id for posting_id in known if posting_id not in current]
        todo = [
            posting_id
            for posting_id, stamp in current.items()
            if posting_id not in known or known[posting_id][1:] != stamp
        ]
        return known, current, gone, todo

    def _left_as_it_is(self, ids: list[str], why: str) -> Updated:
        try:
            _, _, gone, todo = self._plan(ids)
        except (sqlite3.Error, MemoryError):
            gone, todo = [], list(ids)
        return Updated(not_written=why, stale=len(gone) + len(todo))

    def _update(
        self,
        ids: list[str],
        read_bodies: Callable[[Sequence[str]], Iterable[str | None]],
        progress: Callable[[int, int], None] | None,
        batch: int,
    ) -> Updated:
        done = Updated()
        with self.lock:
            (indexed,) = self.db.execute("SELECT count(*) FROM files").fetchone()
        if self._dead() > indexed // 4 + 1000:
            self._rebuild()
            done.rebuilt = True
        known, current, gone, todo = self._plan(ids)
        dead = self._dead()
        with self._transaction():
            self._live_rows = None
            for posting_id in gone:
                self.db.execute("DELETE FROM files WHERE id = ?", (_raw(posting_id),))
        done.removed = len(gone)
        dead += len(gone)
        rows: list[tuple[str, int, int, str]] = []
        n = 0
        for n, (posting_id, body) in enumerate(zip(todo, read_bodies(todo), strict=True), 1):
            if body is None:  # removed or unreadable since the scan: left out
                done.unreadable += 1
            else:
                size, mtime = current[posting_id]
                rows.append((posting_id, size, mtime, body))
                if posting_id in known:
                    done.changed += 1
                    dead += 1
                else:
                    done.added += 1
            if len(rows) >= batch or n == len(todo):
                self._write(rows, dead)
                rows = []
                if progress is not None:
                    progress(n, len(todo))
        if gone and not todo:
            self._set_dead(dead)
        return done

    @contextmanager
    def _transaction(self) -> Iterator[None]:
        """One transaction, rolled back if anything fails in it."""
        with self.lock:
            self.db.execute("BEGIN")
            try:
                yield
                self.db.execute("COMMIT")
            except BaseException:
                try:
                    self.db.execute("ROLLBACK")
                except sqlite3.Error:
                    pass
                raise

    def _write(self, rows: list[tuple[str, int, int, str]], dead: int) -> None:
        with self._transaction():
            self._live_rows = None
            for posting_id, size, mtime, body in rows:
                raw = _raw(posting_id)
                self.db.execute("DELETE FROM files WHERE id = ?", (raw,))
                rowid = self.db.execute(
                    "INSERT INTO files(id, size, mtime) VALUES (?, ?, ?)", (raw, size, mtime)
                ).lastrowid
                try:
                    self.db.execute("INSERT INTO bodies(rowid, body) VALUES (?, ?)", (rowid, body))
                except UnicodeEncodeError:  # a lone surrogate: SQLite takes only UTF-8
                    text = body.encode("utf-8", "replace").decode("utf-8")
                    self.db.execute("INSERT INTO bodies(rowid, body) VALUES (?, ?)", (rowid, text))
            self.db.execute("UPDATE meta SET value = ? WHERE key = 'dead'", (str(dead),))

    def _remake(self, why: str) -> None:
        """Made again from nothing (the builder's lock held)."""
        with self.lock:
            self.rebuilt_because = why
            self._live_rows = None
            self.db.close()
            self._remove_files()
            self.db = self._create()

    def _drop(self, exc: BaseException) -> None:
        """A search met a damaged page (or any failure of the database): the
        index is forgotten and its files removed, so the next open makes it
        again; until then it finds nothing (the lock is held)."""
        self.broken = _why(exc)
        self._live_rows = {}
        try:
            self.db.close()
        except sqlite3.Error:
            pass
        if self.path is None or self.read_only:
            return
        try:
            with self._builder(timeout=1.0):
                self._remove_files()
        except OSError:
            pass  # made again when it can be

    def _dead(self) -> int:
        with self.lock:
            row = self.db.execute("SELECT value FROM meta WHERE key = 'dead'").fetchone()
        try:
            return int(row[0]) if row else 0
        except ValueError:
            return 0

    def _set_dead(self, dead: int) -> None:
        with self.lock:
            self.db.execute("UPDATE meta SET value = ? WHERE key = 'dead'", (str(dead),))

    def _rebuild(self) -> None:
        with self.lock:
            self._live_rows = None
            with self._transaction():
                self.db.execute("DELETE FROM files")
                self.db.execute("DROP TABLE bodies")
                self.db.execute(FTS_TABLE)
                self.db.execute("UPDATE meta SET value = '0' WHERE key = 'dead'")
            self.db.execute("VACUUM")

    # -- searching ----------------------------------------------------------------
    def search(self, expression: str) -> dict[str, float]:
        """id -> relevance (higher is better) of every posting whose text
        matches the FTS5 ``expression``; {} for an expression FTS5 refuses,
        and once the index is broken (see :meth:`numbers`).
        Relevance is BM25 for up to RANKED_UP_TO postings; past that (a word
        nearly every posting has) all count the same: BM25 over 100,000
        costs seven times the lookup, and ranks little."""
        numbers, ranks = self.numbers(expression)
        live = self.live()
        relevance = ranks.tolist() if ranks is not None else [1.0] * len(numbers)
        return {live[n]: rank for n, rank in zip(numbers.tolist(), relevance, strict=True) if n in live}

    def numbers(self, expression: str) -> tuple[Any, Any]:
        """What :meth:`search` finds, as the rows' numbers (see :meth:`live`)
        and their relevance (None past RANKED_UP_TO: all the same), numpy
        arrays; stale rows included: :meth:`live` says which are not. Any
        other failure of the database drops the index (:attr:`broken`): it
        finds nothing from then on, and the caller searches without it.

        SQLite joins the numbers into one string and numpy reads it: the
        lookup then holds the interpreter for a few milliseconds, not the
        tens that a Python object per row costs (the UI's thread waits for it)."""
        import numpy as np

        with self.lock:
            try:
                if self.broken is not None:
                    count, ranked = 0, None
                else:
                    count, numbers = self.db.execute(_FOUND, (expression,)).fetchone()
                    ranked = self.db.execute(_RANKED, (expression,)).fetchone() if 0 < count <= RANKED_UP_TO else None
            except (sqlite3.Error, MemoryError) as exc:
                if not (isinstance(exc, sqlite3.OperationalError) and _code(exc) == 1):  # 1: refused, not damaged
                    self._drop(exc)
                count, ranked = 0, None
        if not count:
            return np.zeros(0, np.int64), None
        try:
            if ranked is None:
                return np.fromstring(numbers, np.int64, sep=","), None
            found, ranks = np.fromstring(ranked[0], np.int64, sep=","), np.fromstring(ranked[1], np.float64, sep=",")
            if len(found) != len(ranks):
                raise ValueError("as many numbers as ranks")
            return found, ranks
        except (TypeError, ValueError):  # what a damaged page reads as
            with self.lock:
                self._drop(_Malformed())
            return np.zeros(0, np.int64), None

    def live(self) -> dict[int, str]:
        """Row number -> posting id of the live rows (none once broken)."""
        with self.lock:
            try:
                return dict(self._live())
            except (sqlite3.Error, MemoryError) as exc:
                self._drop(exc)
                return {}

    def _live(self) -> dict[int, str]:
        """Row number -> posting id of the live rows (kept until the next change)."""
        if self._live_rows is None:
            self._live_rows = {n: _checked_id(raw) for n, raw in self.db.execute("SELECT n, id FROM files")}
        return self._live_rows
