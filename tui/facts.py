"""Facts a job seeker scans a posting for, read from its title and body text:
pay, the application deadline, the place, remote or not, temporary or not.

Plain Python and a few linear regular expressions (no nested quantifiers), with
cheap substring checks before any of them: reading a posting costs
microseconds. Each reader looks at the words around a figure or a date (a
salary near "salary", "pay", "per hour"; a deadline near "apply by",
"deadline", "no later than") and leaves out what is not one ("a $10 million
budget", "start date", "review of applications begins").
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date

import ahocorasick_rs

from tui.fields import PER_YEAR

__all__ = ["Facts", "Salary", "deadline_of", "place_of", "read_facts", "salary_of"]

PERIODS = ("year", "month", "week", "day", "hour")
_DFA = ahocorasick_rs.Implementation.DFA


def _finder(words: Iterable[str]) -> Callable[[str], list[tuple[int, int, int]]]:
    """Where ``words`` are in a text: a list, empty when none is, from one
    automaton pass (a few times faster than looking for each word in turn)."""
    return ahocorasick_rs.AhoCorasick(list(words), implementation=_DFA).find_matches_as_indexes


_PER_YEAR = PER_YEAR  # a period's times in a year: declared with the fields


@dataclass(frozen=True, slots=True)
class Salary:
    """Pay as written: ``min``/``max`` in the unit of ``period``."""

    min: float | None
    max: float | None
    period: str
    text: str

    @property
    def annual_min(self) -> float | None:
        return None if self.min is None else self.min * _PER_YEAR[self.period]

    @property
    def annual_max(self) -> float | None:
        return None if self.max is None else self.max * _PER_YEAR[self.period]


@dataclass(frozen=True, slots=True)
class Facts:
    salary: Salary | None
    deadline: str | None
    location: str | None
    mode: str | None
    temporary: bool

    @property
    def remote(self) -> bool | None:
        return None if self.mode is None else self.mode == "remote"


#: What a text says when it is not read (yet).
NO_FACTS = Facts(None, None, None, None, False)


def read_facts(title: str, body: str, posted: str | None) -> Facts:
    """The facts of a posting. ``posted``: its ISO date, the base for deadlines
    written without a year (a month/day before it rolls to the next year)."""
    low = _lower(body)
    where = _found(low)
    tlow = title.lower()
    location = _location(title, body, low, where)
    mode = _mode(low, tlow, where)
    return Facts(salary_of(body), deadline_of(body, posted), location, mode, _temporary(low, tlow, where))


# --------------------------------------------------------------------------
# Salary

_AMOUNT = r"(\d[\d,]*(?:\.\d+)?)"
_MONEY = re.compile(
    r"\$\s?" + _AMOUNT + r"\s?([kKmMbB]\b|million|billion)?"
    r"(?:\s?(?:-|–|—|to)\s?(?:USD\s?)?(\$)?\s?" + _AMOUNT + r"\s?([kKmMbB]\b|million|billion)?)?"
)
_DIGIT = re.compile(r"\d")
# Figures with no dollar sign: only k-forms next to a salary word ("Salary: 65-75K").
_K_RANGE = re.compile(
    r"(?<![\d$])(\d{1,3}(?:\.\d)?)\s?([kK])?\s?(?:-|–|—|to)\s?\$?(\d{1,3}(?:\.\d)?)\s?[kK]\b"
    r"|(?<![\d$])(\d{1,3})\s?[kK]\b"
)
_PERIOD_WORDS = (
    ("per hour", "hour"),
    ("an hour", "hour"),
    ("/hour", "hour"),
    ("/hr", "hour"),
    ("hourly", "hour"),
    ("a hour", "hour"),
    ("/ hour", "hour"),
    ("per year", "year"),
    ("a year", "year"),
    ("/year", "year"),
    ("/yr", "year"),
    ("annual", "year"),
    ("per annum", "year"),
    ("yearly", "year"),
    ("/ year", "year"),
    ("per month", "month"),
    ("a month", "month"),
    ("/month", "month"),
    ("/mo", "month"),
    ("monthly", "month"),
    ("/ month", "month"),
    ("per week", "week"),
    ("a week", "week"),
    ("/week", "week"),
    ("weekly", "week"),
    ("/wk", "week"),
    ("per day", "day"),
    ("a day", "day"),
    ("/day", "day"),
    ("daily", "day"),
)
_PERIOD_WORD = re.compile("|".join(re.escape(word) for word, _ in _PERIOD_WORDS))
_PERIOD_OF = dict(_PERIOD_WORDS)
_CUT = re.compile(r"[0-9$]|[^\x00-\x7f]")  # where a figure may start: a digit or "$" (or another character to look at)
_PAY_WORDS = (
    "salary",
    "salaries",
    "pay",
    "compensation",
    "wage",
    "stipend",
    "range",
    "earn",
    "rate",
    "receive",
    "starting at",
    "starts at",
    "up to",
    "per year",
    "annually",
)
_NOT_PAY_BEFORE = (
    "budget",
    "raised",
    "fee",
    "insurance",
    "take-home",
    "take home",
    "commission",
    "revenue",
    "donat",
    "grant",
    "worth",
    "cost",
    "not listed",
    "funding",
    "valued",
    "prize",
    "reimburs",
)
_NOT_PAY_AFTER = (
    "million",
    "billion",
    "budget",
    "fee",
    "phone",
    "wifi",
    "wi-fi",
    "internet",
    "insurance",
    "grant",
    "raised",
    "in funding",
    "commute",
    "transit",
    "equipment",
)
_MIN_WORDS = ("starting at", "starts at", "start at", "starting pay", "minimum", "at least", "no less than")
_MAX_WORDS = ("up to", "maximum", "no more than", "not to exceed")
_NOT_PAY_BEFORE_IN, _NOT_PAY_AFTER_IN, _PAY_WORD_IN, _MIN_WORD_IN, _MAX_WORD_IN = (
    _finder(words) for words in (_NOT_PAY_BEFORE, _NOT_PAY_AFTER, _PAY_WORDS, _MIN_WORDS, _MAX_WORDS)
)
_MAX_FIGURES = 200  # dollar signs looked at: pay is stated among the first ones
_MIN_ANNUAL = 7 * 2080
_MAX_ANNUAL = 1_000_000


_SALARY_WORDS = ("salary", "pay range", "compensation", "pay:")

_last_lower: list[str] = ["", ""]
_last_exact: list[bool] = [True]


def _lower(text: str) -> str:
    """The lowered text, kept for the last text: the three readers of one
    posting lower it once. ``text.lower()`` when the text is ASCII (or holds a
    character whose lowering is not one non-ASCII character, "İ" or the Kelvin
    sign); else, as lowering a long text of any other alphabet costs ten times
    more, its ASCII letters lowered and every other character made "?": the
    same length, the same ASCII words at the same places (``_exact`` gives the
    true lowering of a part of it)."""
    if text is not _last_lower[0]:
        if text.isascii() or "\u0130" in text or "\u212a" in text:
            low, exact = text.lower(), True
        else:
            low, exact = text.encode("ascii", "replace").lower().decode("ascii"), False
        _last_lower[0], _last_lower[1], _last_exact[0] = text, low, exact
    return _last_lower[1]


def _exact(text: str, low: str, start: int, stop: int) -> str:
    """``low[start:stop]`` as ``text.lower()`` has it (a "?" there may be
    another character): for the readers that look at more than ASCII words
    (digits, letters, a date pattern)."""
    window = low[start:stop]
    if "?" in window and not _last_exact[0] and text is _last_lower[0]:
        return text[start:stop].lower()
    return window


_NONE: tuple[int, ...] = ()
_matcher: list[ahocorasick_rs.AhoCorasick] = []
_bytes_matcher: list[ahocorasick_rs.BytesAhoCorasick] = []
_last_found: list[tuple[str, dict[str, list[int]]]] = [("", {})]


def _found(low: str) -> dict[str, list[int]]:
    """Where each cue the readers look for starts in ``low`` (every
    occurrence, overlapping ones too, in order), from one pass over the text;
    kept for the last text."""
    if low is not _last_found[0][0]:
        if low.isascii():  # as bytes (its byte offsets are its character offsets): a third faster
            if not _bytes_matcher:
                patterns = [cue.encode("ascii") for cue in _SCANNED]
                _bytes_matcher.append(ahocorasick_rs.BytesAhoCorasick(patterns, implementation=_DFA))
            matches = _bytes_matcher[0].find_matches_as_indexes(low.encode("ascii"), overlapping=True)
        else:
            if not _matcher:
                _matcher.append(ahocorasick_rs.AhoCorasick(_SCANNED, implementation=_DFA))
            matches = _matcher[0].find_matches_as_indexes(low, overlapping=True)
        found: dict[str, list[int]] = {}
        for i, start, _ in matches:
            cue = _SCANNED[i]
            if cue in found:
                found[cue].append(start)
            else:
                found[cue] = [start]
        _last_found[0] = (low, found)
    return _last_found[0][1]


def _number(digits: str) -> float | None:
    digits = digits.rstrip(",.")
    if "," in digits:
        whole, _, cents = digits.partition(".")
        groups = whole.split(",")
        if groups[-1] and len(groups[-1]) == 4 and groups[-1].endswith("0"):
            groups[-1] = groups[-1][:3]  # "$55,0000": a typed zero too many
        if any(len(g) != 3 for g in groups[1:]) or not groups[0]:
            return None
        digits = "".join(groups) + ("." + cents if cents else "")
    try:
        return float(digits)
    except ValueError:
        return None


def _scale(value: float, suffix: str | None) -> float | None:
    if not suffix:
        return value
    s = suffix.lower()
    if s == "k":
        return value * 1000
    return None  # millions, billions: budgets, not pay


def _period_after(text: str, low: str, pos: int) -> str | None:
    """The pay period written right after a figure (before the next figure)."""
    window = _exact(text, low, pos, pos + 24)
    cut = len(window)
    m = _CUT.search(window)
    while m:
        ch = m.group()
        if ch == "$" or ch.isdigit():
            cut = m.start()
            break
        m = _CUT.search(window, m.end())
    # the first word, and the first of the list at one place, as finding each in turn
    word = _PERIOD_WORD.search(window, 0, cut)
    return _PERIOD_OF[word.group()] if word else None


def _line_start(text: str, pos: int, limit: int) -> int:
    start = max(0, pos - limit)
    blank = text.rfind("\n\n", start, pos)
    return blank + 2 if blank >= 0 else start


def _candidate(text: str, low: str, start: int, end: int, lo: float | None, hi: float | None) -> Salary | None:
    if lo is None or hi is None or lo <= 0:
        return None
    if hi < lo:
        if hi * 1000 >= lo and lo < 1000:
            pass
        return None
    before = low[max(0, start - 80) : start]
    after_end = low.find("$", end, end + 30)
    after = low[end : after_end if after_end >= 0 else end + 30]
    clause = before[max(before.rfind("\n"), before.rfind(". "), len(before) - 60, 0) :]  # the figure's sentence
    if _NOT_PAY_BEFORE_IN(clause) or _NOT_PAY_AFTER_IN(after):
        return None
    period = _period_after(text, low, end)
    pay_word = bool(_PAY_WORD_IN(before))
    if period is None and not pay_word:
        return None
    if period is None:
        period = "hour" if hi < 300 else "year"
    per = _PER_YEAR[period]
    if hi * per < _MIN_ANNUAL or lo * per > _MAX_ANNUAL:
        return None
    near = before[-40:]
    low_value: float | None = lo
    high_value: float | None = hi
    if lo == hi:
        if _MIN_WORD_IN(near):
            high_value = None
        elif _MAX_WORD_IN(near):
            low_value = None
    shown = " ".join(text[start:end].split())[:80].rstrip(",.;:")
    return Salary(low_value, high_value, period, shown)


def salary_of(text: str) -> Salary | None:
    """The first pay figure of ``text`` (a range, a single figure, a minimum or a
    maximum, with its period), or None when none is stated."""
    found: list[tuple[int, Salary]] = []
    low = ""
    if "$" in text:
        low = _lower(text)
        pos = text.find("$")
        tries = 0
        while pos >= 0 and tries < _MAX_FIGURES:
            tries += 1
            m = _MONEY.match(text, pos)
            nxt = pos + 1
            if m:
                nxt = m.end()
                a = _number(m.group(1))
                b = _number(m.group(4)) if m.group(4) else None
                k1, k2 = m.group(2), m.group(5)
                if a is not None:
                    if b is None:
                        lo = hi = _scale(a, k1)
                    else:
                        if k2 and not k1 and a < 1000:
                            k1 = k2
                        lo, hi = _scale(a, k1), _scale(b, k2)
                        if lo is not None and hi is not None and lo < hi / 100 and lo < 1000:
                            lo *= 1000  # "$55-$65,000"
                    end = m.end()
                    while end > pos and text[end - 1].isspace():
                        end -= 1
                    sal = _candidate(text, low, pos, end, lo, hi)
                    if sal is not None:
                        found.append((pos, sal))
                        break
            pos = text.find("$", nxt)
    if "k" in text or "K" in text:
        if not low:
            low = _lower(text)
        where = _found(low)
        for word in _SALARY_WORDS:
            for at in where.get(word, _NONE):
                if found and at >= found[0][0]:
                    break
                window_end = at + 60
                nl = low.find("\n", at, window_end)
                limit = nl if nl >= 0 else window_end
                if text.find("k", at, limit) < 0 and text.find("K", at, limit) < 0:
                    continue  # a k-form ends with one
                digit = _DIGIT.search(text, at, limit)  # and opens with one
                m = _K_RANGE.search(text, digit.start(), limit) if digit else None
                if m and (not found or m.start() < found[0][0]):
                    if m.group(3):
                        lo = _scale(float(m.group(1)), "k")
                        hi = _scale(float(m.group(3)), "k")
                    else:
                        lo = hi = _scale(float(m.group(4)), "k")
                    sal = _candidate(text, low, m.start(), m.end(), lo, hi)
                    if sal is not None:
                        found.append((m.start(), sal))
                        found.sort(key=lambda f: f[0])
                        break
    return found[0][1] if found else None


# --------------------------------------------------------------------------
# Deadline

_MONTHS = {
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "may": 5,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}
_DATE_LEAD = 13  # characters a date may hold before its first digit: "september.   5"
# A digit, or the "?" that stands for any other character in the lowered text
_DIGIT_OR_MARK = re.compile(r"[\d?]")
_ASCII_DIGIT_OR_MARK = re.compile(r"[0-9?]")  # the same in an ASCII text, a third as costly


def _first_digit(low: str, start: int, stop: int) -> int:
    """Where the first digit (or "?") of ``low[start:stop]`` is, or -1."""
    m = (_ASCII_DIGIT_OR_MARK if low.isascii() else _DIGIT_OR_MARK).search(low, start, stop)
    return m.start() if m else -1


_DATE = re.compile(  # "(?=...)": a month's first letter or a digit, the places worth trying
    r"\b(?=[adfjmnos\d])(?:(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]{0,6}\.?\s{1,3}(\d{1,2})(?!\d)"
    r"(?:st|nd|rd|th)?(?:,?\s{0,3}(\d{4})\b)?"
    r"|(\d{1,2})/(\d{1,2})(?:/(\d{4}|\d{2}))?\b"
    r"|(\d{4})-(\d{1,2})-(\d{1,2})(?!\d))"
)
# Words that tie a date to applying; the strong ones need nothing more.
_STRONG_CUES = (
    "deadline",
    "due",
    "no later than",
    "closing date",
    "closes",
    "close on",
    "apply by",
    "apply here by",
    "applications received by",
    "accepted through",
    "accept applications through",
    "accepting applications through",
    "preferably before",
    "apply prior to",
    "submitted by",
    "received by",
    "apply before",
)
# Weaker ones need "by", "before", "through", "prior to" right before the date.
_WEAK_CUES = ("apply", "submit", "send", "email", "e-mail", "applications", "resume")
_MAX_CUES = 1000  # cues looked at, the first ones: a deadline is stated among them
_STRONG_SET = set(_STRONG_CUES)
_DEADLINE_CUES = _STRONG_SET | set(_WEAK_CUES)
_LINKS = (" by ", "before ", "through ", "prior to ", "until ", "than ")
_LINK_IN = _finder(_LINKS)
_NOT_DEADLINE = (
    "start",
    "begin",
    "interview",
    "review",
    "posted",
    "opening date",
    "effective",
    "election",
    "end ",
    "ends",
    "through at least",
    "earlier than",
    "not to exceed",
    "hire by",
    "hired by",
    "founded",
    "launched",
    "since",
)


def _iso(month: int, day: int, year: int | None, base: date | None) -> str | None:
    if year is None:
        if base is None:
            return None
        year = base.year
        try:
            if date(year, month, day) < base:
                year += 1
        except ValueError:
            return None
    elif year < 100:
        year += 2000
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None


_last_base: list[tuple[str | None, date | None]] = [(None, None)]


def _base(posted: str | None) -> date | None:
    """The date of ``posted``, kept for the last one (postings of a day come together)."""
    if posted != _last_base[0][0]:
        _last_base[0] = (posted, _base_of(posted))
    return _last_base[0][1]


def _base_of(posted: str | None) -> date | None:
    if not posted:
        return None
    try:
        return date.fromisoformat(posted[:10])
    except ValueError:
        return None


def _linked(between: str) -> bool:
    """Whether the words before a date tie it to the cue: "... by [Tuesday,]
    [11:59pm on] <date>", "through <date>", "before <date>"."""
    for link in _LINKS:
        at = between.rfind(link)
        if at >= 0 and len(between) - at - len(link) <= 24:
            return True
    return False


