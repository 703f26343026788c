"""Query syntax, matching, ranking and highlight spans.

The syntax is fzf's: space-separated terms must all match; ``'term`` is an
exact substring, ``^term`` a prefix, ``term$`` a suffix, ``!term`` excludes,
``a | b`` matches either. ``tag:x``, ``org:x``, ``role:x`` and ``title:x``
restrict a term to one field. Plain terms are fuzzy: a substring ranks
highest, then the letters in order (fzf's match), then, for terms of four
letters or more, a close spelling scored by rapidfuzz (``anlaytic`` finds
"analytics"). A term found as written (in a short field or in the text) lists
those postings only: the letters in order and close spellings are offered
for a term that has no such hit at all (a typo), and the result says so.

Nothing here imports Textual.
"""

from __future__ import annotations

import re
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import chain, repeat
from operator import attrgetter
from typing import Any

from tui.posting import Posting

__all__ = ["FIELDS", "Index", "Query", "Term", "as_found", "highlight_spans", "parse_query"]

FIELDS = ("title", "org", "role", "tag", "text")
_FIELD_ALIASES = {"tags": "tag", "organization": "org", "company": "org", "body": "text"}
SEP = "\x1f"
#: Close-spelling matches are looked for among at most this many distinct values.
TYPO_LIMIT = 25_000
TYPO_MIN_LEN = 4
TYPO_CUTOFF = 80.0
#: The longest query the search box takes; the most terms a query searches,
#: and the longest term: no query, however long, costs more than these make.
MAX_QUERY_CHARS = 1000
MAX_TERMS = 12
MAX_TERM_CHARS = 64


@dataclass(frozen=True, slots=True)
class Term:
    text: str
    kind: str = "fuzzy"  # fuzzy | exact | prefix | suffix | equal | phrase (in quotes)
    negate: bool = False
    field: str | None = None

    def __str__(self) -> str:
        text = self.text
        if self.kind == "phrase":
            text = f'"{text}"'
        elif self.kind == "exact":
            text = "'" + text
        elif self.kind in ("prefix", "equal"):
            text = "^" + text
        if self.kind in ("suffix", "equal"):
            text += "$"
        if self.negate:
            text = "!" + text
        return f"{self.field}:{text}" if self.field else text


@dataclass(frozen=True, slots=True)
class Query:
    groups: tuple[tuple[Term, ...], ...]  # every group must match; any term of a group
    left_out: int = 0  # terms beyond MAX_TERMS, not searched
    problems: tuple[str, ...] = ()  # what in the query could not be taken (an unknown field), said to the user
    #: The words that name filters of the user's marks (``is:new``,
    #: ``!status:applied``, ``note:word``: see tui.filters): (field, value, negated).
    marks: tuple[tuple[str, str, bool], ...] = ()

    @property
    def empty(self) -> bool:
        return not self.groups

    @property
    def positive(self) -> list[Term]:
        return [t for group in self.groups for t in group if not t.negate]


#: What a field may be called: letters only, so "10:30" or "c++:" stay text.
_FIELD_NAME = re.compile(r"[A-Za-z]+")


def unknown_field(name: str) -> str:
    known = " ".join(f"{field}:" for field in (*FIELDS, *MARK_FIELDS))
    return f"no field '{name}': try {known}"


def _term(token: str) -> Term | str | None:
    """One token as a Term; a problem to say (str); None when it asks for
    nothing (``tag:`` with no value yet: everything matches, the list stays)."""
    field = None
    negate = token.startswith("!")
    if negate:
        token = token[1:]
    head, sep, rest = token.partition(":")
    if sep and _FIELD_NAME.fullmatch(head) and not token.startswith(("'", '"', "^")):
        name = head.lower()
        if name not in FIELDS and name not in _FIELD_ALIASES:
            return unknown_field(head)
        field = _FIELD_ALIASES.get(name, name)
        token = rest
        if token.startswith("!"):  # tag:!intern as !tag:intern
            negate, token = True, token[1:]
    kind = "fuzzy"
    if token.startswith('"'):
        kind, token = "phrase", token[1:].removesuffix('"')
        token = " ".join(token.split())
    elif token.startswith("'"):
        kind, token = "exact", token[1:]
    elif token.startswith("^"):
        kind, token = "prefix", token[1:]
    if kind != "phrase" and token.endswith("$") and len(token) > 1:
        kind, token = ("equal" if kind == "prefix" else "suffix"), token[:-1]
    if negate and kind == "fuzzy":
        kind = "exact"  # as in fzf: !term excludes exact matches
    token = token.lower()[:MAX_TERM_CHARS]
    if not token:
        return None
    return Term(token, kind, negate, field)


