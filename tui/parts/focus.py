"""Which pane has the keys: Esc back one step, Enter out of a box, Tab and
h/l between the panes; and the text's find line, which closes as it is left
empty."""

from __future__ import annotations

from textual.widget import Widget

from tui.parts.changes import Changes
from tui.parts.host import Host


class Focus:
    def __init__(self, screen: Host, changes: Changes) -> None:
        self.screen = screen
        self.changes = changes

    def escape(self, help_panel_shown: bool) -> None:
        """Back one step: out of a box or a pane to the list; in the list,
        clear the query, then the tags (each can be undone)."""
        screen = self.screen
        focused, find_bar = screen.focused, screen.find_bar
        if help_panel_shown:  # the palette's key panel: Esc closes it, and nothing else
            screen.app.action_hide_help_panel()
        elif focused is screen.search:
            screen.focus_now(screen.table)
        elif find_bar.display and (focused is find_bar.input or focused is screen.detail):
            self.close_find()  # the text's find first: the search's highlights come back
        elif focused is not screen.table:
            screen.focus_now(screen.table)
        else:
            self.changes.clear()

    def leave_search(self) -> None:
        screen = self.screen
        if screen.focused is screen.find_bar.input:
            screen.focus_now(screen.detail)  # an empty find closes as the line loses the focus (below)
        else:
            screen.focus_now(screen.table)

    def blurred(self, widget: Widget) -> None:
        screen = self.screen
        if widget is screen.search:
            self.changes.typing = False  # the next key typed there is a new change
        elif widget is screen.find_bar.input and not screen.find_bar.input.value:
            # Nothing to keep. (Told now, after the keys typed before Enter
            # reached the line: Enter itself acts before they do.)
            self.drop_find()

    def cycle(self, direction: int) -> None:
        screen = self.screen
        sidebar, table, detail = screen.sidebar, screen.table, screen.detail
        panes: list[Widget] = [sidebar, table, detail] if sidebar.display else [table, detail]
        focused = screen.focused
        at = panes.index(focused) if focused in panes else (0 if direction > 0 else 1)
        screen.focus_now(panes[(at + direction) % len(panes)])

    def drop_find(self) -> None:
        """No find kept: the line closes, the search's highlights come back."""
        self.screen.find_bar.close()
        self.screen.detail.find(None)

    def close_find(self) -> None:
        self.drop_find()
        self.screen.focus_now(self.screen.detail)
