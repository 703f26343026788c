"""What a start works out and the next one can have back (Textual's parsed
stylesheets, the code Python compiles): kept in a file in jobboard's cache
folder, read as a whole at start, written whole once the app has run, and
only if something was worked out anew.

A file is read without following a link, and only up to a size; a link in
its place is replaced, never written through. Either way, a file that cannot
be read is worked out again and written over.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable
from pathlib import Path
from typing import Generic, TypeVar

__all__ = ["Kept", "read_file", "write_file"]

K = TypeVar("K")
V = TypeVar("V")


def read_file(path: Path, largest: int, *, own: bool = False) -> bytes:
    """The file's bytes (up to ``largest``), never through a link; b"" if
    there is none. ``own``: only a regular file of this user's that no one
    else may write (one whose content is run), else b"". OSError if it
    cannot be read."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError:
        return b""
    with open(fd, "rb") as handle:
        if own:
            info = os.fstat(fd)
            getuid = getattr(os, "getuid", None)
            mine = getuid is None or info.st_uid == getuid()
            if not (stat.S_ISREG(info.st_mode) and mine and not info.st_mode & (stat.S_IWGRP | stat.S_IWOTH)):
                return b""
        return handle.read(largest)


def write_file(path: Path, data: bytes) -> None:
    """Written whole (a link there replaced); nothing said if it cannot be: a
    cache written next time."""
    from tui import store

    try:
        store.atomic_write(path, data, durable=False)
    except Exception:
        pass


class Kept(Generic[K, V]):
    """What the file gave (``read``), and what this run used: given back by
    ``get`` from either, or worked out by ``make`` and kept. Once ``learning``
    is off, what is worked out anew is given, not kept."""

    def __init__(self, read: dict[K, V] | None = None) -> None:
        self.read: dict[K, V] = read or {}
        self.used: dict[K, V] = {}
        self.new = False
        self.learning = True

    def get(self, key: K, make: Callable[[], V]) -> V:
        found = self.used.get(key)
        if found is None:
            found = self.read.get(key)
            if found is None:
                found = make()
                if not self.learning:
                    return found
                self.new = True
            self.used[key] = found
        return found
