"""The app's own commands in the command palette (Ctrl+P), named "area: verb"."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import partial
from typing import Protocol, cast

from textual.command import DiscoveryHit, Hit, Hits, Provider

from tui.browse import SORTS


class Commands(Protocol):
    """What the palette offers, as the main screen provides it (no import of it here)."""

    def action_copy_link(self) -> None: ...
    def action_copy_id(self) -> None: ...
    def action_copy_path(self) -> None: ...
    def action_pick_link(self) -> None: ...
    def action_open_link(self) -> None: ...
    def action_toggle_favorite(self) -> None: ...
    def action_show_favorites(self) -> None: ...
    def action_jump_tag(self, tag: str) -> None: ...
    def action_show_problems(self) -> None: ...
    def action_help(self) -> None: ...
    def action_sort(self, mode: str | None = None) -> None: ...
    def tag_totals(self) -> Mapping[str, int]: ...


class JobBoardCommands(Provider):
    def commands(self) -> list[tuple[str, Callable[[], object], str]]:
        app = cast(Commands, self.screen)  # the screen the palette was opened on
        commands: list[tuple[str, Callable[[], object], str]] = [
            ("Posting: copy application link", app.action_copy_link, "Copy the link to apply (y)"),
            ("Posting: copy one of its links", app.action_pick_link, "Choose which link to copy (Y)"),
            ("Posting: open application link", app.action_open_link, "Open it in the browser (o)"),
            ("Posting: copy its id", app.action_copy_id, "As jobboard show takes it"),
            ("Posting: copy its file's path", app.action_copy_path, "The Markdown file on disk"),
            ("Posting: toggle favorite", app.action_toggle_favorite, "Mark to apply to (f)"),
            ("Favorites: show", app.action_show_favorites, "Only the postings marked ★"),
            ("Tags: show all postings", partial(app.action_jump_tag, ""), "Clear the tag selection"),
            ("Problems: show", app.action_show_problems, "Files that could not be read, and why (!)"),
            ("Help: keys", app.action_help, "Every key and what it does (?)"),
        ]
        for mode, label in SORTS.items():
            commands.append((f"Sort: {label}", partial(app.action_sort, mode), f"Order the list: {label}"))
        for tag, count in app.tag_totals().items():
            commands.append((f"Tag: {tag}", partial(app.action_jump_tag, tag), f"{count:,} postings"))
        return commands

    async def discover(self) -> Hits:
        for name, callback, help_text in self.commands():
            if name.startswith("Tag: "):
                continue
            yield DiscoveryHit(name, callback, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, callback, help_text in self.commands():
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, matcher.highlight(name), callback, help=help_text)
