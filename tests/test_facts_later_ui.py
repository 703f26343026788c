"""A large board shows before its text's facts are read: the status line
says they are coming; when they come, the columns, filters, sorts and the
text pane's header have them, and the cursor stays on the user's posting."""

from __future__ import annotations

from pathlib import Path

from test_app import make_app, ready, shown, workers_done
from test_fact_filters import C, facts_board

from tui.parts.loading import Loader
from tui.widgets.posting_detail import PostingDetail
from tui.widgets.posting_table import PostingTable
from tui.widgets.status_bar import StatusBar


class FactsGate:
    """Holds the facts read back from the screen until released (takes
    Loader.facts_read's place): the reading itself goes on."""

    def __init__(self) -> None:
        self.open = False
        self.held: list[tuple[Loader, object]] = []
        self.facts_read = original = Loader.facts_read

        def held(loader: Loader, message: object) -> None:
            if self.open:
                original(loader, message)  # type: ignore[arg-type]
            else:
                self.held.append((loader, message))

        self.hold = held

    def release(self) -> None:
        self.open = True
        for loader, message in self.held:
            self.facts_read(loader, message)  # type: ignore[arg-type]
        self.held.clear()


def header(app) -> str:
    detail = app.query_one(PostingDetail)
    return "".join(segment.text for strip in detail._header for segment in strip)


async def test_the_facts_come_after_the_list_and_the_cursor_stays(tmp_path: Path, monkeypatch):
    gate = FactsGate()
    monkeypatch.setattr(Loader, "facts_read", gate.hold)
    app = make_app(facts_board(tmp_path / "b"), facts_later_above=0)
    async with app.run_test(size=(160, 36)) as pilot:
        await ready(pilot)
        table = app.query_one(PostingTable)
        for _ in range(50):  # read, held back
            await pilot.pause(0.01)
            if gate.held:
                break
        assert gate.held
        status = str(app.query_one(StatusBar).text)
        assert "reading pay and deadlines…" in status
        assert "salary" not in table.given and "$95,000" not in header(app)
        await pilot.press("slash", *"salary:>50k", "enter")
        await pilot.pause()
        assert shown(app) == []  # no posting says its pay yet
        await pilot.press("escape")
        await pilot.press("g", "j")  # on City: Data Lead (the newest but one)
        await pilot.pause()
        assert table.current is not None and table.current.id == C
        gate.release()
        await pilot.pause()
        assert table.current is not None and table.current.id == C
        assert table.current.get("salary")[:2] == (95000.0, 95000.0)
        assert "salary" in table.given and "deadline" in table.given
        assert "$95,000" in header(app) and "reading pay" not in str(app.query_one(StatusBar).text)
        await pilot.press("slash", *"salary:>50k", "enter")
        await pilot.pause()
        assert sorted(shown(app)) == ["Acme: Data Analyst", "City: Data Lead", "Union: Organizer"]
        await pilot.press("escape")
        for _ in range(6):  # newest, oldest, organization, role, location, salary
            await pilot.press("s")
        await pilot.pause()
        assert app.main.choice.sort == "salary" and shown(app)[0] == "City: Data Lead"
        assert table.current is not None and table.current.id == C


async def test_facts_read_later_are_there_at_the_next_start(tmp_path: Path):
    root = facts_board(tmp_path / "b")
    cache = tmp_path / "cache"
    app = make_app(root, facts_later_above=0)
    app = type(app)(root, cache_dir=cache, facts_later_above=0)
    async with app.run_test(size=(160, 36)) as pilot:
        await ready(pilot)
        for _ in range(100):
            await pilot.pause(0.01)
            if app.main.loader.facts_state is None:
                break
        assert "salary" in app.query_one(PostingTable).given
    again = type(app)(root, cache_dir=cache, facts_later_above=0)
    async with again.run_test(size=(160, 36)) as pilot:
        await ready(pilot)
        assert again.session.board is not None and again.session.board.unread == []
        assert again.main.loader.facts_state is None
        assert "salary" in again.query_one(PostingTable).given


async def test_facts_arriving_before_a_typed_query_is_answered_keep_its_best_match(tmp_path: Path, monkeypatch):
    """Filtered in a thread (a large board): the facts arriving start a newer
    filter than the query just typed, whose answer is then dropped; the
    newer answer is the typed query's, the cursor on its best match."""
    gate = FactsGate()
    monkeypatch.setattr(Loader, "facts_read", gate.hold)
    app = make_app(facts_board(tmp_path / "b"), facts_later_above=0, filter_in_thread_above=0)
    async with app.run_test(size=(160, 36)) as pilot:
        await ready(pilot)
        for _ in range(100):
            await pilot.pause(0.01)
            if gate.held:
                break
        table = app.query_one(PostingTable)
        await pilot.press("G", "k")  # on Acme: Data Analyst, not the best match for "analyst"
        await pilot.pause()
        assert table.current is not None and table.current.title == "Acme: Data Analyst"
        screen = app.main
        screen.choice = screen.choice.but(query="analyst")
        screen.refilter(new_query=True)  # typed, its answer in a thread
        gate.release()  # and the facts arrive before it is on screen
        for _ in range(20):
            await workers_done(app)
            await pilot.pause(0.02)
        assert table.current is not None and table.current.id == table.postings[int(table.rows[0])].id
        assert table.current.title != "Acme: Data Analyst"


async def test_an_export_while_the_facts_are_read_says_so(tmp_path: Path, xdg: Path, monkeypatch):
    gate = FactsGate()
    monkeypatch.setattr(Loader, "facts_read", gate.hold)
    (xdg / "Downloads").mkdir()
    app = make_app(facts_board(tmp_path / "b"), facts_later_above=0)
    async with app.run_test(size=(160, 36), notifications=True) as pilot:
        await ready(pilot)
        await pilot.press("f")  # a posting saved: one to export
        await pilot.pause()
        app.main.hunt.export("csv")
        assert any("still being read" in toast.message for toast in app.said)
        gate.release()
        await pilot.pause()
        assert app.session.board is not None and app.session.board.unread == []
        app.main.hunt.export("csv")
        assert "still being read" not in app.said[-1].message
