"""jobboard benchmark: prints medians and ratios against reference runs made
in the same process (a minimal Textual app; fzf --filter where installed).

    python -m bench.run                      # 1,000 / 10,000 / 100,000 generated postings
    python -m bench.run --sizes 1000,10000   # quicker
    python -m bench.run --board DIR          # also time the start on a real board
    python -m bench.run --hunt               # only the rows of the hunt store (marks)

Nothing here is part of the test suite, and no test asserts a time.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import partial
from pathlib import Path
from typing import Any, TypeVar

from bench.generate import LARGE_NAME, WORST_NAME, generate, hunt_store, worst_posting

os.environ.setdefault("TEXTUAL_FPS", "120")  # as the jobboard command sets it

PY = sys.executable
T = TypeVar("T")
#: A row of the table printed: measure, postings, value, value on stock Textual, target / ratio.
Row = tuple[str, str, str, str, str]
QUERIES = ["analyst", "engineer", "data sci", "anlaytic", "org:blue", "director$"]

START_APP = r"""
import gc, sys, time
from pathlib import Path
gc.disable()  # as the jobboard command starts (tui.cli.run_app)
from tui import process
process.begin()
from tui.session import start_loading
cache = Path(sys.argv[2]) if sys.argv[2] != "-" else None
started = start_loading(Path(sys.argv[1]), cache_dir=cache)
process.prepare()
from tui.app import JobBoard
from tui.fast.testing import on_frames
from tui.widgets.posting_table import PostingTable

def peak_rss():
    for line in open("/proc/self/status"):
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) // 1024
    return 0

app = JobBoard(Path(sys.argv[1]), cache_dir=cache, when_searchable=process.settle_collector, started=started)
process.imported()
done = False

def frame(screen, update):
    # the first frame written that has the table's rows in it; then the
    # first once the folder is checked (a board shown from its cache)
    global done
    if update is None:
        return
    if not done and len(app.query_one(PostingTable).rows):
        done = True
        print(time.time(), peak_rss(), flush=True)
    if done and app.main.loader.loading is None:
        print("checked", time.time(), flush=True)
        app.exit()

on_frames(app, frame)
app.run(headless=True, size=(120, 36))
process.finish()  # as the jobboard command ends
"""

START_MINIMAL = r"""
import time
from textual.app import App
from textual.widgets import Static
from tui.fast.testing import on_frames

class Minimal(App):
    def compose(self):
        yield Static("hello")

app = Minimal()
done = False

def frame(screen, update):
    global done
    if update is not None and not done:  # its first frame written
        done = True
        print(time.time(), 0, flush=True)
        app.exit()

on_frames(app, frame)
app.run(headless=True, size=(120, 36))
"""

LOAD = r"""
import sys, time
from pathlib import Path
from tui.library import FACTS_LATER_ABOVE, keep_facts, load_board, read_facts_later
from tui.search import Index
t = time.perf_counter()
cache = Path(sys.argv[2])
# as the app loads it: a large board first read shows before its text's facts are
board = load_board(Path(sys.argv[1]), cache_dir=cache, facts_later_above=FACTS_LATER_ABOVE)
loaded = time.perf_counter() - t
index = Index(board.postings)
searchable = time.perf_counter() - t
t = time.perf_counter()
read = {}
for part in read_facts_later(board.root, board.unread):
    for rel, size, mtime, more in zip(part["rel"], part["size"], part["mtime"], part["more"]):
        read[rel] = (size, mtime, more)
keep_facts(cache, board.root, read)
facts = time.perf_counter() - t
rss = 0
for line in open("/proc/self/status"):
    if line.startswith("VmHWM:"):
        rss = int(line.split()[1]) // 1024
print(loaded, searchable, rss, len(board.postings), facts)
"""


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def child_env(home: Path) -> dict[str, str]:
    env = dict(os.environ)
    for name in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME"):
        env[name] = str(home / name.lower())
    # Bytecode as an installed package has it (pip compiles on install), kept
    # out of the source tree.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(home / "pycache")
    return env


def timed_start(
    code: str, args: list[str], env: dict[str, str], checked: list[float] | None = None
) -> tuple[float, int]:
    """Seconds from process start to the moment the child reports, and its
    peak RSS (MB); to ``checked``, the seconds to the board checked (a
    board shown from its cache: its folder scanned for changes)."""
    t0 = time.time()
    out = subprocess.run([PY, "-c", code, *args], capture_output=True, text=True, env=env, timeout=300)
    if out.returncode != 0:
        raise RuntimeError(out.stderr[-2000:])
    lines = out.stdout.split("\n")
    stamp, rss = next(line for line in lines if line and not line.startswith("checked")).split()[-2:]
    if checked is not None:
        checked += [float(line.split()[1]) - t0 for line in lines if line.startswith("checked")]
    return float(stamp) - t0, int(rss)


#: Starts timed of each kind, at least (a start is a whole process, timed from outside).
STARTS = 9


def bench_start(
    board: Path, repeat: int, env: dict[str, str], work: Path, stock: bool, cold: bool = True
) -> dict[str, list[float]]:
    """Process start to the first frame with rows: cold (with ``cold``) and
    warm cache, the fast path on (and, with ``stock``, off), each beside a
    start of a minimal Textual app; every run's seconds."""
    cache = work / "start-cache"
    times: dict[str, list[float]] = {
        "minimal": [],
        "cold": [],
        "warm": [],
        "cold_stock": [],
        "warm_stock": [],
        "checked": [],
    }
    runs = [("", env), *([("_stock", {**env, "JOBBOARD_FAST": "0"})] if stock else [])]
    timed_start(START_MINIMAL, [], env)  # untimed: bytecode written, files in the page cache
    timed_start(START_APP, [str(board), str(cache)], env)
    for _ in range(max(repeat, STARTS)):
        times["minimal"].append(timed_start(START_MINIMAL, [], env)[0])
        for suffix, run_env in runs:
            if cold:
                shutil.rmtree(cache, ignore_errors=True)
                times["cold" + suffix].append(timed_start(START_APP, [str(board), str(cache)], run_env)[0])
            checked = times["checked"] if not suffix else None
            times["warm" + suffix].append(timed_start(START_APP, [str(board), str(cache)], run_env, checked)[0])
    return times


