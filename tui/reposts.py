"""Reposts: the same job posted more than once, found and grouped.

Two postings are copies when their organization is the same name (case,
punctuation, accents and spacing aside: "AFL-CIO" is "AFL CIO" and "aflcio";
a typo and a short form forgiven; what it says in parentheses aside), their
role is the same (a trailing "(Remote)", "- 2020" or "reposted" aside; a
typo, a plural or a short form such as "Sr." forgiven; but never a word more
or less: "Senior Data Analyst" is not "Data Analyst", "Data Analyst - WI" is
not "Data Analyst", "Analyst II" is not "Analyst I"), and, when their texts
are given, their texts are near-identical (the first 2,000 characters, case
and spacing aside, 85 in 100 alike).

Names are never compared pair by pair in Python. Organizations are blocked by
their normalised name; the few thousand distinct names are compared among
themselves (vectorised, in C, within blocks of a shared start or end), and so
are the distinct roles of one organization. Texts are read only for the
postings whose organization and role matched another's, and compared with the
group's first posting of each text seen (newest first).

A posting with no organization (a title that is not "Org: Role") is grouped
by its whole title. A role that names no job ("Multiple", "Various
positions") groups nothing by itself: such postings are grouped only when
their texts are given and alike.

Nothing here imports Textual.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np
from rapidfuzz import fuzz, process

from tui.posting import Posting

__all__ = ["ALONE", "Groups", "Stopped", "group_reposts", "org_key", "role_key"]

#: ``Groups.of[i]`` for a posting that is a copy of no other.
ALONE = -1
#: How alike two names must be (rapidfuzz ratio of the normalised names).
NAME_CUTOFF = 90.0
#: How alike two differing words of two names must be to be one word spelt two ways.
WORD_CUTOFF = 85.0
#: How alike two texts must be (ratio of their first TEXT_CHARS, normalised).
TEXT_CUTOFF = 85.0
TEXT_CHARS = 2000
#: Names compared all against all at most; more are split by their start
#: (and, apart, by their end), longer starts until the blocks are this small.
BLOCK = 512
#: A block that no longer splits is compared whole up to this size, else in chunks.
MAX_BLOCK = 4096

_NOT_WORD = re.compile(r"[\W_]+")
_APOSTROPHES = re.compile(r"['’ʼ`]")
_NUMBERISH = re.compile(r"^(\d+|[ivx]+)$")
_YEAR = re.compile(r"^(19|20)\d\d$")
#: Trailing words of a role that say how or when it is posted, not what it is.
_ROLE_NOISE = frozenset(
    {"remote", "hybrid", "onsite", "repost", "reposted", "updated", "extended", "deadline", "new", "urgent"}
)
#: Roles that name no job.
_NO_ROLE = frozenset(
    {
        "",
        "multiple",
        "multiple positions",
        "multiple roles",
        "multiple jobs",
        "multiple openings",
        "various",
        "various positions",
        "various roles",
        "positions",
        "jobs",
        "openings",
        "job",
        "position",
        "opening",
    }
)
#: Short forms written for a word, read as the word.
_SHORT = {
    "sr": "senior",
    "jr": "junior",
    "dir": "director",
    "assoc": "associate",
    "asst": "assistant",
    "natl": "national",
    "intl": "international",
    "eng": "engineer",
    "engr": "engineer",
    "mgr": "manager",
    "mngr": "manager",
    "coord": "coordinator",
    "dept": "department",
    "govt": "government",
}
_PARENTHESES = re.compile(r"\([^()]*\)")
_ORG_DROP_FIRST = frozenset({"the"})
_ORG_DROP_LAST = frozenset({"inc", "llc", "ltd", "pbc"})


def _words(text: str) -> list[str]:
    """Case, accents and punctuation folded away: the words of ``text``."""
    folded = unicodedata.normalize("NFKD", text.casefold().replace("&", " and "))
    folded = "".join(c for c in folded if not unicodedata.combining(c))
    return [_SHORT.get(w, w) for w in _NOT_WORD.split(_APOSTROPHES.sub("", folded)) if w]


def org_key(org: str) -> str:
    """An organization's name as compared, without what it says in
    parentheses: "The AFL-CIO, Inc. (AFL)" -> "afl cio"."""
    words = _words(_PARENTHESES.sub(" ", org)) or _words(org)
    if len(words) > 1 and words[0] in _ORG_DROP_FIRST:
        words = words[1:]
    if len(words) > 1 and words[-1] in _ORG_DROP_LAST:
        words = words[:-1]
    return " ".join(words)


def role_key(role: str) -> str:
    """A role as compared, without the trailing words that say how or when it
    is posted: "Sr. Data Analyst (Remote) - 2020" -> "senior data analyst"."""
    words = _words(role)
    while len(words) > 1 and (words[-1] in _ROLE_NOISE or _YEAR.match(words[-1])):
        words.pop()
    return " ".join(words)


def same_words(a: str, b: str) -> bool:
    """Whether two normalised names that score alike say the same words:
    spaced differently ("afl cio", "aflcio"), or each differing word a
    spelling of one of the other's ("analyst", "analysts", "anlayst"); never
    a word more, and never another number ("ii", "i"; "local 1", "local 2")."""
    if a.replace(" ", "") == b.replace(" ", ""):
        return True
    words_a, words_b = set(a.split()), set(b.split())
    only_a, only_b = words_a - words_b, words_b - words_a
    if not only_a or not only_b:
        return False  # one says all the other says, and more
    if any(_NUMBERISH.match(w) for w in only_a | only_b):
        return False

    def spelt(word: str, others: Iterable[str]) -> bool:
        return len(word) >= 4 and any(len(o) >= 4 and fuzz.ratio(word, o) >= WORD_CUTOFF for o in others)

    return all(spelt(w, only_b) for w in only_a) and all(spelt(w, only_a) for w in only_b)


class _Sets:
    """Union-find over 0..n-1."""

    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, x: int) -> int:
        parent = self.parent
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


class Stopped(Exception):
    """Grouping was asked to stop (the app is quitting)."""


@dataclass
class _Count:
    scored: int = 0  # pairs of names scored in C
    checked: int = 0  # pairs looked at in Python (candidate names, texts)
    stop: threading.Event | None = None  # set: raise Stopped before the next block is scored


def _blocks(ids: list[int], keys: Sequence[str], depth: int, end: bool) -> Iterable[list[int]]:
    """``ids`` split by the first (``end``: last) ``depth`` letters of their
    key, spaces aside, deeper until each block has at most BLOCK."""
    if len(ids) <= BLOCK:
        yield ids
        return
    split: dict[str, list[int]] = {}
    for i in ids:
        letters = keys[i].replace(" ", "")
        split.setdefault(letters[-depth:] if end else letters[:depth], []).append(i)
    if len(split) == 1:  # no longer splits: every key shares these letters
        if depth < 24:
            yield from _blocks(ids, keys, depth + 4, end)
        else:
            for start in range(0, len(ids), MAX_BLOCK):
                yield ids[start : start + MAX_BLOCK]
        return
    for part in split.values():
        yield from _blocks(part, keys, depth + 2, end)


def _close_pairs(keys: Sequence[str], count: _Count) -> set[tuple[int, int]]:
    """The pairs (i < j) of distinct ``keys`` that are one name: alike by
    NAME_CUTOFF, scored in C within blocks, then :func:`same_words`."""
    if len(keys) < 2:
        return set()
    ids = list(range(len(keys)))
    blocks = [ids] if len(ids) <= BLOCK else [*_blocks(ids, keys, 3, False), *_blocks(ids, keys, 3, True)]
    pairs: set[tuple[int, int]] = set()
    seen: set[tuple[int, int]] = set()
    for block in blocks:
        if len(block) < 2:
            continue
        if count.stop is not None and count.stop.is_set():
            raise Stopped  # never left in C++ while the interpreter shuts down
        names = [keys[i] for i in block]
        scores = process.cdist(names, names, scorer=fuzz.ratio, score_cutoff=NAME_CUTOFF, dtype=np.uint8)
        count.scored += len(block) * len(block)
        rows, cols = np.nonzero(np.triu(scores, 1))
        for r, c in zip(rows.tolist(), cols.tolist(), strict=True):
            pair = (block[r], block[c]) if block[r] < block[c] else (block[c], block[r])
            if pair in seen:
                continue
            seen.add(pair)
            count.checked += 1
            if same_words(keys[pair[0]], keys[pair[1]]):
                pairs.add(pair)
    return pairs


def _name_classes(keys: list[str], count: _Count) -> list[int]:
    """For each of the distinct ``keys``, the index of the first key of its
    class of names that are one name."""
    sets = _Sets(len(keys))
    for a, b in _close_pairs(keys, count):
        sets.union(a, b)
    return [sets.find(i) for i in range(len(keys))]


def _text(body: str) -> str:
    return " ".join(body[: TEXT_CHARS * 2].casefold().split())[:TEXT_CHARS]


@dataclass
class Groups:
    """Reposts of a board. ``of[i]``: posting ``i``'s group, ALONE (-1) when it
    is a copy of no other. Groups are numbered 0, 1, ... in the order of their
    first posting on the board. ``members[g]``: the postings of group ``g``,
    newest first (by date; undated last; the board's order among equals)."""

    of: list[int]
    members: dict[int, list[int]]
    #: Pairs of names scored in C and pairs looked at in Python (names that
    #: scored alike, texts compared): what grouping cost.
    scored: int = 0
    checked: int = 0
    #: Postings whose text was asked for.
    read: set[int] = field(default_factory=set)

    def __len__(self) -> int:
        return len(self.members)

    def newest(self, group: int) -> int:
        """The newest posting of ``group``."""
        return self.members[group][0]

    def copies(self, index: int) -> list[int]:
        """Posting ``index``'s group, newest first; ``[index]`` when alone."""
        group = self.of[index]
        return [index] if group == ALONE else self.members[group]


def group_reposts(
    postings: Sequence[Posting],
    bodies: Callable[[int], str] | None = None,
    stop: threading.Event | None = None,
) -> Groups:
    """Group the postings that are the same job posted again (see the module).
    ``bodies(i)``: posting ``i``'s text, asked only of the postings whose
    organization and role matched another's; without it, organization and
    role decide. ``stop``: once set, :class:`Stopped` is raised before the
    next block of names is scored (in C++, which a thread must not be in when
    the interpreter shuts down)."""
    count = _Count(stop=stop)
    n = len(postings)
    # Each posting's organization and role as compared, through the distinct names.
    org_names: dict[str, int] = {}
    org_of: list[int] = []
    role_of: list[str] = []
    org_keys: dict[str, str] = {}
    role_keys: dict[str, str] = {}
    for posting in postings:
        org = posting.org
        key = org_keys.get(org)
        if key is None:
            key = org_keys[org] = org_key(org)
        org_of.append(org_names.setdefault(key, len(org_names)))
        role = posting.role if org else posting.title
        rkey = role_keys.get(role)
        if rkey is None:
            rkey = role_keys[role] = role_key(role)
        role_of.append(rkey)
    # One organization however spelt; no organization is a class of its own.
    names = list(org_names)
    named = [i for i, name in enumerate(names) if name]
    classes = _name_classes([names[i] for i in named], count)
    org_class = [-1] * len(names)
    for position, i in enumerate(named):
        org_class[i] = named[classes[position]]
    if "" in org_names:
        org_class[org_names[""]] = org_names[""]
    # The postings of each organization, by role.
    by_org: dict[int, dict[str, list[int]]] = {}
    for i in range(n):
        if role_of[i] in _NO_ROLE and bodies is None:
            continue
        by_org.setdefault(org_class[org_of[i]], {}).setdefault(role_of[i], []).append(i)
    candidates: list[list[int]] = []
    for roles in by_org.values():
        if len(roles) == 1:
            (only,) = roles.values()
            if len(only) > 1:
                candidates.append(only)
            continue
        if sum(len(v) for v in roles.values()) < 2:
            continue
        role_names = list(roles)
        role_class = _name_classes(role_names, count)
        joined: dict[int, list[int]] = {}
        for position, name in enumerate(role_names):
            if name in _NO_ROLE:  # with texts only: "Multiple" is one class, never joined to a role
                joined.setdefault(-1 - position, []).extend(roles[name])
            else:
                joined.setdefault(role_class[position], []).extend(roles[name])
        candidates.extend(group for group in joined.values() if len(group) > 1)
    dates = [p.date or "" for p in postings]
    order = sorted(range(n), key=dates.__getitem__, reverse=True)  # stable: the board's order among equals
    rank = [0] * n
    for position, i in enumerate(order):
        rank[i] = position
    found: list[list[int]] = []
    read: set[int] = set()
    for candidate in candidates:
        candidate.sort(key=rank.__getitem__)
        if bodies is None:
            found.append(candidate)
        else:
            found.extend(_by_text(candidate, bodies, count, read))
    found.sort(key=min)
    of = [ALONE] * n
    members: dict[int, list[int]] = {}
    for number, group in enumerate(found):
        members[number] = group
        for i in group:
            of[i] = number
    return Groups(of, members, count.scored, count.checked, read)


def _by_text(candidate: list[int], bodies: Callable[[int], str], count: _Count, read: set[int]) -> list[list[int]]:
    """``candidate`` (newest first) split by text: each posting joins the
    first group (newest first) whose first text is like its own; the groups
    of two or more. A text that cannot be read, or is empty, matches none."""
    leaders: list[str] = []
    groups: list[list[int]] = []
    for i in candidate:
        read.add(i)
        try:
            text = _text(bodies(i) or "")
        except (OSError, UnicodeError, ValueError):
            text = ""
        if not text:
            continue
        best = None
        if leaders:
            count.checked += len(leaders)
            best = process.extractOne(text, leaders, scorer=fuzz.ratio, score_cutoff=TEXT_CUTOFF)
        if best is None:
            leaders.append(text)
            groups.append([i])
        else:
            groups[best[2]].append(i)
    return [group for group in groups if len(group) > 1]