def _date_in(text: str, low: str, start: int, stop: int, digit: int) -> tuple[re.Match[str], int] | None:
    """The first date in ``low[start:stop]``, as ``_DATE.search`` finds it in
    the lowered text, and the offset of the string it was found in. ``digit``:
    where the first digit (or "?") is; a date starts at most ``_DATE_LEAD``
    characters before its first digit, and is looked for from there."""
    pos = max(start, digit - _DATE_LEAD)
    opened = pos - 1 if pos else 0  # the date pattern opens with a word boundary
    if _last_exact[0] or text is not _last_lower[0] or low.find("?", opened, stop) < 0:
        hay, shift = low, 0
    else:
        hay, shift = text[opened:stop].lower(), opened
    m = _DATE.search(hay, pos - shift, stop - shift)
    return (m, shift) if m else None


def deadline_of(text: str, posted: str | None) -> str | None:
    """The ISO date by which to apply, or None when no date is tied to applying
    (rolling, open until filled, nothing stated)."""
    low = _lower(text)
    where = _found(low)
    cues: list[tuple[int, int, bool]] = []
    for cue in where.keys() & _DEADLINE_CUES:
        size, strong = len(cue), cue in _STRONG_SET
        for at in where[cue][:_MAX_CUES]:
            cues.append((at, at + size, strong))
    if not cues:
        return None
    cues.sort()
    del cues[_MAX_CUES:]
    base = _base(posted)
    best: tuple[int, str, bool] | None = None
    tried: set[int] = set()
    for start, end, strong in cues:
        if low.startswith(" to", end) and low.startswith("due", start):
            continue  # "due to COVID-19"
        reach = end + (160 if strong else 220)
        stop = low.find("\n", end, reach)
        stop = stop if stop >= 0 else min(len(low), reach)
        if not strong and not _LINK_IN(low[end:stop]):
            continue  # a weak cue's date comes after a link word
        digit = _first_digit(low, end, stop)
        if digit < 0:
            continue  # every date has a digit
        date_found = _date_in(text, low, end, stop, digit)
        if date_found is None:
            continue
        m, shift = date_found
        m_start, m_end = m.start() + shift, m.end() + shift
        if m_start in tried:
            continue
        between = low[end:m_start]
        if any(w in between for w in _NOT_DEADLINE):
            continue
        if not strong and not _linked(between):
            continue
        tried.add(m_start)
        if m.group(1):
            iso = _iso(_MONTHS[m.group(1)], int(m.group(2)), int(m.group(3)) if m.group(3) else None, base)
        elif m.group(7):  # ISO: 2026-12-14
            iso = _iso(int(m.group(8)), int(m.group(9)), int(m.group(7)), base)
        else:
            iso = _iso(int(m.group(4)), int(m.group(5)), int(m.group(6)) if m.group(6) else None, base)
        if iso is None:
            continue
        opening = max(low.rfind(". ", 0, start), low.rfind("\n", 0, start), start - 80, 0)
        closing = low.find(". ", m_end, m_end + 40)
        context = low[opening : closing if closing >= 0 else m_end + 40]
        soft = "priority" in context or "encourage" in context
        if best is None:
            best = (m_start, iso, soft)
            if not soft:
                break
        elif best[2] and not soft:
            best = (m_start, iso, soft)
            break
    return best[1] if best else None


