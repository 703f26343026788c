"""The selected posting: a header (title, organization, date, tags, the
application link) over its body rendered as Markdown, drawn line by line.

The body is read and rendered in a thread worker so that moving through the
list never waits for a long posting.
"""

from __future__ import annotations

import io
import re
import threading
from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass
from typing import ClassVar

from rich.cells import cell_len, set_cell_size
from rich.console import Console, RenderableType
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events, work
from textual.binding import Binding, BindingType
from textual.geometry import Size
from textual.message import Message
from textual.strip import Strip
from textual.timer import Timer
from textual.worker import get_current_worker

from tui import fields
from tui.browse import rarest_first
from tui.hunt_view import Facts
from tui.posting import MAX_TEXT_CHARS, Link, Parsed, Posting
from tui.text import visible
from tui.widgets.base import LineView, message

#: Show a posting once the cursor has rested on it this long (holding j, typing).
SETTLE_SECONDS = 0.03
#: The lines of a note the header shows (the note's window shows it whole).
NOTE_LINES = 6


_IMPORTING = threading.Lock()


def markdown(body: str) -> RenderableType:
    """Rich Markdown of ``body`` with raw HTML shown as text, never interpreted.

    Imported here, on first use in the worker: rich.markdown brings pygments,
    a quarter of a second that the first frame need not wait for (and by
    one thread at a time: two importing at once can see a half-made module)."""
    with _IMPORTING:
        from markdown_it import MarkdownIt
        from rich.markdown import Markdown

    document = Markdown("", hyperlinks=True)  # parsed here, with HTML off (not twice)
    parser = MarkdownIt("commonmark", {"html": False}).enable("strikethrough").enable("table")
    document.markup = body
    document.parsed = parser.parse(body)
    return document


#: A posting's text rendered as Markdown at most (characters); the rest is
#: shown as typed. Rendering costs 1-50 us a character (a table, a list or
#: a line of brackets the most): past the longest real posting (14 KB) by
#: far, and at most a second or two of a worker for one made to be slow.
MARKDOWN_CHARS = 64 * 1024
#: Said under a text cut at MAX_TEXT_CHARS.
CUT_NOTE = f"*The text is cut here: jobboard shows and searches the first {MAX_TEXT_CHARS // 1024} KB of a posting.*"


def as_markdown(body: str) -> tuple[str, str]:
    """``body`` as (what is rendered as Markdown, the rest, shown as typed):
    cut at a paragraph break (else a line break) before MARKDOWN_CHARS."""
    if len(body) <= MARKDOWN_CHARS:
        return body, ""
    cut = body.rfind("\n\n", 0, MARKDOWN_CHARS)
    if cut < MARKDOWN_CHARS // 2:
        cut = body.rfind("\n", 0, MARKDOWN_CHARS)
    if cut < MARKDOWN_CHARS // 2:
        cut = MARKDOWN_CHARS
    return body[:cut], body[cut:].strip("\n")


#: Highlights are made on the UI thread for a text up to this long (a
#: millisecond or two); a longer one's in a worker, the old ones kept meanwhile.
MARK_INLINE_CHARS = 32 * 1024


#: One line of the body: its segments (a Strip, with its caches, is made
#: only for a line drawn: a text of 60,000 lines as Strips is 600,000 objects
#: for the garbage collector to walk, a tenth of a second each time).
Line = list[Segment]


@dataclass
class Marks:
    """Where a pattern is found in a text's lines (highlighted as they are drawn)."""

    plain: list[Line]  # the lines they were found in
    pattern: re.Pattern[str] | None
    spans: dict[int, list[tuple[int, int]]]  # line -> (start, end) of each place on it
    hits: list[int]  # lines with a hit
    found: int  # places found


def moved(before: Marks, after: Marks) -> list[int]:
    """The lines of a text whose highlights differ between ``before`` and ``after``."""
    spans, was = after.spans, before.spans
    return [line for line in spans.keys() | was.keys() if spans.get(line) != was.get(line)]


