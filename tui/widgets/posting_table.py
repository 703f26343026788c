"""The listing: the status's mark, new, date, organization, role, status,
tags; only visible rows are drawn."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Collection, Hashable, Sequence
from functools import lru_cache
from typing import Any, ClassVar

from rich.segment import Segment
from rich.style import Style
from textual.message import Message

from tui.browse import rarest_first
from tui.fields import COLUMNS, Column, Field, cell, given
from tui.fields import short_date as _short_date
from tui.filters import STATUS_MARKS, Hunt
from tui.marks import Status
from tui.posting import Posting
from tui.search import Query, highlight_spans, parse_query
from tui.widgets.base import message
from tui.widgets.cursor_list import CursorList, cell_segments, fit_text
from tui.widgets.job_rows import FOLDED, UNFOLDED, Folds, job_segments, jobs

STAR = "★"
#: Cells of the short date ("Oct 7" this year, "Oct 2020" before), in a list
#: of SHORT_DATE_FROM to 63 cells (the list beside the text at 120 columns has 47).
SHORT_DATE, SHORT_DATE_FROM = 8, 44


#: A posting's date as the list shows it (see tui.fields.short_date): a few hundred distinct ones.
short_date = lru_cache(maxsize=4096)(_short_date)


#: PostingTable.show's ``chosen``: the posting the user is on stays where it is.
KEEP = object()
#: Beside the ★: found through the posting's text (nothing else on the row says why it is there).
IN_TEXT = "¶"
#: There too: a job posted 2, 3... times (one row for all its copies; r shows each).
COPIES = " ²³⁴⁵⁶⁷⁸⁹⁺"
#: There too: new since the last visit.
NEW = "•"
#: The status column (from STATUS_FROM cells, once the board has a status).
STATUS, STATUS_FROM = 9, 80
STATUS_WORDS = {
    Status.SAVED: "Saved",
    Status.APPLIED: "Applied",
    Status.INTERVIEWING: "Interview",
    Status.OFFER: "Offer",
    Status.REJECTED: "Rejected",
    Status.WITHDRAWN: "Withdrawn",
    Status.NOT_INTERESTED: "Not inter",
}


class PostingTable(CursorList):
    """Postings in the order given, with matched characters highlighted."""

    COMPONENT_CLASSES: ClassVar[set[str]] = CursorList.COMPONENT_CLASSES | {
        "posting-table--header",
        "posting-table--match",
        "posting-table--star",
        "posting-table--date",
        "posting-table--tags",
        "posting-table--missing",
        "posting-table--new",
        "posting-table--due",
    }
    header = 1

    @message
    class Highlighted(Message):
        """The cursor is on another posting (or on none)."""

        table: PostingTable
        posting: Posting | None

    @message
    class Chosen(Message):
        """A posting was chosen (Enter or a double click)."""

        table: PostingTable
        posting: Posting

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.postings: Sequence[Posting] = ()
        self.rows: Any = ()
        self.hunt = Hunt()
        self.missing: Collection[str] = frozenset()
        self.in_text: Collection[int] = frozenset()
        self.match_query: Query = parse_query("")
        self._last: Posting | None = None
        self._look_cache: dict[tuple[bool, bool, bool], dict[str, Style]] = {}
        # Rows drawn for a query stay drawn under its number: deleting a
        # character shows rows drawn a moment ago.
        self._query_ids: dict[Query, int] = {}
        self._query_id = 0
        # (field, text) -> its matched spans under the current query: tags,
        # organizations and roles repeat from row to row.
        self.matched_spans: dict[tuple[str, str], list[tuple[int, int]]] = {}
        self.tag_totals: dict[str, int] = {}
        self.longest_org = 28  # the longest organization name of the postings shown (up to 64)
        self.given: frozenset[str] = frozenset()  # the fields with a column that some posting gives
        self.today = datetime.date.today().isoformat()  # what a short date is counted from
        self._tag_order: dict[tuple[str, ...], tuple[str, ...]] = {}  # a posting's tags -> as shown
        #: The posting the user is on (put there by a key or a click, or the
        #: best match they typed for): the cursor stays on it while it is listed.
        self.chosen: str | None = None
        #: The list's scroll to give back with the next whole answer (see show).
        self.scroll_wanted: int | None = None
        self._numbers: tuple[Sequence[Posting], dict[str, int]] | None = None  # see _number_of
        self._chosen_number: tuple[Sequence[Posting], str, int] | None = None
        self.folds = Folds()  # the postings whose jobs show under them (z)
        self.copies_of: Callable[[str], list[Posting]] = lambda posting_id: []  # a job posted again: its other copies

    def show(
        self,
        postings: Sequence[Posting],
        rows: Any,
        query: Query,
        *,
        chosen: str | object | None = KEEP,
        in_text: Collection[int] = frozenset(),
        whole: bool = True,
    ) -> None:
        """Show ``postings[i]`` for each i in ``rows``, the cursor on the
        posting the user is on (:attr:`chosen`) while it is listed, else on
        the first row. ``chosen``: a posting id to be on from now, None for
        the first row (the best match: a query typed), KEEP for where the
        user is. ``whole``: the answer is complete (not the short fields'
        first one): where the cursor lands is where the user is from now.
        Rows in ``in_text`` were found through their text: they are marked ¶."""
        # What the rows in view show now: those showing the same are not drawn again.
        seen = self.in_view() if postings is self.postings and query == self.match_query else None
        if chosen is not KEEP:
            self.chosen = chosen if isinstance(chosen, str) else None
        self.in_text = in_text
        if postings is not self.postings:
            self.longest_org = min(64, max(map(len, (p.org for p in postings)), default=0))
            self.given = given(postings)
        if postings is not self.postings or len(self._query_ids) > 200:
            self._query_ids.clear()
            self.rows_changed()
        if query != self.match_query:
            self.matched_spans = {}
        self._query_id = self._query_ids.setdefault(query, len(self._query_ids))
        self.postings = postings
        self.rows = rows
        self.match_query = query
        count = self.folds.build(postings, rows, self._number_of)  # first: the lines the rows make now
        cursor = self._row_of(self.chosen)
        self.set_row_count(count, cursor or 0, keep_rows=True, seen=seen)
        if cursor is None and whole:
            self._chosen_here()
        if whole and self.scroll_wanted is not None:  # as the user left it, the cursor in view
            top, self.scroll_wanted = self.scroll_wanted, None
            if cursor is not None and top <= cursor < top + max(1, self.size.height - self.header):
                self.scroll_to(y=top, animate=False, immediate=True)

    def _row_of(self, posting_id: str | None) -> int | None:
        """Where the posting ``posting_id`` is in the rows shown (None: not there)."""
        if posting_id is None or not len(self.rows):
            return None
        import numpy as np

        number = self._number_of(posting_id)
        if number is None:
            return None
        at = np.flatnonzero(np.asarray(self.rows) == number)
        return self.folds.line_of(int(at[0])) if len(at) else None

    def _number_of(self, posting_id: str) -> int | None:
        """The posting's place in :attr:`postings`: known when the chosen one was
        taken from a row; else looked up (an undo, another board)."""
        known = self._chosen_number
        if known is not None and known[0] is self.postings and known[1] == posting_id:
            return known[2]
        numbers = self._numbers
        if numbers is None or numbers[0] is not self.postings:
            numbers = self._numbers = (self.postings, {p.id: n for n, p in enumerate(self.postings)})
        return numbers[1].get(posting_id)

    def _chosen_here(self) -> None:
        """The user is on the cursor's posting."""
        if not len(self.rows) or self.cursor >= self.row_count:
            self.chosen = None
            return
        number = int(self.rows[self.cursor_row])
        self.chosen = self.postings[number].id
        self._chosen_number = (self.postings, self.chosen, number)

    def user_moved(self) -> None:
        self._chosen_here()

    @property
    def current(self) -> Posting | None:
        if not len(self.rows) or self.cursor >= self.row_count:
            return None
        return self.postings[int(self.rows[self.cursor_row])]

    @property
    def cursor_row(self) -> int:
        """The row (of :attr:`rows`) the cursor is on, on its posting or one of its jobs."""
        return self.folds.at(self.cursor)[0]

    @property
    def current_job(self) -> tuple[Any, ...] | None:
        """The job the cursor is on, when it is on one of a posting's jobs."""
        row, job = self.folds.at(self.cursor) if self.row_count else (0, -1)
        return jobs(self.postings[int(self.rows[row])])[job] if job >= 0 else None

    def toggle_jobs(self) -> bool | None:
        """Show the jobs of the posting under the cursor under it, or fold
        them (the cursor back on it); None when it lists no jobs."""
        posting = self.current
        if posting is None or not jobs(posting):
            return None
        row = self.cursor_row
        unfolded = self.folds.toggle(posting.id)
        self.set_row_count(self.folds.build(self.postings, self.rows, self._number_of), self.folds.line_of(row))
        return unfolded

    def cursor_changed(self) -> None:
        posting = self.current
        if posting is not self._last:
            self._last = posting
            self.post_message(self.Highlighted(self, posting))

    def row_clicked(self, index: int, chain: int) -> None:
        if chain > 1 and self.current is not None:
            self.post_message(self.Chosen(self, self.current))

    def key_enter(self) -> None:
        if self.current is not None:
            self.post_message(self.Chosen(self, self.current))

    # -- layout ---------------------------------------------------------------
    def render_header(self, y: int, width: int) -> list[Segment]:
        return header_segments(self, width)

    def set_tag_totals(self, totals: dict[str, int]) -> None:
        """How many postings carry each tag: a row shows its rarest tags first."""
        self.tag_totals = totals
        self._tag_order = {}
        self.rows_changed()

    def tags_shown(self, tags: tuple[str, ...]) -> tuple[str, ...]:
        shown = self._tag_order.get(tags)
        if shown is None:
            shown = self._tag_order[tags] = rarest_first(tags, self.tag_totals)
        return shown

    def set_missing(self, missing: Collection[str]) -> None:
        """The postings (favorites) whose file is gone: shown as missing."""
        self.missing = missing
        self.rows_changed()
        self.refresh()

    @property
    def favorites(self) -> Collection[str]:
        """The postings saved."""
        return self.hunt.favorites

    def set_copies(self, copies_of: Callable[[str], list[Posting]]) -> None:
        """How to find a posting's other copies (a job posted again): its row says how many."""
        self.copies_of = copies_of
        self.rows_changed()

    def set_hunt(self, hunt: Hunt) -> None:
        """What the user did about the postings: each row's status, new, due."""
        self.hunt = hunt
        self.rows_changed()
        self.refresh()

    def row_key(self, index: int, width: int) -> Hashable:
        line, job = self.folds.at(index)
        row = int(self.rows[line])
        posting_id = self.postings[row].id
        cursor, focus = self.now()
        hunt = self.hunt
        marks = (
            hunt.statuses.get(posting_id),
            posting_id in hunt.new,
            hunt.is_due(posting_id),
            row in self.in_text,
            bool(hunt.statuses),
        )
        return (posting_id, job, posting_id in self.folds.open, width, index == cursor, focus, marks, self._query_id)

    # Every style of a row comes from here (or drawn_style): its rows go to
    # the screen with their final styles.
    final_rows = True

    def _looks(self, cursor: bool, focused: bool) -> dict[str, Style]:
        """The styles of a row (the cursor row's are on the cursor colours)."""
        key = (cursor, focused, self.drawing_final)
        looks = self._look_cache.get(key)
        if looks is None:
            base = self.base_style(cursor, focused)
            looks = {"": base}
            for name in ("match", "star", "date", "tags", "missing", "new", "due"):
                looks[name] = self.layered(base, f"posting-table--{name}")
            looks = {name: self.as_drawn(style) for name, style in looks.items()}
            self._look_cache[key] = looks
        return looks

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._look_cache = {}

    def lines_changed(self) -> None:
        super().lines_changed()
        self._look_cache = {}  # through other filters

    def matched(self, field: str, text: str) -> list[tuple[int, int]]:
        """The spans of ``text`` (a posting's ``field``) the query matched."""
        key = (field, text)
        spans = self.matched_spans.get(key)
        if spans is None:
            if len(self.matched_spans) > 20_000:
                self.matched_spans.clear()
            spans = self.matched_spans[key] = highlight_spans(self.match_query, field, text)
        return spans

    #: Said on the list's first line when the board has no postings (why).
    empty_said = ""

    def line_segments(self, y: int, width: int, top: int) -> list[Segment]:
        if self.empty_said and not self.row_count and y == self.header:
            return [Segment(fit_text(" " + self.empty_said, width)[0], self.drawn_style())]
        return super().line_segments(y, width, top)

    def render_row(self, index: int, width: int) -> list[Segment]:
        row, job = self.folds.at(index)
        posting = self.postings[int(self.rows[row])]
        cursor, focused = self.now()
        looks = self._looks(index == cursor, focused)
        if job >= 0:
            listed = jobs(posting)
            return job_segments(listed[job], job == len(listed) - 1, width, looks[""], looks["date"])
        return posting_row(self, posting, row, width, looks)


