"""A board with a cache is shown as the cache holds it while its folder is
checked (a stat of each file), then as it is if anything changed since."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest
from conftest import write
from test_app import ready

from tui import library
from tui.app import JobBoard
from tui.config import Config
from tui.library import load_board
from tui.parts.loading import Loader
from tui.session import Session
from tui.store import StateStore
from tui.widgets.posting_detail import PostingDetail
from tui.widgets.posting_table import PostingTable
from tui.widgets.status_bar import StatusBar

A, B, C = "2020-10-01-a.md", "2020-10-02-b.md", "2020-10-03-c.md"


def three(root: Path) -> Path:
    write(root, A, "---\ntitle: 'Acme: Data Analyst'\n---\nApply at https://acme.example/a")
    write(root, B, "---\ntitle: 'Union: Organizer'\n---\nApply at https://union.example/b")
    write(root, C, "---\ntitle: 'City: Data Lead'\n---\nApply at https://city.example/c")
    return root


def titles(board: library.Board) -> list[str]:
    return [p.title for p in board.postings]


@pytest.fixture
def cached(tmp_path: Path) -> tuple[Path, Path]:
    """A board read once: its cache written."""
    root, cache = three(tmp_path / "b"), tmp_path / "cache"
    load_board(root, cache_dir=cache)
    return root, cache


def test_a_board_with_a_cache_is_handed_over_before_its_folder_is_scanned(cached, monkeypatch):
    root, cache = cached
    happened: list[str] = []
    scan = library.scan

    def scanning(*args, **kwargs):
        happened.append("scan")
        return scan(*args, **kwargs)

    monkeypatch.setattr(library, "scan", scanning)
    early: list[library.Board] = []

    def handed(board: library.Board) -> None:
        early.append(board)
        happened.append("early")

    board = load_board(root, cache_dir=cache, early=handed)
    assert happened == ["early", "scan"]
    assert board is early[0]  # nothing changed: the board shown is the board
    assert titles(board) == ["City: Data Lead", "Union: Organizer", "Acme: Data Analyst"]


def test_a_board_changed_since_its_cache_is_handed_over_as_it_was_then_returned_as_it_is(cached):
    root, cache = cached
    (root / A).unlink()
    write(root, B, "---\ntitle: 'Union: Lead Organizer'\n---\nApply at https://union.example/b2")
    write(root, "2020-10-04-d.md", "---\ntitle: 'Campaign: Field Fellow'\n---\nhttps://campaign.example/d")
    early: list[library.Board] = []
    board = load_board(root, cache_dir=cache, early=early.append)
    assert titles(early[0]) == ["City: Data Lead", "Union: Organizer", "Acme: Data Analyst"]
    assert board is not early[0]
    assert titles(board) == ["Campaign: Field Fellow", "City: Data Lead", "Union: Lead Organizer"]
    # and the next start has the board as it is now from its cache
    again: list[library.Board] = []
    assert load_board(root, cache_dir=cache, early=again.append) is again[0]
    assert titles(again[0]) == titles(board)


def test_a_problem_the_scan_meets_makes_a_board_of_its_own(cached):
    root, cache = cached
    os.symlink(root / "nowhere.md", root / "2020-10-05-e.md")
    early: list[library.Board] = []
    board = load_board(root, cache_dir=cache, early=early.append)
    assert board is not early[0] and titles(board) == titles(early[0])
    assert [p.reason for p in board.problems] == ["symbolic link points nowhere (dangling)"]
    assert not early[0].problems


def test_nothing_is_handed_over_early_without_a_cache(tmp_path: Path):
    root = three(tmp_path / "b")
    early: list[library.Board] = []
    assert titles(load_board(root, cache_dir=tmp_path / "cache", early=early.append))
    assert early == []
    assert titles(load_board(root, cache_dir=None, early=early.append)) and early == []


def test_a_site_board_handed_over_early_says_what_was_read(tmp_path: Path):
    root = tmp_path / "site"
    write(root, "_config.yml", "title: Jobs\ncollections:\n  jobs:\n    output: true\n")
    three(root / "_jobs")
    write(root, "about.md", "---\ntitle: About us\n---\nWho we are.")
    write(root, "_posts/2020-01-01-news.md", "---\ntitle: 'Some news'\n---\nNot a job.")
    whole = load_board(root, cache_dir=tmp_path / "cache")
    early: list[library.Board] = []
    board = load_board(root, cache_dir=tmp_path / "cache", early=early.append)
    assert board is early[0]
    assert board.site == whole.site and board.site
    assert titles(board) == titles(whole)
    assert board.problems == whole.problems


def shown(app: JobBoard) -> list[str]:
    """The list's postings (a list of rows until the index is built)."""
    table = app.query_one(PostingTable)
    return [table.postings[int(i)].title for i in table.rows]


