"""Command line: ``jobboard [DIR]`` opens the app; ``list`` and ``show`` print,
``export`` writes the job hunt out, ``mark`` sets a posting's status."""

from __future__ import annotations

import argparse
import os
import re
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

from tui import __version__
from tui.text import visible

if TYPE_CHECKING:
    from tui.bodies import BodyIndex
    from tui.browse import Choice
    from tui.posting import Posting
    from tui.search import Query
    from tui.session import Session

EXIT_USAGE = 2


def bundled_dir() -> Path:
    """The postings shipped with jobboard (inside the wheel, or the source tree's data/)."""
    here = Path(__file__).resolve().parent
    inside = here / "data"
    return inside if inside.is_dir() else here.parent / "data"


def _dir(value: str | None) -> Path:
    return Path(value).expanduser() if value else bundled_dir()


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        """argparse quotes the arguments it refuses: a file name passed by a script may hold anything."""
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"{self.prog}: error: {visible(message)}\n")


class _Version(argparse.Action):
    def __call__(self, parser: argparse.ArgumentParser, *args: object) -> NoReturn:
        import textual
        from textual.app import App

        from tui import fast

        path = fast.check(App())
        print(f"jobboard {__version__}")
        print(visible(f"Textual {textual.__version__}, {path}"))
        parser.exit(0)


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="jobboard",
        description="Browse a directory of job postings (Markdown files with YAML front matter).",
        epilog="commands:\n  jobboard [DIR]            open the browser (the bundled postings if no DIR)\n"
        "  jobboard list [DIR] ...   print the postings, newest first\n"
        "  jobboard show [DIR] ID    print one posting (ID may be the path to its file)\n"
        "  jobboard export [DIR] --format csv|json|md [-o FILE]\n"
        "                            write out the postings marked, with their statuses and notes\n"
        "  jobboard mark [DIR] ID STATUS [--note TEXT] [--follow-up WHEN]\n"
        "                            set a posting's status (none: clear it), note and follow-up\n"
        "  jobboard fields [DIR]     the front-matter names the postings give, and what each is read as\n\n"
        "Run 'jobboard COMMAND --help' (list, show, export, mark, fields) for their options.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action=_Version, nargs=0, help="show the version, and whether the fast path is on")
    parser.add_argument("dir", nargs="?", metavar="DIR", help="posting directory (default: the bundled postings)")
    parser.add_argument("--drafts", action="store_true", help=DRAFTS_HELP)
    return parser


DRAFTS_HELP = "list drafts too (published: false, names starting with _, _drafts folders)"


def _list_parser() -> argparse.ArgumentParser:
    from tui.browse import SORTS

    parser = _Parser(prog="jobboard list", description="Print postings, newest first.")
    parser.add_argument("dir", nargs="?", metavar="DIR", help="posting directory (default: the bundled postings)")
    parser.add_argument("-q", "--query", default="", help="filter and rank as the app's search box does")
    parser.add_argument("-t", "--tag", action="append", default=[], help="only postings with this tag (repeatable)")
    parser.add_argument("--any-tag", action="store_true", help="with several --tag: any of them, not all")
    parser.add_argument("-f", "--favorites", action="store_true", help="only postings saved (as --status saved)")
    parser.add_argument(
        "--status",
        action="append",
        default=[],
        metavar="S",
        help="only postings with this status (repeatable: any of them): saved, applied, interviewing, offer, "
        "rejected, withdrawn, not-interested",
    )
    parser.add_argument("--new", action="store_true", help="only postings new since the last visit")
    parser.add_argument(
        "-s",
        "--sort",
        choices=tuple(SORTS),
        default="best",
        help="order, as the app's sort key: best match first (newest first without a query), newest, oldest, "
        "organization or role A-Z",
    )
    parser.add_argument("--json", action="store_true", help="print a JSON array")
    parser.add_argument("--quiet", action="store_true", help="say nothing of files that had problems")
    parser.add_argument("--drafts", action="store_true", help=DRAFTS_HELP)
    return parser


