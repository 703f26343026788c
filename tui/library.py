"""A posting directory: scan it, parse it (in worker processes when large),
cache what was parsed, and report every file that could not be read.

Nothing here imports Textual.
"""

from __future__ import annotations

import hashlib
import io
import os
import pickle
import stat
from collections.abc import Callable, Iterable, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path, PurePosixPath
from typing import Any

from tui import store
from tui.posting import DEFAULT_TAG_ALIASES, MAX_FILE_BYTES, Parsed, Posting, parse_posting

__all__ = ["Board", "BoardError", "Problem", "load_board", "read_posting", "scan"]

EXTENSIONS = (".md", ".markdown", ".txt")
MAX_DEPTH = 40
#: Bump when parsing changes what it produces: older caches are then rebuilt.
CACHE_VERSION = 3
#: Below this many files to parse, worker processes cost more than they save.
PARALLEL_THRESHOLD = 3000
CHUNK = 2000

Progress = Callable[[int, int], None]


class BoardError(Exception):
    """The directory itself cannot be used (missing, not a directory, unreadable)."""


@dataclass(frozen=True, slots=True)
class Problem:
    path: str
    reason: str

    def __str__(self) -> str:
        return f"{self.path}: {self.reason}"


@dataclass
class Board:
    root: Path
    postings: list[Posting]
    problems: list[Problem] = field(default_factory=list)
    from_cache: int = 0

    @cached_property
    def by_id(self) -> dict[str, Posting]:
        return {p.id: p for p in self.postings}


@dataclass(frozen=True, slots=True)
class Entry:
    rel: str
    path: str
    size: int
    mtime: int


def _kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a named pipe"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISDIR(mode):
        return "a folder"
    return "not a regular file"


def check_root(root: Path) -> Path:
    """The directory resolved, or BoardError with a one-line reason."""
    try:
        st = root.stat()
    except FileNotFoundError:
        raise BoardError(f"{root}: no such directory") from None
    except OSError as exc:
        raise BoardError(f"{root}: {exc.strerror or exc}") from None
    if not stat.S_ISDIR(st.st_mode):
        raise BoardError(f"{root}: not a directory")
    if not os.access(root, os.R_OK | os.X_OK):
        raise BoardError(f"{root}: permission denied")
    return root.resolve()


def scan(root: Path) -> tuple[list[Entry], list[Problem]]:
    """Every posting file below ``root``: recursive, hidden folders skipped,
    symlinks followed but never into a loop, special files never opened."""
    entries: list[Entry] = []
    problems: list[Problem] = []
    root_st = root.stat()
    seen_dirs = {(root_st.st_dev, root_st.st_ino)}
    stack: list[tuple[str, str, int]] = [(str(root), "", 0)]
    while stack:
        folder, prefix, depth = stack.pop()
        try:
            with os.scandir(folder) as it:
                children = sorted(it, key=lambda e: e.name)
        except OSError as exc:
            problems.append(Problem(prefix.rstrip("/") or ".", f"cannot read folder: {exc.strerror or exc}"))
            continue
        subdirs: list[tuple[str, str, int]] = []
        for child in children:
            name = child.name
            if name.startswith("."):
                continue
            rel = prefix + name
            try:
                is_link = child.is_symlink()
                is_dir = child.is_dir(follow_symlinks=False)
            except OSError as exc:
                problems.append(Problem(rel, f"cannot read: {exc.strerror or exc}"))
                continue
            wanted = name.lower().endswith(EXTENSIONS)
            if not (is_dir or is_link or wanted):
                continue
            try:
                st = child.stat(follow_symlinks=True)
            except OSError as exc:
                if is_link:
                    if wanted or not Path(child.path).suffix:
                        problems.append(Problem(rel, "symbolic link points nowhere (dangling)"))
                else:
                    problems.append(Problem(rel, f"cannot read: {exc.strerror or exc}"))
                continue
            if stat.S_ISDIR(st.st_mode):
                key = (st.st_dev, st.st_ino)
                if key in seen_dirs:
                    if is_link:
                        problems.append(Problem(rel, "symbolic link to a folder already read (loop); not followed"))
                    continue
                if depth + 1 > MAX_DEPTH:
                    problems.append(Problem(rel, f"folder nested deeper than {MAX_DEPTH} levels; not read"))
                    continue
                seen_dirs.add(key)
                subdirs.append((child.path, rel + "/", depth + 1))
            elif wanted:
                if not stat.S_ISREG(st.st_mode):
                    problems.append(Problem(rel, f"is {_kind(st.st_mode)}, not a file; not opened"))
                    continue
                entries.append(Entry(rel, child.path, st.st_size, st.st_mtime_ns))
        stack.extend(reversed(subdirs))
    return entries, problems


