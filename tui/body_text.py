"""A posting's body as a reader sees it: what is shown, searched and indexed.

A board's files are the site's sources, not its pages. Template code never
reaches a reader, and is taken out here: Liquid (Jekyll) tags ``{% … %}``
and outputs ``{{ … }}``, a ``{% comment %}`` block with what it holds; a
``{% raw %}`` block keeps what it holds, as written. Hugo shortcodes
``{{< … >}}`` and ``{{% … %}}`` go, a paired one's inner text stays.

Every pass is linear in the body's size (a body can be made to be slow).
A plain Markdown body without ``{%`` or ``{{`` costs two substring checks. Nothing here imports Textual.
"""

from __future__ import annotations

import re
from collections.abc import Callable

__all__ = ["reader_text", "without_templates"]


# --------------------------------------------------------------------------
# Liquid and Hugo

#: A tag, an output or a shortcode longer than this is not one (an opener
#: met in prose); its opener is left as text.
MAX_TAG_CHARS = 2000

_OPENER = re.compile(r"\{\{[<%]|\{\{|\{%")
_TAG_NAME = re.compile(r"-?\s*(\w+)")
_END_COMMENT = re.compile(r"\{%-?\s*endcomment\s*-?%\}")
_END_RAW = re.compile(r"\{%-?\s*endraw\s*-?%\}")
#: What closes each opener; an escaped shortcode ({{</* x */>}}, shown as {{< x >}}) its own.
_CLOSER = {"{{<": ">}}", "{{%": "%}}", "{{": "}}", "{%": "%}"}
_ESCAPED = {"{{<": ("/*", "*/>}}"), "{{%": ("/*", "*/%}}")}


class _Next:
    """The first place at or after a position where ``find`` hits, each
    search remembered: a search that found nothing from ``i`` finds nothing
    from any later place, and a hit stays the answer until it is passed, so
    all the searches of one pass read the text once."""

    __slots__ = ("find", "hit", "since")

    def __init__(self, find: Callable[[int], tuple[int, int] | None]) -> None:
        self.find = find
        self.since = -1  # where the last search started (-1: none yet)
        self.hit: tuple[int, int] | None = None

    def at(self, i: int) -> tuple[int, int] | None:
        if self.since >= 0 and self.since <= i and (self.hit is None or self.hit[0] >= i):
            return self.hit
        self.since, self.hit = i, self.find(i)
        return self.hit


def _finder(text: str, needle: str) -> _Next:
    def find(i: int) -> tuple[int, int] | None:
        at = text.find(needle, i)
        return None if at < 0 else (at, at + len(needle))

    return _Next(find)


def _searcher(text: str, pattern: re.Pattern[str]) -> _Next:
    def find(i: int) -> tuple[int, int] | None:
        match = pattern.search(text, i)
        return None if match is None else match.span()

    return _Next(find)


def without_templates(text: str) -> str:
    """``text`` without Liquid tags, outputs and comments, nor Hugo
    shortcodes (what a site's reader never sees); in one pass."""
    if "{%" not in text and "{{" not in text:
        return text
    out: list[str] = []
    nexts: dict[str | re.Pattern[str], _Next] = {}

    def next_of(what: str | re.Pattern[str]) -> _Next:
        found = nexts.get(what)
        if found is None:
            found = nexts[what] = _finder(text, what) if isinstance(what, str) else _searcher(text, what)
        return found

    pos = 0
    while (match := _OPENER.search(text, pos)) is not None:
        start, opened = match.start(), match.end()
        opener = match.group()
        out.append(text[pos:start])
        escaped = _ESCAPED.get(opener)
        if escaped is not None and text.startswith(escaped[0], opened):  # shown as written, its /* */ off
            closer = escaped[1]
            hit = next_of(closer).at(opened)
            if hit is not None and hit[0] - start <= MAX_TAG_CHARS:
                out.append(opener + text[opened + 2 : hit[0]] + closer[2:])
                pos = hit[1]
                continue
        closer = _CLOSER[opener]
        hit = next_of(closer).at(opened)
        if hit is None or hit[0] - start > MAX_TAG_CHARS:  # no tag: the opener is text
            out.append(opener)
            pos = opened
            continue
        pos = hit[1]
        if opener != "{%":
            continue
        name = _TAG_NAME.match(text, opened, hit[0])
        word = name.group(1) if name is not None else ""
        if word in ("comment", "raw"):
            pattern = _END_COMMENT if word == "comment" else _END_RAW
            end = next_of(pattern).at(pos)
            if end is not None:  # unclosed: only the tag goes
                if word == "raw":
                    out.append(text[pos : end[0]])
                pos = end[1]
    out.append(text[pos:])
    return "".join(out)


# --------------------------------------------------------------------------
# The body


def reader_text(text: str, name: str = "") -> str:
    """``text`` (a body, cleaned and cut) as a reader sees it: templates
    out, HTML made text, control characters from its entities cleaned."""
    if "{%" in text or "{{" in text:
        text = without_templates(text)
    return text
