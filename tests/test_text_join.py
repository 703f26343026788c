"""The text's hits join a list already shown as a small change: the list's
lines that change, not the sidebar's counts twice over (they are drawn
once, with the whole answer)."""

from __future__ import annotations

import os
from pathlib import Path

from conftest import write
from test_app import make_app, ready, shown, workers_done
from test_cursor_model import Gate

from tui.bodies import BodyIndex
from tui.widgets.tag_sidebar import TagSidebar

FAST = os.environ.get("JOBBOARD_FAST", "1") != "0"


async def test_the_sidebars_counts_are_drawn_once_with_the_whole_answer(board: Path, monkeypatch):
    gate = Gate()
    monkeypatch.setattr(BodyIndex, "numbers", gate.held)
    app = make_app(board)
    async with app.run_test(size=(140, 36)) as pilot:
        await ready(pilot)
        sidebar = app.query_one(TagSidebar)
        before = dict(sidebar.counts)
        drawn: list[dict[str, int]] = []
        set_counts = sidebar.set_counts

        def noted(total, filters, counts):
            drawn.append(dict(counts))
            set_counts(total, filters, counts)

        monkeypatch.setattr(sidebar, "set_counts", noted)
        gate.hold()
        await pilot.press("slash", *"scientist")
        await pilot.pause(0.2)
        assert app.main.text_pending and shown(app) == ["AFL-CIO: Lead Data Scientist"]
        assert drawn == [] and sidebar.counts == before  # not for an answer the text's hits will change
        gate.release()
        await workers_done(app)
        await pilot.pause()
        assert shown(app) == ["AFL-CIO: Lead Data Scientist", "AFL-CIO: Multiple"]
        assert len(drawn) == 1 and sidebar.counts == drawn[0] != before


class Watched:
    """What the terminal shows, update by update, held to what drawing every
    widget afresh gives after each frame of the main screen."""

    def __init__(self, app, size: tuple[int, int]) -> None:
        from textual.screen import ModalScreen

        from tui.fast.testing import Terminal, composed, on_frames

        self.terminal = Terminal(*size)
        self.wrong: list[int] = []
        self.frames = 0

        def check(screen: object, update: object) -> None:
            if update is None:
                return
            self.terminal.apply(update)
            self.frames += 1
            if screen is app.screen and not isinstance(screen, ModalScreen) and self.terminal.cells != composed(app):
                self.wrong.append(self.frames)

        on_frames(app, check)
        self.app = app

    async def now(self, pilot) -> bool:
        """The terminal shows now what the list and the text pane give when
        they draw every line of theirs again."""
        from tui.fast.testing import composed
        from tui.widgets.posting_detail import PostingDetail
        from tui.widgets.posting_table import PostingTable

        shown = [list(line) for line in self.terminal.cells]
        for widget in (self.app.query_one(PostingTable), self.app.query_one(PostingDetail)):
            widget.lines_changed()
            widget.refresh()
        await pilot.pause(0.02)
        return bool(shown == composed(self.app))


async def test_what_is_drawn_again_as_a_query_is_typed_leaves_the_whole_picture(board: Path, xdg: Path):
    """Only the lines that show something else are drawn again (the list's
    rows as the text's hits join, the text pane's lines whose highlights
    move): the terminal shows what drawing everything again gives."""
    write(xdg / "xdg_config_home", "jobboard/config.toml", "[ui]\ncursor-blink = false\n")
    words = ["alpha", "alps", "also", "data", "album", "lead", "analyst", "other", "text"] * 40
    body = "\n\n".join(" ".join(words[n : n + 9]) for n in range(0, len(words), 9))
    write(board, "2030-01-01-alpha.md", f"---\ntitle: 'Alpha Org: Alpine Lead Data Analyst'\n---\n{body}")
    app = make_app(board)
    watched = Watched(app, (120, 36))
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(pilot)
        await pilot.press("slash")
        for query in ("alpha", "data", "analyst", "lead"):
            for n, key in enumerate([*query, *["backspace"] * len(query)]):
                await pilot.press(key)
                await workers_done(app)
                await pilot.pause(0.02)
                assert await watched.now(pilot), f"typing {query!r}, key {n + 1}"
    assert watched.frames > 20
    assert watched.wrong == [] or not FAST  # (stock Textual may compose a widget a frame later)


async def test_rows_joining_a_full_view_leave_the_whole_picture(tmp_path: Path, xdg: Path):
    """The text's hits joining a view the first answer filled, newest first:
    they fall between its rows, and the lines drawn again are exactly those."""
    from tui.widgets.posting_table import PostingTable

    write(xdg / "xdg_config_home", "jobboard/config.toml", "[ui]\ncursor-blink = false\n")
    root = tmp_path / "b"
    for n in range(80):
        day = f"2020-{1 + n // 28:02d}-{1 + n % 28:02d}"
        if n % 2:
            write(root, f"{day}-t{n}.md", f"---\ntitle: 'Org {n}: Python Developer'\n---\nWrite code.")
        else:
            write(root, f"{day}-b{n}.md", f"---\ntitle: 'Org {n}: Data Analyst'\n---\nSome python helps.")
    app = make_app(root)
    watched = Watched(app, (120, 36))
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(pilot)
        table = app.query_one(PostingTable)
        await pilot.press("s")  # newest first
        for query in ("python", "code", "helps"):
            await pilot.press("slash", "ctrl+u", *query)
            await workers_done(app)
            await pilot.pause(0.02)
            assert await watched.now(pilot), query
        assert table.size.height < 40
    assert watched.wrong == [] or not FAST
