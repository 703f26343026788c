"""One posting: front matter, fields, tags and links, from the bytes of one file.

Nothing here imports Textual. Everything read from a file passes through
:func:`tui.text.clean_text`, so no control character or escape sequence from
a posting can reach a terminal.
"""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache, lru_cache
from typing import TYPE_CHECKING, Any, NamedTuple, cast

from tui.body_text import reader_text
from tui.fields import HOUSEKEEPING, MORE, index_of, names_for, norm
from tui.fields import value as field_value
from tui.text import MAX_LINE_CHARS, clean_line, clean_text, visible

if TYPE_CHECKING:  # the readers of a posting's text are imported when a posting is first parsed, not at start
    from tui.facts import Facts

__all__ = [
    "DEFAULT_TAG_ALIASES",
    "Link",
    "Parsed",
    "Posting",
    "clean_text",
    "extract_links",
    "has_front_matter",
    "normalize_tags",
    "parse_posting",
    "split_front_matter",
]

#: Bytes read from one file at most; the rest is ignored (and reported).
MAX_FILE_BYTES = 1 << 20
#: A posting's text shown, searched and indexed at most (characters); the
#: rest is cut, and the cut is said. No real posting comes near it (the
#: longest of a real board of a thousand is 14 KB): it bounds what one file
#: can cost every pass over its text.
MAX_TEXT_CHARS = 256 * 1024
TEXT_CUT = f"text is longer than {MAX_TEXT_CHARS // 1024} KB; only its start is shown and searched"
#: Front matter longer than this is not front matter.
MAX_FRONT_MATTER_CHARS = 64 * 1024
MAX_TITLE_CHARS = MAX_LINE_CHARS
MAX_TAG_CHARS = 48
#: A field shown as written (location, salary...) at most, in characters.
MAX_FIELD_CHARS = 120
MAX_TAGS = 64
MAX_LINKS = 256
MAX_URL_CHARS = 2048
ALLOWED_SCHEMES = ("http", "https", "mailto")

#: Spellings that mean the same tag. Users extend this in their config file.
DEFAULT_TAG_ALIASES: dict[str, str] = {
    "vendors": "vendor",
    "engineering": "engineer",
    "engineers": "engineer",
    "i.t.": "it",
    "i.t": "it",
    "analysts": "analyst",
    "interns": "intern",
    "internship": "intern",
    "unions": "union",
    "consultant": "consultants",
    "campaign": "campaigns",
    "non-profit": "nonprofit",
    "nonprofits": "nonprofit",
    "executives": "executive",
    "data-management": "datamanagement",
    "data management": "datamanagement",
    "civic-engagement": "civicengagement",
    "client-services": "clientservices",
    "city-gov": "citygov",
}


@dataclass(frozen=True, slots=True)
class Link:
    url: str
    label: str


class Posting(NamedTuple):
    """What the list and the search know of a posting: no body, no links
    (those are read from the file when the posting is opened). A tuple, so a
    board of 100,000 is quick to build and small to keep."""

    id: str
    title: str
    org: str
    role: str
    date: str | None  # ISO YYYY-MM-DD
    tags: tuple[str, ...]
    pinned: bool = False
    # The other fields a posting gives (location, salary... as written, the
    # application link): tui.fields.MORE's, in its order; () if none.
    more: tuple[Any, ...] = ()

    def get(self, name: str) -> Any:
        """The field ``name`` (see tui.fields), "" if the posting does not give it."""
        return field_value(self, name)


@dataclass(slots=True)
class Parsed:
    posting: Posting
    body: str
    links: list[Link] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    cut: bool = False  # the text is longer than MAX_TEXT_CHARS: body has its start only
    draft: bool = False  # ``published: false`` (or Hugo's ``draft: true``): left out unless drafts are asked for
    unplaced: list[str] = field(default_factory=list)  # front-matter names no field reads

    @property
    def urls(self) -> list[str]:
        """The link addresses, the application link first."""
        return [link.url for link in self.links]


# --------------------------------------------------------------------------
# Front matter


class _Unsupported:
    """What a YAML tag we refuse to construct becomes."""

    __slots__ = ("tag",)

    def __init__(self, tag: str) -> None:
        self.tag = tag


@cache
def yaml_loader() -> Any:
    """The YAML loader class (imported on first use: a board read from the
    cache needs no YAML at all). Safe loading, dates kept as text, and any
    tag we do not know made inert instead of constructed."""
    import yaml

    base = yaml.CSafeLoader if hasattr(yaml, "CSafeLoader") else yaml.SafeLoader

    class Loader(base):  # type: ignore[misc,valid-type]
        pass

    def timestamp_as_text(loader: Any, node: Any) -> Any:
        return loader.construct_scalar(node)

    def unsupported(loader: Any, node: Any) -> Any:
        return _Unsupported(str(node.tag))

    Loader.add_constructor("tag:yaml.org,2002:timestamp", timestamp_as_text)
    Loader.add_constructor(None, unsupported)
    return Loader


@cache
def _resolver() -> Callable[[str], str]:
    """The YAML tag a plain scalar would be read as (``!!str``, ``!!int``...)."""
    import yaml

    resolve = yaml.resolver.Resolver().resolve
    return lambda raw: resolve(yaml.ScalarNode, raw, (True, False))


_FENCE = "---"
_KEY_LINE = re.compile(r"^[A-Za-z_][\w -]*:(\s|$)")


def _looks_like_yaml(line: str) -> bool:
    return not line.strip() or line[:1] in (" ", "\t", "-", "#") or bool(_KEY_LINE.match(line))


_TOML_FENCE = "+++"


_FENCES = (b"---\n", b"+++\n", b"---\r")