def find_marks(
    plain: list[Line], pattern: re.Pattern[str] | None, cancelled: Callable[[], bool] = lambda: False
) -> Marks | None:
    """Where ``pattern`` is found in ``plain`` (None: cancelled meanwhile)."""
    if pattern is None:
        return Marks(plain, pattern, {}, [], 0)
    # One text of all the lines, so that a phrase the pane wrapped (or a
    # paragraph break cut) is found as the index finds it.
    texts = ["".join([segment.text for segment in line]) for line in plain]
    starts = [0]
    for text in texts:
        starts.append(starts[-1] + len(text) + 1)
    spans: dict[int, list[tuple[int, int]]] = {}
    first_lines: list[int] = []
    found = 0
    for match in pattern.finditer("\n".join(texts)):
        a, b = match.span()
        if a == b:
            continue
        found += 1
        if not found % 4096 and cancelled():
            return None
        line = bisect_right(starts, a) - 1
        first_lines.append(line)
        while a < b and line < len(texts):
            text, start = texts[line], starts[line]
            end = min(b, start + len(text))
            # A part on one line, without the spaces the pane padded it with.
            left = a - start + len(text[a - start : end - start]) - len(text[a - start : end - start].lstrip())
            right = len(text[: end - start].rstrip())
            if right > left:
                spans.setdefault(line, []).append((left, right))
            line += 1
            a = starts[line] if line < len(starts) else b
    return Marks(plain, pattern, spans, sorted(set(first_lines)), found)


#: Bodies longer than this are shown in two steps (head first).
HEAD_CHARS = 3000


def first_screens(body: str) -> str | None:
    """The start of a long body, cut at a paragraph break outside code; None
    when the body is short enough to render at once."""
    if len(body) <= HEAD_CHARS * 1.5:
        return None
    cut = body.find("\n\n", HEAD_CHARS)
    if cut < 0:  # no paragraph break (a list, a table): a line break, near
        cut = body.find("\n", HEAD_CHARS, HEAD_CHARS * 4)
    if cut < 0:  # one long line: a space, near, else anywhere
        cut = body.find(" ", HEAD_CHARS, HEAD_CHARS * 4)
        cut = cut if cut >= 0 else HEAD_CHARS * 2
    if body[:cut].count("```") % 2:
        return None
    return body[:cut]


def as_typed(text: str, width: int) -> list[Line]:
    """``text`` as typed, wrapped to ``width``: a line that fits is taken as
    it is (Rich's wrapping costs tens of microseconds a line)."""
    out: list[Line] = []
    for line in text.split("\n"):
        if len(line) <= width and line.isascii() and line.isprintable():
            out.append([Segment(line)])
        else:
            out += render_lines(Text(line), width) or [[Segment("")]]
    return out


def body_lines(body: str, width: int, cut: bool = False) -> list[Line]:
    """A posting's text laid out ``width`` wide: its first MARKDOWN_CHARS as
    Markdown, the rest as typed, and under it, if ``cut``, that it is cut."""
    body, rest = as_markdown(body)
    lines = render_lines(markdown(body), width)
    if rest:
        lines += [[Segment("")], *as_typed(rest, width)]
    if cut:
        lines += [[Segment("")], *render_lines(markdown(CUT_NOTE), width)]
    return lines


def render_lines(renderable: RenderableType, width: int) -> list[Line]:
    """Render off the event loop, on a console of our own."""
    console = Console(
        file=io.StringIO(), width=width, color_system="truecolor", force_terminal=True, legacy_windows=False
    )
    options = console.options.update(width=width, height=None)
    return console.render_lines(renderable, options, pad=False)


def render_strips(renderable: RenderableType, width: int) -> list[Strip]:
    return [Strip(line) for line in render_lines(renderable, width)]


