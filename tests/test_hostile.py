"""Untrusted postings: the parser never raises or hangs, and nothing from a
posting is read as markup or reaches the terminal as an escape sequence."""

from __future__ import annotations

import html
from pathlib import Path

import yaml
from conftest import run_in_pty, write
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_app import ready, shown

from tui.app import JobBoard
from tui.posting import Parsed, _simple_front_matter, parse_posting, yaml_loader

FAST = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=True),
    st.text(max_size=40),
    st.dates(),
)
values = st.recursive(
    scalars,
    lambda inner: st.one_of(st.lists(inner, max_size=5), st.dictionaries(st.text(max_size=8), inner, max_size=4)),
    max_leaves=12,
)
fields = st.dictionaries(
    st.sampled_from(["title", "tags", "tag", "date", "pin", "Pin", "layout", "org", "x"]),
    values,
    max_size=6,
)


def assert_parsed(result: Parsed) -> None:
    assert isinstance(result, Parsed)
    p = result.posting
    assert isinstance(p.title, str) and p.title
    assert all(isinstance(t, str) and t for t in p.tags)
    assert p.date is None or (len(p.date) == 10 and p.date[4] == "-")
    for text in (p.title, p.org, p.role, result.body, *p.tags, *result.urls):
        assert "\x1b" not in text and "\x07" not in text
    for url in result.urls:
        assert url.split(":", 1)[0].lower() in ("http", "https", "mailto")
    for problem in result.problems:
        assert "\n" not in problem


@FAST
@given(st.binary(max_size=4000))
def test_any_bytes_parse(data: bytes):
    assert_parsed(parse_posting(data, "2020-01-01-x.md"))


@FAST
@given(st.binary(max_size=2000))
def test_any_bytes_after_a_fence_parse(data: bytes):
    assert_parsed(parse_posting(b"---\n" + data + b"\n---\nbody", "x.md"))


@FAST
@given(fields, st.text(max_size=300))
def test_any_front_matter_parses(meta: dict, body: str):
    try:
        front = yaml.safe_dump(meta, allow_unicode=True, default_flow_style=None)
    except yaml.YAMLError:
        return
    assert_parsed(parse_posting(f"---\n{front}---\n{body}".encode("utf-8", "surrogatepass"), "x.md"))


@FAST
@given(st.lists(st.text(alphabet=st.characters(blacklist_categories=["Cs"]), max_size=30), max_size=12))
def test_fast_front_matter_agrees_with_yaml(lines: list[str]):
    """Where the plain-shape reader accepts front matter, YAML reads the same."""
    assert_fast_agrees_with_yaml(lines)


def assert_fast_agrees_with_yaml(lines: list[str]) -> None:
    text = "\n".join(lines)
    fast = _simple_front_matter(text)
    if fast is None:
        return
    try:
        slow = yaml.load(text, Loader=yaml_loader())
    except yaml.YAMLError:
        raise AssertionError(f"fast path accepted what YAML rejects: {text!r}") from None
    assert fast == (slow or {})


# Lines shaped like real front matter, with the words, numbers, dates and
# quotes that YAML reads as something other than text mixed in.
_words = st.sampled_from(
    [
        "data",
        "tech",
        "yes",
        "No",
        "on",
        "OFF",
        "null",
        "Null",
        "y",
        "n",
        "true",
        "~",
        "1",
        "0x1f",
        "1.5",
        ".inf",
        "2017-08-26",
        "12:30",
        "a: b",
        "x #c",
        "#c",
        "-",
        "- a",
        "'q'",
        '"q"',
        "'it''s'",
        '"a\\"b"',
        "&a",
        "*a",
        "!t",
        "[a]",
        "{a: 1}",
        "|",
        ">",
        "%",
        "@",
        "`",
        "Data Analyst",
        "AFL-CIO: Lead",
        "ünïcode",
        "é",
        "<<",
        "=",
        "?",
        "",
    ]
)
_value = st.one_of(_words, st.text(alphabet="ab:#- '\"\\1.", max_size=8))
_line = st.one_of(
    st.builds(
        lambda k, v: f"{k}: {v}", st.sampled_from(["title", "tags", "date", "Title", "yes", "k-1", "_x"]), _value
    ),
    st.builds(lambda k, sp: f"{k}:{sp}", st.sampled_from(["tags", "tag", "x"]), st.sampled_from(["", " ", "  "])),
    st.builds(lambda ind, v: f"{ind}- {v}", st.sampled_from(["", " ", "  ", "    "]), _value),
    st.sampled_from(["", "  ", "-", "key:value", " key: v"]),
)


