"""The job hunt's marks: statuses with their history, follow-ups, notes, the
blocklist, new since the last visit, where the user left off; kept in SQLite,
safe with two windows, a killed writer, a damaged or newer file."""

from __future__ import annotations

import datetime as dt
import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tui import marks as marks_module
from tui.marks import (
    HIDDEN,
    STATUSES,
    VERSION,
    Change,
    Fingerprint,
    Marks,
    Refused,
    Status,
    board_key,
    normalise_remote,
    org_key,
    parse_follow_up,
)
from tui.store import StateStore

T0 = dt.datetime(2026, 3, 4, 10, 0, tzinfo=dt.UTC)


class Clock:
    """A clock the test moves."""

    def __init__(self, now: dt.datetime = T0) -> None:
        self.now = now

    def __call__(self) -> dt.datetime:
        return self.now

    def tick(self, minutes: int = 1) -> dt.datetime:
        self.now += dt.timedelta(minutes=minutes)
        return self.now


def hunt_path(xdg: Path) -> Path:
    return xdg / "xdg_data_home" / "jobboard" / "hunt.sqlite"


def quick_check(path: Path) -> list[str]:
    db = sqlite3.connect(path)
    try:
        return [row[0] for row in db.execute("PRAGMA quick_check")]
    finally:
        db.close()


# -- statuses ------------------------------------------------------------------------


def test_statuses_in_the_order_of_a_hunt_each_with_a_label():
    assert [s.value for s in STATUSES] == [
        "saved",
        "applied",
        "interviewing",
        "offer",
        "rejected",
        "withdrawn",
        "not-interested",
    ]
    assert [s.label for s in STATUSES][-1] == "Not interested" and Status.SAVED.label == "Saved"
    assert HIDDEN is Status.NOT_INTERESTED
    assert Status.parse("Not interested") is Status.parse("not_interested") is Status.NOT_INTERESTED
    assert Status.parse(" APPLIED ") is Status.APPLIED
    with pytest.raises(ValueError, match="'hired' is not a status: one of saved, applied"):
        Status.parse("hired")


def test_a_status_change_is_kept_with_its_time_and_the_last_is_taken_back(xdg: Path):
    clock = Clock()
    hunt = Marks("/board", clock=clock)
    assert hunt.set_status("a.md", "saved") is Status.SAVED
    clock.tick()
    hunt.set_status("a.md", Status.APPLIED)
    hunt.set_status("a.md", Status.APPLIED)  # no change: no history
    clock.tick()
    hunt.set_status("a.md", None)
    assert hunt.status("a.md") is None and hunt.statuses() == {}
    assert hunt.history("a.md") == [
        Change(T0, Status.SAVED, None),
        Change(T0 + dt.timedelta(minutes=1), Status.APPLIED, Status.SAVED),
        Change(T0 + dt.timedelta(minutes=2), None, Status.APPLIED),
    ]
    assert hunt.undo_status("a.md") == Change(T0 + dt.timedelta(minutes=2), None, Status.APPLIED)
    again = Marks("/board")  # as saved, seen by another window
    assert again.status("a.md") is Status.APPLIED and len(again.history("a.md")) == 2
    assert again.statuses() == {"a.md": Status.APPLIED}
    assert hunt.undo_status("a.md").previous is Status.SAVED  # type: ignore[union-attr]
    assert hunt.undo_status("a.md") == Change(T0, Status.SAVED, None)
    assert hunt.undo_status("a.md") is None  # nothing left to take back
    assert hunt.status("a.md") is None and hunt.rows() == []  # and no row holding nothing
    with pytest.raises(ValueError, match="is not a status"):
        hunt.set_status("a.md", "hired")
    assert hunt.set_status("b.md", "Not interested") is HIDDEN and hunt.statuses() == {"b.md": HIDDEN}
    hunt.set_status("b.md", None)
    hunt.undo_status("b.md")
    hunt.undo_status("b.md")
    assert Marks("/other").statuses() == {}  # each board its own


# -- follow-ups, notes, the blocklist --------------------------------------------------

WEDNESDAY = dt.date(2026, 3, 4)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-12-11", dt.date(2026, 12, 11)),
        ("+7d", dt.date(2026, 3, 11)),
        ("+ 2 W", dt.date(2026, 3, 18)),
        ("+1m", dt.date(2026, 4, 4)),
        ("+0d", WEDNESDAY),
        ("today", WEDNESDAY),
        ("Tomorrow", dt.date(2026, 3, 5)),
        ("thu", dt.date(2026, 3, 5)),
        ("mon", dt.date(2026, 3, 9)),
        ("wed", dt.date(2026, 3, 11)),  # today is Wednesday: the next one
        ("sunday", dt.date(2026, 3, 8)),
    ],
)
def test_follow_up_dates_as_typed(text: str, expected: dt.date):
    assert parse_follow_up(text, WEDNESDAY) == expected