class PostingDetail(LineView, can_focus=True):
    """Scroll with j/k, space and the mouse; click a link to open it."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "posting-detail--title",
        "posting-detail--meta",
        "posting-detail--tag",
        "posting-detail--link",
        "posting-detail--rule",
        "posting-detail--empty",
        "posting-detail--hit",
        "posting-detail--status",
        "posting-detail--due",
        "posting-detail--note",
    }

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j,down", "scroll_lines(1)", "Down", show=False, id="detail-down", tooltip="Scroll down"),
        Binding("k,up", "scroll_lines(-1)", "Up", show=False, id="detail-up", tooltip="Scroll up"),
        Binding(
            "space,pagedown,ctrl+d,ctrl+f",
            "scroll_page(1)",
            "Page",
            show=False,
            id="detail-page-down",
            tooltip="Page down",
        ),
        Binding(
            "b,pageup,ctrl+u,ctrl+b", "scroll_page(-1)", "Page up", show=False, id="detail-page-up", tooltip="Page up"
        ),
        Binding("g,home", "scroll_to_edge(0)", "Top", show=False, id="detail-top", tooltip="Top of the posting"),
        Binding("G,end", "scroll_to_edge(1)", "End", show=False, id="detail-bottom", tooltip="End of the posting"),
    ]

    @message
    class LinkClicked(Message):
        url: str

    @message
    class Shown(Message):
        """A posting's text is shown (the user has seen it)."""

        posting: Posting

    @message
    class Found(Message):
        """What a find (see :meth:`find`) found in the text now shown."""

        count: int
        shown: bool  # a posting's text is shown (else there is nothing to find in)

    def __init__(self, read: Callable[[Posting], Parsed], *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._read = read
        self.posting: Posting | None = None
        self.links: list[Link] = []
        self.unplaced: list[str] = []  # front-matter names no field reads, of the text shown
        self._header: list[Strip] = []
        self._body: list[Line] = []  # the body's lines (highlighted as they are drawn)
        self._hit_style: Style | None = None  # the highlights' (None: to be read from the theme)
        self.pattern: re.Pattern[str] | None = None  # what is highlighted: the find's, else the query's
        self._query_pattern: re.Pattern[str] | None = None  # what the search finds in the text
        self._find_pattern: re.Pattern[str] | None = None  # what the find in this pane finds
        self.found = 0  # places highlighted
        self.hits: list[int] = []  # lines of the body (from the top of the pane's content) with a hit
        self.hit_at = -1  # the hit n/N went to last
        self.body_for: tuple[str, int] | None = None
        self.text_width = 0
        self._header_stale = False  # styles changed since the header was drawn
        self._marks_stale = False  # and since the hits were highlighted
        self._marking = False  # the highlights are to be made again after the next frame
        self._marks: Marks | None = None  # what the body's highlights were made of
        self._to_first_hit = False  # a find was typed: scroll to its first hit once found
        self._marks_coming = False  # a worker is finding the hits
        self._hit_waiting = 0  # n (1) or N (-1) pressed while it was
        self._chars = 0  # characters in the body's lines
        self.pending_show: Timer | None = None
        self.tag_totals: dict[str, int] = {}
        self.facts_of: Callable[[Posting], Facts | None] = lambda posting: None
        self.copies_of: Callable[[str], list[Posting]] = lambda posting_id: []

    # -- content ------------------------------------------------------------
    def show(self, posting: Posting | None) -> None:
        """Show ``posting`` once the cursor has rested SETTLE_SECONDS on it:
        typing a query or holding j down repaints the list alone, and the
        text follows when the cursor stops."""
        if self.pending_show is not None:
            self.pending_show.stop()
            self.pending_show = None
        same = posting is not None and self.posting is not None and posting.id == self.posting.id
        if same or posting is None:
            self._show_now(posting)
        else:
            self.pending_show = self.set_timer(SETTLE_SECONDS, lambda: self._show_now(posting))

    def show_now(self, posting: Posting | None) -> None:
        """Show ``posting`` at once if it is not shown or waiting to be: a key
        is about to act on it."""
        shown = self.posting.id if self.posting is not None else None
        if self.pending_show is None and shown == (posting.id if posting is not None else None):
            return
        if self.pending_show is not None:
            self.pending_show.stop()
        self._show_now(posting)

    def _show_now(self, posting: Posting | None) -> None:
        self.pending_show = None
        same = posting is not None and self.posting is not None and posting.id == self.posting.id
        self.posting = posting
        if not same:
            self._body = []
            self._marks = None
            self._marks_coming = False
            self._chars = 0
            self._hit_waiting = 0
            self.hits = []
            self.hit_at = -1
            self.body_for = None
            self.links = []
            self.unplaced = []
            self.scroll_to(y=0, animate=False, immediate=True)
        self.lay_out()
        if posting is not None and not same:
            self.post_message(self.Shown(posting))
        if posting is not None and self.body_for != (posting.id, self.text_width):
            self._load(posting, self.text_width)

    def set_tag_totals(self, totals: dict[str, int]) -> None:
        """How many postings carry each tag: the header shows the rarest first."""
        self.tag_totals = totals
        self._header_stale = self.posting is not None
        self.refresh()

    def set_facts_of(self, facts_of: Callable[[Posting], Facts | None]) -> None:
        """Where the header gets what the user did about a posting (its
        status and history, follow-up, note)."""
        self.facts_of = facts_of
        self.marks_changed()

    def set_copies(self, copies_of: Callable[[str], list[Posting]]) -> None:
        """Where the header finds a posting's other copies (the same job posted again)."""
        self.copies_of = copies_of
        self.marks_changed()

    def marks_changed(self) -> None:
        """What the user did about the posting shown changed: its header is drawn again."""
        if self.posting is not None:
            self.lay_out()

    def fitting_width(self) -> int:
        return max(20, self.scrollable_content_region.width - 1)

    def lay_out(self) -> None:
        self.text_width = self.fitting_width()
        self._header = render_header(self, self.text_width)
        self.size_changed()

    def size_changed(self) -> None:
        self.lines_changed()
        self.set_scroll_size(Size(self.text_width, len(self._header) + len(self._body)))
        self.refresh()

    @work(thread=True, exclusive=True, group="detail")
    def _load(self, posting: Posting, width: int) -> None:
        worker = get_current_worker()
        cut = False
        unplaced: list[str] = []
        try:
            parsed = self._read(posting)
            body = parsed.body.strip("\n") or "*This posting has no text.*"
            links, cut, unplaced = parsed.links, parsed.cut, parsed.unplaced
        except Exception as exc:  # a file removed or changed under us
            body, links = f"*Could not read this posting:* {_literal(visible(str(exc)) or type(exc).__name__)}", []
        if worker.is_cancelled:
            return
        head = first_screens(as_markdown(body)[0])
        if head is not None:  # a long posting: its first screens now, the rest a moment later
            lines = render_lines(markdown(head), width)
            if worker.is_cancelled:
                return
            self.app.call_from_thread(self._set_body, posting, width, lines, links, _chars(lines), unplaced)
        lines = body_lines(body, width, cut)
        if not worker.is_cancelled:
            self.app.call_from_thread(self._set_body, posting, width, lines, links, _chars(lines), unplaced)

    def _set_body(
        self, posting: Posting, width: int, lines: list[Line], links: list[Link], chars: int, unplaced: list[str]
    ) -> None:
        if self.posting is None or posting.id != self.posting.id or width != self.text_width:
            return
        self._body = [[Segment("")], *lines]
        self._chars = chars
        self._to_first_hit = False
        self._mark()
        self.body_for = (posting.id, width)
        self.links = links
        self.unplaced = unplaced
        self._header = render_header(self, width)
        self.size_changed()
        self._say_found()

    # -- rendering ----------------------------------------------------------
    def content_line(self, index: int, width: int) -> Strip:
        if self._header_stale:
            self._header_stale = False
            self._header = render_header(self, self.text_width)
        if self._marks_stale:
            self._marks_stale = False
            self._hit_style = None  # the highlight's colours are the theme's
        base = self.kept_style
        header = self._header
        if index < len(header):
            return header[index].apply_style(base).adjust_cell_length(width, base)
        at = index - len(header)
        body = self._body
        if at >= len(body):
            return Strip.blank(width, base)
        segments = body[at]
        marks = self._marks
        if marks is not None and marks.plain is body and at in marks.spans:
            if self._hit_style is None:
                self._hit_style = self.get_component_rich_style("posting-detail--hit")
            segments = mark(segments, marks.spans[at], self._hit_style)
        return Strip(segments).apply_style(base).adjust_cell_length(width, base)

    def render_line(self, y: int) -> Strip:
        return self.content_line(y + int(self.scroll_offset.y), self.scrollable_content_region.width)

    def set_pattern(self, pattern: re.Pattern[str] | None) -> None:
        """Highlight what ``pattern`` (the list's search) finds in the text
        (None: nothing), unless a find in this pane is kept."""
        self._query_pattern = pattern
        if self._find_pattern is not None or pattern == self.pattern:
            return
        self.pattern = pattern
        if not self._marking:  # after the frame the keystroke's list is in; once for keys typed meanwhile
            self._marking = True
            self.call_after_refresh(self._mark_now)

    def find(self, pattern: re.Pattern[str] | None) -> None:
        """Highlight what ``pattern`` finds in this and every posting shown
        after, in place of the search's hits (None: the search's again), and
        scroll to the first place found from the top of the pane on."""
        self._find_pattern = pattern
        self.pattern = pattern if pattern is not None else self._query_pattern
        self._to_first_hit = pattern is not None  # once its hits are known (a long text's come from a worker)
        self._mark_now()

    @property
    def finding(self) -> bool:
        """A find in this pane is kept (its hits are highlighted)."""
        return self._find_pattern is not None

    def _mark_now(self) -> None:
        self._marking = False
        self._mark()
        self._say_found()

    def _redraw_marks(self, before: Marks | None) -> None:
        """Draw again the lines whose highlights moved since ``before`` (as a query is typed: a few)."""
        after, body = self._marks, self._body
        if before is None or after is None or before.plain is not body or after.plain is not body:
            self.lines_changed()
            self.refresh()
        else:
            self.redraw_lines([len(self._header) + line for line in moved(before, after)])

    def _say_found(self) -> None:
        if self._find_pattern is not None:
            self.post_message(self.Found(self.found, self.body_for is not None or bool(self._body)))

    def _mark(self) -> None:
        """Find the search's hits in the body (highlighted as the lines are
        drawn), and the lines they are on: now for a short text, from a
        worker for a long one (what was highlighted stays until then)."""
        plain, pattern = self._body, self.pattern
        if pattern is None or self._chars <= MARK_INLINE_CHARS:
            marks = find_marks(plain, pattern)
            assert marks is not None
            self._take_marks(marks)
            return
        if self._marks is None or self._marks.plain is not plain:  # no highlights of another text meanwhile
            self._take_marks(Marks(plain, None, {}, [], 0))
        self._marks_coming = True
        self._mark_in_worker(plain, pattern)

    # (A description given: Textual's own would repr the arguments, every line of the text, on this thread.)
    @work(thread=True, exclusive=True, group="marks", description="highlights")
    def _mark_in_worker(self, plain: list[Line], pattern: re.Pattern[str]) -> None:
        worker = get_current_worker()
        marks = find_marks(plain, pattern, lambda: worker.is_cancelled)
        if marks is not None and not worker.is_cancelled:
            self.app.call_from_thread(self._marks_made, marks)

    def _marks_made(self, marks: Marks) -> None:
        if marks.plain is not self._body or marks.pattern is not self.pattern:
            return  # made for a text or a query gone since
        self._take_marks(marks)
        self._say_found()
        direction, self._hit_waiting = self._hit_waiting, 0
        if direction:
            self.action_hit(direction)

    def _take_marks(self, marks: Marks) -> None:
        before, self._marks = self._marks, marks
        self._redraw_marks(before)
        self._marks_coming = False
        self.hits, self.found = marks.hits, marks.found
        self.hit_at = -1
        if self._to_first_hit and marks.pattern is not None and marks.pattern is self._find_pattern:
            self._to_first_hit = False
            if self.hits:
                self._to_hit_from(int(self.scroll_offset.y))

    def _to_hit_from(self, top: int) -> None:
        """Go to the first hit at or below line ``top`` of the content (the
        first of all if none is): scrolled to unless already in view."""
        lines = [len(self._header) + n for n in self.hits]
        self.hit_at = next((i for i, line in enumerate(lines) if line >= top), 0)
        line = lines[self.hit_at]
        if not top <= line < top + self.scrollable_content_region.height:
            self.scroll_to(y=max(0, line - 1), animate=False)

    def action_hit(self, direction: int) -> None:
        """Scroll to the next (or previous) line the search found, with a line
        above it: the one after the hit gone to last if that is in view, else
        the first below (above) the top of the pane."""
        if self._marks_coming:
            self._hit_waiting = direction  # a long text's hits are on their way from a worker
            return
        if not self.hits:
            return
        top = int(self.scroll_offset.y)
        lines = [len(self._header) + n for n in self.hits]
        if 0 <= self.hit_at < len(lines) and top <= lines[self.hit_at] < top + self.scrollable_content_region.height:
            # From the hit in view (at the end of the text, several are in view at once).
            self.hit_at = (self.hit_at + direction) % len(lines)
        elif direction > 0:
            later = [i for i, line in enumerate(lines) if line - 1 > top]
            self.hit_at = later[0] if later else 0
        else:
            earlier = [i for i, line in enumerate(lines) if line - 1 < top]
            self.hit_at = earlier[-1] if earlier else len(lines) - 1
        self.scroll_to(y=max(0, lines[self.hit_at] - 1), animate=False)

    def links_for(self, posting: Posting) -> list[Link] | None:
        """``posting``'s links if this pane has read them (None: not read here)."""
        if self.posting is not None and self.body_for is not None and self.body_for[0] == posting.id:
            return self.links
        return None

    def shows_text_of(self, posting: Posting | None) -> bool:
        """True when ``posting`` is shown with its text, laid out for the pane as it is."""
        return posting is not None and self.body_for == (posting.id, self.text_width)

    def notify_style_update(self) -> None:
        # Drawn again when next shown: the component classes the header is
        # styled with may not have their new styles yet (a theme change
        # updates the widget first).
        super().notify_style_update()
        self._header_stale = self.posting is not None
        self._marks_stale = self.pattern is not None
        self.lines_changed()

    def on_resize(self, event: events.Resize) -> None:
        """Re-flow the text for the new width (a posting still waiting for the
        cursor to settle is left to its timer)."""
        if self.fitting_width() != self.text_width:
            self.body_for = None
            self.lay_out()
            if self.posting is not None:
                self._load(self.posting, self.text_width)

    # -- actions --------------------------------------------------------------
    def action_scroll_lines(self, delta: int) -> None:
        self.scroll_to(y=self.scroll_offset.y + delta, animate=False)

    def action_scroll_page(self, direction: int) -> None:
        self.scroll_to(y=self.scroll_offset.y + direction * max(1, self.size.height - 2), animate=False)

    def action_scroll_to_edge(self, end: int) -> None:
        self.scroll_to(y=self.max_scroll_y if end else 0, animate=False)

    def on_click(self, event: events.Click) -> None:
        link = event.style.link
        if link:
            event.stop()
            self.post_message(self.LinkClicked(link))


_MARKDOWN_PUNCTUATION = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~])")


