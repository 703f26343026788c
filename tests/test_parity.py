"""The fast path and stock Textual put the same picture on a real terminal.

The jobboard command runs twice in pseudo-terminals, fast path on and off,
through the same scripted session (typing, deleting, tags, scrolling, a
resize, a theme change, a dialog opened and closed). After each step, once
the screen is still, every cell (character, colours, attributes) as a
terminal emulator shows it is compared between the two.
"""

from __future__ import annotations

import fcntl
import os
import select
import signal
import struct
import subprocess
import termios
import time
from concurrent.futures import ThreadPoolExecutor
from functools import partial
from pathlib import Path

import pyte
from conftest import requires_fast, start_in_pty, write

#: (what the step does, the bytes typed; or a (rows, columns) resize). The
#: command palette's list is left uncompared: it fills in as its providers
#: answer, in whichever order they do.
UNCOMPARED = {"the command palette", "search it for themes", "open the theme picker", "choose a light theme"}
STEPS: list[tuple[str, bytes | tuple[int, int]]] = [
    ("start", b""),
    ("type a query", b"/data"),
    ("delete two characters", b"\x7f\x7f"),
    ("leave the box, clear the query", b"\x1b\x1b"),
    ("to the sidebar, choose a tag", b"\x1b[Zjj\r"),
    ("the text pane, a page down", b"\t\t "),
    ("the list, to its end", b"\x1b[ZG"),
    ("and back to the top", b"g"),
    ("a narrower terminal", (24, 80)),
    ("a cursor move there", b"jj"),
    ("the command palette", b"\x10"),
    ("search it for themes", b"theme"),
    ("open the theme picker", b"\r"),
    ("choose a light theme", b"textual-light"),
    ("apply it", b"\r"),
    ("the help dialog", b"?"),
    ("closed", b"\x1b"),
    ("a query in the light theme", b"/analyst"),
]


def board_for(tmp: Path) -> Path:
    """The bundled postings and 60 more: enough rows to scroll."""
    import shutil

    from conftest import DATA

    root = tmp / "board"
    shutil.copytree(DATA, root)
    tags = ["data", "analyst", "union", "campaign", "tech"]
    for n in range(60):
        write(
            root,
            f"2024-0{1 + n % 9}-{10 + n % 18:02d}-posting-{n}.md",
            f'---\ntitle: "Org {n % 7}: Data Analyst {n}"\ntags:\n  - {tags[n % 5]}\n  - {tags[(n + 2) % 5]}\n---\n'
            + f"Posting {n}. Apply at https://example.org/jobs/{n}\n\n"
            + "A paragraph of text about the job. " * 30,
        )
    return root


