"""What the fast path needs from Textual, checked before it is used.

Every private name the fast path reads, sets or overrides is listed here,
with the parameters of each method it calls or overrides, and the source of
each method whose body it copies. :func:`missing` checks them all on the
Textual installed; the contract test holds this list to the code.
"""

from __future__ import annotations

import hashlib
import importlib
import inspect
from functools import cache
from typing import Any

Need = tuple[str, str, str, str | None]

#: (module, class or "" for the module, name, parameters of a method or None for an attribute)
DRAWING: list[Need] = [
    # Drawing straight to the screen (lines.py)
    ("textual.widget", "Widget", "_is_mounted", None),
    ("textual.widget", "Widget", "_parent", None),
    ("textual.widget", "Widget", "_closing", None),
    ("textual.widget", "Widget", "_layout_required", None),
    ("textual.widget", "Widget", "_scroll_required", None),
    ("textual.widget", "Widget", "_refresh_styles_required", None),
    ("textual.widget", "Widget", "_recompose_required", None),
    ("textual.widget", "Widget", "_layout_cache", None),
    ("textual.widget", "Widget", "_nodes", None),
    ("textual.widget", "Widget", "_vertical_scrollbar", None),
    ("textual.widget", "Widget", "_bindings", None),
    ("textual.widget", "Widget", "_set_dirty", "(self, *regions)"),
    ("textual.widget", "Widget", "_scroll_update", "(self, virtual_size)"),
    ("textual.widget", "Widget", "render_lines", "(self, crop)"),
    ("textual.widget", "Widget", "refresh", "(self, *regions, repaint, layout, recompose)"),
    ("textual.screen", "Screen", "_dirty_widgets", None),
    ("textual.screen", "Screen", "_compositor", None),
    ("textual.screen", "Screen", "_on_idle", "(self, event)"),
    ("textual.screen", "Screen", "_on_timer_update", "(self)"),
    ("textual.screen", "Screen", "_clear_tooltip", "(self)"),
    ("textual.screen", "Screen", "_on_screen_resume", "(self, event)"),
    ("textual.screen", "", "UPDATE_PERIOD", None),
    ("textual.app", "App", "_batch_count", None),
    ("textual.app", "App", "_keymap", None),
    ("textual.app", "App", "_start_widget", "(self, parent, widget)"),
    ("textual._compositor", "Compositor", "_dirty_regions", None),
    ("textual._compositor", "Compositor", "_render_chops", "(self, crop, is_rendered_line)"),
    ("textual._compositor", "Compositor", "_get_renders", "(self, crop)"),
    ("textual._compositor", "Compositor", "render_partial_update", "(self)"),
    ("textual._compositor", "Compositor", "render_full_update", "(self, simplify)"),
    ("textual._compositor", "", "LayoutUpdate", None),
    ("textual._compositor", "", "ChopsUpdate", None),
    ("textual._border", "", "get_box", "(name, inner_style, outer_style, style)"),
    ("textual.strip", "Strip", "_segments", None),
    # The search box (widgets.py)
    ("textual.widgets._input", "Input", "_on_key", "(self, event)"),
    ("textual.widgets._input", "Input", "_watch_value", "(self, value)"),
    ("textual.widgets._input", "Input", "_watch_selection", "(self, selection)"),
    ("textual.widgets._input", "Input", "_suggestion", None),
    ("textual.widgets._input", "Input", "_initial_value", None),
    ("textual.widgets._input", "Input", "_cursor_visible", None),
]

#: A paste in one piece (paste.py): checked when the command installs it.
PASTE: list[Need] = [
    ("textual._xterm_parser", "XTermParser", "feed", "(self, data)"),
    ("textual.drivers.linux_driver", "", "XTermParser", None),
]

#: Stylesheets parsed once (css.py): checked when the command installs it.
CSS: list[Need] = [
    (
        "textual.css.stylesheet",
        "Stylesheet",
        "_parse_rules",
        "(self, css, read_from, is_default_rules, tie_breaker, scope)",
    ),
    ("textual.css.stylesheet", "Stylesheet", "_variables", None),
]

#: What the tests and the benchmark see inside (testing.py; never used by the app).
TESTING: list[Need] = [
    ("textual.app", "App", "_display", "(self, screen, renderable)"),
    ("textual.app", "App", "_driver", None),
    ("textual.widget", "Widget", "_styles_cache", None),
    ("textual._compositor", "", "LayoutUpdate", None),
    ("textual.dom", "DOMNode", "_css_type_names", None),
    ("textual.dom", "DOMNode", "_css_bases", "(base)"),
    ("textual.dom", "DOMNode", "_get_component_classes", "()"),
]

