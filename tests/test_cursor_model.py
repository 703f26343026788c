"""The cursor stays on the posting the user put it on, and a key acts on it.

A model-based test: random key sequences (typing, deleting, moving, tags,
sort, favorites, undo, Esc, and the text's hits held back and let through at
random points) drive the real app; after every step the cursor's posting, the
text pane's posting and the favorites are checked against a plain model of
what the user did:

- the user puts the cursor on a posting by moving it (j k g G); a query typed
  or deleted puts it on the best match (the top row, whichever answer shows,
  until the text's hits have joined);
- it stays on that posting through anything else (the text's hits joining, a
  mark, a sort, a tag, Esc clearing the query) while the posting is listed;
  when it is not, the cursor is on the first row, and that is where the user is;
- undo puts it back on the posting it was on before the undone change;
- ``f`` marks the posting the cursor is on, and the text pane shows that posting;
- the postings' facts (pay, deadlines, jobs) arrive at a random point, as on
  a large board read for the first time: the cursor stays where it is.

Which postings are listed, and in what order, is the search's business
(tested elsewhere): the model takes the list the app shows.
"""

from __future__ import annotations

import asyncio
import os
import random
import threading
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from conftest import write
from test_app import ready
from test_facts_later_ui import FactsGate

from tui.app import JobBoard
from tui.bodies import BodyIndex
from tui.parts.loading import Loader
from tui.store import StateStore
from tui.widgets.posting_detail import PostingDetail
from tui.widgets.posting_table import PostingTable
from tui.widgets.status_bar import StatusBar

POSTINGS = [
    # (file, title, tags, body): words in titles, in text only, and a title
    # with r-e-m-o-t-e in order but not the word.
    ("2020-01-01-a.md", "Alpha Org: Remote Data Analyst", ["data", "analyst"], "Work from anywhere."),
    ("2020-01-02-b.md", "Beta Org: Field Organizer", ["union"], "This role is remote friendly. Data entry."),
    ("2020-01-03-c.md", "Gamma Org: Research Manager Of Teams", ["data"], "Office based, analyst support. $90,000."),
    ("2020-01-04-d.md", "Delta Org: Data Engineer", ["data", "tech"], "Remote work possible for the analyst team."),
    ("2020-01-05-e.md", "Epsilon Org: Analyst", ["analyst"], "On site. Pays $40,000 a year."),
    ("2020-01-06-f.md", "Zeta Org: Digital Director", ["digital"], "Fully remote. Data driven."),
    ("2020-01-07-g.md", "Eta Org: Organizer", ["union", "campaigns"], "Travel required."),
    ("2020-01-08-h.md", "Theta Org: Data Director", ["data"], "We are a remote first team."),
    ("2020-01-09-i.md", "Iota Org: Campaign Manager", ["campaigns"], "Data and analytics. Salary: $65,000."),
    ("2020-01-10-j.md", "Kappa Org: Engineer", ["tech"], "Remote."),
    # a job posted again (one row for both unless r), and a posting of three jobs (z shows them)
    ("2020-01-11-k.md", "Delta Org: Data Engineer", ["data", "tech"], "Remote work possible for the analyst team."),
    (
        "2020-01-12-l.md",
        "Lambda Org: Multiple",
        ["data"],
        "* [Data Analyst](https://lambda.org/1): remote\n* [Data Engineer](https://lambda.org/2)\n"
        "* [Field Organizer](https://lambda.org/3)",
    ),
]

#: The steps a user takes, in four kinds about as likely each (each step is
#: a few keys, from the posting list).
QUERIES = ["remote", "data", "analyst", "'remote", "org", "zzz"]
KINDS = [
    ["j", "k", "g", "G"],
    [f"type:{q}" for q in QUERIES],
    ["f", "s", "u", "escape", "backspace", "z", "r"],
    ["hold", "release", "tag:1", "tag:2", "tag:3"],
]
#: Sequences tried, and steps in each (the CI runs the suite twice: on stock
#: Textual, for parity, two sets of ten, the second threaded, to keep CI short).
SEQUENCES, LENGTH = (30 if os.environ.get("JOBBOARD_FAST", "1") != "0" else 20), 12