#: A token: a run of anything but spaces, where a double-quoted part may hold spaces.
_TOKEN = re.compile(r'(?:[^\s"]*"[^"]*"?[^\s"]*)+|\S+')


def parse_query(text: str) -> Query:
    """``'data "data director" !intern | tag:vendor'`` to a Query: at most
    MAX_TERMS terms (the rest counted in ``left_out``), each cut to
    MAX_TERM_CHARS; an unknown field is a problem, not text."""
    groups: list[list[Term]] = []
    problems: list[str] = []
    join_next = False
    terms = left_out = 0
    marks: list[tuple[str, str, bool]] = []
    for token in _TOKEN.findall(text[:MAX_QUERY_CHARS]):
        if token == "|":
            join_next = bool(groups)
            continue
        mark = _mark_word(token)
        if mark is not None:
            if isinstance(mark, str):
                if mark not in problems:
                    problems.append(mark)
            elif mark[1] and mark not in marks:
                marks.append(mark)
            join_next = False
            continue
        term = _term(token[: MAX_TERM_CHARS + 8] if '"' not in token else token[: MAX_TERM_CHARS * 2])
        if isinstance(term, str):
            if term not in problems:
                problems.append(term)
            continue
        if term is None:
            continue
        if terms == MAX_TERMS:
            left_out += 1
            continue
        terms += 1
        if join_next and groups:
            groups[-1].append(term)
        else:
            groups.append([term])
        join_next = False
    return Query(tuple(tuple(g) for g in groups), left_out, tuple(problems), tuple(marks))


#: The query's fields that name filters of the user's marks (see tui.filters).
MARK_FIELDS = ("is", "status", "has", "note", "salary", "deadline", "posted", "location", "open")


def _mark_word(token: str) -> tuple[str, str, bool] | str | None:
    """``is:new``, ``!status:applied``, ``note:"to call"`` as (field, value,
    negated); a problem to say; None if the token is not one."""
    negate = token.startswith("!")
    head, sep, rest = token[negate:].partition(":")
    name = head.lower()
    if not sep or name not in MARK_FIELDS:
        return None
    if rest.startswith("!"):
        negate, rest = True, rest[1:]
    value = " ".join(rest.strip('"').split())[:MAX_TERM_CHARS]
    if not value:
        return (name, "", negate)  # nothing asked yet
    from tui.filters import filter_for  # only once a query names one: the marks' module costs at start

    made = filter_for(name, value)
    if isinstance(made, str):
        return made
    return (name, made.word.partition(":")[2] if name != "note" else value, negate)


_IMPORTING = threading.Lock()


def rapidfuzz() -> tuple[Any, Any]:
    """rapidfuzz's fuzz and process modules, imported on first use (40 ms)
    by one thread at a time: two threads importing them at once can see a
    half-made module (importlib breaks the deadlock that way)."""
    with _IMPORTING:
        from rapidfuzz import fuzz, process
    return fuzz, process


NO_MATCH = -1
#: Score offsets: a match in the role beats one in the organization, which
#: beats one in a tag.
FIELD_WEIGHT = {"role": 0, "org": -100, "tag": -250}


#: With the text searched too: a short-field score at or above WRITTEN is the
#: term as written (a substring, whatever the field's weight); a hit in the
#: text scores TEXT_HIT and up (0-99 on top), above every other short-field
#: hit and below those.
WRITTEN = 700
TEXT_HIT = 1000
#: In the text, a term this long or longer matches the start of a word too
#: (``remot`` finds "remote"); a shorter one is a whole word: ``r`` finds
#: "Python or R", not "research" (one or two letters start a word in nearly
#: every posting).
PREFIX_FROM = 3


def _text_prefix(term: Term) -> bool:
    """Whether ``term`` matches the start of a word in the text, not only a whole one."""
    return term.kind != "phrase" and len(term.text) >= PREFIX_FROM


#: Scores at or above this come from a substring or the letters in order,
#: which a longer query can only lose: narrowing from a shorter query is exact.
ORDERED = 300