def _show_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="jobboard show", description="Print one posting: its fields and body.")
    parser.add_argument(
        "where",
        nargs="+",
        metavar="[DIR] ID",
        help="posting directory (default: the bundled postings) and the posting's id, its path relative to the "
        "directory; or the path to the posting's file",
    )
    parser.add_argument("-d", "--dir", metavar="DIR", help="posting directory (as DIR)")
    parser.add_argument("--json", action="store_true", help="print a JSON object, with the body")
    return parser


_STATUS_HELP = "saved, applied, interviewing, offer, rejected, withdrawn, not-interested"


def _export_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="jobboard export",
        description="Write out the job hunt: every posting you marked (a status other than not interested, a "
        "note or a follow-up), newest first, those whose file is gone too; --status, --favorites, --new and -q "
        "choose the postings instead, as 'jobboard list' does.",
    )
    parser.add_argument("dir", nargs="?", metavar="DIR", help="posting directory (default: the bundled postings)")
    parser.add_argument(
        "--status",
        action="append",
        default=[],
        metavar="S",
        help=f"postings with this status (repeatable: any of them): {_STATUS_HELP}",
    )
    parser.add_argument("-f", "--favorites", action="store_true", help="postings saved (as --status saved)")
    parser.add_argument("--new", action="store_true", help="postings new since the last visit")
    parser.add_argument("-q", "--query", default="", help="postings the app's search box finds")
    parser.add_argument(
        "--format",
        choices=("csv", "json", "md"),
        help="CSV (a row a posting), JSON (as 'list --json', with link) or a Markdown checklist; "
        "default: from -o's extension",
    )
    parser.add_argument("-o", "--output", metavar="FILE", help="write to FILE (UTF-8) instead of the standard output")
    parser.add_argument("--quiet", action="store_true", help="say nothing of files that had problems")
    parser.add_argument("--drafts", action="store_true", help=DRAFTS_HELP)
    return parser


def _mark_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="jobboard mark",
        description="Set a posting's status, and its note or follow-up day; the app and 'list --status' see it.",
    )
    parser.add_argument(
        "where",
        nargs="+",
        metavar="[DIR] ID STATUS",
        help="posting directory (default: the bundled postings), the posting's id (or the path to its file) "
        f"and its status: {_STATUS_HELP}, or none to clear it",
    )
    parser.add_argument("-d", "--dir", metavar="DIR", help="posting directory (as DIR)")
    parser.add_argument("-n", "--note", metavar="TEXT", help="the posting's note ('' clears it)")
    parser.add_argument(
        "-u",
        "--follow-up",
        metavar="WHEN",
        help="the day to come back to it: 2026-12-11, +7d, +2w, +1m, tomorrow, mon..sun; none clears it",
    )
    return parser


def _fail(message: str) -> int:
    _say(f"jobboard: {message}")
    return EXIT_USAGE


def _say(line: str) -> None:
    """One line to stderr, nothing in it able to drive the terminal."""
    print(visible(line), file=sys.stderr)


def _print_json(data: object) -> None:
    from tui.export import json_text

    sys.stdout.write(json_text(data))


def _statuses(values: Sequence[str]) -> list[str] | str:
    """``--status`` values as filter words, or what is wrong with one."""
    from tui.marks import Status

    out = []
    for value in values:
        try:
            out.append(f"status:{Status.parse(value).value}")
        except ValueError as exc:
            return str(exc)
    return out


