"""The job hunt's board: columns by status, cards moved between them with keys."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

import pytest
from textual.app import App

from tui.marks import Refused, Status
from tui.widgets.pipeline import COLUMNS, EMPTY, Card, PipelineBoard, PipelineKeys, PipelineScreen, short_date

TODAY = dt.date(2026, 3, 10)


def sample() -> list[Card]:
    """Eight cards over four columns, one follow-up due."""
    return [
        Card("afl", "AFL-CIO", "Lead Data Scientist", Status.SAVED, dt.date(2026, 3, 1)),
        Card(
            "dnc",
            "Democratic National Committee",
            "Senior Data Engineer, Analytics",
            Status.SAVED,
            dt.date(2026, 2, 20),
            dt.date(2026, 3, 12),
        ),
        Card("seiu", "SEIU", "Analyst", Status.APPLIED, dt.date(2026, 3, 5), dt.date(2026, 3, 8), True),
        Card("civis", "Civis Analytics", "Data Scientist", Status.APPLIED, dt.date(2025, 12, 5)),
        Card("emily", "EMILY's List", "Director of Data", Status.APPLIED, None),
        Card("aclu", "ACLU", "Data Analyst", Status.INTERVIEWING, dt.date(2026, 3, 9), dt.date(2026, 3, 20)),
        Card("catalist", "Catalist", "Client Services Manager", Status.INTERVIEWING, dt.date(2026, 1, 30)),
        Card("ngp", "NGP VAN", "Product Manager", Status.REJECTED, dt.date(2026, 2, 2)),
    ]


class Store:
    """What the app's marks would do: each move saved, dated today."""

    def __init__(self, cards: list[Card], refuse: BaseException | None = None, answer_none: bool = False) -> None:
        self.cards = {card.id: card for card in cards}
        self.calls: list[tuple[str, Status]] = []
        self.refuse = refuse
        self.answer_none = answer_none

    def move(self, card_id: str, status: Status) -> Card | None:
        self.calls.append((card_id, status))
        if self.refuse is not None:
            raise self.refuse
        if self.answer_none:
            return None
        card = self.cards[card_id] = dataclasses.replace(self.cards[card_id], status=status, since=TODAY)
        return card


class BoardApp(App[None]):
    def __init__(self, cards: list[Card], store: Store | None = None) -> None:
        super().__init__()
        self.cards = cards
        self.store = store or Store(cards)
        self.result: object = "not dismissed"
        self.said: list[str] = []

    def on_mount(self) -> None:
        self.push_screen(PipelineScreen(self.cards, self.store.move, TODAY), self.dismissed)

    def dismissed(self, result: str | None) -> None:
        self.result = result

    def notify(self, message: str, **kwargs: Any) -> None:
        self.said.append(message)
        super().notify(message, **kwargs)


def board_of(app: App[Any]) -> PipelineBoard:
    return app.screen.query_one(PipelineBoard)


def lines(board: PipelineBoard) -> list[str]:
    """The board as drawn, a string a line."""
    return [board.render_line(y).text for y in range(board.size.height)]


def column_at(board: PipelineBoard, text: str) -> Status:
    """The column whose cells show ``text`` (it must be shown once)."""
    found = [(line.index(text), line) for line in lines(board) if text in line]
    assert len(found) == 1, found
    x = found[0][0]
    for k, width in enumerate(board.widths()):
        if x < width:
            return COLUMNS[board.first + k]
        x -= width + 1
    raise AssertionError(f"{text!r} is off the board")


async def test_a_card_moves_right_and_left():
    app = BoardApp(sample())
    async with app.run_test(size=(120, 36)) as pilot:
        board = board_of(app)
        assert board.current is not None and board.current.id == "afl"
        assert column_at(board, "AFL-CIO") == Status.SAVED
        await pilot.press("L")
        assert app.store.calls == [("afl", Status.APPLIED)]
        assert column_at(board, "AFL-CIO") == Status.APPLIED
        assert board.current.id == "afl"  # it keeps the focus, placed by its date (today's: first)
        assert [card.id for card in board.columns[1]] == ["afl", "seiu", "civis", "emily"]
        assert "Applied 4" in lines(board)[1] and "Saved 1" in lines(board)[1]
        await pilot.press("greater_than_sign", "shift+right")
        assert app.store.calls[1:] == [("afl", Status.INTERVIEWING), ("afl", Status.OFFER)]
        assert column_at(board, "AFL-CIO") == Status.OFFER
        await pilot.press("H", "less_than_sign", "shift+left")
        assert app.store.calls[3:] == [
            ("afl", Status.INTERVIEWING),
            ("afl", Status.APPLIED),
            ("afl", Status.SAVED),
        ]
        assert column_at(board, "AFL-CIO") == Status.SAVED
        assert board.current.id == "afl"
        await pilot.press("H")  # nothing before Saved
        assert len(app.store.calls) == 6


