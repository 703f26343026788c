"""The keys as the user has them: what is wrong in their [keys], said at
start, and the help's sections, read from the live bindings."""

from __future__ import annotations

from textual.dom import DOMNode

from tui.keymap import help_sections, keymap_problems
from tui.parts.host import Host
from tui.widgets.screens import HelpSection


def check_keymap(screen: Host, node: DOMNode) -> None:
    """Say at start what is wrong in the user's [keys] (the rest applies).
    ``node``: the screen, as Textual knows it."""
    app = screen.app
    config = screen.session.config
    # None remapped: nothing to check, and the dialogs not imported (20 ms of the start).
    problems = _problems(screen, node) if config.keys else []
    config.problems.extend(problems)  # listed with the board's (!), now and when it is loaded
    screen.session.problems.extend(problems)
    shown = config.problems if len(config.problems) <= 3 else config.problems[:2]
    for problem in shown:
        app.notify(problem, title="config.toml", severity="warning", timeout=12)
    if len(shown) < len(config.problems):  # not a screen of toasts: the rest under !
        more = len(config.problems) - len(shown)
        app.notify(f"and {more} more; ! to see them all", title="config.toml", severity="warning", timeout=12)


def _problems(screen: Host, node: DOMNode) -> list[str]:
    from tui.widgets.find_bar import FindInput
    from tui.widgets.hunt_dialogs import BlocklistScreen, NoteScreen, StatusPicker
    from tui.widgets.pipeline import PipelineScreen
    from tui.widgets.screens import HelpScreen, LinkPicker, ProblemLines, ProblemsScreen

    anywhere: list[DOMNode] = [screen.app, node]
    areas = [[*anywhere, widget] for widget in (screen.table, screen.sidebar, screen.detail, screen.search)]
    dialogs: list[type[DOMNode]] = [FindInput, HelpScreen, LinkPicker, ProblemsScreen, ProblemLines]
    dialogs += [NoteScreen, StatusPicker, BlocklistScreen, PipelineScreen]
    return keymap_problems(screen.session.config, areas, dialogs)


def sections(screen: Host, node: DOMNode) -> list[HelpSection]:
    """Keys per area, read from the live bindings (with the user's keymap)."""
    areas: list[tuple[str, list[DOMNode]]] = [
        ("Anywhere", [screen.app, node]),
        ("Posting list", [screen.table]),
        ("Tag sidebar", [screen.sidebar]),
        ("Posting text", [screen.detail]),
    ]
    return help_sections(areas, screen.session.config.keys)
