"""A posting directory: scan it, parse it (in worker processes when large),
cache what was parsed, and report every file that could not be read.

Nothing here imports Textual.
"""

from __future__ import annotations

import gc
import hashlib
import io
import os
import pickle
import re
import stat
import sys
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import CancelledError
from contextlib import contextmanager
from dataclasses import dataclass, field
from itertools import chain, compress
from operator import not_
from pathlib import Path, PurePosixPath
from threading import Event
from typing import Any

from tui import store
from tui.fields import MODES, MORE, PER_YEAR, names_key
from tui.posting import (
    DEFAULT_TAG_ALIASES,
    MAX_FILE_BYTES,
    Parsed,
    Posting,
    body_of,
    has_front_matter,
    parse_posting,
)
from tui.site import Site, detect
from tui.text import shown_as_is, unvisible, visible

__all__ = ["Board", "BoardError", "Problem", "load_board", "read_posting", "scan"]

EXTENSIONS = (".md", ".markdown", ".mkd", ".txt", ".html", ".htm")
#: Folders never read: a static site's machinery, never its postings.
NEVER_READ = frozenset(("_layouts", "_includes", "_data", "_sass", "_site", "assets", "node_modules", "vendor"))
#: What a parsed file is (the "kind" column): a posting, a draft (listed only
#: when drafts are asked for), a file without front matter (never listed).
POSTING, DRAFT, BARE = 0, 1, 2
MAX_DEPTH = 40
#: Bump when parsing changes what it produces: older caches are then rebuilt.
CACHE_VERSION = 10
#: Below this many files to parse, worker processes cost more than they save.
PARALLEL_THRESHOLD = 3000
#: A board with more files than this to parse (in worker processes) is shown
#: before its text's facts are read, which then takes as long again.
FACTS_LATER_ABOVE = PARALLEL_THRESHOLD
CHUNK = 2000

Progress = Callable[[int, int], None]


class BoardError(Exception):
    """The directory itself cannot be used (missing, not a directory, unreadable)."""


@dataclass(frozen=True, slots=True)
class Problem:
    path: str
    reason: str

    def __str__(self) -> str:
        """One line, safe on a terminal (a file name may hold anything)."""
        return visible(f"{self.path}: {self.reason}")


@dataclass
class Board:
    root: Path
    postings: list[Posting]
    problems: list[Problem] = field(default_factory=list)
    from_cache: int = 0
    #: Files of a posting's kind left out: without front matter, and drafts
    #: (``published: false``) when drafts were not asked for.
    bare: list[str] = field(default_factory=list)
    drafts: list[str] = field(default_factory=list)
    #: What was read of a site ("a Jekyll site: _posts, 2 collections, 14 job pages"); None: a plain folder.
    site: str | None = None
    #: The postings whose text's facts are not read yet (see read_facts_later).
    unread: list[str] = field(default_factory=list)

    def notes(self) -> list[str]:
        """What was read when it is a site, and what was left out, a line
        each ("3 files without front matter were left out")."""
        out = [self.site] if self.site else []
        if self.bare:
            n = len(self.bare)
            out.append(
                f"{n:,} {'file' if n == 1 else 'files'} without front matter {'was' if n == 1 else 'were'} left out"
            )
        if self.drafts:
            n = len(self.drafts)
            out.append(
                f"{n:,} {'draft was' if n == 1 else 'drafts were'} left out (published: false; --drafts shows them)"
            )
        return out

    def read(
        self,
        posting_id: str,
        aliases: Mapping[str, str] = DEFAULT_TAG_ALIASES,
        names: Mapping[str, Sequence[str]] | None = None,
    ) -> Parsed:
        """One posting with its body (``root`` is already checked and resolved)."""
        return _read_under(self.root, posting_id, aliases, names)

    def read_bodies(self, ids: Sequence[str]) -> Iterator[str | None]:
        """The text of each posting ``ids``, in order (see :func:`read_bodies`)."""
        return read_bodies(self.root, ids)


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
    name = visible(str(root))
    try:
        st = root.stat()
    except FileNotFoundError:
        raise BoardError(f"{name}: no such directory") from None
    except OSError as exc:
        raise BoardError(f"{name}: {exc.strerror or exc}") from None
    if not stat.S_ISDIR(st.st_mode):
        raise BoardError(f"{name}: not a directory")
    if not os.access(root, os.R_OK | os.X_OK):
        raise BoardError(f"{name}: permission denied")
    return root.resolve()


@dataclass
class Files:
    """What a scan found: each posting file's path below the root, size and
    modification time (ns), as three lists in the order met."""

    rels: list[str] = field(default_factory=list)
    sizes: list[int] = field(default_factory=list)
    mtimes: list[int] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.rels)


