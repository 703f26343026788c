"""A posting's fields, described once: the front-matter names that give
each, how it is read, how it shows, whether it sorts, and its name in JSON.

Names are compared without case or separators (``date_posted``,
``datePosted`` and ``date posted`` are one name), and schema.org JobPosting
property names are among them. The first name of a family a posting gives
wins over the later ones; a name the user maps in ``[fields]`` of the config
file wins over all.

Nothing here imports Textual, nor reads a posting (tui.posting does, by the
``kind`` of each field).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from operator import attrgetter, itemgetter
from typing import Any

__all__ = [
    "COLUMNS",
    "CSV_FIELDS",
    "FIELDS",
    "HOUSEKEEPING",
    "MORE",
    "SORTED",
    "Column",
    "Field",
    "Names",
    "as_json",
    "by_name",
    "given",
    "index_of",
    "json_value",
    "names_for",
    "norm",
    "show_lines",
    "value",
]


@dataclass(frozen=True, slots=True)
class Column:
    """A field's own column in the list: shown from ``from_width`` cells,
    once a posting of the board gives the field (its cells come from the role's)."""

    header: str
    cells: int
    from_width: int


@dataclass(frozen=True, slots=True)
class Field:
    name: str  # the Posting attribute (and [fields] key) it fills
    names: tuple[str, ...]  # front-matter names that give it, the preferred first
    kind: str  # how it is read: text, date, list, link, bool
    shown: str  # where it shows
    sort: str  # the list's sort by it, as the sort key and the palette say it ("" if it does not sort)
    json: str  # its name in list --json, show --json and export ("" if it has none of its own)
    label: str = ""  # before its value in show's lines (and the header's, for the deadline)
    kept: bool = True  # the posting keeps it (remote is folded into location)
    column: Column | None = None  # its own column in the list
    csv: str = ""  # its CSV column, when not its JSON name (export writes those it has)


FIELDS: tuple[Field, ...] = (
    Field("title", ("title", "headline"), "text", "the list and the header", "", "title", "title"),
    Field(
        "org",
        (
            "organization",
            "organisation",
            "org",
            "company",
            "company name",
            "employer",
            "hiring organization",
            "hiringOrganization",
            "agency",
        ),
        "text",
        "the list and the header",
        "organization A-Z",
        "org",
        "org",
        csv="organization",
    ),
    Field(
        "role",
        ("role", "position", "job title", "jobTitle", "job"),
        "text",
        "the list and the header",
        "role A-Z",
        "role",
        "role",
    ),
    Field(
        "date",
        (
            "date",
            "date posted",
            "datePosted",
            "posted",
            "posted on",
            "posted at",
            "created",
            "created at",
            "published",
            "published at",
            "publish date",
            "opens",
            "open date",
        ),
        "date",
        "the list and the header",
        "",  # newest and oldest first: the board's own order
        "date",
        "date",
    ),
    Field(
        "tags",
        ("tags", "tag", "categories", "category", "keywords", "skills"),
        "list",
        "the list and the header",
        "",
        "tags",
        "tags",
        csv="-",
    ),
    Field("pinned", ("pin", "pinned", "sticky"), "bool", "the list (first)", "", "pinned", "pinned", csv="-"),
    Field(
        "location",
        ("location", "jobLocation", "job location", "locations", "place", "city", "office"),
        "text",
        "the header and its column",
        "location A-Z",
        "location",
        "location",
        column=Column("Location", 16, 100),
    ),
    Field(
        "employment",
        ("employment type", "employmentType", "job type", "type", "hours", "schedule"),
        "text",
        "the header",
        "",
        "employment_type",
        "type",
    ),
    Field(
        "salary",
        ("salary", "salary range", "baseSalary", "estimatedSalary", "compensation", "pay", "wage"),
        "salary",
        "the header and its column; salary: in the query",
        "salary, highest first",
        "salary",
        "salary",
        column=Column("Salary", 10, 84),
    ),
    Field(
        "deadline",
        (
            "deadline",
            "apply by",
            "closes",
            "closing date",
            "close date",
            "closing",
            "valid through",
            "validThrough",
            "expires",
            "expiry",
            "expiration date",
            "application deadline",
        ),
        "date",
        "the header and its column; deadline: and is:open in the query",
        "deadline, soonest first",
        "deadline",
        "apply by",
        column=Column("Apply by", 10, 110),
    ),
    Field(
        "remote",
        ("remote", "remote ok", "remoteOk", "jobLocationType", "telecommute", "work mode", "workplace type"),
        "mode",
        "the header, the Location column and is:remote",
        "",
        "remote",
        "mode",
    ),
    Field(
        "temporary",
        ("temporary", "fixed term", "term", "contract length", "duration"),
        "flag",
        "the header and is:temporary",
        "",
        "temporary",
        "temporary",
    ),
    Field(
        "jobs",
        (),
        "jobs",
        "the list's rows under the posting (z), the header, show and list --json",
        "",
        "jobs",
        "job",
        csv="-",
    ),
    Field(
        "link",
        (
            "apply url",
            "application url",
            "application link",
            "apply link",
            "apply",
            "how to apply",
            "url",
            "link",
            "job url",
        ),
        "link",
        "the header's Apply: (first of the links)",
        "",
        "",  # with the body's links, under "links"
    ),
)


#: The fields a Posting has by name (read by every keystroke's search and
#: every row drawn); the others it keeps in ``Posting.more``, in MORE's order.
CORE = ("title", "org", "role", "date", "tags", "pinned")
#: The fields kept in ``Posting.more``, in its order.
MORE: tuple[Field, ...] = tuple(f for f in FIELDS if f.kept and f.name not in CORE)
_MORE_AT = {f.name: n for n, f in enumerate(MORE)}
_EMPTY = tuple(False if f.kind == "flag" else "" for f in MORE)
#: The sorts a field gives (after best match, newest and oldest).
SORTED: tuple[Field, ...] = tuple(f for f in FIELDS if f.sort)
#: The fields with a column of their own in the list.
COLUMNS: tuple[tuple[Field, Column], ...] = tuple((f, f.column) for f in FIELDS if f.column is not None)


def given(postings: Sequence[Any]) -> frozenset[str]:
    """The fields kept in ``more`` that at least one of ``postings`` gives."""
    mores = list(filter(None, map(attrgetter("more"), postings)))  # in C: a board of 100,000 in a few ms
    return frozenset(field.name for n, field in enumerate(MORE) if any(map(itemgetter(n), mores)))


def index_of(name: str) -> int:
    """Where the field ``name`` is in ``Posting.more``."""
    return _MORE_AT[name]


def value(posting: Any, name: str) -> Any:
    """The posting's field ``name`` ("" for a field kept in ``more`` it does not give, False for a flag)."""
    at = _MORE_AT.get(name)
    if at is None:
        return getattr(posting, name)
    more = posting.more
    return more[at] if at < len(more) else _EMPTY[at]


# --------------------------------------------------------------------------
# Kinds: how a value of each kind is kept, said and sorted. A salary is kept
# as (min, max, period, text): min/max in the period's unit (None: not
# given), the words it was read from; a date as ISO; a mode as remote, hybrid
# or onsite; a flag as a bool; "" (False for a flag) when not given.

#: A period's times in a year (an hour: 40 a week).
PER_YEAR = {"hour": 2080, "day": 260, "week": 52, "month": 12, "year": 1}
MODES = {"remote": "remote", "hybrid": "hybrid", "onsite": "on-site"}
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_PERIOD_SHORT = {"hour": "/h", "day": "/day", "week": "/wk", "month": "/mo", "year": ""}


def empty_of(field: Field) -> Any:
    return False if field.kind == "flag" else ""


def annual(salary: Any) -> tuple[float | None, float | None]:
    """(min, max) of a kept salary as a year's pay."""
    if not salary:
        return None, None
    low, high, period, _ = salary
    times = PER_YEAR.get(period, 1)
    return (None if low is None else low * times, None if high is None else high * times)


def _number(amount: float | None) -> float | int | None:
    """A whole amount as an int (JSON's 60000, not 60000.0)."""
    return int(amount) if amount is not None and amount == int(amount) else amount


def _money(amount: float) -> str:
    """``$56k``, ``$4.5k``, ``$25``: a figure in a few cells (whole thousands from $10,000)."""
    if amount >= 1000:
        k = amount / 1000
        return f"${k:.0f}k" if k >= 10 or k == int(k) else f"${k:.1f}k"
    return f"${amount:.0f}" if amount == int(amount) else f"${amount:.2f}"


def salary_cell(salary: Any) -> str:
    """``$60k–70k``, ``$25/h``, ``$4.5k/mo``: a kept salary in a few cells."""
    if not salary:
        return ""
    low, high, period, text = salary
    if low is None and high is None:
        return ""
    end = _PERIOD_SHORT.get(period, "")
    if low is None:
        return f"≤{_money(high)}{end}"
    if high is None:
        return f"{_money(low)}+{end}"
    if low == high:
        whole = f"${low:,.0f}" if low == int(low) else f"${low:,.2f}"
        return whole + end if len(whole + end) <= 10 else _money(low) + end
    return f"{_money(low)}–{_money(high)[1:]}{end}"


def short_date(iso: str, today: str) -> str:
    """``iso`` (YYYY-MM-DD) as ls shows a time: "Oct 7" within the year
    before or after ``today``, else "Oct 2020"."""
    try:
        year, month, day = int(iso[:4]), int(iso[5:7]), int(iso[8:10])
        name = MONTHS[month - 1]
    except (ValueError, IndexError):
        return iso
    now_year, now_month = int(today[:4]), int(today[5:7])
    months_ago = (now_year - year) * 12 + now_month - month
    return f"{name} {day}" if -12 < months_ago < 12 else f"{name} {year}"


def long_date(iso: str) -> str:
    """``12 Sep 2017``."""
    try:
        return f"{int(iso[8:10])} {MONTHS[int(iso[5:7]) - 1]} {iso[:4]}"
    except (ValueError, IndexError):
        return iso


def said(field: Field, given: Any) -> str:
    """A value as the header and ``show`` say it ("" if not given)."""
    if not given:
        return ""
    if field.kind == "salary":
        text = given[3]
        per = f" a {given[2]}" if given[2] != "year" and given[2] not in text else ""
        return f"{text}{per}" if text else salary_cell(given)
    if field.kind == "date":
        return long_date(given)
    if field.kind == "mode":
        return MODES.get(given, given)
    if field.kind == "flag":
        return field.label
    if field.kind == "jobs":
        return f"{len(given)} jobs"
    if field.kind == "list":
        return ", ".join(given)
    return str(given)


def cell(field: Field, posting: Any, today: str) -> str:
    """A field's value in its column of the list: a location or else the
    mode (Remote), a salary as ``$60k–70k``, a date as ``Sep 12``."""
    given = value(posting, field.name)
    if field.kind == "salary":
        return salary_cell(given)
    if field.kind == "date":  # its day matters: "Oct 20", else in full
        if not given:
            return ""
        near = short_date(given, today)
        return near if near[-4:] != given[:4] else given
    if field.name == "location" and not given:
        return MODES.get(value(posting, "remote"), "").capitalize()
    return str(given)


def sort_key(field: Field, given: Any) -> Any:
    """A value as its field sorts (ascending; None: not given, sorted last)."""
    if not given:
        return None
    if field.kind == "salary":
        low, high = annual(given)
        best = high if high is not None else low
        return None if best is None else -best  # highest first
    if field.kind in ("text", "link"):
        return str(given).casefold()
    return given


#: Names a site generator reads for itself: not the posting's, never said as unplaced.
HOUSEKEEPING = frozenset(
    (
        "layout",
        "permalink",
        "draft",
        "slug",
        "sitemap",
        "excerptseparator",
        "redirectfrom",
        "redirectto",
        "weight",
        "aliases",
        "@context",
        "@type",
        "description",
    )
)

_SEPARATORS = re.compile(r"[\s_.\-]+")


def norm(name: str) -> str:
    """A name as compared: lower case, no spaces, ``_``, ``-`` or ``.``."""
    return _SEPARATORS.sub("", name.lower())


def by_name(name: str) -> Field | None:
    return next((field for field in FIELDS if field.name == name), None)


#: Names a posting uses kept worked out at most (a board has a few dozen).
_KEPT = 10_000


class Names:
    """Front-matter names to the field each gives, with the user's
    ``[fields]`` mapping (field name -> more names) on top."""

    __slots__ = ("_known", "_table")

    def __init__(self, extra: Mapping[str, Sequence[str]] | None = None) -> None:
        table: dict[str, tuple[str, int]] = {}
        for field in FIELDS:
            for rank, name in enumerate(field.names):
                table.setdefault(norm(name), (field.name, rank))
        for field_name, names in (extra or {}).items():
            for name in names:
                table[norm(name)] = (field_name, -1)  # the user's name first
        self._table = table
        self._known: dict[str, tuple[str, int] | None] = {}

    def of(self, key: str) -> tuple[str, int] | None:
        """(field, rank in its family) of a front-matter name, or None."""
        try:
            return self._known[key]
        except KeyError:
            hit = self._table.get(norm(key))
            if len(self._known) < _KEPT:
                self._known[key] = hit
            return hit

    def field_of(self, key: str) -> str | None:
        hit = self.of(key)
        return hit[0] if hit is not None else None

    def pick(self, meta: Mapping[str, Any]) -> dict[str, tuple[str, Any]]:
        """field -> (the name, its value) of each field ``meta`` gives, the
        best-ranked name of a family; empty values give nothing."""
        out: dict[str, tuple[str, Any]] = {}
        ranks: dict[str, int] = {}
        for key, value in meta.items():
            hit = self.of(key)
            if hit is None or value is None or value == "" or value == []:
                continue
            field, rank = hit
            if field == "date" and isinstance(value, bool):
                continue  # published: false says whether, not when
            if rank < ranks.get(field, 1 << 30):
                ranks[field] = rank
                out[field] = (key, value)
        return out


_NAMES: tuple[object, Names] = (None, Names())


def names_for(extra: Mapping[str, Sequence[str]] | None) -> Names:
    """The :class:`Names` of a ``[fields]`` mapping (made once per mapping
    object, as it is passed posting after posting)."""
    global _NAMES
    if not extra:
        return _DEFAULT
    if _NAMES[0] is not extra:
        _NAMES = (extra, Names(extra))
    return _NAMES[1]


_DEFAULT = Names()


def names_key(extra: Mapping[str, Sequence[str]] | None) -> str:
    """The mapping as a text that changes when it does (for the parse cache's key)."""
    return repr(sorted((name, sorted(norm(n) for n in names)) for name, names in (extra or {}).items()))


def facts_line(posting: Any) -> str:
    """``Boston, MA · Full-time · $60,000 · apply by 30 Mar 2024 · remote``:
    the fields kept beside the Posting's own that a posting gives, for the
    header ("" if none)."""
    parts = []
    for field in MORE:
        if field.kind == "link":
            continue
        text = said(field, value(posting, field.name))
        if text:
            parts.append(f"{field.label} {text}" if field.kind == "date" else text)
    return " · ".join(parts)


def folded(names: Sequence[str], width: int) -> str:
    """``also: team, level, +3 more``: front-matter names no field reads, as
    many as fit in ``width`` characters."""
    shown: list[str] = []
    for n, name in enumerate(names):
        rest = len(names) - n - 1
        line = "also: " + ", ".join([*shown, name]) + (f", +{rest} more" if rest else "")
        if len(line) > width and shown:
            break
        shown.append(name)
    rest = len(names) - len(shown)
    line = "also: " + ", ".join(shown) + (f", +{rest} more" if rest else "")
    return line if len(line) <= width else line[: max(1, width - 1)] + "…"


def json_value(field: Field, posting: Any) -> Any:
    """The field as ``list --json``, ``show --json`` and export give it: a
    list as a list, a field kept in ``more`` that is not given as null."""
    given = value(posting, field.name)
    if field.kind in ("list", "jobs") and not given:
        return []
    if field.kind == "list":
        return list(given)
    if field.name in CORE or field.kind == "flag":
        return given
    if not given:
        return None
    if field.kind == "salary":
        return _salary_json(given)
    if field.kind == "mode":
        return given == "remote"
    if field.kind == "jobs":
        return [{"role": role, "link": link, "salary": _salary_json(salary)} for role, link, salary, _ in given]
    return given


def _salary_json(given: Any) -> dict[str, Any] | None:
    if not given:
        return None
    low, high, period, text = given
    annual_min, annual_max = annual(given)
    return {
        "min": _number(low),
        "max": _number(high),
        "period": period,
        "annual_min": _number(annual_min),
        "annual_max": _number(annual_max),
        "text": text,
    }


def as_json(posting: Any) -> dict[str, Any]:
    """The fields with a JSON name, in their order."""
    return {field.json: json_value(field, posting) for field in FIELDS if field.json}


#: The CSV columns the fields give, in their order (tags and pinned have none).
CSV_FIELDS: tuple[Field, ...] = tuple(f for f in FIELDS if f.json and f.csv != "-")


def show_lines(posting: Any) -> list[str]:
    """``title: …``, ``org: …``: the fields as ``show`` prints them, those
    of the Posting always (``-`` if empty), the others when given."""
    lines = []
    for field in FIELDS:
        if not field.label:
            continue
        given = value(posting, field.name)
        if field.kind in ("bool", "flag"):
            if given:
                lines.append(f"{field.label}: yes")
            continue
        if field.kind == "jobs":
            lines += [
                f"job:   {role} · {link or '-'}" + (f" · {salary_cell(pay)}" if pay else "")
                for role, link, pay, _ in given
            ]
            continue
        if field.name in CORE:  # lined up, as id: is
            lines.append(f"{field.label + ':':<6} {(', '.join(given) if field.kind == 'list' else given) or '-'}")
        elif given:
            lines.append(f"{field.label}: {given if field.kind == 'date' else said(field, given)}")
    return lines
