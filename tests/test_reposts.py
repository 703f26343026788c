"""Reposts: the same job posted again, grouped; near-misses kept apart."""

from __future__ import annotations

import random
import time
from pathlib import Path

import pytest
from conftest import write

from tui.library import Board, load_board
from tui.posting import Posting
from tui.reposts import ALONE, Groups, group_reposts, org_key, role_key, same_words

WORDS = ["data", "analytics", "campaign", "voters", "organizing", "team", "build", "tools", "program", "members"]


def text(seed: int) -> str:
    rng = random.Random(seed)
    return "\n\n".join(" ".join(rng.choices(WORDS, k=60)).capitalize() + "." for _ in range(4))


def posting(name: str, title: str, body: str) -> str:
    return f'---\ntitle: "{title}"\ntags: [data]\n---\n\n{body}\n'


def load(tmp_path: Path, files: dict[str, tuple[str, str]]) -> Board:
    root = tmp_path / "board"
    root.mkdir(exist_ok=True)
    for name, (title, body) in files.items():
        write(root, name, posting(name, title, body))
    return load_board(root)


def groups_of(board: Board, groups: Groups) -> list[set[str]]:
    """Each group as the set of its postings' file names."""
    return sorted(({board.postings[i].id for i in members} for members in groups.members.values()), key=sorted)


def bodies_of(board: Board):
    return lambda i: board.read(board.postings[i].id).body


def check_shape(groups: Groups, n: int) -> None:
    """No posting in two groups; ``of`` and ``members`` say the same; every group has two or more."""
    assert len(groups.of) == n
    listed = [i for members in groups.members.values() for i in members]
    assert len(listed) == len(set(listed))
    for number, members in groups.members.items():
        assert len(members) >= 2
        assert all(groups.of[i] == number for i in members)
    assert sum(1 for g in groups.of if g != ALONE) == len(listed)


def test_copies_are_grouped_newest_first(tmp_path):
    board = load(
        tmp_path,
        {
            "2020-03-01-a.md": ("AFL-CIO: Lead Data Scientist", text(1)),
            "2020-03-08-b.md": ("AFL CIO: Lead Data Scientist", text(1)),  # a week later, the org spelt otherwise
            "2020-02-20-c.md": ("The AFL-CIO: Lead Data Scientist (Remote)", text(1)),
            "2021-01-05-d.md": ("Blue State Labs: Data Analyst", text(2)),
            "2020-01-05-e.md": ("Blue State Labs: Data Analyst - 2020", text(2)),
            "2020-06-01-f.md": ("Équipe Civique: Organizing Director", text(3)),
            "2020-06-09-g.md": ("Equipe civique: Organizing Directors", text(3)),
            "2020-06-01-h.md": ("Loner: Tech Lead", text(4)),
            "2019-06-01-i.md": ("Tuesday Company: Sr. Front-End Engineer", text(5)),
            "2019-07-01-j.md": ("The Tuesday Company: Senior Front-end Engineer", text(5)),
            "2019-06-01-k.md": ("League of Voters (LOV): Data Manager", text(6)),
            "2019-07-01-l.md": ("League of Voters: Data Manager", text(6)),
        },
    )
    groups = group_reposts(board.postings)
    check_shape(groups, 12)
    assert groups_of(board, groups) == [
        {"2019-06-01-i.md", "2019-07-01-j.md"},
        {"2019-06-01-k.md", "2019-07-01-l.md"},
        {"2021-01-05-d.md", "2020-01-05-e.md"},
        {"2020-03-01-a.md", "2020-03-08-b.md", "2020-02-20-c.md"},
        {"2020-06-01-f.md", "2020-06-09-g.md"},
    ]
    ids = [p.id for p in board.postings]
    afl = groups.of[ids.index("2020-03-01-a.md")]
    assert [ids[i] for i in groups.members[afl]] == ["2020-03-08-b.md", "2020-03-01-a.md", "2020-02-20-c.md"]
    assert ids[groups.newest(afl)] == "2020-03-08-b.md"
    loner = ids.index("2020-06-01-h.md")
    assert groups.of[loner] == ALONE and groups.copies(loner) == [loner]
    # With the texts given, the same copies, and only they are read.
    with_text = group_reposts(board.postings, bodies_of(board))
    assert groups_of(board, with_text) == groups_of(board, groups)
    assert loner not in with_text.read