def scan(
    root: Path, *, stat_files: bool = True, drafts: bool = False, enters: Callable[[str], bool] | None = None
) -> tuple[Files, list[Problem]]:
    """Every posting file below ``root``: recursive, hidden folders skipped,
    symlinks followed but never into a loop, special files never opened.
    Names starting with ``_`` and ``_drafts`` folders are left out, as Jekyll
    leaves them out, unless ``drafts``; a site's machinery (NEVER_READ) always.
    ``enters`` says which folders (their path below the root) to read, if not all.

    With ``stat_files`` false, a regular file known as one from its directory
    entry gets size and time -1 (unknown): a first read takes them when it
    opens the file, and saves a stat of each.
    """
    files = Files()
    problems: list[Problem] = []
    root_st = root.stat()
    real_root = Path(os.path.realpath(root))
    seen_dirs = {(root_st.st_dev, root_st.st_ino)}
    # What gives each file's (device, inode), in the order of files.rels: a
    # file reached by several names is listed once. A regular file's inode
    # comes with its directory entry (asked for only when a link to a file
    # was met), its device is its folder's.
    entries: list[os.DirEntry[str] | tuple[int, int]] = []
    devices: list[int] = []
    links: set[str] = set()  # the names met as symbolic links to files
    stack: list[tuple[str, str, int, int]] = [(str(root), "", 0, root_st.st_dev)]
    skip = "." if drafts else "._"  # what a file's name may not start with
    while stack:
        folder, prefix, depth, device = stack.pop()
        try:
            with os.scandir(folder) as it:
                children = list(it)
        except OSError as exc:
            problems.append(Problem(prefix.rstrip("/") or ".", f"cannot read folder: {exc.strerror or exc}"))
            continue
        subdirs: list[tuple[str, str, int, int]] = []
        try:  # fast path: the regular files, known from the directory entries themselves
            posts = [
                c
                for c in children
                if c.is_file(follow_symlinks=False) and c.name[0] not in skip and c.name.lower().endswith(EXTENSIONS)
            ]
            stats = [c.stat(follow_symlinks=False) for c in posts] if stat_files else []
            others = [c for c in children if not c.is_file(follow_symlinks=False) and c.name[0] != "."]
        except OSError:  # one vanished or cannot be read: every entry the careful way
            posts, stats, others = [], [], [c for c in children if c.name[0] != "."]
        if others:
            others = [c for c in others if c.name not in NEVER_READ and (drafts or c.name != "_drafts")]
        files.rels += [prefix + c.name for c in posts]
        entries += posts
        devices += [device] * len(posts)
        if stat_files:
            files.sizes += [st.st_size for st in stats]
            files.mtimes += [st.st_mtime_ns for st in stats]
        else:
            files.sizes += [-1] * len(posts)
            files.mtimes += [-1] * len(posts)
        for child in others:
            name = child.name
            rel = prefix + name
            try:
                if child.is_file(follow_symlinks=False) and not name.lower().endswith(EXTENSIONS):
                    continue  # a regular file of another kind (fast path failed)
            except OSError:
                pass
            try:
                is_link = child.is_symlink()
                is_dir = child.is_dir(follow_symlinks=False)
            except OSError as exc:
                problems.append(Problem(rel, f"cannot read: {exc.strerror or exc}"))
                continue
            wanted = name.lower().endswith(EXTENSIONS) and name[0] not in skip
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
            if is_link and not _inside(real_root, child.path):
                # A board is a repository anyone can send a file to: a link to
                # ~/.ssh/id_rsa named job.md must not be read, listed or indexed.
                problems.append(Problem(rel, "symbolic link leads outside the board; not read"))
                continue
            if stat.S_ISDIR(st.st_mode):
                if enters is not None and not enters(rel):
                    continue
                key = (st.st_dev, st.st_ino)
                if key in seen_dirs:
                    if is_link:
                        problems.append(Problem(rel, "symbolic link to a folder already read (loop); not followed"))
                    continue
                if depth + 1 > MAX_DEPTH:
                    problems.append(Problem(rel, f"folder nested deeper than {MAX_DEPTH} levels; not read"))
                    continue
                seen_dirs.add(key)
                subdirs.append((child.path, rel + "/", depth + 1, st.st_dev))
            elif wanted:
                if not stat.S_ISREG(st.st_mode):
                    problems.append(Problem(rel, f"is {_kind(st.st_mode)}, not a file; not opened"))
                    continue
                files.rels.append(rel)
                files.sizes.append(st.st_size)
                files.mtimes.append(st.st_mtime_ns)
                entries.append((st.st_dev, st.st_ino))
                devices.append(st.st_dev)
                if is_link:
                    links.add(rel)
        subdirs.sort()
        stack.extend(reversed(subdirs))
    if links:
        keys = [e if isinstance(e, tuple) else (d, e.inode()) for e, d in zip(entries, devices, strict=True)]
        if len(set(keys)) < len(keys):
            files = _once_each(files, keys, links, problems)
    return files, problems


#: Names of a file reached by several said in its problem line, at most.
NAMES_SAID = 3


#: Files a survey of a folder with no postings looks at, at most.
MAX_SURVEYED = 100_000
READS = " ".join(EXTENSIONS)


def nothing_found(board: Board) -> str:
    """Why a board has no postings, in one line: how many files were looked
    at, of which kinds, and what jobboard reads."""
    kinds: dict[str, int] = {}
    for rel in board.bare:
        what = f"{_extension(rel)} without front matter"
        kinds[what] = kinds.get(what, 0) + 1
    if board.drafts:
        kinds["drafts (--drafts shows them)"] = len(board.drafts)
    others = _survey(board.root)
    for rel in chain(board.bare, board.drafts):
        ext = _extension(rel)
        others[ext] -= 1
    for ext, n in sorted(others.items(), key=lambda item: (-item[1], item[0])):
        if n > 0:
            kinds[f"{ext} not read" if ext in EXTENSIONS else ext] = n
    total = sum(kinds.values())
    looked = (
        f"{total:,} {'file' if total == 1 else 'files'} looked at ({', '.join(f'{n:,} {k}' for k, n in kinds.items())})"
        if total
        else "the folder has no files"
    )
    if board.site:
        looked = f"{board.site}; {looked}"
    return f"no postings: {looked}; jobboard reads {READS} files that start with front matter"


def _extension(rel: str) -> str:
    name = rel.rsplit("/", 1)[-1]
    ext = name[name.rfind(".") :].lower() if "." in name.lstrip(".") else ""
    return visible(ext[:16]) if ext else "without an extension"


def _survey(root: Path) -> dict[str, int]:
    """Regular files below ``root`` by extension (hidden ones and a site's
    machinery left out, no link followed, MAX_SURVEYED at most)."""
    counts: dict[str, int] = {}
    stack = [(str(root), 0)]
    seen = 0
    while stack and seen < MAX_SURVEYED:
        folder, depth = stack.pop()
        try:
            with os.scandir(folder) as it:
                children = list(it)
        except OSError:
            continue
        for child in children:
            if child.name[0] == "." or child.name in NEVER_READ:
                continue
            try:
                if child.is_dir(follow_symlinks=False):
                    if depth < MAX_DEPTH:
                        stack.append((child.path, depth + 1))
                elif child.is_file(follow_symlinks=False):
                    ext = _extension(child.name)
                    counts[ext] = counts.get(ext, 0) + 1
                    seen += 1
            except OSError:
                continue
    return counts


def _once_each(files: Files, keys: list[tuple[int, int]], links: set[str], problems: list[Problem]) -> Files:
    """``files`` with each file once, under its own name (a name that is not
    a symbolic link, else the first in order), and one problem line per file
    reached by several names, naming the others: 300 links to one posting
    made 300 postings, each read, parsed and indexed."""
    names: dict[tuple[int, int], list[int]] = {}
    for n, key in enumerate(keys):
        names.setdefault(key, []).append(n)
    keep: list[int] = []
    for found in names.values():
        if len(found) == 1:
            keep.append(found[0])
            continue
        found.sort(key=lambda n: (files.rels[n] in links, files.rels[n]))
        keep.append(found[0])
        others = [files.rels[n] for n in found[1:]]
        said = ", ".join(others[:NAMES_SAID])
        if len(others) > NAMES_SAID:
            said += f" and {len(others) - NAMES_SAID:,} more"
        what = "other name leads" if len(others) == 1 else "other names lead"
        problems.append(Problem(files.rels[found[0]], f"{len(others):,} {what} to this file ({said}); listed once"))
    keep.sort()
    return Files([files.rels[n] for n in keep], [files.sizes[n] for n in keep], [files.mtimes[n] for n in keep])