def read_bytes(path: str) -> tuple[bytes, bool]:
    """At most MAX_FILE_BYTES of a regular file; never blocks on a special file."""
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_NOCTTY | getattr(os, "O_CLOEXEC", 0))
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise OSError(0, f"is {_kind(st.st_mode)}, not a file")
        with os.fdopen(fd, "rb", closefd=False) as handle:
            data = handle.read(MAX_FILE_BYTES + 1)
    finally:
        os.close(fd)
    return data[:MAX_FILE_BYTES], len(data) > MAX_FILE_BYTES


def parse_file(path: str, rel: str, aliases: Mapping[str, str], keep_body: bool = True) -> Parsed | Problem:
    try:
        data, truncated = read_bytes(path)
    except OSError as exc:
        return Problem(rel, f"cannot open: {exc.strerror or exc}")
    try:
        return parse_posting(data, rel, aliases, truncated=truncated, keep_body=keep_body)
    except RecursionError:
        return Problem(rel, "front matter nested too deeply; skipped")
    except MemoryError:
        return Problem(rel, "front matter too large to read; skipped")


# A parsed row, as stored in the cache and sent back from worker processes:
# (rel, size, mtime, title, org, role, date, tags, links, pinned, problems)
Row = tuple[str, int, int, str, str, str, "str | None", tuple[str, ...], tuple[str, ...], bool, tuple[str, ...]]


def _parse_rows(entries: Sequence[tuple[str, str, int, int]], aliases: Mapping[str, str]) -> list[Row | Problem]:
    out: list[Row | Problem] = []
    for rel, path, size, mtime in entries:
        result = parse_file(path, rel, aliases, keep_body=False)
        if isinstance(result, Problem):
            out.append(result)
            continue
        p = result.posting
        out.append(
            (rel, size, mtime, p.title, p.org, p.role, p.date, p.tags, p.links, p.pinned, tuple(result.problems))
        )
    return out


def _posting(row: Row) -> Posting:
    return Posting(row[0], row[3], row[4], row[5], row[6], row[7], row[8], row[9])


# --------------------------------------------------------------------------
# The parse cache: one file per directory, a list per field (fast to load).

_FIELDS = ("rel", "size", "mtime", "title", "org", "role", "date", "tags", "links", "pinned", "problems")


class _SafeUnpickler(pickle.Unpickler):
    """Builds lists, tuples, dicts, strings and numbers; refuses every class."""

    def find_class(self, module: str, name: str) -> Any:
        raise pickle.UnpicklingError(f"refusing {module}.{name}")


def cache_path(cache_dir: Path, root: Path) -> Path:
    digest = hashlib.sha256(str(root).encode("utf-8", "surrogateescape")).hexdigest()[:24]
    return cache_dir / f"board-{digest}.cache"


def _aliases_key(aliases: Mapping[str, str]) -> str:
    return hashlib.sha256(repr(sorted(aliases.items())).encode()).hexdigest()[:16]


def load_cache(path: Path, root: Path, aliases: Mapping[str, str]) -> dict[str, Row]:
    """Cached rows by relative path; empty if the cache is missing, corrupt,
    stale in format, or made for another directory or alias table."""
    try:
        with open(path, "rb") as handle:
            data = _SafeUnpickler(io.BufferedReader(handle)).load()
        if not isinstance(data, dict) or data.get("format") != "jobboard-cache":
            return {}
        if data.get("version") != CACHE_VERSION or data.get("root") != str(root):
            return {}
        if data.get("aliases") != _aliases_key(aliases):
            return {}
        columns = [data[name] for name in _FIELDS]
        if not all(isinstance(c, list) and len(c) == len(columns[0]) for c in columns):
            return {}
        rows: dict[str, Row] = {}
        for row in zip(*columns, strict=True):
            rel, size, mtime, title, org, role, date, tags, links, pinned, problems = row
            if not (
                isinstance(rel, str)
                and isinstance(size, int)
                and isinstance(mtime, int)
                and isinstance(title, str)
                and isinstance(tags, tuple)
                and isinstance(links, tuple)
            ):
                return {}
            rows[rel] = row
        return rows
    except Exception:  # a cache is never trusted: any failure means "rebuild"
        return {}


