"""The link extraction jobboard had before it was made linear, kept as the
reference the linear one must agree with (on inputs small enough for it:
it tried a pattern and searched the line backwards at every bracket).
"""

from __future__ import annotations

import re

from tui.posting import _APPLY_TEXT, _BARE, _DOMAIN, _TRAILING, MAX_LINKS, Link, _normalize_url, clean_line

_TRIGGERS = ("](", "]:", "http", "HTTP", "www.", "@")
_MD_URL = re.compile(r"\s*<?([^)\s>]{1,2048})>?(?:\s+[\"'(][^)\n]{0,300})?\s*\)")
_REF_URL = re.compile(r"[ \t]*<?(\S{1,2048}?)>?(?=\s|$)")
_LOCAL = re.compile(r"(?:mailto:)?[A-Za-z0-9._%+-]{1,64}$", re.IGNORECASE)


def _triggers(body: str) -> list[tuple[int, str]]:
    """Where a link may start, found with ``str.find`` (much faster than a regex)."""
    hits: list[tuple[int, str]] = []
    for trigger in _TRIGGERS:
        i = body.find(trigger)
        while i >= 0:
            hits.append((i, trigger))
            i = body.find(trigger, i + 1)
    hits.sort()
    return hits


def _link_at(body: str, i: int, trigger: str) -> tuple[str, str, int, int] | None:
    """(raw url, link text, start, end) of the link a trigger points at."""
    if trigger == "](":
        open_at = body.rfind("[", body.rfind("\n", 0, i) + 1, i)
        url = _MD_URL.match(body, i + 2)
        if open_at < 0 or url is None or (open_at and body[open_at - 1] == "!"):
            return None
        return url.group(1), body[open_at + 1 : i], open_at, url.end()
    if trigger == "]:":
        line_start = body.rfind("\n", 0, i) + 1
        head = body[line_start:i]
        url = _REF_URL.match(body, i + 2)
        if url is None or not head.lstrip(" ").startswith("[") or len(head) - len(head.lstrip(" ")) > 3:
            return None
        return url.group(1), head.strip(" []"), line_start, url.end()
    if trigger == "@":
        local = _LOCAL.search(body, max(0, i - 72), i)
        domain = _DOMAIN.match(body, i + 1)
        if local is None or domain is None or local.end() != i:
            return None
        start = local.start()
        if start and (body[start - 1].isalnum() or body[start - 1] in "/:"):
            return None
        return body[start : domain.end()], "", start, domain.end()
    if i and (body[i - 1].isalnum() or body[i - 1] in "/@."):
        return None
    bare = _BARE.match(body, i)
    if bare is None:
        return None
    raw = bare.group().rstrip(_TRAILING)
    while raw.endswith(")") and raw.count(")") > raw.count("("):
        raw = raw[:-1]
    return raw, "", i, i + len(raw)


def reference_links(body: str) -> list[Link]:
    """Every http, https and mailto link in ``body``, application link first.

    The application link is the first whose text says apply, application or
    job description, else the first whose surrounding words do, else the first.
    """
    found: list[Link] = []
    seen: set[str] = set()
    apply_by_text: int | None = None
    apply_by_context: int | None = None
    consumed = 0
    for at, trigger in _triggers(body):
        if at < consumed:
            continue
        hit = _link_at(body, at, trigger)
        if hit is None:
            continue
        raw, label, start, end = hit
        consumed = end
        url = _normalize_url(raw)
        if url is None or url in seen:
            continue
        seen.add(url)
        line_start = body.rfind("\n", 0, start) + 1
        line_end = body.find("\n", end)
        context = body[max(line_start, start - 60) : start]
        after = body[end : line_end if line_end != -1 else len(body)][:40]
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
