"""Where jobboard goes faster than stock Textual by reaching into it.

Everything here touches Textual's private names, so it is fenced: each piece
checks at start that the Textual it runs on is one it was verified on and
that every name it needs is there, and otherwise steps aside (the app then
runs on stock Textual, slower and correct). ``JOBBOARD_FAST=0`` forces the
stock path. Tests hold each piece equal to what stock Textual does.
"""

from __future__ import annotations

import os

__all__ = ["VERIFIED_TEXTUAL", "enabled", "install"]

#: Textual versions the fast path was verified on (its parity tests pass).
VERIFIED_TEXTUAL = ("8.2.8",)


def enabled() -> tuple[bool, str]:
    """(whether the fast path may run here, why or why not)."""
    if os.environ.get("JOBBOARD_FAST", "1").strip() in ("0", "no", "off", "false"):
        return False, "off: JOBBOARD_FAST=0"
    import textual

    version = getattr(textual, "__version__", "?")
    if version not in VERIFIED_TEXTUAL:
        return False, f"off: Textual {version} is not one it was verified on ({', '.join(VERIFIED_TEXTUAL)})"
    return True, f"on (Textual {version})"


def install() -> str:
    """Put the fast pieces in place (before the app starts); what is on, and why."""
    on, why = enabled()
    if not on:
        return why
    from tui.fast import paste

    missing = paste.install()
    return why if missing is None else f"off: {missing}"
