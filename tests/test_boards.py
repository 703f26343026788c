"""Boards of other shapes: what is a posting (front matter, `---` or `+++`,
in .md .markdown .mkd .txt .html .htm files), drafts, site roots, and the
one line said when nothing is found."""

from __future__ import annotations

from pathlib import Path

from conftest import write

from tui.cli import main
from tui.library import load_board


def ids(root: Path, drafts: bool = False) -> set[str]:
    return {p.id for p in load_board(root, drafts=drafts).postings}


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


def jekyll_site(root: Path) -> Path:
    write(
        root,
        "_config.yml",
        "title: Jobs\ncollections:\n  fellowships:\n    output: true\n"
        "defaults:\n  - scope:\n      path: roles\n    values:\n      layout: job-posting\n"
        "  - scope:\n      path: ''\n    values:\n      layout: default\n",
    )
    write(root, "_posts/2024-01-01-analyst.md", '---\ntitle: "Acme: Analyst"\n---\nApply.\n')
    write(root, "_posts/2024-01-02-gone.md", '---\ntitle: "Acme: Gone"\npublished: false\n---\n')
    write(root, "_fellowships/fellow.md", '---\ntitle: "Fund: Fellow"\n---\n')
    write(root, "roles/organizer.md", '---\ntitle: "Union: Organizer"\n---\n')  # laid out by defaults
    write(root, "careers/engineer.html", '---\ntitle: "Co: Engineer"\n---\n<p>Apply</p>\n')  # a jobs folder
    write(root, "_pages/steward.md", '---\ntitle: "Local: Steward"\nlayout: vacancy\n---\n')  # its own layout
    write(root, "_pages/about.md", '---\ntitle: "About"\n---\n')
    write(root, "index.md", '---\ntitle: "Home"\nlayout: home\n---\n')
    write(root, "_drafts/soon.md", '---\ntitle: "Acme: Soon"\n---\n')
    write(root, "_TEMPLATE.md", '---\ntitle: "Org: Role"\n---\n')
    write(root, "job-template.md", '---\ntitle: "Org: Role"\nlayout: job\n---\n')
    write(root, "README.md", "# Jobs\n")
    write(root, "LICENSE", "MIT\n")
    write(root, "CONTRIBUTING.md", '---\ntitle: "How to post"\nlayout: job\n---\n')
    write(root, ".github/PULL_REQUEST_TEMPLATE.md", '---\ntitle: "Org: Role"\n---\n')
    write(root, "_layouts/job-posting.html", "---\nlayout: default\n---\n{{ content }}\n")
    write(root, "_includes/apply.html", "<a>Apply</a>\n")
    write(root, "_site/index.html", "<html></html>\n")
    write(root, "node_modules/x/readme.md", '---\ntitle: "X"\n---\n')
    write(root, "assets/notes.md", '---\ntitle: "Asset"\n---\n')
    return root


def test_a_jekyll_site_root_lists_its_postings_only(tmp_path: Path, capsys):
    root = jekyll_site(tmp_path / "site")
    board = load_board(root)
    assert {p.id for p in board.postings} == {
        "_posts/2024-01-01-analyst.md",
        "_fellowships/fellow.md",
        "roles/organizer.md",
        "careers/engineer.html",
        "_pages/steward.md",
    }
    assert board.site == "a Jekyll site: _posts, 1 collection, 3 job pages"
    assert board.bare == [] and board.drafts == ["_posts/2024-01-02-gone.md"]
    assert ids(root, drafts=True) >= {"_posts/2024-01-02-gone.md", "_drafts/soon.md"}
    assert main(["list", str(root)]) == 0
    assert "jobboard: a Jekyll site: _posts, 1 collection, 3 job pages" in capsys.readouterr().err


def test_a_hugo_site_reads_its_content_sections(tmp_path: Path):
    root = tmp_path / "hugo"
    write(root, "hugo.toml", 'title = "Jobs"\n')
    write(root, "content/jobs/analyst.md", '+++\ntitle = "Acme: Analyst"\ndate = 2024-03-01\n+++\nApply.\n')
    write(root, "content/jobs/_index.md", '+++\ntitle = "Jobs"\n+++\n')
    write(root, "content/about.md", '+++\ntitle = "About"\n+++\n')
    write(root, "archetypes/default.md", '+++\ntitle = "{{ .Name }}"\n+++\n')
    write(root, "themes/t/layouts/job.html", '+++\ntitle = "x"\n+++\n')
    board = load_board(root)
    assert [(p.id, p.org, p.date) for p in board.postings] == [("content/jobs/analyst.md", "Acme", "2024-03-01")]
    assert board.site == "a Hugo site: content/jobs"


def test_a_plain_posts_folder_is_no_site(tmp_path: Path):
    write(tmp_path, "2024-01-01-a.md", '---\ntitle: "A: B"\n---\n')
    assert load_board(tmp_path).site is None


def test_the_status_line_says_what_was_read_of_a_site():
    from tui.browse import Choice
    from tui.parts.status_line import StatusFacts, status_parts

    parts = status_parts(StatusFacts(3, 3, Choice(), site="a Jekyll site: _posts, 1 collection, 3 job pages"))
    assert parts[-1][1].plain == "a Jekyll site: _posts, 1 collection, 3 job pages"
    assert all("site" not in text.plain for _, text in status_parts(StatusFacts(3, 3, Choice())))


READS = "jobboard reads .md .markdown .mkd .txt .html .htm files that start with front matter"


def test_an_empty_folder_says_why_nothing_is_listed(tmp_path: Path, capsys):
    (tmp_path / "empty").mkdir()
    assert main(["list", str(tmp_path / "empty")]) == 1
    assert capsys.readouterr().err.strip() == f"jobboard: no postings: the folder has no files; {READS}"


def test_a_folder_of_other_files_says_what_it_holds(tmp_path: Path, capsys):
    root = tmp_path / "site"
    for n in range(8):
        write(root, f"built/{n}.html", "<html><body>a page</body></html>\n")
    for n in range(4):
        write(root, f"data/{n}.json", "{}")
    assert main(["list", "--quiet", str(root)]) == 1
    err = capsys.readouterr().err
    assert f"no postings: 12 files looked at (8 .html without front matter, 4 .json); {READS}" in err


async def test_the_app_list_says_why_it_is_empty(tmp_path: Path):
    from test_app import make_app

    from tui.widgets.posting_table import PostingTable

    root = tmp_path / "board"
    write(root, "a.json", "{}")
    write(root, "b.md", "notes\n")
    app = make_app(root)
    async with app.run_test(size=(240, 30)) as pilot:
        for _ in range(200):
            await pilot.pause(0.01)
            if app.main.session.board is not None:
                break
        await pilot.pause(0.05)
        table = app.query_one(PostingTable)
        lines = [strip.text for strip in (table.render_line(y) for y in range(table.header + 1))]
        said = f"no postings: 2 files looked at (1 .md without front matter, 1 .json); {READS}"
        shown_line = lines[-1].strip()  # cut to the list's width, as a row is
        assert shown_line.startswith("no postings: 2 files looked at (1 .md without front matter, 1 .json)")
        assert said.startswith(shown_line.rstrip("…"))