def _open(directory: str | None, *, quiet: bool = False, drafts: bool = False) -> Session | int:
    """The board and its marks, problems said on stderr; the exit code when
    the board cannot be read."""
    from tui.config import load_config
    from tui.library import BoardError
    from tui.session import Session

    config = load_config()
    for problem in config.problems:
        _say(problem)
    try:
        session = Session.open(_dir(directory), config, drafts=drafts)
    except BoardError as exc:
        return _fail(str(exc))
    assert session.board is not None
    if not quiet:
        for board_problem in session.board.problems:
            _say(str(board_problem))
        for note in session.board.notes():
            _say(f"jobboard: {note}")
    for notice in session.notices():
        _say(notice)
    return session


def _chosen(session: Session, choice: Choice) -> list[Posting]:
    """The postings ``choice`` gives, in its order: the app's rows."""
    query = choice.query
    bodies = _text_index(session) if not query.empty else None  # the text is searched too, as in the app
    browser = session.browser(bodies)
    rows = browser.result(choice, browser.mask(choice, session.hunt)).rows
    if bodies is not None and bodies.broken is not None:
        _say(
            f"jobboard: the text index was damaged ({bodies.broken}); it is made again next time, "
            "and the titles, organizations, roles and tags were searched"
        )
        browser = session.browser()
        rows = browser.result(choice, browser.mask(choice, session.hunt)).rows
    return [session.postings[i] for i in rows.tolist()]


def _links(session: Session, posting: Posting) -> tuple[list[str], str]:
    """(the posting's links, its body), read from its file (none if it is gone)."""
    from tui.library import BoardError

    if posting.id in session.missing:
        return [], ""
    try:
        parsed = session.read(posting)
        return parsed.urls, parsed.body
    except (BoardError, OSError):
        return [], ""  # removed since the scan


def _selected(args: argparse.Namespace) -> tuple[Session, Query, frozenset[str]] | int:
    """The board ``list`` and ``export`` open and the query and filters
    their options choose; the exit code after saying why when they can't be."""
    from tui.search import parse_query

    query = parse_query(args.query)
    if query.problems:
        return _fail("; ".join(query.problems))
    statuses = _statuses(args.status)
    if isinstance(statuses, str):
        return _fail(statuses)
    opened = _open(args.dir, quiet=args.quiet, drafts=args.drafts)
    if isinstance(opened, int):
        return opened
    filters = {*statuses, *(["status:saved"] if args.favorites else []), *(["is:new"] if args.new else [])}
    return opened, query, frozenset(filters)


def cmd_list(argv: Sequence[str]) -> int:
    args = _list_parser().parse_args(argv)
    from tui import hunt_view
    from tui.browse import Choice, rarest_first

    selected = _selected(args)
    if isinstance(selected, int):
        return selected
    session, query, filters = selected
    totals = session.tag_totals
    for tag in args.tag:
        if tag.strip().lower() not in totals:
            _say(f"jobboard: no posting has the tag {tag!r}{_closest(tag.strip().lower(), totals)}")
    choice = Choice(
        query=query,
        tags=frozenset(t.strip().lower() for t in args.tag),
        any_tag=args.any_tag,
        filters=filters,
        sort=args.sort,
    )
    if session.board is not None and not session.board.postings:
        from tui.library import nothing_found

        _say(f"jobboard: {nothing_found(session.board)}")
        return 1
    postings = _chosen(session, choice)
    if args.json:
        from tui.search import text_pattern

        pattern = text_pattern(query)
        out = []
        for p in postings:
            links, body = _links(session, p)
            data = hunt_view.record(session, p, links)
            if pattern is not None:
                data["snippet"] = snippet(body, pattern)
            out.append(data)
        _print_json(out)
        return 0
    width = max((len(p.org) for p in postings), default=0)
    cut = sys.stdout.isatty()  # piped, every line whole
    width = min(width, 32) if cut else width
    for p in postings:
        org = p.org if len(p.org) <= width else p.org[: width - 1] + "…"
        tags = " ".join(rarest_first(p.tags, totals))
        status = session.hunt.statuses.get(p.id)
        mark = f"  ({status.label.lower()})" if status is not None else ""
        new = "• " if p.id in session.hunt.new else ""
        print(f"{p.date or '----------'}  {org:<{width}}  {new}{p.role}  [{tags}]{mark}")
    return 0