def spread(values: list[float]) -> str:
    """ "median (min-max)" in ms."""
    return f"{ms(median(values))} ({min(values) * 1000:,.0f}-{max(values) * 1000:,.0f})" if values else "-"


def _echoed(box: Any, want: str) -> bool:
    return bool(box.value == want)


def bench_echo(presses: int = 40) -> list[float]:
    """A minimal Textual app, an Input that echoes: key to the frame with it
    shown (the floor a keystroke's answer is measured against)."""
    from textual.app import App, ComposeResult
    from textual.widgets import Input

    class Echo(App[None]):
        def compose(self) -> ComposeResult:
            yield Input()

    async def run() -> list[float]:
        app = _timed_frames(Echo())
        times: list[float] = []
        async with app.run_test(size=(120, 36)) as pilot:
            await pilot.pause(0.2)
            box = app.query_one(Input)
            for n in range(presses):
                ch = "abcdefghij"[n % 10]
                want = box.value + ch
                times.append(await _key(app, ch, partial(_echoed, box, want), "the echo"))
                await asyncio.sleep(TYPING_GAP)
        return times

    return asyncio.run(run())


def bench_load(board: Path, repeat: int, env: dict[str, str], work: Path) -> dict[str, float]:
    """Seconds to the board loaded (what the list shows), and to it indexed for search."""
    times: dict[str, list[float]] = {"cold": [], "warm": [], "cold_search": [], "warm_search": [], "cold_facts": []}
    rss = []
    for n in range(repeat):
        cache = work / f"load-cache-{n}"
        for kind in ("cold", "warm"):
            out = subprocess.run(
                [PY, "-c", LOAD, str(board), str(cache)], capture_output=True, text=True, env=env, timeout=600
            )
            if out.returncode != 0:
                raise RuntimeError(out.stderr[-2000:])
            loaded, searchable, peak, _, facts = out.stdout.split()
            times[kind].append(float(loaded))
            times[f"{kind}_search"].append(float(searchable))
            if kind == "cold":
                times["cold_facts"].append(float(facts))
            rss.append(float(peak))
        shutil.rmtree(cache, ignore_errors=True)
    return {**{k: median(v) for k, v in times.items()}, "rss": max(rss)}


def _bench_app(board: Path, cache: Path) -> Any:
    """The app, noting the first frame composed (headless: not written) that
    shows what the benchmark waits for."""
    from tui import process
    from tui.app import JobBoard

    return _timed_frames(JobBoard(board, cache_dir=cache, when_searchable=process.settle_collector))


def _timed_frames(app: Any) -> Any:
    """``app``, noting when the first frame composed after ``app.waiting``
    (() -> bool) turns true was (``app.shown_at``; ``app.shown`` set then)."""
    from tui.fast.testing import cells_written, on_frames

    app.waiting = None  # () -> bool: what the next frame waited for shows
    app.shown_at = None
    app.shown = None
    #: With a list: (cells written in the list, in the text pane, the list's
    #: answer on screen, the text's hits still coming) a frame.
    app.frames = None

    def frame(screen: object, update: object) -> None:
        if update is not None and app.frames is not None:
            main = app.main
            app.frames.append(
                (
                    cells_written(update, main.table.region),
                    cells_written(update, main.detail.region),
                    main.filtering.shown_generation,
                    main.filtering.text_pending,
                )
            )
        if update is not None and app.waiting is not None and app.waiting():
            app.shown_at = time.perf_counter()
            app.waiting = None
            if app.shown is not None:
                app.shown.set()

    on_frames(app, frame)
    return app


async def _in_app(board: Path, cache: Path, body: Callable[..., Any]) -> Any:
    app = _bench_app(board, cache)
    async with app.run_test(size=(120, 36)) as pilot:
        while app.main.index is None or app.main.bodies_state is not None:  # the text searched too
            await pilot.pause(0.05)
        await app.workers.wait_for_complete()
        # Each measure from the whole board: a query an earlier run left (and
        # a start brings back) cleared, as Esc clears it.
        if app.main.search.value:
            app.main.search.value = ""
            await app.workers.wait_for_complete()
        await pilot.pause()
        return await body(app, pilot)


