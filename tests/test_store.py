"""Saved state: atomic, locked, never silently overwritten."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

from tui.store import StateStore, atomic_write


def test_favorites_round_trip_with_0600(tmp_path: Path):
    store = StateStore(tmp_path / "state.json")
    assert store.set_favorite("/b", "a.md", True) == {"a.md": store.favorites("/b")["a.md"]}
    store.set_favorite("/b", "c.md", True)
    store.set_favorite("/b", "a.md", False)
    assert set(StateStore(tmp_path / "state.json").favorites("/b")) == {"c.md"}
    assert (tmp_path / "state.json").stat().st_mode & 0o777 == 0o600


def test_default_location_follows_xdg(xdg: Path):
    store = StateStore()
    store.set_favorite("/b", "x.md", True)
    assert store.path.is_relative_to(Path(os.environ["XDG_DATA_HOME"]))


def test_corrupt_file_is_moved_aside(tmp_path: Path):
    path = tmp_path / "state.json"
    path.write_text("{not json", encoding="utf-8")
    store = StateStore(path)
    assert store.favorites("/b") == {}
    assert len(store.notices) == 1 and "unreadable" in store.notices[0]
    assert path.read_text() == "{not json"  # reading moves nothing
    store.set_favorite("/b", "a.md", True)
    assert "moved it to" in store.notices[-1]
    aside = [p for p in tmp_path.iterdir() if ".corrupt-" in p.name]
    assert len(aside) == 1 and aside[0].read_text() == "{not json"
    assert set(store.favorites("/b")) == {"a.md"}


WRITER = """
import sys
from pathlib import Path
from tui.store import atomic_write
path = Path(sys.argv[1])
n = 0
while True:
    n += 1
    atomic_write(path, (str(n) * 20000).encode())
    if n == 1:
        print("wrote", flush=True)  # the test kills only once a write has happened
"""


def test_killed_writer_leaves_old_or_new(tmp_path: Path):
    path = tmp_path / "state.json"
    atomic_write(path, b"0" * 20000)
    rng = random.Random(7)
    for _ in range(15):
        path.write_bytes(b"0" * 20000)
        proc = subprocess.Popen([sys.executable, "-c", WRITER, str(path)], stdout=subprocess.PIPE)
        assert proc.stdout is not None and proc.stdout.readline() == b"wrote\n"
        time.sleep(rng.uniform(0.0, 0.05))  # killed amid one of the writes after the first
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        proc.stdout.close()
        data = path.read_text()
        number = data[: len(data) // 20000]
        assert data == number * 20000, "file is neither the old nor the new content"
        assert number != "0", "no write happened before the kill"


FAVORITER = """
import sys
from pathlib import Path
from tui.store import StateStore
store = StateStore(Path(sys.argv[1]))
for i in range(40):
    store.set_favorite("/board", f"{sys.argv[2]}-{i}.md", True)
"""


def test_two_processes_lose_no_favorite(tmp_path: Path):
    path = tmp_path / "state.json"
    procs = [subprocess.Popen([sys.executable, "-c", FAVORITER, str(path), name]) for name in ("a", "b")]
    for proc in procs:
        assert proc.wait(timeout=120) == 0
    favorites = StateStore(path).favorites("/board")
    assert len(favorites) == 80


def test_temporary_files_of_killed_writers_go_at_the_next_write(tmp_path: Path):
    """A writer killed between writing its temporary file and renaming it
    leaves the file; the next write (under the lock, so no writer is between
    the two) removes every one, a link among them as a link."""
    path = tmp_path / "state.json"
    store = StateStore(path)
    store.set_favorite("/b", "a.md", True)
    left = [tmp_path / f".state.json.{n}x{n}.tmp" for n in range(8)]
    for stale in left:
        stale.write_text("{half written")
    thesis = tmp_path / "thesis.txt"
    thesis.write_text("mine")
    (tmp_path / ".state.json.link.tmp").symlink_to(thesis)
    others = [tmp_path / ".other.json.1.tmp", tmp_path / "state.json.corrupt-1", tmp_path / ".state.json.notes"]
    for other in others:
        other.write_text("not ours to remove")
    store.set_favorite("/b", "b.md", True)
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")) == [".other.json.1.tmp"]
    assert thesis.read_text() == "mine" and all(other.read_text() == "not ours to remove" for other in others)
    assert set(store.favorites("/b")) == {"a.md", "b.md"}