def score_values(term: Term, values: Sequence[str], candidates: Any = None) -> Any:
    """Score ``term`` against each of ``values`` (lower-case); NO_MATCH where none.

    Fuzzy terms: a substring scores 1000-1300 (more at a word start, less the
    further in), the letters in order 300-600 (more when close together), a
    close spelling 240-297 (rapidfuzz partial_ratio >= 80). ``candidates``, if
    given, are the only values that can match other than by close spelling.
    """
    import numpy as np

    n = len(values)
    t = term.text
    kind = term.kind
    if kind == "prefix":
        return np.fromiter((1100 if v.startswith(t) else NO_MATCH for v in values), np.int32, n)
    if kind == "suffix":
        return np.fromiter((1100 if v.endswith(t) else NO_MATCH for v in values), np.int32, n)
    if kind == "equal":
        return np.fromiter((1200 if v == t else NO_MATCH for v in values), np.int32, n)
    scores = np.full(n, NO_MATCH, np.int32)
    idx = np.arange(n) if candidates is None else candidates
    subset = values if candidates is None else [values[k] for k in candidates.tolist()]
    m = len(subset)
    find = str.find
    pos = np.fromiter(map(find, subset, repeat(t, m)), np.int32, m)
    word = np.fromiter(map(find, subset, repeat(" " + t, m)), np.int32, m)
    scores[idx] = np.where(
        pos == 0,
        1300,
        np.where(word >= 0, 1200 - np.minimum(word, 200), np.where(pos > 0, 1000 - np.minimum(pos, 200), NO_MATCH)),
    )
    if kind in ("exact", "phrase") or len(t) < 2:
        return scores
    _score_in_order(t, values, idx[pos < 0], scores)
    if len(t) >= TYPO_MIN_LEN:
        # A close spelling of the term, not a value found inside it: a short
        # value ("it") is not a typo of a long term ("supermajority").
        rest = np.flatnonzero((scores < 0) & (_lengths(values) >= len(t) - 1))
        if 0 < len(rest) <= TYPO_LIMIT:
            fuzz, process = rapidfuzz()
            choices = [values[k] for k in rest.tolist()]
            # Threads pay off only for many values: for a few hundred,
            # starting them costs three times the scoring.
            workers = -1 if len(choices) >= 10_000 else 1
            close = process.cdist(
                [t], choices, scorer=fuzz.partial_ratio, score_cutoff=TYPO_CUTOFF, dtype=np.uint8, workers=workers
            )[0]
            hit = close > 0
            scores[rest[hit]] = (close[hit].astype(np.int32) * 297) // 100
    return scores


_LENGTHS: dict[int, tuple[Sequence[str], Any]] = {}


def _lengths(values: Sequence[str]) -> Any:
    """The length of each of ``values`` (kept per list: an index's values do not change)."""
    import numpy as np

    kept = _LENGTHS.get(id(values))
    if kept is None or kept[0] is not values:
        if len(_LENGTHS) > 64:
            _LENGTHS.clear()
        kept = _LENGTHS[id(values)] = (values, np.fromiter(map(len, values), np.int32, len(values)))
    return kept[1]


@lru_cache(maxsize=256)
def _in_order_per_line(text: str) -> re.Pattern[str]:
    """The letters of ``text`` in order within one line, each at its first
    chance (the leftmost, shortest such match): every run up to the next
    letter is a negated class, so no line costs more than a scan."""
    first, rest = re.escape(text[0]), text[1:]
    steps = "".join(f"[^\\n{re.escape(c)}]*{re.escape(c)}" for c in rest)
    return re.compile(f"(?m)^[^\\n{first}]*({first}{steps})")


#: Up to this many letters to look for (values times letters of the term),
#: each value is searched with str.find: compiling the one-pass pattern
#: (0.15-0.3 ms) costs more than that search on a few hundred values.
IN_ORDER_FIND_LIMIT = 5000


def _in_order_by_find(t: str, subset: Sequence[str]) -> list[tuple[int, int, int]]:
    """(n, start, end) where ``subset[n]`` has the letters of ``t`` in order,
    each at its first chance (what the patterns below match)."""
    find = str.find
    first, rest = t[0], t[1:]
    found = []
    for n, value in enumerate(subset):
        start = end = find(value, first)
        if start < 0:
            continue
        for char in rest:
            end = find(value, char, end + 1)
            if end < 0:
                break
        else:
            found.append((n, start, end + 1))
    return found


