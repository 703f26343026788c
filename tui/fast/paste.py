"""Pasted text read in one piece.

Textual's input parser is a generator fed one character at a time: a pasted
megabyte costs about a second (measured in a pseudo-terminal: a minimal
Textual app with an Input answers a 1 MB paste in ~1.0 s) and a list of a
million one-character strings. This parser finds a bracketed paste's end
with ``str.find`` and hands Textual's parser only what is not pasted, so the
Paste event is the same and costs a few milliseconds.

A paste whose opening sequence arrives split across two reads is left to
Textual's parser (only slower): holding back the start of an escape sequence
would delay a lone Esc until the next key. One difference, on purpose: an
escape sequence inside the pasted text stays pasted text (Textual's parser
turns it into key presses).

A paste without the brackets (GNU screen, ``tmux paste-buffer`` without
``-p``) arrives as plain characters: a megabyte of them was a million key
events, 1.15 GB at the highest, each acted on (``q`` in the pasted text
quit). No one types hundreds of characters in one read of the terminal:
such a read, with no escape sequence in it, is taken as a paste (the search
box takes the first line of it, cut to what it holds), a Paste event of a
few kilobytes instead of thousands of keys.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from textual import events
from textual.message import Message

PASTE_START = "\x1b[200~"
PASTE_END = "\x1b[201~"
#: A read of the terminal with more characters than this and no escape
#: sequence is a paste (a key repeat sends one character a read).
BURST_CHARS = 256


def stock_parser_class() -> Any:
    """Textual's own parser (what the tests compare ours with)."""
    from textual._xterm_parser import XTermParser

    return XTermParser


def parser_class() -> Any:
    """The parser the Linux driver uses, with pastes read in one piece."""
    from textual._xterm_parser import XTermParser

    class PasteInOnePiece(XTermParser):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._pasted: list[str] | None = None  # inside a paste: what came so far
            self._clean = True  # Textual's parser is between keys (in no sequence or paste)

        def _keys(self, data: str) -> Iterable[Message]:
            """``data`` (no paste begins in it) as keys, or a burst of plain
            characters as one Paste."""
            if len(data) > BURST_CHARS and self._clean and "\x1b" not in data:
                yield events.Paste(data.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", ""))
                return
            # Clean once it gave keys and ends with no escape sequence begun (a
            # paste whose start came split goes to Textual's parser whole).
            clean = False
            for event in super().feed(data):
                clean = True
                yield event
            self._clean = clean and "\x1b" not in data[-32:]

        def feed(self, data: str) -> Iterable[Message]:
            base = super().feed
            if not data:  # end of input
                yield from base(data)
                return
            while data:
                if self._pasted is None:
                    start = data.find(PASTE_START)
                    if start < 0:
                        yield from self._keys(data)
                        return
                    if start:
                        yield from self._keys(data[:start])
                    self._pasted = []
                    data = data[start + len(PASTE_START) :]
                    continue
                # The end may be split between the last piece and this one.
                tail = "".join(self._pasted[-(len(PASTE_END) - 1) :])[-(len(PASTE_END) - 1) :]
                end = (tail + data).find(PASTE_END)
                if end < 0:
                    self._pasted.append(data)
                    return
                end -= len(tail)  # where the end sequence starts in data (may be before it)
                pasted = "".join(self._pasted) + data[: max(end, 0)]
                if end < 0:
                    pasted = pasted[:end]
                self._pasted = None
                # As Textual's parser makes it (NUL removed: its issue 1661).
                yield events.Paste(pasted.replace("\x00", ""))
                data = data[end + len(PASTE_END) :]

    return PasteInOnePiece


def install() -> str | None:
    """Use the parser in Textual's Linux driver; what is missing, if anything."""
    from tui.fast.probe import missing as missing_in_textual

    missing = missing_in_textual(group="paste")
    if missing is not None:
        return missing
    try:
        import textual.drivers.linux_driver as linux_driver
        from textual._xterm_parser import XTermParser
    except ImportError as exc:
        return f"Textual has no {exc.name}"
    if getattr(linux_driver, "XTermParser", None) is not XTermParser:
        return "Textual's Linux driver no longer reads input with XTermParser"
    if not callable(getattr(XTermParser, "feed", None)):
        return "XTermParser has no feed()"
    linux_driver.XTermParser = parser_class()  # type: ignore[misc]
    return None