def test_a_month_on_keeps_the_day_where_the_month_has_it():
    assert parse_follow_up("+1m", dt.date(2026, 1, 31)) == dt.date(2026, 2, 28)
    assert parse_follow_up("+1m", dt.date(2028, 1, 31)) == dt.date(2028, 2, 29)
    assert parse_follow_up("+12m", dt.date(2026, 3, 31)) == dt.date(2027, 3, 31)


@pytest.mark.parametrize("text", ["", "soon", "2026-13-01", "+99999d", "+3y", "mo", "2026-2-1", "\x1b[2J"])
def test_a_date_that_is_none_is_said_in_one_line(text: str):
    with pytest.raises(ValueError) as caught:
        parse_follow_up(text, WEDNESDAY)
    message = str(caught.value)
    assert "+7d" in message and "\n" not in message and "\x1b" not in message


def test_follow_ups_and_what_is_due(xdg: Path):
    hunt = Marks("/board")
    hunt.set_follow_up("a.md", dt.date(2026, 3, 10))
    hunt.set_follow_up("b.md", dt.date(2026, 3, 2))
    hunt.set_follow_up("c.md", dt.date(2026, 3, 4))
    assert hunt.follow_up("a.md") == dt.date(2026, 3, 10) and hunt.follow_up("x.md") is None
    assert list(hunt.due(WEDNESDAY)) == ["b.md", "c.md"]
    hunt.set_follow_up("b.md", None)
    assert hunt.due(WEDNESDAY) == {"c.md": WEDNESDAY}
    assert list(Marks("/board").follow_ups()) == ["c.md", "a.md"]


def test_notes(xdg: Path):
    hunt = Marks("/board")
    assert hunt.set_note("a.md", "Ask Jo about the\nbudget  \n") == "Ask Jo about the\nbudget"
    hunt.set_note("b.md", "remote ok")
    hunt.set_note("c.md", "odd \ud800 char")
    assert hunt.notes() == {"a.md": "Ask Jo about the\nbudget", "b.md": "remote ok", "c.md": "odd \ufffd char"}
    hunt.set_note("b.md", "   ")
    assert hunt.note("b.md") == "" and "b.md" not in Marks("/board").notes()
    with pytest.raises(ValueError, match="at most 100,000 characters"):
        hunt.set_note("a.md", "x" * 100_001)
    assert hunt.note("a.md") == "Ask Jo about the\nbudget"


def test_the_blocklist_compares_names_casefolded_and_spaces_collapsed(xdg: Path):
    hunt = Marks("/board")
    assert hunt.block_org("  Acme\tCorp ") == "Acme Corp"
    hunt.block_org("ACME corp")  # the same one
    hunt.block_org("Straße Inc")
    assert hunt.blocked_orgs() == ["Acme Corp", "Straße Inc"]
    assert hunt.is_blocked("acme  CORP") and hunt.is_blocked("STRASSE INC") and not hunt.is_blocked("Acme")
    assert org_key(" Acme \n Corp") == "acme corp"
    assert hunt.unblock_org("acme corp") and not hunt.unblock_org("acme corp")
    assert Marks("/board").blocked_orgs() == ["Straße Inc"] and Marks("/other").blocked_orgs() == []
    with pytest.raises(ValueError):
        hunt.block_org("  ")


# -- new since the last visit ----------------------------------------------------------


def test_new_since_the_last_visit_until_seen(xdg: Path):
    hunt = Marks("/board")
    assert hunt.begin_visit(["a", "b"]) == set()  # the first visit: nothing to compare with
    assert hunt.begin_visit(["a", "b", "c", "d"]) == {"c", "d"}
    assert hunt.begin_visit(["a", "b", "c", "d"]) == {"c", "d"}  # not seen yet: still new
    assert hunt.mark_seen(["c", "a"]) == 1
    other = Marks("/board")  # another window
    assert other.new_ids() == {"d"}
    assert other.begin_visit(iter(["d", "c", "b", "a", "e"])) == {"d", "e"}
    assert hunt.begin_visit(["b", "c"]) == set()  # d and e are not listed now
    assert hunt.begin_visit(["a", "b", "c", "d", "e"]) == set()  # back: listed before, not new
    assert hunt.begin_visit(["a", "f", "g"]) == {"f", "g"}
    assert hunt.mark_all_seen() == 2 and hunt.new_ids() == set()
    hunt.begin_visit(["a", "f", "g", "h", "i"])
    assert hunt.mark_all_seen(["h", "x"]) == 1 and Marks("/board").new_ids() == {"i"}
    assert Marks("/other").begin_visit(["a"]) == set()  # each board its own


