"""A large board is shown before its text's facts are read: the load parses
the front matter only, the facts follow (tui.library.read_facts_later), are
handed to the session a batch at a time and kept in the cache; a command
that needs them reads them at once."""

from __future__ import annotations

import os
import threading
from pathlib import Path

from conftest import write

from tui.config import Config
from tui.library import FACTS_LATER_ABOVE, PARALLEL_THRESHOLD, Board, keep_facts, load_board, read_facts_later
from tui.session import Session
from tui.store import StateStore

BODIES = [
    "Salary: $60,000 - $70,000 a year. Location: Washington, DC. Apply by March 30, 2020.",
    "This is a fully remote role paying $45/hour. Temporary position.",
    "* [Data Analyst](https://x.org/1): $50,000\n* [Data Engineer](https://x.org/2): $80,000",
    "Nothing said of pay or place.",
]


def build(root: Path, n: int = 8) -> None:
    for i in range(n):
        body = BODIES[i % len(BODIES)]
        write(root, f"2020-01-{i + 1:02d}-p{i}.md", f'---\ntitle: "Org {i}: Analyst"\ntags: [data]\n---\n\n{body}\n')
    # a front-matter field is read at once, facts later or not
    write(root, "2020-02-01-front.md", '---\ntitle: "Front: Analyst"\nlocation: Boston, MA\n---\n\nRemote.\n')


def by_id(board) -> dict:
    return {p.id: p for p in board.postings}


def test_a_board_loaded_with_facts_later_lists_what_is_unread(tmp_path: Path):
    root = tmp_path / "board"
    build(root)
    whole = by_id(load_board(root))
    later = load_board(root, cache_dir=tmp_path / "cache", facts_later_above=0)
    assert sorted(later.unread) == sorted(whole)
    front = by_id(later)["2020-02-01-front.md"]
    assert front.get("location") == "Boston, MA" and front.get("remote") == ""  # the text's "Remote." not yet
    assert not any(p.get("salary") or p.get("jobs") or p.get("deadline") for p in later.postings)
    # the same postings otherwise
    assert {i: p._replace(more=()) for i, p in by_id(later).items()} == {
        i: p._replace(more=()) for i, p in whole.items()
    }
    # A load of few files reads them at once.
    assert load_board(root, cache_dir=tmp_path / "other", facts_later_above=100).unread == []
    assert FACTS_LATER_ABOVE >= PARALLEL_THRESHOLD  # only a load in worker processes waits less


def test_facts_read_later_are_the_facts_a_whole_load_reads_and_are_kept(tmp_path: Path):
    root = tmp_path / "board"
    build(root)
    cache = tmp_path / "cache"
    whole = by_id(load_board(root))
    later = load_board(root, cache_dir=cache, facts_later_above=0)
    read = {}
    for part in read_facts_later(later.root, later.unread):
        for rel, size, mtime, more in zip(part["rel"], part["size"], part["mtime"], part["more"], strict=True):
            assert whole[rel].more == more
            read[rel] = (size, mtime, more)
    assert sorted(read) == sorted(whole)
    keep_facts(cache, later.root, read)
    again = load_board(root, cache_dir=cache, facts_later_above=0)
    assert again.unread == [] and by_id(again) == whole and again.from_cache == len(whole)


def test_a_command_reads_the_facts_a_run_left_unread(tmp_path: Path):
    """The app quit before it read them: `jobboard list` reads them (and keeps them)."""
    root = tmp_path / "board"
    build(root)
    cache = tmp_path / "cache"
    whole = by_id(load_board(root))
    load_board(root, cache_dir=cache, facts_later_above=0)
    board = load_board(root, cache_dir=cache)
    assert by_id(board) == whole and board.unread == []
    assert load_board(root, cache_dir=cache, facts_later_above=0).unread == []


def test_facts_of_a_file_changed_since_are_not_kept(tmp_path: Path):
    """Read from a file changed since the load, they are not the facts of the
    row the cache holds (here the file is put back as it was, size and time:
    the next load takes the row as it is)."""
    root = tmp_path / "board"
    build(root)
    cache = tmp_path / "cache"
    whole = by_id(load_board(root))
    later = load_board(root, cache_dir=cache, facts_later_above=0)
    changed = root / "2020-01-01-p0.md"
    was, stat = changed.read_bytes(), changed.stat()
    changed.write_text('---\ntitle: "Org 0: Analyst"\n---\n\nNow it pays $99,000 a year.\n', encoding="utf-8")
    read = {}
    for part in read_facts_later(later.root, later.unread):
        for rel, size, mtime, more in zip(part["rel"], part["size"], part["mtime"], part["more"], strict=True):
            read[rel] = (size, mtime, more)
    changed.write_bytes(was)
    os.utime(changed, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    keep_facts(cache, later.root, read)
    again = load_board(root, cache_dir=cache, facts_later_above=0)
    assert again.unread == ["2020-01-01-p0.md"]  # the others' were kept
    assert by_id(load_board(root, cache_dir=cache)) == whole


def session_for(root: Path, tmp_path: Path) -> Session:
    session = Session(root, Config(), StateStore(tmp_path / "state.json"), tmp_path / "cache", facts_later_above=0)
    session.take(session.load(None))
    return session


def board_of(session: Session) -> Board:
    assert session.board is not None
    return session.board


def test_the_session_is_told_the_facts_a_batch_at_a_time_then_keeps_them(tmp_path: Path, monkeypatch):
    root = tmp_path / "board"
    build(root, 40)
    monkeypatch.setattr("tui.library.FACTS_TOLD_EVERY", 0)
    monkeypatch.setattr("tui.library.CHUNK", 10)
    whole = by_id(load_board(root))
    session = session_for(root, tmp_path)
    assert len(board_of(session).unread) == 41
    told: list[tuple[dict, int, int]] = []
    session.read_facts(lambda postings, done, total: told.append((postings, done, total)))
    assert [(done, total) for _, done, total in told] == [(10, 41), (20, 41), (30, 41), (40, 41), (41, 41)]
    for postings, _, _ in told:
        session.take_facts(postings)
    assert by_id(board_of(session)) == whole and board_of(session).unread == []
    assert session.postings[: len(whole)] == board_of(session).postings
    # kept: the next start has them at once
    assert board_of(session_for(root, tmp_path)).unread == []


def test_a_posting_changed_since_it_was_listed_is_not_taken(tmp_path: Path):
    root = tmp_path / "board"
    build(root)
    session = session_for(root, tmp_path)
    write(root, "2020-01-01-p0.md", '---\ntitle: "Org 0: Director"\n---\n\nPays $99,000 a year.\n')
    told: list[dict] = []
    session.read_facts(lambda postings, done, total: told.append(postings))
    assert told and "2020-01-01-p0.md" not in told[-1] and "2020-01-03-p2.md" in told[-1]


def test_reading_the_facts_stops_when_told(tmp_path: Path, monkeypatch):
    root = tmp_path / "board"
    build(root, 40)
    monkeypatch.setattr("tui.library.CHUNK", 10)
    session = session_for(root, tmp_path)
    stop = threading.Event()
    told: list[int] = []

    def tell(postings: dict, done: int, total: int) -> None:
        told.append(done)

    stop.set()
    session.read_facts(tell, stop=stop)
    assert told == []  # the first chunk read, nothing handed over, nothing kept
    assert len(board_of(session_for(root, tmp_path)).unread) == 41