async def _until(done: Callable[[], bool], what: str) -> None:
    end = time.perf_counter() + 10
    while not done():
        if time.perf_counter() > end:
            raise TimeoutError(f"waited 10 s for {what}")
        await asyncio.sleep(0.0002)


async def _key(app: Any, key: str, ready: Callable[[], bool], what: str) -> float:
    """Send one key as a terminal would (no waiting for idle, unlike Pilot);
    seconds until the first frame composed with ``ready`` true."""
    from tui.fast.testing import send_key

    app.shown_at = None
    app.shown = shown = asyncio.Event()  # waited on, not polled: the app runs undisturbed
    app.waiting = ready
    start = time.perf_counter()
    send_key(app, key)
    try:
        await asyncio.wait_for(shown.wait(), 10)
    except TimeoutError:
        raise TimeoutError(f"waited 10 s for {what}") from None
    return float(app.shown_at - start)


#: Seconds between keys typed in the search box: a very fast typist (about
#: 200 words a minute). 0 sends each key the moment the previous result is on screen.
TYPING_GAP = 0.05


def bench_keys(
    board: Path,
    cache: Path,
    gap: float = TYPING_GAP,
    between: Callable[[str], None] | None = None,
    with_text: bool = False,
    joins: list[tuple[int, int]] | None = None,
) -> list[float]:
    """Per keystroke: key pressed in the search box to the table showing the
    result (``with_text``: the result with the text's hits joined); keys go
    ``gap`` seconds apart, never before the previous result. ``between(query)``
    runs after each query is typed and deleted. To ``joins``, a keystroke
    whose first answer was not whole: the cells of the list, and of the text
    pane, redrawn after the first answer until the whole one is on screen
    (the text's hits joining)."""

    async def body(app: object, pilot: object) -> list[float]:
        times: list[float] = []
        await pilot.press("slash")  # type: ignore[attr-defined]
        await pilot.pause(0.2)  # type: ignore[attr-defined]

        async def key(name: str) -> None:
            before = app.main.filtering.generation  # type: ignore[attr-defined]
            main = app.main  # type: ignore[attr-defined]
            shown = lambda: main.filtering.shown_generation > before and not (with_text and main.text_pending)  # noqa: E731
            frames: list[tuple[int, int, int, bool]] = []
            app.frames = frames  # type: ignore[attr-defined]
            times.append(await _key(app, name, shown, "the table"))
            await asyncio.sleep(max(0.0, gap - times[-1]))
            app.frames = None  # type: ignore[attr-defined]
            answered = [(cells, pane, pending) for cells, pane, generation, pending in frames if generation > before]
            if joins is not None and answered and answered[0][2]:  # the first answer, then the text's hits
                whole = next((n for n, (_, _, pending) in enumerate(answered) if not pending), len(answered) - 1)
                joining = answered[1 : whole + 1]
                joins.append((sum(cells for cells, _, _ in joining), sum(pane for _, pane, _ in joining)))

        for query in QUERIES:
            for ch in query:
                await key("space" if ch == " " else ch)
            for _ in query:
                await key("backspace")
            await pilot.pause(0.1)  # type: ignore[attr-defined]
            if between is not None:
                between(query)
            await pilot.pause(0.1)  # type: ignore[attr-defined]
        return times

    return asyncio.run(_in_app(board, cache, body))


def _at(table: Any, row: int) -> bool:
    return bool(table.cursor == row)


def bench_reading(board: Path, cache: Path) -> dict[str, float]:
    """Cursor onto a posting to its body on screen; and holding j down. Then
    the worst posting a board can send (put in the board for this, taken out
    after): the cursor onto it to its text on screen, and keys typed in the
    search box (its title, which keeps it under the cursor) with it shown."""
    (board / WORST_NAME).write_text(worst_posting(), encoding="utf-8")
    try:
        return asyncio.run(_in_app(board, cache, _reading))
    finally:
        (board / WORST_NAME).unlink()


async def _reading(app: Any, pilot: Any) -> dict[str, float]:
    """bench_reading's measures, in the app."""
    from tui.widgets.posting_detail import PostingDetail
    from tui.widgets.posting_table import PostingTable

    detail = app.query_one(PostingDetail)
    table = app.query_one(PostingTable)

    def shown(posting_id: str) -> Callable[[], bool]:
        return lambda: bool(
            detail.posting is not None and detail.posting.id == posting_id and detail.body_for is not None
        )

    def next_id() -> str:
        return table.postings[int(table.rows[table.cursor + 1])].id

    await _until(shown(table.current.id), "the first posting")
    typical = [await _key(app, "j", shown(next_id()), "the posting") for _ in range(9)]
    large: list[float] = []
    for _ in range(5):
        index = next(n for n, i in enumerate(table.rows.tolist()) if table.postings[i].id == LARGE_NAME)
        table.cursor = max(0, index - 1)
        await pilot.pause()
        await _until(shown(table.current.id), "the posting")
        large.append(await _key(app, "j", shown(LARGE_NAME), "the large posting"))
    # Holding j: keys arrive every 30 ms (a typical key repeat); how long does
    # each take to show its row, and does the list ever stall?
    holds: list[float] = []
    table.cursor = 0
    await pilot.pause()
    for _ in range(100):
        target = table.cursor + 1
        holds.append(await _key(app, "j", partial(_at, table, target), "the cursor"))
        await asyncio.sleep(0.03)
    worst: list[float] = []
    typed: list[float] = []
    for _ in range(3):
        table.cursor = 0
        await pilot.pause()
        index = next(n for n, i in enumerate(table.rows.tolist()) if table.postings[i].id == WORST_NAME)
        table.cursor = max(0, index - 1)
        await pilot.pause()
        await _until(shown(table.current.id), "the posting")
        worst.append(await _key(app, "j", shown(WORST_NAME), "the worst posting"))
    await pilot.press("slash")
    await pilot.pause(0.2)
    main = app.main
    for name in [*"worst", *["backspace"] * 5]:
        typed.append(await _key(app, name, partial(_newer, main, main.filtering.generation), "the table"))
        await asyncio.sleep(max(0.0, TYPING_GAP - typed[-1]))
    await pilot.press("escape")
    return {
        "typical": median(typical),
        "large": median(large),
        "hold_median": median(holds),
        "hold_max": max(holds),
        "worst": median(worst),
        "worst_key": median(typed),
    }


