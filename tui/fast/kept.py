"""What a start works out and the next one can have back (Textual's parsed
stylesheets, the code Python compiles): kept in a file in jobboard's cache
folder, read as a whole at start, written whole once the app has run, and
only if something was worked out anew.

A file is read without following a link, only if it is a regular file, and
only up to a size; a link in its place is replaced, never written through.
Either way, a file that cannot be read is worked out again and written over.
"""

from __future__ import annotations

import os
import stat
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Generic, TypeVar

__all__ = ["Kept", "read_file", "write_file"]

K = TypeVar("K")
V = TypeVar("V")


def read_file(path: Path, largest: int, *, own: bool = False) -> bytes:
    """The file's bytes (up to ``largest``), never through a link; b"" if
    there is none, or it is not a regular file. ``own``: only a file of this
    user's that no one else may write (one whose content is run), else b"".
    OSError if it cannot be read."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError:
        return b""
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            return b""
        if own:
            getuid = getattr(os, "getuid", None)
            if (getuid is not None and info.st_uid != getuid()) or info.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
                return b""
        parts: list[bytes] = []
        left = largest
        while left > 0:
            part = os.read(fd, min(left, 1 << 20))
            if not part:
                break
            parts.append(part)
            left -= len(part)
        return b"".join(parts)
    finally:
        os.close(fd)


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
    ``get`` from either, or worked out by ``make`` and kept, with the time
    that took (``cost``). Only what the thread that made this works out is
    kept, until ``learning`` is turned off; anything else is given, not kept."""

    def __init__(self, read: dict[K, V] | None = None) -> None:
        self.read: dict[K, V] = read or {}
        self.used: dict[K, V] = {}
        self.new = False
        self.cost = 0.0  # seconds spent working out what was kept anew
        self.learning = True
        self.thread = threading.get_ident()

    def get(self, key: K, make: Callable[[], V]) -> V:
        found = self.used.get(key)
        if found is None:
            found = self.read.get(key)
            if found is None:
                if not self.learning or threading.get_ident() != self.thread:
                    return make()
                began = time.perf_counter()
                found = make()
                self.cost += time.perf_counter() - began
                self.new = True
            self.used[key] = found
        return found

    def forget(self, key: K) -> None:
        """``key``'s entry was worked out wrong (what used it failed): not kept."""
        self.used.pop(key, None)