def has_front_matter(data: bytes) -> bool:
    """Whether a file's bytes start with a front matter fence (``---`` or
    ``+++``), as :func:`split_front_matter` reads them: what makes a file a
    posting. Looks at the first line only."""
    if data[:4] in _FENCES:  # as nearly every posting starts
        return True
    head = data[:1024]
    if head[:2] in (b"\xff\xfe", b"\xfe\xff"):
        head = head.decode("utf-16", errors="ignore").encode("utf-8")
    elif head.startswith(b"\xef\xbb\xbf"):
        head = head[3:]
    line = head.split(b"\n", 1)[0]
    if b"\x00" in line:
        line = line.replace(b"\x00", b"")
    return line.strip() in (b"---", b"+++")


def split_front_matter(text: str, with_body: bool = True) -> tuple[str | None, str, list[str]]:
    """Split ``text`` into (front matter, body, problems).

    Recovers what real boards contain: a closing ``---`` that is indented, one
    glued to the end of the last line, and front matter that is never closed.
    With ``with_body`` false the body may come back empty (a scan keeps none,
    and copying it costs as much as the rest of the split). TOML front matter
    (between ``+++`` lines, Hugo's) comes back as YAML (JSON) text.
    """
    first_end = text.find("\n")
    first = (text[:first_end] if first_end >= 0 else text).strip()
    if first == _TOML_FENCE:
        return _split_toml(text, first_end + 1 if first_end >= 0 else len(text), with_body)
    if first != _FENCE:
        return None, text, []
    start = pos = first_end + 1
    # Fast path: the first "\n---" closes, and nothing fence-like comes before it.
    close = text.find("\n---", start - 1)
    if 0 <= close - start < MAX_FRONT_MATTER_CHARS and "---" not in text[start:close]:
        line_end = text.find("\n", close + 1)
        line_end = len(text) if line_end < 0 else line_end
        if text[close + 1 : line_end].rstrip() == _FENCE:
            return text[start : max(start, close)], text[line_end + 1 :] if with_body else "", []
    limit = min(len(text), start + MAX_FRONT_MATTER_CHARS)
    while pos < limit:
        end = text.find("\n", pos)
        if end < 0:
            end = len(text)
        line = text[pos:end]
        stripped = line.strip()
        if stripped in (_FENCE, "..."):
            problems = ["closing --- of the front matter is indented"] if line[:1].isspace() else []
            return text[start:pos], text[end + 1 :], problems
        if stripped.endswith(_FENCE) and stripped.strip("-"):
            next_end = text.find("\n", end + 1)
            following = text[end + 1 : next_end if next_end >= 0 else len(text)]
            if not following.strip() or not _looks_like_yaml(following):
                front = text[start:pos] + line.rstrip()[: -len(_FENCE)].rstrip()
                return front, text[end + 1 :], ["closing --- is glued to the last front matter line"]
        pos = end + 1
    if len(text) - start > MAX_FRONT_MATTER_CHARS:
        return None, text, [f"front matter is not closed within {MAX_FRONT_MATTER_CHARS // 1024} KB"]
    lines = text[start:].split("\n")
    # Never closed: keep the leading lines that look like YAML.
    end_line = 0
    while end_line < len(lines) and lines[end_line].strip() and _looks_like_yaml(lines[end_line]):
        end_line += 1
    return "\n".join(lines[:end_line]), "\n".join(lines[end_line:]), ["front matter has no closing ---"]


#: Characters YAML does not take in a document, written as escapes in the
#: YAML made of TOML front matter (everything else is taken as it is).
_NOT_FOR_YAML = re.compile("[\x7f-\x84\x86-\x9f\ufffe\uffff]")


def _split_toml(text: str, start: int, with_body: bool) -> tuple[str, str, list[str]]:
    """TOML front matter from ``start`` to a ``+++`` line, read with tomllib and
    handed back as the equivalent YAML (JSON, a subset of it); what is not
    valid TOML is recovered a top-level line at a time, and said."""
    limit = min(len(text), start + MAX_FRONT_MATTER_CHARS)
    pos = start
    end = -1
    while pos < limit:
        end = text.find("\n", pos)
        if end < 0:
            end = len(text)
        if text[pos:end].strip() == _TOML_FENCE:
            break
        pos = end + 1
    else:
        why = "front matter has no closing +++"
        return "", text[start:] if with_body else "", [why]
    front, body = text[start:pos], text[end + 1 :] if with_body else ""
    import json
    import tomllib

    problems: list[str] = []
    try:
        data: dict[str, Any] = tomllib.loads(front)
    except (tomllib.TOMLDecodeError, RecursionError) as exc:
        problems.append(f"front matter is not valid TOML: {clean_line(str(exc), 120)}; recovered what parses")
        data = {}
        for line in front.split("\n"):
            if line[:1] not in ("", " ", "\t", "#", "["):
                try:
                    data.update(tomllib.loads(line))
                except (tomllib.TOMLDecodeError, RecursionError):
                    pass
    as_yaml = json.dumps(data, ensure_ascii=False, default=_toml_value)
    return _NOT_FOR_YAML.sub(lambda m: f"\\u{ord(m.group()):04x}", as_yaml), body, problems


def _toml_value(value: Any) -> str:
    """A TOML date, time or date-time as text (as YAML dates are kept)."""
    return value.isoformat() if hasattr(value, "isoformat") else str(value)


def unpublished(meta: Mapping[str, Any]) -> bool:
    """Whether front matter says the page is not to be published: Jekyll's
    ``published: false``, Hugo's ``draft: true``."""
    published = meta.get("published")
    if published is False or (isinstance(published, str) and published.strip().lower() == "false"):
        return True
    return meta.get("draft") is True


#: Deeper nesting is refused before YAML sees it: libyaml builds nested nodes
#: recursively in C, and tens of thousands of "[" crash the process outright.
MAX_NESTING = 100
_DEEP_DASHES = re.compile(r"(?:[-?:][ \t]+){" + str(MAX_NESTING) + "}")


class NestingError(ValueError):
    pass


def _too_deep(text: str) -> bool:
    if text.count("[") + text.count("{") > MAX_NESTING:
        depth = 0
        for char in text:  # brackets inside quotes count too: an overestimate is safe
            if char in "[{":
                depth += 1
                if depth > MAX_NESTING:
                    return True
            elif char in "]}" and depth:
                depth -= 1
    return bool(_DEEP_DASHES.search(text))