def _inside(root: Path, path: str) -> bool:
    """Whether ``path``, links followed, is ``root`` (a real path) or below it."""
    return Path(os.path.realpath(path)).is_relative_to(root)


def read_bytes(path: str) -> tuple[bytes, bool, int, int]:
    """At most MAX_FILE_BYTES of a regular file, whether it had more, and its
    size and modification time (ns); never blocks on a special file."""
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_NOCTTY | getattr(os, "O_CLOEXEC", 0))
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise OSError(0, f"is {_kind(st.st_mode)}, not a file")
        # Ask for what the file holds (and a byte more, to see it grow): a
        # buffer of the 1 MB limit would cost a memory map per file.
        data = os.read(fd, min(st.st_size, MAX_FILE_BYTES) + 1)
        while len(data) <= MAX_FILE_BYTES and len(data) < st.st_size:  # a short read: keep reading
            chunk = os.read(fd, MAX_FILE_BYTES + 1 - len(data))
            if not chunk:
                break
            data += chunk
    finally:
        os.close(fd)
    return data[:MAX_FILE_BYTES], len(data) > MAX_FILE_BYTES, st.st_size, st.st_mtime_ns


#: What parsing a file without front matter gives: it is not a posting.
NOT_A_POSTING = Problem("", "no front matter; not a posting")


def parse_file(
    path: str,
    rel: str,
    aliases: Mapping[str, str],
    keep_body: bool = True,
    names: Mapping[str, Sequence[str]] | None = None,
) -> Parsed | Problem:
    result = _read_and_parse(path, rel, aliases, keep_body, names)[0]
    return Problem(rel, NOT_A_POSTING.reason) if result is NOT_A_POSTING else result


def _read_and_parse(
    path: str,
    rel: str,
    aliases: Mapping[str, str],
    keep_body: bool,
    names: Mapping[str, Sequence[str]] | None = None,
    text_facts: bool = True,
) -> tuple[Parsed | Problem, int, int]:
    """The posting or the problem, and the size and time of what was read."""
    try:
        data, truncated, size, mtime = read_bytes(path)
    except OSError as exc:
        return Problem(rel, f"cannot open: {exc.strerror or exc}"), -1, -1
    if not has_front_matter(data):
        return NOT_A_POSTING, size, mtime
    try:
        parsed = parse_posting(
            data, rel, aliases, truncated=truncated, keep_body=keep_body, names=names, text_facts=text_facts
        )
        return parsed, size, mtime
    except RecursionError:
        return Problem(rel, "front matter nested too deeply; skipped"), size, mtime
    except MemoryError:
        return Problem(rel, "front matter too large to read; skipped"), size, mtime


# A parsed row, as stored in the cache and sent back from worker processes:
# (rel, size, mtime, title, org, role, date, tags, pinned, problems, kind, more,
# read: see _FIELDS)
Row = tuple[Any, ...]
# A part of the board parsed: its rows as a list per field (see to_columns)
# in board order, each file's size and time as read in the order asked (-1
# if it could not be read), and the files that could not be read.
Parts = tuple[dict[str, list[Any]], list[int], list[int], list["Problem"]]


def _parse_part(
    root: str,
    rels: Sequence[str],
    aliases: Mapping[str, str],
    names: Mapping[str, Sequence[str]] | None = None,
    text_facts: bool = True,
) -> Parts:
    """Parse the files ``rels`` (in a worker process on a cold load), sorted
    here so the whole board is a quick merge, each distinct text or tag list
    once so they travel back small (``text_facts``: see parse_posting)."""
    rows: list[Row] = []
    sizes: list[int] = []
    mtimes: list[int] = []
    unread: list[Problem] = []
    for rel in rels:
        try:
            result, size, mtime = _read_and_parse(f"{root}/{rel}", rel, aliases, False, names, text_facts)
        except Exception as exc:  # a bug of ours must not lose the rest of the board
            result, size, mtime = Problem(rel, f"could not be parsed ({type(exc).__name__})"), -1, -1
        sizes.append(size)
        mtimes.append(mtime)
        if result is NOT_A_POSTING:  # kept (so it is not read again while it is unchanged), never listed
            rows.append((rel, size, mtime, "", "", "", None, (), False, (), BARE, (), True))
            continue
        if isinstance(result, Problem):
            unread.append(result)
            continue
        p = result.posting
        kind = DRAFT if result.draft else POSTING
        problems = tuple(result.problems)
        rows.append(
            (rel, size, mtime, p.title, p.org, p.role, p.date, p.tags, p.pinned, problems, kind, p.more, text_facts)
        )
    return _in_board_order(to_columns(rows)), sizes, mtimes, unread


# --------------------------------------------------------------------------
# The parse cache: one file per directory, a list per field (fast to load).

#: The posting's other fields (Posting.more: tui.fields.MORE's, each a text) are one column of tuples;
#: "read": whether they hold what its text says (see read_facts_later).
_FIELDS = ("rel", "size", "mtime", "title", "org", "role", "date", "tags", "pinned", "problems", "kind", "more", "read")
_TYPES: dict[str, tuple[type, ...]] = {
    "rel": (str,),
    "size": (int,),
    "mtime": (int,),
    "title": (str,),
    "org": (str,),
    "role": (str,),
    "date": (str, type(None)),
    "tags": (tuple,),
    "pinned": (bool,),
    "problems": (tuple,),
    "kind": (int,),
    "more": (tuple,),
    "read": (bool,),
}


class _SafeUnpickler(pickle.Unpickler):
    """Builds lists, tuples, dicts, strings and numbers; refuses every class."""

    def find_class(self, module: str, name: str) -> Any:
        raise pickle.UnpicklingError(f"refusing {module}.{name}")


def cache_path(cache_dir: Path, root: Path) -> Path:
    digest = hashlib.sha256(str(root).encode("utf-8", "surrogateescape")).hexdigest()[:24]
    return cache_dir / f"board-{digest}.cache"


def _aliases_key(aliases: Mapping[str, str]) -> str:
    return hashlib.sha256(repr(sorted(aliases.items())).encode()).hexdigest()[:16]


#: How every cache we write starts (the pickle protocol it is written with).
_PICKLE_START = pickle.PROTO + bytes((pickle.HIGHEST_PROTOCOL,))


