"""The app's own commands in the command palette (Ctrl+P), named "area: verb"."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import partial
from typing import Protocol, cast

from textual.binding import Binding
from textual.command import DiscoveryHit, Hit, Hits, Provider

from tui import actions
from tui.browse import SORTS


class Commands(Protocol):
    """What the palette needs of the main screen (no import of it here)."""

    def action_jump_tag(self, tag: str) -> None: ...
    def action_sort(self, mode: str | None = None) -> None: ...
    def tag_totals(self) -> Mapping[str, int]: ...
    def keymap(self) -> Mapping[str, str]: ...


class JobBoardCommands(Provider):
    def commands(self) -> list[tuple[str, Callable[[], object], str]]:
        screen = self.screen  # the screen the palette was opened on
        main = cast(Commands, screen)
        commands: list[tuple[str, Callable[[], object], str]] = []
        for name, action, description, keys in actions.palette(actions.SCREEN, main.keymap()):
            shown = ", ".join(self.app.get_key_display(Binding(key, "")) for key in keys)
            help_text = f"{description} ({shown})" if shown else description
            commands.append((name, partial(self.app.run_action, action, screen), help_text))
        for mode, label in SORTS.items():
            commands.append((f"Sort: {label}", partial(main.action_sort, mode), f"Order the list: {label}"))
        for tag, count in main.tag_totals().items():
            commands.append((f"Tag: {tag}", partial(main.action_jump_tag, tag), f"{count:,} postings"))
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