def mark(line: Line, spans: list[tuple[int, int]], style: Style) -> Line:
    """``line`` with the characters in ``spans`` (of its text) restyled with ``style`` on top."""
    out: list[Segment] = []
    pos = 0
    spans = sorted(spans)
    for segment in line:
        text, seg_style, control = segment
        if control or not text:
            out.append(segment)
            continue
        start, end = pos, pos + len(text)
        cut = start
        for a, b in spans:
            a, b = max(a, start), min(b, end)
            if a >= b:
                continue
            if a > cut:
                out.append(Segment(text[cut - start : a - start], seg_style))
            out.append(Segment(text[a - start : b - start], (seg_style or Style()) + style))
            cut = b
        if cut < end:
            out.append(Segment(text[cut - start :], seg_style))
        pos = end
    return out


def _chars(lines: list[Line]) -> int:
    return sum(len(segment.text) for line in lines for segment in line)


def _literal(text: str) -> str:
    """``text`` as Markdown that shows it as written (a file name may hold ``*`` or ``[``)."""
    return _MARKDOWN_PUNCTUATION.sub(r"\\\1", text)


def render_header(detail: PostingDetail, width: int) -> list[Strip]:
    """The header over a posting's text: its role, organization, date, tags,
    application link, and what the user did about it."""
    posting = detail.posting
    if posting is None:
        text = Text("No posting selected.", style=detail.get_component_rich_style("posting-detail--empty"))
        return render_strips(text, width)
    title = detail.get_component_rich_style("posting-detail--title")
    meta = detail.get_component_rich_style("posting-detail--meta")
    tag_style = detail.get_component_rich_style("posting-detail--tag")
    link_style = detail.get_component_rich_style("posting-detail--link")
    out = Text(posting.role or posting.title, style=title, end="")
    out.append("\n")
    facts = [posting.org] if posting.org else []
    facts.append(posting.date or "undated")
    if posting.pinned:
        facts.append("pinned")
    out.append(" · ".join(facts) + "\n", style=meta)
    written = fields.facts_line(posting)
    if written:  # location · type · salary · apply by DATE, on one line
        out.append(
            (written if cell_len(written) <= width else set_cell_size(written, width - 1) + "…") + "\n", style=meta
        )
    copies = detail.copies_of(posting.id)
    if copies:  # the same job posted again
        when = ", ".join(c.date or "undated" for c in copies[:6]) + (", …" if len(copies) > 6 else "")
        also = f"also posted {when} (r: every copy)"
        out.append((also if cell_len(also) <= width else set_cell_size(also, width - 1) + "…") + "\n", style=meta)
    if posting.tags:
        for n, tag in enumerate(rarest_first(posting.tags, detail.tag_totals)):
            if n:
                out.append(" ")
            out.append(f"#{tag}", style=tag_style)
        out.append("\n")
    if detail.body_for is not None and detail.body_for[0] == posting.id:
        if detail.links:
            link = detail.links[0].url
            extra = len(detail.links) - 1
            more = f"  (+{extra} more: Y)" if extra > 0 else ""
            room = width - len("Apply: ") - len(more)
            if room < 20:  # the note of more links goes under it
                room, more = width - len("Apply: "), more and f"\n(+{extra} more: Y)"
            out.append("Apply: ", style=meta)
            # On one line, cut with an ellipsis: the whole link is what y copies and a click opens.
            shown = link if cell_len(link) <= room else set_cell_size(link, max(1, room - 1)) + "…"
            out.append(shown, style=link_style + Style(link=link))
            out.append(more, style=meta)
        else:
            out.append("No application link in this posting.", style=meta)
        out.append("\n")
        if detail.unplaced:
            also = fields.folded(detail.unplaced, width)
            out.append(also + "\n", style=meta)
    done = detail.facts_of(posting)
    if done is not None:
        append_facts(detail, out, done)
    out.append("─" * width, style=detail.get_component_rich_style("posting-detail--rule"))
    return render_strips(out, width)


def append_facts(detail: PostingDetail, out: Text, facts: Facts) -> None:
    status = detail.get_component_rich_style("posting-detail--status")
    if facts.history:
        out.append(facts.history + "\n", style=status)
    if facts.follow_up:
        style = detail.get_component_rich_style("posting-detail--due" if facts.due else "posting-detail--meta")
        out.append(facts.follow_up + "\n", style=style)
    if facts.note:
        note_style = detail.get_component_rich_style("posting-detail--note")
        lines = facts.note.splitlines()
        shown = [visible(line) for line in lines[:NOTE_LINES]]
        out.append("Note: ", style=status)
        out.append("\n      ".join(shown), style=note_style)
        if len(lines) > NOTE_LINES:
            out.append(f"\n      (+{len(lines) - NOTE_LINES} lines: e shows them all)", style=status)
        out.append("\n")
