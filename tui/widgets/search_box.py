"""The search box: Textual's Input, minus a screen-wide layout per keystroke."""

from __future__ import annotations

from textual.geometry import Size
from textual.widgets import Input

from tui.widgets.cursor_list import set_virtual_size


class SearchBox(Input):
    """Input re-lays out the whole screen whenever its value changes (it sets
    ``virtual_size``); a one-line box of fixed size needs only its scroll
    width updated, so typing repaints the box and the list, nothing else."""

    def _watch_value(self, value: str) -> None:
        virtual = Size(self.content_width, 1)
        set_virtual_size(self, virtual)
        self._suggestion = ""
        validation = self.validate(value) if "changed" in self.validate_on else None
        self.post_message(self.Changed(self, value, validation))
        if self._initial_value:
            self.cursor_position = len(self.value)
            self._initial_value = False