def _showing(detail: Any, posting_id: str) -> bool:
    """The text pane shows this posting's text."""
    return bool(detail.posting is not None and detail.posting.id == posting_id and detail.body_for is not None)


def _newer(main: Any, generation: int) -> bool:
    return bool(main.filtering.shown_generation > generation)


#: The hunt store the "with marks" rows start with (see bench.generate.hunt_store).
HUNT_KNOWN = 100_000
HUNT_STATUSES = 1_000
WITH_MARKS = f"{HUNT_KNOWN:,} seen marks and {HUNT_STATUSES:,} statuses"


class HuntHome:
    """A data folder (XDG_DATA_HOME) whose hunt store has the board's marks
    (:func:`bench.generate.hunt_store`), made once and put back as it was
    before each run (a run visits the board, saves where it left off)."""

    def __init__(self, board: Path, cache: Path, work: Path) -> None:
        from tui import store
        from tui.library import load_board
        from tui.marks import board_key

        self.home = work / f"hunt-home-{board.name}"
        with data_home(self.home):
            self.path = store.data_dir() / "hunt.sqlite"
        self.pristine = work / f"hunt-{board.name}.sqlite"
        ids = [p.id for p in load_board(board, cache_dir=cache).postings]  # as the app lists them
        self.pristine.parent.mkdir(parents=True, exist_ok=True)
        hunt_store(self.pristine, board_key(board), ids, HUNT_STATUSES, HUNT_KNOWN)

    def restore(self) -> None:
        for leftover in self.path.parent.glob("hunt.sqlite*"):
            leftover.unlink()
        self.path.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(self.pristine, self.path)

    def env(self, env: dict[str, str]) -> dict[str, str]:
        return {**env, "XDG_DATA_HOME": str(self.home)}


@contextmanager
def data_home(folder: Path) -> Iterator[None]:
    """This process's XDG_DATA_HOME is ``folder`` meanwhile (the app reads its marks there)."""
    before = os.environ.get("XDG_DATA_HOME")
    os.environ["XDG_DATA_HOME"] = str(folder)
    try:
        yield
    finally:
        if before is None:
            del os.environ["XDG_DATA_HOME"]
        else:
            os.environ["XDG_DATA_HOME"] = before


def bench_start_marks(board: Path, repeat: int, env: dict[str, str], hunt: HuntHome, cache: Path) -> dict[str, float]:
    """The warm start (process start to the first frame with rows), without
    marks and with the hunt store's, taking turns."""
    plain, marked = [], []
    args = [str(board), str(cache)]
    timed_start(START_APP, args, env)  # untimed: the parse cache written
    for _ in range(repeat):
        plain.append(timed_start(START_APP, args, env)[0])
        hunt.restore()
        marked.append(timed_start(START_APP, args, hunt.env(env))[0])
    return {"plain": median(plain), "marks": median(marked)}


def bench_keys_marks(board: Path, cache: Path, hunt: HuntHome) -> list[float]:
    """bench_keys with the hunt store's marks."""
    hunt.restore()
    with data_home(hunt.home):
        return bench_keys(board, cache)


def bench_mark(board: Path, cache: Path, hunt: HuntHome, presses: int = 15) -> dict[str, float]:
    """With the hunt store's marks: ``a`` (applied) on the posting under the
    cursor, then ``u`` (taken back), each key to the first frame composed
    with the row's new mark; then ``j`` to the next row, key to the frame
    with the cursor on it (the reference), ``presses`` times."""
    hunt.restore()
    with data_home(hunt.home):
        return asyncio.run(_in_app(board, cache, partial(_marking, presses=presses)))