# --------------------------------------------------------------------------
# Place, mode, temporary

_STATES = {
    "alabama": "AL",
    "alaska": "AK",
    "arizona": "AZ",
    "arkansas": "AR",
    "california": "CA",
    "colorado": "CO",
    "connecticut": "CT",
    "delaware": "DE",
    "florida": "FL",
    "georgia": "GA",
    "hawaii": "HI",
    "idaho": "ID",
    "illinois": "IL",
    "indiana": "IN",
    "iowa": "IA",
    "kansas": "KS",
    "kentucky": "KY",
    "louisiana": "LA",
    "maine": "ME",
    "maryland": "MD",
    "massachusetts": "MA",
    "michigan": "MI",
    "minnesota": "MN",
    "mississippi": "MS",
    "missouri": "MO",
    "montana": "MT",
    "nebraska": "NE",
    "nevada": "NV",
    "new hampshire": "NH",
    "new jersey": "NJ",
    "new mexico": "NM",
    "new york": "NY",
    "north carolina": "NC",
    "north dakota": "ND",
    "ohio": "OH",
    "oklahoma": "OK",
    "oregon": "OR",
    "pennsylvania": "PA",
    "rhode island": "RI",
    "south carolina": "SC",
    "south dakota": "SD",
    "tennessee": "TN",
    "texas": "TX",
    "utah": "UT",
    "vermont": "VT",
    "virginia": "VA",
    "washington": "WA",
    "west virginia": "WV",
    "wisconsin": "WI",
    "wyoming": "WY",
    "district of columbia": "DC",
}
_ABBRS = frozenset(_STATES.values())
_COUNTRIES = ("Canada", "Mexico", "Netherlands", "Portugal", "United Kingdom", "UK", "Germany", "France", "Spain")
_CITY_STATE = re.compile(
    r",\s?(D\.\s?C\.|[A-Z]\.[A-Z]\.|[A-Z][A-Za-z]{1,13})( [A-Za-z]{2,8})?( [A-Z][a-z]{2,8})?(?![\w])"
)
_NOT_CITIES = frozenset(("United States", "US", "USA", "Excel", "MS Excel", "Microsoft Excel", "Inc", "LLC"))
# "\bWashington|\bWASHINGTON" written to open with its "W", a letter the search looks for first
_ASHINGTON = ("ashington", "ASHINGTON")
_DC = re.compile(r"W(?<!\wW)(?:ashington|ASHINGTON),?\s?D\.?\s?C\b\.?")
_KNOWN = {
    "new york city": "New York, NY",
    "nyc": "New York, NY",
    "san francisco": "San Francisco, CA",
    "chicago": "Chicago, IL",
    "los angeles": "Los Angeles, CA",
    "boston": "Boston, MA",
    "seattle": "Seattle, WA",
    "denver": "Denver, CO",
    "atlanta": "Atlanta, GA",
    "oakland": "Oakland, CA",
    "austin": "Austin, TX",
    "philadelphia": "Philadelphia, PA",
    "milwaukee": "Milwaukee, WI",
    "brooklyn": "Brooklyn, NY",
    "dc": "Washington, DC",
    "d.c.": "Washington, DC",
    "washington dc": "Washington, DC",
    "washington, dc": "Washington, DC",
    "washington, d.c.": "Washington, DC",
    "washington d.c.": "Washington, DC",
    "the hague": "The Hague, Netherlands",
    "lisbon": "Lisbon, Portugal",
    "madison": "Madison, WI",
    "columbus": "Columbus, OH",
    "portland": "Portland, OR",
    "st. paul": "St. Paul, MN",
    "nashville": "Nashville, TN",
}
_KNOWN_IN = _finder(_KNOWN)
_SMALL = frozenset(("of", "the", "de", "la", "st.", "st", "ft.", "fort"))
_BASE_CUES = (
    "location:",
    "based in ",
    "based out of ",
    "located in ",
    "based at ",
    "work from our ",
    "in our ",
    "join our ",
    "office in ",
    "relocate to ",
    "preferred",
    "-based",
)
_BASE_SET = set(_BASE_CUES)
_BASE_RANK = {cue: rank for rank, cue in enumerate(_BASE_CUES)}
_REMOTE_CUES = (
    "remote position",
    "position is remote",
    "role is remote",
    "job is remote",
    "fully remote",
    "100% remote",
    "or remote",
    "/remote",
    "/ remote",
    "remote within",
    "remote-friendly",
    "remote friendly",
    "remote possible",
    "remote ok",
    "work remotely",
    "can work remote",
    "working remotely",
    "remote work is",
    "location: remote",
    "location: potential remote",
    "work from home",
    "work-from-home",
    "telework",
    "remote is possible",
    "remote candidates",
    "remotely from",
    "remote option",
    "be remote",
    "is remote",
    "remote,",
    "remote for",
    "(remote)",
    "remote role",
    "remote job",
    "remote opportunity",
    "remote employee",
    "currently remote",
    "start as remote",
    "remote anywhere",
    "based anywhere",
    "work from anywhere",
    "open to remote",
    "remote-first",
    "all-remote",
    "distributed team",
)
_NOT_REMOTE = ("not remote", "not a remote", "no remote", "remote work is not", "cannot be remote")
_HYBRID_CUES = (
    "hybrid work",
    "hybrid schedule",
    "hybrid position",
    "hybrid role with",
    "hybrid remote",
    "hybrid model",
    "hybrid arrangement",
    "days in the office",
    "days a week in the office",
    "days per week in the office",
    "work-from-home wednesday",
    "work from home wednesday",
    "work-from-home friday",
    "work from home friday",
    "work-from-home monday",
    "work from home monday",
    "partially remote",
    "partly remote",
)
_OFFICE_CUES = ("in our ", "based out of", "based in", "work from our", "located in our", "based at", "join our")
_ONSITE_CUES = (
    "on-site position",
    "onsite position",
    "on site position",
    "work on-site",
    "work onsite",
    "on-site role",
    "office environment",
    "office setting",
    "not remote",
    "at our headquarters",
    "in the office",
    *_OFFICE_CUES,
)
_TEMP_CUES = (
    " temporary position",
    " temporary role",
    " temporary job",
    "is temporary",
    " temporary, ",
    " temporary full",
    " temporary part",
    "(temp)",
    "fixed-term",
    "fixed term",
    "seasonal position",
    "seasonal role",
    "not to exceed",
    "month contract",
    "months contract",
    "contracts are",
    "contract position",
    " term position",
    "cycle position",
    "cycle role",
    "cycle hire",
    "through election day",
    "position will run",
    "role will run",
    "will run from",
    "set to end",
    "slated through",
    "term:",
    "-day position",
    "-week position",
    "-month position",
    "month term",
    "year term",
    "in cycle position",
    "in-cycle position",
    "immediately through",
    "through the end of the cycle",
    "through the election",
    "position ending",
    "position ends",
    "role ends",
    "through the general election",
    "through election night",
    "temporary employment",
    " temporary (",
    "short-term position",
    "short term position",
    "expected to last",
    "contracted on",
    "cycle job",
)
# An end date counts when the job is what it ends: "a position through November", "full-time through the election".
_TEMP_TITLE = ("intern", "fellow", "temporary", "(temp)", "seasonal", "contract", "short term", "short-term")
_TERM_ENDS = ("through november", "through december", "through the 20", "through election", "until election day")
_JOB_WORDS = ("position", "role", "job", "full-time", "full time", "employment", "contract")
_NOT_TEMP_BEFORE = ("commitment", "staying", "at least", "commit to", "committed to", "long", "support", "and beyond")
# Plain sets, not frozensets: `where.keys() & a_set` looks only at the few cues a posting has.
_REMOTE_SET = set(_REMOTE_CUES)
_NOT_REMOTE_SET = set(_NOT_REMOTE)
_HYBRID_SET = set(_HYBRID_CUES)
_OFFICE_SET = set(_OFFICE_CUES)
_ONSITE_SET = set(_ONSITE_CUES) - _OFFICE_SET  # an office cue counts only with "office" near it
_PROGRAMS = {"internship", "fellowship"}
_TERM_ENDS_SET = set(_TERM_ENDS)
_TEMP_SET = set(_TEMP_CUES)
_OFFICE_OR_ONSITE = _OFFICE_SET | _ONSITE_SET
_ANY_TEMP = _PROGRAMS | _TERM_ENDS_SET | _TEMP_SET
_TEMP_TITLE_IN = _finder(_TEMP_TITLE)