def _load_yaml(text: str, twice: set[str] | None = None) -> Any:
    """The YAML document in ``text`` (safe loading); the top-level keys it
    gives more than once (case folded) are added to ``twice``."""
    if _too_deep(text):
        raise NestingError(f"nested more than {MAX_NESTING} levels deep")
    import yaml

    loader = yaml_loader()(text)
    try:
        node = loader.get_single_node()
        if twice is not None and isinstance(node, yaml.MappingNode):
            seen: set[str] = set()
            for key, _ in node.value:  # YAML keeps the last of a key given twice, and says nothing
                if isinstance(key, yaml.ScalarNode):
                    name = str(key.value).strip().lower()
                    if name in seen:
                        twice.add(name)
                    seen.add(name)
        return loader.construct_document(node) if node is not None else None
    finally:
        loader.dispose()


def _top_level_blocks(text: str) -> Iterable[str]:
    block: list[str] = []
    for line in text.split("\n"):
        if block and line[:1] not in ("", " ", "\t", "-", "#"):
            yield "\n".join(block)
            block = []
        block.append(line)
    if block:
        yield "\n".join(block)


def _why(exc: Exception) -> str:
    if isinstance(exc, NestingError):
        return str(exc)
    import yaml

    if isinstance(exc, yaml.MarkedYAMLError) and exc.problem:
        where = f" (line {exc.problem_mark.line + 2})" if exc.problem_mark else ""
        return f"{exc.problem}{where}"
    return type(exc).__name__


_PLAIN_BAD_START = frozenset("-?:,[]{}#&*!|>'\"%@`")
# Our loader keeps timestamps as text, so both tags mean "the text as written".
_TEXT_TAGS = ("tag:yaml.org,2002:str", "tag:yaml.org,2002:timestamp")
# Only plain scalars starting with one of these can be a number, bool, null or date.
_MAYBE_TYPED = frozenset("0123456789+-.~nNtTfFyYoO")


#: Plain words YAML reads as booleans or null (any case: refusing a few that
#: are text is safe, they go to YAML).
_YAML_WORDS = frozenset(("y", "n", "yes", "no", "on", "off", "true", "false", "null"))


def _simple_scalar(raw: str) -> str | None:
    """The value of a one-line scalar (no spaces around it) whose meaning is
    plain text, else None."""
    if raw.isalpha() and raw.isascii():
        return raw if raw.lower() not in _YAML_WORDS else None  # a plain word
    if len(raw) >= 2 and raw[0] == raw[-1] and raw[0] in "\"'":
        inner = raw[1:-1]
        if raw[0] == '"' and ("\\" in inner or '"' in inner):
            return None
        if raw[0] == "'" and "'" in inner:
            return None
        return inner
    if not raw or raw[0] in _PLAIN_BAD_START or ": " in raw or " #" in raw or raw.endswith(":"):
        return None
    if (raw[0] in _MAYBE_TYPED or len(raw) <= 5) and _resolver()(raw) not in _TEXT_TAGS:
        return None
    return raw


#: What a line of plain front matter says: ("key", name, value or None for
#: none), ("item", indent, value), ("blank", "", ""), or None (not plain).
PlainLine = tuple[str, str, str | None] | None
_BLANK: PlainLine = ("blank", "", "")


# Lines repeat from posting to posting ("layout: single", "    - data"): each
# is worked out once while it keeps coming back.
@lru_cache(maxsize=8192)
def _plain_line(line: str) -> PlainLine:
    if not line.isprintable():
        return None  # control characters, tabs, odd spaces: YAML's rules apply
    stripped = line.strip(" ")
    if not stripped:
        return _BLANK
    if line[0] in " -":
        if stripped[:2] != "- ":
            return None
        value = _simple_scalar(stripped[2:].lstrip(" "))
        return None if value is None else ("item", line[: len(line) - len(line.lstrip(" "))], value)
    key, sep, raw = line.partition(":")
    if not sep or not _KEY.fullmatch(key) or key.lower() in _YAML_WORDS or (raw and raw[0] != " "):
        return None
    raw = raw.strip(" ")
    if not raw:
        return ("key", key, None)
    value = _simple_scalar(raw)
    return None if value is None else ("key", key, value)


_KEY = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*")


def _simple_front_matter(text: str) -> dict[str, Any] | None:
    """Front matter of the plain shape most boards use, read without YAML.

    Only ``key: text`` lines and block lists of text items are accepted; any
    other form returns None and the YAML library reads it. A test checks this
    agrees with YAML on every input it accepts. (This runs once per posting on
    a cold scan.)
    """
    data: dict[str, Any] = {}
    items: list[str] | None = None
    indent = ""
    key = ""
    for line in text.split("\n"):
        parsed = _plain_line(line)
        if parsed is None:
            return None
        kind, name, value = parsed
        if kind == "key":
            if items is not None and not items:
                data[key] = None
            if name in data:
                return None
            key = name
            if value is not None:
                data[key] = value
                items = None
            else:
                items = data[key] = []
        elif kind == "item":
            if items is None or (items and name != indent):
                return None
            indent = name
            items.append(cast(str, value))  # an item always has one
    if items is not None and not items:
        data[key] = None
    return data


def load_front_matter(text: str) -> tuple[dict[str, Any], list[str]]:
    """Front matter text to a mapping with lower-case keys, recovering what parses."""
    problems: list[str] = []
    simple = _simple_front_matter(text)  # None for a key given twice, among others: YAML reads it
    if simple is not None and all(map(str.islower, simple)):
        return simple, problems  # keys already as they are wanted
    twice: set[str] = set()  # keys given more than once: the last is used, and that is said
    try:
        data = simple if simple is not None else _load_yaml(text, twice)
    except Exception as exc:  # any failure of the YAML library is the file's fault
        problems.append(f"front matter is not valid YAML: {clean_line(_why(exc), 120)}; recovered what parses")
        data = {}
        for block in _top_level_blocks(text):
            try:
                part = _load_yaml(block)
            except Exception:
                part = _scalar_line(block)
            if isinstance(part, dict):
                twice.update(str(key).strip().lower() for key in part if key in data)
                data.update(part)
    if data is None:
        return {}, problems
    if not isinstance(data, dict):
        problems.append(f"front matter is a {_kind(data)}, not a mapping")
        return {}, problems
    out: dict[str, Any] = {}
    for key, value in data.items():
        if isinstance(key, str | int | float | bool):
            name = str(key).strip().lower()
            if name in out:  # Title and title
                twice.add(name)
            out[name] = value  # the last is used
    for name in sorted(twice):
        problems.append(f"front matter gives {clean_line(name, 60)!r} more than once; the last is used")
    return out, problems