def _score_in_order(t: str, values: Sequence[str], rows: Any, scores: Any) -> None:
    """Score 300-600 where ``values[k]`` (k in ``rows``) has the letters of ``t``
    in order: more when they are close together and early. Many values take
    one regex pass over them joined as lines, a few a str.find per letter."""
    import numpy as np

    ks = rows.tolist()
    if not ks:
        return
    subset = [values[k] for k in ks]
    text = "\n".join(subset) if len(subset) * len(t) > IN_ORDER_FIND_LIMIT else None
    if text is None or "\n" in t or text.count("\n") != len(subset) - 1:  # few values, or line breaks
        found = _in_order_by_find(t, subset)
        if not found:
            return
        line, start, end = (np.array(c, np.int64) for c in zip(*found, strict=True))
    else:
        spans = [m.span(1) for m in _in_order_per_line(t).finditer(text)]
        if not spans:
            return
        at = np.array(spans, np.int64)
        lengths = np.fromiter(map(len, subset), np.int64, len(subset)) + 1
        line_starts = np.concatenate(([0], np.cumsum(lengths)[:-1]))
        line = np.searchsorted(line_starts, at[:, 0], side="right") - 1
        start, end = at[:, 0] - line_starts[line], at[:, 1] - line_starts[line]
    spread = end - start - len(t)
    scores[rows[line]] = 600 - np.minimum(spread * 4, 280) - np.minimum(start, 20)


class _Column:
    """One field of every posting, as unique values (``key`` of the field's
    value) and a value id per row. The field repeats a lot: ``key`` runs once
    per distinct value, and each row costs one dictionary lookup made in C."""

    def __init__(self, raw: Sequence[Any], key: Callable[[Any], str]) -> None:
        import numpy as np

        unique: dict[str, int] = {}
        setdefault = unique.setdefault
        id_of = {value: setdefault(key(value), len(unique)) for value in dict.fromkeys(raw)}
        self.ids = np.fromiter(map(id_of.__getitem__, raw), np.int32, len(raw))
        self.values = list(unique)