def save_cache(path: Path, root: Path, aliases: Mapping[str, str], rows: Iterable[Row]) -> None:
    columns: dict[str, list[Any]] = {name: [] for name in _FIELDS}
    lists = [columns[name] for name in _FIELDS]
    for row in rows:
        for column, value in zip(lists, row, strict=True):
            column.append(value)
    data = {"format": "jobboard-cache", "version": CACHE_VERSION, "root": str(root), "aliases": _aliases_key(aliases)}
    data.update(columns)
    try:
        store.atomic_write(path, pickle.dumps(data, protocol=pickle.HIGHEST_PROTOCOL))
    except OSError:
        pass  # a cache that cannot be written costs time, nothing else


# --------------------------------------------------------------------------


def _sort_key(p: Posting) -> tuple[str, str]:
    return (p.date or "", p.id)


def load_board(
    root: Path,
    *,
    aliases: Mapping[str, str] = DEFAULT_TAG_ALIASES,
    cache_dir: Path | None = None,
    progress: Progress | None = None,
    workers: int | None = None,
) -> Board:
    """Scan ``root``, parse what the cache does not already hold, and return
    its postings newest first with every problem met on the way."""
    root = check_root(root)
    entries, problems = scan(root)
    cache_file = cache_path(cache_dir, root) if cache_dir is not None else None
    cached = load_cache(cache_file, root, aliases) if cache_file is not None else {}
    rows: list[Row] = []
    todo: list[tuple[str, str, int, int]] = []
    for entry in entries:
        row = cached.get(entry.rel)
        if row is not None and row[1] == entry.size and row[2] == entry.mtime:
            rows.append(row)
        else:
            todo.append((entry.rel, entry.path, entry.size, entry.mtime))
    from_cache = len(rows)
    total = len(entries)
    if progress:
        progress(from_cache, total)
    if todo:
        parsed = _parse_many(todo, aliases, workers, from_cache, total, progress)
        for item in parsed:
            if isinstance(item, Problem):
                problems.append(item)
            else:
                rows.append(item)
    if cache_file is not None and (todo or len(cached) != len(rows)):
        save_cache(cache_file, root, aliases, rows)
    postings = [_posting(row) for row in rows]
    for row in rows:
        problems.extend(Problem(row[0], reason) for reason in row[10])
    postings.sort(key=_sort_key, reverse=True)
    problems.sort(key=lambda p: p.path)
    return Board(root, postings, problems, from_cache)


def _parse_many(
    todo: list[tuple[str, str, int, int]],
    aliases: Mapping[str, str],
    workers: int | None,
    done: int,
    total: int,
    progress: Progress | None,
) -> list[Row | Problem]:
    count = workers if workers is not None else (os.cpu_count() or 1)
    chunks = [todo[i : i + CHUNK] for i in range(0, len(todo), CHUNK)]
    out: list[Row | Problem] = []
    if count > 1 and len(todo) >= PARALLEL_THRESHOLD:
        import multiprocessing

        context = multiprocessing.get_context("spawn")
        try:
            with ProcessPoolExecutor(max_workers=count, mp_context=context) as pool:
                for chunk, result in zip(chunks, pool.map(_parse_rows, chunks, [aliases] * len(chunks)), strict=True):
                    out.extend(result)
                    done += len(chunk)
                    if progress:
                        progress(done, total)
            return out
        except (OSError, RuntimeError):
            out.clear()  # no processes to be had here: parse in this one
    for chunk in chunks:
        out.extend(_parse_rows(chunk, aliases))
        done += len(chunk)
        if progress:
            progress(done, total)
    return out


def read_posting(root: Path, posting_id: str, aliases: Mapping[str, str] = DEFAULT_TAG_ALIASES) -> Parsed:
    """One posting with its body, by id; the id may not point outside ``root``."""
    root = check_root(root)
    rel = PurePosixPath(posting_id)
    if rel.is_absolute() or ".." in rel.parts or not posting_id or "\x00" in posting_id:
        raise BoardError(f"{posting_id}: not a posting id in {root}")
    path = (root / rel).resolve()
    if not path.is_relative_to(root) or not path.name.lower().endswith(EXTENSIONS):
        raise BoardError(f"{posting_id}: not a posting id in {root}")
    result = parse_file(str(path), posting_id, aliases)
    if isinstance(result, Problem):
        if not path.exists():
            raise BoardError(f"{posting_id}: no such posting in {root}")
        raise BoardError(str(result))
    return result