def test_ids_known_are_kept_in_few_rows(xdg: Path):
    hunt = Marks("/board")
    ids = [f"p{i}" for i in range(5)]
    hunt.begin_visit(ids)
    for n in range(40):
        ids.append(f"n{n}")
        assert hunt.begin_visit(ids) == {f"n{i}" for i in range(n + 1)}
    assert hunt.begin_visit(ids[1:]) == {f"n{i}" for i in range(40)}
    db = sqlite3.connect(hunt_path(xdg))
    (rows,) = db.execute("SELECT count(*) FROM known").fetchone()
    db.close()
    assert rows <= marks_module.KNOWN_CHUNKS
    hunt.mark_all_seen()
    assert hunt.begin_visit(ids) == set()


def test_odd_ids_are_kept_as_they_are(xdg: Path):
    hunt = Marks("/board")
    odd = ["caf\udce9.md", "new\nline.md", "tab\t.md", "\ud800.md"]
    hunt.begin_visit(["a.md"])
    assert hunt.begin_visit(["a.md", *odd]) == set(odd)
    hunt.set_status(odd[0], "applied")
    hunt.set_note(odd[3], "x")
    assert Marks("/board").statuses() == {odd[0]: Status.APPLIED} and Marks("/board").notes() == {odd[3]: "x"}
    with pytest.raises(ValueError, match="NUL"):
        hunt.begin_visit(["a\0b", "c"])


def test_a_hundred_thousand_postings_seen(xdg: Path):
    """Timed, not asserted on (pytest -s prints the figures)."""
    ids = [f"2020-10-{i % 28 + 1:02d}-some-organization-role-{i}.md" for i in range(100_000)]
    hunt = Marks("/big")
    figures = []

    def timed(label: str, action):
        start = time.perf_counter()
        result = action()
        figures.append(f"{label}: {1000 * (time.perf_counter() - start):.1f} ms")
        return result

    assert timed("first visit, 100,000 ids", lambda: hunt.begin_visit(ids)) == set()
    assert timed("the same 100,000 again", lambda: hunt.begin_visit(ids)) == set()
    changed = ids[100:] + [f"2026-new-{i}.md" for i in range(100)]
    assert len(timed("a visit with 100 changed", lambda: hunt.begin_visit(changed))) == 100
    assert len(timed("the new set read back", hunt.new_ids)) == 100
    renamed = [i + "x" for i in ids]
    assert len(timed("a visit with all 100,000 new", lambda: hunt.begin_visit(renamed))) == 100_100 - 100
    assert timed("100,000 seen at once", lambda: hunt.mark_all_seen(renamed)) == 100_000
    assert timed("a visit after", lambda: hunt.begin_visit(renamed)) == set()
    timed("one mark", lambda: hunt.set_status(ids[5], "applied"))
    print("\n" + "\n".join(figures) + f"\nfile: {hunt_path(xdg).stat().st_size / 1e6:.1f} MB")


# -- where the user left off -----------------------------------------------------------


def test_where_the_user_left_off_per_board_and_the_layout_everywhere(xdg: Path):
    hunt = Marks("/board")
    assert hunt.ui() == {}
    saved = hunt.set_ui(query="data", tags=["union"], cursor="a.md", scroll=12, focus="list", sidebar=False)
    assert saved == {
        "query": "data",
        "tags": ["union"],
        "cursor": "a.md",
        "scroll": 12,
        "focus": "list",
        "sidebar": False,
    }
    hunt.set_ui(split=0.4, cursor=None)
    assert Marks("/board").ui() == {
        "query": "data",
        "tags": ["union"],
        "scroll": 12,
        "focus": "list",
        "sidebar": False,
        "split": 0.4,
    }
    assert Marks("/other").ui() == {"sidebar": False, "split": 0.4}
    with pytest.raises(TypeError):
        hunt.set_ui(query=object())
    assert hunt.ui()["query"] == "data"


# -- postings renamed or edited ---------------------------------------------------------


def fp(title: str, date: str | None, text: str) -> Fingerprint:
    return Fingerprint.of(title, date, text)