def _text_index(session: Session) -> BodyIndex | None:
    """The board's text index, brought up to date; None (and one line on
    stderr) when it can be neither made nor read here: the app's way."""
    from tui import store
    from tui.bodies import BodyIndex, index_path

    board = session.board
    assert board is not None
    try:
        bodies = BodyIndex(index_path(store.cache_dir(), board.root), board.root)
    except Exception as exc:  # a file where the cache folder should be, a full disk
        _say(f"jobboard: the postings' text is not searched ({_reason(exc)}); {_SHORT_FIELDS}")
        return None
    try:
        updated = bodies.update((p.id for p in board.postings), board.read_bodies)
    except Exception as exc:
        bodies.close()
        _say(f"jobboard: the postings' text is not searched ({_reason(exc)}); {_SHORT_FIELDS}")
        return None
    if updated.not_written is not None and updated.stale:
        _say(
            f"jobboard: the text index was left as it was ({updated.not_written}): "
            f"what {updated.stale:,} postings changed since was not searched"
        )
    return bodies


_SHORT_FIELDS = "the titles, organizations, roles and tags are"


def _reason(exc: BaseException) -> str:
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror
    return str(exc) or type(exc).__name__


def _close(word: str, choices: Iterable[str]) -> list[str]:
    import difflib

    return difflib.get_close_matches(word, list(choices), n=3, cutoff=0.6)


def _did_you_mean(close: Sequence[str]) -> str:
    return f"; did you mean {', '.join(map(_quoted, close))}?" if close else ""


def _quoted(name: str) -> str:
    """A name quoted as ``list`` prints it, and ``show`` takes it: escaped
    once (repr would double each backslash of an escape)."""
    shown = visible(name)
    return repr(name) if shown == name else f"'{shown}'"


def _closest(word: str, choices: Iterable[str]) -> str:
    """ "; did you mean 'a', 'b'?" of the choices closest to ``word`` ("" if none is close)."""
    return _did_you_mean(_close(word, choices))


#: Between two lines of a snippet: a line break, seen (bullets never run together).
LINE_BREAK = " ⏎ "