#: Everything the fast path needs, for the contract test.
NEEDED: list[Need] = [*DRAWING, *PASTE, *CSS, *TESTING]

#: Methods whose bodies the fast path copies (with a change), and the SHA-256
#: of their source on the Textual it was verified on: a new body is a new review.
COPIED: dict[tuple[str, str, str], str] = {
    (
        "textual.widgets._input",
        "Input",
        "_watch_value",
    ): "ffa57a58cea18cc57a1c48209f283a291e9ade401c0c85cb41579caa6ffb8bd1",
    (
        "textual._compositor",
        "Compositor",
        "_render_chops",
    ): "ca8c3359d7afd0171bda158ab5b846fec5144539e438de5113d76f11eb357f0f",
    (
        "textual._compositor",
        "Compositor",
        "_get_renders",
    ): "8ac93299aa5d3bef43b3924a9d09741de8855d9c4823502bcf304fbd8fd40f17",
}


GROUPS = {"drawing": DRAWING, "paste": PASTE, "css": CSS, "testing": TESTING}

_ABSENT = object()


def parameters(function: Any) -> str:
    """``function``'s parameters as "(self, *regions, repaint)": names and stars, no defaults."""
    out = []
    for parameter in inspect.signature(function).parameters.values():
        stars: dict[Any, str] = {inspect.Parameter.VAR_POSITIONAL: "*", inspect.Parameter.VAR_KEYWORD: "**"}
        star = stars.get(parameter.kind, "")
        out.append(star + parameter.name)
    return f"({', '.join(out)})"


def source_hash(function: Any) -> str:
    return hashlib.sha256(inspect.getsource(function).encode()).hexdigest()


def _instances() -> dict[str, Any]:
    """A fresh object of each class whose instance attributes are checked (the
    App's are checked on the app itself, see :func:`missing`)."""
    from textual._compositor import Compositor
    from textual.css.stylesheet import Stylesheet
    from textual.screen import Screen
    from textual.widget import Widget
    from textual.widgets import Input

    return {
        "Widget": Widget(),
        "Screen": Screen(),
        "Input": Input(),
        "Compositor": Compositor(),
        "Stylesheet": Stylesheet(),
    }


@cache
def _missing_in_textual(group: str) -> str | None:
    try:
        instances = _instances()
    except Exception as exc:  # a Textual this was never meant for
        return f"could not make Textual's widgets to check them ({type(exc).__name__}: {exc})"
    for module_name, class_name, name, wanted in GROUPS[group]:
        where = f"{module_name}.{class_name}.{name}" if class_name else f"{module_name}.{name}"
        try:
            module = importlib.import_module(module_name)
        except ImportError:
            return f"Textual has no {module_name}"
        owner = getattr(module, class_name, None) if class_name else module
        if owner is None:
            return f"Textual has no {module_name}.{class_name}"
        found = getattr(owner, name, _ABSENT)
        if found is _ABSENT and class_name in instances:
            found = getattr(instances[class_name], name, _ABSENT)
        if found is _ABSENT and not (class_name == "App" and wanted is None):  # the App's: on the app
            return f"Textual has no {where}"
        if wanted is not None:
            if not callable(found):
                return f"{where} is not a function"
            if parameters(found) != wanted:
                return f"{where} takes {parameters(found)}, not {wanted}"
    return None


def copies_changed() -> list[str]:
    """The copied methods whose source is not the one copied (the contract
    test's check; at start the version check stands for it)."""
    changed = []
    for (module_name, class_name, name), digest in COPIED.items():
        function = getattr(getattr(importlib.import_module(module_name), class_name), name)
        if source_hash(function) != digest:
            changed.append(f"{module_name}.{class_name}.{name}")
    return changed


def forget() -> None:
    """Check again next time (the tests change Textual under the probe)."""
    _missing_in_textual.cache_clear()


def missing_anywhere() -> str | None:
    """What any part of the fast path (the tests' view included) lacks."""
    return next(filter(None, map(_missing_in_textual, GROUPS)), None)


def missing(app: Any = None, group: str = "drawing") -> str | None:
    """What ``group`` of the fast path needs and this Textual lacks (None:
    nothing); ``app``: an App whose instance attributes are checked too."""
    found = _missing_in_textual(group)
    if found is None and app is not None:
        for module_name, class_name, name, wanted in GROUPS[group]:
            if class_name == "App" and wanted is None and not hasattr(app, name):
                return f"Textual has no {module_name}.App.{name}"
    return found