@pytest.mark.parametrize(
    "store",
    [
        lambda cards: Store(cards, refuse=Refused("marks are not saved: hunt.sqlite is a newer jobboard's")),
        lambda cards: Store(cards, answer_none=True),
    ],
    ids=["refused", "none"],
)
async def test_a_refused_move_keeps_the_card(store):
    cards = sample()
    app = BoardApp(cards, store(cards))
    async with app.run_test(size=(120, 36)) as pilot:
        board = board_of(app)
        await pilot.press("L")
        assert app.store.calls == [("afl", Status.APPLIED)]
        assert column_at(board, "AFL-CIO") == Status.SAVED
        assert board.current is not None and board.current.id == "afl"
        assert "Saved 2" in lines(board)[1]
        assert len(app.said) == 1 and app.said[0].startswith("Not moved")
        if app.store.refuse is not None:
            assert "newer jobboard's" in app.said[0]


async def test_enter_opens_the_focused_posting():
    app = BoardApp(sample())
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.press("l", "j", "enter")
        assert app.result == "civis"


@pytest.mark.parametrize("key", ["escape", "q"])
async def test_escape_closes_with_nothing(key):
    app = BoardApp(sample())
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.press(key)
        assert app.result is None


async def test_focus_moves_between_columns_and_cards():
    app = BoardApp(sample())
    async with app.run_test(size=(120, 36)) as pilot:
        board = board_of(app)

        async def at(*keys: str) -> str:
            await pilot.press(*keys)
            assert board.current is not None
            return board.current.id

        assert await at("j") == "dnc"
        assert await at("j") == "dnc"  # the last one
        assert await at("k") == "afl"
        assert await at("l") == "seiu"
        assert await at("G") == "emily"
        assert await at("g") == "seiu"
        assert await at("down", "right") == "catalist"  # the card nearest on screen
        assert await at("l") == "ngp"  # Offer is empty: skipped
        assert await at("l") == "ngp"  # nothing after
        assert await at("h") == "aclu"
        assert await at("left", "up") == "seiu"
        assert board.column == 1


async def test_hostile_titles_are_shown_as_written():
    cards = [
        Card("x", "[bold]Org[/bold]", "a\x1b[2Jb\nc", Status.SAVED, TODAY),
        Card("y", "[/] Analyst [red", "Lead\x07\x9b31m", Status.APPLIED, TODAY),
    ]
    app = BoardApp(cards)
    async with app.run_test(size=(200, 60)):
        board = board_of(app)
        shown = "\n".join(lines(board))
        assert "[bold]Org[/bold]" in shown
        assert "a\\x1b[2Jb\\x0ac" in shown
        assert "[/] Analyst [red" in shown
        assert "Lead\\x07\\u009b31m" in shown
        for y in range(board.size.height):
            for segment in board.render_line(y):
                assert segment.text.isprintable(), repr(segment.text)


async def test_names_are_cut_to_the_card():
    cards = [Card("x", "O" * 5000, "R" * 80, Status.SAVED, TODAY)]
    app = BoardApp(cards)
    async with app.run_test(size=(60, 20)):
        board = board_of(app)
        width = board.widths()[0]
        org_line = next(line for line in lines(board) if "OOO" in line)
        assert org_line[:width].rstrip().endswith("O…")
        assert all(line.count("R") < width for line in lines(board))


def test_dates_show_the_year_when_not_this_one():
    assert short_date(dt.date(2026, 3, 5), TODAY) == "5 Mar"
    assert short_date(dt.date(2025, 12, 11), TODAY) == "11 Dec 2025"


async def test_a_card_shows_its_dates_and_a_due_follow_up():
    app = BoardApp(sample())
    async with app.run_test(size=(200, 60)):
        shown = "\n".join(lines(board_of(app)))
        assert "applied 5 Mar" in shown
        assert "applied 5 Dec 2025" in shown
        assert "! follow up 8 Mar" in shown  # due
        assert "follow up 12 Mar" in shown and "! follow up 12 Mar" not in shown


async def test_narrow_shows_the_columns_that_fit_and_says_how_many_more():
    app = BoardApp(sample())
    async with app.run_test(size=(60, 20)) as pilot:
        board = board_of(app)
        assert len(board.widths()) == 3 and min(board.widths()) >= 18
        title = lines(board)[0]
        assert "3 more ›" in title and "‹" not in title
        await pilot.press("l", "l", "l")  # to Rejected (Offer is empty)
        assert board.current is not None and board.current.id == "ngp"
        title, heads = lines(board)[:2]
        assert "‹ 2 more" in title and "1 more ›" in title
        assert "Rejected" in heads and "Saved" not in heads
        assert "nothing yet" in "\n".join(lines(board))  # Offer
        await pilot.press("L")  # to Withdrawn, the last column: scrolled to
        assert column_at(board, "NGP VAN") == Status.WITHDRAWN
        assert "‹ 3 more" in lines(board)[0] and "more ›" not in lines(board)[0]