def _city_before(text: str, pos: int) -> str | None:
    """The capitalised words right before ``pos`` (a comma): the city."""
    words = text[max(0, pos - 40) : pos].replace("\n", " ").split(" ")
    taken: list[str] = []
    for word in reversed(words):
        if not word:
            if taken:
                break
            continue
        if word.endswith(":"):
            break
        w = word.strip("*_([\"'")
        if w and (w[0].isupper() or (taken and w.lower() in _SMALL)) and w.replace(".", "").replace("-", "").isalpha():
            taken.append(w)
            if word != w or len(taken) == 3:
                break
        else:
            break
    while taken and taken[-1].lower() in _SMALL - {"st.", "fort", "ft."}:
        taken.pop()
    return " ".join(reversed(taken)) or None


def _state_code(name: str) -> str | None:
    n = name.replace(" ", "").replace(".", "")
    if n.upper() in _ABBRS and (len(n) == 2):
        return n.upper()
    code = _STATES.get(name.lower())
    if code:
        return code
    if name in _COUNTRIES:
        return name
    return None


_CODES: dict[tuple[str | None, ...], str | None] = {}


def _code_of(groups: tuple[str | None, ...]) -> str | None:
    """The state or country code of a "City, ST" match's words (the longest
    that names one), kept: the same few names come back posting after posting."""
    code = _CODES.get(groups, "")
    if code == "":
        first, second, third = groups[0] or "", groups[1] or "", groups[2] or ""  # the first is always there
        for name in (first + second + third, first + second, first):
            code = _state_code(name)
            if code is not None:
                break
        if len(_CODES) >= 20_000:
            _CODES.clear()
        _CODES[groups] = code
    return code


