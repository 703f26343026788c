"""The body index: words and phrases of every posting's text, kept up to date."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Sequence
from pathlib import Path

from conftest import write

from tui.bodies import BodyIndex, fts_phrase, index_path
from tui.library import load_board


def posting(root: Path, name: str, body: str, title: str = "Org: Role") -> None:
    write(root, name, f'---\ntitle: "{title}"\ntags: [data]\n---\n{body}\n')


def touch_later(path: Path) -> None:
    st = path.stat()
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000_000))


def open_index(root: Path, cache: Path) -> tuple[BodyIndex, list[str]]:
    board = load_board(root, cache_dir=None)
    index = BodyIndex(index_path(cache, board.root), board.root)
    index.update([p.id for p in board.postings], board.read_bodies)
    return index, [p.id for p in board.postings]


def found(index: BodyIndex, text: str, prefix: bool = True) -> set[str]:
    return set(index.search(fts_phrase(text, prefix)))


def test_words_prefixes_phrases_case_and_accents(tmp_path: Path):
    root = tmp_path / "board"
    posting(root, "a.md", "Fully REMOTE role. Café crème for the data director.")
    posting(root, "b.md", "Based in Oakland; the director of data.")
    index, _ = open_index(root, tmp_path / "cache")
    assert found(index, "remote") == {"a.md"}
    assert found(index, "remot") == {"a.md"}  # the start of a word
    assert found(index, "emote") == set()  # not the middle of one
    assert found(index, "cafe") == {"a.md"} and found(index, "CRÈME") == {"a.md"}
    assert found(index, "data director", prefix=False) == {"a.md"}  # a phrase: in that order
    assert found(index, "director") == {"a.md", "b.md"}
    assert found(index, 'say "hi') == set()  # quotes are text, never syntax


def test_more_relevant_first(tmp_path: Path):
    root = tmp_path / "board"
    posting(root, "once.md", "remote " + "filler words here " * 40)
    posting(root, "often.md", "remote remote remote, and remote again")
    index, _ = open_index(root, tmp_path / "cache")
    scores = index.search(fts_phrase("remote"))
    assert scores["often.md"] > scores["once.md"]


def test_only_what_changed_is_read_again(tmp_path: Path):
    root, cache = tmp_path / "board", tmp_path / "cache"
    for n in range(5):
        posting(root, f"p{n}.md", f"posting {n} about gardening")
    index, ids = open_index(root, cache)
    index.close()
    posting(root, "p4.md", "now about sailing")  # the last row: its number must not come back
    touch_later(root / "p4.md")
    (root / "p0.md").unlink()
    posting(root, "new.md", "also sailing")
    board = load_board(root, cache_dir=None)
    index = BodyIndex(index_path(cache, board.root), board.root)
    read: list[str] = []

    def read_body(todo: Sequence[str]) -> list[str | None]:
        read.extend(todo)
        return list(board.read_bodies(todo))

    done = index.update([p.id for p in board.postings], read_body)
    assert sorted(read) == ["new.md", "p4.md"]
    assert (done.added, done.changed, done.removed) == (1, 1, 1)
    assert found(index, "sailing") == {"p4.md", "new.md"}
    assert found(index, "gardening") == {"p1.md", "p2.md", "p3.md"}  # p4's old text and p0 are gone
    posting(root, "p4.md", "and now about knitting")
    touch_later(root / "p4.md")
    touch_later(root / "p4.md")
    index.update([p.id for p in board.postings], read_body)
    assert found(index, "knitting") == {"p4.md"} and found(index, "sailing") == {"new.md"}


def test_many_changes_make_the_index_again(tmp_path: Path):
    root = tmp_path / "board"
    posting(root, "a.md", "first")
    index = BodyIndex(None, root.resolve())
    index.update(["a.md"], lambda todo: ["first"] * len(todo))
    index._set_dead(5000)  # as after thousands of changes
    done = index.update(["a.md"], lambda todo: ["second"] * len(todo))
    assert done.rebuilt and found(index, "second") == {"a.md"} and found(index, "first") == set()


def test_a_corrupt_or_foreign_file_is_made_again(tmp_path: Path):
    root, cache = tmp_path / "board", tmp_path / "cache"
    posting(root, "a.md", "remote work")
    board = load_board(root, cache_dir=None)
    path = index_path(cache, board.root)
    path.parent.mkdir(parents=True)
    for content, why in (
        (b"not a database at all" * 100, "unreadable"),
        (None, "not a body index"),
    ):
        if content is None:
            with sqlite3.connect(path) as other:
                other.execute("CREATE TABLE something(x)")
        else:
            path.write_bytes(content)
        index = BodyIndex(path, board.root)
        assert index.rebuilt_because is not None and index.rebuilt_because.startswith(why)
        index.update(["a.md"], board.read_bodies)
        assert found(index, "remote") == {"a.md"}
        index.close()
        path.unlink()
    # made for another board: made again too
    other_root = tmp_path / "other"
    other_root.mkdir()
    BodyIndex(path, other_root.resolve()).close()
    index = BodyIndex(path, board.root)
    assert index.rebuilt_because == "made for another board"


def test_an_unreadable_posting_is_left_out(tmp_path: Path):
    root = tmp_path / "board"
    posting(root, "a.md", "remote")
    posting(root, "b.md", "remote")
    index = BodyIndex(None, root.resolve())

    def read_body(todo: Sequence[str]) -> list[str | None]:
        return [None if posting_id == "b.md" else "remote" for posting_id in todo]

    done = index.update(["a.md", "b.md", "missing.md"], read_body)
    assert done.unreadable == 1 and found(index, "remote") == {"a.md"}


def test_a_name_that_is_not_utf8(tmp_path: Path):
    import os

    root = tmp_path / "board"
    root.mkdir()
    raw = os.fsencode(str(root)) + b"/caf\xe9.md"
    with open(raw, "wb") as handle:
        handle.write(b"---\ntitle: x\n---\nremote\n")
    name = os.fsdecode(b"caf\xe9.md")
    index = BodyIndex(index_path(tmp_path / "cache", root.resolve()), root.resolve())
    assert index.update([name], lambda todo: ["fully remote \udce9"]).added == 1
    assert found(index, "remote") == {name}
    index.close()
    index = BodyIndex(index_path(tmp_path / "cache", root.resolve()), root.resolve())
    assert index.update([name], lambda todo: ["read again?"] * len(todo)).added == 0  # known, by its bytes


def test_bodies_read_in_worker_processes_are_the_texts_parsed(tmp_path: Path, monkeypatch):
    from tui import library

    root = tmp_path / "board"
    for n in range(12):
        posting(root, f"p{n:02}.md", f"posting {n}\n\nremote \x1b[31mwork\x07 café")
    write(root, "nofront.md", "just text, no front matter")
    (root / "outside.md").symlink_to(tmp_path / "elsewhere.md")
    write(tmp_path, "elsewhere.md", "---\ntitle: x\n---\nsecret")
    board = load_board(root, cache_dir=None)
    ids = [p.id for p in board.postings] + ["outside.md", "gone.md"]
    parsed = [board.read(i).body for i in ids[:-2]] + [None, None]
    assert list(library.read_bodies(board.root, ids, workers=1)) == parsed
    monkeypatch.setattr(library, "PARALLEL_THRESHOLD", 4)
    monkeypatch.setattr(library, "CHUNK", 5)
    assert list(library.read_bodies(board.root, ids, workers=2)) == parsed


def test_words_of_one_letter_are_kept(tmp_path: Path):
    """The tokenizer keeps one-letter words: "R" is a word the search can look up whole."""
    root = tmp_path / "board"
    posting(root, "r.md", "Python or R, and SQL.")
    posting(root, "research.md", "Research and reporting.")
    index, _ = open_index(root, tmp_path / "cache")
    assert found(index, "r", prefix=False) == {"r.md"}
    assert found(index, "r") == {"r.md", "research.md"}  # as the start of a word: both