async def _marking(app: Any, pilot: Any, presses: int) -> dict[str, float]:
    """bench_mark's measures, in the app."""
    from tui.fast.testing import composed
    from tui.filters import STATUS_MARKS
    from tui.marks import Status
    from tui.widgets.posting_detail import PostingDetail
    from tui.widgets.posting_table import PostingTable

    detail = app.query_one(PostingDetail)
    table = app.query_one(PostingTable)
    if len(app.main.session.hunt.statuses) < HUNT_STATUSES:
        raise AssertionError("the hunt store's marks were not read")
    marks: list[float] = []
    moves: list[float] = []

    def has(posting_id: str, status: Status | None) -> Callable[[], bool]:
        return lambda: table.hunt.statuses.get(posting_id) is status

    def on_screen() -> str:
        """The mark on screen in the cursor's row."""
        region = table.scrollable_content_region
        y = region.y + table.header + table.cursor - int(table.scroll_offset.y)
        return str(composed(app)[y][region.x][0])

    for _ in range(presses):
        while table.hunt.statuses.get(table.current.id) is Status.APPLIED:  # a would change nothing
            await pilot.press("j")
        posting_id = table.current.id
        await _until(partial(_showing, detail, posting_id), "the posting")
        await pilot.pause(0.05)
        before = table.hunt.statuses.get(posting_id)
        for key, status in (("a", Status.APPLIED), ("u", before)):
            marks.append(await _key(app, key, has(posting_id, status), f"the row marked {status}"))
            want = STATUS_MARKS[status] if status is not None else " "
            if (shown := on_screen()) != want:  # what the frame composed shows, read after it
                raise AssertionError(f"{key}: the row shows {shown!r}, not {want!r}")
            await asyncio.sleep(0.05)
        moves.append(await _key(app, "j", partial(_at, table, table.cursor + 1), "the cursor"))
        await asyncio.sleep(0.05)
    return {"mark": median(marks), "mark_max": max(marks), "j": median(moves)}