def _place_in(text: str, start: int, stop: int, dc: bool, spots: list[int] | None = None) -> tuple[int, str] | None:
    """The first "City, ST" (or Washington, DC; or a known city) in
    text[start:stop]; ``dc``: whether "washington" is in the text at all;
    ``spots``: where it is in any case (in order), when known."""
    best: tuple[int, str] | None = None
    m = None
    if dc:  # a match opens with the "W" before the first "ashington" (or "ASHINGTON")
        at = -1
        if spots is None:
            at = text.find("ashington", start + 1, stop)
            upper = text.find("ASHINGTON", start + 1, stop)
            if upper >= 0 and (at < 0 or upper < at):
                at = upper
        else:
            for i in spots:
                if i + 9 > stop:
                    break
                if i > start and text.startswith(_ASHINGTON, i):
                    at = i
                    break
        m = _DC.search(text, at - 1, stop) if at >= 0 else None
    if m:
        best = (m.start(), "Washington, DC")
    upto = best[0] if best else stop
    if text.find(",", start, upto) < 0:
        return best  # every "City, ST" has its comma
    for m in _CITY_STATE.finditer(text, start, upto):
        code = _code_of(m.group(1, 2, 3))
        if code is None:
            continue
        city = _city_before(text, m.start())
        if not city or city.upper() in _ABBRS or city in _NOT_CITIES:
            continue
        if city.lower() in _STATES and city.lower() != "washington":
            continue
        if city.upper() == city and len(city) > 3:
            city = city.title()
        if code == "DC" and city.lower() == "washington":
            return (m.start(), "Washington, DC")
        return (m.start(), f"{city}, {code}")
    return best