def sequence(seed: int) -> list[str]:
    rng = random.Random(seed)
    steps = [rng.choice(rng.choice(KINDS)) for _ in range(LENGTH)]
    steps.insert(random.Random(-1 - seed).randrange(LENGTH + 1), "facts")  # when the facts arrive
    return steps


def build(root: Path) -> None:
    for name, title, tags, body in POSTINGS:
        tag_lines = "".join(f"  - {t}\n" for t in tags)
        link = f"https://example.org/{name[11]}"
        write(root, name, f'---\ntitle: "{title}"\ntags:\n{tag_lines}---\n\n{body}\n\nApply at {link}\n')


@dataclass
class Model:
    """What the user did."""

    anchor: str | None = None  # the posting the user put the cursor on (None: the best match)
    line: int | None = None  # the line the user moved to (on a job of the anchor's), None: the anchor's own
    favorites: set[str] = field(default_factory=set)
    undo: list[str | None] = field(default_factory=list)  # the cursor's posting before each change

    def expected(self, rows: list[str]) -> str | None:
        if self.anchor in rows:
            return self.anchor
        return rows[0] if rows else None


class Gate:
    """Holds the text's lookups back while closed (``held`` takes
    BodyIndex.numbers' place). Only the newest waits: an older one goes on
    when a newer one comes (its answer is stale then, as a slow lookup's is),
    so held lookups never take every worker thread."""

    def __init__(self) -> None:
        self.open = threading.Event()
        self.open.set()
        self.newest = 0
        self.changed = threading.Condition()
        self.numbers = numbers = BodyIndex.numbers

        def held(index: BodyIndex, expression: str):
            with self.changed:
                self.newest += 1
                ticket = self.newest
                self.changed.notify_all()
                self.changed.wait_for(lambda: self.open.is_set() or self.newest != ticket, timeout=10)
            return numbers(index, expression)

        self.held = held

    def hold(self) -> None:
        self.open.clear()

    def release(self) -> None:
        with self.changed:
            self.open.set()
            self.changed.notify_all()


def ids(app: JobBoard) -> list[str]:
    """The posting of each line of the list (a job's line: its posting's)."""
    table = app.query_one(PostingTable)
    return [table.postings[int(table.rows[table.folds.at(n)[0]])].id for n in range(table.row_count)]


async def settle(pilot, held: bool) -> None:
    """Until the app has answered: the list (the text's hits too, unless
    held back) and the text pane showing the cursor's posting."""
    import time

    app = pilot.app
    table = app.query_one(PostingTable)
    detail = app.query_one(PostingDetail)
    give_up = time.monotonic() + 15  # a machine busy with other work is slow, not wrong
    while time.monotonic() < give_up:
        await pilot.pause(0.005)
        main = app.main
        waiting = main.text_pending and not held
        current = table.current
        if not waiting and (current is None or detail.shows_text_of(current)):
            return
    raise AssertionError("the app never settled")


