"""Scanning a directory, the hostile one included, and the parse cache."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import DATA, write

from tui import library
from tui.library import BoardError, load_board, read_posting


def test_bundled_data_loads_all_five():
    board = load_board(DATA)
    assert len(board.postings) == 5 and board.problems == []
    assert {p.id for p in board.postings} == {f.name for f in DATA.iterdir()}


def test_newest_first(tmp_path: Path):
    write(tmp_path, "2018-01-01-a.md", "---\ntitle: A\n---\n")
    write(tmp_path, "2020-01-01-b.md", "---\ntitle: B\n---\n")
    write(tmp_path, "c.md", "---\ntitle: C\ndate: 2019-06-01\n---\n")
    assert [p.title for p in load_board(tmp_path).postings] == ["B", "C", "A"]


def test_core_does_not_import_textual():
    code = (
        "import sys, tui.library, tui.search, tui.store, tui.posting, tui.clipboard, tui.cli, tui.config, "
        "tui.browse, tui.text; "
        "print(any(m == 'textual' or m.startswith('textual.') for m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


@pytest.fixture
def hostile(tmp_path: Path) -> Path:
    root = tmp_path / "hostile"
    write(root, "good.md", '---\ntitle: "Good: One"\ntags: [data]\n---\n[Apply](https://good.org)')
    write(root, "nested/deeper/also-good.markdown", '---\ntitle: "Deep: Two"\n---\n')
    write(root, "notes.txt", '---\ntitle: "Txt: Three"\n---\n')
    write(root, "bad-yaml.md", "---\ntitle: [unclosed\ntags: {a: b\n---\nbody")
    write(root, "binary.md", b"---\ntitle: Bin\n---\n" + bytes(range(256)) * 20)
    write(root, "binary-bare.md", bytes(range(256)) * 20)
    write(root, "empty.md", b"")
    write(root, "latin1.md", b'---\ntitle: "Caf\xe9: Owner"\n---\n')
    write(root, "odd-types.md", "---\ntitle: {a: 1}\ntags: 7\ndate: [1]\npin: {x: y}\n---\n")
    write(root, "links.md", "---\ntitle: L\n---\n[x](javascript:alert(1)) [y](file:///etc/passwd) [z](https://ok.org)")
    write(root, "front-only.md", "---\ntitle: 'Only: Front'\n---\n")
    write(root, "body-only.md", "Just a body with https://x.org")
    write(root, "image.png", b"\x89PNG")
    write(root, ".hidden/secret.md", "---\ntitle: Hidden\n---\n")
    write(root, "big.md", "---\ntitle: Big\n---\n" + "x" * (library.MAX_FILE_BYTES + 10))
    os.mkfifo(root / "pipe.md")
    sock = socket.socket(socket.AF_UNIX)
    try:
        sock.bind(str(root / "sock.md"))
    except OSError:
        pass
    (root / "loop").symlink_to(root)
    (root / "dangling.md").symlink_to(root / "nowhere.md")
    write(root, "unreadable.md", "---\ntitle: U\n---\n")
    os.chmod(root / "unreadable.md", 0)
    return root


def test_hostile_directory_loads_the_rest(hostile: Path):
    board = load_board(hostile)  # returns: never blocks on the pipe or the socket
    titles = {p.title for p in board.postings}
    assert {"Good: One", "Deep: Two", "Txt: Three", "Only: Front"} <= titles
    assert "Hidden" not in titles
    problems = {p.path: p.reason for p in board.problems}
    assert "pipe.md" in problems and "pipe" in problems["pipe.md"]
    assert "dangling.md" in problems
    assert "loop" in problems
    assert "binary.md" in problems and "bad-yaml.md" in problems and "latin1.md" in problems
    assert "big.md" in problems and "odd-types.md" in problems
    # Without front matter a file is no posting: left out, and counted.
    assert sorted(board.bare) == ["binary-bare.md", "body-only.md", "empty.md"]
    assert board.notes() == ["3 files without front matter were left out"]
    assert not {"binary-bare.md", "body-only.md", "empty.md"} & ({p.id for p in board.postings} | problems.keys())
    for problem in board.problems:
        assert "\n" not in str(problem)
    assert read_posting(hostile, "links.md").urls == ["https://ok.org"]
    if os.geteuid() != 0:
        assert "unreadable.md" in problems


def test_missing_or_file_root(tmp_path: Path):
    with pytest.raises(BoardError, match="no such directory"):
        load_board(tmp_path / "nope")
    write(tmp_path, "f.md", "x")
    with pytest.raises(BoardError, match="not a directory"):
        load_board(tmp_path / "f.md")


def test_read_posting_refuses_paths_outside(tmp_path: Path):
    write(tmp_path, "board/a.md", "---\ntitle: A\n---\nbody")
    write(tmp_path, "secret.md", "---\ntitle: S\n---\n")
    (tmp_path / "board" / "link.md").symlink_to(tmp_path / "secret.md")
    root = tmp_path / "board"
    assert read_posting(root, "a.md").body.strip() == "body"
    for bad in ("../secret.md", "/etc/passwd", "link.md", "", "a.md/../../secret.md"):
        with pytest.raises(BoardError):
            read_posting(root, bad)


# -- cache ---------------------------------------------------------------------


def _load(root: Path, cache: Path, **kw):
    return load_board(root, cache_dir=cache, **kw)


def _sees_nothing_changed(root: Path, cache: Path) -> bool:
    """The cache records the folder exactly as a scan sees it now: a load
    takes the "nothing changed" shortcut."""
    root = root.resolve()
    cached = library.load_cache(library.cache_path(cache, root), root, library.DEFAULT_TAG_ALIASES)
    return cached is not None and library._unchanged(library.scan(root)[0], cached)


def test_cache_reuses_unchanged_files(board: Path, tmp_path: Path):
    cache = tmp_path / "cache"
    first = _load(board, cache)
    # A first read takes no stat of each file (their sizes and times come
    # from reading them), yet the cache it writes says "nothing changed".
    assert _sees_nothing_changed(board, cache)
    second = _load(board, cache)
    assert first.from_cache == 0 and second.from_cache == 5
    assert first.postings == second.postings


def test_cache_sees_changed_added_and_deleted_files(board: Path, tmp_path: Path):
    cache = tmp_path / "cache"
    _load(board, cache)
    target = board / "000_459527d663ce2592.txt"
    target.write_text('---\ntitle: "New: Title"\n---\n', encoding="utf-8")
    os.utime(target, ns=(time.time_ns(), time.time_ns() + 10**9))
    (board / "001_2f70d4f44dae5671.txt").unlink()
    write(board, "extra.md", "---\ntitle: Extra\n---\n")
    again = _load(board, cache)
    titles = {p.title for p in again.postings}
    assert "New: Title" in titles and "Extra" in titles and "AFL-CIO: Multiple" not in titles
    assert again.from_cache == 3


def test_corrupt_cache_is_rebuilt(board: Path, tmp_path: Path):
    cache = tmp_path / "cache"
    _load(board, cache)
    [path] = list(cache.iterdir())
    path.write_bytes(b"\x80\x05garbage")
    rebuilt = _load(board, cache)
    assert rebuilt.from_cache == 0 and len(rebuilt.postings) == 5
    assert _load(board, cache).from_cache == 5


def test_cache_refuses_classes(board: Path, tmp_path: Path):
    import pickle

    cache = tmp_path / "cache"
    _load(board, cache)
    [path] = list(cache.iterdir())
    path.write_bytes(pickle.dumps(os.system))
    assert _load(board, cache).from_cache == 0


def test_cache_of_another_version_is_rebuilt(board: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    cache = tmp_path / "cache"
    _load(board, cache)
    monkeypatch.setattr(library, "CACHE_VERSION", library.CACHE_VERSION + 1)
    assert _load(board, cache).from_cache == 0


def test_cache_of_other_aliases_is_rebuilt(board: Path, tmp_path: Path):
    cache = tmp_path / "cache"
    _load(board, cache)
    assert _load(board, cache, aliases={"data": "information"}).from_cache == 0


def test_parallel_parse_matches_serial(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    for i in range(60):
        write(
            tmp_path,
            f"b/2020-01-{i % 28 + 1:02d}-p{i}.md",
            f'---\ntitle: "Org{i}: Role {i}"\ntags: [t{i % 3}]\n---\nhttps://x.org/{i}',
        )
    serial = load_board(tmp_path / "b", workers=1)
    monkeypatch.setattr(library, "PARALLEL_THRESHOLD", 10)
    monkeypatch.setattr(library, "CHUNK", 7)
    parallel = load_board(tmp_path / "b", workers=2)
    assert serial.postings == parallel.postings
    # A big folder read for the first time: the processes start during the scan.
    monkeypatch.setattr(library, "BIG_FOLDER_BYTES", 0)
    early = load_board(tmp_path / "b", workers=2, cache_dir=tmp_path / "cache")
    assert early.postings == serial.postings
    assert _sees_nothing_changed(tmp_path / "b", tmp_path / "cache")
    assert load_board(tmp_path / "b", workers=2, cache_dir=tmp_path / "cache").from_cache == len(serial.postings)


def test_a_file_that_cannot_be_read_is_reported_again_from_the_cache(
    board: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    real = library.parse_posting

    def parse(data: bytes, rel: str, *args, **kwargs):
        if rel == "000_459527d663ce2592.txt":
            raise RecursionError
        return real(data, rel, *args, **kwargs)

    monkeypatch.setattr(library, "parse_posting", parse)
    for _ in range(2):  # the first load writes the cache, the second uses it
        loaded = load_board(board, cache_dir=tmp_path / "cache", workers=1)
        assert [str(p) for p in loaded.problems if p.path.startswith("000_")] == [
            "000_459527d663ce2592.txt: front matter nested too deeply; skipped"
        ]
        assert len(loaded.postings) == 4


def test_the_command_starts_reading_a_board_with_a_cache_before_textual_is_imported(tmp_path: Path):
    """tui.session.start_loading: nothing started for a board never read (its
    parse would slow the imports down); a board read before is read from now."""
    from tui.session import start_loading

    write(tmp_path / "b", "2020-01-01-a.md", "---\ntitle: 'Acme: Analyst'\n---\nPays $50,000 a year.\n")
    cache = tmp_path / "cache"
    assert start_loading(tmp_path / "b", cache_dir=cache) is None
    load_board(tmp_path / "b", cache_dir=cache)
    started = start_loading(tmp_path / "b", cache_dir=cache)
    assert started is not None
    session, loading = started
    assert loading.finished.wait(10) and loading.error is None
    assert [p.title for p in loading.result.board.postings] == ["Acme: Analyst"]
    assert session.cache_dir == cache