def load_cache(
    path: Path, root: Path, aliases: Mapping[str, str], names: Mapping[str, Sequence[str]] | None = None
) -> dict[str, Any] | None:
    """The cached columns (and, under "scan", the scan they were made from),
    or None if the cache is missing, corrupt, stale in format, or made for
    another directory or alias table."""
    try:
        # Ours, or nothing: a link there is not followed (it may lead to
        # anything of the user's), a named pipe not waited on.
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
        with open(fd, "rb") as handle:
            if not stat.S_ISREG(os.fstat(fd).st_mode) or handle.peek(2)[:2] != _PICKLE_START:
                return None  # not a file we wrote (a stray file can take pickle a minute to refuse)
            data = _SafeUnpickler(io.BufferedReader(handle)).load()
        if not isinstance(data, dict) or data.get("format") != "jobboard-cache":
            return None
        if data.get("version") != CACHE_VERSION or data.get("root") != str(root):
            return None
        if data.get("aliases") != _aliases_key(aliases) or data.get("fields") != names_key(names):
            return None
        columns: dict[str, Any] = {name: data[name] for name in _FIELDS}
        length = len(columns["rel"])
        for name, column in columns.items():
            if not isinstance(column, list) or len(column) != length:
                return None
            if not set(map(type, column)).issubset(_TYPES[name]):
                return None
        if not _as_parsing_leaves_them(columns):
            return None
        scanned = data.get("scan")
        columns["scan"] = scanned if isinstance(scanned, list) else None
        said = data.get("said")  # what was read of a site, shown before the folder is checked
        columns["said"] = said if isinstance(said, str) and shown_as_is(said) else None
        return columns
    except Exception:  # a cache is never trusted: any failure means "rebuild"
        return None


_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _a_job(value: Any) -> bool:
    """Whether ``value`` is a job as parsing keeps it: (role, link, salary or "", where)."""
    return (
        type(value) is tuple
        and len(value) == 4
        and type(value[0]) is str
        and type(value[1]) is str
        and (value[2] == "" or _a_salary(value[2]))
        and type(value[3]) is int
    )


def _a_salary(value: Any) -> bool:
    """Whether ``value`` is a salary as parsing keeps it: (min, max, period, text)."""
    return (
        type(value) is tuple
        and len(value) == 4
        and all(n is None or type(n) is float for n in value[:2])
        and value[2] in PER_YEAR
        and type(value[3]) is str
    )


def _as_parsing_leaves_them(columns: dict[str, Any]) -> bool:
    """Whether every text in the cache is one parsing could have made: no
    control or invisible character (a forged cache must not put an escape
    sequence on screen), tags and problems all text, dates ISO dates. Each
    distinct value once, tested in C: 30-50 ms of a warm load of 100,000
    postings, most of it the titles."""
    if not all(map(shown_as_is, columns["title"])):  # one by one: no 5 MB string joined
        return False
    texts = [*dict.fromkeys(columns["org"]), *dict.fromkeys(columns["role"])]
    # The other fields, field by field, in C where it can be: nearly every
    # posting's differ, so they are not made distinct first.
    mores = [more for more in columns["more"] if more]
    if not set(map(len, mores)) <= {len(MORE)}:
        return False
    for kept, values in zip(MORE, zip(*mores, strict=True) if mores else [()] * len(MORE), strict=True):
        kind = kept.kind
        if kind == "flag":
            if not set(map(type, values)) <= {bool}:
                return False
        elif kind == "salary":
            salaries = [value for value in values if value != ""]
            if salaries:
                if set(map(type, salaries)) != {tuple} or set(map(len, salaries)) != {4}:
                    return False
                lows, highs, periods, words = zip(*salaries, strict=True)
                if not set(map(type, lows + highs)) <= {float, type(None)} or not set(periods) <= PER_YEAR.keys():
                    return False
                texts += dict.fromkeys(words)
        elif kind == "date":
            if not all(value == "" or _DATE.fullmatch(value) for value in dict.fromkeys(values)):
                return False
        elif kind == "mode":
            if not set(values) <= {"", *MODES}:
                return False
        elif kind == "jobs":
            jobs = [job for value in values if value != "" for job in value]
            if not all(_a_job(job) for job in jobs):
                return False
            texts += chain.from_iterable((job[0], job[1], job[2][3] if job[2] else "") for job in jobs)
        else:
            texts += dict.fromkeys(values)
    texts += chain.from_iterable(dict.fromkeys(columns["tags"]))
    texts += chain.from_iterable(compress(columns["problems"], columns["problems"]))
    if not shown_as_is("".join(texts)):  # a TypeError (not all text) means "rebuild" too
        return False
    return all(date is None or _DATE.fullmatch(date) for date in dict.fromkeys(columns["date"]))


#: Fields whose values repeat from posting to posting (kept once each;
#: titles seldom repeat but in a part of the board they are kept once too).
_SHARED = frozenset(("title", "org", "role", "date", "tags", "more"))
_OFTEN_SHARED = _SHARED - {"title"}


def to_columns(rows: Sequence[Row]) -> dict[str, list[Any]]:
    """Rows as a list per field, each distinct text or tag list one object:
    the cache then stores each once (pickle refers back to it) and loads
    several times faster, and the postings share them in memory."""
    canon: Callable[[Any, Any], Any] = {}.setdefault
    return {
        name: list(map(canon, column, column)) if name in _SHARED else list(column)
        for name, column in zip(_FIELDS, zip(*rows, strict=True) if rows else [()] * len(_FIELDS), strict=True)
    }


def _merge(parts: Iterable[dict[str, list[Any]]]) -> dict[str, list[Any]]:
    """Columns from several parts joined, values that often repeat made one
    object across parts too."""
    joined: dict[str, list[Any]] = {name: [] for name in _FIELDS}
    for part in parts:
        for name, column in joined.items():
            column += part[name]
    canon: Callable[[Any, Any], Any] = {}.setdefault
    return {
        name: list(map(canon, column, column)) if name in _OFTEN_SHARED else column for name, column in joined.items()
    }


