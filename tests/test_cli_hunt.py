"""The job hunt from the command line: export, mark, list's --status and --new,
and the marks of a board moved or cloned."""

from __future__ import annotations

import csv
import datetime as _dt
import io
import json
import shutil
import sqlite3
from pathlib import Path

import pytest
from conftest import DATA, write

from tui.cli import main

LEAD = "000_459527d663ce2592.txt"  # AFL-CIO: Lead Data Scientist (undated: the board lists it last)
MULTIPLE = "001_2f70d4f44dae5671.txt"
STRATEGIST = "002_2f9b8eadc6c80f2e.txt"
DIRECTOR = "003_3e2ea75530bc705d.txt"
ASSISTANT = "004_a0f11dc5f5a81fa6.txt"


def out_of(capsys, *args: str) -> str:
    assert main(list(args)) == 0, capsys.readouterr().err
    return capsys.readouterr().out


def one_line_error(capsys, *args: str) -> str:
    assert main(list(args)) == 2
    captured = capsys.readouterr()
    assert captured.err.count("\n") == 1 and "Traceback" not in captured.err, captured.err
    return captured.err


def ids_listed(capsys, *args: str) -> list[str]:
    return [p["id"] for p in json.loads(out_of(capsys, "list", *args, "--json"))]


# -- mark ---------------------------------------------------------------------------------------


def test_mark_sets_the_status_and_list_finds_it(capsys, board: Path):
    assert (
        out_of(capsys, "mark", str(board), DIRECTOR, "saved")
        == "none -> saved: AFL-CI0: Director of the Data, Analytics, and Infrastructure\n"
    )
    assert out_of(capsys, "mark", str(board), DIRECTOR, "applied").startswith("saved -> applied: AFL-CI0: Director")
    assert ids_listed(capsys, str(board), "--status", "applied") == [DIRECTOR]
    assert ids_listed(capsys, str(board), "--status", "saved") == []
    assert ids_listed(capsys, str(board), "--status", "saved", "--status", "applied") == [DIRECTOR]
    data = json.loads(out_of(capsys, "show", str(board), DIRECTOR, "--json"))
    assert data["status"] == "applied" and [c["status"] for c in data["status_history"]] == ["saved", "applied"]


def test_mark_takes_a_note_and_a_follow_up_and_clears_them(capsys, board: Path):
    today = _dt.date.today()
    said = out_of(
        capsys, "mark", str(board), LEAD, "Interviewing", "--note", "Ask Jo, then\nwait", "--follow-up", "+7d"
    )
    assert said.startswith("none -> interviewing: AFL-CIO: Lead Data Scientist") and said.count("\n") == 1
    data = json.loads(out_of(capsys, "show", str(board), LEAD, "--json"))
    assert data["note"] == "Ask Jo, then\nwait" and data["follow_up"] == (today + _dt.timedelta(days=7)).isoformat()
    out_of(capsys, "mark", str(board), LEAD, "interviewing", "--follow-up", "2026-12-11")
    assert json.loads(out_of(capsys, "show", str(board), LEAD, "--json"))["follow_up"] == "2026-12-11"
    said = out_of(capsys, "mark", str(board), LEAD, "none", "--note", "", "--follow-up", "none")
    assert said.startswith("interviewing -> none: AFL-CIO: Lead")
    data = json.loads(out_of(capsys, "show", str(board), LEAD, "--json"))
    assert (data["status"], data["note"], data["follow_up"]) == (None, "", None)
    assert ids_listed(capsys, str(board), "--status", "interviewing") == []


def test_mark_takes_the_path_to_the_file_and_an_id_without_extension(capsys, board: Path):
    assert out_of(capsys, "mark", str(board / ASSISTANT), "not interested").startswith("none -> not-interested:")
    out_of(capsys, "mark", str(board), ASSISTANT.removesuffix(".txt"), "clear")
    assert ids_listed(capsys, str(board), "--status", "not-interested") == []


def test_mark_errors_are_one_line_exit_2(capsys, board: Path):
    assert "'maybe' is not a status" in one_line_error(capsys, "mark", str(board), LEAD, "maybe")
    assert "is not a date" in one_line_error(capsys, "mark", str(board), LEAD, "saved", "--follow-up", "someday")
    err = one_line_error(capsys, "mark", str(board), LEAD.replace("000", "00"), "saved")
    assert f"did you mean '{LEAD}'" in err
    assert "ID STATUS" in one_line_error(capsys, "mark", str(board))
    assert ids_listed(capsys, str(board), "--status", "saved") == []  # nothing was marked on the way


def test_mark_refused_by_a_newer_database_is_one_line(capsys, board: Path, xdg: Path):
    out_of(capsys, "mark", str(board), LEAD, "saved")
    path = xdg / "xdg_data_home" / "jobboard" / "hunt.sqlite"
    db = sqlite3.connect(path)
    (version,) = db.execute("PRAGMA user_version").fetchone()
    db.execute(f"PRAGMA user_version = {version + 1}")
    db.commit()
    db.close()
    err = one_line_error(capsys, "mark", str(board), LEAD, "applied")
    assert "marks are not saved" in err and "newer jobboard" in err
    assert ids_listed(capsys, str(board), "--status", "saved") == [LEAD]