def posting_row(table: PostingTable, posting: Posting, row: int, width: int, looks: dict[str, Style]) -> list[Segment]:
    """A posting's line in the list: its marks, date, organization, role, columns and tags."""
    base = looks[""]
    if width < 3:
        return [Segment(" " * max(0, width), base)]
    match = looks["match"]
    query = table.match_query
    plain = query.empty
    star, date, org, role, tags = widths(width, table.longest_org)
    hunt = table.hunt
    copies = table.copies_of(posting.id)
    status = hunt.statuses.get(posting.id)
    if status is None and copies:  # a mark set on another copy shows on the group's row
        status = next((s for s in map(hunt.statuses.get, (c.id for c in copies)) if s is not None), None)
    words = STATUS if width >= STATUS_FROM and hunt.statuses else 0
    if words:  # from the role's cells
        role -= words + 1
    columns = own_columns(width, table.given)
    role -= sum(column.cells + 1 for _, column in columns)
    gap = Segment(" ", base)
    if posting.id in hunt.new:
        marker = Segment(NEW, looks["new"])
    elif copies:  # posted several times: how many
        marker = Segment(COPIES[min(len(copies), len(COPIES) - 1)], looks["star"])
    elif jobs(posting):  # several jobs: folded or not
        marker = Segment(UNFOLDED if posting.id in table.folds.open else FOLDED, looks["star"])
    else:
        marker = Segment(IN_TEXT, looks["date"]) if int(table.rows[row]) in table.in_text else gap
    due = hunt.is_due(posting.id)
    mark = STATUS_MARKS[status] if status is not None else ("!" if due else " ")
    segments = [Segment(mark, looks["due" if due else "star"]), marker]
    if date:
        if posting.id in table.missing:
            segments.append(Segment(fit_text("missing", date)[0], looks["missing"]))
        else:
            when = posting.date or ""
            if date == SHORT_DATE:
                when = short_date(when, table.today)
            segments.append(Segment(fit_text(when, date)[0], looks["date"]))
        segments.append(gap)
    segments += cell_segments(posting.org, org, base, [] if plain else table.matched("org", posting.org), match)
    segments.append(gap)
    segments += cell_segments(posting.role, role, base, [] if plain else table.matched("role", posting.role), match)
    for field, column in columns:
        segments.append(gap)
        segments.append(Segment(fit_text(cell(field, posting, table.today), column.cells)[0], base))
    if words:
        segments.append(gap)
        word = STATUS_WORDS[status] if status is not None else ""
        segments.append(Segment(fit_text(word, words)[0], looks["due" if due else "star"]))
    if tags:
        segments.append(gap)
        segments += tag_cell(table, posting, tags, looks["tags"], match)
    return segments