_SCALAR_LINE = re.compile(r"^([A-Za-z_][\w-]*):\s*(.*)$")


def _scalar_line(block: str) -> dict[str, str] | None:
    """Last resort for a line like ``title: "Org: Role" extra``."""
    match = _SCALAR_LINE.match(block.split("\n", 1)[0])
    if not match or not match.group(2).strip():
        return None
    value = match.group(2).strip()
    if value[0] in "\"'" and value.find(value[0], 1) > 0:
        value = value[1 : value.find(value[0], 1)]
    return {match.group(1): value.strip()}


def _kind(value: Any) -> str:
    if isinstance(value, _Unsupported):
        return f"YAML tag {clean_line(value.tag, 60)} (not loaded)"
    if value is None:
        return "null"
    if isinstance(value, list | tuple):
        return "list"
    if isinstance(value, dict):
        return "mapping"
    return type(value).__name__


def _scalar_text(value: Any) -> str | None:
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float | _dt.date):
        return str(value)
    return None


# --------------------------------------------------------------------------
# Fields

_NAME_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:-|_|\b|(?=[A-Za-z]))")
_TEXT_DATE = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})(?:$|[T\s])")


def _iso(year: str, month: str, day: str) -> str | None:
    try:
        return _dt.date(int(year), int(month), int(day)).isoformat()
    except ValueError:
        return None


def date_from_name(name: str) -> str | None:
    return _date_of_head(name[:11])  # all that _NAME_DATE looks at


@lru_cache(maxsize=8192)  # a board has a few thousand posting days
def _date_of_head(head: str) -> str | None:
    match = _NAME_DATE.match(head)
    return _iso(*match.groups()) if match else None


def _date_value(value: Any) -> str | None:
    if isinstance(value, _dt.date):
        return value.isoformat()[:10]
    text = _scalar_text(value)
    if text is None:
        return None
    match = _TEXT_DATE.match(text)
    return _iso(*match.groups()) if match else None


def title_from_name(name: str) -> str:
    stem = name.rsplit(".", 1)[0] if "." in name else name
    stem = _NAME_DATE.sub("", stem) or stem
    return clean_line(visible(stem).replace("_", " ").replace("-", " ")) or visible(name)


def split_title(title: str) -> tuple[str, str]:
    """``"AFL-CIO: Lead Data Scientist"`` -> ``("AFL-CIO", "Lead Data Scientist")``."""
    org, sep, role = title.partition(": ")
    if not sep or not org.strip() or not role.strip():
        return "", title
    return org.strip(), role.strip()


# Each tag as written -> the tag it is ("" if none), for the alias table in
# use: a board has a few hundred distinct tags and this runs per posting.
_TAG_WORDS: tuple[Mapping[str, str], dict[str, str]] = (DEFAULT_TAG_ALIASES, {})
_TAG_WORDS_KEPT = 10_000


def normalize_tags(value: Any, aliases: Mapping[str, str] = DEFAULT_TAG_ALIASES) -> tuple[tuple[str, ...], list[str]]:
    """Any YAML value to a clean, de-duplicated tuple of lower-case tags."""
    global _TAG_WORDS
    problems: list[str] = []
    if value is None:
        return (), problems
    if _TAG_WORDS[0] is not aliases:
        _TAG_WORDS = (aliases, {})
    known = _TAG_WORDS[1]
    if type(value) is list and len(value) <= MAX_TAGS:
        try:  # a list of tags all seen before (a non-text item is never a key)
            seen_before = [known[item] for item in value]
        except (KeyError, TypeError):
            pass
        else:
            if "" not in seen_before and len(set(seen_before)) == len(seen_before):
                return tuple(seen_before), problems
    raw: list[str] = []
    listed = 0  # how many tags the value lists (only the first MAX_TAGS * 4 are read)
    if isinstance(value, str):
        raw = value.split(",") if "," in value else value.split()
    elif isinstance(value, list | tuple):
        listed = len(value)
        refused: dict[str, int] = {}  # kind -> how many tags are one (one line each kind)
        for item in value[: MAX_TAGS * 4]:
            text = _scalar_text(item)
            if text is None:
                if item is not None:
                    kind = _kind(item)
                    refused[kind] = refused.get(kind, 0) + 1
                continue
            raw.append(text)
        for kind, n in refused.items():
            problems.append(
                f"a tag is a {kind}; ignored" if n == 1 else f"{n:,} tags are not text (each a {kind}); ignored"
            )
    else:
        text = _scalar_text(value)
        if text is None:
            problems.append(f"tags is a {_kind(value)}; ignored")
        else:
            raw = [text]
    tags: list[str] = []
    seen: set[str] = set()
    for item in raw:
        tag = item.strip().lower()
        if not (tag.isprintable() and tag.isalnum()):  # the common case needs no cleaning
            tag = clean_line(tag, len(tag)).strip(",").strip()
            tag = tag.lstrip("#").strip()
        if tag:
            tag = aliases.get(tag, tag)[:MAX_TAG_CHARS]
        if len(known) < _TAG_WORDS_KEPT:
            known[item] = tag
        if not tag:
            continue
        if tag not in seen:
            seen.add(tag)
            tags.append(tag)
    if len(tags) > MAX_TAGS:
        problems.append(f"{max(len(tags), listed):,} tags; kept the first {MAX_TAGS}")
        tags = tags[:MAX_TAGS]
    return tuple(tags), problems


