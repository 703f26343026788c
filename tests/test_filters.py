"""Filters of the user's marks: one kind, taken by the browsing model from
the sidebar's choice and from the query's words."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from test_browse import dated_board

from tui.browse import Browser, Choice
from tui.filters import FILTERS, Hunt, filter_for
from tui.library import load_board
from tui.marks import Status
from tui.posting import Posting
from tui.search import Index, parse_query

TODAY = dt.date(2026, 12, 4)
B, C, A, U = "2021-03-01-b.md", "2019-05-01-c.md", "2020-07-01-a.md", "undated.md"


def browser_of(tmp_path: Path, missing: tuple[str, ...] = ()) -> Browser:
    board = load_board(dated_board(tmp_path / "b"))
    gone = [Posting(i, i, "", f"(missing) {i}", None, ()) for i in missing]
    postings = [*board.postings, *gone]
    return Browser(postings, Index(postings), len(gone))


def ids(browser: Browser, choice: Choice | str, hunt: Hunt) -> list[str]:
    if isinstance(choice, str):
        choice = Choice().but(query=choice)
    rows = browser.result(choice, browser.mask(choice, hunt)).rows
    return sorted(browser.postings[i].id for i in rows.tolist())


HUNT = Hunt(
    statuses={B: Status.APPLIED, C: Status.SAVED, A: Status.NOT_INTERESTED, "gone.md": Status.INTERVIEWING},
    new=frozenset({B, U}),
    follow_ups={B: TODAY, C: TODAY + dt.timedelta(days=3)},
    notes={C: "Call the Recruiter on Monday"},
    today=TODAY,
)


def test_every_filter_from_the_sidebar(tmp_path: Path):
    browser = browser_of(tmp_path, missing=("gone.md",))

    def chosen(*words: str) -> list[str]:
        return ids(browser, Choice(filters=frozenset(words)), HUNT)

    assert chosen() == sorted([B, C, U])  # not interested is hidden, the posting gone is not listed
    assert chosen("status:applied") == [B]
    assert chosen("status:applied", "status:saved") == sorted([B, C])  # one group: any of them
    assert chosen("status:applied", "is:new") == [B]  # two groups: both
    assert chosen("status:interviewing") == ["gone.md"]  # a mark whose posting is gone is still listed
    assert chosen("is:new") == sorted([B, U])
    assert chosen("is:due") == [B]
    assert chosen("has:note") == [C]
    assert chosen("status:not-interested") == [A]  # asked for, a hidden posting shows
    assert chosen("is:hidden") == [A]


def test_the_query_names_filters(tmp_path: Path):
    browser = browser_of(tmp_path)
    assert ids(browser, "is:new", HUNT) == sorted([B, U])
    assert ids(browser, "status:applied", HUNT) == [B]
    assert ids(browser, "is:applied", HUNT) == [B]
    assert ids(browser, "!is:new", HUNT) == [C]
    assert ids(browser, "note:recruiter", HUNT) == [C]
    assert ids(browser, 'note:"on monday"', HUNT) == [C]
    assert ids(browser, "has:note analyst", HUNT) == [C]
    assert ids(browser, "is:favorite", HUNT) == [C]
    assert ids(browser, "is:due | is:new", HUNT) == [B]  # filters are not joined by |
    assert ids(browser, "is:", HUNT) == sorted([B, C, U])  # nothing asked yet


def test_a_filter_word_that_names_nothing_is_said():
    assert parse_query("is:nwe").problems == (
        "no is:nwe: try is:new is:due is:hidden is:remote is:hybrid is:onsite is:temporary is:open",
    )
    assert "no status 'sent'" in parse_query("status:sent").problems[0]
    assert parse_query("status:Not_Interested").marks == (("status", "not-interested", False),)
    assert "is:" in parse_query("foo:bar").problems[0]  # the unknown field's answer lists them


def test_a_blocked_organization_is_hidden_until_asked_for(tmp_path: Path):
    browser = browser_of(tmp_path)
    hunt = Hunt(blocked=frozenset({"beta org"}), today=TODAY)
    assert ids(browser, Choice(), hunt) == sorted([A, C, U])
    assert ids(browser, Choice(filters=frozenset({"is:hidden"})), hunt) == [B]
    result = browser.result(Choice().but(query="analyst"), browser.mask(Choice().but(query="analyst"), hunt))
    assert result.total == 2  # the hidden one is not counted either


def test_filters_are_declared_once():
    assert set(FILTERS) >= {f"status:{s.value}" for s in Status} | {"is:new", "is:due", "has:note", "is:hidden"}
    for word, made in FILTERS.items():
        field, _, value = word.partition(":")
        assert filter_for(field, value) is made


def test_a_notes_follow_up_line():
    from tui.parts.hunt import follow_up_in

    today = dt.date(2026, 12, 4)  # a Friday
    assert follow_up_in("call Maria\nFollow up: +7d", today) == dt.date(2026, 12, 11)
    assert follow_up_in("follow-up on mon", today) == dt.date(2026, 12, 7)
    assert follow_up_in("no date here; I will follow up later", today) is None
    assert "is not a date" in str(follow_up_in("follow up: someday", today))