async def run(root: Path, state: Path, steps: list[str], gate: Gate, facts: FactsGate, threaded: bool = False) -> None:
    """``threaded``: filtered in a worker thread, as a large board is."""
    marks = state.with_suffix(".sqlite")
    threads = 0 if threaded else 20_000
    app = JobBoard(
        root,
        cache_dir=None,
        state=StateStore(state),
        marks_path=marks,
        filter_in_thread_above=threads,
        facts_later_above=0,
    )
    model = Model()
    held = False
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(pilot)
        table = app.query_one(PostingTable)
        detail = app.query_one(PostingDetail)
        try:
            for n, step in enumerate(steps):
                before = ids(app)
                at = model.expected(before)
                continue_line = False
                if step == "hold":
                    gate.hold()
                    held = True
                    continue
                if step == "release":
                    gate.release()
                    held = False
                elif step == "facts":
                    for _ in range(500):  # read (in a thread), then let through
                        if facts.held or app.main.loader.facts_state is None:
                            break
                        await pilot.pause(0.01)
                    facts.release()
                elif step in ("j", "k", "g", "G"):
                    await pilot.press(step)
                    if before:
                        i = before.index(at) if at in before else 0
                        if model.line is not None and model.line < len(before) and before[model.line] == at:
                            i = model.line  # on one of its jobs
                        i = {"j": min(i + 1, len(before) - 1), "k": max(i - 1, 0), "g": 0, "G": len(before) - 1}[step]
                        model.anchor = before[i]
                        model.line = i
                        continue_line = True
                elif step == "z":  # its jobs unfolded or folded: the cursor on the posting's own line
                    await pilot.press("z")
                elif step == "r":  # every copy, or one row a job: a change of the choice
                    model.undo.append(at)
                    await pilot.press("r")
                elif step == "f":
                    await pilot.press("f")
                    if at is not None:
                        model.favorites ^= {at}
                elif step == "s":
                    model.undo.append(at)
                    await pilot.press("s")
                elif step == "u":
                    await pilot.press("u")
                    if model.undo:
                        model.anchor = model.undo.pop()
                elif step == "escape":
                    if app.main.search.value or app.main.choice.tags or app.main.choice.favorites_only:
                        model.undo.append(at)
                    await pilot.press("escape")
                elif step == "backspace":
                    if app.main.search.value:
                        model.undo.append(at)
                        model.anchor = None
                    await pilot.press("slash", "backspace", "enter")
                elif step.startswith("type:"):
                    word = step[5:]
                    if app.main.search.value != word:
                        model.undo.append(at)
                    model.anchor = None  # typed (the same again too): the best match
                    await pilot.press("slash", "ctrl+u", *word, "enter")
                elif step.startswith("tag:"):
                    model.undo.append(at)
                    row = int(step[4:])
                    await pilot.press("h", "g", *["j"] * row, "enter", "l")
                where = f"after steps {steps[: n + 1]}"
                try:
                    await settle(pilot, held)
                except AssertionError as exc:
                    raise AssertionError(f"{exc} {where}") from None
                rows = ids(app)
                expected = model.expected(rows)
                current = table.current
                assert (current.id if current else None) == expected, where
                if not continue_line:
                    model.line = None  # anything but a move: the cursor on the posting's own line
                if model.line is not None and current is not None and current.id == model.anchor:
                    assert table.cursor == model.line, where
                elif current is not None:
                    assert rows[table.cursor] == current.id and rows.index(current.id) == table.cursor, where
                if current is not None:
                    assert detail.posting is not None and detail.posting.id == current.id, where
                if table.cursor == 0:
                    assert table.scroll_offset.y == 0, where
                assert set(app.session.favorites) == model.favorites, where
                if "searching the text" not in str(app.query_one(StatusBar).text):
                    model.anchor = expected  # the answer is whole: the posting shown is where the user is
        finally:
            gate.release()


def fails(root: Path, state: Path, steps: list[str], threaded: bool) -> AssertionError | None:
    gate = Gate()
    facts = FactsGate()
    BodyIndex.numbers = gate.held  # type: ignore[method-assign,assignment]
    Loader.facts_read = facts.hold  # type: ignore[method-assign,assignment]
    try:
        state.unlink(missing_ok=True)
        for made in state.parent.glob(state.with_suffix("").name + ".sqlite*"):
            made.unlink()
        asyncio.run(run(root, state, steps, gate, facts, threaded))
    except AssertionError as exc:
        return exc
    finally:
        BodyIndex.numbers = gate.numbers  # type: ignore[method-assign]
        Loader.facts_read = facts.facts_read  # type: ignore[method-assign]
    return None


def shortest(root: Path, state: Path, steps: list[str], error: AssertionError, threaded: bool) -> AssertionError:
    """The failure again with as few steps as still fail (a step left out at a time)."""
    at = 0
    while at < len(steps) and len(steps) > 1:
        fewer = steps[:at] + steps[at + 1 :]
        again = fails(root, state, fewer, threaded)
        if again is not None:
            steps, error = fewer, again
        else:
            at += 1
    return error