def save_cache(
    path: Path,
    root: Path,
    aliases: Mapping[str, str],
    columns: dict[str, list[Any]],
    files: Files | None = None,
    names: Mapping[str, Sequence[str]] | None = None,
    said: str | None = None,
) -> None:
    """Write ``columns`` (see to_columns); ``files`` (the scan they come from)
    lets the next run see at a glance that nothing changed; ``said``: what
    was read of a site (see Board.site)."""
    # The scan as it was (paths, sizes, times in the order met), its paths the
    # same objects as the "rel" column: next time one comparison tells if
    # anything changed.
    rel_of = {rel: rel for rel in columns["rel"]}
    scanned = None if files is None else [[rel_of.get(rel, rel) for rel in files.rels], files.sizes, files.mtimes]
    data: dict[str, Any] = {
        "format": "jobboard-cache",
        "version": CACHE_VERSION,
        "root": str(root),
        "aliases": _aliases_key(aliases),
        "fields": names_key(names),
        "scan": scanned,
        "said": said,
    }
    data.update((name, columns[name]) for name in _FIELDS)
    try:
        # A link there is replaced, never written through: the cache is ours.
        store.atomic_write(path, pickle.dumps(data, protocol=pickle.HIGHEST_PROTOCOL), durable=False)
    except OSError:
        pass  # a cache that cannot be written costs time, nothing else


# --------------------------------------------------------------------------


@contextmanager
def _no_gc() -> Iterator[None]:
    """Building 100,000 tuples sets off the cyclic collector over and over
    (it tracks every new container); nothing built here forms a cycle."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def load_board(
    root: Path,
    *,
    aliases: Mapping[str, str] = DEFAULT_TAG_ALIASES,
    cache_dir: Path | None = None,
    progress: Progress | None = None,
    workers: int | None = None,
    drafts: bool = False,
    names: Mapping[str, Sequence[str]] | None = None,
    facts_later_above: int | None = None,
    early: Callable[[Board], object] | None = None,
) -> Board:
    """Scan ``root``, parse what the cache does not already hold, and return
    its postings newest first with every problem met on the way (``drafts``:
    the drafts too; ``names``: the config's ``[fields]``, more front-matter
    names for a field). With ``facts_later_above``, more files than that to
    parse are parsed without their text's facts (half the time), which
    :func:`read_facts_later` then reads: ``Board.unread`` lists them.

    ``early`` is given the board as the cache holds it before the folder is
    scanned (a stat of each file: a third of a second at 100,000), when
    the cache can be used; the board returned is that same object if the
    scan found nothing changed, else the board as it is now."""
    root = check_root(root)
    cache_file = cache_path(cache_dir, root) if cache_dir is not None else None
    pool = Workers(workers if workers is not None else (os.cpu_count() or 1))
    try:
        if _first_read_of_a_big_folder(root, cache_file):
            pool.start()  # the processes start up while the folder is scanned
        with _no_gc():
            site = detect(root)

            def dressed(board: Board) -> Board:
                if site is not None:
                    board.site = site.said
                    board.problems[:0] = [Problem(site.config, reason) for reason in site.problems]
                return board

            shown: list[Board] = []

            def as_cached(board: Board) -> None:
                shown.append(dressed(board))
                if early is not None:
                    early(board)

            board = _load(
                root,
                aliases,
                cache_file,
                progress,
                pool,
                drafts,
                site,
                names,
                facts_later_above,
                as_cached if early is not None else None,
            )
            return board if shown and board is shown[0] else dressed(board)
    finally:
        pool.close()


#: A folder whose directory file is this large holds a few thousand entries
#: (ext4 uses ~60 bytes a name); elsewhere the guess is simply not made.
BIG_FOLDER_BYTES = 128 * 1024


def _first_read_of_a_big_folder(root: Path, cache_file: Path | None) -> bool:
    """No cache yet and, by the size of the directory itself, thousands of
    files: worker processes will be needed, so start them now."""
    try:
        if cache_file is not None and cache_file.exists():
            return False
        return root.stat().st_size >= BIG_FOLDER_BYTES
    except OSError:
        return False


def _load(
    root: Path,
    aliases: Mapping[str, str],
    cache_file: Path | None,
    progress: Progress | None,
    workers: Workers,
    drafts: bool = False,
    site: Site | None = None,
    names: Mapping[str, Sequence[str]] | None = None,
    facts_later_above: int | None = None,
    early: Callable[[Board], object] | None = None,
) -> Board:
    columns = load_cache(cache_file, root, aliases, names) if cache_file is not None else None
    # Facts not read yet (a run that ended before it read them) are read now, or later too.
    later = facts_later_above is not None
    if columns is not None and not later and not all(columns["read"]):
        columns = {**columns, "scan": None}  # no shortcut: those files are parsed again
    cached: Board | None = None
    if early is not None and columns is not None and columns["scan"] is not None:
        # The board as it was when the cache was written, shown while the
        # folder is scanned; the same object is returned if nothing changed.
        cached = _board(root, columns, [], len(columns["scan"][0]), drafts)
        if site is not None and columns["said"]:
            site.said = columns["said"]  # (said again once the scan's files are chosen)
        early(cached)
    # Without a cache to compare with, each file's size and time are taken
    # when it is read, not by a stat of its own.
    files, problems = scan(
        root, stat_files=columns is not None, drafts=drafts, enters=site.enters if site is not None else None
    )
    if site is not None:  # its postings only (a few hundred files: a test of each path)
        chosen = site.choose(root, files.rels)
        files = Files(
            list(compress(files.rels, chosen)),
            list(compress(files.sizes, chosen)),
            list(compress(files.mtimes, chosen)),
        )
    total = len(files)
    if columns is not None and _unchanged(files, columns):
        # Nothing changed: the cache is the board, already in order.
        if progress:
            progress(total, total)
        if cached is not None and not problems:
            return cached
        return _board(root, columns, problems, total, drafts)
    keep: list[int] = []
    todo: list[str] = []
    if columns is not None:
        where = dict(zip(columns["rel"], range(len(columns["rel"])), strict=True)).get
        sizes, mtimes, read = columns["size"], columns["mtime"], columns["read"]
        for rel, size, mtime in zip(files.rels, files.sizes, files.mtimes, strict=True):
            i = where(rel)
            if i is not None and sizes[i] == size and mtimes[i] == mtime and (later or read[i]):
                keep.append(i)
            else:
                todo.append(rel)
    else:
        todo = list(files.rels)
    if progress:
        progress(len(keep), total)
    parts: list[dict[str, list[Any]]] = []
    if columns is not None and keep:
        parts.append({name: list(map(columns[name].__getitem__, keep)) for name in _FIELDS})
    unread = 0
    read_sizes: list[int] = []
    read_mtimes: list[int] = []
    text_facts = facts_later_above is None or len(todo) <= facts_later_above
    for part, sizes, mtimes, part_unread in _parse_many(
        str(root), todo, aliases, workers, len(keep), total, progress, names, text_facts
    ):
        parts.append(part)
        read_sizes += sizes
        read_mtimes += mtimes
        problems += part_unread
        unread += len(part_unread)
    if columns is None:  # all was read, in the scan's order: its sizes and times as read
        files = Files(files.rels, read_sizes, read_mtimes)
    # Each part is in the board's order already: this sort merges runs.
    columns = _in_board_order(_merge(parts))
    if cache_file is not None:
        # A file that could not be read is not in the cache: the next run must
        # try it again (and report it), so no "nothing changed" shortcut then.
        said = site.said if site is not None else None
        save_cache(cache_file, root, aliases, columns, files if not unread else None, names, said)
    return _board(root, columns, problems, len(keep), drafts)


def _board(
    root: Path, columns: dict[str, list[Any]], problems: list[Problem], reused: int, drafts: bool = False
) -> Board:
    kinds = columns["kind"]
    bare: list[str] = []
    left_out: list[str] = []
    if any(kinds):  # a few files are not postings (or drafts): the columns without them
        bare = [rel for rel, kind in zip(columns["rel"], kinds, strict=True) if kind == BARE]
        left_out = [rel for rel, kind in zip(columns["rel"], kinds, strict=True) if kind == DRAFT] if not drafts else []
        keep = [kind == POSTING or (drafts and kind == DRAFT) for kind in kinds]
        columns = {name: list(compress(column, keep)) for name, column in columns.items() if name not in _NOT_ROWS}
    postings = list(
        map(Posting, *(columns[name] for name in ("rel", "title", "org", "role", "date", "tags", "pinned", "more")))
    )
    problems = _with_recorded(problems, columns["rel"], columns["problems"])
    unread = list(compress(columns["rel"], map(not_, columns["read"])))
    return Board(root, postings, problems, reused, bare, left_out, unread=unread)


#: What a cache holds beside the columns: the scan, what was read of a site.
_NOT_ROWS = ("scan", "said")


def _unchanged(files: Files, columns: dict[str, Any]) -> bool:
    """True when the scan found exactly the files the cache was written from,
    in the same order, each with the same size and modification time (three
    list comparisons, not a lookup per file)."""
    return columns["scan"] == [files.rels, files.sizes, files.mtimes]


def _with_recorded(problems: list[Problem], rels: Sequence[str], reasons: Sequence[tuple[str, ...]]) -> list[Problem]:
    """``problems`` and those recorded while parsing each file, by path."""
    for rel, why in compress(zip(rels, reasons, strict=True), reasons):  # the few with problems
        problems.extend(Problem(rel, reason) for reason in why)
    problems.sort(key=lambda p: p.path)
    return problems


def _in_board_order(columns: dict[str, list[Any]]) -> dict[str, list[Any]]:
    """Newest first (undated last), then by path: one sort of row numbers on
    keys made in C, then each column taken in that order."""
    keys = list(zip(map(_or_empty, columns["date"]), columns["rel"], strict=True))
    order = sorted(range(len(keys)), key=keys.__getitem__, reverse=True)
    return {name: list(map(column.__getitem__, order)) for name, column in columns.items()}


def _or_empty(date: str | None) -> str:
    return date or ""


def _real_stderr_for_children() -> None:
    """multiprocessing hands ``sys.stderr.fileno()`` to its helper process; a
    full-screen app replaces sys.stderr with an object whose fileno() is -1,
    which fails the spawn. Start the helper with the real stderr first."""
    try:
        if sys.stderr is not None and sys.stderr.fileno() >= 0:
            return
    except (AttributeError, OSError, ValueError):
        pass
    from multiprocessing import resource_tracker

    saved = sys.stderr
    sys.stderr = sys.__stderr__
    try:
        resource_tracker.ensure_running()
    finally:
        sys.stderr = saved


def _worker_start(parent: int) -> None:
    """In each worker process, first: the collector off (as _load has it), and
    the worker dies with the process that started it, whatever ended that one
    (a worker blocked writing to its pipe would otherwise wait forever)."""
    gc.disable()
    if sys.platform.startswith("linux"):
        try:
            import ctypes
            import signal

            pr_set_pdeathsig = 1
            ctypes.CDLL(None, use_errno=True).prctl(pr_set_pdeathsig, signal.SIGKILL, 0, 0, 0)
        except (OSError, AttributeError):
            pass
    if os.getppid() != parent:  # already gone
        os._exit(0)
    # Elsewhere (and should the signal not be had): look every half second.
    import threading

    threading.Thread(target=_watch_parent, args=(parent,), name="jobboard-parent", daemon=True).start()


def _watch_parent(parent: int) -> None:
    import time

    while os.getppid() == parent:
        time.sleep(0.5)
    os._exit(0)


#: The worker pools running (see stop_workers), and whether they were stopped.
_RUNNING: set[Workers] = set()
_STOPPED: list[bool] = [False]


def stop_workers() -> bool:
    """End every worker process (the app quits): at exit Python waits for
    the work given to a pool, the whole of a board's text being read. What
    was reading through them stops, in this process too. Whether any was
    running: then the process must end without Python's exit (a worker ended
    while it sent a result leaves the pool's thread waiting for the rest)."""
    _STOPPED[0] = True
    running = bool(_RUNNING)
    for pool in list(_RUNNING):
        pool.close()
    import multiprocessing

    for child in multiprocessing.active_children():
        child.terminate()
    return running