def session_of(root: Path, cache: Path, marks: Path) -> Session:
    return Session(root, Config(), StateStore(), cache, marks_path=marks)


def test_the_visit_begins_with_the_postings_found_by_the_check(cached, tmp_path: Path):
    """What is new is what the folder holds now, not what the cache held."""
    root, cache = cached
    marks = tmp_path / "marks.db"
    first = session_of(root, cache, marks)
    first.take(first.load(None))  # a first visit: nothing new
    write(root, "2020-10-04-d.md", "---\ntitle: 'Campaign: Field Fellow'\n---\nhttps://campaign.example/d")
    second = session_of(root, cache, marks)
    early: list = []
    loaded = second.load(None, early.append)
    assert [p.id for p in early[0].board.postings] == [C, B, A]
    assert early[0].problems == (0, 0, 0)
    assert [p.id for p in loaded.board.postings] == ["2020-10-04-d.md", C, B, A]
    assert second.hunt.new == {"2020-10-04-d.md"}


class ScanGate:
    """Holds the folder's scan (in the loading thread) until released."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.open = threading.Event()
        self.waiting = threading.Event()
        scan = library.scan

        def held(*args, **kwargs):
            self.waiting.set()
            self.open.wait(10)
            return scan(*args, **kwargs)

        monkeypatch.setattr(library, "scan", held)


async def test_the_app_shows_the_cached_board_then_the_board_as_it_is(cached, monkeypatch, tmp_path: Path):
    root, cache = cached
    marks = tmp_path / "marks.db"
    first = JobBoard(root, cache_dir=cache, marks_path=marks)  # the user leaves off on the second row
    async with first.run_test(size=(120, 30)) as pilot:
        await ready(pilot)
        await pilot.press("j")
        await pilot.pause()
        current = first.query_one(PostingTable).current
        assert current is not None and current.id == B
        await pilot.press("q")
    (root / A).unlink()
    write(root, B, "---\ntitle: 'Union: Lead Organizer'\n---\nApply at https://union.example/b2")
    write(root, "2020-10-04-d.md", "---\ntitle: 'Campaign: Field Fellow'\n---\nhttps://campaign.example/d")
    gate = ScanGate(monkeypatch)
    app = JobBoard(root, cache_dir=cache, marks_path=marks)
    async with app.run_test(size=(120, 30)) as pilot:
        table = app.query_one(PostingTable)
        for _ in range(200):
            await pilot.pause(0.01)
            if gate.waiting.is_set() and len(table.rows):
                break
        # As the cache holds it, the cursor where the user left off; keys wait for the check.
        assert shown(app) == ["City: Data Lead", "Union: Organizer", "Acme: Data Analyst"]
        assert app.main.index is None
        gate.open.set()
        await ready(pilot)
        assert shown(app) == ["Campaign: Field Fellow", "City: Data Lead", "Union: Lead Organizer"]
        assert table.current is not None and table.current.id == B
        detail = app.query_one(PostingDetail)
        assert detail.posting is not None and detail.posting.title == "Union: Lead Organizer"
        assert detail.links and detail.links[0].url == "https://union.example/b2"
        assert "3 of 3 postings" in str(app.query_one(StatusBar).text)
        assert app.session.hunt.new == {"2020-10-04-d.md"}


async def test_an_unchanged_board_is_shown_once(cached, monkeypatch):
    root, cache = cached
    shows: list[bool] = []
    show_board = Loader.show_board

    def counted(loader: Loader, loaded, again: bool = False) -> None:
        shows.append(again)
        show_board(loader, loaded, again)

    monkeypatch.setattr(Loader, "show_board", counted)
    gate = ScanGate(monkeypatch)
    app = JobBoard(root, cache_dir=cache)
    async with app.run_test(size=(120, 30)) as pilot:
        for _ in range(200):
            await pilot.pause(0.01)
            if gate.waiting.is_set() and shows:
                break
        gate.open.set()
        await ready(pilot)
        assert shows == [False]
        assert shown(app) == ["City: Data Lead", "Union: Organizer", "Acme: Data Analyst"]


async def test_keys_let_through_before_the_check_ends_act_on_the_posting_they_moved_to(cached, monkeypatch):
    """A folder slow to check (keys wait READY_AT_THE_LATEST at most): the
    user moves in the board shown from the cache; the board as it is then
    comes under the cursor, which stays on its posting."""
    from tui.parts import loading

    root, cache = cached
    monkeypatch.setattr(loading, "READY_AT_THE_LATEST", 0.05)
    (root / C).unlink()  # above the cursor's posting
    write(root, "2020-10-04-d.md", "---\ntitle: 'Campaign: Field Fellow'\n---\nhttps://campaign.example/d")
    gate = ScanGate(monkeypatch)
    app = JobBoard(root, cache_dir=cache)
    async with app.run_test(size=(120, 30)) as pilot:
        table = app.query_one(PostingTable)
        for _ in range(200):
            await pilot.pause(0.01)
            if gate.waiting.is_set() and len(table.rows) and app._held_keys is None:
                break
        await pilot.press("j", "j")  # City, Union, Acme: on Acme
        await pilot.pause()
        assert table.current is not None and table.current.id == A
        gate.open.set()
        await ready(pilot)
        assert shown(app) == ["Campaign: Field Fellow", "Union: Organizer", "Acme: Data Analyst"]
        assert table.current is not None and table.current.id == A and table.cursor == 2
        detail = app.query_one(PostingDetail)
        assert detail.posting is not None and detail.posting.id == A
        assert detail.links and detail.links[0].url == "https://acme.example/a"


@pytest.mark.parametrize("changed", [False, True])
async def test_a_corrupt_state_file_is_left_as_it_is_by_a_board_shown_early(cached, changed: bool):
    """As without a cache (test_app.test_a_corrupt_state_file_is_left_and_said):
    the state file that cannot be read is said, listed with the problems (!)
    (by the board shown once checked too), and not written (set aside only
    when the user marks something)."""
    root, cache = cached
    state = StateStore()
    state.path.parent.mkdir(parents=True, exist_ok=True)
    state.path.write_text("{broken", encoding="utf-8")
    if changed:
        write(root, "2020-10-04-d.md", "---\ntitle: 'Campaign: Field Fellow'\n---\nhttps://campaign.example/d")
    app = JobBoard(root, cache_dir=cache)
    async with app.run_test(size=(120, 30)) as pilot:
        await ready(pilot)
        assert len(shown(app)) == (4 if changed else 3)
        assert any("could not be read: its favorites are not taken over yet" in said.message for said in app.said)
        assert any("is unreadable" in problem for problem in app.session.problems)
    assert state.path.read_text() == "{broken"


async def test_what_the_visit_s_beginning_says_is_said_on_an_unchanged_board(cached, monkeypatch):
    """What the hunt store says once the folder is checked (what is new
    could not be known) is said as it was before the board came early."""
    from tui.marks import Marks

    root, cache = cached

    def refused(self, ids):
        raise OSError("No space left on device")

    monkeypatch.setattr(Marks, "begin_visit", refused)
    app = JobBoard(root, cache_dir=cache)
    async with app.run_test(size=(120, 30)) as pilot:
        await ready(pilot)
        await pilot.pause(0.05)
        assert app.session.hunt.new == frozenset()
        assert any("what is new since the last visit is not known" in said.message for said in app.said)


async def test_a_mark_made_while_the_visit_begins_stays_shown(cached, monkeypatch):
    """Keys let through before a slow check ends: a posting saved while the
    loading thread begins the visit keeps its star once the board is checked."""
    from tui.marks import Marks
    from tui.parts import loading

    root, cache = cached
    monkeypatch.setattr(loading, "READY_AT_THE_LATEST", 0.05)
    visiting, go_on = threading.Event(), threading.Event()
    begin_visit = Marks.begin_visit

    def held(self, ids):
        visiting.set()
        go_on.wait(10)
        return begin_visit(self, ids)

    monkeypatch.setattr(Marks, "begin_visit", held)
    app = JobBoard(root, cache_dir=cache)
    async with app.run_test(size=(120, 30)) as pilot:
        table = app.query_one(PostingTable)
        for _ in range(200):
            await pilot.pause(0.01)
            if visiting.is_set() and len(table.rows) and app._held_keys is None:
                break
        await pilot.press("f")  # saved: the first row, City
        await pilot.pause()
        assert app.session.hunt.statuses.get(C) is not None
        go_on.set()
        await ready(pilot)
        assert app.session.hunt.statuses.get(C) is not None
