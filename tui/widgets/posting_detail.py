"""The selected posting: a header (title, organization, date, tags, the
application link) over its body rendered as Markdown, drawn line by line.

The body is read and rendered in a thread worker so that moving through the
list never waits for a long posting.
"""

from __future__ import annotations

import io
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import ClassVar

from markdown_it import MarkdownIt
from rich.console import Console, RenderableType
from rich.markdown import Markdown
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events, work
from textual.binding import Binding, BindingType
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.worker import get_current_worker

from tui.posting import Link, Parsed, Posting

#: Wait this long after the cursor stops before reading a body (holding j).
SETTLE_SECONDS = 0.04


class SafeMarkdown(Markdown):
    """Rich Markdown with raw HTML shown as text, never interpreted."""

    def __init__(self, markup: str, **kwargs: object) -> None:
        super().__init__(markup, **kwargs)  # type: ignore[arg-type]
        parser = MarkdownIt("commonmark", {"html": False}).enable("strikethrough").enable("table")
        self.parsed = parser.parse(markup)


def render_strips(renderable: RenderableType, width: int) -> list[Strip]:
    """Render off the event loop, on a console of our own."""
    console = Console(
        file=io.StringIO(), width=width, color_system="truecolor", force_terminal=True, legacy_windows=False
    )
    options = console.options.update(width=width, height=None)
    return [Strip(line) for line in console.render_lines(renderable, options, pad=False)]


class PostingDetail(ScrollView, can_focus=True):
    """Scroll with j/k, space and the mouse; click a link to open it."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "posting-detail--title",
        "posting-detail--meta",
        "posting-detail--tag",
        "posting-detail--link",
        "posting-detail--rule",
        "posting-detail--empty",
    }

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j,down", "scroll_lines(1)", "Down", show=False, id="detail-down", tooltip="Scroll down"),
        Binding("k,up", "scroll_lines(-1)", "Up", show=False, id="detail-up", tooltip="Scroll up"),
        Binding("space,pagedown", "scroll_page(1)", "Page", show=False, id="detail-page-down", tooltip="Page down"),
        Binding("b,pageup", "scroll_page(-1)", "Page up", show=False, id="detail-page-up", tooltip="Page up"),
        Binding("g,home", "scroll_to_edge(0)", "Top", show=False, id="detail-top", tooltip="Top of the posting"),
        Binding("G,end", "scroll_to_edge(1)", "End", show=False, id="detail-bottom", tooltip="End of the posting"),
    ]

    @dataclass
    class LinkClicked(Message):
        url: str

    @dataclass
    class Loaded(Message):
        """The body of ``posting`` is on screen (or failed to load)."""

        posting: Posting
        links: list[Link]

    def __init__(self, read: Callable[[Posting], Parsed], *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._read = read
        self.posting: Posting | None = None
        self.links: list[Link] = []
        self._header: list[Strip] = []
        self._body: list[Strip] = []
        self._body_for: tuple[str, int] | None = None
        self._width = 0

    # -- content ------------------------------------------------------------
    def show(self, posting: Posting | None) -> None:
        same = posting is not None and self.posting is not None and posting.id == self.posting.id
        self.posting = posting
        if not same:
            self._body = []
            self._body_for = None
            self.links = []
            self.scroll_to(y=0, animate=False, immediate=True)
        self._layout()
        if posting is not None and self._body_for != (posting.id, self._width):
            self._load(posting, self._width, delay=0.0 if same else SETTLE_SECONDS)

    def _text_width(self) -> int:
        return max(20, self.scrollable_content_region.width - 1)

    def _layout(self) -> None:
        self._width = self._text_width()
        self._header = self._render_header(self._width)
        self._update_size()

    def _update_size(self) -> None:
        self.virtual_size = Size(self._width, len(self._header) + len(self._body))
        self.refresh()

    def _render_header(self, width: int) -> list[Strip]:
        posting = self.posting
        if posting is None:
            text = Text("No posting selected.", style=self.get_component_rich_style("posting-detail--empty"))
            return render_strips(text, width)
        title = self.get_component_rich_style("posting-detail--title")
        meta = self.get_component_rich_style("posting-detail--meta")
        tag_style = self.get_component_rich_style("posting-detail--tag")
        link_style = self.get_component_rich_style("posting-detail--link")
        out = Text(posting.role or posting.title, style=title, end="")
        out.append("\n")
        facts = [posting.org] if posting.org else []
        facts.append(posting.date or "undated")
        if posting.pinned:
            facts.append("pinned")
        out.append(" · ".join(facts) + "\n", style=meta)
        if posting.tags:
            for n, tag in enumerate(posting.tags):
                if n:
                    out.append(" ")
                out.append(f"#{tag}", style=tag_style)
            out.append("\n")
        if self._body_for is not None and self._body_for[0] == posting.id:
            if self.links:
                link = self.links[0].url
                out.append("Apply: ", style=meta)
                out.append(link, style=link_style + Style(link=link))
                extra = len(self.links) - 1
                if extra > 0:
                    out.append(f"  (+{extra} more: Y)", style=meta)
            else:
                out.append("No application link in this posting.", style=meta)
            out.append("\n")
        out.append("─" * width, style=self.get_component_rich_style("posting-detail--rule"))
        return render_strips(out, width)

    @work(thread=True, exclusive=True, group="detail")
    def _load(self, posting: Posting, width: int, delay: float) -> None:
        worker = get_current_worker()
        if delay:
            time.sleep(delay)
        if worker.is_cancelled:
            return
        try:
            parsed = self._read(posting)
            body = parsed.body.strip("\n") or "*This posting has no text.*"
            links = parsed.links
        except Exception as exc:  # a file removed or changed under us
            body, links = f"*Could not read this posting: {type(exc).__name__}.*", []
        if worker.is_cancelled:
            return
        strips = render_strips(SafeMarkdown(body, hyperlinks=True), width)
        if not worker.is_cancelled:
            self.app.call_from_thread(self._set_body, posting, width, strips, links)

    def _set_body(self, posting: Posting, width: int, strips: list[Strip], links: list[Link]) -> None:
        if self.posting is None or posting.id != self.posting.id or width != self._width:
            return
        self._body = [Strip([Segment("")]), *strips]
        self._body_for = (posting.id, width)
        self.links = links
        self._header = self._render_header(width)
        self._update_size()
        self.post_message(self.Loaded(posting, links))

    # -- rendering ----------------------------------------------------------
    def render_line(self, y: int) -> Strip:
        index = y + int(self.scroll_offset.y)
        width = self.scrollable_content_region.width
        lines = self._header if index < len(self._header) else self._body
        if index >= len(self._header):
            index -= len(self._header)
        if index >= len(lines):
            return Strip.blank(width, self.rich_style)
        strip = lines[index].crop(int(self.scroll_offset.x), int(self.scroll_offset.x) + width)
        return strip.apply_style(self.rich_style).adjust_cell_length(width, self.rich_style)

    def on_resize(self, event: events.Resize) -> None:
        if self._text_width() != self._width:
            self.show(self.posting)
            self._body_for = None
            if self.posting is not None:
                self._load(self.posting, self._width, 0.0)

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