class Workers:
    """Worker processes for parsing, started at most once, on first need or
    ahead of it (:meth:`start` while the folder is still being scanned)."""

    def __init__(self, count: int) -> None:
        self.count = count
        self._pool: Any = None
        self._failed = False

    def start(self) -> Any:
        """The pool, its processes on their way; None if none can be had here."""
        if self._pool is None and not self._failed and self.count > 1:
            import multiprocessing
            from concurrent.futures import ProcessPoolExecutor  # only a cold start needs it

            try:
                _real_stderr_for_children()
                context = multiprocessing.get_context("spawn")
                self._pool = ProcessPoolExecutor(
                    max_workers=self.count, mp_context=context, initializer=_worker_start, initargs=(os.getpid(),)
                )
                for _ in range(self.count):
                    self._pool.submit(int)  # each submit starts a process
                _RUNNING.add(self)
            except (OSError, RuntimeError, ValueError):
                self._failed = True
                self.close()
        return self._pool

    def close(self) -> None:
        pool, self._pool = self._pool, None
        _RUNNING.discard(self)
        if pool is not None:
            pool.shutdown(wait=False, cancel_futures=True)  # idle or never used: let them go


def _parse_many(
    root: str,
    todo: Sequence[str],
    aliases: Mapping[str, str],
    workers: Workers,
    done: int,
    total: int,
    progress: Progress | None,
    names: Mapping[str, Sequence[str]] | None = None,
    text_facts: bool = True,
) -> list[Parts]:
    chunks = [todo[i : i + CHUNK] for i in range(0, len(todo), CHUNK)]
    out: list[Parts] = []
    pool = workers.start() if len(todo) >= PARALLEL_THRESHOLD else None
    n = len(chunks)
    if pool is not None:
        try:
            for chunk, result in zip(
                chunks,
                pool.map(_parse_part, [root] * n, chunks, [aliases] * n, [names] * n, [text_facts] * n),
                strict=True,
            ):
                out.append(result)
                done += len(chunk)
                if progress:
                    progress(done, total)
            return out
        except (OSError, RuntimeError, ValueError):  # BrokenProcessPool is a RuntimeError
            out.clear()  # no processes to be had here (or one died): parse in this one
            done = total - len(todo)
    for chunk in chunks:
        out.append(_parse_part(root, chunk, aliases, names, text_facts))
        done += len(chunk)
        if progress:
            progress(done, total)
    return out