# -- list --status and --new --------------------------------------------------------------------


def test_list_new_says_what_came_since_the_last_visit(capsys, board: Path):
    assert ids_listed(capsys, str(board), "--new") == []  # a first visit: nothing is new
    write(board, "005_new.md", '---\ntitle: "Fresh: Analyst"\ndate: 2026-01-02\n---\nNew.\n')
    assert ids_listed(capsys, str(board), "--new") == ["005_new.md"]
    assert "• Analyst" in out_of(capsys, "list", str(board))


def test_list_status_refuses_a_status_that_is_none(capsys, board: Path):
    assert "'maybe' is not a status" in one_line_error(capsys, "list", str(board), "--status", "maybe")


# -- export -------------------------------------------------------------------------------------


@pytest.fixture
def hunt(capsys, board: Path) -> Path:
    """A board with a formula-looking, a hostile and a gone posting marked."""
    write(board, "005_formula.md", '---\ntitle: "=HYPERLINK(1): @Role"\ndate: 2026-01-01\n---\n')
    title = "Evil ]] <b>Org</b>: Role [x](javascript:1) *x* \\e[2J"
    write(board, "006_hostile.md", f'---\ntitle: "{title}"\ndate: 2025-01-01\n---\n<https://apply.example/x>\n')
    write(board, "007_gone.md", '---\ntitle: "Gone: Role"\n---\n')
    for args in (
        [DIRECTOR, "saved"],
        [DIRECTOR, "applied", "--follow-up", "2026-12-11"],
        [LEAD, "none", "--note", "Ask Jo, then\ncall back"],
        ["005_formula.md", "rejected"],
        ["006_hostile.md", "offer", "--note", "- [x] = fake\n# heading\n2) two"],
        ["007_gone.md", "saved"],
        [ASSISTANT, "not-interested"],
    ):
        out_of(capsys, "mark", str(board), *args)
    (board / "007_gone.md").unlink()
    return board


def test_export_csv_reads_back(capsys, hunt: Path):
    rows = list(csv.DictReader(io.StringIO(out_of(capsys, "export", str(hunt), "--format", "csv"), newline="")))
    assert [r["id"] for r in rows] == ["005_formula.md", "006_hostile.md", DIRECTOR, LEAD, "007_gone.md"]
    formula, hostile, director, lead, gone = rows
    assert formula["title"] == "'=HYPERLINK(1): @Role" and formula["role"] == "'@Role"
    assert formula["status"] == "rejected" and "\x1b" not in hostile["title"]
    assert lead["note"] == "Ask Jo, then\ncall back" and lead["status"] == ""
    assert director["status"] == "applied" and director["follow_up"] == "2026-12-11"
    today = _dt.date.today().isoformat()
    assert director["status_dates"] == f"saved {today}; applied {today}"
    assert lead["link"] == "https://aflcio.hirecentric.com/jobs/137303.html"
    assert director["organization"] == "AFL-CI0" and director["date"] == "" and formula["date"] == "2026-01-01"
    assert director["path"] == str(hunt / DIRECTOR)
    assert gone["missing"] == "yes" and director["missing"] == ""


def test_export_json_reads_back(capsys, hunt: Path):
    data = json.loads(out_of(capsys, "export", str(hunt), "--format", "json"))
    assert [p["id"] for p in data] == ["005_formula.md", "006_hostile.md", DIRECTOR, LEAD, "007_gone.md"]
    assert data[-1]["missing"] is True and data[2]["status"] == "applied"
    assert data[1]["link"] == "https://apply.example/x" and data[-1]["link"] is None
    assert data[3]["note"] == "Ask Jo, then\ncall back"
    listed = json.loads(out_of(capsys, "list", str(hunt), "--json"))[0]
    assert set(data[0]) == {*listed, "link"}


def test_export_markdown_is_a_checklist_no_title_can_break(capsys, hunt: Path):
    text = out_of(capsys, "export", str(hunt), "--format", "md")
    items = [line for line in text.splitlines() if line.startswith("- ")]
    assert len(items) == 5 and all(line.startswith(("- [ ] ", "- [x] ")) for line in items)
    formula, hostile, director, lead, gone = items
    assert director.startswith("- [x] AFL-CI0: Director") and formula.startswith("- [x] ")  # rejected: done
    assert lead.startswith("- [ ] AFL-CIO: Lead Data Scientist <https://aflcio.hirecentric.com/jobs/137303.html>")
    assert gone.startswith("- [ ] (missing) 007")
    assert hostile.endswith(" <https://apply.example/x>") and hostile.startswith("- [x] Evil ")
    body = hostile.removeprefix("- [x] ").removesuffix(" <https://apply.example/x>")
    for char in "[]<>*":  # each escaped: nothing in it opens a link, a tag or emphasis
        assert body.count(char) == body.count("\\" + char), (char, body)
    assert "\x1b" not in text and all(c == "\n" or c >= " " for c in text)
    under = text.split(hostile)[1].split("\n- ")[0].splitlines()[1:]
    assert under and all(line.startswith("  ") for line in under)
    assert not any(line.lstrip().startswith(("- [x] =", "# heading", "2)")) for line in under)
    assert "  - follow up: 2026-12-11" in text.split(director)[1].split("\n- ")[0]


