"""Every test runs with its own XDG folders: nothing touches the real home."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent

#: For tests of the fast path itself: the suite's second run (JOBBOARD_FAST=0) skips them.
requires_fast = pytest.mark.skipif(
    os.environ.get("JOBBOARD_FAST", "1") == "0", reason="the fast path is off (JOBBOARD_FAST=0)"
)
DATA = REPO / "data"


@pytest.fixture(autouse=True)
def xdg(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "home"
    for name in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"):
        folder = home / name.lower()
        folder.mkdir(parents=True)
        monkeypatch.setenv(name, str(folder))
    monkeypatch.setenv("HOME", str(home))
    for name in ("DISPLAY", "WAYLAND_DISPLAY", "SSH_CONNECTION", "SSH_TTY", "TMUX", "BROWSER"):
        monkeypatch.delenv(name, raising=False)
    return home


@pytest.fixture(autouse=True)
def collector_untouched():
    """No test leaves the garbage collector otherwise than it found it (the
    command's collector policy must not leak into the rest of the run)."""
    import gc

    before = (gc.isenabled(), gc.get_threshold(), gc.get_freeze_count())
    yield
    after = (gc.isenabled(), gc.get_threshold(), gc.get_freeze_count())
    if after != before:
        gc.unfreeze()
        gc.set_threshold(*before[1])
        if before[0]:
            gc.enable()
        pytest.fail(f"the garbage collector was left changed: {before} -> {after}")


@pytest.fixture
def board(tmp_path: Path) -> Path:
    """A copy of the bundled postings."""
    target = tmp_path / "board"
    shutil.copytree(DATA, target)
    return target


def write(root: Path, rel: str, content: str | bytes) -> Path:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, str):
        path.write_text(content, encoding="utf-8")
    else:
        path.write_bytes(content)
    return path


def start_in_pty(args: list[str], slave: int, env: dict[str, str] | None = None):
    """``python -m tui ARGS`` on the pseudo-terminal ``slave`` (closed here),
    as a terminal starts it: its size from the terminal, not from COLUMNS/LINES."""
    import os
    import subprocess
    import sys

    full_env = {
        **{k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES")},
        "TERM": "xterm-256color",
        "COLORTERM": "truecolor",
        "PYTHONPATH": str(REPO),
        **(env or {}),
    }
    proc = subprocess.Popen(
        [sys.executable, "-m", "tui", *args],
        stdin=slave,
        stdout=slave,
        stderr=slave,
        env=full_env,
        start_new_session=True,
    )
    os.close(slave)
    return proc


def run_in_pty(
    args: list[str], steps: list[tuple[bytes, bytes]], *, env: dict[str, str] | None = None, size=(40, 160)
) -> bytes:
    """Run ``python -m tui ARGS`` in a pseudo-terminal and return every byte it
    wrote. ``steps``: (text to wait for in the output, keys to send then); the
    last step's keys should quit. Fails if a wait is not met in 30 s."""
    import fcntl
    import os
    import pty
    import select
    import signal
    import struct
    import termios
    import time

    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", size[0], size[1], 0, 0))
    proc = start_in_pty(args, slave, env)
    out = b""
    pending = list(steps)
    seen_from = 0
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            ready_fds, _, _ = select.select([master], [], [], 0.1)
            if ready_fds:
                try:
                    chunk = os.read(master, 65536)
                except OSError:
                    break
                if not chunk:
                    break
                out += chunk
            if pending and pending[0][0] in out[seen_from:]:
                seen_from = len(out)
                time.sleep(0.3)  # let the frame settle before the next keys
                os.write(master, pending.pop(0)[1])
            if proc.poll() is not None and not ready_fds:
                break
        else:
            raise AssertionError(f"waited 30 s for {pending[0][0]!r}; last output: {out[-1500:]!r}")
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
        os.close(master)
    assert not pending, f"never saw {pending[0][0]!r}; last output: {out[-1500:]!r}"
    return out