def test_marks_follow_a_posting_renamed_or_edited(xdg: Path):
    hunt = Marks("/board")
    hunt.set_status("a.md", "applied", fingerprint=fp("Org: Lead", "2026-01-02", "the text of a"))
    hunt.set_note("b.md", "nice", fingerprint=fp("Org: Analyst", "2026-01-03", "the text of b"))
    hunt.set_follow_up("c.md", WEDNESDAY, fingerprint=fp("Same: Title", "2026-01-04", "c"))
    hunt.set_status("d.md", "saved", fingerprint=fp("Org: Director", None, "the text of d"))
    hunt.set_status("e.md", "saved")  # no fingerprint
    present = {
        "a-renamed.md": fp("Org: Lead (remote)", "2026-01-05", "the   text of\na"),  # same text
        "b-renamed.md": fp("Org: Analyst", "2026-01-03", "the text of b, edited"),  # same title and date
        "c1.md": fp("Same: Title", "2026-01-04", "c one"),  # two match: ambiguous
        "c2.md": fp("Same: Title", "2026-01-04", "c two"),
        "d.md": fp("Org: Director!", None, "the text of d, edited"),  # present: its fingerprint follows
    }
    assert hunt.rematch(present) == {"a.md": "a-renamed.md", "b.md": "b-renamed.md"}
    assert hunt.statuses() == {"a-renamed.md": Status.APPLIED, "d.md": Status.SAVED, "e.md": Status.SAVED}
    assert hunt.history("a-renamed.md")[0].status is Status.APPLIED and hunt.history("a.md") == []
    assert hunt.notes() == {"b-renamed.md": "nice"}
    assert hunt.missing() == ["c.md", "e.md"]
    rows = {row.id: row for row in Marks("/board").rows()}
    assert rows["d.md"].fingerprint == present["d.md"] and rows["a-renamed.md"].fingerprint == present["a-renamed.md"]
    assert rows["c.md"].missing and not rows["d.md"].missing
    # d renamed after its edit: found by the fingerprint it has now
    assert hunt.rematch({"d2.md": fp("Org: Director!", None, "the text of d, edited")}) == {"d.md": "d2.md"}
    assert hunt.rematch({"c.md": fp("x", None, "y"), "d2.md": present["d.md"]}) == {}
    assert hunt.missing() == ["a-renamed.md", "b-renamed.md", "e.md"]


def test_a_posting_renamed_as_it_was_keeps_its_marks_and_is_not_new(xdg: Path):
    hunt = Marks("/board")
    same = {"a.md": fp("A", "2026-01-01", "a"), "b.md": fp("B", None, "b"), "c.md": fp("C", None, "c")}
    hunt.begin_visit(same)
    hunt.begin_visit([*same, "n.md"])
    for posting_id, fingerprint in same.items():
        hunt.set_status(posting_id, "saved", fingerprint=fingerprint)
    hunt.set_status("n.md", "saved", fingerprint=fp("N", None, "n"))
    assert hunt.rematch({**same, "n.md": fp("N", None, "n")}) == {}  # nothing changed: nothing written
    renamed = {"a2.md": same["a.md"], "b2.md": same["b.md"], "c.md": same["c.md"], "n2.md": fp("N", None, "n")}
    assert hunt.begin_visit(renamed) == {"a2.md", "b2.md", "n2.md"}  # new names, as far as a visit knows
    assert hunt.rematch(renamed) == {"a.md": "a2.md", "b.md": "b2.md", "n.md": "n2.md"}
    assert hunt.new_ids() == set()  # marked: the user knows them
    assert set(hunt.statuses()) == set(renamed) and hunt.missing() == []


def test_a_posting_with_marks_of_its_own_takes_no_others_and_two_never_take_one(xdg: Path):
    hunt = Marks("/board")
    hunt.set_status("a.md", "applied", fingerprint=fp("A", None, "same"))
    hunt.set_status("b.md", "saved", fingerprint=fp("B", None, "same"))
    hunt.set_status("c.md", "offer", fingerprint=fp("C", None, "c"))
    present = {"new.md": fp("N", None, "same"), "c2.md": fp("C2", None, "c"), "z.md": fp("Z", None, "c")}
    assert hunt.rematch(present) == {}
    hunt.set_status("z.md", "saved")
    assert hunt.rematch(present) == {"c.md": "c2.md"}
    assert hunt.missing() == ["a.md", "b.md"]


# -- which board ------------------------------------------------------------------------


