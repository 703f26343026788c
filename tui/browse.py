"""What the user has chosen (query, tags, favorites, sort) and what it gives:
the rows in order, the tag counts, the totals. One model for the app and for
``jobboard list``, so the two can never disagree.

Filters (a status, new since the last visit, a follow-up due, ...) are
declared in :mod:`tui.filters`; a choice keeps them by their word, and the
query may name them too.

Nothing here imports Textual.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from tui.fields import MORE, SORTED, by_name, given, sort_key, value
from tui.filters import Hunt, Marked, chosen, query_filters
from tui.posting import Posting
from tui.search import Index, Query, Term, parse_query

__all__ = ["SORTS", "Browser", "Choice", "Result", "close_said"]

MORE_NAMES = frozenset(field.name for field in MORE)

#: Sort orders, in the order the sort key steps through them.
SORTS: dict[str, str] = {
    "best": "best match first",
    "newest": "newest first",
    "oldest": "oldest first",
    **{field.name: field.sort for field in SORTED},  # organization A-Z, ...: see tui.fields
}


@dataclass(frozen=True)
class Choice:
    """What the user has chosen."""

    query: Query = field(default_factory=lambda: parse_query(""))
    tags: frozenset[str] = frozenset()
    any_tag: bool = False  # a posting needs any of the tags, not all
    filters: frozenset[str] = frozenset()  # the words of the filters chosen (see tui.filters.FILTERS)
    sort: str = "best"
    copies: bool = False  # every copy of a job posted again, not one row a group (r)

    def but(self, **changes: Any) -> Choice:
        """This choice with ``changes`` made (a query may be given as text)."""
        if isinstance(changes.get("query"), str):
            changes["query"] = parse_query(changes["query"])
        return replace(self, **changes)

    @property
    def favorites_only(self) -> bool:
        return SAVED in self.filters

    @property
    def filtered(self) -> bool:
        """Whether anything but the sort narrows the postings."""
        return not self.query.empty or bool(self.query.marks) or bool(self.tags) or bool(self.filters)

    def next_sort(self, given: Collection[str] = ()) -> Choice:
        """The next sort, skipping those by a field no posting gives (``given``: those some do)."""
        modes = [mode for mode in SORTS if mode == self.sort or mode not in MORE_NAMES or mode in given]
        return self.but(sort=modes[(modes.index(self.sort) + 1) % len(modes)])


@dataclass
class Result:
    rows: Any  # numpy array: row numbers into the postings, in the order shown
    counts: dict[str, int]  # how many of the rows carry each tag
    total: int  # how many present postings the query matches, whatever the tags (the "All postings" count)
    in_text: frozenset[int] = frozenset()  # rows found through their text (see Index.in_text)
    #: Terms found nowhere as written (a typo): the rows have their close
    #: matches, letters in order or a close spelling (nothing when no row is listed).
    close: tuple[Term, ...] = ()

    @property
    def close_only(self) -> bool:
        """Whether some term's matches are close ones only."""
        return bool(self.close)


#: The filter favorites were.
SAVED = "status:saved"


