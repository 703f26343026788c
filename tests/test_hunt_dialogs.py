"""The job hunt's dialogs: the note, the status picker, the hidden
organizations; and the note edited in the user's own editor."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

from tui.editor import EditorError, edit_externally
from tui.marks import NOTE_MAX


def script(tmp_path: Path, name: str, body: str) -> Path:
    """An executable shell script ``name`` in tmp_path."""
    path = tmp_path / name
    path.write_text("#!/bin/sh\n" + body, encoding="utf-8")
    path.chmod(0o755)
    return path


def editor_env(command: str, **more: str) -> dict[str, str]:
    return {"PATH": os.environ.get("PATH", os.defpath), "EDITOR": command, **more}


# -- the user's editor ------------------------------------------------------------
def test_the_editor_edits_a_private_copy_and_its_text_comes_back(tmp_path: Path):
    seen = tmp_path / "seen"
    editor = script(tmp_path, "ed.sh", f'stat -c %a "$1" > {seen}\nprintf "%s\\n" "$1" >> {seen}\necho added >> "$1"\n')
    assert edit_externally("first line", editor_env(str(editor))) == "first line\nadded"
    mode, path = seen.read_text(encoding="utf-8").split()
    assert mode == "600" and path.endswith(".md")
    assert not Path(path).exists() and not Path(path).parent.exists()  # the folder is gone too


def test_visual_wins_over_editor_and_is_split_like_a_shell_command(tmp_path: Path):
    editor = script(tmp_path, "my editor.sh", 'echo "$1" >> "$2"\n')
    env = editor_env("false", VISUAL=f"'{editor}' --wait")
    assert edit_externally("é\n", env) == "é\n--wait"


def test_an_editor_that_changes_nothing_gives_none(tmp_path: Path):
    assert edit_externally("same\n\nnote", editor_env("true")) is None


def test_what_the_editor_leaves_is_cut_and_decoded(tmp_path: Path):
    editor = script(
        tmp_path, "ed.sh", f'printf "\\377bad\\r\\n" > "$1"\nhead -c {NOTE_MAX + 50} /dev/zero | tr "\\0" x >> "$1"\n'
    )
    back = edit_externally("", editor_env(str(editor)))
    assert back is not None and back.startswith("\ufffdbad\nxxx") and len(back) == NOTE_MAX


def test_a_failing_or_missing_editor_says_so_in_a_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    temp = tmp_path / "temp"
    temp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temp))
    with pytest.raises(EditorError, match=r"failed.*exit status 1") as failed:
        edit_externally("x", editor_env("false"))
    assert "\n" not in str(failed.value)
    with pytest.raises(EditorError, match=r"no-such-editor.*not found"):
        edit_externally("x", editor_env("no-such-editor --wait"))
    with pytest.raises(EditorError, match="not a command"):
        edit_externally("x", editor_env("'unclosed"))
    with pytest.raises(EditorError, match=r"set \$VISUAL or \$EDITOR"):
        edit_externally("x", {"PATH": str(tmp_path)})  # no vi there
    assert list(temp.iterdir()) == []  # nothing left behind