def git_repo(top: Path, config: str) -> Path:
    (top / ".git").mkdir(parents=True)
    (top / ".git" / "config").write_text(config, encoding="utf-8")
    (top / "_posts").mkdir()
    return top / "_posts"


@pytest.mark.parametrize(
    "url",
    [
        "git@github.com:Org/board.git",
        "https://github.com/Org/board",
        "https://GitHub.com/Org/board.git/",
        "ssh://git@github.com:22/Org/board.git",
        "https://someone:s3cret-token@github.com/Org/board",
        '"git@github.com:Org/board.git" # the board',
    ],
)
def test_a_git_board_is_known_by_its_remote_and_folder(tmp_path: Path, url: str):
    posts = git_repo(tmp_path / "clone", f'[core]\n\tbare = false\n[remote "origin"]\n\turl = {url}\n\tfetch = x\n')
    assert board_key(posts) == "github.com/Org/board#_posts"
    assert board_key(posts.parent) == "github.com/Org/board#."
    assert "s3cret" not in board_key(posts)


def test_board_keys_otherwise(tmp_path: Path):
    first = git_repo(
        tmp_path / "a", '[remote "upstream"]\n url = https://x.org/up\n[remote "fork"]\n url = https://x.org/f\n'
    )
    assert board_key(first) == "x.org/up#_posts"  # no origin: the first
    origin = git_repo(
        tmp_path / "o", '[remote "fork"]\n url = https://x.org/f\n[remote "origin"]\n url = https://x.org/o\n'
    )
    assert board_key(origin) == "x.org/o#_posts"  # origin, wherever it is
    old = git_repo(tmp_path / "b", "[remote.origin]\n url = https://x.org/old\n")
    assert board_key(old) == "x.org/old#_posts"
    none = git_repo(tmp_path / "c", "[core]\n bare = false\n")
    assert board_key(none) == str(none.resolve())
    junk = git_repo(tmp_path / "d", "\x00\xff [[[ remote\n url\n")
    assert board_key(junk) == str(junk.resolve())
    plain = tmp_path / "plain"
    plain.mkdir()
    (tmp_path / "link").symlink_to(plain)
    assert board_key(tmp_path / "link") == board_key(plain) == str(plain.resolve())
    # a worktree: .git is a file naming its git folder, whose commondir has the config
    main = git_repo(tmp_path / "main", '[remote "origin"]\n url = git@host.org:a/b.git\n')
    git_dir = tmp_path / "main" / ".git" / "worktrees" / "wt"
    git_dir.mkdir(parents=True)
    (git_dir / "commondir").write_text("../..\n")
    (tmp_path / "wt" / "sub").mkdir(parents=True)
    (tmp_path / "wt" / ".git").write_text(f"gitdir: {git_dir}\n")
    assert board_key(tmp_path / "wt" / "sub") == "host.org/a/b#sub"
    assert board_key(main) == "host.org/a/b#_posts"


def test_remotes_in_one_form():
    assert normalise_remote("git@gitlab.com:group/sub/repo.git") == "gitlab.com/group/sub/repo"
    assert normalise_remote("git://host.xz/path/to/repo.git/") == "host.xz/path/to/repo"
    assert normalise_remote("/srv/git/board.git") == "/srv/git/board"
    assert normalise_remote("file:///srv/git/board.git") == "/srv/git/board"


def test_marks_carried_over_from_the_board_that_shares_its_postings(xdg: Path):
    old = Marks("/old/path")
    old.begin_visit(["a", "b", "c", "d"])
    old.begin_visit(["a", "b", "c", "d", "e"])
    old.set_status("a", "applied")
    old.set_note("b", "call")
    old.block_org("Acme")
    old.set_ui(query="data")
    elsewhere = Marks("/elsewhere")
    elsewhere.set_status("a", "saved")
    Marks("/visited-only").begin_visit(["a", "b", "c"])  # no marks: never offered
    new = Marks("github.com/o/b#_posts")
    new.set_status("b", "rejected")
    assert new.boards_sharing(["a", "b", "c", "x"]) == [("/old/path", 3), ("/elsewhere", 1)]
    assert new.carry_over("/old/path") == 1
    assert new.statuses() == {"a": Status.APPLIED, "b": Status.REJECTED}  # its own kept
    assert [c.status for c in new.history("a")] == [Status.APPLIED] and new.notes() == {}
    assert new.blocked_orgs() == ["Acme"] and new.ui() == {"query": "data"} and new.new_ids() == {"e"}
    assert new.begin_visit(["a", "b", "c", "d", "e", "f"]) == {"e", "f"}
    assert old.statuses() == {"a": Status.APPLIED}  # a copy: the old board keeps its own
    assert new.carry_over("/nowhere") == 0


