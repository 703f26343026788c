"""The marks, the list and the cursor agree with what the user did.

A model-based test: random key sequences (moving, f, a, x, u, a query typed,
Esc) drive the real app; after every step the statuses in the hunt store,
the postings listed and the posting under the cursor are checked against a
plain model:

- f saves the posting under the cursor or unsaves it (a posting further on
  is left as it is); a marks it applied (one applied already is left);
  x marks it not interested: it leaves the list and the cursor goes to the
  next row (the one above from the last row);
- the list is every posting not hidden whose title holds the query's word,
  newest first when there is no query (with one, the order is the search's
  business: the model takes it from the app);
- a query typed (even the one there) puts the cursor on the best match (the first row); Esc
  clears it, the cursor staying on its posting; moving puts it where the
  user says; anything else leaves it on its posting while that is listed,
  else it is on the first row;
- u takes back the last mark (the cursor back on its posting) or query
  change (the cursor back where it was before it).
"""

from __future__ import annotations

import asyncio
import os
import random
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from conftest import write
from test_app import ready
from test_cursor_model import settle

from tui.app import JobBoard
from tui.marks import HIDDEN, Status
from tui.widgets.posting_table import PostingTable

#: (file, title), newest first; no two of one organization. The query words
#: are in titles only (the bodies and file names hold none of them).
POSTINGS = [
    ("2024-01-08-p8.md", "Alpha Org: Data Analyst"),
    ("2024-01-07-p7.md", "Beta Org: Field Organizer"),
    ("2024-01-06-p6.md", "Gamma Org: Data Engineer"),
    ("2024-01-05-p5.md", "Delta Org: Analyst"),
    ("2024-01-04-p4.md", "Epsilon Org: Digital Director"),
    ("2024-01-03-p3.md", "Zeta Org: Data Director"),
    ("2024-01-02-p2.md", "Eta Org: Campaign Manager"),
]
WORDS = ["data", "analyst", "director", "zzz"]
KINDS = [
    ["j", "k", "g", "G"],
    ["f", "a", "x"],
    ["u", "escape", *(f"type:{w}" for w in WORDS)],
]
#: Sequences tried, and steps in each (ten on stock Textual, the suite's second run, to keep CI short).
SEQUENCES, LENGTH = (20 if os.environ.get("JOBBOARD_FAST", "1") != "0" else 10), 10


def sequence(seed: int) -> list[str]:
    rng = random.Random(seed)
    return [rng.choice(rng.choice(KINDS)) for _ in range(LENGTH)]


def build(root: Path) -> None:
    for name, title in POSTINGS:
        write(root, name, f'---\ntitle: "{title}"\n---\n\nLorem ipsum.\n')


@dataclass(frozen=True)
class MarkUndo:
    posting: str
    before: Status | None


@dataclass(frozen=True)
class QueryUndo:
    text: str
    cursor: str | None


@dataclass
class Model:
    statuses: dict[str, Status] = field(default_factory=dict)
    query: str = ""
    anchor: str | None = None  # the posting the user is on (None: the first row)
    undo: list[MarkUndo | QueryUndo] = field(default_factory=list)

    def listed(self) -> list[str]:
        word = self.query.lstrip("'")
        return [name for name, title in POSTINGS if self.statuses.get(name) is not HIDDEN and word in title.lower()]

    def expected(self, rows: list[str]) -> str | None:
        if self.anchor in rows:
            return self.anchor
        return rows[0] if rows else None

    def mark(self, posting: str, status: Status | None) -> None:
        self.undo.append(MarkUndo(posting, self.statuses.get(posting)))
        self._put(posting, status)

    def _put(self, posting: str, status: Status | None) -> None:
        if status is None:
            self.statuses.pop(posting, None)
        else:
            self.statuses[posting] = status


def ids(app: JobBoard) -> list[str]:
    table = app.query_one(PostingTable)
    return [table.postings[i].id for i in table.rows.tolist()]