def test_near_misses_stay_apart(tmp_path):
    board = load(
        tmp_path,
        {
            "2020-01-01-a.md": ("Blue State Labs: Data Analyst", text(1)),
            "2020-01-02-b.md": ("Blue State Labs: Data Engineer", text(1)),  # same org, other role
            "2020-01-03-c.md": ("Red State Labs: Data Analyst", text(1)),  # same role, other org
            "2020-01-04-d.md": ("Blue State Labs: Senior Data Analyst", text(1)),  # a word more
            "2020-01-05-e.md": ("Blue State Labs: Data Analyst - WI", text(1)),  # another state's
            "2020-01-06-f.md": ("Blue State Labs WI: Data Analyst", text(1)),  # another chapter
            "2020-01-07-g.md": ("SEIU Local 1: Data Manager", text(1)),
            "2020-01-08-h.md": ("SEIU Local 2: Data Manager", text(1)),
            "2020-01-09-i.md": ("Voter Fund: Analyst II", text(1)),
            "2020-01-10-j.md": ("Voter Fund: Analyst I", text(1)),
            "2020-01-11-k.md": ("DNC: Multiple", text(5)),
            "2020-01-12-l.md": ("DNC: Multiple", text(6)),
        },
    )
    groups = group_reposts(board.postings)
    check_shape(groups, 12)
    assert groups.members == {}
    assert all(g == ALONE for g in groups.of)


def test_a_different_text_keeps_same_titles_apart_when_texts_are_given(tmp_path):
    board = load(
        tmp_path,
        {
            "2020-01-01-a.md": ("Civic Fund: Data Director", text(1)),
            "2020-02-01-b.md": ("Civic Fund: Data Director", text(1) + "\n\nApply by March 1."),
            "2021-01-01-c.md": ("Civic Fund: Data Director", text(2)),  # the same title, another job
            "2020-01-11-k.md": ("DNC: Multiple", text(5)),
            "2020-01-12-l.md": ("DNC: Multiple", text(5)),  # the same many jobs: a repost
            "2020-01-13-m.md": ("DNC: Multiple", text(6)),
        },
    )
    assert groups_of(board, group_reposts(board.postings)) == [
        {"2020-01-01-a.md", "2020-02-01-b.md", "2021-01-01-c.md"}
    ]
    groups = group_reposts(board.postings, bodies_of(board))
    check_shape(groups, 6)
    assert groups_of(board, groups) == [
        {"2020-01-01-a.md", "2020-02-01-b.md"},
        {"2020-01-11-k.md", "2020-01-12-l.md"},
    ]


def test_postings_without_an_organization_are_grouped_by_title(tmp_path):
    board = load(
        tmp_path,
        {
            "2020-01-01-a.md": ("Data Analyst at Civic Fund", text(1)),
            "2020-01-08-b.md": ("Data Analyst at Civic Fund", text(1)),
            "2020-01-09-c.md": ("Data Analyst at Voter Fund", text(1)),
        },
    )
    assert board.postings[0].org == ""
    assert groups_of(board, group_reposts(board.postings)) == [{"2020-01-01-a.md", "2020-01-08-b.md"}]


def test_an_empty_board_and_a_board_of_one(tmp_path):
    empty = group_reposts([])
    assert empty.of == [] and empty.members == {} and len(empty) == 0
    one = group_reposts([Posting("a.md", "Org: Role", "Org", "Role", None, ())], lambda i: "text")
    assert one.of == [ALONE] and one.members == {} and one.read == set()


