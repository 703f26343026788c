"""Where jobboard goes faster than stock Textual by reaching into it.

Everything that touches Textual's private names lives in this package, and
nothing outside it does (a test holds the rest of the code to that). At start
it checks itself: the Textual it runs on must be one it was verified on, with
every private name and signature it needs (see probe.py); otherwise the app
runs on stock Textual, with the same widgets drawn by Textual's own code,
slower and correct. ``JOBBOARD_FAST=0`` forces the stock path. The parity
tests hold both paths to the same screen, cell for cell.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any, TypeVar

__all__ = ["VERIFIED_TEXTUAL", "FastPath", "begin", "check", "install", "keep", "stop_learning"]

#: Textual versions the fast path was verified on (its parity tests pass).
VERIFIED_TEXTUAL = ("8.2.8",)

T = TypeVar("T")

_made: dict[type[Any], type[Any]] = {}


@dataclass(frozen=True)
class FastPath:
    """Whether the fast path is on, and why (or why not)."""

    on: bool
    why: str

    def __str__(self) -> str:
        return f"fast path {self.why}"

    def speed_up(self, cls: type[T]) -> type[T]:
        """``cls``, or with the fast path on, its fast subclass: the same
        widget (same name, CSS, bindings and messages), drawn with less work."""
        if not self.on:
            return cls
        made = _made.get(cls)
        if made is None:
            from tui.fast.widgets import FAST_CLASSES

            fast = next((fast for stock, fast in FAST_CLASSES if issubclass(cls, stock)), None)
            if fast is None or fast in cls.__mro__:
                made = cls
            else:
                made = type(cls.__name__, (fast, cls), {"__module__": cls.__module__, "__doc__": cls.__doc__})
            _made[cls] = made
        return made


def textual_version() -> str:
    """The installed Textual's version, from its package metadata's folder
    name (textual.__version__ imports importlib.metadata: 20 ms of a start)."""
    import textual

    site = os.path.dirname(os.path.dirname(textual.__file__))
    try:
        for entry in os.scandir(site):
            name = entry.name
            if name.startswith("textual-") and name.endswith(".dist-info"):
                return name[len("textual-") : -len(".dist-info")]
    except OSError:
        pass
    return str(getattr(textual, "__version__", "?"))


def switched_off() -> bool:
    return os.environ.get("JOBBOARD_FAST", "1").strip().lower() in ("0", "no", "off", "false")


def check(app: Any = None) -> FastPath:
    """Whether the fast path may run here (``app``: its instance is checked too)."""
    if switched_off():
        return FastPath(False, "off: JOBBOARD_FAST=0")
    version = textual_version()
    if version not in VERIFIED_TEXTUAL:
        return FastPath(False, f"off: Textual {version} is not one it was verified on ({', '.join(VERIFIED_TEXTUAL)})")
    from tui.fast import probe

    missing = probe.missing(app)
    if missing is not None:
        return FastPath(False, f"off: {missing}")
    return FastPath(True, f"on: Textual {version} is one it was verified on, with every name it needs")


def begin() -> None:
    """First thing in the process (before Textual or the board's code is
    imported): what Python compiles as modules are imported (the code it
    generates for classes, the regular expressions) compiled once (see
    compiled.py: Python's, not Textual's, so no Textual is checked)."""
    if switched_off():
        return
    from tui.dirs import cache_dir
    from tui.fast import compiled

    try:
        compiled.install(cache_dir())
    except Exception:  # no cache folder to be had: compiled as ever
        compiled.uninstall()


def install() -> FastPath:
    """Put the process-wide fast pieces in place (before the app starts)."""
    path = check()
    if not path.on:
        return path
    from tui.fast import paste

    missing = paste.install()
    if missing is not None:
        return FastPath(False, f"off: {missing}")
    from tui import store
    from tui.fast import css

    missing = css.install(store.cache_dir(), textual_version())
    return path if missing is None else FastPath(False, f"off: {missing}")


def stop_learning() -> None:
    """Everything is imported, the app about to run: see compiled.stop_learning."""
    from tui.fast import compiled

    compiled.stop_learning()


def keep() -> None:
    """Once the app has run: keep what the fast path learnt (see css.keep, compiled.keep)."""
    from tui.fast import compiled, css

    css.keep()
    compiled.keep()
