"""What the user saves (favorites), kept safe: atomic writes, a file lock that
merges concurrent writers, and a corrupt file moved aside, never overwritten.

Nothing here imports Textual.
"""

from __future__ import annotations

import datetime as _dt
import json
import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

__all__ = ["State", "StateStore", "atomic_write", "cache_dir", "config_dir", "data_dir"]

APP_NAME = "jobboard"
STATE_FORMAT = "jobboard-state"
STATE_VERSION = 1
LOCK_TIMEOUT = 10.0


def data_dir() -> Path:
    import platformdirs

    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def cache_dir() -> Path:
    import platformdirs

    return Path(platformdirs.user_cache_dir(APP_NAME, appauthor=False))


def config_dir() -> Path:
    import platformdirs

    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False))


def atomic_write(path: Path, data: bytes, mode: int = 0o600, durable: bool = True) -> None:
    """Write ``data`` so that ``path`` holds either its old content or the new,
    whatever happens: temporary file in the same folder, flush, fsync, rename.
    Not ``durable``: no fsync (a crash may leave the old content, or an empty
    or partial file, which a cache reader rejects and rebuilds)."""
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


def set_aside(path: Path, why: str) -> str:
    """Move a file we cannot read out of the way; return what to tell the user."""
    stamp = _dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"{path.name}.corrupt-{stamp}")
    n = 1
    while target.exists():
        n += 1
        target = path.with_name(f"{path.name}.corrupt-{stamp}-{n}")
    os.replace(path, target)
    return f"{path} was unreadable ({why}); moved it to {target} and started afresh"


def _now() -> str:
    return _dt.datetime.now(_dt.UTC).replace(microsecond=0).isoformat()


@dataclass
class State:
    """Saved state of every board: favorites by board, by posting id."""

    boards: dict[str, dict[str, Any]] = field(default_factory=dict)

    def favorites(self, board: str) -> dict[str, str]:
        favs = self.boards.get(board, {}).get("favorites", {})
        return favs if isinstance(favs, dict) else {}

    def to_json(self) -> dict[str, Any]:
        return {"format": STATE_FORMAT, "version": STATE_VERSION, "boards": self.boards}


class StateError(Exception):
    pass


def _parse_state(raw: bytes) -> State:
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise StateError(f"not JSON: {exc}") from None
    if not isinstance(data, dict) or data.get("format") != STATE_FORMAT:
        raise StateError("not a jobboard state file")
    if data.get("version") != STATE_VERSION:
        raise StateError(f"unknown version {data.get('version')!r}")
    boards = data.get("boards")
    if not isinstance(boards, dict) or not all(
        isinstance(k, str) and isinstance(v, dict) and isinstance(v.get("favorites", {}), dict)
        for k, v in boards.items()
    ):
        raise StateError("unexpected content")
    return State(boards)


class StateStore:
    """The state file: every change is read-modify-write under a lock, so two
    windows on the same board never lose each other's favorites."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path or data_dir() / "state.json"
        self.notices: list[str] = []

    def _lock(self) -> Any:
        from filelock import FileLock

        self.path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        return FileLock(str(self.path) + ".lock", timeout=LOCK_TIMEOUT, mode=0o600)

    def _read(self) -> State:
        try:
            raw = self.path.read_bytes()
        except FileNotFoundError:
            return State()
        try:
            return _parse_state(raw)
        except StateError as exc:
            self.notices.append(set_aside(self.path, str(exc)))
            return State()

    def load(self) -> State:
        # Writes replace the file atomically, so a read needs no lock; only
        # setting a bad file aside does (a writer may be replacing it).
        try:
            return _parse_state(self.path.read_bytes())
        except FileNotFoundError:
            return State()
        except StateError:
            pass
        with self._lock():
            return self._read()

    def update(self, change: Callable[[State], None]) -> State:
        """Apply ``change`` to the state on disk, under the lock, and save it."""
        with self._lock():
            state = self._read()
            change(state)
            atomic_write(self.path, json.dumps(state.to_json(), indent=1, sort_keys=True).encode() + b"\n")
            return state

    def favorites(self, board: str) -> dict[str, str]:
        return dict(self.load().favorites(board))

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