@pytest.mark.parametrize("first", range(0, SEQUENCES, 10))
def test_the_cursor_stays_on_the_users_posting(tmp_path: Path, first: int):
    """Ten random sequences a test (seeded: the same each run), each shortened
    to the steps that still fail when one does; the last ten filtered in a
    worker thread, as a board of over 20,000 postings is."""
    root = tmp_path / "board"
    build(root)
    state = tmp_path / "state.json"
    threaded = first + 10 >= SEQUENCES
    for seed in range(first, first + 10):
        error = fails(root, state, sequence(seed), threaded)
        if error is not None:
            raise shortest(root, state, sequence(seed), error, threaded)


# -- the reproductions, one by one --------------------------------------------


async def searched(pilot, query: str) -> None:
    """``query`` typed in the search box and kept, the text's hits joined."""
    await pilot.press("slash", "ctrl+u", *query, "enter")
    await settle(pilot, held=False)


async def test_f_after_a_text_search_marks_the_posting_and_stays_on_it(tmp_path: Path):
    build(tmp_path)
    app = JobBoard(tmp_path, cache_dir=None)
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(pilot)
        table, detail = app.query_one(PostingTable), app.query_one(PostingDetail)
        await searched(pilot, "'remote")
        await pilot.press("G")  # the last row: found through its text only
        await settle(pilot, held=False)
        chosen = table.current
        assert chosen is not None and table.cursor > 0
        await pilot.press("f")
        await settle(pilot, held=False)
        assert table.current == chosen and detail.posting == chosen
        assert set(app.session.favorites) == {chosen.id}
        await pilot.press("f")  # unmarks the same one
        await settle(pilot, held=False)
        assert table.current == chosen and not app.session.favorites


async def test_sort_after_a_text_search_stays_on_the_posting(tmp_path: Path):
    build(tmp_path)
    app = JobBoard(tmp_path, cache_dir=None)
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(pilot)
        table = app.query_one(PostingTable)
        await searched(pilot, "data")
        await pilot.press("G", "k")
        await settle(pilot, held=False)
        chosen = table.current
        for _ in range(5):  # every sort order
            await pilot.press("s")
            await settle(pilot, held=False)
            assert table.current == chosen


async def test_the_texts_hits_arriving_late_leave_the_cursor_where_the_user_put_it(tmp_path: Path):
    build(tmp_path)
    gate = Gate()
    BodyIndex.numbers = gate.held  # type: ignore[method-assign,assignment]
    try:
        app = JobBoard(tmp_path, cache_dir=None)
        async with app.run_test(size=(120, 36)) as pilot:
            await ready(pilot)
            table = app.query_one(PostingTable)
            gate.hold()
            await pilot.press("slash", *"data", "enter", "j")  # on the short fields' answer
            await settle(pilot, held=True)
            chosen = table.current
            await pilot.press("s")  # answered whole: the list stays until the text's hits are in
            await settle(pilot, held=True)
            assert table.current == chosen
            gate.release()
            await settle(pilot, held=False)
            assert table.current == chosen and app.query_one(PostingDetail).posting == chosen
    finally:
        gate.release()
        BodyIndex.numbers = gate.numbers  # type: ignore[method-assign]


def test_typing_the_moment_the_board_shows(tmp_path: Path):
    """Keys typed before the app has drawn anything (in the terminal's
    buffer at start): the query is applied, the search box keeps the focus
    until Enter, and y copies the best match's link."""
    import base64
    import re

    from conftest import run_in_pty

    build(tmp_path / "board")
    # One burst, before the first frame: typed ahead, Enter reaches the app
    # as a newline (the terminal's line discipline turns CR into LF until
    # the app takes the terminal), and j acts on the list the query gave.
    out = run_in_pty(
        [str(tmp_path / "board")],
        [(b"", b"/'remote\rjy"), (b"]52;c;", b"q")],
        size=(36, 120),
    )
    copied = re.findall(rb"\x1b\]52;c;([A-Za-z0-9+/=]+)", out)
    assert copied, out[-2000:]
    assert b"'remotej" not in out  # Enter left the search box: j and y were keys, not text
    # 'remote: the title that says it first, then the text's hits, newest
    # first: j goes to the first of those (keys typed ahead wait for them)
    assert base64.b64decode(copied[-1]) == b"https://example.org/j"
