"""The jobs of a posting that lists several, shown as rows of their own
under it in the list, folded until the user unfolds them (z).

:class:`Folds` knows which postings are unfolded and maps the list's lines
to (row, job): a line a row while nothing is unfolded, and a few lines more
under each posting that is (found with one array lookup, whatever the
board's size)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from rich.segment import Segment
from rich.style import Style

from tui.fields import salary_cell
from tui.widgets.cursor_list import fit_text

#: Beside the ★ of a posting that lists several jobs, folded / unfolded.
FOLDED, UNFOLDED = "▸", "▾"


def jobs(posting: Any) -> tuple[Any, ...]:
    """The jobs a posting lists: (role, link, salary, where) each; () if it is one job."""
    listed = posting.get("jobs")
    return listed if listed else ()


class Folds:
    """The postings whose jobs are shown under them, and the lines that makes."""

    def __init__(self) -> None:
        self.open: set[str] = set()  # the ids of the postings unfolded
        self._spots: list[tuple[int, int]] = []  # (row, its jobs) of each unfolded posting listed, by row

    def build(self, postings: Sequence[Any], rows: Any, number_of: Callable[[str], int | None]) -> int:
        """The lines ``rows`` make with the postings unfolded; returns how many."""
        self._spots = []
        if self.open:
            numbers = [n for n in map(number_of, self.open) if n is not None]
            if numbers:
                import numpy as np  # (not before the first frame: 25 ms)

                at = np.flatnonzero(np.isin(np.asarray(rows), numbers))
                self._spots = [(int(row), len(jobs(postings[int(rows[row])]))) for row in at]
        return len(rows) + sum(n for _, n in self._spots)

    def at(self, line: int) -> tuple[int, int]:
        """(row, job) of a line: job -1 for the posting's own line."""
        offset = 0
        for row, count in self._spots:
            own = row + offset
            if line <= own:
                break
            if line <= own + count:
                return row, line - own - 1
            offset += count
        return line - offset, -1

    def line_of(self, row: int) -> int:
        """The line a row's posting is on."""
        return row + sum(count for spot, count in self._spots if spot < row)

    def toggle(self, posting_id: str) -> bool:
        """Unfold the posting's jobs, or fold them; True when now unfolded."""
        if posting_id in self.open:
            self.open.discard(posting_id)
            return False
        self.open.add(posting_id)
        return True


def job_segments(job: Any, last: bool, width: int, style: Style, dim: Style) -> list[Segment]:
    """``  └ Data Analyst        $60k–70k  jobs.example.org``: a job's line."""
    role, link, salary, _ = job
    pay = salary_cell(salary)
    host = link.split("://", 1)[-1].split("/", 1)[0] if link else "no link"
    lead = "   └ " if last else "   ├ "
    rest = max(0, width - len(lead))
    tail = f"  {pay:<9} {host}" if rest >= 40 else (f"  {pay}" if pay else "")
    line = lead + fit_text(role, max(0, rest - len(tail)))[0] + tail
    cut, _ = fit_text(line, width)
    return [Segment(cut[: len(lead)], dim), Segment(cut[len(lead) :], style)]