def read_posting(
    root: Path,
    posting_id: str,
    aliases: Mapping[str, str] = DEFAULT_TAG_ALIASES,
    names: Mapping[str, Sequence[str]] | None = None,
) -> Parsed:
    """One posting with its body, by id; the id may not point outside ``root``.

    An id may also be given as it is shown (``caf\\xe9.md`` for a name that
    is not UTF-8, ``\\x1b`` for a control character): ``list`` prints it so."""
    root = check_root(root)
    if unvisible(posting_id) != posting_id:
        try:
            as_typed = (root / posting_id).exists()
        except (OSError, ValueError):
            as_typed = False
        if not as_typed:
            posting_id = unvisible(posting_id)
    return _read_under(root, posting_id, aliases, names)


def _posting_path(root: Path, posting_id: str) -> Path:
    """The file of ``posting_id`` under the resolved ``root``; BoardError if the
    id names anything else (a path outside, a link that leads out, no posting)."""
    name = visible(posting_id)
    rel = PurePosixPath(posting_id)
    if rel.is_absolute() or ".." in rel.parts or not posting_id or "\x00" in posting_id:
        raise BoardError(f"{name}: not a posting id in {visible(str(root))}")
    path = (root / rel).resolve()
    if not path.is_relative_to(root):
        raise BoardError(f"{name}: a symbolic link that leads outside the board; not read")
    if not path.name.lower().endswith(EXTENSIONS):
        raise BoardError(f"{name}: not a posting id in {visible(str(root))}")
    return path


def _read_under(
    root: Path, posting_id: str, aliases: Mapping[str, str], names: Mapping[str, Sequence[str]] | None = None
) -> Parsed:
    name = visible(posting_id)
    path = _posting_path(root, posting_id)
    result = parse_file(str(path), posting_id, aliases, names=names)
    if isinstance(result, Problem):
        if not path.exists():
            raise BoardError(f"{name}: no such posting in {visible(str(root))}")
        raise BoardError(str(result))
    return result


def read_bodies(root: Path, ids: Sequence[str], workers: int | None = None) -> Iterator[str | None]:
    """The text of each posting ``ids`` under the resolved ``root``, in order
    (None: it could not be read), without its front matter worked out: for the
    text index. Thousands are read in worker processes, a chunk at a time."""
    for texts in _by_chunk(_bodies_part, ids, workers, root):
        yield from texts


def _by_chunk(job: Callable[..., Any], ids: Sequence[str], workers: int | None, *args: Any) -> Iterator[Any]:
    """``job(*args, chunk)``'s answer for each chunk of ``ids`` in turn: in
    worker processes when there are thousands (here if none can be had, or
    one died); none once the app quits (see stop_workers)."""
    chunks = [ids[i : i + CHUNK] for i in range(0, len(ids), CHUNK)]
    pool = Workers(workers if workers is not None else (os.cpu_count() or 1))
    try:
        done = 0
        if len(ids) >= PARALLEL_THRESHOLD and pool.start() is not None:
            try:
                for answer in pool.start().map(job, *([arg] * len(chunks) for arg in args), chunks):
                    done += 1
                    yield answer
            except (OSError, RuntimeError, ValueError, CancelledError):  # none to be had here, or one died
                pass
        for chunk in chunks[done:]:
            if _STOPPED[0]:  # the app quits
                return
            yield job(*args, chunk)
    finally:
        pool.close()


def read_facts_later(
    root: Path,
    ids: Sequence[str],
    aliases: Mapping[str, str] = DEFAULT_TAG_ALIASES,
    names: Mapping[str, Sequence[str]] | None = None,
    workers: int | None = None,
) -> Iterator[dict[str, list[Any]]]:
    """What the postings ``ids`` of a board loaded with ``facts_later_above``
    are with their text's facts read: each file parsed again in full, as
    columns (see to_columns) a chunk at a time, thousands in worker processes.
    A file that cannot be read now is left out (it stays unread)."""
    for part in _by_chunk(_facts_part, ids, workers, str(root), aliases, names):
        yield part[0]


def _facts_part(
    root: str, aliases: Mapping[str, str], names: Mapping[str, Sequence[str]] | None, rels: Sequence[str]
) -> Parts:
    return _parse_part(root, rels, aliases, names)


#: Told the postings with their facts read (by id), how many were read and of how many.
Told = Callable[[dict[str, Posting], int, int], object]
#: How often the postings whose facts were read are told (seconds).
FACTS_TOLD_EVERY = 0.5


def read_board_facts(
    board: Board,
    told: Told,
    stop: Event | None = None,
    aliases: Mapping[str, str] = DEFAULT_TAG_ALIASES,
    names: Mapping[str, Sequence[str]] | None = None,
    cache_dir: Path | None = None,
) -> None:
    """(In a thread.) The text's facts of the postings of ``board`` shown
    without them (``Board.unread``): ``told`` the postings with their facts,
    a batch at a time, and how many were read of how many (the last batch:
    all of them), then kept in the cache. A posting changed since it was
    listed is left as it is. Ends between chunks once ``stop`` is set."""
    ids = board.unread
    if not ids:
        return
    listed = {p.id: p for p in board.postings}
    read: dict[str, tuple[int, int, tuple[Any, ...]]] = {}
    batch: dict[str, Posting] = {}
    done = 0
    last = time.monotonic()
    for part in read_facts_later(board.root, ids, aliases, names):
        fields = (part[name] for name in ("rel", "title", "org", "role", "date", "tags", "pinned", "more"))
        for posting, size, mtime in zip(map(Posting, *fields), part["size"], part["mtime"], strict=True):
            was = listed.get(posting.id)
            if was is not None and was._replace(more=posting.more) == posting:  # as listed, its facts now read
                batch[posting.id] = posting
                read[posting.id] = (size, mtime, posting.more)
        done += len(part["rel"])
        if (stop is not None and stop.is_set()) or _STOPPED[0]:
            return
        if time.monotonic() - last >= FACTS_TOLD_EVERY and done < len(ids):
            told(batch, done, len(ids))
            batch, last = {}, time.monotonic()
    if (stop is not None and stop.is_set()) or _STOPPED[0]:  # the app quits: nothing written as it goes
        return
    told(batch, len(ids), len(ids))
    keep_facts(cache_dir, board.root, read, aliases, names)


