"""Actions are declared once: bindings, help and palette are made from them."""

from __future__ import annotations

from pathlib import Path

from test_app import make_app, ready

from tui import actions
from tui.main_screen import MainScreen
from tui.widgets.commands import JobBoardCommands


def test_each_action_once_and_each_names_a_method_of_the_screen():
    ids = [action.id for action in actions.SCREEN]
    assert len(ids) == len(set(ids))
    for action in actions.SCREEN:
        name = action.action.split("(")[0]
        assert callable(getattr(MainScreen, f"action_{name}", None)), action
    bound = {binding.id for binding in MainScreen.BINDINGS if not isinstance(binding, tuple)}
    assert bound == {action.id for action in actions.SCREEN if action.keys}


async def test_every_palette_command_runs_and_names_the_users_key(board: Path):
    config_dir = Path(__import__("os").environ["XDG_CONFIG_HOME"]) / "jobboard"
    config_dir.mkdir(parents=True)
    (config_dir / "config.toml").write_text('[keys]\n"copy-link" = "c"\n')
    app = make_app(board)
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(pilot)
        provider = JobBoardCommands(app.screen)
        commands = {name: (run, help_text) for name, run, help_text in provider.commands()}
        for action in actions.SCREEN:
            if action.palette is not None:
                assert action.palette in commands, action
        assert commands["Posting: copy application link"][1].endswith("(c)")
        run, _ = commands["Posting: copy application link"]
        await run()  # type: ignore[misc]
        await pilot.pause()
        assert app.clipboard.startswith("https://")
        run, _ = commands["Hunt: show saved"]
        await run()  # type: ignore[misc]
        await pilot.pause()
        assert app.main.choice.favorites_only