def _truthy(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float):
        return value != 0
    if isinstance(value, str):
        return value.strip().lower() in ("true", "yes", "on", "1", "y")
    return False


# --------------------------------------------------------------------------
# Links

# Links are found from cheap literal triggers (a pattern of literals only),
# then matched in place: one regex with every form of link as an alternative
# is ten times slower on real bodies.
# Autolinks (<https://...>) and HTML hrefs are found by their "http" or "@".
# Every pass is linear in the text: a posting made of nothing but triggers
# ("](" a million times) must cost no more than reading it. What a trigger
# looks at beyond itself is either bounded (72 characters back for an
# e-mail address) or kept for the triggers after it (the line it is on, the
# last "[" of that line, the run of address characters it starts).
_TRIGGER = re.compile(r"\][(:]|http|HTTP|www\.|@")
# After "](": the address is the whole run of these characters (a shorter
# one is never followed by what must come next), then the rest of the link.
_MD_URL_RUN = re.compile(r"[^)\s>]*")
_MD_TAIL = re.compile(r">?(?:\s++[\"'(][^)\n]{0,300}+)?\s*+\)")
_SPACE_RUN = re.compile(r"\s*")
_BLANK_RUN = re.compile(r"[ \t]*")
_NONSPACE_RUN = re.compile(r"\S*")
_BARE = re.compile(r"(?:https?://|www\.)[^\s<>\"'\]\[)(}{|\\^`]{1,2048}", re.IGNORECASE)
# An e-mail address's local part, read backwards from its "@" (so that it is
# one match, not a search from 72 places).
_LOCAL_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._%+-")
_LOCAL_BACKWARDS = re.compile(r"[A-Za-z0-9._%+-]{1,64}(:otliam)?", re.IGNORECASE)
_DOMAIN = re.compile(r"[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63})*\.[A-Za-z]{2,24}\b")
_APPLY_TEXT = re.compile(r"\bappl(?:y|ying|ication)\b|job description|full description|job posting", re.IGNORECASE)
_TRAILING = ".,;:!?*_~'\""
MAX_URL_RUN = 2048
#: A link's text read at most (then cleaned and cut to 120 characters).
MAX_LABEL_READ = 1000


class _Finder:
    """Finds the link each trigger points at, in one pass over ``body``:
    the triggers are visited in order, and what one scans is kept for the
    next (the line, the last "[" on it, the run an address is in)."""

    __slots__ = ("body", "line_start", "open_at", "runs", "scanned", "tail")

    def __init__(self, body: str) -> None:
        self.body = body
        self.scanned = 0  # the line and the "[" are known up to here
        self.line_start = 0  # where the line at self.scanned starts
        self.open_at = -1  # the last "[" on that line before self.scanned
        self.runs: dict[re.Pattern[str], tuple[int, int]] = {}  # pattern -> (start, end) of the last run
        self.tail: tuple[int, int | None] = (-1, None)  # (where, end) of the last link tail matched

    def _scan_to(self, i: int) -> None:
        body = self.body
        if i <= self.scanned:
            return
        newline = body.rfind("\n", self.scanned, i)
        if newline >= 0:
            self.line_start = newline + 1
            self.open_at = body.rfind("[", self.line_start, i)
        else:
            bracket = body.rfind("[", self.scanned, i)
            if bracket >= 0:
                self.open_at = bracket
        self.scanned = i

    def _run_end(self, pattern: re.Pattern[str], at: int) -> int:
        """The end of the run of ``pattern``'s characters from ``at`` (a run
        scanned once, however many triggers start inside it)."""
        start, end = self.runs.get(pattern, (-1, -1))
        if not start <= at < end:
            end = pattern.match(self.body, at).end()  # type: ignore[union-attr]  # "*" always matches
            self.runs[pattern] = (at, end)
        return end

    def link_at(self, i: int, trigger: str) -> tuple[str, int, int, int, int, bool] | None:
        """(raw url, where its text starts and ends, start, end, whether it is
        a reference "[text]: url") of the link a trigger points at."""
        body = self.body
        if trigger == "](":
            self._scan_to(i)
            open_at = self.open_at
            if open_at < 0 or (open_at and body[open_at - 1] == "!"):
                return None
            at = _SPACE_RUN.match(body, i + 2).end()  # type: ignore[union-attr]
            angle = body.startswith("<", at)
            at += angle
            end = self._run_end(_MD_URL_RUN, at)
            if end == at and angle:
                at -= 1  # "<" alone is the address
            if not 1 <= end - at <= MAX_URL_RUN:
                return None
            where, tail = self.tail
            if where != end:
                match = _MD_TAIL.match(body, end)
                tail = match.end() if match else None
                self.tail = (end, tail)
            if tail is None:
                return None
            return body[at:end], open_at + 1, i, open_at, tail, False
        if trigger == "]:":
            self._scan_to(i)
            line_start = self.line_start
            first = line_start
            while first < i and body[first] == " " and first - line_start <= 3:
                first += 1
            if first >= i or body[first] != "[" or first - line_start > 3:
                return None
            at = _BLANK_RUN.match(body, i + 2).end()  # type: ignore[union-attr]
            angle = body.startswith("<", at)
            at += angle
            end = self._run_end(_NONSPACE_RUN, at)
            url_end = end - 1 if end - 1 > at and body[end - 1] == ">" else end
            if url_end == at and angle:
                at -= 1  # "<" alone is the address
            if not 1 <= url_end - at <= MAX_URL_RUN:
                return None
            return body[at:url_end], line_start, i, line_start, end, True
        if trigger == "@":
            if not (i and body[i - 1] in _LOCAL_CHARS):
                return None
            domain = _DOMAIN.match(body, i + 1)
            if domain is None:
                return None
            back = _LOCAL_BACKWARDS.match(body[max(0, i - 72) : i][::-1])
            if back is None:
                return None
            start = i - back.end()
            if start and (body[start - 1].isalnum() or body[start - 1] in "/:"):
                return None
            return body[start : domain.end()], 0, 0, start, domain.end(), False
        if i and (body[i - 1].isalnum() or body[i - 1] in "/@."):
            return None
        bare = _BARE.match(body, i)
        if bare is None:
            return None
        raw = bare.group().rstrip(_TRAILING)
        while raw.endswith(")") and raw.count(")") > raw.count("("):
            raw = raw[:-1]
        return raw, 0, 0, i, i + len(raw), False


