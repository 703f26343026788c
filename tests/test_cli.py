"""The command line."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from conftest import DATA, write

from tui.cli import main


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "tui", *args], capture_output=True, text=True, timeout=60)


def test_list_json_of_bundled_postings(capsys):
    assert main(["list", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert len(data) == 5
    marks = {"status", "status_history", "follow_up", "due", "note", "new", "missing"}
    fields = {"location", "employment_type", "salary", "deadline", "remote", "temporary", "jobs"}
    assert set(data[0]) == {
        *("id", "path", "title", "org", "role", "date", "tags", "links", "pinned", "favorite"),
        *fields,
        *marks,
    }
    assert data[0]["date"] == "2017-08-26"


def test_list_query_and_tags(capsys):
    main(["list", str(DATA), "--query", "scientist", "--tag", "union"])
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 2 and "Lead Data Scientist" in lines[0]  # then one that says it in its text


def test_problems_go_to_stderr_exit_zero(tmp_path: Path, capsys):
    write(tmp_path, "ok.md", "---\ntitle: 'A: B'\n---\n")
    write(tmp_path, "bad.md", b"---\ntitle: \xff\xfe\x00\x00garbage\x00\n---\n")
    assert main(["list", str(tmp_path)]) == 0
    captured = capsys.readouterr()
    assert "A" in captured.out and "bad.md:" in captured.err


def test_missing_directory_is_one_line_exit_2():
    result = run("list", "/no/such/dir")
    assert result.returncode == 2 and result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    result = run("/no/such/dir")
    assert result.returncode == 2 and "Traceback" not in result.stderr


def test_show(capsys):
    assert main(["show", "000_459527d663ce2592.txt"]) == 0
    out = capsys.readouterr().out
    assert (
        "title: AFL-CIO: Lead Data Scientist" in out and "apply: https://aflcio.hirecentric.com/jobs/137303.html" in out
    )
    assert "layout:" not in out


def test_show_refuses_ids_outside(capsys):
    assert main(["show", "../pyproject.toml"]) == 2
    assert "not a posting" in capsys.readouterr().err


def test_help_and_version():
    assert "jobboard list" in run("--help").stdout
    assert run("--version").stdout.startswith("jobboard ")


def test_list_favorites(capsys, board: Path):
    from tui.store import StateStore

    StateStore().set_favorite(str(board.resolve()), "003_3e2ea75530bc705d.txt", True)
    main(["list", str(board), "--favorites", "--json"])
    assert [p["id"] for p in json.loads(capsys.readouterr().out)] == ["003_3e2ea75530bc705d.txt"]


def test_list_searches_the_text_and_says_where(tmp_path: Path, capsys):
    root = tmp_path / "board"
    write(root, "a.md", '---\ntitle: "Org: Data Lead"\n---\nThe job is fully remote, with travel.\n')
    write(root, "b.md", '---\ntitle: "Other: Remote Analyst"\n---\nIn Boston.\n')
    write(root, "c.md", '---\ntitle: "Third: Engineer"\n---\nOn site.\n')
    assert main(["list", str(root), "--query", "remote", "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert [p["id"] for p in listed] == ["b.md", "a.md"]  # the role's hit first
    assert listed[0]["snippet"] is None and listed[1]["snippet"] == "The job is fully remote, with travel."


def test_list_refuses_an_unknown_field():
    out = run("list", str(DATA), "--query", "date:2020")
    assert out.returncode == 2 and out.stdout == ""
    assert (
        out.stderr.strip() == "jobboard: no field 'date': try title: org: role: tag: text: is: status: has: note: "
        "salary: deadline: posted: location: open:"
    )


def test_show_takes_the_folder_as_list_does_or_the_file(tmp_path: Path, capsys):
    write(tmp_path / "b", "jobs/2024-01-01-lead.md", '---\ntitle: "Org: Lead"\n---\nApply at https://x.org/a\n')
    assert main(["show", str(tmp_path / "b"), "jobs/2024-01-01-lead.md"]) == 0
    assert "title: Org: Lead" in capsys.readouterr().out
    assert main(["show", "--dir", str(tmp_path / "b"), "jobs/2024-01-01-lead.md"]) == 0  # --dir kept
    assert "title: Org: Lead" in capsys.readouterr().out
    assert main(["show", str(tmp_path / "b" / "jobs" / "2024-01-01-lead.md")]) == 0  # the file's path
    assert "title: Org: Lead" in capsys.readouterr().out
    assert main(["show", "--json", str(tmp_path / "b"), "jobs/2024-01-01-lead.md"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["body"].startswith("Apply at") and data["favorite"] is False


def test_show_suggests_the_closest_ids(tmp_path: Path, capsys):
    write(tmp_path / "b", "jobs/2024-01-01-lead.md", '---\ntitle: "Org: Lead"\n---\n')
    write(tmp_path / "b", "jobs/2024-01-02-analyst.md", '---\ntitle: "Org: Analyst"\n---\n')
    assert main(["show", str(tmp_path / "b"), "jobs/2024-01-01-laed.md"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "did you mean 'jobs/2024-01-01-lead.md'" in err
    assert main(["show", str(tmp_path / "b"), "2024-01-02-analyst.md"]) == 2  # the name without its folder
    assert "did you mean 'jobs/2024-01-02-analyst.md'" in capsys.readouterr().err


def test_show_suggests_a_name_escaped_once_as_show_takes_it(tmp_path: Path, capsys):
    import os

    write(tmp_path / "b", "new\nline.md", '---\ntitle: "Org: Lead"\n---\n')
    write(tmp_path / "b", os.fsdecode(b"caf\xe9-bar.md"), '---\ntitle: "Org: Bar"\n---\n')
    assert main(["show", str(tmp_path / "b"), "newline.md"]) == 2
    err = capsys.readouterr().err
    assert "did you mean 'new\\x0aline.md'?" in err  # as list prints it: one backslash
    assert main(["show", str(tmp_path / "b"), "cafe-bar.md"]) == 2
    assert "did you mean 'caf\\xe9-bar.md'?" in capsys.readouterr().err
    assert main(["show", str(tmp_path / "b"), "new\\x0aline.md"]) == 0  # taken as suggested
    assert "title: Org: Lead" in capsys.readouterr().out


def test_list_warns_of_a_tag_no_posting_has(capsys):
    assert main(["list", str(DATA), "--tag", "unoin"]) == 0
    captured = capsys.readouterr()
    assert captured.out == "" and "no posting has the tag 'unoin'; did you mean 'union'?" in captured.err


def test_list_quiet_says_nothing_of_bad_files(tmp_path: Path, capsys):
    write(tmp_path, "ok.md", "---\ntitle: 'A: B'\n---\n")
    write(tmp_path, "bad.md", b"---\ntitle: \xff\xfe\x00\x00garbage\x00\n---\n")
    assert main(["list", "--quiet", str(tmp_path)]) == 0
    captured = capsys.readouterr()
    assert "A" in captured.out and captured.err == ""


def test_list_piped_is_not_cut(tmp_path: Path):
    org = "The Very Long Name of an Organization That Goes On"
    write(tmp_path, "a.md", f'---\ntitle: "{org}: Role"\n---\n')
    result = run("list", str(tmp_path))
    assert result.returncode == 0 and org in result.stdout and "…" not in result.stdout


def test_list_json_says_which_are_favorites(capsys, board: Path):
    from tui.store import StateStore

    StateStore().set_favorite(str(board.resolve()), "003_3e2ea75530bc705d.txt", True)
    main(["list", str(board), "--json"])
    favorites = {p["id"]: p["favorite"] for p in json.loads(capsys.readouterr().out)}
    assert favorites["003_3e2ea75530bc705d.txt"] is True and sum(favorites.values()) == 1


def test_show_takes_an_id_without_its_extension(tmp_path: Path, capsys):
    root = tmp_path / "b"
    write(root, "2020-10-07-AFSCMEData.md", '---\ntitle: "AFSCME: Data Analyst"\n---\nx\n')
    write(root, "jobs/2021-01-01-lead.markdown", '---\ntitle: "Org: Lead"\n---\nx\n')
    write(root, "twice.md", '---\ntitle: "A: One"\n---\n')
    write(root, "twice.txt", '---\ntitle: "B: Two"\n---\n')
    assert main(["show", str(root), "2020-10-07-AFSCMEData"]) == 0
    assert "title: AFSCME: Data Analyst" in capsys.readouterr().out
    assert main(["show", str(root), "jobs/2021-01-01-lead"]) == 0
    assert "title: Org: Lead" in capsys.readouterr().out
    assert main(["show", str(root / "2020-10-07-AFSCMEData")]) == 0  # a path without the extension too
    assert "title: AFSCME: Data Analyst" in capsys.readouterr().out
    assert main(["show", str(root), "twice"]) == 2  # two files: both named, neither shown
    captured = capsys.readouterr()
    assert captured.out == "" and captured.err.count("\n") == 1
    assert "'twice.md'" in captured.err and "'twice.txt'" in captured.err
    assert main(["show", str(root), "twice.txt"]) == 0 and "title: B: Two" in capsys.readouterr().out


def test_snippets_keep_their_line_breaks(tmp_path: Path, capsys):
    """A snippet's lines are joined by " ⏎ ", never run together (the
    engineer's salary must not read as the analyst's), and it ends at a line's end."""
    root = tmp_path / "b"
    body = (
        "## Openings\n\n- [Data Engineer](https://x.org/e)\n  Salary: $85 - 110K\n"
        "- [Data Analyst](https://x.org/a)\n  Salary: $60 - 70K\n\n"
        + "A last paragraph that is long enough not to fit in what is left of the snippet's room.\n"
    )
    write(root, "a.md", f'---\ntitle: "Org: Lead"\n---\n{body}')
    assert main(["list", str(root), "--query", "salary", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)[0]["snippet"] == (
        "… ⏎ - [Data Engineer](https://x.org/e) ⏎ Salary: $85 - 110K ⏎ - [Data Analyst](https://x.org/a)"
        " ⏎ Salary: $60 - 70K ⏎ …"
    )
    write(root, "a.md", '---\ntitle: "Org: Lead"\n---\n' + "word " * 60 + "remote " + "more " * 60 + "\nNext.\n")
    assert main(["list", str(root), "--query", "remote", "--json"]) == 0
    snippet = json.loads(capsys.readouterr().out)[0]["snippet"]
    assert snippet.startswith("…word ") and snippet.endswith(" more…") and "remote" in snippet  # one long line: cut
    assert len(snippet) <= 122


def test_list_finds_a_short_word_in_the_text(tmp_path: Path, capsys):
    root = tmp_path / "b"
    write(root, "2024-01-01-a.md", '---\ntitle: "DC Vote: Organizer"\n---\nJoin us.\n')
    write(root, "2024-01-02-b.md", '---\ntitle: "Org: Analyst"\n---\nBased in Washington, DC.\n')
    write(root, "2024-01-03-c.md", '---\ntitle: "Other: Data Scientist"\n---\nIn Boston; the DCCC.\n')
    assert main(["list", str(root), "--query", "dc", "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert [p["id"] for p in listed] == ["2024-01-01-a.md", "2024-01-02-b.md"]  # not d...c in "Data Scientist"
    assert listed[1]["snippet"] == "Based in Washington, DC."
