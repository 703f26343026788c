"""Command line: ``jobboard [DIR]`` opens the app; ``list`` and ``show`` print."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from tui import __version__

if TYPE_CHECKING:
    from tui.posting import Posting

EXIT_USAGE = 2


def bundled_dir() -> Path:
    """The postings shipped with jobboard (inside the wheel, or the source tree's data/)."""
    here = Path(__file__).resolve().parent
    inside = here / "data"
    return inside if inside.is_dir() else here.parent / "data"


def _dir(value: str | None) -> Path:
    return Path(value).expanduser() if value else bundled_dir()


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="jobboard",
        description="Browse a directory of job postings (Markdown files with YAML front matter).",
        epilog="commands:\n  jobboard [DIR]            open the browser (the bundled postings if no DIR)\n"
        "  jobboard list [DIR] ...   print the postings, newest first\n"
        "  jobboard show ID ...      print one posting\n\n"
        "Run 'jobboard list --help' or 'jobboard show --help' for their options.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"jobboard {__version__}")
    parser.add_argument("dir", nargs="?", metavar="DIR", help="posting directory (default: the bundled postings)")
    return parser


def _list_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="jobboard list", description="Print postings, newest first.")
    parser.add_argument("dir", nargs="?", metavar="DIR", help="posting directory (default: the bundled postings)")
    parser.add_argument("-q", "--query", default="", help="filter and rank as the app's search box does")
    parser.add_argument("-t", "--tag", action="append", default=[], help="only postings with this tag (repeatable)")
    parser.add_argument("--any-tag", action="store_true", help="with several --tag: any of them, not all")
    parser.add_argument("-f", "--favorites", action="store_true", help="only postings marked as favorites")
    parser.add_argument("--json", action="store_true", help="print a JSON array")
    return parser


def _show_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="jobboard show", description="Print one posting: its fields and body.")
    parser.add_argument("id", metavar="ID", help="posting id: its path relative to the directory")
    parser.add_argument("-d", "--dir", metavar="DIR", help="posting directory (default: the bundled postings)")
    parser.add_argument("--json", action="store_true", help="print a JSON object, with the body")
    return parser


def _fail(message: str) -> int:
    print(f"jobboard: {message}", file=sys.stderr)
    return EXIT_USAGE


def _posting_json(posting: Posting, root: Path, links: list[str]) -> dict[str, object]:
    return {
        "id": posting.id,
        "path": str(root / posting.id),
        "title": posting.title,
        "org": posting.org,
        "role": posting.role,
        "date": posting.date,
        "tags": list(posting.tags),
        "links": links,
        "pinned": posting.pinned,
    }


def cmd_list(argv: Sequence[str]) -> int:
    args = _list_parser().parse_args(argv)
    from tui import store
    from tui.config import load_config
    from tui.library import BoardError, load_board
    from tui.search import Index

    config = load_config()
    for problem in config.problems:
        print(problem, file=sys.stderr)
    try:
        board = load_board(_dir(args.dir), aliases=config.aliases, cache_dir=store.cache_dir())
    except BoardError as exc:
        return _fail(str(exc))
    for board_problem in board.problems:
        print(board_problem, file=sys.stderr)
    index = Index(board.postings)
    import numpy as np

    mask = np.ones(len(board.postings), bool)
    if args.tag:
        mask &= index.tag_mask([t.strip().lower() for t in args.tag], any_of=args.any_tag)
    if args.favorites:
        states = store.StateStore()
        favorites = states.favorites(str(board.root))
        for notice in states.notices:
            print(notice, file=sys.stderr)
        mask &= np.array([p.id in favorites for p in board.postings], bool)
    rows = index.search(args.query, mask)
    postings = [board.postings[i] for i in rows.tolist()]
    if args.json:
        out = []
        for p in postings:
            try:
                links = board.read(p.id, config.aliases).urls
            except BoardError:
                links = []  # removed since the scan
            out.append(_posting_json(p, board.root, links))
        json.dump(out, sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
        return 0
    width = max((len(p.org) for p in postings), default=0)
    width = min(width, 32)
    for p in postings:
        org = p.org if len(p.org) <= width else p.org[: width - 1] + "…"
        tags = " ".join(p.tags)
        print(f"{p.date or '----------'}  {org:<{width}}  {p.role}  [{tags}]")
    return 0


def cmd_show(argv: Sequence[str]) -> int:
    args = _show_parser().parse_args(argv)
    from tui.config import load_config
    from tui.library import BoardError, read_posting

    config = load_config()
    root = _dir(args.dir)
    try:
        parsed = read_posting(root, args.id, config.aliases)
    except BoardError as exc:
        return _fail(str(exc))
    posting = parsed.posting
    if args.json:
        data = _posting_json(posting, root.resolve(), parsed.urls)
        data["body"] = parsed.body
        data["problems"] = parsed.problems
        json.dump(data, sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
        return 0
    for problem in parsed.problems:
        print(f"{posting.id}: {problem}", file=sys.stderr)
    print(f"id:    {posting.id}")
    print(f"title: {posting.title}")
    print(f"org:   {posting.org}")
    print(f"role:  {posting.role}")
    print(f"date:  {posting.date or '-'}")
    print(f"tags:  {', '.join(posting.tags) or '-'}")
    if posting.pinned:
        print("pinned: yes")
    links = parsed.links
    if links:
        print(f"apply: {links[0].url}")
        for link in links[1:]:
            print(f"link:  {link.url}")
    print()
    print(parsed.body.strip("\n"))
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    try:
        if argv and argv[0] == "list":
            return cmd_list(argv[1:])
        if argv and argv[0] == "show":
            return cmd_show(argv[1:])
        args = _parser().parse_args(argv)
        return run_app(_dir(args.dir))
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0


def prepare() -> None:
    """Before the app is imported and run."""
    import gc
    import os

    # Compose frames at up to 120 a second (Textual's default is 60): a key's
    # result reaches the screen up to 8 ms sooner. The user's setting wins.
    os.environ.setdefault("TEXTUAL_FPS", "120")
    # Starting allocates a few hundred thousand objects that live as long as
    # the app; the cyclic collector would walk them again and again (70 ms
    # of a 0.6 s start). The app freezes them and turns it back on once the
    # board is loaded.
    gc.disable()


def run_app(root: Path) -> int:
    from tui.library import BoardError, check_root

    try:
        check_root(root)
    except BoardError as exc:
        return _fail(str(exc))
    prepare()
    from tui.app import JobBoard

    app = JobBoard(root)
    app.run()
    return app.return_code or 0
