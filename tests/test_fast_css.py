"""Textual's stylesheets parsed once and kept (tui.fast.css): what comes back
from the file is what Textual's own parse makes, and a file not ours makes
nothing."""

from __future__ import annotations

import os
import pickle
from pathlib import Path

import pytest
import textual.css.stylesheet as stylesheet_module
from conftest import requires_fast
from textual.app import App
from textual.css.stylesheet import Stylesheet
from textual.widgets import Input, Label

from tui.fast import css

pytestmark = requires_fast

APP_CSS = (Path(__file__).resolve().parent.parent / "tui" / "app.tcss").read_text(encoding="utf-8")


def sources() -> list[tuple[str, tuple[str, str], bool]]:
    """The app's stylesheet and some widgets' default CSS (with $variables)."""
    return [
        (APP_CSS, ("app.tcss", ""), False),
        (Input.DEFAULT_CSS, ("", "Input.DEFAULT_CSS"), True),
        (Label.DEFAULT_CSS, ("", "Label.DEFAULT_CSS"), True),
    ]


def parsed(variables: dict[str, str]) -> list[str]:
    """Each rule set a stylesheet of sources() parses to, as TCSS."""
    sheet = Stylesheet(variables=variables)
    for text, read_from, default in sources():
        sheet.add_source(text, read_from=read_from, is_default_css=default)
    sheet.parse()
    return [rule.css for rule in sheet.rules]


@pytest.fixture
def variables() -> dict[str, str]:
    return App().get_css_variables()


@pytest.fixture(autouse=True)
def textuals_own_parse_after():
    yield
    css.uninstall()


def test_the_stylesheets_kept_are_what_textual_parses(tmp_path: Path, variables, monkeypatch):
    stock = parsed(variables)
    assert len(stock) > 50 and any("$" in text for text, _, _ in sources())
    assert css.install(tmp_path, "8.0") is None
    assert parsed(variables) == stock  # parsed, and kept
    css.keep()
    assert (tmp_path / "textual-8.0-css.pickle").is_file()
    css.install(tmp_path, "8.0")  # a later start
    assert css.from_file() == len(sources())

    def no_parse(*args, **kwargs):
        raise AssertionError("parsed again")

    monkeypatch.setattr(stylesheet_module, "parse", no_parse)
    assert parsed(variables) == stock
    # Other variables (another theme) are parsed, not taken from the file.
    other = {**variables, "primary": "#ff0000"}
    with pytest.raises(Exception, match="parsed again"):
        parsed(other)


def test_a_file_not_ours_makes_nothing_and_is_written_over(tmp_path: Path, variables):
    stock = parsed(variables)
    made = tmp_path / "made"

    class Evil:
        def __reduce__(self):
            return (os.system, (f"touch {made}",))

    path = tmp_path / "textual-8.0-css.pickle"
    path.write_bytes(pickle.dumps({("x",): [Evil()]}))
    css.install(tmp_path, "8.0")
    assert css.from_file() == 0 and not made.exists()
    assert parsed(variables) == stock
    css.keep()
    css.install(tmp_path, "8.0")
    assert css.from_file() == len(sources()) and not made.exists()


def test_a_link_in_its_place_is_replaced_not_written_through(tmp_path: Path, variables):
    elsewhere = tmp_path / "elsewhere.txt"
    elsewhere.write_text("the user's", encoding="utf-8")
    path = tmp_path / "cache" / "textual-8.0-css.pickle"
    path.parent.mkdir()
    path.symlink_to(elsewhere)
    css.install(path.parent, "8.0")
    assert css.from_file() == 0
    parsed(variables)
    css.keep()
    assert elsewhere.read_text(encoding="utf-8") == "the user's"
    assert path.is_file() and not path.is_symlink()


def test_nothing_is_written_when_nothing_was_parsed(tmp_path: Path, variables):
    css.install(tmp_path / "cache", "8.0")
    css.keep()
    assert not (tmp_path / "cache").exists()
