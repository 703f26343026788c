"""What the fast path's tests and the benchmark need to see inside Textual:
the styles pass a widget's lines would take, each frame as it is written,
the picture the compositor holds, a key sent as the terminal sends it.

Not used by the app. Kept here because it touches Textual's private names.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from rich.segment import Segment
from textual import events
from textual.app import App
from textual.geometry import Region
from textual.strip import Strip
from textual.widget import Widget

Cells = list[list[tuple[str, object]]]


def cells(strips: list[Strip] | list[list[Segment]]) -> Cells:
    """Each line as (character, style) per cell: the same picture however it is cut into segments."""
    out: Cells = []
    for strip in strips:
        line: list[tuple[str, object]] = []
        for text, style, _ in Segment.simplify(strip):
            line += [(char, style) for char in text]
        out.append(line)
    return out


def css_identity(cls: type[Any]) -> tuple[object, ...]:
    """What Textual's CSS knows a widget class by: its name, its type names
    (for selectors), its component classes, the classes its default CSS
    comes from."""
    bases = [base for base in cls._css_bases(cls) if "DEFAULT_CSS" in base.__dict__]
    return (cls.__name__, cls._css_type_names, cls._get_component_classes(), bases)


def styles_pass(widget: Widget, crop: Region) -> list[Strip]:
    """``widget``'s lines as Textual's own styles pass draws them, nothing kept."""
    widget._styles_cache.clear()
    return Widget.render_lines(widget, crop)


def forget_drawn(widget: Widget) -> None:
    """Drop the lines the fast path handed the compositor last."""
    if hasattr(widget, "_handed"):
        widget._handed = None


def set_cursor_visible(box: Any, visible: bool) -> None:
    """The search box's cursor in the on or off phase of its blink."""
    box._cursor_visible = visible


def composed(app: App[Any]) -> Cells:
    """The whole screen as the compositor has it now."""
    return cells(app.screen._compositor.render_strips())


def on_frames(app: App[Any], callback: Callable[[Any, Any], None]) -> None:
    """Call ``callback(screen, update)`` after each frame the app composes
    (headless too: composed and not written)."""
    display = app._display

    def displayed(screen: Any, update: Any) -> None:
        display(screen, update)
        callback(screen, update)

    app._display = displayed  # type: ignore[method-assign,assignment]


def cells_written(update: Any, region: Region | None = None) -> int:
    """How many of the screen's cells a frame's update writes (a whole frame:
    every one; a partial one: each changed widget's piece of each line it
    changes, as it is written); ``region``: of those, the ones inside it."""
    from textual._compositor import ChopsUpdate, LayoutUpdate

    def inside(y: int, x: int, end: int) -> int:
        if region is None:
            return end - x
        if not region.y <= y < region.bottom:
            return 0
        return max(0, min(end, region.right) - max(x, region.x))

    if isinstance(update, LayoutUpdate):
        cells = 0
        for y, line in enumerate(update.strips, update.region.y):
            x = update.region.x
            for strip in line:
                cells += inside(y, x, x + strip.cell_length)
                x += strip.cell_length
        return cells
    if not isinstance(update, ChopsUpdate):
        return 0
    cells = 0
    for y, x1, x2 in update.spans:
        for end, (x, piece) in zip(update.chop_ends[y], update.chops[y].items(), strict=False):
            if piece is not None and x <= x2 and end > x1:
                cells += inside(y, x, x + piece.cell_length)
    return cells


def send_key(app: App[Any], key: str) -> None:
    """``key`` as the terminal sends it: into the app's queue, with no waiting."""
    char = {"space": " "}.get(key, key if len(key) == 1 else None)
    assert app._driver is not None
    app._driver.send_message(events.Key(key, char))


class Terminal:
    """What a terminal shows after the updates written to it, cell by cell."""

    def __init__(self, width: int, height: int) -> None:
        from rich.console import Console

        self.width, self.height = width, height
        self.cells: Cells = [[(" ", None)] * width for _ in range(height)]
        self.console = Console(width=width, height=height)

    def put(self, x: int, y: int, segments: list[Segment]) -> None:
        from rich.cells import cell_len

        for text, style, _ in segments:
            for char in text:
                if 0 <= y < self.height and 0 <= x < self.width:
                    self.cells[y][x] = (char, style)
                x += cell_len(char)

    def apply(self, update: object) -> None:
        from rich.segment import ControlType
        from textual._compositor import ChopsUpdate, LayoutUpdate

        if isinstance(update, LayoutUpdate):
            for y, line in enumerate(update.strips, update.region.y):
                x = update.region.x
                for strip in line:  # the line's pieces, left to right
                    self.put(x, y, list(strip))
                    x += strip.cell_length
        elif isinstance(update, ChopsUpdate):
            x = y = 0
            for segment in update.__rich_console__(self.console, self.console.options):
                assert isinstance(segment, Segment)
                if segment.control:
                    for control in segment.control:
                        if control[0] == ControlType.CURSOR_MOVE_TO:
                            x, y = int(control[1]), int(control[2])  # type: ignore[misc]
                elif segment.text != "\n":
                    self.put(x, y, [segment])
                    x += segment.cell_length