def snippet(body: str, pattern: re.Pattern[str], width: int = 120) -> str | None:
    """The lines around the first place ``pattern`` finds in ``body``, joined
    by LINE_BREAK: whole lines where they fit in about ``width`` characters
    (up to a third of it before that line), "…" where text is left out (a
    line of its own for whole lines). None: found nowhere."""
    from itertools import islice

    from tui.text import clean_line

    found = pattern.search(body)
    if found is None:
        return None

    def clean(text: str) -> str:
        return clean_line(text, limit=len(text) + 1)

    at = found.start()
    line_start = body.rfind("\n", 0, at) + 1
    line_end = body.find("\n", at)
    line_end = len(body) if line_end < 0 else line_end
    head, tail = clean(body[line_start:at]), clean(body[at:line_end])
    joiner = " " if head and body[at - 1 : at].isspace() else ""
    line, hit = head + joiner + tail, len(head) + len(joiner)
    start, end = 0, len(line)
    if len(line) > width:  # the line itself is cut: the words around the place found
        start = max(0, min(hit - width // 3, len(line) - width))
        space = line.find(" ", start, min(hit, start + 20))
        start = space + 1 if start and space >= 0 else start
        end = min(len(line), start + width)
        space = line.rfind(" ", hit + len(found.group().split("\n", 1)[0]), end + 1)
        end = space if end < len(line) and space > hit else end
    shown = ("…" if start else "") + line[start:end].strip() + ("…" if end < len(line) else "")
    most = width // len(LINE_BREAK) + 2  # more lines than could fit
    earlier = [] if start else list(islice(filter(None, map(clean, reversed(body[:line_start].split("\n")))), most))
    later = [] if end < len(line) else list(islice(filter(None, map(clean, body[line_end + 1 :].split("\n"))), most))
    used, before, after = len(shown), 0, 0

    def fits(text: str, room: int) -> bool:
        return used + len(LINE_BREAK) + len(text) <= room

    while before < len(earlier) and fits(earlier[before], min(width, len(shown) + width // 3)):
        used += len(LINE_BREAK) + len(earlier[before])
        before += 1
    while after < len(later) and fits(later[after], width):
        used += len(LINE_BREAK) + len(later[after])
        after += 1
    while after == len(later) and before < len(earlier) and fits(earlier[before], width):  # the room goes before
        used += len(LINE_BREAK) + len(earlier[before])
        before += 1
    lines = [*reversed(earlier[:before]), shown, *later[:after]]
    if before < len(earlier):
        lines.insert(0, "…")
    if after < len(later):
        room = width - used - len(LINE_BREAK)
        part = later[after][: room + 1]
        # no line's end near: the next line's start, cut at a word
        lines.append(part[: part.rfind(" ")].rstrip() + "…" if room > width // 2 and " " in part else "…")
    return LINE_BREAK.join(lines)


def _find(where: Sequence[str], directory: str | None, what: str) -> tuple[Path, str] | int:
    """(the board, the posting's id) from ``[DIR] ID`` (ID may be the path to
    the posting's file, or its id without the extension); the exit code
    after saying why when there is no such posting."""
    from tui.library import BoardError, read_posting

    if len(where) > 2 or (len(where) == 2 and directory):
        return _fail(f"{what} takes one posting: [DIR] ID, or the path to its file")
    directory, posting_id = where if len(where) == 2 else (directory, where[0])
    given = Path(posting_id).expanduser()
    as_path = given.is_absolute() or posting_id.startswith((".", "~")) or not (bundled_dir() / posting_id).exists()
    if directory is None and as_path and not given.is_file():  # the path to it without its extension?
        extensions = _extensions(given)
        if len(extensions) == 1:
            given = given.with_name(given.name + extensions[0])
    if directory is None and as_path and given.is_file():  # the path to the posting's file
        directory, posting_id = str(given.parent), given.name
    elif directory is not None and given.is_absolute():
        try:
            posting_id = str(given.relative_to(Path(directory).expanduser().resolve()))
        except ValueError:
            pass
    root = _dir(directory)
    whole = posting_id.endswith("/") or (root / posting_id).is_file()
    extensions = [] if whole else _extensions(root / posting_id)
    if len(extensions) > 1:  # a.md and a.txt: say both, show neither
        named = ", ".join(repr(visible(posting_id + extension)) for extension in extensions)
        return _fail(f"{visible(posting_id)}: more than one posting has that name: {named}")
    posting_id += "".join(extensions)
    try:
        read_posting(root, posting_id, {})
    except BoardError as exc:
        return _fail(str(exc) + _near(root, posting_id))
    return root, posting_id


def cmd_show(argv: Sequence[str]) -> int:
    args = _show_parser().parse_args(argv)
    from tui import hunt_view
    from tui.config import load_config
    from tui.fields import show_lines
    from tui.library import BoardError, read_posting
    from tui.session import Session

    config = load_config()
    found = _find(args.where, args.dir, "show")
    if isinstance(found, int):
        return found
    root, posting_id = found
    try:
        parsed = read_posting(root, posting_id, config.aliases, config.fields)
    except BoardError as exc:
        return _fail(str(exc) + _near(root, posting_id))
    posting = parsed.posting
    session = Session.of_marks(root, config)
    if args.json:
        data = hunt_view.record(session, posting, parsed.urls)
        data["body"] = parsed.body
        data["problems"] = parsed.problems
        _print_json(data)
        return 0
    for problem in parsed.problems:
        _say(f"{posting.id}: {problem}")
    print(f"id:    {visible(posting.id)}")
    for line in show_lines(posting):
        print(line)
    for line in hunt_view.hunt_lines(session, posting.id):
        print(line)
    links = parsed.links
    if links:
        print(f"apply: {links[0].url}")
        for link in links[1:]:
            print(f"link:  {link.url}")
    print()
    print(parsed.body.strip("\n"))
    return 0


def cmd_export(argv: Sequence[str]) -> int:
    args = _export_parser().parse_args(argv)
    from tui.browse import Choice
    from tui.export import FORMATS, export, format_of, marked, write_file

    fmt = args.format or (format_of(args.output) if args.output else None)
    if fmt is None:
        if args.output:
            return _fail(f"say --format csv, json or md: {args.output!r} does not end in {', '.join(FORMATS.values())}")
        return _fail("say --format csv, json or md (or -o FILE ending in one of them)")
    selected = _selected(args)
    if isinstance(selected, int):
        return selected
    session, query, filters = selected
    if filters or not query.empty or query.marks:
        postings = _chosen(session, Choice(query=query, filters=filters))
    else:
        postings = marked(session)
    text = export(session, postings, fmt)
    if not args.output:
        sys.stdout.write(text)
        return 0
    target = Path(args.output).expanduser()
    try:
        write_file(target, text)
    except OSError as exc:
        return _fail(f"cannot write {args.output}: {_reason(exc)}")
    _say(f"wrote {len(postings)} posting{'' if len(postings) == 1 else 's'} to {args.output}")
    return 0


def cmd_mark(argv: Sequence[str]) -> int:
    args = _mark_parser().parse_args(argv)
    import datetime as _dt

    from tui.config import load_config
    from tui.library import BoardError, read_posting
    from tui.marks import NOTE_MAX, MarksError, Status, parse_follow_up
    from tui.session import Session

    if len(args.where) < 2:
        return _fail("mark takes [DIR] ID STATUS: the posting and its status (none to clear it)")
    *where, word = args.where
    status: Status | None = None
    if word.strip().casefold() not in ("none", "clear"):
        try:
            status = Status.parse(word)
        except ValueError as exc:
            return _fail(f"{exc}, or none to clear it")
    day: _dt.date | None = None
    if args.follow_up is not None and args.follow_up.strip().casefold() not in ("none", "clear"):
        try:
            day = parse_follow_up(args.follow_up, _dt.date.today())
        except ValueError as exc:
            return _fail(str(exc))
    if args.note is not None and len(args.note) > NOTE_MAX:
        return _fail(f"a note holds at most {NOTE_MAX:,} characters (this one {len(args.note):,})")
    config = load_config()
    found = _find(where, args.dir, "mark")
    if isinstance(found, int):
        return found
    root, posting_id = found
    try:
        posting = read_posting(root, posting_id, config.aliases, config.fields).posting
    except BoardError as exc:
        return _fail(str(exc) + _near(root, posting_id))
    session = Session.of_marks(root, config)
    assert session.marks is not None
    if session.marks.refused is not None:
        return _fail(session.marks.refused)
    for notice in session.notices():
        _say(notice)
    old = session.status(posting.id)
    said = []
    try:
        now = session.set_status(posting, status)
        if args.note is not None:
            said.append("note saved" if session.set_note(posting, args.note) else "note cleared")
        if args.follow_up is not None:
            session.set_follow_up(posting, day)
            said.append(f"follow up {day.isoformat()}" if day is not None else "follow-up cleared")
    except (MarksError, ValueError, OSError) as exc:
        return _fail(str(exc))
    extra = f" ({', '.join(said)})" if said else ""
    print(visible(f"{old.value if old else 'none'} -> {now.value if now else 'none'}: {posting.title}{extra}"))
    return 0


def _extensions(path: Path) -> list[str]:
    """The extensions a posting file named ``path`` and one of them has (an
    id given without its extension: ``2020-10-07-lead`` for ``2020-10-07-lead.md``)."""
    from tui.library import EXTENSIONS

    name = path.name
    if not name or name.lower().endswith(EXTENSIONS):
        return []
    try:
        with os.scandir(path.parent) as entries:
            return sorted(
                entry.name[len(name) :]
                for entry in entries
                if entry.name.startswith(name) and entry.name[len(name) :].lower() in EXTENSIONS and entry.is_file()
            )
    except (OSError, ValueError):  # no such folder, a name the system refuses
        return []


def _near(root: Path, posting_id: str) -> str:
    """The closest ids on the board to one that is not there."""
    from tui.library import BoardError, check_root, scan

    try:
        files, _ = scan(check_root(root), stat_files=False)
    except BoardError:
        return ""
    by_name = {Path(rel).name: rel for rel in files.rels}
    close = _close(posting_id, files.rels) or [by_name[n] for n in _close(Path(posting_id).name, by_name)]
    return _did_you_mean(close)


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    for stream in (sys.stdout, sys.stderr):
        # Whatever the locale: a character it cannot encode is written as an
        # escape, never as a raw byte or a crash.
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors="backslashreplace")
    try:
        if argv and argv[0] == "list":
            return cmd_list(argv[1:])
        if argv and argv[0] == "show":
            return cmd_show(argv[1:])
        if argv and argv[0] == "export":
            return cmd_export(argv[1:])
        if argv and argv[0] == "mark":
            return cmd_mark(argv[1:])
        if argv and argv[0] == "fields":
            return cmd_fields(argv[1:])
        args = _parser().parse_args(argv)
        return run_app(_dir(args.dir), drafts=args.drafts)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0


def _fields_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="jobboard fields",
        description="List every front-matter name the postings give: how many postings give it, an example "
        "value, and the field jobboard reads it as (or 'not used'; [fields] in config.toml maps more names).",
    )
    parser.add_argument("dir", nargs="?", metavar="DIR", help="posting directory (default: the bundled postings)")
    parser.add_argument("--json", action="store_true", help="print a JSON list")
    return parser


def cmd_fields(argv: Sequence[str]) -> int:
    args = _fields_parser().parse_args(argv)
    from tui.config import load_config
    from tui.library import BoardError, field_uses

    config = load_config()
    for problem in config.problems:
        _say(problem)
    try:
        uses, read = field_uses(_dir(args.dir), config.fields)
    except BoardError as exc:
        return _fail(str(exc))
    if args.json:
        _print_json(
            [{"name": u.name, "postings": u.postings, "example": u.example, "read_as": u.read_as} for u in uses]
        )
        return 0
    if not uses:
        _say(f"jobboard: no front matter in the {read:,} postings read")
        return 0
    width = min(max(len(u.name) for u in uses), 28)
    count = len(f"{uses[0].postings:,}")
    for u in uses:
        name = u.name if len(u.name) <= width else u.name[: width - 1] + "…"
        reads = u.read_as or "not used"
        print(f"{name:<{width}}  {u.postings:>{count},}  {reads:<10}  {u.example}")
    return 0


def run_app(root: Path, *, drafts: bool = False) -> int:
    from tui import process

    process.begin()
    from tui.library import BoardError, check_root

    try:
        check_root(root)
    except BoardError as exc:
        return _fail(str(exc))
    import gc

    from tui.session import start_loading

    gc.disable()  # (see process.prepare) before the board is read
    started = start_loading(root, drafts=drafts)  # while Textual is imported
    process.prepare()
    from tui.app import JobBoard

    app = JobBoard(root, when_searchable=process.settle_collector, drafts=drafts, started=started)
    process.imported()
    try:
        app.run()
        process.finish()
    finally:
        from tui.library import stop_workers

        abandoned = stop_workers()  # the text or its facts being read: not waited for
    code = app.return_code or 0
    if abandoned:
        process.end_now(code)
    return code