def test_export_narrows_as_list_does(capsys, hunt: Path):
    def exported(*args: str) -> list[str]:
        return [p["id"] for p in json.loads(out_of(capsys, "export", str(hunt), "--format", "json", *args))]

    assert exported("--status", "applied", "--status", "offer") == ["006_hostile.md", DIRECTOR]
    assert exported("--favorites") == ["007_gone.md"]
    assert exported("-q", "role:director") == [DIRECTOR]
    assert exported("--status", "not-interested") == [ASSISTANT]


def test_export_to_a_file_and_its_format_from_the_name(capsys, hunt: Path, tmp_path: Path):
    target = tmp_path / "out" / "hunt.csv"
    target.parent.mkdir()
    assert main(["export", str(hunt), "-o", str(target)]) == 0
    captured = capsys.readouterr()
    assert captured.out == "" and captured.err == f"wrote 5 postings to {target}\n"
    assert len(list(csv.DictReader(io.StringIO(target.read_text(encoding="utf-8"), newline="")))) == 5
    assert main(["export", str(hunt), "-o", str(tmp_path / "out" / "hunt.md")]) == 0
    assert (tmp_path / "out" / "hunt.md").read_text(encoding="utf-8").startswith("- [x] ")
    assert main(["export", str(hunt), "--format", "json", "-o", str(target)]) == 0  # --format wins
    assert len(json.loads(target.read_text(encoding="utf-8"))) == 5


def test_export_errors_are_one_line_exit_2(capsys, hunt: Path, tmp_path: Path):
    assert "--format" in one_line_error(capsys, "export", str(hunt))
    assert "--format" in one_line_error(capsys, "export", str(hunt), "-o", str(tmp_path / "hunt.txt"))
    assert "cannot write" in one_line_error(capsys, "export", str(hunt), "-o", str(tmp_path / "no" / "x.csv"))
    assert "cannot write" in one_line_error(capsys, "export", str(hunt), "-o", str(tmp_path), "--format", "csv")
    assert "not a status" in one_line_error(capsys, "export", str(hunt), "--status", "maybe", "--format", "md")
    assert one_line_error(capsys, "export", "/no/such/board", "--format", "md").startswith("jobboard: ")


def test_export_to_file_never_overwrites(capsys, hunt: Path, tmp_path: Path):
    from tui.config import load_config
    from tui.export import export_to_file
    from tui.session import Session

    session = Session.open(hunt, load_config())
    folder = tmp_path / "exports"
    folder.mkdir()
    first = export_to_file(session, "md", folder)
    second = export_to_file(session, "md", folder)
    assert first != second and first.read_text(encoding="utf-8") == second.read_text(encoding="utf-8")
    assert first.name.startswith("jobboard-board-") and first.suffix == ".md"
    assert first.read_text(encoding="utf-8").count("\n- [") == 4  # every marked posting, the first at the top
    third = export_to_file(session, "csv", folder)
    assert third.suffix == ".csv" and len(list(csv.DictReader(io.StringIO(third.read_text(encoding="utf-8"))))) == 5


# -- the board moved or cloned ------------------------------------------------------------------


def git_board(top: Path) -> Path:
    (top / ".git").mkdir(parents=True)
    (top / ".git" / "config").write_text('[remote "origin"]\n\turl = https://github.com/x/board.git\n', "utf-8")
    shutil.copytree(DATA, top / "_posts")
    return top / "_posts"


def test_a_git_board_cloned_elsewhere_has_its_marks(capsys, tmp_path: Path):
    posts = git_board(tmp_path / "here")
    out_of(capsys, "mark", str(posts), DIRECTOR, "applied")
    shutil.copytree(tmp_path / "here", tmp_path / "there")
    assert ids_listed(capsys, str(tmp_path / "there" / "_posts"), "--status", "applied") == [DIRECTOR]


def test_a_plain_board_copied_elsewhere_offers_its_marks(capsys, board: Path, tmp_path: Path):
    from tui.config import load_config
    from tui.session import Session

    out_of(capsys, "list", str(board))  # a visit: the board's ids are known
    out_of(capsys, "mark", str(board), DIRECTOR, "applied", "--note", "sent")
    copy = tmp_path / "copy"
    shutil.copytree(board, copy)
    assert ids_listed(capsys, str(copy), "--status", "applied") == []  # known by its path: not there
    session = Session.open(copy, load_config())
    assert session.carry_from is not None and session.carry_from[0] == str(board.resolve())
    assert session.carry_over() == 1
    assert session.status(DIRECTOR) is not None and session.note(DIRECTOR) == "sent"
    assert ids_listed(capsys, str(copy), "--status", "applied") == [DIRECTOR]
