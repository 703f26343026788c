"""The fast path: each piece gives what stock Textual gives."""

from __future__ import annotations

import itertools
import random

import pytest
from textual import events

from tui import fast
from tui.fast import paste

XTermParser = paste.stock_parser_class()


def parsed(parser_class: type, pieces: list[str]) -> list[tuple[str, str]]:
    parser = parser_class()
    out = []
    for piece in [*(p for p in pieces if p), ""]:  # "" is the end of input
        for event in parser.feed(piece):
            if isinstance(event, events.Paste):
                out.append(("paste", event.text))
            elif isinstance(event, events.Key):
                out.append(("key", f"{event.key} {event.character!r}"))
            else:
                out.append((type(event).__name__, ""))
    return out


STREAMS = [
    "abc",
    "a\x1b[200~pasted text\x1b[201~b",
    "\x1b[200~line one\nline two\x00 and a NUL\x1b[201~",
    "\x1b[A\x1b[200~x\x1b[201~\x1b[B",
    "\x1b[200~one\x1b[201~ \x1b[200~two\x1b[201~",
    "\x1b[200~\x1b[201~after an empty paste",
    "\x1b[200~" + "analyst data " * 400 + "\x1b[201~q",
    "\x1b[200~[201~ almost the end, ~ and [ \x1b[201~",
    "\x1b[20 not a paste \x1b[201~",
]


@pytest.mark.parametrize("stream", STREAMS, ids=range(len(STREAMS)))
def test_paste_in_one_piece_gives_textuals_events(stream: str):
    fast_parser = paste.parser_class()
    expected = parsed(XTermParser, [stream])
    assert parsed(fast_parser, [stream]) == expected
    # Read in pieces, as a terminal's bytes arrive: every place of one cut,
    # and random cuts into many pieces.
    for cut in range(len(stream) + 1) if len(stream) < 200 else range(0, len(stream), 97):
        assert parsed(fast_parser, [stream[:cut], stream[cut:]]) == expected, cut
    rng = random.Random(len(stream))
    for _ in range(20):
        cuts = sorted(rng.sample(range(1, len(stream)), min(len(stream) - 1, rng.randint(1, 12))))
        pieces = [stream[a:b] for a, b in itertools.pairwise([0, *cuts, len(stream)])]
        assert parsed(fast_parser, pieces) == expected, cuts


def test_an_escape_inside_a_paste_stays_pasted_text():
    """Where the two differ, on purpose: Textual turns an escape sequence
    inside a paste into key presses (an arrow, "^", letters: pasted text
    would act as keys); here it stays the text pasted, which the search box
    then cleans."""
    stream = "\x1b[200~an arrow \x1b[A and a lone \x1b inside\x1b[201~k"
    assert ("key", "circumflex_accent '^'") in parsed(XTermParser, [stream])
    fast_parser = paste.parser_class()
    expected = [("paste", "an arrow \x1b[A and a lone \x1b inside"), ("key", "k 'k'")]
    for cut in range(1, len(stream)):
        assert parsed(fast_parser, [stream[:cut], stream[cut:]]) in (expected, parsed(XTermParser, [stream])), cut
    assert parsed(fast_parser, [stream]) == expected


def test_a_megabyte_paste_is_one_event_without_textuals_parser(monkeypatch: pytest.MonkeyPatch):
    text = "w" * (1 << 20)
    stream = "\x1b[200~" + text + "\x1b[201~"
    fed: list[int] = []
    real = XTermParser.feed

    def feed(self, data):
        fed.append(len(data))
        return real(self, data)

    monkeypatch.setattr(XTermParser, "feed", feed)
    pieces = [stream[i : i + 4096] for i in range(0, len(stream), 4096)]
    assert parsed(paste.parser_class(), pieces) == [("paste", text)]
    assert sum(fed) == 0  # the pasted text never went through Textual's parser, one character at a time


def test_the_switch_and_the_probe(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("JOBBOARD_FAST", "0")
    assert fast.check() == fast.FastPath(False, "off: JOBBOARD_FAST=0")
    monkeypatch.delenv("JOBBOARD_FAST")
    assert fast.check().on
    assert fast.textual_version() == __import__("textual").__version__
    monkeypatch.setattr(fast, "textual_version", lambda: "99.0.0")
    path = fast.check()
    assert not path.on and "99.0.0" in path.why


def test_install_puts_the_parser_in_the_driver(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.delenv("JOBBOARD_FAST", raising=False)
    import textual.drivers.linux_driver as linux_driver

    monkeypatch.setattr(linux_driver, "XTermParser", XTermParser)
    assert fast.install().on
    assert linux_driver.XTermParser is not XTermParser and issubclass(linux_driver.XTermParser, XTermParser)
    monkeypatch.setattr(linux_driver, "XTermParser", XTermParser)
    monkeypatch.setenv("JOBBOARD_FAST", "0")
    assert fast.install().why == "off: JOBBOARD_FAST=0" and linux_driver.XTermParser is XTermParser


@pytest.mark.parametrize("switch", ["1", "0"])
def test_a_paste_in_the_real_app_either_way(switch: str):
    """The jobboard command in a pseudo-terminal, fast path on and off: a
    long paste lands in the search box, cut and said, and the app goes on."""
    from conftest import DATA, run_in_pty

    words = " ".join(f"w{n:x}" for n in range(40_000)).encode()
    out = run_in_pty(
        [str(DATA)],
        [(b"postings", b"/"), (b"Go to the list", b"\x1b[200~" + words + b"\x1b[201~"), (b"terms only", b"\x1bq")],
        env={"JOBBOARD_FAST": switch},
    )
    import re

    text = re.sub(rb"\x1b\[[0-9;?<>$]*[A-Za-z]", b"", out)
    assert b"1,000" in text, text[-3000:]