def bench_bodies(board: Path, work: Path, changed: int = 100) -> dict[str, float]:
    """The body index: made from nothing (every posting read), then brought up
    to date after ``changed`` files changed (their times moved; put back
    after), its size on disk, and a word and a phrase looked up in it."""
    from tui.bodies import BodyIndex, fts_phrase
    from tui.library import load_board

    loaded = load_board(board, cache_dir=work / "bodies-parse-cache")
    ids = [p.id for p in loaded.postings]
    path = work / "bodies.sqlite"

    start = time.perf_counter()
    index = BodyIndex(path, loaded.root)
    index.update(ids, loaded.read_bodies)
    cold = time.perf_counter() - start
    size = sum(os.path.getsize(f) for f in work.glob("bodies.sqlite*"))
    touched = [loaded.root / posting_id for posting_id in ids[:: max(1, len(ids) // changed)][:changed]]
    stamps = [(p, p.stat()) for p in touched]
    try:
        for p, st in stamps:
            os.utime(p, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000_000))
        start = time.perf_counter()
        done = index.update(ids, loaded.read_bodies)
        incremental = time.perf_counter() - start
    finally:
        for p, st in stamps:
            os.utime(p, ns=(st.st_atime_ns, st.st_mtime_ns))
    lookups = {}
    for name, expression in (("word", fts_phrase("data")), ("phrase", fts_phrase("the data", prefix=False))):
        times = []
        for _ in range(5):
            t = time.perf_counter()
            index.search(expression)
            times.append(time.perf_counter() - t)
        lookups[name] = median(times)
    index.close()
    for f in work.glob("bodies.sqlite*"):
        f.unlink()
    assert done.changed == len(touched)
    return {"cold": cold, "incremental": incremental, "size": size / 1e6, **lookups}


#: What is pasted into the search box: a megabyte on one line, of words that
#: are all different (each would be a term of its own).
PASTE_BYTES = 1 << 20


def _rss_mb(pid: int) -> float:
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def bench_paste(board: Path, env: dict[str, str]) -> dict[str, float]:
    """The jobboard command in a pseudo-terminal, as a user runs it: a
    megabyte pasted into the search box (bracketed paste, through Textual's
    own parser) to the first frame that says what was searched; the
    process's memory before, at its highest meanwhile, and a second after."""
    import fcntl
    import pty
    import select
    import signal
    import struct
    import termios

    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 36, 120, 0, 0))
    proc = subprocess.Popen(
        [PY, "-m", "tui", str(board)],
        stdin=slave,
        stdout=slave,
        stderr=slave,
        env={**env, "TERM": "xterm-256color"},
        start_new_session=True,
    )
    os.close(slave)
    out = bytearray()

    def read_until(marker: bytes, timeout: float, since: int = 0) -> bool:
        end = time.perf_counter() + timeout
        while marker not in out[since:]:
            if time.perf_counter() > end:
                return False
            if select.select([master], [], [], 0.01)[0]:
                try:
                    out.extend(os.read(master, 1 << 20))
                except OSError:  # the app has exited
                    return False
        return True

    words = (f"w{n:x}" for n in range(PASTE_BYTES))
    line = " ".join(next(words) for _ in range(PASTE_BYTES // 4)).encode()[:PASTE_BYTES]
    payload = b"\x1b[200~" + line + b"\x1b[201~"
    try:
        # Loaded (not "Loading postings… 5 of 10"): "N of N postings" on screen.
        loaded = re.compile(rb"(?<![\d,])([\d,]+) of \1 postings")
        end = time.perf_counter() + 300
        while not loaded.search(out):
            if time.perf_counter() > end:
                raise TimeoutError("the board never showed")
            read_until(b"\x00never", 0.05)
        time.sleep(2)  # settled: the index built, the first posting read
        os.write(master, b"/")
        time.sleep(0.5)
        before = _rss_mb(proc.pid)
        since = len(out)
        start = time.perf_counter()
        peak = before
        for i in range(0, len(payload), 1 << 16):  # as a terminal sends it, while the app reads
            os.write(master, payload[i : i + (1 << 16)])
            while select.select([master], [], [], 0)[0]:
                out.extend(os.read(master, 1 << 20))
            peak = max(peak, _rss_mb(proc.pid))
        end = time.perf_counter() + 30
        answered = None
        while answered is None and time.perf_counter() < end:
            if read_until(b"terms only", 0.005, since):
                answered = time.perf_counter() - start
            peak = max(peak, _rss_mb(proc.pid))
        time.sleep(1)
        after = _rss_mb(proc.pid)
        os.write(master, b"\x11")  # Ctrl+Q
        end = time.perf_counter() + 10
        while proc.poll() is None and time.perf_counter() < end:
            read_until(b"\x00never", 0.05)  # keep reading: a full terminal blocks the app
        quit_ok = proc.poll() is not None
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
        os.close(master)
    return {
        "answered": float("nan") if answered is None else answered,
        "before": before,
        "peak": peak,
        "after": after,
        "quit": float(quit_ok),
    }


def fzf_lines(board: Path, work: Path, cache: Path | None = None) -> Path | None:
    """The board's postings as the lines fzf filters (None: fzf not installed);
    ``cache``: the parse cache our app runs with (read once, for both)."""
    if not shutil.which("fzf"):
        return None
    from tui.library import load_board

    lines = work / f"lines-{board.name}.txt"
    loaded = load_board(board, cache_dir=cache)
    postings = loaded.postings
    texts = loaded.read_bodies([p.id for p in postings])
    with lines.open("w", encoding="utf-8") as out:  # what ours searches: title, tags and text, a line each
        for p, text in zip(postings, texts, strict=True):
            out.write(f"{p.title} {' '.join(p.tags)} {' '.join((text or '').split())}\n")
    return lines


def time_fzf(lines: Path, query: str, repeat: int) -> list[float]:
    """Seconds of `fzf --filter query` over ``lines``, whole process, ``repeat`` times."""
    fzf = shutil.which("fzf")
    assert fzf is not None
    times = []
    for _ in range(repeat):
        with open(lines, "rb") as handle:
            t = time.perf_counter()
            subprocess.run([fzf, "--filter", query], stdin=handle, stdout=subprocess.DEVNULL, check=False)
            times.append(time.perf_counter() - t)
    return times


def _fzf_into(times: list[float], lines: Path, repeat: int, query: str) -> None:
    times.extend(time_fzf(lines, query, repeat))


def ms(seconds: float | None) -> str:
    return "n/a" if seconds is None or seconds != seconds else f"{seconds * 1000:,.1f} ms"


def on_stock_textual(measure: Callable[[], T]) -> T:
    """``measure()`` with the fast path off (the app reads the switch as it starts)."""
    before = os.environ.get("JOBBOARD_FAST")
    os.environ["JOBBOARD_FAST"] = "0"
    try:
        return measure()
    finally:
        if before is None:
            del os.environ["JOBBOARD_FAST"]
        else:
            os.environ["JOBBOARD_FAST"] = before


def start_rows(board: Path, repeat: int, env: dict[str, str], work: Path, stock: bool) -> list[Row]:
    """Starts as a whole process, median (spread), beside the minimal app's
    started in the same minutes (a start of each in turn)."""
    start = bench_start(board, repeat, env, work, stock)
    label = f"{board.name} ({sum(1 for _ in board.glob('*.md')):,})"
    rows: list[Row] = [
        (f"start: minimal Textual app, {len(start['minimal'])} starts", "-", spread(start["minimal"]), "-", "reference")
    ]
    for kind, target in (("cold", ""), ("warm", " (<= 1.3x)")):
        ratios = [a / m for a, m in zip(start[kind], start["minimal"], strict=True)]
        rows.append(
            (
                f"start to first rows, {kind} cache",
                label,
                spread(start[kind]),
                spread(start.get(kind + "_stock", [])),
                f"{median(ratios):.2f}x ({min(ratios):.2f}-{max(ratios):.2f}){target}",
            )
        )
    return rows


def big_start_rows(board: Path, size: int, env: dict[str, str], work: Path) -> list[Row]:
    """The warm start of a large board, less the minimal app's start."""
    start = bench_start(board, STARTS, env, work, stock=False, cold=False)
    less = [a - m for a, m in zip(start["warm"], start["minimal"], strict=True)]
    return [
        ("start to first rows, warm cache", f"{size:,}", spread(start["warm"]), "-", ""),
        ("  less the minimal app's start", f"{size:,}", spread(less), "-", "<= 0.7 s at 100k"),
        ("  then the folder checked for changes", f"{size:,}", spread(start["checked"]), "-", "(keys wait)"),
    ]


def hunt_rows(
    board: Path, size: int, repeat: int, env: dict[str, str], work: Path, cache: Path, stock: bool
) -> list[Row]:
    """The rows of the hunt store: a mark on a row, and the start and a
    keystroke with the marks of a long hunt against the same without."""
    hunt = HuntHome(board, cache, work)
    n = f"{size:,}"
    start = bench_start_marks(board, 3 if size >= 100_000 else repeat, env, hunt, cache)
    plain_keys = bench_keys(board, cache)
    marks_keys = bench_keys_marks(board, cache, hunt)
    mark = bench_mark(board, cache, hunt)
    mark_s = on_stock_textual(partial(bench_mark, board, cache, hunt)) if stock else {}
    times = f"{median(marks_keys) / median(plain_keys):.2f}x without"
    return [
        ("start to first rows, warm cache, no marks", n, ms(start["plain"]), ms(None), "reference"),
        (f"  with {WITH_MARKS}", n, ms(start["marks"]), ms(None), f"{start['marks'] / start['plain']:.2f}x without"),
        ("keystroke to result, median, no marks", n, ms(median(plain_keys)), ms(None), "reference"),
        (f"  with {WITH_MARKS}", n, ms(median(marks_keys)), ms(None), times),
        (
            "a / u: key to the row's mark redrawn",
            n,
            f"{ms(mark['mark'])} (max {ms(mark['mark_max'])})",
            ms(mark_s.get("mark")),
            f"~ a j key ({ms(mark['j'])}): {mark['mark'] / mark['j']:.2f}x",
        ),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--board", type=Path, help="a real posting folder to time the start on")
    parser.add_argument("--keep", type=Path, help="generate into (and reuse) this folder")
    parser.add_argument("--no-stock", action="store_true", help="skip the runs with the fast path off")
    parser.add_argument("--hunt", action="store_true", help="only the rows of the hunt store (the marks)")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    stock = not args.no_stock
    work = Path(tempfile.mkdtemp(prefix="jobboard-bench-"))
    home = work / "home"
    env = child_env(home)
    os.environ.update({k: env[k] for k in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME")})
    root = args.keep or work / "boards"
    rows: list[Row] = []
    na = "-"  # no fast path involved: the same code either way
    try:
        print(f"python {sys.version.split()[0]}, {os.cpu_count()} cores; fzf: {shutil.which('fzf') or 'not installed'}")
        boards = {}
        for size in sizes:
            folder = root / f"{size}"
            if not (folder / LARGE_NAME).exists():
                t = time.perf_counter()
                generate(folder, size)
                print(f"generated {size:,} postings in {time.perf_counter() - t:.1f} s", flush=True)
            boards[size] = folder
        if args.hunt:  # only the hunt store's rows
            for size in sizes:
                rows += hunt_rows(boards[size], size, args.repeat, env, work, work / f"cache-{size}", stock)
                print(f"{size:,} done", flush=True)
            sizes = []
        else:
            rows += start_rows(args.board or boards[min(sizes)], args.repeat, env, work, stock)
            print("start done", flush=True)
        for size in sizes:
            board = boards[size]
            cache = work / f"cache-{size}"
            load = bench_load(board, 3 if size >= 100_000 else args.repeat, env, work)
            rows.append(("load, cold cache", f"{size:,}", ms(load["cold"]), na, "<= 4 s at 100k"))
            rows.append(("  and indexed for search", f"{size:,}", ms(load["cold_search"]), na, ""))
            rows.append(("  then its text's facts read", f"{size:,}", ms(load["cold_facts"]), na, "in the background"))
            rows.append(("load, warm cache", f"{size:,}", ms(load["warm"]), na, "<= 1 s at 100k"))
            rows.append(("  and indexed for search", f"{size:,}", ms(load["warm_search"]), na, ""))
            rows.append(("peak memory after load", f"{size:,}", f"{load['rss']:.0f} MB", na, "<= 300 MB at 100k"))
            bodies = bench_bodies(board, work)
            target = "<= 30 s at 100k, in the background"
            rows.append(("text index, made from nothing", f"{size:,}", ms(bodies["cold"]), na, target))
            rows.append(("  then after 100 files changed", f"{size:,}", ms(bodies["incremental"]), na, ""))
            rows.append(("  its size on disk", f"{size:,}", f"{bodies['size']:.1f} MB", na, ""))
            rows.append(
                ("  a word / a phrase looked up", f"{size:,}", f"{ms(bodies['word'])} / {ms(bodies['phrase'])}", na, "")
            )
            # fzf runs between our queries, so both are timed in the same
            # minutes of this (shared, noisy) machine.
            lines = fzf_lines(board, work, cache)
            fzf_times: list[float] = []
            # (fzf over 100,000 texts takes seconds a query: once each there)
            fzf_repeat = args.repeat if size < 100_000 else 1
            between = None if lines is None else partial(_fzf_into, fzf_times, lines, fzf_repeat)
            keys = bench_keys(board, cache)
            joins: list[tuple[int, int]] = []
            with_text = bench_keys(board, cache, between=between, with_text=True, joins=joins)
            rush = bench_keys(board, cache, gap=0)
            reading = bench_reading(board, cache)
            paste = bench_paste(board, env)
            if stock:
                keys_s = on_stock_textual(partial(bench_keys, board, cache))
                rush_s = on_stock_textual(partial(bench_keys, board, cache, gap=0))
                reading_s = on_stock_textual(partial(bench_reading, board, cache))
                paste_s = bench_paste(board, {**env, "JOBBOARD_FAST": "0"})
            else:
                keys_s, rush_s, reading_s, paste_s = [], [], {}, {}
            target = {10_000: "<= 16 ms", 100_000: "<= 50 ms"}.get(size, "")
            if size >= 10_000:
                rows += big_start_rows(board, size, env, work)
            echo = median(bench_echo())
            rows.append(("a minimal app's echo of a key, median", "-", ms(echo), na, "reference"))
            rows.append(("keystroke to result, median", f"{size:,}", ms(median(keys)), ms(median(keys_s)), target))
            rows.append(("  less the echo", f"{size:,}", ms(median(keys) - echo), na, "at the floor"))
            rows.append(("keystroke to result, 90th pct", f"{size:,}", ms(pct90(keys)), ms(pct90(keys_s)), ""))
            rows.append(("keys back to back, median", f"{size:,}", ms(median(rush)), ms(median(rush_s)), ""))
            rows.append(("keystroke to the text's hits, median", f"{size:,}", ms(median(with_text)), na, ""))
            rows.append(("  less the echo", f"{size:,}", ms(median(with_text) - echo), na, "<= 30 ms at 100k"))
            rows.append(("  90th pct", f"{size:,}", ms(pct90(with_text)), na, ""))
            for what, n in (("the list", 0), ("the text pane", 1)):
                cells = [join[n] for join in joins]
                rows.append(
                    (
                        f"  cells of {what} redrawn as they join, median (max)",
                        f"{size:,}",
                        f"{statistics.median(cells):,.0f} ({max(cells):,})" if cells else "-",
                        na,
                        "",
                    )
                )
            if fzf_times:
                fzf = median(fzf_times)
                ratio = f"ours/fzf {median(with_text) / fzf:.2f}"
                rows.append(("fzf --filter over title+tags+text", f"{size:,}", ms(fzf), na, ratio))
            for name, key in (("cursor to posting shown", "typical"), ("cursor to the 14 KB posting shown", "large")):
                rows.append((name, f"{size:,}", ms(reading[key]), ms(reading_s.get(key)), "<= 100 ms"))
            worst = "cursor to the 1 MB '](' posting shown"
            rows.append((worst, f"{size:,}", ms(reading["worst"]), ms(reading_s.get("worst")), ""))
            rows.append(
                (
                    "  keystroke with it on screen, median",
                    f"{size:,}",
                    ms(reading["worst_key"]),
                    ms(reading_s.get("worst_key")),
                    "",
                )
            )
            rows.append(
                (
                    "holding j: per key, median / max",
                    f"{size:,}",
                    f"{ms(reading['hold_median'])} / {ms(reading['hold_max'])}",
                    f"{ms(reading_s.get('hold_median'))} / {ms(reading_s.get('hold_max'))}",
                    "",
                )
            )
            rows.append(
                (
                    "1 MB pasted into the search box, answered",
                    f"{size:,}",
                    ms(paste["answered"]),
                    ms(paste_s.get("answered")),
                    "<= 1 s",
                )
            )
            memory = "{before:.0f} / {peak:.0f} / {after:.0f} MB"
            rows.append(
                (
                    "  memory before / highest / 1 s after",
                    f"{size:,}",
                    memory.format(**paste),
                    memory.format(**paste_s) if paste_s else "n/a",
                    "back to before",
                )
            )
            rows += hunt_rows(board, size, args.repeat, env, work, cache, stock)
            rows += reposts_rows(board, size)
            print(f"{size:,} done", flush=True)
        if args.board is not None and not args.hunt:
            rows += facts_rows(args.board)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    header = ("measure (median)", "postings", "value", "stock Textual", "target / ratio")
    widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(header)]
    print()
    print(" | ".join(h.ljust(w) for h, w in zip(header, widths, strict=True)))
    print("-|-".join("-" * w for w in widths))
    for row in rows:
        print(" | ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)))


def reposts_rows(board: Path, size: int) -> list[Row]:
    """Grouping the board's reposts (the same job posted again), by organization and role."""
    from bench.reposts import reposts_rows as rows_of

    return list(rows_of(board, size))


def facts_rows(board: Path) -> list[Row]:
    """Precision and recall of the facts read from the postings, on the
    hand-labelled postings of ``board`` (when it is the board they were made on),
    and what reading them costs a posting."""
    from bench.facts import labels, scores
    from tui.facts import read_facts
    from tui.posting import decode, split_front_matter

    if not all((board / label["file"]).exists() for label in labels()):
        return []
    rows: list[Row] = []
    for name, precision, recall, n in scores(board):
        target = ">= 0.9 / 0.9" if name in ("salary", "deadline", "remote") else ""
        rows.append(
            (f"facts: {name}, precision / recall", f"{n} labelled", f"{precision:.3f} / {recall:.3f}", "-", target)
        )
    bodies = []
    for path in sorted(board.iterdir()):
        if path.is_file():
            bodies.append((path.name[:10], split_front_matter(decode(path.read_bytes())[0])[1]))
    times = []
    for _ in range(5):
        t = time.perf_counter()
        for posted, text in bodies:
            read_facts("", text, posted)
        times.append((time.perf_counter() - t) / max(1, len(bodies)))
    rows.append(("facts read from a posting's text", f"{len(bodies):,}", f"{min(times) * 1e6:.0f} µs", "-", ""))
    return rows


def pct90(values: list[float]) -> float:
    return sorted(values)[int(len(values) * 0.9)] if values else float("nan")


if __name__ == "__main__":
    main()
