"""Text read from disk, made safe to show: nothing from a file, a file name,
a cache or a config can drive the terminal or break a column.

Two ways, for two kinds of string:

- :func:`clean_text` / :func:`clean_line` for what a posting *says* (its
  title, tags, body): control characters and the invisible characters that
  change how a terminal measures a line are removed;
- :func:`visible` for *names* (file names, paths, ids, error messages that
  quote them): every such character is shown as an escape (``\\x1b``,
  ``\\u200b``), and bytes that are not UTF-8 as ``\\xNN``, so two names never
  look alike and :func:`unvisible` gives the name back.

Nothing here imports Textual.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["clean_line", "clean_text", "shown_as_is", "unvisible", "visible", "visible_lines"]

MAX_LINE_CHARS = 300

# Characters never shown as they are:
# - C0 and C1 controls and DEL (escape sequences start with ESC or, in 8 bits,
#   with U+0080-U+009F);
# - the format characters: bidirectional marks, embeddings, overrides and
#   isolates (they reorder what a terminal shows), zero-width space, joiners
#   and word joiner, soft hyphen, BOM, interlinear annotation, the invisible
#   tag characters, line and paragraph separators;
# - what terminals measure differently from each other and from us: emoji
#   variation selectors (FE0E/FE0F), skin-tone modifiers, the combining
#   keycap. Removed, a ZWJ sequence or a flag of tags becomes its emoji side
#   by side, each as wide everywhere.
FORMAT_CHARS = (
    "\u00ad\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2\u180e\u200b-\u200f\u202a-\u202e"
    "\u2028\u2029\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb\ufe0e\ufe0f\u20e3"
    "\U000110bd\U000110cd\U00013430-\U0001343f\U0001bca0-\U0001bca3\U0001d173-\U0001d17a"
    "\U000e0001\U000e0020-\U000e007f\U0001f3fb-\U0001f3ff"
)
# What a posting's text loses: every control but tab and newline, the
# format characters, lone surrogates (a file is decoded with replacement, so
# only a name or a forged cache has them).
_CONTROL = re.compile(f"[\x00-\x08\x0b-\x1f\x7f-\x9f{FORMAT_CHARS}\ud800-\udfff]")
# Printable (str.isprintable) but not measurable alike everywhere.
_MEASURED_APART = re.compile("[\ufe0e\ufe0f\u20e3\U0001f3fb-\U0001f3ff]")
_SPACES = re.compile(r"\s+")
# What a name shows as an escape: every control (tab and newline too), the
# format characters, lone surrogates, and the backslash of an escape-like
# sequence is left as it is (see unvisible).
_UNSHOWN = re.compile(f"[\x00-\x1f\x7f-\x9f{FORMAT_CHARS}\ud800-\udfff]")


def clean_text(text: str) -> str:
    """A posting's text without control or invisible characters (tab and
    newline kept)."""
    return _CONTROL.sub("", text)


def clean_line(text: str, limit: int = MAX_LINE_CHARS) -> str:
    """One line of display text: clean, whitespace collapsed, characters no
    one can measure (unassigned in our Unicode tables) replaced by U+FFFD,
    length capped with an ellipsis."""
    if not (text.isprintable() and "  " not in text) or (not text.isascii() and _MEASURED_APART.search(text)):
        text = _SPACES.sub(" ", _CONTROL.sub("", text))
        if not text.isprintable():
            text = "".join(map(_measurable, text))
    text = text.strip()
    if len(text) > limit:
        text = text[: limit - 1].rstrip() + "…"
    return text


def _measurable(char: str) -> str:
    """``char``, or U+FFFD where no one knows its width (unassigned here)."""
    return char if char.isprintable() or char == " " or unicodedata.category(char) != "Cn" else "\ufffd"


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    if 0xDC80 <= code <= 0xDCFF:  # a byte that was not UTF-8 (os.fsdecode's surrogateescape)
        return f"\\x{code - 0xDC00:02x}"
    # \xNN is a C0 control or DEL below 0x80, an undecodable byte above it:
    # every other character is \uNNNN, so no two names look alike.
    return f"\\x{code:02x}" if code < 0x80 else f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def visible(text: str) -> str:
    """``text`` (a name, a path, a message quoting them) with every control,
    invisible character and undecodable byte shown as an escape: safe on any
    terminal, and printable in any encoding."""
    if text.isprintable() and not _MEASURED_APART.search(text):
        return text
    return _UNSHOWN.sub(_escape, text)


def shown_as_is(text: str) -> bool:
    """Whether ``text`` holds nothing that can drive a terminal or hide:
    no control, format character, line break or lone surrogate (what
    :func:`clean_line` takes out and :func:`visible` escapes)."""
    return text.isprintable() or not _UNSHOWN.search(text)  # the test in C first: 5 MB in ~5 ms


def visible_lines(text: str) -> str:
    """:func:`visible` line by line: a message's own line breaks kept."""
    return "\n".join(map(visible, text.split("\n"))) if "\n" in text else visible(text)


_ESCAPED = re.compile(r"\\(?:x([0-9a-f]{2})|u([0-9a-f]{4})|U([0-9a-f]{8}))")


def _unescape(match: re.Match[str]) -> str:
    byte, short, long = match.groups()
    if byte is not None:
        code = int(byte, 16)
        return chr(0xDC00 + code) if code >= 0x80 else chr(code)
    return chr(int(short or long, 16))


def unvisible(text: str) -> str:
    """The name :func:`visible` showed as ``text`` (its escapes undone)."""
    return _ESCAPED.sub(_unescape, text) if "\\" in text else text
