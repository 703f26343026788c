"""The search box: Textual's Input, minus a screen-wide layout per keystroke."""

from __future__ import annotations

from typing import ClassVar

from rich.segment import Segment
from textual import events
from textual.binding import Binding, BindingType
from textual.geometry import Size
from textual.strip import Strip
from textual.widgets import Input
from textual.widgets.input import Selection

from tui.search import MAX_QUERY_CHARS
from tui.text import clean_text
from tui.widgets.cursor_list import set_virtual_size
from tui.widgets.lines import DirectWidget


class SearchBox(Input, DirectWidget):
    """Input re-lays out the whole screen whenever its value changes (it sets
    ``virtual_size``); a one-line box of fixed size needs only its scroll
    width updated, so typing repaints the box and the list, nothing else.
    Its line goes to the screen without Textual's styles pass (see lines.py),
    and a plain query is drawn without a Rich render.
    """

    # Shown in the key bar while typing (Input's own Enter binding is hidden):
    # how to get from the query to its results.
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "submit", "Go to the list", id="search-done", tooltip="Keep the query; move to the list"),
    ]

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

    def restricted(self) -> None:
        """More than the box takes was typed or pasted: say so, no bell."""
        self.notify(
            f"The search box takes up to {self.max_length or MAX_QUERY_CHARS:,} characters; the rest was left out.",
            severity="warning",
            timeout=4,
        )

    async def _on_key(self, event: events.Key) -> None:
        """The box's own keys (Backspace, Delete, arrows, Enter...) act here.
        Textual passes a key the box does not type up through every container
        to the App, which then finds this same binding first: three more hops
        on every Backspace. Priority bindings ran before the key got here."""
        bindings = self._bindings
        keymap = self.app._keymap
        if keymap:
            bindings = bindings.copy()
            bindings.apply_keymap(keymap)
        for binding in bindings.key_to_bindings.get(event.key, ()):
            if not binding.priority and await self.app.run_action(binding.action, self):
                event.stop()
                event.prevent_default()
                return
        await super()._on_key(event)

    def _fits(self, width: int) -> bool:
        """True when a line ``width`` cells wide needs no scrolling in the box."""
        return width <= self.scrollable_content_region.width and not self.scroll_offset.x

    def _watch_value(self, value: str) -> None:
        virtual = Size(self.content_width, 1)
        if self._fits(virtual.width) and self._fits(self.virtual_size.width):
            self.set_reactive(Input.virtual_size, virtual)  # nothing to scroll, before or after
        else:
            set_virtual_size(self, virtual)
        self._suggestion = ""
        validation = self.validate(value) if "changed" in self.validate_on else None
        self.post_message(self.Changed(self, value, validation))
        if self._initial_value:
            self.cursor_position = len(self.value)
            self._initial_value = False

    def _typed_line(self, width: int) -> list[Segment] | None:
        """The line, ``width`` cells, for a typed query (printable ASCII,
        nothing selected or suggested); None where Input must draw it."""
        value = self.value
        focused = self.has_focus
        if (
            not value
            or not (value.isascii() and value.isprintable())
            or self.password
            or self.highlighter is not None
            or (focused and (self._suggestion or not self.selection.is_empty))
        ):
            return None
        base = self.kept_style
        cursor = self.cursor_position if focused and self._cursor_visible else -1
        text = value + " " if cursor == len(value) else value
        scroll_x = int(self.scroll_offset.x)
        visible = text[scroll_x : scroll_x + width].ljust(width)
        at = cursor - scroll_x
        if not 0 <= at < width or cursor < 0:
            return [Segment(visible, base)]
        segments = [Segment(visible[:at], base)] if at else []
        segments.append(Segment(visible[at], base + self.get_component_rich_style("input--cursor")))
        if at + 1 < width:
            segments.append(Segment(visible[at + 1 :], base))
        return segments

    def _watch_selection(self, selection: Selection) -> None:
        """Input scrolls the cursor into view at every move: a query that fits
        the box has nothing to scroll."""
        if self._initial_value or not self._fits(self.virtual_size.width):
            super()._watch_selection(selection)
            return
        self.app.clear_selection()
        self.app.cursor_position = self.cursor_screen_offset

    def render_line(self, y: int) -> Strip:
        """Input's line, drawn from segments for a typed query: a keystroke redraws it."""
        width = self.scrollable_content_region.width + 1
        segments = self._typed_line(width) if y == 0 else None
        return super().render_line(y) if segments is None else Strip(segments, width)

    def finished_lines(self, lines: range) -> list[Strip]:
        """The typed line goes to the screen as one strip, made once."""
        width = self.scrollable_content_region.width
        segments = self._typed_line(width) if lines == range(0, 1) else None
        if segments is None or self._edges is None or width != self._edges.content_width:
            return super().finished_lines(lines)
        return [self.finish(segments, width)]
