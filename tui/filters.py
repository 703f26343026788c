"""Filters: what narrows the list besides the query's words and the tags,
declared once. The sidebar's entries, the query's ``is:``/``status:``/``has:``/
``note:`` words, the browsing model, undo and the command line all take
them by their word (``status:applied``), so a new one is one entry in
:data:`FILTERS`.

A filter reads the user's marks as a :class:`Hunt` (a snapshot the session
makes again after every mark). Filters of one group (the statuses) let a
posting through when any of them does; filters of different groups, when
all do. Hidden postings (not interested, or of a blocked organization) are
left out unless a filter that shows them is chosen.

Nothing here imports Textual.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from tui.fact_filters import FACT_FIELDS, FactTable, parse_fact
from tui.fields import MODES
from tui.marks import HIDDEN, STATUSES, Status, org_key

__all__ = ["FILTERS", "Filter", "Hunt", "Marked", "filter_for", "query_filters"]


@dataclass(frozen=True)
class Hunt:
    """What the user has done about a board's postings, as the filters and
    the list read it (a snapshot: made again after every mark)."""

    statuses: Mapping[str, Status] = field(default_factory=dict)
    new: frozenset[str] = frozenset()
    follow_ups: Mapping[str, _dt.date] = field(default_factory=dict)
    notes: Mapping[str, str] = field(default_factory=dict)
    blocked: frozenset[str] = frozenset()  # org_key()s of the organizations hidden
    today: _dt.date = field(default_factory=_dt.date.today)

    def due(self) -> dict[str, _dt.date]:
        """The postings whose follow-up day has come."""
        return {i: day for i, day in self.follow_ups.items() if day <= self.today}

    def is_due(self, posting_id: str) -> bool:
        day = self.follow_ups.get(posting_id)
        return day is not None and day <= self.today

    def count(self, status: Status) -> int:
        return sum(1 for s in self.statuses.values() if s is status)

    @property
    def favorites(self) -> dict[str, str]:
        """The postings saved (what favorites were)."""
        return {i: s.value for i, s in self.statuses.items() if s is Status.SAVED}


@dataclass(frozen=True)
class Filter:
    """One filter. ``word`` is how the query and the command line name it and
    how a choice keeps it; ``ids`` the postings it lets through."""

    word: str
    label: str  # as the sidebar says it
    group: str  # see the module's doc
    mark: str  # one cell: the sidebar's entry and, for a status, the list's row
    ids: Callable[[Hunt], Collection[str]]
    shows_hidden: bool = False
    #: Whether marked postings no longer on the board are listed under it.
    lists_missing: bool = True
    #: The orgs' postings it lets through too (by org_key): the blocklist's.
    orgs: Callable[[Hunt], Collection[str]] | None = None
    #: A filter of what the postings say (tui.facts): the rows it lets
    #: through, from the board's facts (see :class:`FactTable`). Not counted.
    rows: Callable[[FactTable, Hunt], Any] | None = None


def _status_ids(status: Status) -> Callable[[Hunt], Collection[str]]:
    return lambda hunt: {i for i, s in hunt.statuses.items() if s is status}


#: Each status's mark (one cell) in the list and the sidebar.
STATUS_MARKS: dict[Status, str] = {
    Status.SAVED: "★",
    Status.APPLIED: "✓",
    Status.INTERVIEWING: "◆",
    Status.OFFER: "$",
    Status.REJECTED: "✗",
    Status.WITHDRAWN: "–",
    Status.NOT_INTERESTED: "⊘",
}


def _declare() -> dict[str, Filter]:
    out: dict[str, Filter] = {}
    for status in STATUSES:
        word = f"status:{status.value}"
        mark = STATUS_MARKS[status]
        out[word] = Filter(word, status.label, "status", mark, _status_ids(status), shows_hidden=status is HIDDEN)
    for made in (
        Filter("is:new", "New", "new", "•", lambda hunt: hunt.new, lists_missing=False),
        Filter("is:due", "Follow up due", "due", "!", lambda hunt: hunt.due()),
        Filter("has:note", "With a note", "note", "✎", lambda hunt: hunt.notes),
        Filter(
            "is:hidden",
            "Hidden",
            "hidden",
            "⊘",
            _status_ids(HIDDEN),
            shows_hidden=True,
            orgs=lambda hunt: hunt.blocked,
        ),
    ):
        out[made.word] = made
    for mode in MODES:
        out[f"is:{mode}"] = Filter(f"is:{mode}", mode.capitalize(), "mode", "⌂", _none, rows=_mode_rows(mode))
    out["is:temporary"] = Filter("is:temporary", "Temporary", "temporary", "⧗", _none, rows=lambda t, h: t.temporary)
    out["is:open"] = Filter("is:open", "Open", "open", "○", _none, rows=lambda table, hunt: table.open_on(hunt.today))
    return out


def _mode_rows(mode: str) -> Callable[[FactTable, Hunt], Any]:
    return lambda table, hunt: table.mode == mode


def _none(hunt: Hunt) -> Collection[str]:
    return ()


#: Every filter, by its word, in the order the sidebar lists them.
FILTERS: dict[str, Filter] = _declare()


def note_filter(word: str) -> Filter:
    """``note:word``: the postings whose note holds ``word`` (any case)."""
    wanted = word.casefold()
    return Filter(
        f"note:{word}",
        f"note: {word}",
        f"note:{wanted}",
        "✎",
        lambda hunt: {i for i, note in hunt.notes.items() if wanted in note.casefold()},
    )


def fact_filter(name: str, value: str) -> Filter | str:
    """``salary:>70k``, ``location:dc``...: see tui.fact_filters."""
    made = parse_fact(name, value)
    if isinstance(made, str):
        return made
    word, label, rows = made
    return Filter(word, label, name, "$" if name == "salary" else "○", _none, rows=rows)


def filter_for(field_name: str, value: str) -> Filter | str:
    """The filter a query word names (``is:new``, ``status:applied``,
    ``is:applied``, ``has:note``, ``note:recruiter``, ``salary:>70k``,
    ``deadline:<2020-11-01``, ``posted:<30d``, ``location:dc``,
    ``open:2020-10-01``), or what is wrong with it."""
    name, value = field_name.lower(), value.strip()
    if name == "note":
        return note_filter(value)
    if name in FACT_FIELDS:
        return fact_filter(name, value)
    word = value.lower().replace("_", "-").replace(" ", "-")
    if name == "status" or (name == "is" and f"status:{word}" in FILTERS):
        try:
            return FILTERS[f"status:{Status.parse(value).value}"]
        except ValueError:
            return f"no status '{value}': try " + " ".join(f"status:{s.value}" for s in STATUSES)
    if name == "is" and word in ("favorite", "favorites", "starred"):
        return FILTERS["status:saved"]
    if f"{name}:{word}" in FILTERS:
        return FILTERS[f"{name}:{word}"]
    known = [w for w in FILTERS if w.startswith(f"{name}:")]
    if name == "is":
        known = [w for w in known if not w.startswith("status:")]
    return f"no {name}:{value}: try " + " ".join(known)


def chosen(words: Iterable[str]) -> list[Filter]:
    """The filters of ``words`` (those not known left out)."""
    return [FILTERS[w] for w in words if w in FILTERS]


def query_filters(marks: Iterable[tuple[str, str, bool]]) -> tuple[list[Filter], list[Filter]]:
    """The filters a query's words name (see ``Query.marks``): (those asked
    for, those negated)."""
    wanted: list[Filter] = []
    negated: list[Filter] = []
    for name, value, negate in marks:
        if not value:
            continue
        made = filter_for(name, value)
        if isinstance(made, Filter):
            (negated if negate else wanted).append(made)
    return wanted, negated


class Marked:
    """A board's postings seen through a :class:`Hunt`: the masks its filters give."""

    def __init__(
        self, postings: Sequence[Any], hunt: Hunt, present: int, fact_tables: dict[str, Any] | None = None
    ) -> None:
        self.postings = postings
        self.fact_tables = fact_tables if fact_tables is not None else {}  # kept by the browser, board to board
        self.hunt = hunt
        self.present = present  # the first ``present`` postings are on the board; the rest are marks gone
        self._rows: dict[str, int] | None = None
        self._hidden: Any = None
        self._counts: dict[str, int] | None = None

    @property
    def row_of(self) -> dict[str, int]:
        if self._rows is None:
            self._rows = {p.id: n for n, p in enumerate(self.postings)}
        return self._rows

    def rows(self, ids: Iterable[str]) -> Any:
        import numpy as np

        row_of = self.row_of
        return np.fromiter((row_of[i] for i in ids if i in row_of), np.intp)

    def of_orgs(self, keys: Collection[str]) -> Any:
        import numpy as np

        if not keys:
            return np.zeros(len(self.postings), bool)
        return np.fromiter((org_key(p.org) in keys for p in self.postings), bool, len(self.postings))

    def hidden(self) -> Any:
        """The postings left out unless asked for."""
        if self._hidden is None:
            mask = self.of_orgs(self.hunt.blocked)
            mask[self.rows(i for i, s in self.hunt.statuses.items() if s is HIDDEN)] = True
            self._hidden = mask
        return self._hidden

    def facts(self) -> FactTable:
        """The board's facts as arrays (made once a filter of them is asked for, kept with the board)."""
        table = self.fact_tables.get("table")
        if table is None:
            table = self.fact_tables["table"] = FactTable(self.postings, self.present)
        return table

    def mask(self, made: Filter) -> Any:
        import numpy as np

        if made.rows is not None:
            return made.rows(self.facts(), self.hunt).copy()
        mask = np.zeros(len(self.postings), bool)
        mask[self.rows(made.ids(self.hunt))] = True
        if made.orgs is not None:
            mask |= self.of_orgs(made.orgs(self.hunt))
        if not made.lists_missing:
            mask[self.present :] = False
        return mask

    def counts(self) -> dict[str, int]:
        """How many postings each filter lets through (hidden ones only where
        the filter shows them); made once."""
        if self._counts is not None:
            return self._counts
        hidden = self.hidden()
        out = {}
        for word, made in FILTERS.items():
            if made.rows is not None:
                continue  # of the postings' facts: asked for in the query, never counted at start
            mask = self.mask(made)
            if not made.shows_hidden:
                mask &= ~hidden
            out[word] = int(mask.sum())
        self._counts = out
        return out

    def masks(self, filters: Sequence[Filter], negated: Sequence[Filter] = ()) -> tuple[Any, bool]:
        """(the rows ``filters`` let through, grouped as the module says, and
        none of ``negated``; None when there are none) and whether hidden
        postings are to be shown."""
        import numpy as np

        out = None
        groups: dict[str, Any] = {}
        for made in filters:
            mask = self.mask(made)
            groups[made.group] = groups[made.group] | mask if made.group in groups else mask
        for mask in groups.values():
            out = mask if out is None else out & mask
        for made in negated:
            keep = ~self.mask(made)
            out = keep if out is None else out & keep
        if out is None:
            out = np.ones(len(self.postings), bool)
            out[self.present :] = False
        return out, any(made.shows_hidden for made in filters)