def extract_links(body: str) -> list[Link]:
    """Every http, https and mailto link in ``body``, application link first.

    The application link is the first whose text says apply, application or
    job description, else the first whose surrounding words do, else the first.
    """
    found: list[Link] = []
    seen: set[str] = set()
    apply_by_text: int | None = None
    apply_by_context: int | None = None
    consumed = 0
    finder = _Finder(body)
    for trigger_match in _TRIGGER.finditer(body):
        at = trigger_match.start()
        if at < consumed:
            continue
        hit = finder.link_at(at, trigger_match.group())
        if hit is None:
            continue
        raw, label_start, label_end, start, end, reference = hit
        consumed = end
        url = _normalize_url(raw)
        if url is None or url in seen:
            continue
        seen.add(url)
        # Only the words next to the link are read (a line may be a megabyte long).
        newline = body.rfind("\n", max(0, start - 60), start)
        context = body[newline + 1 if newline >= 0 else max(0, start - 60) : start]
        line_end = body.find("\n", end, end + 40)
        after = body[end : line_end if line_end >= 0 else end + 40]
        label = body[label_start : min(label_end, label_start + MAX_LABEL_READ)]
        if reference:  # "[text]: url": its line up to the colon, brackets off
            label = label.strip(" []")
        label = clean_line(label, 120) or clean_line(context.strip(' :-*#([<"=') or after.strip(" :-*#)]>"), 80)
        if apply_by_text is None and _APPLY_TEXT.search(label):
            apply_by_text = len(found)
        elif apply_by_context is None and (_APPLY_TEXT.search(context) or _APPLY_TEXT.search(after)):
            apply_by_context = len(found)
        found.append(Link(url, label))
        if len(found) >= MAX_LINKS:
            break
    first = apply_by_text if apply_by_text is not None else apply_by_context
    if first:
        found.insert(0, found.pop(first))
    return found


def _normalize_url(url: str) -> str | None:
    url = clean_text(url).strip().strip("<>")
    if not url or len(url) > MAX_URL_CHARS:
        return None
    lowered = url.lower()
    if lowered.startswith("www."):
        url = "http://" + url
        lowered = url.lower()
    scheme, sep, rest = lowered.partition(":")
    if not sep:
        if "@" in url and "/" not in url and " " not in url:
            return "mailto:" + url
        return None
    if scheme not in ALLOWED_SCHEMES or not rest.strip("/"):
        return None
    if scheme in ("http", "https") and not rest.startswith("//"):
        return None
    if scheme == "mailto":
        return "mailto:" + url[len("mailto:") :]
    return url


#: What of a mailto link is handed to the mail client: a posting's link may
#: also say attach=~/.ssh/id_rsa, cc or bcc, which some clients obey.
MAIL_FIELDS = ("subject", "body")


def link_to_open(url: str) -> str:
    """``url`` as it is opened: a mailto link keeps only its address, subject
    and body (field names read as a mail client would: any case, %-escapes
    decoded); any other link as written."""
    if url[:7].lower() != "mailto:":
        return url
    from urllib.parse import unquote

    address, _, query = url.partition("#")[0].partition("?")
    kept = [field for field in query.split("&") if unquote(field.partition("=")[0]).strip().lower() in MAIL_FIELDS]
    return address + ("?" + "&".join(kept) if kept else "")


# --------------------------------------------------------------------------
# The whole posting


def decode(data: bytes) -> tuple[str, list[str]]:
    """Bytes to text: BOM removed, CRLF and CR made LF, non-UTF-8 decoded leniently."""
    problems: list[str] = []
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    elif data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        try:
            text = data.decode("utf-16")
            problems.append("file is UTF-16; decoded")
            return text.replace("\r\n", "\n").replace("\r", "\n"), problems
        except UnicodeDecodeError:
            pass
    if data.find(b"\x00", 0, 8192) >= 0:
        problems.append("file looks binary (NUL bytes); decoded what is text")
        data = data.replace(b"\x00", b"")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        problems.append(f"not valid UTF-8 (first bad byte at offset {exc.start}); decoded leniently")
        text = data.decode("utf-8", errors="replace")
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text, problems


def cut_text(text: str) -> tuple[str, bool]:
    """``text``, cut to MAX_TEXT_CHARS (at a line break near the limit if
    there is one), and whether it was cut."""
    if len(text) <= MAX_TEXT_CHARS:
        return text, False
    end = text.rfind("\n", MAX_TEXT_CHARS - 4096, MAX_TEXT_CHARS)
    return text[: end if end > 0 else MAX_TEXT_CHARS], True


def shown_text(body: str, name: str = "") -> tuple[str, bool]:
    """A body (of the file ``name``) as shown, searched and indexed: cleaned,
    cut to MAX_TEXT_CHARS before anything is made of it, as a reader sees it
    (:func:`tui.body_text.reader_text`); and whether it was cut."""
    text, cut = cut_text(clean_text(body))
    shown = reader_text(text, name)
    if len(shown) > len(text):  # (HTML made text can be longer: a table's cells padded)
        shown, more = cut_text(shown)
        cut = cut or more
    return shown, cut


def body_of(data: bytes, name: str = "") -> str:
    """A file's text (the file ``name``) without its front matter, as
    :func:`parse_posting` gives it (cut as it is, as a reader sees it), and
    nothing else worked out: what the text index reads."""
    return shown_text(split_front_matter(decode(data)[0])[1], name)[0]


