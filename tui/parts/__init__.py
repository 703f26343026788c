"""The main screen's parts: what it does, each in its own collaborator.

The screen (tui/main_screen.py) composes the widgets and routes to these:
:mod:`loading` (the board read, its indexes, their messages, when keys may
come), :mod:`filtering` (every filter runs through it),
:mod:`status_line` (the status text, made from data),
:mod:`posting_actions` (what a key does to the posting under the cursor),
:mod:`changes` (the query, tags and sort as the user changes them, and
undo), :mod:`focus` (which pane has the keys; the find line),
:mod:`layout`, :mod:`keys` (the keymap's check, the help). Each holds the
screen as a :class:`~tui.parts.host.Host` (what the parts may use of it)
and is given the parts it works with; what a part asks of one that comes
after it (refilter, show_status) goes through the screen.
"""
