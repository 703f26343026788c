"""Copy text: the system clipboard through pyperclip when one is really there,
else the terminal's OSC 52 sequence (over SSH, on a bare console, in tmux).

Nothing here imports Textual: the OSC 52 writer is passed in.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Mapping
from pathlib import Path

SYSTEM = "system clipboard"
TERMINAL = "terminal clipboard (OSC 52)"


def system_clipboard_usable(env: Mapping[str, str] | None = None) -> bool:
    """Whether a system clipboard can be reached from here.

    pyperclip alone cannot tell: with DISPLAY set and no X server it returns
    normally, copies nothing, and xclip prints over the screen.
    """
    env = os.environ if env is None else env
    if env.get("SSH_CONNECTION") or env.get("SSH_TTY"):
        return False  # a clipboard there is not the user's
    if sys.platform in ("darwin", "win32", "cygwin"):
        return True
    wayland = env.get("WAYLAND_DISPLAY")
    if wayland:
        runtime = env.get("XDG_RUNTIME_DIR", "")
        if Path(wayland).is_absolute() and Path(wayland).exists():
            return True
        if runtime and (Path(runtime) / wayland).exists():
            return True
    display = env.get("DISPLAY", "")
    if display.startswith(":"):
        number = display[1:].split(".", 1)[0]
        return number.isdigit() and Path(f"/tmp/.X11-unix/X{number}").exists()
    return bool(display)  # a remote X display: trust it


def copy(text: str, osc52: Callable[[str], None], *, env: Mapping[str, str] | None = None) -> str:
    """Copy ``text``; return where it went (for the notification)."""
    env = os.environ if env is None else env
    if system_clipboard_usable(env):
        try:
            import pyperclip

            pyperclip.copy(text)
            if pyperclip.paste() == text:
                if env.get("TMUX"):
                    osc52(text)  # tmux may sit in an SSH session: tell the outer terminal too
                return SYSTEM
        except Exception:  # pyperclip raises its own and OS errors: fall back
            pass
    osc52(text)
    return TERMINAL


def browser_available(env: Mapping[str, str] | None = None) -> bool:
    """Whether opening a link can reach a browser here."""
    env = os.environ if env is None else env
    if sys.platform in ("darwin", "win32", "cygwin") or env.get("BROWSER"):
        return True
    return bool(env.get("DISPLAY") or env.get("WAYLAND_DISPLAY"))