async def test_a_long_column_scrolls_to_the_focused_card():
    cards = [Card(f"p{n}", f"Org {n:03}", "Role", Status.SAVED, TODAY - dt.timedelta(days=n)) for n in range(40)]
    app = BoardApp(cards)
    async with app.run_test(size=(60, 20)) as pilot:
        board = board_of(app)
        assert "Org 000" in "\n".join(lines(board))
        await pilot.press("G")
        shown = "\n".join(lines(board))
        assert "Org 039" in shown and "Org 000" not in shown
        await pilot.press("g")
        assert "Org 000" in "\n".join(lines(board))


async def test_a_thousand_cards_and_a_move():
    statuses = [Status.SAVED, Status.APPLIED, Status.INTERVIEWING, Status.REJECTED]
    cards = [
        Card(f"p{n}", f"Org {n}", f"Role {n}", statuses[n % 4], TODAY - dt.timedelta(days=n % 400)) for n in range(1000)
    ]
    app = BoardApp(cards)
    async with app.run_test(size=(120, 36)) as pilot:
        board = board_of(app)
        assert [len(column) for column in board.columns] == [250, 250, 250, 0, 250, 0]
        await pilot.press("G")
        last = board.current
        assert last is not None
        assert last.org in "\n".join(lines(board))
        await pilot.press("L")
        assert app.store.calls == [(last.id, Status.APPLIED)]
        assert [len(column) for column in board.columns] == [249, 251, 250, 0, 250, 0]
        assert board.current is not None and board.current.id == last.id
        assert column_at(board, last.org) == Status.APPLIED


async def test_an_empty_pipeline_says_how_to_fill_it():
    app = BoardApp([])
    async with app.run_test(size=(80, 24)) as pilot:
        board = board_of(app)
        assert EMPTY in "\n".join(lines(board))
        assert "more" not in lines(board)[0]  # no column to scroll to
        keys = app.screen.query_one(PipelineKeys)
        assert keys.render_line(0).text.strip() == "Esc close"
        await pilot.press("L", "enter", "j", "l")  # nothing to do
        assert app.result == "not dismissed"
        await pilot.press("escape")
        assert app.result is None


@pytest.mark.parametrize("size", [(200, 60), (120, 36), (80, 24), (60, 20), (40, 12)])
async def test_every_size_shows_the_focused_card(size):
    app = BoardApp(sample())
    async with app.run_test(size=size) as pilot:
        board = board_of(app)
        for key in ["l", "l", "l", "L", "h"]:
            await pilot.press(key)
            assert board.current is not None
            shown = "\n".join(lines(board))
            assert board.current.org[:8] in shown
            assert f"{board.current.status.label}" in lines(board)[1]


async def test_a_resize_keeps_the_focused_column_in_view():
    app = BoardApp(sample())
    async with app.run_test(size=(120, 36)) as pilot:
        board = board_of(app)
        await pilot.press("l", "l", "l")
        assert board.current is not None and board.current.id == "ngp"
        await pilot.resize_terminal(60, 20)
        await pilot.pause()
        assert column_at(board, "NGP VAN") == Status.REJECTED
        assert "‹ 2 more" in lines(board)[0]


async def test_a_click_focuses_a_card():
    app = BoardApp(sample())
    async with app.run_test(size=(120, 36)) as pilot:
        board = board_of(app)
        y = next(y for y, line in enumerate(lines(board)) if "Catalist" in line)
        x = lines(board)[y].index("Catalist")
        await pilot.click(PipelineBoard, offset=(x, y + 1))  # its role's line
        assert board.current is not None and board.current.id == "catalist"
        await pilot.click(PipelineBoard, offset=(x, 1))  # a column's name: no card
        assert board.current.id == "catalist"


async def test_wide_characters_and_statuses_without_a_column():
    cards = [
        Card("w", "数据科学家" * 10, "🧑‍💻 Data", Status.SAVED, TODAY),
        Card("n", "Not For Me", "Role", Status.NOT_INTERESTED, TODAY),
    ]
    app = BoardApp(cards)
    async with app.run_test(size=(60, 20)):
        board = board_of(app)
        assert [len(column) for column in board.columns] == [1, 0, 0, 0, 0, 0]
        assert "Not For Me" not in "\n".join(lines(board))
        for y in range(board.size.height):
            assert board.render_line(y).cell_length == 60


def test_the_pipeline_120x36(snap_compare):
    assert snap_compare(BoardApp(sample()), terminal_size=(120, 36), press=["j"])


def test_the_pipeline_60x20(snap_compare):
    assert snap_compare(BoardApp(sample()), terminal_size=(60, 20), press=["l"])
