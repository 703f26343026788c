"""The search box: Textual's Input, taking a paste as one clean line."""

from __future__ import annotations

import time
from typing import ClassVar

from textual import events
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widgets import Input

from tui.search import MAX_QUERY_CHARS
from tui.text import clean_text
from tui.widgets.base import LineWidget, message

#: Full again this soon (seconds) after the last time: the same burst (a
#: paste without brackets comes as many pastes, or as a key per character,
#: back to back), already said. A key typed by hand comes later than this.
SAME_BURST = 0.01


class SearchBox(Input, LineWidget):
    """Textual's Input, with a length limit that says so and a paste taken
    as one line of plain text. (The fast path draws it with less work.)"""

    # Shown in the key bar while typing (Input's own Enter binding is hidden):
    # how to get from the query to its results.
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "submit", "Go to the list", id="search-done", tooltip="Keep the query; move to the list"),
        # fzf's: the list's cursor moves while the query is typed.
        Binding("down,ctrl+n,ctrl+j", "move(1)", "Down", show=False, id="search-down", tooltip="The list: next row"),
        Binding("up,ctrl+k", "move(-1)", "Up", show=False, id="search-up", tooltip="The list: row above"),
    ]

    @message
    class MoveCursor(Message):
        """Move the list's cursor by ``delta`` rows (the box keeps the focus)."""

        delta: int

    def action_move(self, delta: int) -> None:
        self.post_message(self.MoveCursor(delta))

    def __init__(self, *args: object, **kwargs: object) -> None:
        kwargs.setdefault("max_length", MAX_QUERY_CHARS)
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]

    def on_paste(self, event: events.Paste) -> None:
        """A paste goes in as one line of plain text, cut to what the box
        takes and said so (Input would refuse a long one whole, with a bell)."""
        event.prevent_default()  # Input's own paste handler
        event.stop()
        limit = self.max_length or MAX_QUERY_CHARS
        line = event.text.partition("\n")[0]  # as Input takes it, without splitting a megabyte into lines
        text = clean_text(line[: limit * 2]).replace("\t", " ")
        start, end = sorted(self.selection)
        room = limit - (len(self.value) - (end - start))
        if len(text) > room:
            text = text[: max(0, room)]
            self.restricted()
        self.replace(text, start, end)

    _full_at = -1.0

    def restricted(self) -> None:
        """More than the box takes was typed or pasted: say so, no bell (once
        for a burst)."""
        now = time.monotonic()
        burst, self._full_at = now - self._full_at < SAME_BURST, now
        if burst:
            return
        self.notify(
            f"The search box takes up to {self.max_length or MAX_QUERY_CHARS:,} characters; the rest was left out.",
            severity="warning",
            timeout=4,
        )
