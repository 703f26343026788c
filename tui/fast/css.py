"""Textual's stylesheets parsed once, not at every start.

At every start Textual parses the app's stylesheet and each widget's
default CSS (a tenth of a millisecond a rule: 10 ms of the real board's
first frame, a twentieth of its start). What it makes of each (a list of
rule sets) depends only on the CSS text, where it was read from, its
flags and the theme's variables: kept in a file in jobboard's cache folder
under all of those, for the Textual version it was made by, and given back
the next time the same CSS is parsed. Anything else is parsed as ever.

The file is read with an unpickler that builds only the few Textual classes
a parsed stylesheet is made of (an enum member by name, a selector's check
functions): a file put there by someone else makes nothing else. A file
that cannot be read is parsed over; the file is written whole (a link there
is replaced, never written through).
"""

from __future__ import annotations

import io
import pickle
from enum import Enum
from functools import partial
from pathlib import Path
from typing import Any

from tui.fast.kept import Kept, read_file, write_file

__all__ = ["from_file", "install", "keep", "uninstall"]

#: What a parsed stylesheet is made of: all the unpickler will build.
_BUILT = {
    ("functools", "partial"),
    ("textual.color", "Color"),
    ("textual.css.model", "CombinatorType"),
    ("textual.css.model", "RuleSet"),
    ("textual.css.model", "Selector"),
    ("textual.css.model", "SelectorSet"),
    ("textual.css.model", "SelectorType"),
    ("textual.css.model", "_check_class"),
    ("textual.css.model", "_check_id"),
    ("textual.css.model", "_check_type"),
    ("textual.css.model", "_check_universal"),
    ("textual.css.scalar", "Scalar"),
    ("textual.css.scalar", "ScalarOffset"),
    ("textual.css.scalar", "Unit"),
    ("textual.css.styles", "Styles"),
    ("textual.geometry", "Spacing"),
    ("textual.layouts.grid", "GridLayout"),
    ("textual.layouts.horizontal", "HorizontalLayout"),
    ("textual.layouts.vertical", "VerticalLayout"),
}

Key = tuple[Any, ...]

#: The file is read up to this size (it holds about 100 KB).
LARGEST = 4 * 1024 * 1024


#: A style's lookups of its rules (bound methods of a dict, kept on it).
_DICT_METHODS = frozenset(("get", "__contains__"))


def _member(owner: Any, name: Any) -> Any:
    """``getattr`` as pickle uses it for an enum member or a dict's lookup
    method, and for nothing else."""
    if isinstance(owner, type) and issubclass(owner, Enum) and name in owner.__members__:
        return owner.__members__[name]
    if type(owner) is dict and name in _DICT_METHODS:
        return getattr(owner, name)
    raise pickle.UnpicklingError("refusing getattr")


class _Unpickler(pickle.Unpickler):
    def find_class(self, module: str, name: str) -> Any:
        if (module, name) == ("builtins", "getattr"):
            return _member
        if (module, name) not in _BUILT:
            raise pickle.UnpicklingError(f"refusing {module}.{name}")
        return super().find_class(module, name)


def _read(path: Path) -> dict[Key, Any]:
    """The parsed stylesheets of the file ({} if none can be read)."""
    try:
        data = _Unpickler(io.BytesIO(read_file(path, LARGEST))).load()
    except Exception:  # missing, not ours or damaged: parsed again, and written over
        return {}
    if isinstance(data, dict) and all(type(k) is tuple and type(v) is list for k, v in data.items()):
        return data
    return {}


_kept: Kept[Key, list[Any]] | None = None
_path: Path | None = None
_stock: Any = None  # Textual's own parse, while ours is in its place


def install(folder: Path, version: str) -> str | None:
    """Parse Textual's stylesheets through the file kept in ``folder`` (for
    Textual ``version``) from now on, in this process; what Textual lacks
    for it, if anything (then nothing changes)."""
    global _kept, _path, _stock
    from textual.css.stylesheet import Stylesheet

    from tui.fast.probe import missing

    lacking = missing(group="css")
    if lacking is not None:
        return lacking
    uninstall()
    _path = folder / f"textual-{version}-css.pickle"
    rules = _kept = Kept(_read(_path))
    parse_rules = _stock = Stylesheet._parse_rules

    def _parse_rules(
        self: Stylesheet,
        css: str,
        read_from: Any,
        is_default_rules: bool = False,
        tie_breaker: int = 0,
        scope: str = "",
    ) -> list[Any]:
        key = (css, read_from, is_default_rules, tie_breaker, scope, tuple(sorted(self._variables.items())))
        return rules.get(key, partial(parse_rules, self, css, read_from, is_default_rules, tie_breaker, scope))

    Stylesheet._parse_rules = _parse_rules  # type: ignore[method-assign]
    return None


def keep() -> None:
    """Write those used in this run, if any was parsed (once the app has run)."""
    if _kept is not None and _path is not None and _kept.new:
        _kept.new = False
        write_file(_path, pickle.dumps(_kept.used, protocol=pickle.HIGHEST_PROTOCOL))


def uninstall() -> None:
    """Textual's own parse back in place (for the tests)."""
    global _kept, _path, _stock
    if _stock is not None:
        from textual.css.stylesheet import Stylesheet

        Stylesheet._parse_rules = _stock  # type: ignore[method-assign]
    _kept = _path = _stock = None


def from_file() -> int:
    """How many parsed stylesheets the file gave (for the tests)."""
    return len(_kept.read) if _kept is not None else 0
