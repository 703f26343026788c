"""What a board can do to the user's own files and to the searches of it: a
board is a repository anyone can send a pull request to, and the caches, the
text index and the state file live among the user's own files."""

from __future__ import annotations

import json
import os
import random
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from conftest import REPO, write
from test_app import ready, workers_done

from tui.app import JobBoard
from tui.bodies import BodyIndex, fts_phrase, index_path
from tui.library import load_board, read_bodies
from tui.session import Session, problems_news
from tui.widgets.posting_table import PostingTable
from tui.widgets.status_bar import StatusBar

WORDS = ["data", "analyst", "union", "campaign", "director", "field", "organizer", "digital", "policy", "budget"]


def wordy_board(root: Path, count: int = 300, seed: int = 1) -> Path:
    """Postings of a few hundred words each; every third says "remote" in
    its text, and every fiftieth in its role (see :func:`remote_roles`)."""
    rng = random.Random(seed)
    for n in range(count):
        text = " ".join(f"{rng.choice(WORDS)}{rng.randrange(60)}" for _ in range(300))
        extra = " Fully remote." if n % 3 == 0 else ""
        role = "Remote Organizer" if n % 50 == 0 else "Role"
        write(root, f"2020-01-01-p{n:04}.md", f'---\ntitle: "Org {n}: {role}"\ntags: [data]\n---\n{text}{extra}\n')
    return root


def remote_roles(root: Path) -> set[str]:
    """The postings the short fields find for "remote"."""
    return {p.name for p in root.iterdir() if "Remote Organizer" in p.read_text()}


def cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "tui", *args],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(REPO), **(env or {})},
        timeout=120,
    )


def remote_in_text(root: Path) -> set[str]:
    return {p.name for p in root.iterdir() if "Fully remote" in p.read_text()}


def remote_ids(root: Path) -> set[str]:
    """The postings that say "remote" anywhere."""
    return {p.name for p in root.iterdir() if "remote" in p.read_text().lower()}


# -- a damaged text index ------------------------------------------------------------


def built_index(root: Path, cache: Path) -> tuple[Path, list[str]]:
    board = load_board(root, cache_dir=None)
    ids = [p.id for p in board.postings]
    index = BodyIndex(index_path(cache, board.root), board.root)
    index.update(ids, board.read_bodies)
    index.close()
    return index_path(cache, board.root), ids


