"""The code Python writes for itself at every start, compiled once.

As each dataclass is made, Python writes its ``__init__``, ``__repr__``,
``__eq__`` (and a frozen one's ``__setattr__``, ``__hash__``) as source text
and compiles it; ``namedtuple`` does the same for each ``__new__``. That is
about 370 compilations at a start, Textual's classes and jobboard's: 20 ms,
a tenth of the start. The same text always compiles to the same code, so
each is kept in a file in jobboard's cache folder under its text, for this
exact Python, and given back the next time the same text is compiled. Text
not in the file is compiled as ever.

The file holds code that runs at start, as Python's own bytecode caches do.
It is read only if it is a regular file of this user's that no one else may
write, never through a link; anything else in its place, or a file that
cannot be read, is compiled over. The file is written whole, and a link
there is replaced, never written through.
"""

from __future__ import annotations

import builtins
import marshal
import os
import stat
import sys
from pathlib import Path
from types import CodeType
from typing import Any

__all__ = ["from_file", "install", "keep", "uninstall"]

#: What the file begins with: the Python that compiled it (its bytecode is that version's).
HEADER = b"jobboard: code compiled by Python " + sys.version.encode("utf-8", "replace") + b"\n"

#: The file is read up to this size (it holds about 200 KB).
LARGEST = 8 * 1024 * 1024

Key = tuple[str, str]  # (mode, source)


def _readable(handle: Any) -> bool:
    """A regular file of this user's that only they may write."""
    info = os.fstat(handle.fileno())
    getuid = getattr(os, "getuid", None)
    owner_ok = getuid is None or info.st_uid == getuid()
    return stat.S_ISREG(info.st_mode) and owner_ok and not info.st_mode & (stat.S_IWGRP | stat.S_IWOTH)


def _all_code(data: Any) -> bool:
    return type(data) is dict and all(
        type(key) is tuple and len(key) == 2 and type(key[0]) is str and type(key[1]) is str and type(code) is CodeType
        for key, code in data.items()
    )


class _Kept:
    """The code of the file, and that compiled or used in this run."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.read: dict[Key, CodeType] = {}
        self.used: dict[Key, CodeType] = {}
        self.new = False
        try:
            fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
            with open(fd, "rb") as handle:
                data = handle.read(LARGEST) if _readable(handle) else b""
            if data.startswith(HEADER):
                read = marshal.loads(memoryview(data)[len(HEADER) :])
                if _all_code(read):
                    self.read = read
        except Exception:  # missing, not ours or damaged: compiled again, and written over
            self.read = {}

    def code(self, source: str, mode: str) -> CodeType:
        key = (mode, source)
        found = self.used.get(key)
        if found is None:
            found = self.read.get(key)
            if found is None:
                # as exec and eval compile a text: no future statement of this module's
                found = compile(source, "<string>", mode, dont_inherit=True)
                self.new = True
            self.used[key] = found
        return found

    def write(self) -> None:
        """What was used in this run, if anything was compiled (nothing said if it cannot be)."""
        if not self.new:
            return
        self.new = False
        from tui import store

        try:
            store.atomic_write(self.path, HEADER + marshal.dumps(self.used), durable=False)
        except Exception:
            pass


_kept: _Kept | None = None

#: The modules that compile text as they make classes, and the builtin each calls.
HOOKED = (("dataclasses", "exec"), ("collections", "eval"))


def _caller_namespaces(args: tuple[Any, ...]) -> tuple[Any, ...]:
    """The namespaces to run in: as given, or the caller's caller's, as the
    builtin would take its caller's."""
    if args and args[0] is not None:
        return args
    frame = sys._getframe(2)
    return (frame.f_globals, frame.f_locals if len(args) < 2 or args[1] is None else args[1])


def _exec(source: Any, /, *args: Any, **kwargs: Any) -> Any:
    kept = _kept
    if kept is None or type(source) is not str:
        return builtins.exec(source, *_caller_namespaces(args), **kwargs)
    return builtins.exec(kept.code(source, "exec"), *_caller_namespaces(args), **kwargs)


def _eval(source: Any, /, *args: Any) -> Any:
    kept = _kept
    if kept is None or type(source) is not str:
        return builtins.eval(source, *_caller_namespaces(args))
    return builtins.eval(kept.code(source, "eval"), *_caller_namespaces(args))


_HOOKS = {"exec": _exec, "eval": _eval}


def install(folder: Path) -> None:
    """From now on, in this process, the text the hooked modules compile is
    compiled through the file kept in ``folder``."""
    global _kept
    import collections  # noqa: F401  (the hooked modules: imported to be hooked)
    import dataclasses  # noqa: F401

    uninstall()
    tag = getattr(sys.implementation, "cache_tag", None) or "python"
    _kept = _Kept(folder / f"{tag}-code.marshal")
    for module, name in HOOKED:
        setattr(sys.modules[module], name, _HOOKS[name])


def keep() -> None:
    """Write what was compiled in this run, if anything was (once the app has run)."""
    if _kept is not None:
        _kept.write()


def uninstall() -> None:
    """The builtins back in place (for the tests)."""
    global _kept
    for module, name in HOOKED:
        hooked = sys.modules.get(module)
        if hooked is not None and vars(hooked).get(name) is _HOOKS[name]:
            delattr(hooked, name)
    _kept = None


def from_file() -> int:
    """How many compiled texts the file gave (for the tests)."""
    return len(_kept.read) if _kept is not None else 0