class Index:
    """The postings of a board, prepared for matching.

    Fields repeat a lot (the same organizations, roles and tag sets), so every
    term is scored once per distinct value of a field, and the scores reach
    the rows through numpy indexing: a keystroke costs work in proportion to
    the distinct values, not to the postings.
    """

    def __init__(self, postings: Sequence[Posting]) -> None:
        import numpy as np

        self.postings = postings
        self.role = _Column(list(map(attrgetter("role"), postings)), str.lower)
        self.org = _Column(list(map(attrgetter("org"), postings)), str.lower)
        self.tagsets = _Column(list(map(attrgetter("tags"), postings)), SEP.join)
        self.tag_names: list[str] = []
        tag_ids: dict[str, int] = {}
        members = []
        for tagset in self.tagsets.values:
            members.append([tag_ids.setdefault(t, len(tag_ids)) for t in tagset.split(SEP) if t])
        self.tag_names = list(tag_ids)
        self.tagset_members: list[list[int]] = members
        # members[s] as a matrix: row s has True under each tag of tag set s.
        self.membership = np.zeros((len(members), max(1, len(tag_ids))), bool)
        lengths = np.fromiter(map(len, members), np.int64, len(members))
        columns = np.fromiter(chain.from_iterable(members), np.int64, int(lengths.sum()))
        self.membership[np.repeat(np.arange(len(members)), lengths), columns] = True
        self._np = np
        self._term_cache: OrderedDict[tuple[str, Term], Any] = OrderedDict()
        self.bodies: Any = None  # a BodyIndex once it is ready (tui.bodies): terms search the text too
        self._cache_lock = threading.Lock()
        self._row_of_number: Any = None  # the body index's row number -> our row

    def set_bodies(self, bodies: Any) -> None:
        """Search the postings' text in ``bodies`` (a :class:`tui.bodies.BodyIndex`,
        up to date: its row numbers are mapped to ours now) from now on."""
        np = self._np
        row_of = {p.id: row for row, p in enumerate(self.postings)}
        live = bodies.live()
        self._row_of_number = np.full(max(live, default=0) + 1, -1, np.int64)
        for number, posting_id in live.items():
            row = row_of.get(posting_id)
            if row is not None:
                self._row_of_number[number] = row
        self.bodies = bodies
        self._term_cache = OrderedDict((key, v) for key, v in self._term_cache.items() if key[0] != "text")

    def _body_scores(self, term: Term) -> Any:
        """Per row: 0-99 for a posting whose text has the term (more relevant
        higher), NO_MATCH elsewhere; all NO_MATCH while there is no body index."""
        np = self._np
        key = ("text", term)
        cached = self._term_cache.get(key)
        if cached is not None:
            return cached
        scores = np.full(len(self.postings), NO_MATCH, np.int32)
        if self.bodies is not None:
            from tui.bodies import fts_phrase

            found, ranks = self.bodies.numbers(fts_phrase(term.text, prefix=_text_prefix(term)))
            if len(found):
                row_of = self._row_of_number
                inside = found < len(row_of)
                rows = np.full(len(found), -1, np.int64)
                rows[inside] = row_of[found[inside]]
                live = rows >= 0  # rows of postings changed or gone since are stale
                if ranks is None:
                    scores[rows[live]] = 50
                else:
                    relevance = ranks[live]
                    top = relevance.max() if len(relevance) else 0.0
                    scores[rows[live]] = (99 * relevance / top).astype(np.int32) if top > 0 else 50
        self._keep(key, scores)
        return scores

    def __len__(self) -> int:
        return len(self.postings)

    # ------------------------------------------------------------------
    def _scores(self, column: str, term: Term) -> Any:
        key = (column, term)
        cached = self._term_cache.get(key)
        if cached is None:
            if column == "tag":
                tag_scores = score_values(term, self.tag_names)
                if not len(tag_scores):
                    tag_scores = self._np.full(1, NO_MATCH, self._np.int32)
                cached = self._np.where(self.membership, tag_scores[None, :], NO_MATCH).max(axis=1, initial=NO_MATCH)
            else:
                cached = score_values(term, getattr(self, column).values, self._narrow(column, term))
            self._keep(key, cached)
        return cached

    def _keep(self, key: tuple[str, Term], scores: Any) -> None:
        """Keep a term's scores (the text's thread and the UI's both keep theirs)."""
        with self._cache_lock:
            self._term_cache[key] = scores
            while len(self._term_cache) > 256:
                self._term_cache.popitem(last=False)

    def _narrow(self, column: str, term: Term) -> Any:
        """Values that can still match ``term`` in order, from the longest
        cached fuzzy term it extends (typing one more letter)."""
        if term.kind not in ("fuzzy", "exact"):
            return None
        best = None
        for length in range(len(term.text) - 1, 0, -1):
            shorter = Term(term.text[:length], term.kind, term.negate, term.field)
            best = self._term_cache.get((column, shorter))
            if best is not None:
                return self._np.flatnonzero(best >= ORDERED)
        return None

    def _term_rows(self, term: Term, text: bool = True) -> tuple[Any, bool]:
        """Per row: the term's best score over the fields it looks at; and
        whether its hits are close ones only (its letters in order or a close
        spelling: it has no hit as written). With a body index, a term with no
        field also looks in the text: the term as written in a short field
        ranks first, then the term in the text. A term found as written
        anywhere on the board keeps those hits only; one found nowhere so
        (a typo) has its close matches instead."""
        np = self._np
        if term.field == "text":
            return (self._body_scores(term) if text else np.full(len(self.postings), NO_MATCH, np.int32)), False
        scores = self._short_rows(term)
        if text and term.field is None and self.bodies is not None and term.kind not in ("prefix", "suffix", "equal"):
            body = self._body_scores(term)
            scores = np.where(scores >= WRITTEN, scores + 2 * TEXT_HIT, np.where(body >= 0, body + TEXT_HIT, scores))
        if term.kind != "fuzzy" or term.field == "tag":
            return scores, False  # every hit is one as written
        written = scores >= WRITTEN
        if written.any():
            return np.where(written, scores, NO_MATCH), False
        return scores, bool((scores >= 0).any())

    def _short_rows(self, term: Term) -> Any:
        np = self._np
        if term.field == "tag":
            tag_term = term if term.kind != "fuzzy" else Term(term.text, "prefix", term.negate, "tag")
            return self._scores("tag", tag_term)[self.tagsets.ids]
        fields: tuple[str, ...] = ("role", "org", "tag")
        if term.field == "title":
            fields = ("role", "org")
        elif term.field in ("role", "org"):
            fields = (term.field,)
        best = None
        for name in fields:
            column = self.tagsets if name == "tag" else getattr(self, name)
            per_value = self._scores(name, term)
            weighted = np.where(per_value >= 0, per_value + FIELD_WEIGHT[name], NO_MATCH)  # per value: cheap
            per_row = weighted[column.ids]
            best = per_row if best is None else np.maximum(best, per_row, out=best)
        return best

    def match(self, query: Query | str, mask: Any = None, text: bool = True) -> tuple[Any, Any, tuple[Term, ...]]:
        """(matching row numbers, their scores, the terms matched by close
        matches only), unordered; ``mask`` limits rows; ``text`` false: the
        short fields only (the text follows)."""
        np = self._np
        parsed = parse_query(query) if isinstance(query, str) else query
        total = np.zeros(len(self.postings), np.int32)
        ok = np.ones(len(self.postings), bool) if mask is None else mask.copy()
        close: dict[Term, None] = {}
        for group in parsed.groups:
            group_best = np.full(len(self.postings), NO_MATCH, np.int32)
            for term in group:
                if term.negate:
                    hit = self._term_rows(Term(term.text, term.kind, False, term.field), text)[0] >= 0
                    group_best = np.where(~hit, np.maximum(group_best, 0), group_best)
                else:
                    scores, only_close = self._term_rows(term, text)
                    group_best = np.maximum(group_best, scores)
                    if only_close:
                        close[term] = None
            ok &= group_best >= 0
            total += np.maximum(group_best, 0)
            if not ok.any():
                break  # nothing left to match: the terms after this one are not scored (a pasted paragraph)
        rows = np.flatnonzero(ok)
        return rows, total[rows], tuple(close)

    def in_text(self, query: Query, rows: Any) -> Any:
        """Per row of ``rows``: True where some term of ``query`` was found in
        the posting's text and not as written in its short fields (the list
        marks those: nothing it shows says why the posting is there)."""
        np = self._np
        found = np.zeros(len(rows), bool)
        if self.bodies is None:
            return found
        for term in query.positive:
            if term.field == "text":
                found |= self._body_scores(term)[rows] >= 0
            elif term.field is None and term.kind not in ("prefix", "suffix", "equal"):
                body = self._body_scores(term)[rows]
                short = self._short_rows(term)[rows]
                found |= (body >= 0) & (short < WRITTEN)
        return found

    def searches_text(self, query: Query) -> bool:
        """Whether ``query`` has a term the text is looked up for (with a body index)."""
        return self.bodies is not None and any(
            term.field in (None, "text") and term.kind not in ("prefix", "suffix", "equal")
            for group in query.groups
            for term in group
        )

    def search(self, query: Query | str, mask: Any = None, text: bool = True) -> Any:
        """Row numbers (numpy) that match, best first; ties keep row order."""
        return self.find(query, mask, text)[0]

    def find(self, query: Query | str, mask: Any = None, text: bool = True) -> tuple[Any, tuple[Term, ...]]:
        """(what :meth:`search` gives, the terms of the query that matched by
        close matches only: found nowhere as written, a typo)."""
        np = self._np
        parsed = parse_query(query) if isinstance(query, str) else query
        if parsed.empty:
            return (np.arange(len(self.postings)) if mask is None else np.flatnonzero(mask)), ()
        rows, scores, close = self.match(parsed, mask, text)
        return rows[np.argsort(-scores, kind="stable")], close

    def tag_mask(self, tags: Iterable[str], any_of: bool = False) -> Any:
        """Rows that carry all (or any) of ``tags``."""
        np = self._np
        tags = list(tags)
        wanted = [self.tag_names.index(t) for t in tags if t in self.tag_names]
        if not self.tagset_members or (not any_of and len(wanted) < len(tags)):
            return np.zeros(len(self.postings), bool)
        has = self.membership[:, wanted]
        per_set: Any = has.any(axis=1) if any_of else has.all(axis=1)
        return per_set[self.tagsets.ids]

    def tag_counts(self, rows: Any) -> dict[str, int]:
        """How many of ``rows`` carry each tag."""
        np = self._np
        per_set = np.bincount(self.tagsets.ids[rows], minlength=len(self.tagset_members))
        counts = per_set @ self.membership[:, : len(self.tag_names)].astype(np.int64)
        return {name: int(c) for name, c in zip(self.tag_names, counts.tolist(), strict=True) if c}


