"""What grouping reposts costs (tui.reposts), by organization and role.

python -m bench.reposts 100000   # on a generated board of that many postings
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from tui.library import load_board
from tui.reposts import group_reposts

Row = tuple[str, str, str, str, str]


def reposts_rows(board_dir: Path, size: int) -> list[Row]:
    """The row of grouping the board's reposts by organization and role (no
    texts), once loaded; the median of three runs."""
    postings = load_board(board_dir).postings
    times = []
    for _ in range(3):
        start = time.perf_counter()
        group_reposts(postings)
        times.append(time.perf_counter() - start)
    took = sorted(times)[1]
    return [("reposts grouped (org and role)", f"{size:,}", f"{took * 1000:.0f} ms", "-", "<= 5 s at 100k")]


def main(argv: list[str]) -> int:
    from bench.generate import generate

    try:
        size = int(argv[0].replace(",", "").replace("_", "")) if argv else 10_000
    except ValueError:
        print(f"not a number of postings: {argv[0]}", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as work:
        board = generate(Path(work) / "board", size)
        for row in reposts_rows(board, size):
            print(" | ".join(row))
        groups = group_reposts(load_board(board).postings)
        said = f"{groups.scored:,} pairs of names scored, {groups.checked:,} checked"
        print(f"{len(groups):,} groups of 2 or more; {said}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
