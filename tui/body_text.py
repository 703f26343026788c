"""A posting's body as a reader sees it: what is shown, searched and indexed.

A board's files are the site's sources, not its pages. Template code never
reaches a reader, and is taken out here: Liquid (Jekyll) tags ``{% … %}``
and outputs ``{{ … }}``, a ``{% comment %}`` block with what it holds; a
``{% raw %}`` block keeps what it holds, as written. Hugo shortcodes
``{{< … >}}`` and ``{{% … %}}`` go, a paired one's inner text stays.

A body that is HTML (its file is .html or .htm, or it opens as a document
does, or with a block-level tag and closes as many block tags as it has
blank lines, or it closes many block tags and has few blank lines) becomes
readable text with inscriptis: paragraphs, headings (as ``#`` lines), lists
and links (as Markdown links, so they are found as in any body) kept,
scripts, styles and comments gone, entities decoded. Its parser reads only
the string: no network, no file, no DTD.

Every pass is linear in the body's size (a body can be made to be slow).
A plain Markdown body without ``{%``, ``{{`` nor ``</`` costs a few substring
checks. Nothing here imports Textual.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable
from typing import Any

from tui.text import clean_text

__all__ = ["html_to_text", "is_html", "reader_text", "without_templates"]


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
# HTML

_HTML_NAMES = (".html", ".htm")
_DOCUMENT = re.compile(r"\s*+<(?:!doctype|html|head|body)\b", re.IGNORECASE)
_BLOCK_START = re.compile(
    r"\s*+<(?:p|div|h[1-6]|ul|ol|dl|table|section|article|header|main|blockquote|pre|center|style|script|meta)\b",
    re.IGNORECASE,
)
_BLOCK_END = re.compile(r"</(?:p|div|li|h[1-6]|ul|ol|dl|dd|table|section|article|blockquote|pre)\s*>", re.IGNORECASE)
_XML_DECLARATION = re.compile(r"\s*+<\?xml[^>]{0,500}>")
_TRAILING_SPACE = re.compile(r"[ \t]+\n")
_BLANK_LINES = re.compile(r"\n{3,}")


def is_html(text: str, name: str = "") -> bool:
    """Whether ``text`` (a body, from the file ``name``) is HTML: its file is
    .html or .htm, or it starts as an HTML document does, or it opens with a
    block-level tag and closes at least as many block tags as it has blank
    lines, or it closes three or more and twice as many as its blank lines.
    A Markdown body with a ``<br>`` or an HTML table in it stays Markdown."""
    if name.lower().endswith(_HTML_NAMES):
        return True
    if "<" not in text:
        return False
    if _DOCUMENT.match(text):
        return True
    if "</" not in text:
        return False
    ends = sum(1 for _ in _BLOCK_END.finditer(text))
    paragraphs = text.count("\n\n")
    if _BLOCK_START.match(text):
        return ends >= 1 and ends >= paragraphs
    return ends >= 3 and ends >= 2 * paragraphs


_IMPORTING = threading.Lock()
_converter: dict[str, Any] = {}


def _config() -> dict[str, Any]:
    """inscriptis and lxml, imported on first use (an HTML body is rare, and
    lxml is 30-60 ms of imports), by one thread at a time."""
    with _IMPORTING:
        if not _converter:
            import lxml.etree
            import lxml.html
            from inscriptis.css_profiles import CSS_PROFILES
            from inscriptis.html_engine import Inscriptis
            from inscriptis.html_properties import Display
            from inscriptis.model.config import ParserConfig
            from inscriptis.model.html_element import HtmlElement
            from inscriptis.model.tag import CustomHtmlTagHandlerMapping

            css = CSS_PROFILES["relaxed"].copy()
            css["dt"] = HtmlElement(display=Display.block)
            css["dd"] = HtmlElement(display=Display.block)
            handlers = CustomHtmlTagHandlerMapping({"a": _link_start}, {"a": _link_end})
            _converter.update(
                lxml=lxml,
                engine=Inscriptis,
                config=ParserConfig(
                    css=css,
                    display_links=True,
                    annotation_rules={f"h{n}": [f"h{n}"] for n in range(1, 7)},
                    custom_html_tag_handler_mapping=handlers,
                ),
            )
        return _converter


_URL_UNSAFE = re.compile(r"[\s()<>\[\]]")


def _link_start(state: Any, attrs: dict[str, str]) -> None:
    """``<a href>``: a Markdown link opens (its address made one that a
    Markdown link can hold: spaces, brackets and parentheses escaped)."""
    href = (attrs.get("href") or "").strip()
    state.link_target = _URL_UNSAFE.sub(lambda m: f"%{ord(m.group()):02X}", href) if href else ""
    if state.link_target:
        state.tags[-1].write("[")


def _link_end(state: Any) -> None:
    if state.link_target:
        state.tags[-1].write(f"]({state.link_target})")


def html_to_text(html: str) -> str:
    """An HTML body as readable text (Markdown where it says what the HTML
    did: ``#`` headings, ``*`` lists, ``[text](url)`` links). A body lxml
    cannot read is given back as it is."""
    parts = _config()
    lxml = parts["lxml"]
    html = _XML_DECLARATION.sub("", html, count=1) if "<?" in html[:1000] else html
    if not html.strip():
        return ""
    # no_network: nothing is fetched; lxml's HTML parser loads no DTD and
    # expands no external entity (an &name; it does not know stays text).
    parser = lxml.html.HTMLParser(no_network=True, remove_comments=True, remove_pis=True, default_doctype=False)
    try:
        engine = parts["engine"](lxml.html.document_fromstring(html, parser=parser), parts["config"])
        text: str = engine.get_text()
        headings = [(a.start, int(a.metadata[1])) for a in engine.get_annotations()]
    except (ValueError, TypeError, RecursionError, lxml.etree.LxmlError):
        return html
    if headings:
        text = _with_headings(text, headings)
    return _BLANK_LINES.sub("\n\n", _TRAILING_SPACE.sub("\n", text)).strip("\n") + "\n"


def _with_headings(text: str, headings: list[tuple[int, int]]) -> str:
    """``text`` with ``#`` before each heading (by the start inscriptis
    annotated, its margin skipped) that begins a line of its own."""
    out: list[str] = []
    pos = 0
    for start, level in sorted(headings):
        at = start
        while at < len(text) and text[at] == "\n":
            at += 1
        if at < pos or at >= len(text) or (at > 0 and text[at - 1] != "\n") or text[at] in " \t":
            continue
        out += (text[pos:at], "#" * level, " ")
        pos = at
    out.append(text[pos:])
    return "".join(out)


# --------------------------------------------------------------------------
# The body


def reader_text(text: str, name: str = "") -> str:
    """``text`` (a body, cleaned and cut) as a reader sees it: templates
    out, HTML made text, control characters from its entities cleaned."""
    if "{%" in text or "{{" in text:
        text = without_templates(text)
    if is_html(text, name):
        text = clean_text(html_to_text(text))
    return text