def keep_facts(
    cache_dir: Path | None,
    root: Path,
    read: Mapping[str, tuple[int, int, tuple[Any, ...]]],
    aliases: Mapping[str, str] = DEFAULT_TAG_ALIASES,
    names: Mapping[str, Sequence[str]] | None = None,
) -> None:
    """Put the facts :func:`read_facts_later` read (path -> size, time, the
    posting's other fields) in the board's cache, for each file the cache
    holds as it was read then."""
    if cache_dir is None or not read:
        return
    path = cache_path(cache_dir, root)
    with _no_gc():
        columns = load_cache(path, root, aliases, names)
        if columns is None:
            return
        scan, said = columns.pop("scan"), columns.pop("said")
        more, done = columns["more"], columns["read"]
        for i, (rel, size, mtime) in enumerate(zip(columns["rel"], columns["size"], columns["mtime"], strict=True)):
            got = read.get(rel)
            if got is not None and got[0] == size and got[1] == mtime:
                more[i], done[i] = got[2], True
        save_cache(path, root, aliases, columns, Files(*scan) if scan is not None else None, names, said)


def _bodies_part(root: Path, ids: Sequence[str]) -> list[str | None]:
    texts: list[str | None] = []
    for posting_id in ids:
        try:
            texts.append(body_of(read_bytes(str(_posting_path(root, posting_id)))[0], posting_id))
        except (OSError, BoardError, RecursionError, MemoryError):
            texts.append(None)
    return texts


#: How long a job waits for what it handed over early to be shown (seconds).
EARLY_SHOWN_WAIT = 1.0


class Background:
    """Run ``job(progress, early)`` in a thread started at once, before any UI
    exists; its progress, what it hands to ``early`` before its result, and
    its result can be read from any thread."""

    def __init__(self, job: Callable[[Progress, Callable[[Any], None]], Any]) -> None:
        import threading

        self._lock = threading.Lock()
        self._on_finish: Callable[[], object] | None = None
        self.done = 0
        self.total = 0
        #: What the job handed over before its result (see :meth:`_hand_early`), or None.
        self.early: Any = None
        #: Set once there is something to show: the early result, or the result.
        self.showable = threading.Event()
        #: Set by the UI once the early result is on screen.
        self.taken = threading.Event()
        self.result: Any = None
        self.error: BaseException | None = None
        self.finished = threading.Event()
        # Every stat() of the scan gives up the GIL; at the default 5 ms switch
        # interval a busy UI thread then holds it for milliseconds each time,
        # and a 20 ms load takes 300. Switch often while loading.
        self._interval = sys.getswitchinterval()
        sys.setswitchinterval(min(self._interval, 0.0002))
        self._thread = threading.Thread(target=self._run, args=(job,), name="jobboard-load", daemon=True)
        self._thread.start()

    def _progress(self, done: int, total: int) -> None:
        self.done, self.total = done, total

    def _hand_early(self, value: Any) -> None:
        self.early = value
        self.showable.set()
        # The job goes on once it is on screen (or a moment has passed):
        # until then it would compete with the first frame for the interpreter.
        self.taken.wait(EARLY_SHOWN_WAIT)

    def _run(self, job: Callable[[Progress, Callable[[Any], None]], Any]) -> None:
        try:
            self.result = job(self._progress, self._hand_early)
        except BaseException as exc:  # handed to the UI thread, which reports it
            self.error = exc
        finally:
            sys.setswitchinterval(self._interval)
            with self._lock:
                self.finished.set()
                self.showable.set()
                on_finish = self._on_finish
            if on_finish is not None:
                on_finish()

    def when_finished(self, callback: Callable[[], object]) -> None:
        """Call ``callback`` (from the loading thread) when the job ends; at
        once if it has."""
        with self._lock:
            if not self.finished.is_set():
                self._on_finish = callback
                return
        callback()


# --------------------------------------------------------------------------
# What front matter a board gives (for `jobboard fields`): read apart from
# the load, which keeps no posting's front matter.


@dataclass(slots=True)
class FieldUse:
    name: str  # as the postings write it
    postings: int  # how many give it (with a value)
    example: str  # the first value met, one line, cut
    read_as: str | None  # the field jobboard reads it as, None if none


def field_uses(root: Path, names: Mapping[str, Sequence[str]] | None = None) -> tuple[list[FieldUse], int]:
    """Every front-matter name the postings under ``root`` give, most used
    first, and how many postings were read."""
    from tui.fields import names_for
    from tui.posting import _load_yaml, _simple_front_matter, decode, load_front_matter, split_front_matter, text_of
    from tui.text import clean_line

    root = check_root(root)
    files, _ = scan(root, stat_files=False)
    table = names_for(names)
    uses: dict[str, FieldUse] = {}
    read = 0
    for rel in sorted(files.rels):  # the example: the first posting's by path
        try:
            data = read_bytes(f"{root}/{rel}")[0]
        except OSError:
            continue
        read += 1
        front = split_front_matter(decode(data)[0], with_body=False)[0]
        if not front:
            continue
        try:  # the names as written (the load folds their case)
            meta = _simple_front_matter(front)
            meta = _load_yaml(front) if meta is None else meta
        except Exception:
            meta = load_front_matter(front)[0]
        if not isinstance(meta, dict):
            continue
        for key, value in meta.items():
            if value is None or value == "" or value == [] or not isinstance(key, str | int | float):
                continue
            name = clean_line(str(key), 60)
            use = uses.get(name)
            if use is None:
                field = table.field_of(str(key).lower())
                use = uses[name] = FieldUse(name, 0, clean_line(text_of(value) or "", 60), field)
            use.postings += 1
    return sorted(uses.values(), key=lambda use: (-use.postings, use.name.lower())), read
