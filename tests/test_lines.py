"""With the fast path on, our widgets draw their lines themselves: the result
must be what Textual's own styles pass would have drawn, cell for cell and
style for style (with it off, they are drawn by that pass: nothing to compare)."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import requires_fast
from rich.segment import Segment
from rich.text import Text
from test_app import make_app, ready
from textual.geometry import Region
from textual.screen import ModalScreen
from textual.strip import Strip

from tui.fast.testing import Terminal, cells, composed, forget_drawn, on_frames, set_cursor_visible, styles_pass
from tui.widgets.key_bar import KeyBar
from tui.widgets.posting_detail import PostingDetail
from tui.widgets.posting_table import PostingTable, widths
from tui.widgets.search_box import SearchBox
from tui.widgets.status_bar import StatusBar
from tui.widgets.tag_sidebar import TagSidebar


@requires_fast
@pytest.mark.parametrize(("size", "no_color"), [((120, 36), False), ((80, 24), False), ((120, 36), True)])
async def test_direct_lines_match_the_styles_pass(
    board: Path, size: tuple[int, int], no_color: bool, monkeypatch: pytest.MonkeyPatch
):
    if no_color:  # a line filter that changes every colour (grey), as NO_COLOR=1 asks
        monkeypatch.setenv("NO_COLOR", "1")
    app = make_app(board)
    assert len(app.get_line_filters()) == 1 + no_color
    async with app.run_test(size=size) as pilot:
        await ready(pilot)
        await pilot.press("slash", *"data")  # highlights in the list
        await pilot.pause(0.1)
        await ready(pilot)
        for kind in (PostingTable, TagSidebar, PostingDetail, StatusBar, KeyBar, SearchBox):
            widget = app.query_one(kind)
            whole = widget.outer_size.region
            assert cells(widget.render_lines(whole)) == cells(styles_pass(widget, whole)), kind.__name__
            part = Region(1, 1, max(1, whole.width - 3), max(1, whole.height - 2))
            assert cells(widget.render_lines(part)) == cells(styles_pass(widget, part)), kind.__name__
        bars = [app.query_one(kind).vertical_scrollbar for kind in (PostingTable, TagSidebar, PostingDetail)]
        assert any(bar.display for bar in bars)
        for bar in bars:  # drawn without a Rich render, as Rich renders them
            whole = bar.outer_size.region
            assert cells(bar.render_lines(whole)) == cells(styles_pass(bar, whole))
        # Rows drawn for a query come back when it does (a character deleted):
        # still what the query highlights.
        table = app.query_one(PostingTable)
        for keys in (["backspace"], ["backspace", "backspace"], list("ta"), ["backspace"]):
            await pilot.press(*keys)
            await pilot.pause()
            whole = table.outer_size.region
            assert cells(table.render_lines(whole)) == cells(styles_pass(table, whole)), keys
        status = app.query_one(StatusBar)  # a status longer than the line is cut
        status.update(Text.assemble(("1 of 5 postings", "bold"), " matching " * 40))
        await pilot.pause()
        whole = status.outer_size.region
        assert cells(status.render_lines(whole)) == cells(styles_pass(status, whole))
        await pilot.press("tab")  # focus moves: the text pane's border changes colour
        await pilot.pause()
        for kind in (PostingDetail, SearchBox):  # the box, unfocused, has another background
            widget = app.query_one(kind)  # type: ignore[assignment]
            whole = widget.outer_size.region
            assert cells(widget.render_lines(whole)) == cells(styles_pass(widget, whole)), kind.__name__


@requires_fast
async def test_a_style_the_fast_path_cannot_draw_goes_the_usual_way(board: Path):
    app = make_app(board)
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(pilot)
        table = app.query_one(PostingTable)
        table.styles.border_top = ("round", "red")
        await pilot.pause()
        whole = table.outer_size.region
        drawn = cells(table.render_lines(whole))
        assert set("".join(char for char, _ in drawn[0])) == {"─"}
        assert drawn == cells(styles_pass(table, whole))


@requires_fast
async def test_kept_styles_follow_focus_and_theme(board: Path):
    """Our widgets keep their styles until Textual says they changed: after a
    change of focus or theme they draw what they draw with nothing kept."""
    app = make_app(board)
    kinds = (PostingTable, TagSidebar, PostingDetail, StatusBar, KeyBar, SearchBox)

    def drawn() -> list[list[list[tuple[str, object]]]]:
        return [cells(w.render_lines(w.outer_size.region)) for w in (app.query_one(kind) for kind in kinds)]

    async with app.run_test(size=(120, 36)) as pilot:
        await ready(pilot)
        for step in (["slash", *"data"], ["tab"], ["theme"], ["shift+tab"], ["theme"]):
            if step == ["theme"]:
                app.theme = "textual-light" if app.theme != "textual-light" else "textual-dark"
            else:
                await pilot.press(*step)
            await pilot.pause(0.1)
            before = drawn()
            for widget in (app.query_one(kind) for kind in kinds):
                widget.notify_style_update()  # everything kept is dropped
                forget_drawn(widget)
            assert drawn() == before, step


def test_posting_rows_fill_their_width_exactly():
    for longest in (0, 5, 28, 64):
        for width in range(1, 250):
            star, date, org, role, tags = widths(width, longest)
            assert min(star, date, org, role, tags) >= 0
            # ★ date organization role tags, one space after each but the last shown
            used = star + 1 + (date + 1 if date else 0) + org + 1 + role + (1 + tags if tags else 0)
            assert used == max(width, 3), (width, longest)


@requires_fast
async def test_the_search_box_draws_a_query_as_input_does(board: Path):
    from textual.widgets import Input

    app = make_app(board)
    async with app.run_test(size=(60, 20)) as pilot:
        await ready(pilot)
        box = app.query_one(SearchBox)

        def same() -> None:
            for visible in (True, False):
                set_cursor_visible(box, visible)
                assert cells([box.render_line(0)]) == cells([Input.render_line(box, 0)]), (box.value, visible)
                forget_drawn(box)  # and the line as it goes to the screen
                whole = box.outer_size.region
                assert cells(box.render_lines(whole)) == cells(styles_pass(box, whole)), (box.value, visible)

        def cursor_in_view() -> None:
            x = int(box.scroll_offset.x)
            assert x <= box.cursor_position < x + box.scrollable_content_region.width, (x, box.cursor_position)

        await pilot.press("slash")
        same()  # empty: the placeholder
        for text in ("d", "data sci", "org:blue director$ 'exact !not " * 3, "ab"):
            box.value = text
            box.cursor_position = len(text)  # scrolled when longer than the box
            await pilot.pause()
            cursor_in_view()
            same()
            box.cursor_position = 1
            await pilot.pause()
            cursor_in_view()
            same()
        assert box.scroll_offset.x == 0  # a short query again: nothing scrolled
        box.value = "ünïcode"  # not plain ASCII: Input draws it
        await pilot.pause()
        same()
        await pilot.press("tab")  # not focused: no cursor
        same()


@requires_fast
async def test_partial_updates_leave_the_whole_picture(board: Path):
    """Updates draw only the widgets under what changed: after each one, the
    terminal shows what drawing every widget gives."""
    app = make_app(board)
    terminal = Terminal(100, 30)
    wrong: list[int] = []
    frames: list[object] = []

    def check(screen: object, update: object) -> None:
        if update is None:
            return
        terminal.apply(update)
        frames.append(update)
        main = screen is app.screen and not isinstance(screen, ModalScreen)
        if main and terminal.cells != composed(app):
            wrong.append(len(frames))  # which update left a wrong picture

    on_frames(app, check)
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        for keys in (
            ["slash", *"data"],  # the box, the status line, the list; then the sidebar's counts
            ["backspace", "backspace"],
            ["escape", "j", "j"],  # the cursor, then the text pane
            ["f"],  # a star, the sidebar's count, a message
            ["tab"],
            ["question_mark", "escape"],  # a dialog over it all, and gone
            ["shift+tab", "down", "enter"],  # a tag chosen in the sidebar
        ):
            await pilot.press(*keys)
            await pilot.pause(0.1)
    assert len(frames) > 10  # the frames were seen
    assert not wrong


def test_only_containers_covered_cell_for_cell_count_as_hidden():
    from tui.fast.lines import hidden_behind_children

    class Node:
        def __init__(self, *children: Node) -> None:
            self.children = list(children)

    def _hidden_behind_children(visible: dict) -> set:
        return hidden_behind_children(visible, lambda node: node.children)

    def visible(**regions: Region) -> dict:
        return {nodes[name]: (region, Region(0, 0, 100, 100)) for name, region in regions.items()}

    left, right, top = Node(), Node(), Node()
    nodes = {"left": left, "right": right, "top": top, "box": Node(left, right), "outer": Node(top)}
    # Two children side by side cover the box; one row short of it does not.
    covered = visible(box=Region(0, 0, 10, 4), left=Region(0, 0, 4, 4), right=Region(4, 0, 6, 4))
    assert _hidden_behind_children(covered) == {nodes["box"]}
    short = visible(box=Region(0, 0, 10, 4), left=Region(0, 0, 4, 4), right=Region(4, 0, 6, 3))
    assert _hidden_behind_children(short) == set()
    gap = visible(box=Region(0, 0, 10, 4), left=Region(0, 0, 4, 4), right=Region(5, 0, 5, 4))
    assert _hidden_behind_children(gap) == set()
    narrow = visible(outer=Region(0, 0, 10, 4), top=Region(0, 0, 9, 4))
    assert _hidden_behind_children(narrow) == set()


def test_status_text_cut_at_its_spans_as_rich_renders_it():
    from rich.console import Console
    from rich.style import Style
    from rich.text import Text

    from tui.widgets.status_bar import text_segments

    console = Console(width=200)
    base = Style(color="white", bgcolor="black")
    status = Text("12 of 1,046 postings", style="bold")
    status.append(" matching ")
    status.append("org:seiu analyst", style="italic")
    status.append(" · best match first", style="dim")
    overlapping = Text("one two three")
    overlapping.stylize("bold", 0, 7)
    overlapping.stylize("red", 4, 13)
    for text in (status, Text("Loading…"), Text(""), Text("plain", style="dim"), overlapping):
        rich = Segment.apply_style(text.render(console, end=""), base + console.get_style(text.style))
        assert cells([Strip(text_segments(text, console, base))]) == cells([Strip(list(rich))]), text.plain