async def run(root: Path, marks: Path, steps: list[str]) -> None:
    app = JobBoard(root, cache_dir=None, marks_path=marks)
    model = Model()
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(pilot)
        table = app.query_one(PostingTable)
        for n, step in enumerate(steps):
            before = ids(app)
            at = model.expected(before)
            if step in ("j", "k", "g", "G"):
                await pilot.press(step)
                if before:
                    i = before.index(at) if at in before else 0
                    i = {"j": min(i + 1, len(before) - 1), "k": max(i - 1, 0), "g": 0, "G": len(before) - 1}[step]
                    model.anchor = before[i]
            elif step == "f":
                await pilot.press("f")
                if at is not None and model.statuses.get(at) in (None, Status.SAVED):
                    model.mark(at, None if model.statuses.get(at) is Status.SAVED else Status.SAVED)
            elif step == "a":
                await pilot.press("a")
                if at is not None and model.statuses.get(at) is not Status.APPLIED:
                    model.mark(at, Status.APPLIED)
            elif step == "x":
                await pilot.press("x")
                if at is not None:
                    model.mark(at, HIDDEN)
                    i = before.index(at)
                    if len(before) > 1:
                        model.anchor = before[i + 1] if i + 1 < len(before) else before[i - 1]
            elif step == "u":
                await pilot.press("u")
                if model.undo:
                    undone = model.undo.pop()
                    if isinstance(undone, MarkUndo):
                        model._put(undone.posting, undone.before)
                        model.anchor = undone.posting
                    else:
                        model.query = undone.text
                        model.anchor = undone.cursor
            elif step == "escape":
                await pilot.press("escape")
                if model.query:
                    model.undo.append(QueryUndo(model.query, at))
                    model.query = ""
            elif step.startswith("type:"):
                word = "'" + step[5:]  # typed again in place of itself: a query typed all the same
                model.undo.append(QueryUndo(model.query, at))
                model.query = word
                model.anchor = None
                await pilot.press("slash", "ctrl+u", *word, "enter")
            where = f"after steps {steps[: n + 1]}"
            try:
                await settle(pilot, held=False)
            except AssertionError as exc:
                raise AssertionError(f"{exc} {where}") from None
            assert app.session.marks is not None
            assert app.session.marks.statuses() == model.statuses, where
            assert app.session.hunt.statuses == model.statuses, where
            rows = ids(app)
            if model.query:
                assert sorted(rows) == sorted(model.listed()), where
            else:
                assert rows == model.listed(), where
            current = table.current
            assert (current.id if current else None) == model.expected(rows), where
            model.anchor = model.expected(rows)


def fails(root: Path, marks: Path, steps: list[str]) -> AssertionError | None:
    for made in marks.parent.glob(marks.name + "*"):
        made.unlink()
    try:
        asyncio.run(run(root, marks, steps))
    except AssertionError as exc:
        return exc
    return None


def shortest(root: Path, marks: Path, steps: list[str], error: AssertionError) -> AssertionError:
    """The failure again with as few steps as still fail (a step left out at a time)."""
    at = 0
    while at < len(steps) and len(steps) > 1:
        fewer = steps[:at] + steps[at + 1 :]
        again = fails(root, marks, fewer)
        if again is not None:
            steps, error = fewer, again
        else:
            at += 1
    return error


@pytest.mark.parametrize("first", range(0, SEQUENCES, 10))
def test_marks_list_and_cursor_follow_the_keys(tmp_path: Path, first: int):
    """Ten random sequences a test (seeded: the same each run), each shortened
    to the steps that still fail when one does."""
    root = tmp_path / "board"
    build(root)
    marks = tmp_path / "hunt.sqlite"
    for seed in range(first, first + 10):
        error = fails(root, marks, sequence(seed))
        if error is not None:
            raise shortest(root, marks, sequence(seed), error)
