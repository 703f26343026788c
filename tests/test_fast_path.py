"""The fast path as a whole: what it needs from Textual (the contract), that
it is really used when on and never when off, and that either way the screen
is the same, cell for cell."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from conftest import REPO, requires_fast
from test_app import make_app, ready
from test_house import textual_private_names

from tui import fast
from tui.fast import probe
from tui.fast.lines import AreaCompositor, FastScreen
from tui.fast.testing import css_identity
from tui.fast.widgets import FastDetail, FastKeys, FastRows, FastSearch, FastStatus
from tui.main_screen import MainScreen
from tui.widgets.key_bar import KeyBar
from tui.widgets.posting_detail import PostingDetail
from tui.widgets.posting_table import PostingTable
from tui.widgets.search_box import SearchBox
from tui.widgets.status_bar import StatusBar
from tui.widgets.tag_sidebar import TagSidebar

FAST = REPO / "tui" / "fast"


def private_names_used_in_fast() -> set[tuple[str, str]]:
    """(where, name) of every Textual private name tui/fast reads, sets,
    overrides or imports: "" for an attribute, the module for an import."""
    names, modules = textual_private_names()
    used: set[tuple[str, str]] = set()
    for path in FAST.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Attribute) and node.attr in names:
                used.add(("", node.attr))
            elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.name in names:
                used.add(("", node.name))
            elif isinstance(node, ast.ImportFrom) and node.module in modules:
                used.update((node.module, alias.name) for alias in node.names)
    return used


def test_the_contract_lists_every_private_name_the_fast_path_uses():
    listed = {name for _, _, name, _ in probe.NEEDED}
    listed_imports = {(module, cls or name) for module, cls, name, _ in probe.NEEDED}
    used = private_names_used_in_fast()
    assert {name for where, name in used if not where} - listed == set()
    assert {(where, name) for where, name in used if where} - listed_imports == set()
    # and nothing listed that is no longer used (a stale contract hides what matters)
    used_names = {name for _, name in used}
    assert {name for _, cls, name, _ in probe.NEEDED if name.startswith("_")} - used_names == set()


def test_the_installed_textual_keeps_the_contract():
    assert probe.missing_anywhere() is None
    assert probe.copies_changed() == []  # the bodies copied are Textual's as it is installed
    import textual

    assert textual.__version__ in fast.VERIFIED_TEXTUAL


@pytest.mark.parametrize(
    ("module", "owner", "name", "why"),
    [
        ("textual.widget", "Widget", "_set_dirty", "Textual has no textual.widget.Widget._set_dirty"),
        (
            "textual._compositor",
            "Compositor",
            "_render_chops",
            "Textual has no textual._compositor.Compositor._render_chops",
        ),
    ],
)
def test_a_missing_name_turns_the_fast_path_off(monkeypatch: pytest.MonkeyPatch, module, owner, name, why):
    import importlib

    monkeypatch.delenv("JOBBOARD_FAST", raising=False)
    cls = getattr(importlib.import_module(module), owner)
    monkeypatch.delattr(cls, name)
    probe.forget()
    try:
        path = fast.check()
        assert not path.on and path.why == f"off: {why}"
        assert path.speed_up(PostingTable) is PostingTable
    finally:
        monkeypatch.undo()
        probe.forget()
    monkeypatch.delenv("JOBBOARD_FAST", raising=False)
    assert fast.check().on  # the name back: on again


def test_a_changed_signature_turns_the_fast_path_off(monkeypatch: pytest.MonkeyPatch):
    from textual.screen import Screen

    monkeypatch.delenv("JOBBOARD_FAST", raising=False)
    monkeypatch.setattr(Screen, "_on_timer_update", lambda self, extra: None)
    probe.forget()
    try:
        why = fast.check().why
        assert why == "off: textual.screen.Screen._on_timer_update takes (self, extra), not (self)"
    finally:
        monkeypatch.undo()
        probe.forget()


def test_a_changed_copied_body_is_found(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setitem(probe.COPIED, ("textual.widgets._input", "Input", "_watch_value"), "0" * 64)
    assert probe.copies_changed() == ["textual.widgets._input.Input._watch_value"]


def test_the_made_classes_are_the_same_widgets(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.delenv("JOBBOARD_FAST", raising=False)
    path = fast.check()
    for stock, mixin in (
        (PostingTable, FastRows),
        (TagSidebar, FastRows),
        (PostingDetail, FastDetail),
        (StatusBar, FastStatus),
        (KeyBar, FastKeys),
        (SearchBox, FastSearch),
        (MainScreen, FastScreen),
    ):
        made = path.speed_up(stock)
        assert made is path.speed_up(stock)  # made once
        assert made.__mro__[1] is mixin and stock in made.__mro__
        # Textual reads CSS, component classes and the type name along the first base: the widget's own.
        assert css_identity(made) == css_identity(stock)
    monkeypatch.setenv("JOBBOARD_FAST", "0")
    assert fast.check().speed_up(PostingTable) is PostingTable


def spy(monkeypatch: pytest.MonkeyPatch, owner: type, name: str, calls: list[str]) -> None:
    real = getattr(owner, name)

    def counted(self, *args, **kwargs):
        calls.append(f"{owner.__name__}.{name}")
        return real(self, *args, **kwargs)

    monkeypatch.setattr(owner, name, counted)


@pytest.mark.parametrize("switch", ["1", "0"])
async def test_a_keystroke_goes_through_the_fast_path_only_when_on(
    board: Path, monkeypatch: pytest.MonkeyPatch, switch: str
):
    monkeypatch.setenv("JOBBOARD_FAST", switch)
    calls: list[str] = []
    spy(monkeypatch, AreaCompositor, "render_partial_update", calls)
    spy(monkeypatch, FastSearch, "finished_lines", calls)
    spy(monkeypatch, FastRows, "finished_lines", calls)
    app = make_app(board)
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        assert app.fast_path.on == (switch == "1")
        await pilot.press("slash")
        await pilot.pause()
        calls.clear()
        await pilot.press("a")  # a keystroke: the box, the status line and the list repainted
        await pilot.pause()
        table = app.query_one(PostingTable)
        if switch == "1":
            assert {"AreaCompositor.render_partial_update", "FastSearch.finished_lines"} <= set(calls)
            assert "FastRows.finished_lines" in calls
            assert isinstance(table, FastRows) and isinstance(app.main, FastScreen)
        else:
            assert calls == []
            assert type(table) is PostingTable and type(app.main) is MainScreen


@requires_fast
def test_the_version_says_which_path_is_on(monkeypatch: pytest.MonkeyPatch):
    import subprocess
    import sys

    def version(**env: str) -> str:
        import os

        run = subprocess.run(
            [sys.executable, "-m", "tui", "--version"],
            capture_output=True,
            text=True,
            env={**os.environ, "PYTHONPATH": str(REPO), **env},
            check=True,
        )
        return run.stdout

    assert "fast path on" in version()
    assert "fast path off: JOBBOARD_FAST=0" in version(JOBBOARD_FAST="0")