def tag_cell(table: PostingTable, posting: Posting, cells: int, style: Style, match: Style) -> list[Segment]:
    """The posting's tags, its rarest first, the query's matches highlighted."""
    shown = table.tags_shown(posting.tags)
    spans: list[tuple[int, int]] = []
    if not table.match_query.empty:
        at = 0
        for tag in shown:
            spans += [(at + a, at + b) for a, b in table.matched("tag", tag)]
            at += len(tag) + 1
    return cell_segments(" ".join(shown), cells, style, spans, match)


@lru_cache(maxsize=256)
def widths(width: int, longest_org: int = 28) -> tuple[int, int, int, int, int]:
    """Cells for ★, date, organization, role, tags (0: column hidden): with
    one space between shown columns they fill ``width`` exactly. The
    organization gets what its longest name needs, up to its share;
    below 64 cells the date is short ("Oct 7", "Oct 2020"), below
    SHORT_DATE_FROM it goes, so that names can stay whole."""
    star, date = 1, 10
    if width < SHORT_DATE_FROM:  # narrow: ★ organization role
        rest = max(0, width - star - 2)
        org = min(rest // 2, max(longest_org, 6))
        return star, 0, org, rest - org, 0
    if width < 64:  # ★ a short date (how recent a posting is matters) organization role
        date = SHORT_DATE
        rest = width - star - date - 3
        org = min(rest - min(20, rest // 2), max(longest_org, 6))  # the role keeps 20 where it can
        return star, date, org, rest - org, 0
    rest = width - star - date - 3  # spaces after ★, date and organization
    org = min(32, max(longest_org, len("Organization")), max(10, rest // 2))  # its header whole too
    room = rest - org  # the role's and the tags'
    tags = min(30, room // 3) if room >= 45 else 0
    return star, date, org, room - tags - (1 if tags else 0), tags


@lru_cache(maxsize=64)
def own_columns(width: int, given: frozenset[str]) -> tuple[tuple[Field, Column], ...]:
    """The fields' own columns a list ``width`` cells wide shows, of the fields some posting gives."""
    return tuple((f, column) for f, column in COLUMNS if f.name in given and width >= column.from_width)


def header_segments(table: PostingTable, width: int) -> list[Segment]:
    """The list's header: its columns' names."""
    style = table.drawn_style("posting-table--header")
    star, date, org, role, tags = widths(width, table.longest_org)
    parts = [" " * star]
    if date:
        parts.append(f"{'Date':<{date}}")
    org_label = "Organization" if org >= 12 else "Org"
    words = STATUS if width >= STATUS_FROM and table.hunt.statuses else 0
    if words:
        role -= words + 1
    columns = own_columns(width, table.given)
    role -= sum(column.cells + 1 for _, column in columns)
    parts += [f"{org_label:<{org}}"[:org], f"{'Role':<{role}}"[:role]]
    parts += [f"{column.header:<{column.cells}}"[: column.cells] for _, column in columns]
    if words:
        parts.append(f"{'Status':<{words}}")
    if tags:
        parts.append(f"{'Tags':<{tags}}"[:tags])
    line = " ".join(parts)
    return [Segment(line.ljust(width)[:width], style)]