# --------------------------------------------------------------------------
# Highlighting


def _merge(spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if out and start <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], end))
        else:
            out.append((start, end))
    return out


def _term_spans(term: Term, text: str) -> list[tuple[int, int]]:
    low = text.lower()
    t = term.text
    if term.kind == "prefix":
        return [(0, len(t))] if low.startswith(t) else []
    if term.kind == "suffix":
        return [(len(low) - len(t), len(low))] if low.endswith(t) else []
    if term.kind == "equal":
        return [(0, len(t))] if low == t else []
    p = low.find(t)
    if p >= 0:
        return [(p, p + len(t))]
    if term.kind in ("exact", "phrase"):
        return []
    spans = []
    pos = -1
    for c in t:  # the letters in order, each at its first chance
        pos = low.find(c, pos + 1)
        if pos < 0:
            break
        spans.append((pos, pos + 1))
    else:
        return spans
    if len(t) >= TYPO_MIN_LEN and len(low) >= len(t) - 1:
        fuzz, _ = rapidfuzz()
        alignment = fuzz.partial_ratio_alignment(t, low, score_cutoff=TYPO_CUTOFF)
        if alignment is not None and alignment.dest_end > alignment.dest_start:
            return [(alignment.dest_start, alignment.dest_end)]
    return []