class Browser:
    """The board's postings (the present ones first, then any ``missing``:
    marked postings whose file is gone) and their index, turned into results."""

    def __init__(self, postings: Sequence[Posting], index: Index, missing: int = 0) -> None:
        self.postings = postings
        self.index = index
        self.missing = missing
        self._marked: Marked | None = None
        self._given: frozenset[str] | None = None
        self._fact_tables: dict[str, Any] = {}  # the postings' facts as arrays, once asked for
        self.groups: Any = None  # the reposts found (tui.reposts.Groups), once they are
        self.prefer: str | None = None  # the posting a group's row shows when it is listed: the user's

    def with_postings(self, postings: Sequence[Posting]) -> Browser:
        """The same board, its postings' other fields read since (the text's
        facts): the same postings, in the same order."""
        browser = Browser(postings, self.index, self.missing)
        if self.groups is not None:
            browser.set_groups(self.groups)
        browser.prefer = self.prefer
        return browser

    @property
    def given(self) -> frozenset[str]:
        """The fields kept beside the Posting's own that some posting gives (see tui.fields)."""
        if self._given is None:
            self._given = given(self.postings)
        return self._given

    def marked(self, hunt: Hunt) -> Marked:
        """The postings seen through ``hunt`` (kept while the hunt is the same)."""
        if self._marked is None or self._marked.hunt is not hunt:
            self._marked = Marked(self.postings, hunt, len(self.postings) - self.missing, self._fact_tables)
        return self._marked

    def mask(self, choice: Choice, hunt: Hunt) -> tuple[Any, Any]:
        """(the rows the tags and filters allow, every present posting not
        hidden by ``hunt``)."""
        import numpy as np

        n = len(self.postings)
        present = np.ones(n, bool)
        present[n - self.missing :] = False
        wanted, negated = query_filters(choice.query.marks)
        filters = [*chosen(sorted(choice.filters)), *wanted]
        marked = self.marked(hunt)
        hidden = marked.hidden() if (hunt.blocked or hunt.statuses) else None
        shows_hidden = any(f.shows_hidden for f in filters)
        if hidden is not None and hidden.any() and not shows_hidden:
            present = present & ~hidden
        if not (filters or negated or choice.tags):
            return present, present
        mask, _ = marked.masks(filters, negated)
        if hidden is not None and not shows_hidden:
            mask &= ~hidden
        if choice.tags:
            mask &= self.index.tag_mask(choice.tags, any_of=choice.any_tag)
        return mask, present

    def result(self, choice: Choice, masks: tuple[Any, Any], text: bool = True) -> Result:
        """The rows ``choice`` gives, in its order, within ``masks`` (from
        :meth:`mask`, taken on the UI thread when the search runs in another);
        ``text`` false: the short fields only (a first answer, the text's hits to follow)."""
        mask, present = masks
        rows, close = self.index.find(choice.query, mask, text)
        total = len(rows) if mask is present else len(self.index.search(choice.query, present, text))
        rows = self.sorted(rows, choice)
        if self.groups is not None and self.groups.members and not choice.copies:
            rows = self.collapsed(rows)
        in_text: frozenset[int] = frozenset()
        if text and not choice.query.empty:
            in_text = frozenset(rows[self.index.in_text(choice.query, rows)].tolist())
        return Result(rows, self.index.tag_counts(rows), total, in_text, close if len(rows) else ())

    def set_groups(self, groups: Any) -> None:
        """The reposts found among the board's postings (tui.reposts.Groups)."""
        import numpy as np

        of = np.full(len(self.postings), -1, np.intp)
        of[: len(groups.of)] = groups.of
        self._group_of = of
        self._grouped = {self.postings[i].id: i for members in groups.members.values() for i in members}
        self.groups = groups

    def copies_of(self, posting_id: str) -> list[Any]:
        """The other postings of the posting's group of copies, newest first ([] if none)."""
        number = self._grouped.get(posting_id) if self.groups is not None else None
        if number is None:
            return []
        return [self.postings[i] for i in self.groups.copies(number) if i != number]

    def collapsed(self, rows: Any) -> Any:
        """``rows`` with one row a group of copies, where its first copy is:
        the posting the user is on if it is one of them, else the newest."""
        import numpy as np

        group = self._group_of[rows]
        grouped = np.flatnonzero(group >= 0)
        if not len(grouped):
            return rows
        rows = rows.copy()
        keep = np.ones(len(rows), bool)
        first: dict[int, int] = {}
        prefer = self._grouped.get(self.prefer, -1) if self.prefer is not None else -1
        for at, number in zip(grouped.tolist(), group[grouped].tolist(), strict=True):
            seen = first.setdefault(number, at)
            if seen == at:
                continue
            keep[at] = False
            if rows[at] == prefer or (rows[seen] != prefer and rows[at] < rows[seen]):
                rows[seen] = rows[at]  # the board's order is newest first
        return rows[keep]

    def sorted(self, rows: Any, choice: Choice) -> Any:
        """``rows`` (best match first) in the order ``choice`` sorts by; the
        board's own order is newest first."""
        import numpy as np

        mode = choice.sort
        if mode == "best" and not choice.query.empty:
            return rows
        if mode in ("best", "newest"):
            return np.sort(rows)
        postings = self.postings
        if mode == "oldest":
            ordered = np.sort(rows)
            dated = np.fromiter((postings[i].date is not None for i in ordered.tolist()), bool, len(ordered))
            return np.concatenate([ordered[dated][::-1], ordered[~dated]])
        if mode not in SORTS:
            raise ValueError(f"unknown sort {mode!r}: one of {', '.join(SORTS)}")
        if not len(rows):
            return rows
        # By the field as it sorts (text A-Z without case, the highest salary
        # first, the soonest date first); the postings without it last, newest first.
        field = by_name(mode)
        assert field is not None
        rows = np.sort(rows)
        keys = [sort_key(field, value(postings[i], mode)) for i in rows.tolist()]
        given = np.fromiter((key is not None for key in keys), bool, len(keys))
        sortable = np.array([key for key in keys if key is not None], dtype=object)
        return np.concatenate([rows[given][np.argsort(sortable, kind="stable")], rows[~given]])


def close_said(query: Query, close: Sequence[Term]) -> str | None:
    """What the status line says of a result's close matches (``close``, see
    :attr:`Result.close`): "close matches only" when every term of ``query``
    has them, else "close matches for remtoe"; None when there are none."""
    if not close:
        return None
    if set(query.positive) <= set(close):
        return "close matches only"
    return "close matches for " + " ".join(map(str, close))


def rarest_first(tags: Sequence[str], totals: Mapping[str, int]) -> tuple[str, ...]:
    """A posting's tags as every view shows them: the rarest on the board
    first (they tell postings apart: ``data`` is on most of them), then by name."""
    return tuple(sorted(tags, key=lambda tag: (totals.get(tag, 0), tag)))
