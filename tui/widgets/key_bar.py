"""The keys of the focused pane and the app, on the bottom line.

Textual's Footer mounts a widget per key and composes them all again each
time the focus moves; this draws the same line as one widget, repainted when
the bindings change. Click a key to press it.
"""

from __future__ import annotations

from typing import ClassVar

from rich.segment import Segment
from rich.style import Style
from textual.binding import Binding
from textual.screen import Screen
from textual.strip import Strip

from tui.widgets.base import LineWidget


class KeyBar(LineWidget):
    DEFAULT_CSS = """
    KeyBar {
        dock: bottom;
        height: 1;
        color: $footer-foreground;
        background: $footer-background;
    }
    KeyBar > .key-bar--key {
        color: $footer-key-foreground;
        background: $footer-key-background;
        text-style: bold;
    }
    KeyBar > .key-bar--description {
        color: $footer-description-foreground;
        background: $footer-description-background;
    }
    KeyBar > .key-bar--edge {
        color: $foreground 20%;
    }
    """

    COMPONENT_CLASSES: ClassVar[set[str]] = {"key-bar--key", "key-bar--description", "key-bar--edge"}

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self.bindings_changed)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def bindings_changed(self, screen: Screen[object]) -> None:
        self.refresh()

    def keys(self) -> list[tuple[str, str, str, bool]]:
        """(key, how it is shown, description, enabled) of each key to show:
        the first binding of each action, as Textual's Footer picks them."""
        seen: set[str] = set()
        found = []
        nodes: dict[int, int] = {}  # a node -> its place (the focused widget's keys first)
        for node, binding, enabled, _ in self.screen.active_bindings.values():
            if binding.show and binding.action not in seen:
                seen.add(binding.action)
                place = (nodes.setdefault(id(node), len(nodes)), _declared(node, binding))
                found.append((place, (binding.key, self.app.get_key_display(binding), binding.description, enabled)))
        # In the order they are declared in: a key the user remapped keeps its place.
        return [entry for _, entry in sorted(found, key=lambda pair: pair[0])]

    def line(self, width: int) -> list[Segment]:
        base = self.kept_style
        key_style = base + self.get_component_rich_style("key-bar--key")
        text_style = base + self.get_component_rich_style("key-bar--description")
        entries: list[list[Segment]] = []
        for key, shown, description, enabled in self.keys():
            click = Style(meta={"@click": f"app.simulate_key({key!r})"}, dim=not enabled)
            entries.append([Segment(f" {shown} ", key_style + click), Segment(f"{description} ", text_style + click)])
        right: list[Segment] = []
        if self.app.ENABLE_COMMAND_PALETTE:
            palette = Binding(self.app.COMMAND_PALETTE_BINDING, "command_palette", "palette")
            click = Style(meta={"@click": "app.command_palette"})
            right = [
                Segment("▏", base + self.get_component_rich_style("key-bar--edge")),
                Segment(self.app.get_key_display(palette), key_style + click),
                Segment(" palette ", text_style + click),
            ]
        if width < 50:
            right = right[:2]  # the key alone: the room is the keys'
        room = max(0, width - sum(segment.cell_length for segment in right))
        left: list[Segment] = []
        for entry in entries:  # whole entries only: never a key cut mid-word
            size = sum(segment.cell_length for segment in entry)
            if size > room:
                break
            left += entry
            room -= size
        line = Strip(left).crop_extend(0, max(0, width - sum(segment.cell_length for segment in right)), base)
        return list(Strip([*line, *right]).crop_extend(0, width, base))

    def render_line(self, y: int) -> Strip:
        return Strip(self.line(self.content_region.width))


def _declared(node: object, binding: Binding) -> int:
    """Where ``binding`` is declared among ``node``'s bindings (its class's, base classes' first)."""
    at = 0
    for cls in reversed(type(node).__mro__):
        for declared in Binding.make_bindings(cls.__dict__.get("BINDINGS", [])):
            if (declared.id or declared.action) == (binding.id or binding.action):
                return at
            at += 1
    return at
