"""A note edited in the user's own editor (``$VISUAL``, else ``$EDITOR``, else
``vi``). Nothing here imports Textual: the screen suspends itself around
:func:`edit_externally`."""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import tempfile
from collections.abc import Mapping

from tui.marks import NOTE_MAX
from tui.text import clean_line

__all__ = ["EditorError", "edit_externally", "editor_command"]


class EditorError(Exception):
    """The editor could not be run, or failed; the message is one line."""


def editor_command(env: Mapping[str, str] | None = None) -> list[str]:
    """The command that edits a file (its path is added last): ``$VISUAL`` or
    ``$EDITOR`` split as a shell would (``code --wait`` works), else ``vi``.
    EditorError if there is none."""
    env = os.environ if env is None else env
    for name in ("VISUAL", "EDITOR"):
        value = env.get(name, "").strip()
        if not value:
            continue
        try:
            argv = shlex.split(value)
        except ValueError as why:
            raise EditorError(f"${name} ({clean_line(value, 60)!r}) is not a command: {why}") from None
        if not argv:
            continue
        if shutil.which(argv[0], path=env.get("PATH", os.defpath)) is None:
            raise EditorError(f"${name} names {clean_line(argv[0], 60)!r}, which was not found")
        return argv
    if shutil.which("vi", path=env.get("PATH", os.defpath)) is None:
        raise EditorError("no editor: set $VISUAL or $EDITOR (vi was not found either)")
    return ["vi"]


def edit_externally(text: str, env: Mapping[str, str] | None = None) -> str | None:
    """``text`` edited in the user's editor, which is waited for: the text as
    the editor left it (UTF-8, anything else replaced; cut at NOTE_MAX
    characters), or None if it is the same. The file is private (its own
    folder, mode 0600, ``.md``) and removed afterwards. The text is written
    with a final newline and one final newline is taken off what comes back
    (editors keep one). EditorError, one line, if the editor is missing or
    exits with a failure: the text is then as it was."""
    argv = editor_command(env)
    folder = tempfile.mkdtemp(prefix="jobboard-note-")
    try:
        fd, path = tempfile.mkstemp(suffix=".md", dir=folder)
        os.fchmod(fd, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8", errors="replace", newline="") as out:
            out.write(text if text.endswith("\n") or not text else text + "\n")
        try:
            done = subprocess.run([*argv, path], env=None if env is None else dict(env), check=False)
        except OSError as why:
            raise EditorError(f"could not run {clean_line(argv[0], 60)!r}: {why.strerror or why}") from None
        if done.returncode != 0:
            how = f"was stopped by signal {-done.returncode}" if done.returncode < 0 else "failed"
            raise EditorError(
                f"the editor {clean_line(argv[0], 60)!r} {how} (exit status {done.returncode}); the note is as it was"
            )
        try:
            with open(path, "rb") as back:
                data = back.read(NOTE_MAX * 4 + 8)  # at most 4 bytes a character
        except OSError as why:
            raise EditorError(f"could not read the note back: {why.strerror or why}") from None
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    edited = data.decode("utf-8", errors="replace").replace("\r\n", "\n").removesuffix("\n")
    edited = edited[:NOTE_MAX]
    return None if edited == text.removesuffix("\n") else edited