class Session:
    """The jobboard command in a pseudo-terminal, read into a terminal emulator."""

    def __init__(self, board: Path, home: Path, fast: str, size: tuple[int, int]) -> None:
        self.master, slave = os.openpty()
        self.resize_pty(size)
        xdg = {name: str(home / name.lower()) for name in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME")}
        self.proc = start_in_pty([str(board)], slave, {"JOBBOARD_FAST": fast, **xdg})
        self.screen = pyte.Screen(size[1], size[0])
        self.stream = pyte.ByteStream(self.screen)

    def resize_pty(self, size: tuple[int, int]) -> None:
        fcntl.ioctl(self.master, termios.TIOCSWINSZ, struct.pack("HHHH", size[0], size[1], 0, 0))

    def read_until_still(self, still: float = 0.6, limit: float = 20) -> None:
        """Read until nothing has come for ``still`` seconds (``still`` 0:
        read for a second, still or not: a blinking cursor never is)."""
        if not still:
            end = time.monotonic() + 1
            while time.monotonic() < end:
                if select.select([self.master], [], [], 0.05)[0]:
                    self.stream.feed(os.read(self.master, 1 << 16))
            return
        end = time.monotonic() + limit
        last = time.monotonic()
        while time.monotonic() < end:
            if select.select([self.master], [], [], 0.05)[0]:
                try:
                    chunk = os.read(self.master, 1 << 16)
                except OSError:
                    return
                if not chunk:
                    return
                self.stream.feed(chunk)
                last = time.monotonic()
            elif time.monotonic() - last >= still:
                return
        raise AssertionError(f"the screen never came to rest:\n{text(self.cells())}")

    def read_until_shown(self, words: str, limit: float = 30) -> None:
        """Read until ``words`` are on the screen (the app's start, on a loaded
        machine, can be silent for longer than any step waits)."""
        end = time.monotonic() + limit
        while words not in text(self.cells()):
            if time.monotonic() > end:
                raise AssertionError(f"{words!r} never shown:\n{text(self.cells())}")
            if select.select([self.master], [], [], 0.05)[0]:
                try:
                    self.stream.feed(os.read(self.master, 1 << 16))
                except OSError:
                    return

    def step(self, action: bytes | tuple[int, int], still: float = 0.6) -> list[list[tuple[object, ...]]]:
        if isinstance(action, tuple):
            self.resize_pty(action)
            self.screen.resize(action[0], action[1])
            os.killpg(self.proc.pid, signal.SIGWINCH)
        elif action:
            os.write(self.master, action)
        self.read_until_still(still)
        return self.cells()

    def cells(self) -> list[list[tuple[object, ...]]]:
        return [
            [
                (c.data, c.fg, c.bg, c.bold, c.italics, c.underscore, c.reverse, c.strikethrough)
                for c in (self.screen.buffer[y][x] for x in range(self.screen.columns))
            ]
            for y in range(self.screen.lines)
        ]

    def close(self) -> None:
        try:
            os.write(self.master, b"\x11")  # Ctrl+Q
            self.proc.wait(5)
        except (OSError, subprocess.TimeoutExpired):
            pass
        finally:
            if self.proc.poll() is None:
                os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait()
            os.close(self.master)


def text(screen: list[list[tuple[object, ...]]]) -> str:
    return "\n".join("".join(str(cell[0]) for cell in row) for row in screen)


Screen = list[list[tuple[object, ...]]]


def differences(fast: Screen, stock: Screen) -> list[tuple[int, int, object, object]]:
    return [
        (y, x, f, s)
        for y, (fast_row, stock_row) in enumerate(zip(fast, stock, strict=True))
        for x, (f, s) in enumerate(zip(fast_row, stock_row, strict=True))
        if f != s
    ]


@requires_fast
def test_the_same_screen_fast_or_stock(tmp_path: Path):
    board = board_for(tmp_path)
    home = tmp_path / "home"
    write(home / "xdg_config_home", "jobboard/config.toml", "[ui]\ncursor-blink = false\n")
    sessions = [Session(board, home, switch, (30, 100)) for switch in ("1", "0")]
    shown: list[Screen] = []
    try:
        with ThreadPoolExecutor(2) as pool:
            list(pool.map(partial(Session.read_until_shown, words="Data Analyst"), sessions))
            for what, action in STEPS:
                still = 0 if what in UNCOMPARED else 0.6
                fast, stock = pool.map(partial(Session.step, action=action, still=still), sessions)
                if what in UNCOMPARED:
                    continue
                if fast != stock:
                    # Still for a moment is not done on a loaded machine: a
                    # picture that is late catches up, a wrong one stays.
                    fast, stock = pool.map(partial(Session.step, action=b"", still=2.0), sessions)
                wrong = differences(fast, stock)
                assert not wrong, f"{what}: {len(wrong)} cells differ, first {wrong[:5]}\n{text(fast)}"
                shown.append(fast)
    finally:
        for session in sessions:
            session.close()
    assert "Data Analyst" in text(shown[0]) and any("Keys" in text(screen) for screen in shown)
    assert text(shown[-1]) != text(shown[0])
