"""The browsing model: what the user chose, turned into rows, counts and
totals, the same for the app and for ``jobboard list``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import write
from test_app import make_app, ready, workers_done

from tui.bodies import BodyIndex
from tui.browse import SORTS, Browser, Choice
from tui.cli import main
from tui.filters import Hunt
from tui.library import load_board
from tui.marks import Status
from tui.search import Index
from tui.widgets.posting_table import PostingTable


def dated_board(root: Path) -> Path:
    """Postings whose every order differs: dates, organizations and roles
    each put them in another order."""
    write(root, "2021-03-01-b.md", '---\ntitle: "Beta Org: Zeta Analyst"\ntags: [data, union]\n---\nRemote.')
    write(root, "2019-05-01-c.md", '---\ntitle: "Gamma Org: Alpha Analyst"\ntags: [data]\n---\nIn Boston.')
    write(root, "2020-07-01-a.md", '---\ntitle: "Alpha Org: Mid Engineer"\ntags: [union]\n---\nRemote, remote.')
    write(root, "undated.md", '---\ntitle: "Delta Org: Beta Analyst Lead"\ntags: [data]\n---\nx')
    return root


def ids(browser: Browser, choice: Choice, favorites: dict[str, str] | None = None) -> list[str]:
    hunt = Hunt(statuses=dict.fromkeys(favorites or {}, Status.SAVED))
    rows = browser.result(choice, browser.mask(choice, hunt)).rows
    return [browser.postings[i].id for i in rows.tolist()]


def test_each_sort_gives_its_own_order(tmp_path: Path):
    board = load_board(dated_board(tmp_path / "b"))
    browser = Browser(board.postings, Index(board.postings))
    expected = {
        "best": ["2021-03-01-b.md", "2020-07-01-a.md", "2019-05-01-c.md", "undated.md"],
        "newest": ["2021-03-01-b.md", "2020-07-01-a.md", "2019-05-01-c.md", "undated.md"],
        "oldest": ["2019-05-01-c.md", "2020-07-01-a.md", "2021-03-01-b.md", "undated.md"],
        "org": ["2020-07-01-a.md", "2021-03-01-b.md", "undated.md", "2019-05-01-c.md"],
        "role": ["2019-05-01-c.md", "undated.md", "2020-07-01-a.md", "2021-03-01-b.md"],
        "location": ["2021-03-01-b.md", "2020-07-01-a.md", "2019-05-01-c.md", "undated.md"],  # none gives one
        "salary": ["2021-03-01-b.md", "2020-07-01-a.md", "2019-05-01-c.md", "undated.md"],
        "deadline": ["2021-03-01-b.md", "2020-07-01-a.md", "2019-05-01-c.md", "undated.md"],
    }
    assert list(expected) == list(SORTS)
    for sort, order in expected.items():
        assert ids(browser, Choice(sort=sort)) == order, sort
    # with a query, "best" ranks: the role that starts with it first
    assert ids(browser, Choice().but(query="beta")) == ["undated.md", "2021-03-01-b.md"]
    assert Choice(sort="role").next_sort().sort == "best"  # no posting gives a location
    assert Choice(sort="role").next_sort(frozenset({"location"})).sort == "location"
    assert Choice(sort="location").next_sort().sort == "best"


def test_a_sort_by_a_field_puts_the_postings_without_it_last(tmp_path: Path):
    write(tmp_path, "2024-01-01-a.md", "---\ntitle: 'A: Analyst'\nlocation: boston, MA\n---\n")
    write(tmp_path, "2024-01-02-b.md", "---\ntitle: 'B: Analyst'\n---\n")
    write(tmp_path, "2024-01-03-c.md", "---\ntitle: 'C: Analyst'\nlocation: Austin, TX\n---\n")
    board = load_board(tmp_path)
    browser = Browser(board.postings, Index(board.postings))
    assert browser.given == {"location"}
    assert ids(browser, Choice(sort="location")) == ["2024-01-03-c.md", "2024-01-01-a.md", "2024-01-02-b.md"]


def test_sorts_by_salary_highest_first_and_by_deadline_soonest_first(tmp_path: Path):
    write(tmp_path, "2024-01-01-a.md", "---\ntitle: 'A: Analyst'\n---\nThe salary is $25 per hour. Apply by March 1.")
    write(tmp_path, "2024-01-02-b.md", "---\ntitle: 'B: Analyst'\n---\nCompetitive pay.")
    write(tmp_path, "2024-01-03-c.md", "---\ntitle: 'C: Analyst'\n---\nSalary: $60,000 - $70,000. Deadline: 2/1/24.")
    write(tmp_path, "2024-01-04-d.md", "---\ntitle: 'D: Analyst'\n---\nThis position pays $45,000.")
    board = load_board(tmp_path)
    browser = Browser(board.postings, Index(board.postings))
    assert ids(browser, Choice(sort="salary")) == [
        "2024-01-03-c.md",
        "2024-01-01-a.md",
        "2024-01-04-d.md",
        "2024-01-02-b.md",
    ]
    assert ids(browser, Choice(sort="deadline")) == [
        "2024-01-03-c.md",
        "2024-01-01-a.md",
        "2024-01-04-d.md",
        "2024-01-02-b.md",
    ]


def test_tags_favorites_and_totals(tmp_path: Path):
    board = load_board(dated_board(tmp_path / "b"))
    browser = Browser(board.postings, Index(board.postings))
    both = Choice(tags=frozenset({"data", "union"}))
    assert ids(browser, both) == ["2021-03-01-b.md"]
    assert len(ids(browser, both.but(any_tag=True))) == 4
    choice = Choice(tags=frozenset({"union"})).but(query="analyst")
    result = browser.result(choice, browser.mask(choice, Hunt()))
    assert result.total == 3 and len(result.rows) == 1  # 3 analysts in all, 1 of them tagged union
    assert result.counts == {"data": 1, "union": 1}
    favorites = {"undated.md": "t", "2019-05-01-c.md": "t"}
    assert ids(browser, Choice(filters=frozenset({"status:saved"})), favorites) == ["2019-05-01-c.md", "undated.md"]


def wordy_board(root: Path) -> Path:
    """Short words in the text, and a title with the letters of "remote" in order."""
    write(root, "2021-01-01-co.md", f'---\ntitle: "{COLORADO}"\ntags: [data]\n---\nIn Denver.')
    write(root, "2021-01-02-dc.md", '---\ntitle: "DC Vote: Organizer"\ntags: [union]\n---\nJoin us.')
    write(root, "2021-01-03-ds.md", '---\ntitle: "Org: Data Scientist"\n---\nWashington, DC. Fully remote.')
    write(root, "2021-01-04-r.md", '---\ntitle: "Other: Analyst"\n---\nPython or R.')
    write(root, "2021-01-05-re.md", '---\ntitle: "Third: Researcher"\n---\nResearch, remotely.')
    return root


COLORADO = "Colorado Civic Engagement Roundtable: Data & Targeting Manager"


def test_short_words_and_no_padding(tmp_path: Path):
    board = load_board(wordy_board(tmp_path / "b"))
    index = Index(board.postings)
    bodies = BodyIndex(None, board.root)
    bodies.update([p.id for p in board.postings], board.read_bodies)
    index.set_bodies(bodies)
    browser = Browser(board.postings, index)

    def result(query: str, text: bool = True) -> tuple[list[str], list[str]]:
        choice = Choice().but(query=query)
        found = browser.result(choice, browser.mask(choice, Hunt()), text)
        return [board.postings[i].id[11:-3] for i in found.rows.tolist()], [str(t) for t in found.close]

    assert result("text:dc") == (["ds"], [])
    assert result("text:r") == (["r"], [])
    assert result("dc") == (["dc", "ds"], [])  # the organization's, then the text's; not d...c in "Data Scientist"
    rows, close = result("remote")
    assert sorted(rows) == ["ds", "re"] and close == []  # not the letters in order of the Roundtable
    assert result("remote", text=False) == (["co"], ["remote"])  # the first answer: close matches, said
    assert result("remtoe") == (["co"], ["remtoe"])
    choice = Choice().but(query="remtoe", tags=frozenset({"union"}))
    assert browser.result(choice, browser.mask(choice, Hunt())).close == ()  # nothing listed: nothing said


@pytest.mark.parametrize(
    ("make", "query", "tags", "sort"),
    [
        (dated_board, "", [], "best"),
        (dated_board, "analyst", [], "best"),
        (dated_board, "analyst", ["data"], "oldest"),
        (dated_board, "", ["union"], "org"),
        (dated_board, "a", [], "role"),
        (dated_board, "remote", [], "best"),  # in the text only
        (dated_board, "analyst !remote", [], "best"),
        (wordy_board, "dc", [], "best"),  # a short word: in the text too
        (wordy_board, "text:r", [], "best"),
        (wordy_board, "remote", [], "best"),  # found as written: no letters in order
        (wordy_board, "remtoe", [], "best"),  # a typo: close matches
    ],
)
async def test_cli_and_app_show_the_same_rows(tmp_path: Path, capsys, make, query: str, tags: list[str], sort: str):
    root = make(tmp_path / "b")
    argv = ["list", str(root), "--query", query, "--sort", sort, "--json"]
    for tag in tags:
        argv += ["--tag", tag]
    assert main(argv) == 0
    listed = [p["id"] for p in json.loads(capsys.readouterr().out)]
    app = make_app(root)
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(pilot)
        if query:
            await pilot.press("slash", *query, "enter")
        for tag in tags:
            app.main.action_jump_tag(tag)
        app.main.action_sort(sort)
        await pilot.pause()
        await workers_done(app)
        await pilot.pause()
        table = app.query_one(PostingTable)
        assert [table.postings[i].id for i in table.rows.tolist()] == listed
    assert listed  # each case shows something