def as_found(query: Query, close: Iterable[Term]) -> Query:
    """``query`` as the short fields' highlights show what it found: a term
    found as written (not among ``close``) lights where it is written, never
    its letters scattered in another field."""
    close = set(close)

    def found(term: Term) -> Term:
        if term.kind != "fuzzy" or term.field in ("tag", "text") or term in close:
            return term
        return Term(term.text, "exact", term.negate, term.field)

    return Query(tuple(tuple(map(found, group)) for group in query.groups), query.left_out, query.problems)


def text_pattern(query: Query) -> re.Pattern[str] | None:
    """What ``query`` finds in a posting's text, as one pattern for the text
    pane's highlights: each word at the start of a word (a term of one or two
    letters: the whole word), a phrase's words in order, accents folded as the
    text index folds them (None: nothing to find there)."""
    parts = []
    for term in query.positive:
        if term.field not in (None, "text") or term.kind in ("prefix", "suffix", "equal"):
            continue
        words = [_folded(word) for word in re.findall(r"\w+", term.text)]
        if words:
            parts.append(r"(?<!\w)" + r"\W+".join(words) + (r"\w*" if _text_prefix(term) else r"(?!\w)"))
    if not parts:
        return None
    return re.compile("|".join(sorted(set(parts), key=len, reverse=True)), re.IGNORECASE)


def find_pattern(text: str) -> re.Pattern[str] | None:
    """What a search inside one posting finds: ``text`` anywhere (in a word
    too, as a browser's find does), case and accents folded, any run of
    spaces or punctuation between its words matching any other (None: empty)."""
    words = [_folded(word) for word in re.split(r"[\W_]+", text) if word]
    if not words:
        return None
    return re.compile(r"[\W_]+".join(words), re.IGNORECASE)


@lru_cache(maxsize=1)
def _accented() -> dict[str, str]:
    """Each unaccented Latin letter -> it and its accented forms, as a regex class."""
    import unicodedata

    forms: dict[str, set[str]] = {}
    for code in range(0xC0, 0x250):
        char = chr(code)
        base = unicodedata.normalize("NFKD", char)[:1].lower()
        if base.isascii() and base.isalpha():
            forms.setdefault(base, {base}).add(char.lower())
    return {base: "[" + "".join(sorted(chars)) + "]" for base, chars in forms.items()}


def _folded(word: str) -> str:
    """``word`` as a pattern that matches it with or without accents ("cafe" finds "café")."""
    import unicodedata

    accented = _accented()
    out = []
    for char in word.lower():
        base = unicodedata.normalize("NFKD", char)[:1]
        out.append(accented.get(base, re.escape(char)) if base.isascii() else re.escape(char))
    return "".join(out)


def highlight_spans(query: Query, field: str, text: str) -> list[tuple[int, int]]:
    """Character spans of ``text`` (one field of a posting) that ``query`` matched.

    ``field`` is one of ``title``, ``org``, ``role`` or ``tag`` (for tags, ``text``
    is one tag).
    """
    spans: list[tuple[int, int]] = []
    for term in query.positive:
        if term.field is not None and term.field != field and not (term.field == "title" and field in ("org", "role")):
            continue
        if term.field == "tag" and term.kind == "fuzzy":
            term = Term(term.text, "prefix", False, "tag")
        spans.extend(_term_spans(term, text))
    return _merge(spans)