def _known_in(text: str, low: str, start: int, stop: int) -> str | None:
    if not _KNOWN_IN(low[start:stop]):
        return None
    window = _exact(text, low, start, stop)
    best: tuple[int, str] | None = None
    for name, place in _KNOWN.items():
        at = window.find(name)
        if at < 0:
            continue
        after = window[at + len(name) : at + len(name) + 1]
        before = window[at - 1 : at] if at else " "
        if (after and after.isalpha()) or before.isalpha():
            continue
        if best is None or at < best[0] or (at == best[0] and len(place) > len(best[1])):
            best = (at, place)
    return best[1] if best else None


def place_of(title: str, text: str) -> tuple[str | None, str | None, bool]:
    """(location, mode, temporary) of a posting: its city ("City, ST" in the
    US, "City, Country" elsewhere), "remote" / "hybrid" / "onsite" or None, and
    whether the job has an end (temporary, fixed-term, a fellowship...)."""
    low = _lower(text)
    where = _found(low)
    tlow = title.lower()
    location = _location(title, text, low, where)
    mode = _mode(low, tlow, where)
    temporary = _temporary(low, tlow, where)
    return location, mode, temporary


def _location(title: str, text: str, low: str, where: dict[str, list[int]]) -> str | None:
    dc = "ashington" in where
    spots = where.get("ashington") if len(low) == len(text) else None  # places in the lowered text are places in it
    labels = where.get("location:")
    if labels:
        at = labels[0]
        stop = low.find("\n", at)
        stop = stop if stop >= 0 else len(low)
        found = _place_in(text, at, stop, dc, spots)
        if found:
            return found[1]
        known = _known_in(text, low, at + 9, stop)
        if known:
            return known
    # a place in the title: "Analyst (Richmond, VA)"
    found = _place_in(title, 0, len(title), "ashington" in title or "ASHINGTON" in title)
    if found:
        return found[1]
    best: tuple[int, str] | None = None
    for cue in sorted(where.keys() & _BASE_SET, key=_BASE_RANK.__getitem__):  # in the order of _BASE_CUES
        for at in where[cue]:
            if best is not None and at >= best[0]:
                break
            start = max(0, at - 40) if cue in ("preferred", "-based") else at
            stop = at + len(cue) + (2 if cue in ("preferred", "-based") else 60)
            found = _place_in(text, start, stop, dc, spots)
            place = found[1] if found else _known_in(text, low, start, stop)
            if place:
                best = (at, place)
                break
    if best:
        return best[1]
    found = _place_in(text, 0, min(len(text), 2000), dc, spots)
    return found[1] if found else None