def test_names_as_compared():
    assert org_key("AFL-CIO") == org_key("AFL CIO") == org_key("The AFL–CIO, Inc.") == "afl cio"
    assert org_key("Équipe") == "equipe"
    assert org_key("League of Voters (LOV)") == "league of voters"
    assert role_key("Data Analyst (Remote) - 2020") == "data analyst"
    assert role_key("Sr. Data Mgr") == "senior data manager"
    assert role_key("Remote") == "remote"
    assert same_words("afl cio", "aflcio")
    assert same_words("data analyst", "data analysts")
    assert not same_words("data analyst", "senior data analyst")
    assert not same_words("analyst ii", "analyst i")
    assert not same_words("local 1", "local 2")


def generated(count: int, seed: int = 1) -> list[Posting]:
    """Postings as bench.generate makes them (its organizations and roles), without the files."""
    from bench.generate import FUNCTION, SENIORITY, STATES, make_orgs

    rng = random.Random(seed)
    orgs = make_orgs(rng, max(50, min(12_000, count // 6)))
    out = []
    for n in range(count):
        org = rng.choice(orgs)
        role = rng.choice(SENIORITY) + rng.choice(FUNCTION)
        if rng.random() < 0.25:
            role += f" - {rng.choice(STATES)}"
        date = f"{rng.randint(2015, 2025)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        out.append(Posting(f"{date}-{n}.md", f"{org}: {role}", org, role, date, ("data",)))
    return out


def test_a_large_board_is_grouped_by_blocks_not_pair_by_pair():
    postings = generated(20_000)
    postings += [
        Posting("x1.md", "Zebra Action Fund: Data Analyst", "Zebra Action Fund", "Data Analyst", "2024-01-01", ()),
        Posting("x2.md", "Zebra Action-Fund: Data Analyst (Remote)", "Zebra Action-Fund", "Data Analyst (Remote)",
                "2024-01-08", ()),
    ]  # fmt: skip
    n = len(postings)
    start = time.perf_counter()
    groups = group_reposts(postings)
    took = time.perf_counter() - start
    check_shape(groups, n)
    assert groups.copies(n - 1) == [n - 1, n - 2]
    # Names scored in C: a small share of all the pairs; in Python: about one a posting at most.
    assert groups.scored < n * n // 50
    assert groups.checked < n
    assert took < 3  # it takes 0.2 s


@pytest.mark.parametrize("bad", [OSError("gone"), UnicodeDecodeError("utf-8", b"", 0, 1, "bad")])
def test_a_text_that_cannot_be_read_matches_nothing(bad):
    postings = [Posting(f"{n}.md", "Org: Role", "Org", "Role", None, ()) for n in range(3)]

    def bodies(i: int) -> str:
        if i == 1:
            raise bad
        return "the same text"

    assert group_reposts(postings, bodies).members == {0: [0, 2]}


def test_titles_without_an_organization_are_compared_in_blocks_too():
    postings = [
        Posting(p.id, f"{p.role} at {p.org}", "", f"{p.role} at {p.org}", p.date, ()) for p in generated(20_000, seed=2)
    ]
    n = len(postings)
    start = time.perf_counter()
    groups = group_reposts(postings)
    took = time.perf_counter() - start
    check_shape(groups, n)
    assert groups.scored < n * n // 50
    assert groups.checked < n
    assert took < 5  # it takes 0.5 s


def test_grouping_told_to_stop_stops_before_it_scores_names():
    """The app quitting sets the event: no block of names is scored after it
    (a thread must not be in C++ when the interpreter shuts down)."""
    import threading

    from tui.reposts import Stopped

    postings = [
        Posting(f"{n}.md", f"Org {n % 7}: Analyst {n % 3}", f"Org {n % 7}", f"Analyst {n % 3}", None, ())
        for n in range(50)
    ]
    stop = threading.Event()
    assert len(group_reposts(postings, stop=stop)) > 0
    stop.set()
    with pytest.raises(Stopped):
        group_reposts(postings, stop=stop)
