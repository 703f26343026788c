"""What the postings say as filters, sorts and columns: salary:, deadline:,
posted:, location:, open:, is:open, is:remote, is:temporary."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from conftest import write
from test_app import make_app, ready, shown

from tui.browse import Browser, Choice
from tui.filters import Hunt
from tui.library import load_board
from tui.search import Index, parse_query

TODAY = dt.date(2020, 11, 1)


def facts_board(root: Path) -> Path:
    write(
        root,
        "2020-10-01-a.md",
        "---\ntitle: 'Acme: Data Analyst'\n---\nSalary: $60,000 - $70,000. Apply by October 20.",
    )
    write(root, "2020-10-02-b.md", "---\ntitle: 'Union: Organizer'\n---\nThe pay is $25 per hour. Fully remote.")
    write(
        root,
        "2020-10-03-c.md",
        "---\ntitle: 'City: Data Lead'\nlocation: Washington, DC\n---\nThis position pays $95,000. Deadline: 11/15/20.",
    )
    write(root, "2020-10-04-d.md", "---\ntitle: 'Campaign: Field Fellow'\n---\nA temporary position. Competitive pay.")
    write(root, "2020-06-01-e.md", "---\ntitle: 'Old: Analyst'\nlocation: Montréal, QC\n---\nSalary: $40k-$45k.")
    return root


A, B, C, D, E = "2020-10-01-a.md", "2020-10-02-b.md", "2020-10-03-c.md", "2020-10-04-d.md", "2020-06-01-e.md"


def found(browser: Browser, query: str, today: dt.date = TODAY) -> list[str]:
    hunt = Hunt(today=today)
    choice = Choice().but(query=query)
    assert not choice.query.problems, choice.query.problems
    rows = browser.result(choice, browser.mask(choice, hunt)).rows
    return sorted(browser.postings[i].id for i in rows.tolist())


@pytest.fixture
def browser(tmp_path: Path) -> Browser:
    board = load_board(facts_board(tmp_path / "b"))
    return Browser(board.postings, Index(board.postings))


@pytest.mark.parametrize(
    ("query", "want"),
    [
        ("salary:>70k", [A, C]),  # a range reaching 70k counts
        ("salary:>=90000", [C]),
        ("salary:<50k", [E]),
        ("salary:50k..90k", [A, B]),  # $25 an hour is $52,000 a year; $95,000 is above
        ("salary:$52,000", [A, B, C]),  # a bare figure: at least
        ("!salary:>70k", [B, D, E]),  # those without a salary too
        ("deadline:>2020-10-31", [C]),
        ("deadline:<2020-11-01", [A]),
        ("deadline:2020-10-01..2020-12-31", [A, C]),
        ("posted:>2020-09-30", [A, B, C, D]),
        ("posted:<2020-07-01", [E]),
        ("location:dc", [C]),
        ("location:montreal", [E]),  # accents folded
        ("location:wash", [C]),
        ("is:remote", [B]),
        ("is:temporary", [D]),
        ("is:open", [B, C, D, E]),  # A's deadline has passed; the others give none, or a later one
        ("open:2020-10-15", [A, B, C, D, E]),
        ("analyst salary:>50k", [A]),
        ("salary:>50k deadline:>2020-11-01", [C]),
    ],
)
def test_a_fact_filter_lets_through_the_postings_that_say_so(browser: Browser, query: str, want: list[str]):
    assert found(browser, query) == sorted(want)


def test_relative_days_count_from_today(tmp_path: Path):
    today = dt.date.today()
    for name, days_ago, days_left in (("new", 3, 10), ("old", 60, 40)):
        day, deadline = today - dt.timedelta(days=days_ago), today + dt.timedelta(days=days_left)
        written = f"{deadline:%B} {deadline.day}, {deadline.year}"
        write(tmp_path, f"{day}-{name}.md", f"---\ntitle: 'Org: {name}'\n---\nDeadline: {written}.\n")
    board = load_board(tmp_path)
    browser = Browser(board.postings, Index(board.postings))
    new, old = (f"{today - dt.timedelta(days=n)}-{name}.md" for n, name in ((3, "new"), (60, "old")))
    assert found(browser, "posted:<30d", today) == [new]
    assert found(browser, "posted:>30d", today) == [old]
    assert found(browser, "deadline:<14d", today) == [new]
    assert found(browser, "deadline:<8w", today) == sorted([new, old])


@pytest.mark.parametrize(
    ("query", "problem"),
    [
        ("salary:lots", "no salary:lots: try salary:>70k, salary:<50k or salary:60k..90k (a year's pay)"),
        ("deadline:soon", "no deadline:soon: try deadline:>2020-11-01 or deadline:<14d"),
        ("posted:2020-13-45", "no posted:2020-13-45: try posted:>2020-06-01 or posted:<30d"),
    ],
)
def test_a_fact_filter_that_cannot_be_read_is_said(query: str, problem: str):
    assert parse_query(query).problems == (problem,)


def test_list_json_gives_the_facts_and_the_query_takes_them(tmp_path: Path, capsys):
    from tui.cli import main

    root = facts_board(tmp_path / "b")
    assert main(["list", str(root), "--json", "-q", "salary:>70k"]) == 0
    data = {d["id"]: d for d in json.loads(capsys.readouterr().out)}
    assert set(data) == {A, C}
    assert data[A]["salary"] == {
        "min": 60000,
        "max": 70000,
        "period": "year",
        "annual_min": 60000,
        "annual_max": 70000,
        "text": "$60,000 - $70,000",
    }
    assert (data[A]["deadline"], data[C]["deadline"], data[C]["location"]) == (
        "2020-10-20",
        "2020-11-15",
        "Washington, DC",
    )
    assert main(["list", str(root), "--json", "-q", "is:remote"]) == 0
    [remote] = json.loads(capsys.readouterr().out)
    assert remote["salary"]["period"] == "hour" and remote["salary"]["annual_min"] == 52000
    assert (remote["remote"], remote["temporary"], remote["deadline"]) == (True, False, None)


async def test_the_query_filters_by_salary_and_deadline_and_s_sorts_by_salary(tmp_path: Path):
    root = facts_board(tmp_path / "b")
    app = make_app(root)
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(pilot)
        await pilot.press("slash", *"salary:>50k", "enter")
        await pilot.pause()
        assert sorted(shown(app)) == ["Acme: Data Analyst", "City: Data Lead", "Union: Organizer"]
        await pilot.press("slash", "ctrl+u", *"deadline:>2020-11-01", "enter")
        await pilot.pause()
        assert shown(app) == ["City: Data Lead"]
        await pilot.press("escape")
        await pilot.pause()
        assert len(shown(app)) == 5
        for _ in range(6):  # newest, oldest, organization, role, location, salary
            await pilot.press("s")
        await pilot.pause()
        assert app.main.choice.sort == "salary"
        assert shown(app) == [
            "City: Data Lead",
            "Acme: Data Analyst",
            "Union: Organizer",
            "Old: Analyst",
            "Campaign: Field Fellow",
        ]
