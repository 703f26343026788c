"""What the user saves (favorites), kept safe: atomic writes, a file lock that
merges concurrent writers, a corrupt file moved aside, never overwritten, and
a file that cannot be read, or that a newer version wrote, never touched.

Nothing here imports Textual.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import json
import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tui.dirs import cache_dir, config_dir, data_dir
from tui.text import visible

__all__ = ["State", "StateStore", "atomic_write", "cache_dir", "config_dir", "data_dir"]

STATE_FORMAT = "jobboard-state"
STATE_VERSION = 1
LOCK_TIMEOUT = 10.0


def atomic_write(path: Path, data: bytes, mode: int = 0o600, durable: bool = True, follow_link: bool = False) -> None:
    """Write ``data`` so that ``path`` holds either its old content or the new,
    whatever happens: temporary file in the same folder, flush, fsync, rename.
    Not ``durable``: no fsync (a crash may leave the old content, or an empty
    or partial file, which a cache reader rejects and rebuilds).

    A symbolic link at ``path`` is replaced by the file, its target left as
    it is; with ``follow_link`` (the state file, which a user may keep among
    their dotfiles) the file it leads to is written instead, the link kept."""
    if follow_link and os.path.islink(path):  # write through the link, keep the link
        path = Path(os.path.realpath(path))
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        os.fchmod(fd, mode)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            if durable:
                os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
    if not durable:
        return
    try:
        dir_fd = os.open(path.parent, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(dir_fd)
    except OSError:
        pass
    finally:
        os.close(dir_fd)


def _remove_stale_temporaries(path: Path) -> None:
    """The temporary files of writes of ``path`` that never finished (a
    writer killed between writing and renaming). Only under the lock: no
    writer is between the two then. A link among them goes as a link."""
    prefix, suffix = f".{path.name}.", ".tmp"
    try:
        with os.scandir(path.parent) as entries:
            stale = [e.path for e in entries if e.name.startswith(prefix) and e.name.endswith(suffix)]
    except OSError:
        return
    for name in stale:
        try:
            os.unlink(name)
        except OSError:
            pass


def set_aside(path: Path, why: str) -> str:
    """Move a file we cannot read out of the way; return what to tell the user."""
    stamp = _dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"{path.name}.corrupt-{stamp}")
    n = 1
    while target.exists():
        n += 1
        target = path.with_name(f"{path.name}.corrupt-{stamp}-{n}")
    os.replace(path, target)
    return visible(f"{path} was unreadable ({why}); moved it to {target} and started afresh")


def _now() -> str:
    return _dt.datetime.now(_dt.UTC).replace(microsecond=0).isoformat()


#: Past this many problem lines, the state file keeps only their number and a
#: digest of them all (a board is a repository anyone can send files to: its
#: problems must not grow the user's own file).
PROBLEMS_KEPT = 1000


def _line_hash(line: str) -> str:
    return hashlib.sha256(line.encode("utf-8", "surrogatepass")).hexdigest()[:12]


@dataclass(frozen=True)
class ProblemsSeen:
    """What the state file keeps of a board's problems, to tell at the next
    start which are new: their number, a digest of them all, and a short
    hash of each while there are at most PROBLEMS_KEPT (a few tens of KB)."""

    count: int
    digest: str
    hashes: frozenset[str] | None  # None: too many to keep one each

    @classmethod
    def of(cls, lines: list[str]) -> ProblemsSeen:
        """Of the problem lines ``lines``, sorted."""
        digest = hashlib.sha256()
        for line in lines:
            digest.update(line.encode("utf-8", "surrogatepass") + b"\n")
        hashes = frozenset(map(_line_hash, lines)) if len(lines) <= PROBLEMS_KEPT else None
        return cls(len(lines), digest.hexdigest()[:32], hashes)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> ProblemsSeen | None:
        count, digest, hashes = data.get("count"), data.get("digest"), data.get("hashes")
        if not isinstance(count, int) or not isinstance(digest, str):
            return None
        if isinstance(hashes, list) and all(isinstance(h, str) for h in hashes):
            return cls(count, digest, frozenset(hashes))
        return cls(count, digest, None)

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"count": self.count, "digest": self.digest}
        if self.hashes is not None:
            data["hashes"] = sorted(self.hashes)
        return data

    def unseen(self, lines: list[str]) -> list[str]:
        """Those of ``lines`` (sorted) not among these; when there were too
        many to keep each, all of them if anything changed."""
        if self.hashes is not None:
            return [line for line in lines if _line_hash(line) not in self.hashes]
        return [] if ProblemsSeen.of(lines).digest == self.digest else list(lines)


@dataclass
class State:
    """Saved state of every board: favorites by board, by posting id. Keys
    this version does not know are kept as they are (``extra``)."""

    boards: dict[str, dict[str, Any]] = field(default_factory=dict)
    extra: dict[str, Any] = field(default_factory=dict)

    def favorites(self, board: str) -> dict[str, str]:
        favs = self.boards.get(board, {}).get("favorites", {})
        return favs if isinstance(favs, dict) else {}

    def ui(self) -> dict[str, Any]:
        """The user's choices of layout (the sidebar, the split), every board's."""
        value = self.extra.get("ui")
        return dict(value) if isinstance(value, dict) else {}

    def problems_seen(self, board: str) -> ProblemsSeen | None:
        """What was kept of the problems said at the last start on ``board``
        (None: nothing; a list of lines, as earlier versions kept them, too)."""
        entry = self.boards.get(board, {})
        seen = entry.get("problems_seen")
        if isinstance(seen, dict):
            return ProblemsSeen.from_json(seen)
        said = entry.get("problems_said")
        if isinstance(said, list):
            return ProblemsSeen.of(sorted(p for p in said if isinstance(p, str)))
        return None

    def to_json(self) -> dict[str, Any]:
        return {**self.extra, "format": STATE_FORMAT, "version": STATE_VERSION, "boards": self.boards}


class StateError(Exception):
    """The state file cannot be read, or must not be written."""


class Unreadable(StateError):
    """Not a state file of ours (corrupt, or another program's): set aside
    before the next write, never overwritten."""


class Untouchable(StateError):
    """Readable by no one here, or written by a newer jobboard: left exactly
    as it is (the user's marks there would be lost)."""


def _parse_state(raw: bytes) -> State:
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise Unreadable(f"not JSON: {exc}") from None
    if not isinstance(data, dict) or data.get("format") != STATE_FORMAT:
        raise Unreadable("not a jobboard state file")
    version: Any = data.get("version")
    newer = isinstance(version, int) and not isinstance(version, bool) and version > STATE_VERSION
    if version != STATE_VERSION and not newer:
        raise Unreadable(f"unknown version {version!r}")
    boards = data.get("boards")
    if not isinstance(boards, dict) or not all(
        isinstance(k, str) and isinstance(v, dict) and isinstance(v.get("favorites", {}), dict)
        for k, v in boards.items()
    ):
        if newer:
            raise Newer(State(), version)
        raise Unreadable("unexpected content")
    extra = {k: v for k, v in data.items() if k not in ("format", "version", "boards")}
    state = State(boards, extra)
    if newer:
        raise Newer(state, version)
    return state


class Newer(Untouchable):
    """A newer version's file, with what this version understands of it."""

    def __init__(self, state: State, version: int) -> None:
        super().__init__(f"was written by a newer jobboard (format version {version})")
        self.state = state


class StateStore:
    """The state file: every change is read-modify-write under a lock, so two
    windows on the same board never lose each other's favorites.

    Reading never changes anything on disk. A file that is not ours is set
    aside by the next write (never overwritten); one that cannot be read at
    all, or that a newer jobboard wrote, is never written: marks are then
    refused with the reason.
    """

    def __init__(self, path: Path | None = None) -> None:
        self.path = path or data_dir() / "state.json"
        self.notices: list[str] = []
        self._said: set[str] = set()

    def _lock(self) -> Any:
        from filelock import FileLock

        self.path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        return FileLock(str(self.path) + ".lock", timeout=LOCK_TIMEOUT, mode=0o600)

    def _say(self, notice: str) -> None:
        notice = visible(notice)
        if notice not in self._said:
            self._said.add(notice)
            self.notices.append(notice)

    def _read(self) -> State:
        """The state on disk; StateError (Unreadable, Untouchable) if it is not usable as it is."""
        try:
            raw = self.path.read_bytes()
        except FileNotFoundError:
            return State()
        except OSError as exc:
            raise Untouchable(f"cannot be read ({exc.strerror or type(exc).__name__})") from None
        return _parse_state(raw)

    def load(self) -> State:
        """What can be read of the state, changing nothing on disk; what
        cannot be read is said once in ``notices``."""
        # Writes replace the file atomically, so a read needs no lock.
        try:
            return self._read()
        except Newer as exc:
            self._say(f"{self.path} {exc}: shown read-only, marks made here are not saved")
            return exc.state
        except Untouchable as exc:
            self._say(f"{self.path} {exc}: favorites are not shown, and marks are not saved")
        except Unreadable as exc:
            self._say(f"{self.path} is unreadable ({exc}); starting with no favorites (kept aside at the next mark)")
        return State()

    def update(self, change: Callable[[State], None]) -> State:
        """Apply ``change`` to the state on disk, under the lock, and save it.
        Raises StateError, changing nothing, if the file must not be written."""
        with self._lock():
            try:
                state = self._read()
            except Unreadable as exc:
                self._say(set_aside(self.path, str(exc)))
                state = State()
            except Untouchable as exc:
                raise StateError(visible(f"not saved: {self.path} {exc}; it is left as it is")) from None
            change(state)
            data = json.dumps(state.to_json(), indent=1, sort_keys=True).encode() + b"\n"
            _remove_stale_temporaries(Path(os.path.realpath(self.path)))
            atomic_write(self.path, data, follow_link=True)
            return state

    def favorites(self, board: str) -> dict[str, str]:
        return dict(self.load().favorites(board))

    def set_seen_problems(self, board: str, seen: ProblemsSeen) -> None:
        def change(state: State) -> None:
            entry = state.boards.setdefault(board, {})
            entry["problems_seen"] = seen.to_json()
            entry.pop("problems_said", None)  # every line, as earlier versions kept them

        self.update(change)

    def set_ui(self, **changes: Any) -> dict[str, Any]:
        """Save layout choices; returns them all as saved."""

        def change(state: State) -> None:
            ui = state.extra.get("ui")
            state.extra["ui"] = {**(ui if isinstance(ui, dict) else {}), **changes}

        return dict(self.update(change).extra["ui"])

    def set_favorite(self, board: str, posting_id: str, on: bool) -> dict[str, str]:
        """Mark or unmark one favorite; returns the board's favorites as saved."""

        def change(state: State) -> None:
            entry = state.boards.setdefault(board, {})
            favs = entry.setdefault("favorites", {})
            if on:
                favs.setdefault(posting_id, _now())
            else:
                favs.pop(posting_id, None)

        return dict(self.update(change).favorites(board))