def test_rows_for_an_export(xdg: Path):
    clock = Clock()
    hunt = Marks("/board", clock=clock)
    hunt.set_status("b.md", "saved", fingerprint=fp("B", "2026-01-01", "b"))
    clock.tick()
    hunt.set_status("b.md", "applied")
    hunt.set_follow_up("b.md", WEDNESDAY)
    hunt.set_note("a.md", "n")
    rows = hunt.rows()
    assert [row.id for row in rows] == ["a.md", "b.md"]
    assert rows[0] == marks_module.MarkRow("a.md", None, (), None, "n", None, False)
    assert rows[1].status is Status.APPLIED and rows[1].follow_up == WEDNESDAY
    assert rows[1].history == (Change(T0, Status.SAVED, None), Change(clock.now, Status.APPLIED, Status.SAVED))
    assert rows[1].fingerprint == fp("B", "2026-01-01", "b")


# -- the state file of earlier versions ----------------------------------------------------


def test_favorites_and_layout_of_the_state_file_are_taken_over_once(xdg: Path, tmp_path: Path):
    plain = tmp_path / "plain"
    plain.mkdir()
    posts = git_repo(tmp_path / "repo", '[remote "origin"]\n url = git@github.com:o/b.git\n')
    old = StateStore()
    for board, posting in ((plain, "a.md"), (plain, "b.md"), (posts, "c.md"), (tmp_path / "gone", "d.md")):
        old.set_favorite(str(board.resolve()), posting, True)
    old.set_ui(sidebar=False, split=0.3)
    state = old.path.read_bytes()
    clock = Clock()
    hunt = Marks(board_key(plain), clock=clock)
    assert hunt.notices == []
    assert hunt.statuses() == {"a.md": Status.SAVED, "b.md": Status.SAVED}
    assert hunt.history("a.md") == [Change(T0, Status.SAVED, None)]
    assert hunt.ui() == {"sidebar": False, "split": 0.3}
    assert Marks("github.com/o/b#_posts").statuses() == {"c.md": Status.SAVED}
    assert Marks(str(tmp_path / "gone")).statuses() == {"d.md": Status.SAVED}
    assert old.path.read_bytes() == state  # left as it was
    hunt.set_status("a.md", None)
    old.set_favorite(str(plain.resolve()), "e.md", True)
    clock.tick()
    again = Marks(board_key(plain), clock=clock)  # taken over once: not again
    assert again.statuses() == {"b.md": Status.SAVED} and len(again.history("b.md")) == 1


def test_a_state_file_that_cannot_be_read_is_taken_over_once_it_can(xdg: Path, tmp_path: Path):
    old = StateStore()
    old.set_favorite("/board", "a.md", True)
    good = old.path.read_bytes()
    old.path.write_text("{half written")
    hunt = Marks("/board")
    assert hunt.statuses() == {} and len(hunt.notices) == 1 and "not taken over yet" in hunt.notices[0]
    assert old.path.read_text() == "{half written"
    old.path.write_bytes(good)
    assert Marks("/board").statuses() == {"a.md": Status.SAVED}


# -- the file ------------------------------------------------------------------------------

MARKER = """
import sys
from pathlib import Path
from tui.marks import Marks
hunt = Marks("/board", Path(sys.argv[1]))
for i in range(int(sys.argv[3])):
    hunt.set_status(f"{sys.argv[2]}-{i}.md", "applied")
    hunt.set_note(f"{sys.argv[2]}-{i}.md", "note")
    print(i, flush=True)
"""


def test_two_processes_marking_at_once_lose_nothing(tmp_path: Path):
    path = tmp_path / "hunt.sqlite"
    Marks("/board", path).close()
    procs = [
        subprocess.Popen([sys.executable, "-c", MARKER, str(path), name, "200"], stdout=subprocess.DEVNULL)
        for name in ("a", "b")
    ]
    for proc in procs:
        assert proc.wait(timeout=120) == 0
    hunt = Marks("/board", path)
    assert len(hunt.statuses()) == 400 and len(hunt.notes()) == 400
    assert sum(len(row.history) for row in hunt.rows()) == 400


