"""The status line: how many postings are shown and what filters them, then
the rest, each part with its importance (see StatusBar.show). Its text is
made from what it shows (:class:`StatusFacts`, :func:`status_parts`: no
widget, no screen); :class:`StatusLine` gathers those from the screen's parts."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text

from tui.browse import SORTS, Choice
from tui.filters import FILTERS
from tui.parts.changes import Changes
from tui.parts.filtering import Filtering
from tui.parts.host import Host
from tui.parts.loading import Loader, files
from tui.search import MAX_TERMS


@dataclass(frozen=True)
class StatusFacts:
    shown: int  # postings in the list
    total: int  # postings on the board
    choice: Choice
    searchable: bool = True  # False: the board is shown, the search index not built yet
    close_said: str | None = None  # "close matches only": some term is found nowhere as written
    note: str | None = None  # the last change, said until the next ("query cleared · u to undo")
    problem_files: int = 0  # read with problems or left out
    bodies_state: str | None = None  # the text's index until it is ready (None: ready)
    facts_state: str | None = None  # the text's facts until they are read (None: read)
    text_pending: bool = False  # the text's hits are coming
    site: str | None = None  # what was read of a site root ("a Jekyll site: _posts, 2 collections")
    folded: bool = False  # a job posted several times is one row (r shows every copy)


class StatusLine:
    def __init__(self, screen: Host, loader: Loader, changes: Changes, filtering: Filtering) -> None:
        self.screen = screen
        self.loader = loader
        self.changes = changes
        self.filtering = filtering

    def show(self, shown: int) -> None:
        """Say what the list shows (``shown``: how many postings)."""
        screen = self.screen
        loaded_badly, left_out, _ = screen.session.problem_counts
        facts = StatusFacts(
            shown,
            screen.session.count,
            screen.choice,
            searchable=screen.index is not None,
            close_said=self.filtering.close_said,
            note=self.changes.note,
            problem_files=loaded_badly + left_out,
            bodies_state=self.loader.bodies_state,
            facts_state=self.loader.facts_state,
            text_pending=self.filtering.text_pending,
            site=screen.session.board.site if screen.session.board is not None else None,
            folded=screen.browser is not None and bool(screen.browser.groups) and not screen.choice.copies,
        )
        screen.status_bar.show(status_parts(facts))


def status_parts(facts: StatusFacts) -> list[tuple[int, Text]]:
    """(importance, part): when the line is too narrow, the least important
    part is shortened first, then left out (see StatusBar.show)."""
    choice, total = facts.choice, facts.total
    if not facts.searchable and choice.filtered:
        # Say so rather than "all of them match".
        text = Text(f"{total:,} postings", style="bold")
        text.append(" · getting the search ready…", style="dim")
        return [(0, text)]
    query = choice.query
    if query.problems:
        return [(0, Text(" · ".join(query.problems), style="bold red"))]
    count = Text(f"{facts.shown:,} of {total:,} postings", style="bold")
    if query.left_out:
        count.append(f" · first {MAX_TERMS} terms only", style="bold")
    if not query.empty:  # with the count: cut at its end, the last thing the line gives up
        groups = " ".join(" | ".join(map(str, g)) for g in query.groups)
        count.append_text(Text.assemble(" matching ", (groups, "italic")))
    parts: list[tuple[int, Text]] = [(0, count)]
    if facts.folded:
        parts.append((3, Text("a job posted again is one row (r)", style="dim")))
    if facts.close_said and not query.empty:
        parts.append((1, Text(facts.close_said, style="bold")))
    if choice.tags:
        joiner = " or " if choice.any_tag else " and "
        parts.append((2, Text.assemble("tagged ", (joiner.join(sorted(choice.tags)), "italic"))))
    chosen = [FILTERS[w] for w in FILTERS if w in choice.filters]
    if chosen:
        parts.append((2, Text(" · ".join(f"{f.mark} {f.label.lower()}" for f in chosen))))
    if choice.sort != "best" or not query.empty:
        parts.append((3, Text(SORTS[choice.sort], style="dim")))
    if facts.note:
        parts.append((4, Text(facts.note, style="bold")))
    if facts.problem_files:
        parts.append((5, Text(f"⚠ {files(facts.problem_files)} (!)", style="dim")))
    if facts.facts_state is not None:
        parts.append((6, Text(facts.facts_state, style="dim")))
    if facts.bodies_state is not None and not query.empty:
        parts.append((6, Text(facts.bodies_state, style="dim")))
    elif facts.text_pending:
        parts.append((6, Text("searching the text…", style="dim")))
    if facts.site:
        parts.append((7, Text(facts.site, style="dim")))
    return parts