def parse_posting(
    data: bytes,
    rel_id: str,
    aliases: Mapping[str, str] = DEFAULT_TAG_ALIASES,
    *,
    truncated: bool = False,
    keep_body: bool = True,
    names: Mapping[str, Sequence[str]] | None = None,
    text_facts: bool = True,
) -> Parsed:
    """Parse one file's bytes into a posting, its body and the problems met.

    Never raises for any input: what cannot be read is reported and replaced by
    a fallback (the title from the file name, no tags, no date). With
    ``keep_body`` false (a directory scan), the body and its links are skipped.
    Fields are read by the names tui.fields gives them, and ``names`` (the
    config's ``[fields]``: field -> more front-matter names). With
    ``text_facts`` false, the text's facts (tui.facts, tui.jobs: most of the
    time a parse takes) are not read: the front matter's fields only, the
    rest read later (see tui.library.read_facts_later).
    """
    text, problems = decode(data)
    if truncated:
        problems.append(f"file is larger than {MAX_FILE_BYTES // (1 << 20)} MB; only the start was read")
    name = rel_id.rsplit("/", 1)[-1]
    blank = not text or text.isspace()  # as "not text.strip()", without copying the text
    if blank:
        problems.append("file is empty")
    # (the body's facts are read in a scan too, unless they are read later)
    front, body, split_problems = split_front_matter(text, with_body=keep_body or text_facts)
    problems += split_problems
    meta: dict[str, Any] = {}
    if front is None:
        if not blank:
            problems.append("no front matter; title taken from the file name")
    else:
        meta, yaml_problems = load_front_matter(front)
        problems += yaml_problems

    given = names_for(names).pick(meta) if meta else {}
    title_value = given["title"][1] if "title" in given else None
    title_text = _scalar_text(title_value)
    title = clean_line(title_text) if title_text is not None else ""
    if title_text is not None and len(title_text) > MAX_TITLE_CHARS:
        problems.append(f"title is {len(title_text)} characters; cut to {MAX_TITLE_CHARS}")
    org_given = _field_text(given, "org") if "org" in given else ""
    role_given = _field_text(given, "role") if "role" in given else ""
    if not title:
        if title_value is not None and title_text is None:
            problems.append(f"title is a {_kind(title_value)}; title taken from the file name")
        elif front is not None and "title" not in meta and "title" not in given and not role_given:
            problems.append("no title; taken from the file name")
        title = role_given or title_from_name(name)
    org, role = split_title(title)
    if org_given:
        if org.casefold() != org_given.casefold():
            role = title  # "Remote: Analyst" from Acme: the title is the role
        org = org_given
    if role_given:
        role = role_given

    date = None
    if "date" in given:
        key, value = given["date"]
        date = _date_value(value)
        if date is None:
            shown = _scalar_text(value)
            what = f"'{clean_line(shown, 40)}'" if shown is not None else f"a {_kind(value)}"
            problems.append(f"{clean_line(key, 40)} {what} is not a date; using the file name")
    if date is None:
        date = date_from_name(name)

    tags, tag_problems = normalize_tags(given["tags"][1] if "tags" in given else None, aliases)
    problems += tag_problems
    pinned = _truthy(given["pinned"][1]) if "pinned" in given else False
    if text_facts:
        from tui.facts import read_facts
        from tui.jobs import jobs_of

        facts, jobs = read_facts(title, body, date), jobs_of(body)
    else:
        from tui.facts import NO_FACTS

        facts, jobs = NO_FACTS, []
    if text_facts or not given.keys() <= _USUAL:
        more = tuple(_READERS_OF.get(f.name, _READERS[f.kind])(given, f.name, facts, date) for f in MORE)
    else:  # nothing but the usual fields, and no text read: nothing more
        more = ()
    if jobs:
        at = _JOBS_AT
        kept = tuple((job.role, job.link, _kept_salary(job.salary), job.start) for job in jobs)
        more = (*more[:at], kept, *more[at + 1 :])
    if not any(more):
        more = ()
    posting = Posting(rel_id, title, org, role, date, tags, pinned, more)
    if len(problems) > 1:
        problems = grouped(problems)
    if not keep_body:
        if len(text) > MAX_TEXT_CHARS and cut_text(clean_text(split_front_matter(text)[1]))[1]:
            problems.append(TEXT_CUT)  # said as when the body is kept
        return Parsed(posting, "", [], problems, draft=unpublished(meta))
    body, cut = shown_text(body, rel_id)
    if cut:
        problems.append(TEXT_CUT)
    links = extract_links(body)
    apply = posting.get("link")
    if apply:  # the front matter's application link first
        links = [Link(apply, "application link"), *(link for link in links if link.url != apply)]
    return Parsed(posting, body, links, problems, cut, draft=unpublished(meta), unplaced=unplaced(meta, names))


#: Fields read whatever a posting gives: one with only these has no more to read.
_USUAL = frozenset(("title", "org", "role", "date", "tags", "pinned"))


def _field_text(given: Mapping[str, tuple[str, Any]], name: str) -> str:
    """A field read as text, one line, cut ("" if not given or not text)."""
    if name not in given:
        return ""
    text = text_of(given[name][1])
    return clean_line(text, MAX_FIELD_CHARS) if text else ""


_PLACE = ("addresslocality", "addressregion", "addresscountry")


def text_of(value: Any, depth: int = 0) -> str | None:
    """A front-matter value as text: a scalar as written, a list's items
    joined, a schema.org object (``{name: ...}``, a PostalAddress, a
    MonetaryAmount) by what it names."""
    text = _scalar_text(value)
    if text is not None or depth > 4:
        return text
    if isinstance(value, list | tuple):
        items = [item for item in (text_of(v, depth + 1) for v in value[:20]) if item]
        return ", ".join(items) or None
    if not isinstance(value, dict):
        return None
    low = {str(key).lower(): v for key, v in value.items()}
    if low.get("name") is not None:
        return text_of(low["name"], depth + 1)
    if "address" in low:
        return text_of(low["address"], depth + 1)
    if any(key in low for key in _PLACE):
        return ", ".join(t for t in (text_of(low.get(key), depth + 1) for key in _PLACE) if t) or None
    if "value" in low or "minvalue" in low or "maxvalue" in low:
        amount = text_of(low["value"], depth + 1) if "value" in low else None
        if amount is None:
            ends = [t for t in (text_of(low.get(key), depth + 1) for key in ("minvalue", "maxvalue")) if t]
            amount = "–".join(ends) or None
        currency = text_of(low.get("currency"), depth + 1)
        unit = text_of(low.get("unittext"), depth + 1)
        if amount is None:
            return None
        return " ".join(filter(None, (currency, amount, f"per {unit.lower()}" if unit else None)))
    return None