def test_a_writer_killed_amid_its_marks_leaves_every_mark_it_made(tmp_path: Path):
    path = tmp_path / "hunt.sqlite"
    rng = random.Random(11)
    for round_ in range(6):
        proc = subprocess.Popen(
            [sys.executable, "-c", MARKER, str(path), f"r{round_}", "1000000"], stdout=subprocess.PIPE
        )
        assert proc.stdout is not None and proc.stdout.readline() == b"0\n"  # it has started marking
        time.sleep(rng.uniform(0.0, 0.2))
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        done = [int(line) for line in proc.stdout.read().split()]
        proc.stdout.close()
        hunt = Marks("/board", path)
        assert hunt.notices == [] and hunt.refused is None
        assert quick_check(path) == ["ok"]
        statuses, notes = hunt.statuses(), hunt.notes()
        assert all(f"r{round_}-{i}.md" in statuses and f"r{round_}-{i}.md" in notes for i in [0, *done])
        for row in hunt.rows():  # each status change whole: the status and its history
            assert row.history and row.history[-1].status is row.status, row
        hunt.set_status("after.md", "saved")
        hunt.close()


def make_marks(path: Path, n: int = 300) -> None:
    hunt = Marks("/board", path)
    for i in range(n):
        hunt.set_note(f"{i}.md", "a note of some length " * 5)
    hunt.close()


