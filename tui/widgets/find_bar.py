"""The search inside one posting: a line under its text, as a pager has.

It says what it finds as it is typed; the text pane does the finding (see
:meth:`tui.widgets.posting_detail.PostingDetail.find`).
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.message import Message
from textual.widgets import Input, Label

from tui.widgets.base import message

#: What one find takes; a posting's line is shorter than this.
MAX_FIND_CHARS = 200


class FindInput(Input):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "submit", "Keep", id="find-done", tooltip="Keep the highlights; back to the text"),
    ]


class FindBar(Horizontal):
    """``find:`` and what is typed, then how many places it found. Shown while
    a find is typed or kept; :meth:`close` hides it."""

    @message
    class Changed(Message):
        """The text to find (empty: nothing)."""

        text: str

    def compose(self) -> ComposeResult:
        yield Label("find:", classes="find-bar--prompt")
        yield FindInput(placeholder="in this posting's text", max_length=MAX_FIND_CHARS, select_on_focus=True)
        yield Label("", classes="find-bar--count")

    @property
    def input(self) -> FindInput:
        return self.query_one(FindInput)

    @property
    def text(self) -> str:
        """What is being found ("" when the bar is closed)."""
        return self.input.value if self.display else ""

    def open(self) -> None:
        """Show the bar and put the cursor in it, what was found last selected."""
        self.display = True
        self.screen.set_focus(self.input)  # now, not after pending messages: keys typed with "/" go in

    def close(self) -> None:
        self.display = False
        self.input.value = ""

    def set_count(self, count: int, posting_shown: bool) -> None:
        """Say how many places the text pane found (``posting_shown``: it has a text)."""
        label = self.query_one(".find-bar--count", Label)
        if not self.input.value or not posting_shown:
            label.update("")
        elif count:
            label.update(Text(f"{count:,} found · n/N", style="dim"))
        else:
            label.update(Text("not found", style="bold"))

    @on(Input.Changed)
    def _changed(self, event: Input.Changed) -> None:
        event.stop()
        self.post_message(self.Changed(event.value))

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()  # the screen's Enter took it already