@FAST
@given(st.lists(_line, max_size=10))
def test_fast_front_matter_agrees_with_yaml_on_plain_shapes(lines: list[str]):
    assert_fast_agrees_with_yaml(lines)


def test_simple_shapes_take_the_fast_path():
    text = 'layout: single\ntitle:  "AFL-CIO: Lead"\ntags:\n    - analyst\n    - data\ndate: 2017-08-26'
    assert _simple_front_matter(text) == {
        "layout": "single",
        "title": "AFL-CIO: Lead",
        "tags": ["analyst", "data"],
        "date": "2017-08-26",
    }


def test_huge_and_deep_inputs_stay_bounded():
    """Each returns (no crash of libyaml, no exhausted memory, no hang)."""
    for data in (
        b"---\ntitle: " + b"[" * 50_000 + b"\n---\n",
        b"---\ntitle: " + b"- " * 30_000 + b"x\n---\n",
        b"---\n" + b"a: " * 100_000 + b"\n---\n",
        b"---\ntitle: " + b"x" * 500_000 + b"\n---\n",
        b"x" * 2_000_000,
        b"---\n" + b"k: v\n" * 40_000,
    ):
        assert_parsed(parse_posting(data, "x.md"))


MARKUP_TITLE = "Data Co [/]: Analyst [bold]"
ESCAPE_TITLE = "Evil\x1b[2J\x1b]0;PWNED-TITLE\x07 Corp: Role\x1b]52;c;UFdORUQ=\x07 [red]x[/red]"


def hostile_board(root: Path) -> Path:
    write(root, "2020-01-02-markup.md", f'---\ntitle: "{MARKUP_TITLE}"\ntags: ["[b]tag", "x[/]"]\n---\n[b]body[/b]')
    write(
        root,
        "2020-01-01-escape.md",
        f'---\ntitle: "{ESCAPE_TITLE}"\n---\n<i>raw</i> text \x1b[31mred\x1b[0m \x1b]52;c;UFdORUQ=\x07',
    )
    write(root, "2019-01-01-rtl.md", '---\ntitle: "שלום: 数据分析师 \u202eevil"\n---\n')
    return root


async def test_markup_and_escapes_render_literally(tmp_path: Path):
    root = hostile_board(tmp_path / "board")
    app = JobBoard(root, cache_dir=None)
    async with app.run_test(size=(160, 40)) as pilot:
        await ready(pilot)
        assert MARKUP_TITLE in shown(app)
        screen = html.unescape(app.export_screenshot()).replace("\xa0", " ")
        assert "Data Co [/]" in screen and "Analyst [bold]" in screen
        assert "[b]tag" in screen
        assert "\x1b" not in screen and "\x07" not in screen
        await pilot.press("j")
        await pilot.pause(0.2)
        await app.workers.wait_for_complete()
        await pilot.pause()
        screen = html.unescape(app.export_screenshot()).replace("\xa0", " ")
        assert "\x1b" not in screen
        assert "<i>raw</i>" in screen  # raw HTML is shown as text
        assert "Evil[2J]0;PWNED-TITLE Corp" in screen  # the escapes' bytes are gone, the rest is shown


def test_no_escape_from_data_reaches_the_terminal(tmp_path: Path):
    """Run the real app in a pseudo-terminal and read every byte it writes."""
    root = hostile_board(tmp_path / "board")
    out = run_in_pty([str(root)], [(b"Analyst [bold]", b"j"), (b"raw</i>", b"q")])
    assert b"Analyst [bold]" in out, out[-2000:]
    assert b"\x1b]0;PWNED" not in out and b"\x1b]52;c;UFdORUQ" not in out
    assert b"\x1b[2J\x1b]0" not in out
    assert b"PWNED-TITLE\x07" not in out