def damage(path: Path, pristine: bytes, page: int, size: int = 4096) -> None:
    data = bytearray(pristine)
    data[page * size : (page + 1) * size] = b"\xff" * size
    path.write_bytes(bytes(data))
    for suffix in ("-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def test_a_damaged_page_found_by_a_search_drops_the_index(tmp_path: Path):
    """Each page of a built index damaged in turn: what the check at open
    does not see, a search finds. The search answers (nothing from the text),
    the index is marked broken and dropped, and the next open makes it again."""
    root = wordy_board(tmp_path / "board", 200)
    path, ids = built_index(root, tmp_path / "cache")
    board_root = root.resolve()
    pristine = path.read_bytes()
    found_by_search = 0
    for page in range(1, len(pristine) // 4096):
        damage(path, pristine, page)
        index = BodyIndex(path, board_root)
        if index.rebuilt_because is not None:  # seen at open: made again there
            index.close()
            continue
        hits = index.search(fts_phrase("remote"))  # never raises
        if getattr(index, "broken", None) is None:
            index.close()
            continue
        found_by_search += 1
        assert hits == {} and not path.exists()
        again = BodyIndex(path, board_root)
        again.update(ids, lambda todo: read_bodies(root.resolve(), todo))
        assert again.broken is None and set(again.search(fts_phrase("remote"))) == remote_in_text(root)
        again.close()
    assert found_by_search  # the case this is about was met


@pytest.mark.parametrize(
    "edit",
    [
        "UPDATE files SET id = 'text, not bytes' WHERE n = 3",
        "UPDATE files SET size = CAST(x'ff41' AS TEXT) WHERE n = 3",  # not UTF-8: Python's module refuses it
        "UPDATE meta SET value = CAST(x'ff41' AS TEXT) WHERE key = 'root'",
    ],
)
def test_values_of_the_wrong_kind_make_the_index_again(tmp_path: Path, edit: str):
    """What a damaged page can read as, written on purpose: the index is
    made again, never a traceback."""
    import sqlite3

    root = wordy_board(tmp_path / "board", 30)
    path, ids = built_index(root, tmp_path / "cache")
    with sqlite3.connect(path) as db:
        db.execute(edit)
    db.close()
    index = BodyIndex(path, root.resolve())
    done = index.update(ids, lambda todo: read_bodies(root.resolve(), todo))
    assert index.rebuilt_because is not None or done.rebuilt
    assert set(index.search(fts_phrase("remote"))) == remote_in_text(root) and index.broken is None


def test_random_damage_never_raises(tmp_path: Path):
    """A fifth of the pages damaged at random, many times over: opening,
    updating and searching never raise; the index is made again, or dropped."""
    rng = random.Random(5)
    root = wordy_board(tmp_path / "board", 200)
    path, ids = built_index(root, tmp_path / "cache")
    pristine = path.read_bytes()
    pages = len(pristine) // 4096
    for _ in range(40):
        data = bytearray(pristine)
        for page in rng.sample(range(1, pages), pages // 5):
            at = page * 4096 + rng.randrange(4096 - 16)
            data[at : at + 16] = rng.randbytes(16)
        path.write_bytes(bytes(data))
        for suffix in ("-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        index = BodyIndex(path, root.resolve())
        index.update(ids, lambda todo: read_bodies(root.resolve(), todo))
        for word in ("remote", "data", "org", "analyst1"):
            index.search(fts_phrase(word))
        index.close()


def a_page_a_search_finds(root: Path, cache: Path) -> tuple[Path, bytes]:
    """A built index, and its bytes with a page damaged that neither the
    check at open nor an update reads, and a search for "remote" does."""
    path, ids = built_index(root, cache)
    pristine = path.read_bytes()
    for page in range(1, len(pristine) // 4096):
        damage(path, pristine, page)
        index = BodyIndex(path, root.resolve())
        done = index.update(ids, lambda todo: read_bodies(root.resolve(), todo))
        if index.rebuilt_because is None and not done.rebuilt:
            index.search(fts_phrase("remote"))
        index.close()
        if index.broken is not None:
            damage(path, pristine, page)
            return path, path.read_bytes()
    raise AssertionError("no page of the index is read by a search alone")


def test_cli_searches_the_short_fields_beside_a_damaged_index(tmp_path: Path):
    root = wordy_board(tmp_path / "board")
    cli("list", str(root), "--query", "remote")  # the parse cache and the text index, made
    a_page_a_search_finds(root, Path(os.environ["XDG_CACHE_HOME"]) / "jobboard")
    first = cli("list", str(root), "--query", "remote", "--json")
    assert first.returncode == 0 and "Traceback" not in first.stderr
    assert {row["id"] for row in json.loads(first.stdout)} == remote_roles(root)
    said = first.stderr.strip().splitlines()
    assert len(said) == 1 and "text index was damaged" in said[0] and "made again next time" in said[0]
    second = cli("list", str(root), "--query", "remote", "--json")  # made again
    assert second.returncode == 0 and second.stderr == ""
    assert {row["id"] for row in json.loads(second.stdout)} == remote_ids(root)


def shown_ids(app: JobBoard) -> set[str]:
    table = app.query_one(PostingTable)
    return {table.postings[i].id for i in table.rows.tolist()}


async def test_app_searches_on_past_a_damaged_index(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """Typing a word a damaged page holds: the app says so once, lists what
    the short fields find while it makes the index again, then the text's hits."""
    root = wordy_board(tmp_path / "board")
    cache = tmp_path / "cache"
    a_page_a_search_finds(root, cache)
    release = threading.Event()
    index_bodies = Session.index_bodies
    calls = []

    def second_held(self, progress=None):
        calls.append(1)
        if len(calls) > 1:
            release.wait(10)
        return index_bodies(self, progress)

    monkeypatch.setattr(Session, "index_bodies", second_held)
    app = JobBoard(root, cache_dir=cache)
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(pilot)
        await pilot.press("slash", *"remote")
        for _ in range(500):  # (not waiting for the workers: one is held)
            await pilot.pause(0.02)
            if len(calls) == 2 and not app.main.text_pending:
                break
        assert shown_ids(app) == remote_roles(root)
        assert "indexing the text again" in str(app.query_one(StatusBar).text)
        assert next(t.message for t in app.said if "damaged" in t.message).startswith("The text index was damaged")
        release.set()
        await ready(pilot)
        await workers_done(app)
        await pilot.pause()
        assert shown_ids(app) == remote_ids(root)
        assert len([t for t in app.said if "damaged" in t.message]) == 1


# -- a text index that cannot be written -------------------------------------------------


def listed(result: subprocess.CompletedProcess[str]) -> set[str]:
    assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr
    return {row["id"] for row in json.loads(result.stdout)}


def limit_file_size(size: int) -> None:
    """In the child: files can grow to ``size`` bytes at most (a full disk,
    whoever runs the tests: root included)."""
    import resource
    import signal

    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # the write fails instead (EFBIG)
    resource.setrlimit(resource.RLIMIT_FSIZE, (size, size))


def test_cli_searches_the_short_fields_where_the_index_cannot_be_made(tmp_path: Path):
    root = wordy_board(tmp_path / "board")
    cache = Path(os.environ["XDG_CACHE_HOME"]) / "jobboard"
    cache.parent.mkdir(parents=True, exist_ok=True)
    cache.write_text("a file where the cache folder should be")
    first = cli("list", str(root), "--query", "remote", "--json")
    assert listed(first) == remote_roles(root)
    said = first.stderr.strip().splitlines()
    assert len(said) == 1 and "text is not searched" in said[0]
    assert cache.read_text() == "a file where the cache folder should be"
    cache.unlink()
    full = subprocess.run(  # a full disk
        [sys.executable, "-m", "tui", "list", str(root), "--query", "remote", "--json"],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(REPO)},
        timeout=120,
        preexec_fn=lambda: limit_file_size(64 * 1024),
    )
    assert listed(full) == remote_roles(root)
    said = full.stderr.strip().splitlines()
    assert len(said) == 1 and "text is not searched" in said[0]


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes whatever the modes say (the test below covers it)")
def test_cli_searches_a_read_only_index_as_it_is(tmp_path: Path):
    root = wordy_board(tmp_path / "board")
    listed(cli("list", str(root), "--query", "remote", "--json"))
    cache = Path(os.environ["XDG_CACHE_HOME"]) / "jobboard"
    for path in cache.iterdir():
        path.chmod(0o444)
    cache.chmod(0o555)
    try:
        again = cli("list", str(root), "--query", "remote", "--json")
        assert listed(again) == remote_ids(root) and again.stderr == ""
    finally:
        cache.chmod(0o755)


def test_a_valid_index_that_cannot_be_written_is_searched_as_it_is(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
):
    """SQLite opens the index read-only (a file it may not write): it is
    searched as it is; what changed since is said in one line."""
    import sqlite3

    from tui import bodies
    from tui import cli as command

    root = wordy_board(tmp_path / "board")
    assert command.main(["list", str(root), "--query", "remote", "--json"]) == 0
    capsys.readouterr()
    connect = sqlite3.connect

    def read_only(target, *args, uri=False, **kw):
        if not uri and target != ":memory:" and not str(target).endswith("hunt.sqlite"):
            target, uri = f"file:{target}?mode=ro", True
        return connect(target, *args, uri=uri, **kw)

    monkeypatch.setattr(bodies.sqlite3, "connect", read_only)
    assert command.main(["list", str(root), "--query", "remote", "--json"]) == 0
    out, err = capsys.readouterr()
    assert {row["id"] for row in json.loads(out)} == remote_ids(root) and err == ""
    changed = root / "2020-01-01-p0001.md"  # says remote now: not indexed, and said
    changed.write_text(changed.read_text() + "\nremote\n")
    assert command.main(["list", str(root), "--query", "remote", "--json"]) == 0
    out, err = capsys.readouterr()
    assert {row["id"] for row in json.loads(out)} == remote_ids(root) - {changed.name}
    assert len(err.splitlines()) == 1 and "cannot be written" in err and "1 posting" in err


def test_two_processes_making_the_same_index(tmp_path: Path):
    """Two commands on a board never indexed, at once: one makes the index,
    the other waits for it; both list the same rows. (Several times: a race.)"""
    root = wordy_board(tmp_path / "board")
    cache = Path(os.environ["XDG_CACHE_HOME"]) / "jobboard"
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    for _ in range(4):
        shutil.rmtree(cache, ignore_errors=True)
        runs = [
            subprocess.Popen(
                [sys.executable, "-m", "tui", "list", str(root), "--query", "remote", "--json"],
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
                env=env,
            )
            for _ in range(2)
        ]
        # communicate before the exit code: a wait first blocks for good once the output fills the pipe
        outputs = [r.communicate(timeout=120) for r in runs]
        results = [
            subprocess.CompletedProcess(r.args, r.returncode, *out) for r, out in zip(runs, outputs, strict=True)
        ]
        for result in results:
            assert listed(result) == remote_ids(root) and result.stderr == ""


# -- caches are ours: a link there is replaced, never followed -----------------------------------


def users_file(home: Path, name: str, content: bytes) -> tuple[Path, bytes, int]:
    path = home / name
    path.write_bytes(content)
    path.chmod(0o644)
    return path, content, path.stat().st_mode


def untouched(path: Path, content: bytes, mode: int) -> bool:
    return path.read_bytes() == content and path.stat().st_mode == mode


def test_a_parse_cache_that_is_a_link_is_replaced_not_followed(tmp_path: Path, xdg: Path):
    from tui.library import cache_path, load_cache

    root = wordy_board(tmp_path / "board", 20)
    cache = Path(os.environ["XDG_CACHE_HOME"]) / "jobboard"
    cache.mkdir(parents=True)
    path = cache_path(cache, root.resolve())
    thesis, content, mode = users_file(xdg, "thesis.txt", b"Chapter 1\n" * 1000)
    path.symlink_to(thesis)
    board = load_board(root, cache_dir=cache)
    assert len(board.postings) == 20 and untouched(thesis, content, mode)
    assert not path.is_symlink() and load_cache(path, root.resolve(), {}) is None  # ours now (other aliases)
    path.unlink()
    os.mkfifo(path)  # a named pipe: never opened (it would hang the start)
    assert len(cli("list", str(root)).stdout.splitlines()) == 20
    assert path.is_file() and not path.is_symlink()


def test_a_text_index_that_is_a_link_is_replaced_not_followed(tmp_path: Path, xdg: Path):
    import sqlite3

    root = wordy_board(tmp_path / "board", 20)
    cache = Path(os.environ["XDG_CACHE_HOME"]) / "jobboard"
    cache.mkdir(parents=True)
    path = index_path(cache, root.resolve())
    notes = xdg / "notes.sqlite"
    with sqlite3.connect(notes) as db:
        db.execute("CREATE TABLE notes(text)")
        db.execute("INSERT INTO notes VALUES ('mine')")
    db.close()
    notes.chmod(0o640)
    thesis, content, mode = users_file(xdg, "thesis.txt", b"Chapter 1\n" * 1000)
    for links in ({"": notes}, {"-wal": thesis, "-shm": thesis, ".lock": thesis}, {"": "hard"}):
        for suffix, target in links.items():
            if target == "hard":
                os.link(notes, f"{path}{suffix}")
            else:
                Path(f"{path}{suffix}").symlink_to(target)
        notes_bytes, notes_mode = notes.read_bytes(), notes.stat().st_mode
        assert listed(cli("list", str(root), "--query", "remote", "--json")) == remote_ids(root)
        assert untouched(notes, notes_bytes, notes_mode) and untouched(thesis, content, mode)
        with sqlite3.connect(notes) as db:
            assert db.execute("PRAGMA journal_mode").fetchone() == ("delete",)
        db.close()
        assert path.is_file() and not path.is_symlink() and path.stat().st_nlink == 1
        for name in cache.iterdir():
            name.unlink()


# -- a pull request must not bloat the user's state ---------------------------------------------

REFUSED_TAGS = "tags:\n" + "  - {a: 1}\n" * 256


def refusing_board(root: Path, count: int) -> Path:
    for n in range(count):
        write(root, f"2020-01-01-r{n:04}.md", f'---\ntitle: "Org {n}: Role"\n{REFUSED_TAGS}---\nText.\n')
    return root


def test_identical_problems_of_a_file_are_one_line(tmp_path: Path):
    from tui.posting import normalize_tags, parse_posting

    parsed = parse_posting(f"---\ntitle: 'A: B'\n{REFUSED_TAGS}---\n".encode(), "a.md")
    assert parsed.problems == ["256 tags are not text (each a mapping); ignored"]
    assert normalize_tags(["ok", {"a": 1}, ["x"], ["y"]])[1] == [
        "a tag is a mapping; ignored",
        "2 tags are not text (each a list); ignored",
    ]
    root = refusing_board(tmp_path / "board", 3)
    said = cli("list", str(root)).stderr.splitlines()
    assert said == [f"2020-01-01-r{n:04}.md: 256 tags are not text (each a mapping); ignored" for n in range(3)]


def test_the_state_file_keeps_a_bounded_record_of_problems(tmp_path: Path):
    """2,000 postings with 256 refused tags each, and 50,000 files with a
    problem of their own: the state file stays small, and what is new is
    still told from what was said before."""
    from tui.config import Config
    from tui.library import Board, Problem
    from tui.store import StateStore

    state = StateStore(tmp_path / "state.json")
    root = refusing_board(tmp_path / "board", 2000)
    cache = tmp_path / "cache"
    loaded = Session(root, Config(), state, cache).load(lambda done, total: None)
    assert loaded.problems == (2000, 0, 2000)
    assert state.path.stat().st_size < 64 * 1024
    assert Session(root, Config(), state, cache).load(lambda done, total: None).problems == (2000, 0, 0)

    many = Board(root.resolve(), [], [Problem(f"f{n:05}.md", "no front matter") for n in range(50_000)])
    session = Session(root, Config(), state, None)
    assert problems_news(session, many, state.load()) == (0, 50_000, 50_000)
    assert state.path.stat().st_size < 64 * 1024
    assert problems_news(session, many, state.load())[2] == 0  # the same: nothing new
    many.problems.append(Problem("g.md", "no front matter"))
    assert problems_news(session, many, state.load())[2] > 0  # one more: said
    state.set_favorite("/b", "a.md", True)
    assert state.path.stat().st_size < 64 * 1024
    # Every line, as an earlier version kept them: made small at the next start.
    data = json.loads(state.path.read_text())
    data["boards"][str(root.resolve())] = {"problems_said": sorted(map(str, many.problems))}
    state.path.write_text(json.dumps(data))
    assert problems_news(session, many, state.load())[2] == 0
    assert state.path.stat().st_size < 64 * 1024


async def test_the_problems_dialog_opens_at_once_on_half_a_million(board: Path):
    """Only the lines on screen are drawn: half a million problems open as
    fast as a few, and scroll to the last."""
    import time

    from tui.widgets.screens import ProblemsScreen

    problems = [f"f{n:06}.md: 2 tags are not text (each a list); ignored" for n in range(500_000)]
    problems[-1] = "last.md: \x1b]52;c;cHduZWQ=\x07 line"
    app = JobBoard(board, cache_dir=None)
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(pilot)
        start = time.perf_counter()
        app.push_screen(ProblemsScreen(problems))
        await pilot.pause()
        screen = app.export_screenshot().replace("&#160;", " ")
        assert time.perf_counter() - start < 3.0  # drawn in well under a tenth of that
        assert "500,000 problems" in screen and "f000000.md" in screen and "f000040.md" not in screen
        await pilot.press("G")
        await pilot.pause()
        screen = app.export_screenshot().replace("&#160;", " ")
        assert "last.md: \\x1b]52;c;cHduZWQ=\\x07 line" in screen and "f000000.md" not in screen
        await pilot.press("g", "j", "j", "pagedown")
        await pilot.pause()
        assert "f000000.md" not in app.export_screenshot()


# -- killed while indexing: no worker left behind -------------------------------------------------


def children_of(pid: int) -> dict[int, str]:
    """Living processes whose parent is ``pid``: their command lines."""
    out = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            if fields[0] != "Z" and int(fields[1]) == pid:
                out[int(entry.name)] = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
        except (OSError, IndexError, ValueError):
            continue
    return out


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.skipif(not Path("/proc/self/stat").exists() or (os.cpu_count() or 1) < 2, reason="Linux, 2 cores")
@pytest.mark.parametrize("how", ["SIGKILL", "SIGTERM"])
def test_workers_die_with_the_command(tmp_path: Path, how: str):
    """The command killed while its worker processes read thousands of
    postings: none of them is left behind (each held both ends of its pipe,
    and blocked writing to it forever)."""
    import signal
    import time

    from tui.library import PARALLEL_THRESHOLD

    root = tmp_path / "board"
    for n in range(PARALLEL_THRESHOLD * 2):
        write(root, f"2020-01-01-p{n:05}.md", f'---\ntitle: "Org {n}: Role"\ntags: [data]\n---\nRemote work {n}.\n')
    command = subprocess.Popen(
        [sys.executable, "-m", "tui", "list", str(root), "--query", "remote"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env={**os.environ, "PYTHONPATH": str(REPO)},
        start_new_session=True,
    )
    workers: dict[int, str] = {}
    try:
        deadline = time.monotonic() + 60
        while not workers and time.monotonic() < deadline and command.poll() is None:
            workers = {pid: line for pid, line in children_of(command.pid).items() if "spawn_main" in line}
            time.sleep(0.005)
        assert workers, "the command never started its workers"
        os.kill(command.pid, getattr(signal, how))
        command.wait(10)
        deadline = time.monotonic() + 5
        while any(map(alive, workers)) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not [pid for pid in workers if alive(pid)]
    finally:
        try:
            os.killpg(command.pid, signal.SIGKILL)  # whatever of ours is left
        except ProcessLookupError:
            pass
        command.wait()


# -- a mailto link hands the mail client a subject and a body, nothing more -----------------------


@pytest.mark.parametrize(
    ("url", "opened"),
    [
        (
            "mailto:jobs@org.org?subject=Application&attach=/root/.ssh/id_rsa&cc=spy@evil.example&bcc=x@y.z"
            "&body=Hello%20there",
            "mailto:jobs@org.org?subject=Application&body=Hello%20there",
        ),
        (
            "mailto:jobs@org.org?ATTACH=%2Froot%2F.ssh%2Fid_rsa&%61ttach=x&To=a@b.c&Subject=Hi",
            "mailto:jobs@org.org?Subject=Hi",
        ),
        ("mailto:jobs@org.org?attachment=/etc/passwd#frag", "mailto:jobs@org.org"),
        ("mailto:jobs@org.org", "mailto:jobs@org.org"),
        ("https://org.org/jobs?attach=1", "https://org.org/jobs?attach=1"),  # a web link as written
    ],
)
def test_only_the_subject_and_body_of_a_mailto_link_are_opened(url: str, opened: str):
    from tui.posting import link_to_open

    assert link_to_open(url) == opened


async def test_o_on_a_mailto_link_leaves_out_its_headers(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    url = "mailto:jobs@org.org?subject=Application&attach=/root/.ssh/id_rsa&cc=spy@evil.example&body=Hi"
    write(tmp_path / "b", "a.md", f"---\ntitle: 'Org: Role'\n---\n[Apply]({url})\n")
    opened: list[str] = []
    monkeypatch.setenv("BROWSER", "true")
    app = JobBoard(tmp_path / "b", cache_dir=None)
    monkeypatch.setattr(app, "open_url", lambda url, **kw: opened.append(url))
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(pilot)
        await pilot.press("o")
        assert opened == ["mailto:jobs@org.org?subject=Application&body=Hi"]
        await pilot.press("y")  # copied as the posting wrote it
        assert app.clipboard == url