def _mode(low: str, tlow: str, where: dict[str, list[int]]) -> str | None:
    # Every hybrid and remote cue holds "home", "remote", "hybrid", "office",
    # "tele", "anywhere" or "distributed", every onsite one "office", "site",
    # "remote" or "headquarters" (an office cue counts only with one near it).
    cues = where.keys()
    if not cues.isdisjoint(_HYBRID_SET):
        return "hybrid"
    remote = not cues.isdisjoint(_REMOTE_SET)
    if not remote:
        labels = where.get("location:")
        if labels:
            remote = "remote" in low[labels[0] : labels[0] + 40]
    if not remote:
        remote = "remote" in tlow
    if remote and cues.isdisjoint(_NOT_REMOTE_SET):
        return "remote"
    if cues.isdisjoint(_OFFICE_OR_ONSITE):
        return None
    for cue in where.keys() & _OFFICE_SET:
        for i in where[cue]:
            end = low.find("\n", i, i + 70)
            near = low[i : end if end >= 0 else i + 70]
            if "office" in near or "headquarters" in near:
                return "onsite"
    for cue in where.keys() & _ONSITE_SET:
        for i in where[cue]:
            if "occasional" not in low[max(0, i - 20) : i]:
                return "onsite"
    return None


def _temporary(low: str, tlow: str, where: dict[str, list[int]]) -> bool:
    if _TEMP_TITLE_IN(tlow):
        return True
    if where.keys().isdisjoint(_ANY_TEMP):
        return False
    for cue in where.keys() & _PROGRAMS:
        for at in where[cue]:
            if low[max(0, at - 12) : at].endswith(("this ", "the ", "our ", "paid ", "a ", "summer ", "month ")):
                return True
    for cue in where.keys() & _TERM_ENDS_SET:
        for at in where[cue]:
            before = low[max(0, at - 40) : at]
            if any(w in before for w in _JOB_WORDS) and not any(w in before for w in _NOT_TEMP_BEFORE):
                return True
    for cue in where.keys() & _TEMP_SET:
        for at in where[cue]:
            before = low[max(0, at - 40) : at]
            if not any(w in before for w in _NOT_TEMP_BEFORE):
                return True
    return False


# Every substring the readers look for all through a posting, found in one pass.
_SCANNED = sorted(
    {
        *_SALARY_WORDS,
        *_STRONG_CUES,
        *_WEAK_CUES,
        *_BASE_CUES,
        "ashington",
        *_REMOTE_CUES,
        *_NOT_REMOTE,
        *_HYBRID_CUES,
        *_ONSITE_CUES,
        "internship",
        "fellowship",
        *_TERM_ENDS,
        *_TEMP_CUES,
    }
)
