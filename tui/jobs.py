"""Several jobs in one posting: each with its role, its own application link
and its own pay.

Two forms are read:

- a list of link lines, one a job: ``[Data Analyst](https://...): ... $60,000``
  or ``* [Data Engineer](https://...) - $50k``; the label is the role;
- a heading a job (``## Data Analyst``, ``**Data Analyst**``, ``Data Analyst:``
  or a title-cased line of its own, ``Data Analyst: what the job is``),
  followed by its text; the first link of that text is the job's.

A posting is several jobs only when at least two jobs have each their own
link and role-like names (short, title-cased, naming a job: Analyst,
Director, Engineer...). Section headings (Responsibilities, About us, How to
apply...), lists of links to other pages and a single job with several links
are one job: ``jobs_of`` gives [] for them.

Plain Python, linear in the text: the links are found by a regular
expression with a literal start, the capitalised job words by one
Aho-Corasick pass, and only their lines are looked at; a text with fewer
than two links is answered at once.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import ahocorasick_rs

from tui.facts import salary_of
from tui.text import clean_line, clean_text

__all__ = ["Job", "jobs_of"]

#: At most this many jobs are read from one posting (and this many candidate lines looked at, times ten).
MAX_JOBS = 100
_MAX_CANDIDATES = MAX_JOBS * 10
#: A role is at most this long (characters, words).
_ROLE_CHARS = 100
_ROLE_WORDS = 12


def _set(words: str) -> frozenset[str]:
    return frozenset(words.split())


@dataclass(frozen=True, slots=True)
class Job:
    """One job of a posting that lists several."""

    role: str  # as written, one line, clean
    link: str  # its application link ("" if none)
    salary: tuple[Any, ...] | str  # (min, max, period, words) as a posting's salary is kept, or ""
    start: int  # where its part of the text starts (characters)


_JOB_WORDS = _set(
    """analyst manager director engineer scientist organizer organiser coordinator associate fellow
    fellowship intern internship strategist lead developer specialist officer executive administrator
    dba designer assistant consultant advisor adviser architect editor writer producer researcher
    statistician programmer technician representative head chief modeler trainer apprentice
    counsel planner economist accountant auditor"""
)
# What a section heading or a link to another page starts with: not a role.
_NOT_ROLE_START = _set(
    """about how why what who where when responsibilities responsibility qualifications qualification
    requirements requirement benefits benefit salary compensation pay skills duties overview position
    positions job jobs description summary our your to apply application applications reporting reports
    read see learn more check visit view follow join contact email download watch sign meet click hiring
    preferred required ideal other additional all open current team culture location
    essential key nice must"""
)
# Words that make a heading a section wherever they are ("Duration of the Internship").
_SECTION_WORDS = _set(
    """summary responsibilities qualifications requirements benefits duties overview functions duration
    description compensation salary expectations"""
)
# Words of a link label that points elsewhere ("Job description here", "See more and apply").
_GENERIC = _set(
    """here apply click more description website page site learn read link careers jobs posting
    postings openings opportunities details info information multiple various"""
)
# Words a title-cased name may keep in lower case.
_SMALL = _set("of and the for in to a an with on at or by & - – — / + vs")

# A Markdown link: [label](url), the url http(s) or mailto.
_MD_LINK = re.compile(
    r"\[([^\[\]\n]{1,300})\][ \t]?\(\s*<?((?:https?://|mailto:)[^\s()<>]+)>?\s*(?:\"[^\"\n]*\"\s*)?\)"
)
# A bare url (also inside a Markdown link or an href): the first of a job's part is its link.
_URL = re.compile(r"https?://[^\s()<>\[\]\"'`]+")
# What may come before a job's link on its line: bullets, numbers, <br>, heading marks, emphasis.
_LEAD = re.compile(r"(?:\s|<br\s*/?>|[*+>#_-]|\d{1,3}[.)])*", re.IGNORECASE)
# A label that names the role inside a sentence: "Apply for the Data Coordinator
# position here", "See more about the Data Engineer role and apply here",
# "Software Engineer details here".
_SAY_BEFORE = ("apply for ", "apply to ", "see more about ", "read more about ", "learn more about ", "click here for ")
_SAY_AFTER = (" here", " and apply", " position", " role", " job", " opening", " details", " description")
_ARTICLES = ("the ", "our ", "a ", "an ")
_WORD = re.compile(r"[A-Za-z][A-Za-z'’.]*")
# An aside in brackets ("Data Scientist (new posting!)"): left out of the checks.
_ASIDE = re.compile(r"\([^()\n]*\)")
_MARKS = " \t*_#:.;,-–—|>"


def _cue_words() -> list[str]:
    words = sorted(_JOB_WORDS)
    return [w.capitalize() for w in words] + [w.upper() for w in words]


_CUES = _cue_words()
_matcher: list[ahocorasick_rs.AhoCorasick] = []


def _words(text: str) -> list[str]:
    return _WORD.findall(text)


def _has_job_word(words: list[str]) -> bool:
    for word in words:
        low = word.lower().rstrip(".’'")
        if low in _JOB_WORDS or (low.endswith("s") and low[:-1] in _JOB_WORDS):
            return True
    return False


def _title_cased(text: str) -> bool:
    """Every word of ``text`` starts with a capital (or a digit), small words aside."""
    seen = False
    for word in text.split():
        first = word.lstrip("(\"'“‘[")[:1]
        if not first or not first.isalpha():
            continue
        if first.islower() and word.lower() not in _SMALL:
            return False
        seen = True
    return seen


def _role_like(text: str, *, label: bool = False) -> bool:
    """``text`` names a job: short, title-cased, not a section, with a job word
    (a link label in a list may lack the job word, checked on the list)."""
    if not text or len(text) > _ROLE_CHARS or "http" in text or "](" in text:
        return False
    text = _ASIDE.sub(" ", text)
    words = _words(text)
    if not words or len(words) > _ROLE_WORDS or words[0].lower() in _NOT_ROLE_START:
        return False
    if any(w.lower() in _SECTION_WORDS for w in words):
        return False
    if label:
        return not any(w.lower() in _GENERIC for w in words)
    return _title_cased(text) and _has_job_word(words)


def _named_in(text: str) -> str | None:
    """The role a sentence-like label names, "" if it names none, None if
    ``text`` is not such a label."""
    low = text.lower()
    start, end = 0, len(text)
    said = False
    for before in _SAY_BEFORE:
        if low.startswith(before):
            start, said = len(before), True
            for article in _ARTICLES:
                if low.startswith(article, start):
                    start += len(article)
                    break
            break
    cut = True
    while cut and end > start:
        cut = False
        for after in _SAY_AFTER:
            if low.endswith(after, start, end):
                end, said, cut = end - len(after), True, True
    if not said:
        return None
    named = text[start:end].strip(_MARKS)
    return named if _role_like(named, label=True) and _has_job_word(_words(named)) else ""


def _label_role(label: str) -> str:
    """The role a link label names ("Apply for the Data Coordinator position
    here" -> "Data Coordinator"), or "" for a label that names none."""
    text = clean_line(label, 300).strip(_MARKS)
    named = _named_in(text.rstrip(".!:"))
    if named is not None:
        return named
    return text if _role_like(text, label=True) else ""


def _salary(part: str) -> tuple[Any, ...] | str:
    salary = salary_of(part)
    if salary is None:
        return ""
    low, high = (None if n is None else float(n) for n in (salary.min, salary.max))
    return (low, high, salary.period, clean_line(salary.text, 80))


# A figure right after a job's link ("[Data Analyst](...) - $50k"): its pay, said by the form.
_PAY_AFTER = re.compile(r"[ \t]*[-–—:|,(]?[ \t]*\$")


def _line_pay(body: str, after: int) -> tuple[Any, ...] | str:
    if not _PAY_AFTER.match(body, after):
        return ""
    stop = body.find("\n", after)
    return _salary("Salary: " + body[after : len(body) if stop < 0 else stop][:200])


def _same(link: str) -> str:
    return link.rstrip("/").lower()


def _paragraph_end(body: str, at: int) -> int:
    blank = body.find("\n\n", at)
    return len(body) if blank < 0 else blank


def _link_lines(body: str) -> list[Job]:
    """Jobs as a list of link lines whose labels are roles."""
    found: list[tuple[int, str, str, int]] = []  # (line start, role, link, link end)
    seen: set[str] = set()
    line_end = 0  # of the last line looked at: each stretch of the text is searched once
    for match in _MD_LINK.finditer(body):
        if match.start() < line_end:
            continue  # only the first link of a line
        start = body.rfind("\n", line_end, match.start()) + 1 or line_end
        stop = body.find("\n", match.end())
        line_end = len(body) if stop < 0 else stop
        lead = body[start : match.start()]
        if not _LEAD.fullmatch(lead):
            lead = lead.rstrip()
            if len(lead) > 60 or not lead.endswith(("-", "–", "—")):
                continue
        role = _label_role(match.group(1))
        link = clean_text(match.group(2))
        if not role or _same(link) in seen:
            continue
        seen.add(_same(link))
        found.append((start, role, link, match.end()))
        if len(found) >= MAX_JOBS:
            break
    if len(found) < 2:
        return []
    named = sum(_has_job_word(_words(role)) for _, role, _, _ in found)
    if named * 2 < len(found):
        return []
    jobs = []
    short = True  # every job so far is a line or two: the last one is its paragraph only
    for i, (start, role, link, after) in enumerate(found):
        if i + 1 < len(found):
            end = found[i + 1][0]
            short = short and body.count("\n", start, end) <= 3
        else:
            end = _paragraph_end(body, start) if short else len(body)
        jobs.append(Job(role, link, _salary(body[start:end]) or _line_pay(body, after), start))
    return jobs


_BULLETS = ("* ", "- ", "+ ", "• ", "*\t", "-\t")
_NUMBERED = re.compile(r"\d{1,3}[.)]\s")


def _heading_role(line: str) -> str:
    """The role a heading line names, or ""."""
    text = line.strip()
    if text[:2] in _BULLETS or _NUMBERED.match(text):
        return ""  # an item of a list: a duty, not a job
    if text.startswith("#"):
        text = text.strip("#").strip()
    text = text.strip(" *_").rstrip(":. ").strip(" *_")
    return clean_line(text, 300) if ":" not in text and _role_like(text) else ""


# What ends a role at the start of a line: "Data Analyst: ...", "Data Analyst -- ...".
_ROLE_END = re.compile(r":|\s(?:--|-|–|—)\s")


def _lead_role(line: str) -> str:
    """The role of a line that starts with one, then a colon or a dash and
    more ("Data Analyst: we are looking for...", "Data Engineer -- SQL and
    Python"), or ""."""
    if line[:2] in _BULLETS or _NUMBERED.match(line):
        return ""
    end = _ROLE_END.search(line, 0, _ROLE_CHARS + 10)
    if end is None or not line[end.end() :].strip():
        return ""
    text = line[: end.start()].strip().strip(" *_#").strip()
    return clean_line(text, 300) if _role_like(text) else ""


def _headings(body: str) -> list[Job]:
    """Jobs as headings each followed by the job's text and link."""
    if not _matcher:
        _matcher.append(ahocorasick_rs.AhoCorasick(_CUES))
    starts: list[tuple[int, str]] = []
    line_end = 0  # of the last line looked at: each stretch of the text is searched once
    for _, at, end in _matcher[0].find_matches_as_indexes(body):
        if at < line_end or (at > 0 and body[at - 1].isalnum()):
            continue
        if end < len(body) and body[end].isalpha() and not (body[end] == "s" and not body[end + 1 : end + 2].isalpha()):
            continue
        start = body.rfind("\n", line_end, at) + 1 or line_end
        stop = body.find("\n", end)
        line_end = len(body) if stop < 0 else stop
        line = body[start:line_end]
        role = _heading_role(line) if len(line) <= _ROLE_CHARS + 10 else ""
        if not role:
            role = _lead_role(line)
        if role:
            starts.append((start, role))
            if len(starts) >= _MAX_CANDIDATES:
                break
    if len(starts) < 2:
        return []
    jobs: list[Job] = []
    seen: set[str] = set()
    for i, (start, role) in enumerate(starts):
        end = starts[i + 1][0] if i + 1 < len(starts) else len(body)
        url = _URL.search(body, start, end)
        if url is None:
            continue
        link = clean_text(url.group().rstrip(".,;:!?*_"))
        if _same(link) in seen:
            continue
        seen.add(_same(link))
        jobs.append(Job(role, link, _salary(body[start:end]), start))
        if len(jobs) >= MAX_JOBS:
            break
    return jobs if len(jobs) >= 2 else []


def jobs_of(body: str) -> list[Job]:
    """The jobs a posting's text lists, each with its own link, or [] when it is one job."""
    first = body.find("://")
    if first < 0 or body.find("://", first + 3) < 0:
        return []
    return _link_lines(body) or _headings(body)
