"""Filters of what the postings say: ``salary:>70k``, ``salary:60k..90k``,
``deadline:>2020-11-01``, ``deadline:<14d``, ``posted:<30d``,
``location:dc``, ``open:2020-10-01`` (and ``is:open``, ``is:remote``,
``is:temporary``, declared with the others in tui.filters).

Each reads the board's facts as arrays (:class:`FactTable`, made once a
filter of them is asked for), so a keystroke costs a comparison of arrays.
A posting that does not give a fact is never let through by a filter of it
(a blank is never guessed), except ``is:open``, which lets through every
posting whose deadline has not passed, those without one too.

Nothing here imports Textual.
"""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Callable, Sequence
from typing import Any

from tui.fields import annual, index_of

__all__ = ["FACT_FIELDS", "FactTable", "parse_fact"]

#: The query's fields that name a filter of the postings' facts.
FACT_FIELDS = ("salary", "deadline", "posted", "location", "open")


class FactTable:
    """A board's facts as arrays, a row per posting (the first ``present``
    are on the board; the rest, marks whose file is gone, give none)."""

    def __init__(self, postings: Sequence[Any], present: int) -> None:
        import numpy as np

        n = len(postings)
        self.low = np.full(n, np.nan)  # the salary's ends, a year's pay
        self.high = np.full(n, np.nan)
        deadline = np.full(n, "", dtype=object)
        posted = np.full(n, "", dtype=object)
        self.mode = np.full(n, "", dtype=object)
        self.temporary = np.zeros(n, bool)
        locations: list[str] = [""] * n
        at_salary, at_deadline, at_mode = index_of("salary"), index_of("deadline"), index_of("remote")
        at_temporary, at_location = index_of("temporary"), index_of("location")
        for row, posting in enumerate(postings[:present]):
            posted[row] = posting.date or ""
            more = posting.more
            if not more:
                continue
            low, high = annual(more[at_salary])
            if low is not None or high is not None:
                self.low[row] = low if low is not None else high
                self.high[row] = high if high is not None else low
            deadline[row] = more[at_deadline]
            self.mode[row] = more[at_mode]
            self.temporary[row] = more[at_temporary]
            locations[row] = more[at_location]
        self.deadline = _days(deadline)
        self.posted = _days(posted)
        self.locations = locations
        self._folded: dict[str, str] = {}

    def open_on(self, day: _dt.date) -> Any:
        """The postings whose deadline has not passed on ``day`` (those without one too)."""
        import numpy as np

        return np.isnat(self.deadline) | (self.deadline >= np.datetime64(day, "D"))

    def in_place(self, words: str) -> Any:
        """The postings whose location holds ``words`` as the start of words (``dc``, ``new york``),
        accents and case folded."""
        import numpy as np

        wanted = re.compile(r"(?<!\w)" + re.escape(fold(words)))
        hit: dict[str, bool] = {}
        for location in dict.fromkeys(self.locations):
            folded = self._folded.get(location)
            if folded is None:
                folded = self._folded[location] = fold(location)
            hit[location] = bool(location) and wanted.search(folded) is not None
        return np.fromiter((hit[location] for location in self.locations), bool, len(self.locations))


def fold(text: str) -> str:
    """``text`` without case or accents ("Montréal" -> "montreal")."""
    import unicodedata

    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c)).casefold()


def _days(isos: Any) -> Any:
    import numpy as np

    out = np.full(len(isos), np.datetime64("NaT"), dtype="datetime64[D]")
    given = isos != ""
    if given.any():
        out[given] = np.array(isos[given].tolist(), dtype="datetime64[D]")
    return out


_AMOUNT = re.compile(r"\$?(\d+(?:[.,]\d+)*)\s*([km]?)", re.IGNORECASE)
_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_AGE = re.compile(r"(\d{1,5})\s*([dwmy])", re.IGNORECASE)
_DAYS_OF = {"d": 1, "w": 7, "m": 30, "y": 365}


def _amount(text: str) -> float | None:
    """``70k``, ``$70,000``, ``1.5m``, ``70000`` as dollars."""
    match = _AMOUNT.fullmatch(text.strip())
    if match is None:
        return None
    digits, scale = match.groups()
    try:
        amount = float(digits.replace(",", ""))
    except ValueError:
        return None
    return amount * {"": 1, "k": 1_000, "m": 1_000_000}[scale.lower()]


