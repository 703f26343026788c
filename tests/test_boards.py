"""Boards of other shapes: what is a posting (front matter, `---` or `+++`,
in .md .markdown .mkd .txt .html .htm files), drafts, site roots, and the
one line said when nothing is found."""

from __future__ import annotations

from pathlib import Path

from conftest import write

from tui.cli import main
from tui.library import load_board


def ids(root: Path, **kwargs: bool) -> set[str]:
    return {p.id for p in load_board(root, **kwargs).postings}


def test_every_kind_of_posting_file_with_front_matter_is_listed(tmp_path: Path):
    for ext in ("md", "markdown", "mkd", "txt", "html", "htm"):
        write(tmp_path, f"a.{ext}", f'---\ntitle: "Org: Role {ext}"\n---\n<p>Apply</p>\n')
    write(tmp_path, "b.html", "<html><body>a built page</body></html>\n")
    write(tmp_path, "c.json", "{}")
    board = load_board(tmp_path)
    assert {p.title for p in board.postings} == {
        f"Org: Role {ext}" for ext in ("md", "markdown", "mkd", "txt", "html", "htm")
    }
    assert board.bare == ["b.html"] and board.notes() == ["1 file without front matter was left out"]


def test_toml_front_matter(tmp_path: Path):
    write(
        tmp_path,
        "content/jobs/analyst.md",
        '+++\ntitle = "Acme: Analyst"\ndate = 2024-03-01\ntags = ["data", "Remote"]\n+++\n[Apply](https://acme.org/a)\n',
    )
    board = load_board(tmp_path)
    (posting,) = board.postings
    assert (posting.org, posting.role, posting.date, posting.tags) == (
        "Acme",
        "Analyst",
        "2024-03-01",
        ("data", "remote"),
    )
    assert board.read(posting.id).urls == ["https://acme.org/a"]
    assert board.problems == []


def test_broken_toml_is_recovered_and_said(tmp_path: Path):
    write(tmp_path, "a.md", '+++\ntitle = "Acme: Analyst"\noops = = 1\n+++\nbody\n')
    board = load_board(tmp_path)
    assert [p.title for p in board.postings] == ["Acme: Analyst"]
    assert any("not valid TOML" in p.reason for p in board.problems)


def test_drafts_are_left_out_unless_asked_for(tmp_path: Path, capsys):
    write(tmp_path, "2024-01-01-out.md", '---\ntitle: "A: Out"\n---\n')
    write(tmp_path, "2024-01-02-draft.md", '---\ntitle: "A: Draft"\npublished: false\n---\n')
    write(tmp_path, "_TEMPLATE.md", '---\ntitle: "Org: Role"\n---\n')
    write(tmp_path, "_drafts/coming.md", '---\ntitle: "A: Coming"\n---\n')
    assert ids(tmp_path) == {"2024-01-01-out.md"}
    assert load_board(tmp_path).notes() == ["1 draft was left out (published: false; --drafts shows them)"]
    assert ids(tmp_path, drafts=True) == {
        "2024-01-01-out.md",
        "2024-01-02-draft.md",
        "_TEMPLATE.md",
        "_drafts/coming.md",
    }
    assert main(["list", str(tmp_path)]) == 0
    captured = capsys.readouterr()
    assert "Draft" not in captured.out and "1 draft was left out" in captured.err
    assert main(["list", "--drafts", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "Draft" in out and "Coming" in out


def test_files_without_front_matter_are_counted_not_listed(tmp_path: Path, capsys):
    write(tmp_path, "2024-01-01-a.md", '---\ntitle: "A: One"\n---\n')
    for n in range(3):
        write(tmp_path, f"notes-{n}.md", "just some notes\n")
    assert main(["list", str(tmp_path)]) == 0
    captured = capsys.readouterr()
    assert "One" in captured.out and "notes" not in captured.out
    assert "3 files without front matter were left out" in captured.err
    # From the cache too.
    assert main(["list", str(tmp_path)]) == 0
    assert "3 files without front matter were left out" in capsys.readouterr().err