def _link_of(value: Any) -> str:
    """The first address in a field's text (an e-mail address as mailto:)."""
    text = text_of(value)
    if not text:
        return ""
    links = extract_links(clean_text(text[: MAX_URL_CHARS * 2]))
    return links[0].url if links else ""


def _field_link(given: Given, name: str, facts: Facts | None = None, posted: str | None = None) -> str:
    return _link_of(given[name][1]) if name in given else ""


def _field_location(given: Given, name: str, facts: Facts, posted: str | None) -> str:
    return _field_text(given, name) or (clean_line(facts.location, MAX_FIELD_CHARS) if facts.location else "")


def _field_salary(given: Given, name: str, facts: Facts, posted: str | None) -> Any:
    """(min, max, period, the words) of the front matter's salary, else the text's; "" if neither."""
    written = _field_text(given, name)
    if not written:
        salary = facts.salary
        if salary is None:
            return ""
        low, high = (None if n is None else float(n) for n in (salary.min, salary.max))
        return (low, high, salary.period, clean_line(salary.text, 80))
    amount = _schema_amount(given[name][1])
    if amount is not None:
        return (*amount, written)
    from tui.facts import salary_of

    salary = salary_of(f"Salary: {written}")
    if salary is None:
        return (None, None, "year", written)  # "DOE": said, no figure
    low, high = (None if n is None else float(n) for n in (salary.min, salary.max))
    return (low, high, salary.period, written)


_UNITS = {"hour": "hour", "day": "day", "week": "week", "month": "month", "year": "year", "annual": "year"}


def _schema_amount(value: Any) -> tuple[float | None, float | None, str] | None:
    """(min, max, period) of a schema.org MonetaryAmount (``{value: {minValue,
    maxValue, unitText}}``), None if ``value`` is not one with a figure."""
    if not isinstance(value, dict):
        return None
    low = {str(key).lower(): v for key, v in value.items()}
    inner = low.get("value")
    if isinstance(inner, dict):
        low = {**low, **{str(key).lower(): v for key, v in inner.items()}}
    figures = []
    for key in ("minvalue", "maxvalue", "value"):
        given = low.get(key)
        figures.append(float(given) if isinstance(given, int | float) and not isinstance(given, bool) else None)
    least, most, one = figures
    least, most = (least if least is not None else one), (most if most is not None else one)
    if least is None and most is None:
        return None
    unit = str(low.get("unittext") or "year").lower()
    return least, most, _UNITS.get(unit, "year")


def _field_date(given: Given, name: str, facts: Facts, posted: str | None) -> str:
    if name in given:
        value = given[name][1]
        from tui.facts import deadline_of

        return _date_value(value) or deadline_of(f"Deadline: {text_of(value) or ''}", posted) or ""
    return facts.deadline or ""


def _field_mode(given: Given, name: str, facts: Facts, posted: str | None) -> str:
    if name in given:
        value = given[name][1]
        if _remote(value):
            return "remote"
        text = (_scalar_text(value) or "").strip().lower().replace("-", "").replace(" ", "")
        if text in ("hybrid", "onsite", "inoffice", "office") or value is False:
            return "hybrid" if text == "hybrid" else "onsite"
    return facts.mode or ""


def _kept_salary(salary: Any) -> Any:
    if not salary:
        return ""
    low, high, period, text = salary
    return (None if low is None else float(low), None if high is None else float(high), period, clean_line(text, 80))


_JOBS_AT = index_of("jobs")


def _field_jobs(given: Given, name: str, facts: Facts, posted: str | None) -> Any:
    """The jobs the text lists, each (role, link, salary, where in the text), or ""."""
    return ""


def _field_flag(given: Given, name: str, facts: Facts, posted: str | None) -> bool:
    return _truthy(given[name][1]) if name in given else facts.temporary


Given = Mapping[str, tuple[str, Any]]
#: How a field kept in Posting.more is read, by its kind (see tui.fields):
#: from the front matter's names, else from the facts read in the text.
_READERS: dict[str, Callable[[Given, str, Facts, str | None], Any]] = {
    "text": lambda given, name, facts, posted: _field_text(given, name),
    "link": _field_link,
    "salary": _field_salary,
    "date": _field_date,
    "mode": _field_mode,
    "flag": _field_flag,
    "jobs": _field_jobs,
}
_READERS_OF = {"location": _field_location}


def _remote(value: Any) -> bool:
    text = _scalar_text(value)
    return _truthy(value) or (text is not None and text.strip().lower() in ("telecommute", "remote", "fully remote"))


#: How many unplaced names a posting keeps (the header folds them anyway).
MAX_UNPLACED = 50


def unplaced(meta: Mapping[str, Any], names: Mapping[str, Sequence[str]] | None = None) -> list[str]:
    """The front-matter names ``meta`` gives that no field reads (nor a
    site generator), as written, cleaned."""
    table = names_for(names)
    out = []
    for key, value in meta.items():
        if value is None or value == "" or table.field_of(key) is not None or norm(key) in HOUSEKEEPING:
            continue
        out.append(clean_line(key, 40))
        if len(out) >= MAX_UNPLACED:
            break
    return out


def grouped(problems: list[str]) -> list[str]:
    """Identical problems as one line, which says how many times."""
    counts: dict[str, int] = {}
    for problem in problems:
        counts[problem] = counts.get(problem, 0) + 1
    return [problem if n == 1 else f"{problem} ({n:,} times)" for problem, n in counts.items()]
