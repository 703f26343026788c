"""Untrusted files beyond a posting's text: file names, the saved state, the
parse cache, a pasted megabyte. A board is a repository anyone can send a
file to; nothing in it may drive the terminal, hide, or lose the user's marks."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPO, run_in_pty, write
from rich.cells import cell_len
from test_app import make_app, ready, shown, workers_done
from textual import events

from tui.library import BoardError, Files, cache_path, load_board, load_cache, read_posting, save_cache
from tui.posting import DEFAULT_TAG_ALIASES, parse_posting
from tui.search import MAX_QUERY_CHARS, MAX_TERM_CHARS, MAX_TERMS, Index, parse_query
from tui.store import StateError, StateStore
from tui.text import clean_line, unvisible, visible
from tui.widgets.posting_detail import PostingDetail
from tui.widgets.posting_table import PostingTable
from tui.widgets.screens import ProblemsScreen
from tui.widgets.search_box import SearchBox

OSC52_NAME = "2020-01-03-a\x1b]52;c;cHduZWQ=\x1b\\.md"  # OSC 52: "pwned" onto the clipboard
OSC0_NAME = "2020-01-02-b\x1b]0;PWNED-NAME\x07.md"  # OSC 0: the window title
C1_NAME = "2020-01-01-c\u009b31m\u0090dcs.md"  # 8-bit CSI and DCS, as UTF-8
RAW_NAME = os.fsdecode(b"2019-12-31-caf\xe9-\x9b31m-\x90x.md")  # not UTF-8: raw 8-bit CSI and DCS bytes


def hostile_names(root: Path) -> Path:
    """Files whose front matter has no title (each a problem, titled from its name)."""
    root.mkdir(parents=True, exist_ok=True)
    for name in (OSC52_NAME, OSC0_NAME, C1_NAME, RAW_NAME):
        (root / name).write_bytes(b"---\ntags: [x]\n---\nApply at https://example.org/jobs/1\n")
    write(root, "2020-02-01-fine.md", '---\ntitle: "Fine Org: Analyst"\ntags: [data]\n---\nText.\n')
    return root


def assert_nothing_for_the_terminal(data: bytes) -> str:
    """``data`` is UTF-8 text with no control but the ones we write ourselves:
    no raw 8-bit byte, no C1 control, no escape sequence a name carried."""
    text = data.decode("utf-8")  # a raw 0x9b byte is not UTF-8
    assert not any("\x80" <= c <= "\x9f" for c in text), "a C1 control reached the terminal"
    for attack in ("\x1b]52;c;cHduZWQ", "\x1b]0;PWNED", "\x1b]52;c;Q0FDSEU"):
        assert attack not in text
    return text


# -- names ------------------------------------------------------------------------


def test_visible_escapes_every_control_and_undecodable_byte():
    for name in (OSC52_NAME, OSC0_NAME, C1_NAME, RAW_NAME, "tab\there", "a\u200bb\u202e.md", "x\ud800y"):
        shown_name = visible(name)
        assert shown_name.isprintable()
        shown_name.encode("utf-8")  # no lone surrogate left
        assert unvisible(shown_name) == name
    assert visible(OSC52_NAME) == "2020-01-03-a\\x1b]52;c;cHduZWQ=\\x1b\\.md"
    assert visible(RAW_NAME) == "2019-12-31-caf\\xe9-\\x9b31m-\\x90x.md"
    assert visible(C1_NAME) == "2020-01-01-c\\u009b31m\\u0090dcs.md"  # not mistaken for the raw bytes
    assert visible("café – “ok”.md") == "café – “ok”.md"


def test_problems_and_titles_from_names_are_visible(tmp_path: Path):
    board = load_board(hostile_names(tmp_path / "b"))
    lines = [str(p) for p in board.problems]
    assert len(lines) == 4
    for line in lines:
        assert line.isprintable() and "\n" not in line
        line.encode("utf-8")
    assert any("a\\x1b]52;c;cHduZWQ=" in line for line in lines)
    titles = {p.title for p in board.postings}
    assert "a\\x1b]52;c;cHduZWQ=\\x1b\\" in titles and "caf\\xe9 \\x9b31m \\x90x" in titles
    for title in titles:
        assert title.isprintable()


async def test_problems_dialog_shows_names_escaped(tmp_path: Path):
    app = make_app(hostile_names(tmp_path / "b"))
    async with app.run_test(size=(160, 40)) as pilot:
        await ready(pilot)
        await pilot.press("exclamation_mark")
        await pilot.pause()
        assert isinstance(app.screen, ProblemsScreen)
        screen = app.export_screenshot()
        assert "\x1b" not in screen and "\x9b" not in screen
        assert "\\x1b]52;c;cHduZWQ=" in screen.replace("&#160;", " ")


async def test_problems_dialog_escapes_whatever_it_is_given(board: Path):
    app = make_app(board)
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(pilot)
        app.push_screen(ProblemsScreen(["config.toml: bad \x1b]52;c;cHduZWQ=\x07 line", "b\udce9.md: x"]))
        app.notify("Could not save to /tmp/x\x1b]0;PWNED\x07y", title="t\x1b[2J")
        await pilot.pause()
        screen = app.export_screenshot().replace("&#160;", " ")
        assert "\x1b" not in screen and "bad \\x1b]52;c;cHduZWQ=\\x07 line" in screen and "b\\xe9.md" in screen
        toast = app.said[-1]
        assert (toast.message, toast.title) == ("Could not save to /tmp/x\\x1b]0;PWNED\\x07y", "t\\x1b[2J")


def test_no_name_or_cached_string_reaches_the_terminal(tmp_path: Path):
    """The real app in a pseudo-terminal, with names that carry OSC 52, OSC 0
    and 8-bit controls, and a parse cache forged to carry an OSC 52: the
    list, the problems dialog and the start-up notice write none of them."""
    root = hostile_names(tmp_path / "b")
    from tui.store import cache_dir

    forge_cache(root, cache_dir(), "Evil\x1b]52;c;Q0FDSEU=\x07: Role")
    out = run_in_pty([str(root)], [(b"postings", b"!"), (b"reading the postings", b"\x1b"), (b"", b"q")])
    text = assert_nothing_for_the_terminal(out)
    assert "]52;c;cHduZWQ=" in text  # the name is shown, escaped
    assert "caf\\xe9" in text


def run_cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[bytes]:
    full_env = {**os.environ, "PYTHONPATH": str(REPO), "LC_ALL": "C.UTF-8", **(env or {})}
    return subprocess.run([sys.executable, "-m", "tui", *args], capture_output=True, env=full_env, timeout=60)


@pytest.mark.parametrize("encoding", [None, "ascii"])
def test_cli_prints_names_escaped(tmp_path: Path, encoding: str | None):
    root = hostile_names(tmp_path / "b")
    env = {"PYTHONIOENCODING": encoding} if encoding else None
    for args in (["list", str(root)], ["list", str(root), "--json"], ["list", str(root), "--query", "caf"]):
        result = run_cli(*args, env=env)
        assert result.returncode == 0, result.stderr
        assert b"Traceback" not in result.stderr
        assert_nothing_for_the_terminal(result.stdout)
        err = assert_nothing_for_the_terminal(result.stderr)
        assert err.count("\n") == 4  # one line per problem file
    assert "\\x1b]52;c;cHduZWQ=" in err


def test_ids_as_listed_open_with_show(tmp_path: Path):
    root = hostile_names(tmp_path / "b")
    listed = json.loads(run_cli("list", str(root), "--json").stdout)
    assert len(listed) == 5
    for posting in listed:
        result = run_cli("show", posting["id"], "--dir", str(root))
        assert result.returncode == 0, result.stderr
        assert_nothing_for_the_terminal(result.stdout)
        assert f"id:    {posting['id']}" in result.stdout.decode()
    raw = subprocess.run(
        [sys.executable, "-m", "tui", "show", os.fsencode(RAW_NAME), "--dir", str(root)],
        capture_output=True,
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )
    assert raw.returncode == 0 and b"caf\\xe9" in raw.stdout


def test_errors_quoting_a_path_are_escaped(tmp_path: Path):
    result = run_cli("list", str(tmp_path / "no\x1b]0;PWNED\x07such"))
    assert result.returncode == 2 and result.stderr.count(b"\n") == 1
    assert b"\x1b" not in result.stderr and b"no\\x1b]0;PWNED\\x07such" in result.stderr
    result = run_cli("show", "x\x1b]0;PWNED\x07.md", "--dir", str(tmp_path))
    assert result.returncode == 2 and b"\x1b" not in result.stderr
    # A config folder whose name carries an escape, a config that does not parse: the message quotes the path.
    config_home = tmp_path / "conf\x1b]0;PWNED\x07ig"
    (config_home / "jobboard").mkdir(parents=True)
    (config_home / "jobboard" / "config.toml").write_bytes(b"[keys\n")
    result = run_cli("list", str(REPO / "data"), env={"XDG_CONFIG_HOME": str(config_home)})
    assert result.returncode == 0 and b"config.toml" in result.stderr
    assert b"\x1b" not in result.stderr and b"conf\\x1b]0;PWNED\\x07ig" in result.stderr


async def test_a_name_that_is_not_utf8_keeps_the_columns(tmp_path: Path):
    app = make_app(hostile_names(tmp_path / "b"))
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(pilot)
        assert "caf\\xe9 \\x9b31m \\x90x" in shown(app)
        table = app.query_one(PostingTable)
        widths = set()
        for y in range(table.size.height):
            strip = table.render_line(y)
            line = "".join(segment.text for segment in strip)
            line.encode("utf-8")  # no lone surrogate
            widths |= {cell_len(line), strip.cell_length}
        assert len(widths) == 1  # every row as wide as the header, measured as a terminal does


# -- what a posting says ---------------------------------------------------------------


def test_invisible_characters_leave_titles_and_tags():
    title = "Data\u200b Co\u200e: Ana\u2060lyst 👩\u200d💻 ❤\ufe0f 👍🏽"
    data = f'---\ntitle: "{title}"\ntags: ["a\u200bb", "ab", "c\u200fd"]\n---\n'
    posting = parse_posting(data.encode(), "x.md").posting
    assert posting.tags == ("ab", "cd")  # one tag, as it looks
    assert posting.org == "Data Co" and posting.role == "Analyst 👩💻 ❤ 👍"
    # every character measured alike by us and by terminals: nothing zero-width is left
    assert cell_len(posting.role) == sum(cell_len(c) for c in posting.role)


def test_unmeasurable_characters_are_replaced():
    assert clean_line("a\u0378b") == "a\ufffdb"  # unassigned: no one knows its width
    assert clean_line("private \U0010fffd use") == "private \U0010fffd use"  # one cell, as terminals show it


def test_tag_count_said_right():
    tags = "\n".join(f"  - t{n}" for n in range(5000))
    parsed = parse_posting(f"---\ntitle: x\ntags:\n{tags}\n---\n".encode(), "x.md")
    assert len(parsed.posting.tags) == 64
    assert "5,000 tags; kept the first 64" in parsed.problems


async def test_a_posting_that_cannot_be_read_says_why(board: Path):
    app = make_app(board)
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(pilot)
        table = app.query_one(PostingTable)
        second = table.postings[int(table.rows[1])]
        (board / second.id).unlink()
        await pilot.press("j")
        await ready(pilot)
        text = "".join(seg.text for strip in app.query_one(PostingDetail)._body for seg in strip)
        assert f"{second.id}: no such posting in" in " ".join(text.replace("\\", "").split())


def test_links_that_leave_the_board_are_not_read(tmp_path: Path):
    outside = tmp_path / "outside"
    write(outside, "secret.md", '---\ntitle: "SECRET: key"\n---\nssh-rsa AAAA\n')
    write(outside, "folder/more.md", '---\ntitle: "SECRET: folder"\n---\n')
    root = tmp_path / "b"
    write(root, "ok.md", '---\ntitle: "Org: Role"\n---\n')
    write(root, "sub/inner.md", '---\ntitle: "Inner: Role"\n---\n')
    (root / "leak.md").symlink_to(outside / "secret.md")
    (root / "linked").symlink_to(outside / "folder")
    (root / "alias.md").symlink_to(root / "sub" / "inner.md")  # inside: fine, and the same posting
    board = load_board(root)
    assert sorted(p.id for p in board.postings) == ["ok.md", "sub/inner.md"]
    reasons = {p.path: p.reason for p in board.problems}
    assert reasons == {
        "leak.md": "symbolic link leads outside the board; not read",
        "linked": "symbolic link leads outside the board; not read",
        "sub/inner.md": "1 other name leads to this file (alias.md); listed once",
    }
    with pytest.raises(BoardError, match="leads outside the board"):
        read_posting(root, "leak.md")


# -- the parse cache --------------------------------------------------------------


def forge_cache(root: Path, cache: Path, title: str, **columns: object) -> None:
    """Read ``root`` into a cache, then rewrite the cache with ``title`` (and
    any column given) put into its first posting, the rest as it was."""
    load_board(root, cache_dir=cache)
    path = cache_path(cache, root.resolve())
    data = load_cache(path, root.resolve(), DEFAULT_TAG_ALIASES)
    assert data is not None
    data["title"][0] = title
    org, _, role = title.partition(": ")
    data["org"][0], data["role"][0] = org, role
    for name, value in columns.items():
        data[name][0] = value
    save_cache(path, root.resolve(), DEFAULT_TAG_ALIASES, data, Files(*data["scan"]))


@pytest.mark.parametrize(
    "forged",
    [
        {"title": "Evil\x1b]52;c;Q0FDSEU=\x07: Role"},
        {"title": "Org: Ro\u009ble"},
        {"title": "Org: Role", "tags": ("data", "x\x1b[2J")},
        {"title": "Org: Role", "tags": ("data", 7)},
        {"title": "Org: Role", "problems": ("bad\x1b]0;x\x07",)},
        {"title": "Org: Role", "date": "2020-01-01\x1b[2J"},
        {"title": "Org: Ro\ud800le"},
        {"title": "Org: Role\nSecond line"},
    ],
)
def test_a_forged_cache_is_not_trusted(tmp_path: Path, forged: dict):
    root = tmp_path / "b"
    write(root, "2020-01-01-one.md", '---\ntitle: "One: Role"\ntags: [data]\n---\n')
    write(root, "2019-01-01-two.md", '---\ntitle: "Two: Role"\n---\n')
    cache = tmp_path / "cache"
    forge_cache(root, cache, **forged)
    board = load_board(root, cache_dir=cache)
    assert board.from_cache == 0  # rebuilt from the files
    assert [p.title for p in board.postings] == ["One: Role", "Two: Role"]
    assert board.postings[0].tags == ("data",)


def test_a_cache_as_written_is_used(tmp_path: Path):
    root = tmp_path / "b"
    write(root, "2020-01-01-one.md", '---\ntitle: "Café – “One”: Rôle 数据"\ntags: [data, "é"]\n---\n')
    cache = tmp_path / "cache"
    load_board(root, cache_dir=cache)
    assert load_board(root, cache_dir=cache).from_cache == 1


# -- the saved state ------------------------------------------------------------------


def test_a_state_file_that_is_a_folder_blocks_nothing(tmp_path: Path):
    path = tmp_path / "state.json"
    path.mkdir()
    store = StateStore(path)
    assert store.favorites("/b") == {}
    assert len(store.notices) == 1 and "cannot be read" in store.notices[0]
    with pytest.raises(StateError, match="not saved"):
        store.set_favorite("/b", "a.md", True)
    assert path.is_dir() and not list(path.iterdir())
    assert [p.name for p in tmp_path.iterdir() if ".corrupt-" in p.name] == []


def test_an_unreadable_state_file_is_left_alone(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    path = tmp_path / "state.json"
    path.write_text('{"format": "jobboard-state", "version": 1, "boards": {}}')
    real_read = Path.read_bytes

    def read_bytes(self: Path) -> bytes:
        if self == path:
            raise PermissionError(13, "Permission denied")
        return real_read(self)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)  # (tests may run as root, whom chmod does not stop)
    store = StateStore(path)
    assert store.favorites("/b") == {}
    assert store.notices == [
        f"{path} cannot be read (Permission denied): favorites are not shown, and marks are not saved"
    ]
    with pytest.raises(StateError):
        store.set_favorite("/b", "a.md", True)
    monkeypatch.undo()
    assert json.loads(path.read_text())["boards"] == {}


NEWER = {"format": "jobboard-state", "version": 2, "boards": {"/b": {"favorites": {"a.md": "t"}}}, "pipeline": [1]}


def test_a_newer_state_file_is_read_only(tmp_path: Path):
    path = tmp_path / "state" / "state.json"
    path.parent.mkdir()
    path.write_text(json.dumps(NEWER))
    before = path.read_bytes()
    store = StateStore(path)
    assert store.favorites("/b") == {"a.md": "t"}
    assert "written by a newer jobboard" in store.notices[0]
    with pytest.raises(StateError, match="newer jobboard"):
        store.set_favorite("/b", "c.md", True)
    assert path.read_bytes() == before
    assert sorted(p.name for p in path.parent.iterdir()) == ["state.json", "state.json.lock"]


def test_list_favorites_survives_any_state_file(board: Path):
    path = StateStore().path
    path.parent.mkdir(parents=True, exist_ok=True)
    path.mkdir()
    result = run_cli("list", str(board), "--favorites")
    assert result.returncode == 0 and b"Traceback" not in result.stderr
    assert result.stderr.count(b"\n") == 1 and b"its favorites are not taken over yet" in result.stderr
    path.rmdir()
    newer = {**NEWER, "boards": {str(board.resolve()): {"favorites": {"003_3e2ea75530bc705d.txt": "t"}}}}
    path.write_text(json.dumps(newer))
    before = path.read_bytes()
    result = run_cli("list", str(board), "--favorites", "--json")
    assert json.loads(result.stdout) == []  # a later version's file: not taken over, said
    assert b"not taken over" in result.stderr and b"Traceback" not in result.stderr
    assert path.read_bytes() == before and not [p for p in path.parent.iterdir() if ".corrupt-" in p.name]


async def test_app_loads_beside_a_state_file_it_cannot_read(board: Path):
    path = StateStore().path
    path.parent.mkdir(parents=True, exist_ok=True)
    path.mkdir()
    app = make_app(board)
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(pilot)
        assert len(shown(app)) == 5
        assert any("not taken over" in said.message for said in app.said)
        await pilot.press("f")
        await pilot.pause()
        assert len(app.session.favorites) == 1  # marks are kept in the hunt store
    assert path.is_dir()


async def test_app_leaves_a_newer_state_file_as_it_is(board: Path):
    path = StateStore().path
    path.parent.mkdir(parents=True, exist_ok=True)
    first = "003_3e2ea75530bc705d.txt"
    path.write_text(json.dumps({**NEWER, "boards": {str(board.resolve()): {"favorites": {first: "t"}}}}))
    before = path.read_bytes()
    app = make_app(board)
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(pilot)
        assert app.session.favorites == {}
        assert any("not taken over" in said.message for said in app.said)
        await pilot.press("f")
        await pilot.pause()
        assert len(app.session.favorites) == 1
    assert path.read_bytes() == before


def test_unknown_keys_in_the_state_file_are_kept(tmp_path: Path):
    path = tmp_path / "state.json"
    path.write_text(json.dumps({"format": "jobboard-state", "version": 1, "boards": {}, "theme": "x", "notes": [1]}))
    StateStore(path).set_favorite("/b", "a.md", True)
    data = json.loads(path.read_text())
    assert data["theme"] == "x" and data["notes"] == [1] and "a.md" in data["boards"]["/b"]["favorites"]


def test_a_state_file_that_is_a_link_is_written_through_it(tmp_path: Path):
    target = tmp_path / "dotfiles" / "jobboard.json"
    target.parent.mkdir()
    link = tmp_path / "state.json"
    link.symlink_to(target)
    StateStore(link).set_favorite("/b", "a.md", True)
    assert link.is_symlink() and link.resolve() == target
    assert "a.md" in json.loads(target.read_text())["boards"]["/b"]["favorites"]


# -- a pasted megabyte -------------------------------------------------------------------


def test_a_long_query_is_bounded():
    words = " ".join(f"w{n}" + "x" * (n % 200) for n in range(100_000))  # ~10 MB
    query = parse_query(words)
    terms = [t for group in query.groups for t in group]
    assert len(terms) == MAX_TERMS and query.left_out > 0
    assert all(len(t.text) <= MAX_TERM_CHARS for t in terms)
    assert len(parse_query("x" * 100_000).groups[0][0].text) == MAX_TERM_CHARS


def test_typing_at_the_end_of_a_long_query_scores_one_term(monkeypatch: pytest.MonkeyPatch):
    """What a keystroke costs does not grow with the query: the terms before
    the one being typed are not scored again, terms beyond MAX_TERMS not at
    all, and none after the postings have run out (a pasted paragraph)."""
    import tui.search as search

    index = Index(load_board(REPO / "data").postings)
    base = "data dat da d at ta a t e r s"  # eleven terms, each matching
    assert len(index.search(base)) > 0  # so every term is scored
    index.search(base + " ana")
    calls: list[str] = []
    real = search.score_values

    def score_values(term, *args, **kwargs):
        calls.append(term.text)
        return real(term, *args, **kwargs)

    monkeypatch.setattr(search, "score_values", score_values)
    index.search(base + " anal")
    assert set(calls) == {"anal"}
    calls.clear()
    index.search(base + " anal " + " ".join(f"more{n}" for n in range(50)))  # beyond MAX_TERMS: not searched
    assert calls == []
    nonsense = " ".join(f"zq{n}x" for n in range(MAX_TERMS))
    assert len(index.search(nonsense)) == 0
    assert {c for c in calls if c.startswith("zq")} == {"zq0x"}  # the first term left nothing: the rest not scored


async def test_a_pasted_megabyte_is_cut_and_said(board: Path):
    app = make_app(board)
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(pilot)
        await pilot.press("slash")
        box = app.query_one(SearchBox)
        megabyte = ("data \x1b[31m" + "analyst " * 130_000)[: 1 << 20]
        box.post_message(events.Paste(megabyte + "\nsecond line"))
        await pilot.pause()
        await workers_done(app)
        await pilot.pause()
        assert len(box.value) == MAX_QUERY_CHARS and "\x1b" not in box.value
        assert box.value.startswith("data [31manalyst analyst")
        assert any("takes up to 1,000 characters" in said.message for said in app.said)
        status = "".join(seg.text for seg in app.query_one("#status").render_line(0))
        assert "0 of 5 postings · first 12 terms only" in status  # "[31manalyst" is no close spelling of "analyst"
        app.said.clear()
        await pilot.press("y")  # a full box takes no more, and says so
        assert len(box.value) == MAX_QUERY_CHARS and not box.value.endswith("y")
        assert any("takes up to 1,000 characters" in said.message for said in app.said)
        await pilot.press("backspace", "x")  # still a search box: typing goes on
        assert box.value.endswith("x") and len(box.value) == MAX_QUERY_CHARS
