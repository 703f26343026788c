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
from typing import Any

__all__ = [
    "AS_WRITTEN",
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

    @property
    def sorts(self) -> bool:
        return bool(self.sort)


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
        column=Column("Location", 16, 84),
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
        "text",
        "the header",
        "",
        "salary",
        "salary",
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
        "text",
        "the header",
        "",
        "deadline",
        "apply by",
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
    Field(
        "remote",
        ("remote", "remote ok", "remoteOk", "jobLocationType", "telecommute"),
        "bool",
        "the header's location (Remote)",
        "",
        "",
        kept=False,
    ),
)

#: The fields a Posting has by name (read by every keystroke's search and
#: every row drawn); the others it keeps in ``Posting.more``, in MORE's order.
CORE = ("title", "org", "role", "date", "tags", "pinned")
#: The fields kept in ``Posting.more``, in its order.
MORE: tuple[Field, ...] = tuple(f for f in FIELDS if f.kept and f.name not in CORE)
_MORE_AT = {f.name: n for n, f in enumerate(MORE)}
#: The sorts a field gives (after best match, newest and oldest).
SORTED: tuple[Field, ...] = tuple(f for f in FIELDS if f.sort)
#: The fields with a column of their own in the list.
COLUMNS: tuple[tuple[Field, Column], ...] = tuple((f, f.column) for f in FIELDS if f.column is not None)


def given(postings: Sequence[Any]) -> frozenset[str]:
    """The fields kept in ``more`` that at least one of ``postings`` gives."""
    mores = {more for more in (posting.more for posting in postings) if more}
    return frozenset(field.name for n, field in enumerate(MORE) if any(more[n] for more in mores))


def value(posting: Any, name: str) -> Any:
    """The posting's field ``name`` ("" for a field kept in ``more`` it does not give)."""
    at = _MORE_AT.get(name)
    if at is None:
        return getattr(posting, name)
    more = posting.more
    return more[at] if at < len(more) else ""


#: Fields kept as the posting writes them (one line, cut), in the order the header shows them.
AS_WRITTEN: tuple[Field, ...] = tuple(f for f in MORE if f.kind == "text")

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
    """``Boston, MA · Full-time · $60,000 · apply by March 30``: the fields
    kept as written that a posting gives, for the header ("" if none)."""
    parts = []
    for field in AS_WRITTEN:
        given = value(posting, field.name)
        if given:
            parts.append(f"{field.label} {given}" if field.name == "deadline" else given)
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
    if field.kind == "list":
        return list(given)
    if field.name in CORE:
        return given
    return given or None


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
        if field.kind == "bool":
            if given:
                lines.append(f"{field.label}: yes")
            continue
        if field.kind == "list":
            given = ", ".join(given)
        if field.name in CORE:  # lined up, as id: is
            lines.append(f"{field.label + ':':<6} {given or '-'}")
        elif given:
            lines.append(f"{field.label}: {given}")
    return lines