def _day(text: str, today: _dt.date, ago: bool) -> _dt.date | None:
    """``2020-11-01``, or ``30d``/``2w``/``3m`` before today (``ago``) or after it."""
    text = text.strip()
    match = _DATE.fullmatch(text)
    if match is not None:
        try:
            return _dt.date(*map(int, match.groups()))
        except ValueError:
            return None
    match = _AGE.fullmatch(text)
    if match is None:
        return None
    days = int(match.group(1)) * _DAYS_OF[match.group(2).lower()]
    return today - _dt.timedelta(days=days) if ago else today + _dt.timedelta(days=days)


Rows = Callable[[FactTable, Any], Any]


def _bounds(value: str) -> tuple[str, str, str] | None:
    """(op, a, b) of ``>a``, ``>=a``, ``<a``, ``<=a``, ``a..b``, ``a``."""
    for op in (">=", "<=", ">", "<"):
        if value.startswith(op):
            return op[0], value[len(op) :], ""
    if ".." in value:
        a, _, b = value.partition("..")
        return "..", a, b
    return "=", value, ""


def parse_fact(name: str, value: str) -> tuple[str, str, Rows] | str:
    """(word, label, rows) of a fact filter, or what is wrong with it."""
    import numpy as np

    value = value.strip()
    if name == "location":
        words = " ".join(value.split())
        if not words:
            return "location: names a place: location:dc, location:'new york'"
        return f"location:{words}", f"in {words}", lambda table, hunt: table.in_place(words)
    if name == "open":
        day = _day(value, _dt.date.today(), ago=False)
        if day is None:
            return f"no open:{value}: try open:2020-10-01 (the postings still open that day)"
        return f"open:{day.isoformat()}", f"open on {day.isoformat()}", lambda table, hunt: table.open_on(day)
    bounds = _bounds(value)
    assert bounds is not None
    op, a, b = bounds
    if name == "salary":
        low, high = _amount(a), _amount(b) if op == ".." else None
        if low is None or (op == ".." and high is None):
            return f"no salary:{value}: try salary:>70k, salary:<50k or salary:60k..90k (a year's pay)"
        said = f"${low:,.0f}–${high:,.0f}" if high is not None else f"≤ ${low:,.0f}" if op == "<" else f"≥ ${low:,.0f}"

        def salary_rows(table: FactTable, hunt: Any) -> Any:
            with np.errstate(invalid="ignore"):
                if op in (">", "="):
                    return table.high >= low
                if op == "<":
                    return table.low <= low
                return (table.high >= low) & (table.low <= high)

        return f"salary:{value.replace(' ', '')}", f"salary {said}", salary_rows
    ago = name == "posted"
    today = _dt.date.today()
    first = _day(a, today, ago)
    second = _day(b, today, ago) if op == ".." else None
    if first is None or (op == ".." and second is None):
        example = "posted:>2020-06-01 or posted:<30d" if ago else "deadline:>2020-11-01 or deadline:<14d"
        return f"no {name}:{value}: try {example}"
    relative = _AGE.fullmatch(a.strip()) is not None
    if ago and relative and op in "<>":
        op = {"<": ">", ">": "<"}[op]  # posted:<30d: less than 30 days ago, after the day 30 days back
    if second is not None and second < first:
        first, second = second, first
    start = np.datetime64(first, "D")
    end = np.datetime64(second, "D") if second is not None else start
    # deadline:<14d: from today on, before the day 14 days ahead
    since = np.datetime64(today, "D") if relative and not ago and op == "<" else None

    def date_rows(table: FactTable, hunt: Any) -> Any:
        dates = table.posted if ago else table.deadline
        given = ~np.isnat(dates)
        if since is not None:
            given &= dates >= since
        if op == ">":
            return given & (dates > start)
        if op == "<":
            return given & (dates < start)
        if op == "=":
            return given & (dates == start)
        return given & (dates >= start) & (dates <= end)

    return f"{name}:{value.replace(' ', '')}", f"{name} {value}", date_rows