@pytest.mark.parametrize("damage", ["random bytes", "truncated", "a page overwritten", "another program's"])
def test_a_damaged_database_is_kept_aside_and_a_fresh_one_made(tmp_path: Path, damage: str):
    path = tmp_path / "hunt.sqlite"
    rng = random.Random(3)
    if damage == "random bytes":
        path.write_bytes(rng.randbytes(20000))
        (tmp_path / "hunt.sqlite-wal").write_bytes(b"wal of it")
    else:
        make_marks(path)
        if damage == "truncated":
            data = path.read_bytes()
            path.write_bytes(data[: len(data) // 2])
        elif damage == "a page overwritten":
            with open(path, "r+b") as handle:
                handle.seek(4096 * 3)
                handle.write(rng.randbytes(4096))
        else:
            path.unlink()
            db = sqlite3.connect(path)
            db.execute("CREATE TABLE t(x)")
            db.commit()
            db.close()
    before = path.read_bytes()
    hunt = Marks("/board", path)
    assert len(hunt.notices) == 1 and "moved it to" in hunt.notices[0] and "started afresh" in hunt.notices[0]
    aside = [p for p in tmp_path.iterdir() if ".broken-" in p.name]
    kept = next(p for p in aside if not p.name.endswith(("-wal", "-shm")))
    assert kept.read_bytes() == before
    if damage == "random bytes":
        assert (tmp_path / f"{kept.name}-wal").read_bytes() == b"wal of it"
    assert hunt.refused is None and hunt.statuses() == {}
    hunt.set_status("a.md", "saved")
    assert Marks("/board", path).statuses() == {"a.md": Status.SAVED} and quick_check(path) == ["ok"]


def test_a_newer_schema_is_left_alone_and_marks_are_refused(tmp_path: Path):
    folder = tmp_path / "data"
    folder.mkdir()
    path = folder / "hunt.sqlite"
    hunt = Marks("/board", path)
    hunt.set_status("a.md", "applied")
    hunt.set_note("a.md", "n")
    hunt.close()
    db = sqlite3.connect(path)
    db.execute(f"PRAGMA user_version = {VERSION + 1}")
    db.execute("ALTER TABLE marks ADD COLUMN salary TEXT")
    db.commit()
    db.close()
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    newer = Marks("/board", path)
    assert len(newer.notices) == 1 and "newer jobboard" in newer.notices[0] and "left as it is" in newer.notices[0]
    assert newer.statuses() == {"a.md": Status.APPLIED} and newer.notes() == {"a.md": "n"}  # read as far as can be
    for mark in (
        lambda: newer.set_status("b.md", "saved"),
        lambda: newer.set_note("a.md", "x"),
        lambda: newer.begin_visit(["a.md"]),
        lambda: newer.set_ui(query="q"),
    ):
        with pytest.raises(Refused, match=r"marks are not saved: .*hunt.sqlite was written by a newer jobboard"):
            mark()
    newer.close()
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == before


def test_a_newer_schema_that_reads_otherwise_reads_as_nothing(tmp_path: Path):
    path = tmp_path / "hunt.sqlite"
    Marks("/board", path).close()
    db = sqlite3.connect(path)
    db.execute(f"PRAGMA user_version = {VERSION + 1}")
    db.execute("DROP TABLE marks")
    db.commit()
    db.close()
    newer = Marks("/board", path)
    assert newer.statuses() == {} and newer.rows() == [] and newer.statuses() == {}
    assert len([n for n in newer.notices if "could not be read" in n]) == 1  # said once
    assert newer.rematch({"a.md": fp("A", None, "a")}) == {}  # nothing to write: not refused


def test_the_database_is_written_through_a_link(tmp_path: Path, xdg: Path):
    dotfiles = tmp_path / "dotfiles"
    dotfiles.mkdir()
    link = hunt_path(xdg)
    link.parent.mkdir(parents=True)
    link.symlink_to(dotfiles / "hunt.sqlite")  # dangling: made there
    hunt = Marks("/board")
    hunt.set_status("a.md", "saved")
    assert link.is_symlink() and (dotfiles / "hunt.sqlite").stat().st_size > 0
    assert (dotfiles / "hunt.sqlite").stat().st_mode & 0o777 == 0o600
    with Marks("/board", dotfiles / "hunt.sqlite") as same:
        assert same.statuses() == {"a.md": Status.SAVED}
    hunt.close()
    (dotfiles / "hunt.sqlite").write_bytes(b"not a database at all" * 10)
    broken = Marks("/board")
    assert link.is_symlink() and "moved it to" in broken.notices[0]
    assert [p.name.split(".broken-")[0] for p in dotfiles.iterdir() if ".broken-" in p.name] == ["hunt.sqlite"]


def test_a_database_that_cannot_be_opened_never_stops_the_board(tmp_path: Path):
    path = tmp_path / "hunt.sqlite"
    path.mkdir()
    hunt = Marks("/board", path)
    assert hunt.refused is not None and hunt.notices == [hunt.refused] and "cannot be used" in hunt.refused
    assert hunt.statuses() == {} and hunt.ui() == {} and hunt.rows() == [] and hunt.new_ids() == set()
    with pytest.raises(Refused, match="cannot be used"):
        hunt.set_status("a.md", "saved")
    assert path.is_dir() and list(path.iterdir()) == []


def test_a_busy_database_refuses_the_mark_and_keeps_the_others(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(marks_module, "BUSY_TIMEOUT", 0.2)
    path = tmp_path / "hunt.sqlite"
    hunt = Marks("/board", path)
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    with pytest.raises(Refused, match="another jobboard held"):
        hunt.set_status("a.md", "saved")
    other.execute("ROLLBACK")
    other.close()
    hunt.set_status("a.md", "saved")
    assert hunt.statuses() == {"a.md": Status.SAVED}


def test_an_older_schema_is_brought_up_to_date(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    path = tmp_path / "hunt.sqlite"
    hunt = Marks("/board", path)
    hunt.set_status("a.md", "applied")
    hunt.close()
    monkeypatch.setattr(marks_module, "VERSION", VERSION + 1)
    monkeypatch.setattr(
        marks_module, "MIGRATIONS", [*marks_module.MIGRATIONS, ["ALTER TABLE marks ADD COLUMN salary TEXT"]]
    )
    for _ in range(2):  # once
        Marks("/board", path).close()
    db = sqlite3.connect(path)
    assert db.execute("PRAGMA user_version").fetchone() == (VERSION + 1,)
    assert "salary" in [row[1] for row in db.execute("PRAGMA table_info(marks)")]
    db.close()
    assert Marks("/board", path).statuses() == {"a.md": Status.APPLIED}


def test_the_database_is_wal_with_its_version(tmp_path: Path):
    path = tmp_path / "hunt.sqlite"
    Marks("/board", path).close()
    db = sqlite3.connect(path)
    assert db.execute("PRAGMA journal_mode").fetchone() == ("wal",)
    assert db.execute("PRAGMA user_version").fetchone() == (VERSION,)
    db.close()
    assert path.stat().st_mode & 0o777 == 0o600
    assert json.loads(json.dumps(Marks("/board", path).ui())) == {}
    assert os.path.exists(path)


def test_opening_waits_for_another_process_opening_then_refuses_in_words(xdg: Path, monkeypatch):
    """One process opens the store at a time: the lock is the one filelock
    takes (an older jobboard's), and waiting too long refuses the marks
    with a reason, the board still loads."""
    from filelock import FileLock

    from tui import marks as marks_module

    monkeypatch.setattr(marks_module, "LOCK_TIMEOUT", 0.3)
    path = xdg / "hunt.sqlite"
    Marks("/board", path).close()
    with FileLock(f"{path}.lock"):
        held = Marks("/board", path)
        assert held.refused is not None and "held by another jobboard" in held.refused
    free = Marks("/board", path)
    assert free.refused is None
    free.close()
