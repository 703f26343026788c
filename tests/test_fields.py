"""Fields read under any board's names: synonym families, schema.org
JobPosting names, the config's [fields], and what is left over."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import write

from tui.fields import FIELDS, Names, norm
from tui.posting import parse_posting


def parsed(front: str, body: str = "Text.\n", name: str = "2024-03-01-x.md", **kwargs):
    return parse_posting(f"---\n{front}\n---\n{body}".encode(), name, **kwargs)


def test_names_compare_without_case_or_separators():
    assert norm("date_posted") == norm("datePosted") == norm("date posted") == norm("Date-Posted")
    names = Names()
    assert {names.field_of(n) for n in ("date_posted", "dateposted", "date posted", "DatePosted")} == {"date"}


def test_every_field_is_declared_once_with_its_names():
    seen: dict[str, str] = {}
    for field in FIELDS:
        assert field.kind in ("text", "date", "list", "link", "bool", "salary", "mode", "flag", "jobs")
        for name in field.names:
            assert seen.setdefault(norm(name), field.name) == field.name, name


@pytest.mark.parametrize("key", ["organization", "org", "company", "employer", "hiring_organization", "Company Name"])
def test_organization_under_its_names(key):
    posting = parsed(f"title: Data Analyst\n{key}: Acme Co").posting
    assert (posting.org, posting.role, posting.title) == ("Acme Co", "Data Analyst", "Data Analyst")


@pytest.mark.parametrize("key", ["role", "position", "job_title", "jobTitle", "job title"])
def test_role_under_its_names(key):
    posting = parsed(f"{key}: Data Engineer\ncompany: Acme").posting
    assert (posting.org, posting.role, posting.title) == ("Acme", "Data Engineer", "Data Engineer")


def test_a_role_field_keeps_a_title_that_is_not_org_role():
    posting = parsed("title: We are hiring!\nrole: Analyst").posting
    assert (posting.title, posting.role, posting.org) == ("We are hiring!", "Analyst", "")


def test_org_role_titles_keep_working_without_an_organization_field():
    posting = parsed('title: "AFL-CIO: Data Scientist"').posting
    assert (posting.org, posting.role) == ("AFL-CIO", "Data Scientist")
    same = parsed('title: "AFL-CIO: Data Scientist"\norganization: AFL-CIO').posting
    assert (same.org, same.role) == ("AFL-CIO", "Data Scientist")
    other = parsed('title: "Remote: Data Scientist"\ncompany: Acme').posting
    assert (other.org, other.role) == ("Acme", "Remote: Data Scientist")


@pytest.mark.parametrize("key", ["date", "posted", "date_posted", "datePosted", "created", "published", "opens"])
def test_date_under_its_names(key):
    assert parsed(f"title: T\n{key}: 2023-05-06", name="x.md").posting.date == "2023-05-06"


def test_published_false_is_not_a_date_and_says_nothing():
    result = parsed("title: T\npublished: false")
    assert result.posting.date == "2024-03-01"
    assert result.problems == []


def test_the_first_name_of_a_family_wins():
    assert parsed("title: T\ncreated: 2020-01-01\ndate: 2021-02-02").posting.date == "2021-02-02"


@pytest.mark.parametrize("key", ["deadline", "closes", "closing_date", "expires", "apply by", "validThrough"])
def test_deadline_as_written(key):
    assert parsed(f"title: T\n{key}: 'March 30, 2024 (rolling)'").posting.get("deadline") == "2024-03-30"


@pytest.mark.parametrize(
    ("front", "want"),
    [
        ("location: Boston, MA", ("Boston, MA", "")),
        ("city: Denver", ("Denver", "")),
        ("remote: true", ("", "remote")),
        ("location: Denver\nremote_ok: yes", ("Denver", "remote")),
        ("jobLocationType: TELECOMMUTE", ("", "remote")),
        ("workplace type: Hybrid", ("", "hybrid")),
        ("remote: false", ("", "onsite")),
    ],
)
def test_location_and_remote(front, want):
    from tui.fields import by_name, cell

    posting = parsed(f"title: T\n{front}").posting
    assert (posting.get("location"), posting.get("remote")) == want
    location = by_name("location")
    assert location is not None
    assert cell(location, posting, "2024-01-01") == (
        want[0] or {"": "", "remote": "Remote", "hybrid": "Hybrid", "onsite": "On-site"}[want[1]]
    )


@pytest.mark.parametrize("key", ["employment_type", "employmentType", "type", "job type", "hours"])
def test_employment_type(key):
    assert parsed(f"title: T\n{key}: Full-time").posting.get("employment") == "Full-time"


@pytest.mark.parametrize("key", ["salary", "compensation", "pay", "baseSalary"])
def test_salary(key):
    salary = parsed(f"title: T\n{key}: '$60,000 - $70,000'").posting.get("salary")
    assert salary == (60000.0, 70000.0, "year", "$60,000 - $70,000")


def test_fields_are_one_line_and_cut():
    posting = parsed('title: T\nsalary: "a\\n\\x1b[2Jb ' + "x" * 500 + '"').posting
    written = posting.get("salary")[3]
    assert "\n" not in written and "\x1b" not in written
    assert len(written) <= 120 and written.endswith("…")


def test_schema_org_job_posting_names():
    front = """\
"@context": https://schema.org
"@type": JobPosting
title: Data Analyst
datePosted: 2024-01-02
validThrough: 2024-02-01
employmentType: FULL_TIME
hiringOrganization:
  "@type": Organization
  name: Acme Co
jobLocation:
  "@type": Place
  address:
    "@type": PostalAddress
    addressLocality: Boston
    addressRegion: MA
baseSalary:
  "@type": MonetaryAmount
  currency: USD
  value:
    "@type": QuantitativeValue
    minValue: 50000
    maxValue: 60000
    unitText: YEAR"""
    result = parsed(front)
    posting = result.posting
    assert (posting.org, posting.role, posting.date) == ("Acme Co", "Data Analyst", "2024-01-02")
    assert (posting.get("deadline"), posting.get("employment")) == ("2024-02-01", "FULL_TIME")
    assert posting.get("location") == "Boston, MA"
    assert posting.get("salary") == (50000.0, 60000.0, "year", "USD 50000–60000 per year")
    assert result.unplaced == []


@pytest.mark.parametrize("key", ["tags", "tag", "categories", "keywords", "skills"])
def test_tags_under_their_names_and_comma_separated(key):
    assert parsed(f"title: T\n{key}: 'ux, research,Data Science'").posting.tags == ("ux", "research", "data science")


@pytest.mark.parametrize(
    ("front", "want"),
    [
        ("apply_url: https://acme.org/jobs/1", "https://acme.org/jobs/1"),
        ("url: https://acme.org/jobs/2", "https://acme.org/jobs/2"),
        ("how_to_apply: Send a letter to jobs@acme.org by Friday", "mailto:jobs@acme.org"),
        ("application link: '[here](https://acme.org/a)'", "https://acme.org/a"),
    ],
)
def test_the_link_from_front_matter_comes_first(front, want):
    result = parsed(f"title: T\n{front}", body="| pay | [table](https://acme.org/salaries) |\n")
    assert result.posting.get("link") == want
    assert result.urls == [want, "https://acme.org/salaries"]


def test_a_relative_url_is_no_link():
    result = parsed("title: T\nurl: /jobs/x/", body="[Apply](https://acme.org/apply)\n")
    assert result.posting.get("link") == "" and result.urls == ["https://acme.org/apply"]


def test_unplaced_names_are_kept_in_order():
    result = parsed("title: T\nlayout: post\nteam: Data\nlevel: Senior\ntags: [a]\nmanager: null")
    assert result.unplaced == ["team", "level"]


RICH = """\
---
title: Data Analyst
company: Acme Co
location: Boston, MA
employment_type: Full-time
salary: $60,000–$70,000
closing_date: March 30, 2024
apply_url: https://acme.org/jobs/1
team: Data
level: Senior
reports_to: Director
layout: post
---
The pay table: [salaries](https://acme.org/salaries).
"""


def test_new_fields_survive_the_parse_cache(tmp_path: Path):
    from tui.library import load_board

    write(tmp_path / "b", "2024-03-01-acme.md", RICH)
    for from_cache in (0, 1):
        board = load_board(tmp_path / "b", cache_dir=tmp_path / "cache")
        assert board.from_cache == from_cache
        posting = board.postings[0]
        assert (
            posting.get("location"),
            posting.get("employment"),
            posting.get("salary"),
            posting.get("deadline"),
            posting.get("link"),
        ) == (
            "Boston, MA",
            "Full-time",
            (60000.0, 70000.0, "year", "$60,000–$70,000"),
            "2024-03-30",
            "https://acme.org/jobs/1",
        )


def test_list_json_and_show_give_the_new_fields(tmp_path: Path, capsys):
    from tui.cli import main

    write(tmp_path, "2024-03-01-acme.md", RICH)
    assert main(["list", str(tmp_path), "--json"]) == 0
    [data] = json.loads(capsys.readouterr().out)
    assert (data["org"], data["location"], data["employment_type"], data["salary"], data["deadline"]) == (
        "Acme Co",
        "Boston, MA",
        "Full-time",
        {
            "min": 60000,
            "max": 70000,
            "period": "year",
            "annual_min": 60000,
            "annual_max": 70000,
            "text": "$60,000–$70,000",
        },
        "2024-03-30",
    )
    assert data["links"] == ["https://acme.org/jobs/1", "https://acme.org/salaries"]
    assert main(["show", str(tmp_path / "2024-03-01-acme.md")]) == 0
    out = capsys.readouterr().out
    for line in ("location: Boston, MA", "type: Full-time", "salary: $60,000–$70,000", "apply by: 2024-03-30"):
        assert line in out.splitlines()
    assert "apply: https://acme.org/jobs/1" in out


def test_the_header_line_of_fields_and_what_is_left_over():
    from tui.fields import facts_line, folded

    posting = parsed(RICH.split("---\n")[1].strip()).posting
    assert facts_line(posting) == "Boston, MA · Full-time · $60,000–$70,000 · apply by 30 Mar 2024"
    assert folded(["team", "level", "reports_to"], 80) == "also: team, level, reports_to"
    assert folded(["team", "level", "a", "b", "c"], 28) == "also: team, level, +3 more"
    assert len(folded(["x" * 40], 20)) == 20


def test_header_snapshot_with_location_type_and_deadline(tmp_path: Path, snap_compare):
    from test_snapshots import settle

    from tui.app import JobBoard

    write(tmp_path / "b", "2024-03-01-acme.md", RICH)
    assert snap_compare(JobBoard(tmp_path / "b", cache_dir=None), terminal_size=(172, 20), run_before=settle)


def config_with(tmp_path: Path, text: str):
    from tui.config import load_config

    return load_config(write(tmp_path, "config.toml", text))


def test_fields_in_the_config_map_more_names(tmp_path: Path):
    config = config_with(tmp_path, '[fields]\nrole = ["roles"]\nlink = ["externalURL"]\nemployment_type = ["kind"]\n')
    assert config.problems == []
    assert config.fields == {"role": ("roles",), "link": ("externalURL",), "employment": ("kind",)}
    result = parsed(
        "title: We hire\nroles: Analyst\nexternal_url: https://acme.org/x\nkind: Part-time", names=config.fields
    )
    assert (result.posting.role, result.posting.get("link"), result.posting.get("employment")) == (
        "Analyst",
        "https://acme.org/x",
        "Part-time",
    )
    assert result.unplaced == []
    assert parsed("title: T\nroles: Analyst").unplaced == ["roles"]


def test_fields_errors_are_said_with_their_line(tmp_path: Path):
    config = config_with(tmp_path, '[ui]\ncursor-blink = true\n[fields]\nrol = ["x"]\nrole = "roles"\nlink = [1]\n')
    path = tmp_path / "config.toml"
    assert len(config.problems) == 3 and config.fields == {}
    assert config.problems[0].startswith(f"{path}, line 4: [fields] 'rol' is not a field: one of title, org, role")
    assert config.problems[1].startswith(f"{path}, line 5: [fields] 'role' must be a list of names")
    assert config.problems[2].startswith(f"{path}, line 6: [fields] 'link' must be a list of names")
    assert config_with(tmp_path, "fields = 3\n").problems == [f"{path}: fields must be a table ([fields]); ignored"]


def test_the_fields_mapping_reaches_worker_processes_and_the_cache_key(tmp_path: Path, monkeypatch):
    from tui import library

    board = tmp_path / "b"
    for n in range(6):
        write(board, f"2024-03-0{n + 1}-x{n}.md", f"---\ntitle: Post {n}\nroles: Analyst {n}\n---\n")
    monkeypatch.setattr(library, "PARALLEL_THRESHOLD", 2)
    monkeypatch.setattr(library, "CHUNK", 2)
    names = {"role": ("roles",)}
    loaded = library.load_board(board, cache_dir=tmp_path / "cache", names=names, workers=2)
    assert sorted(p.role for p in loaded.postings) == [f"Analyst {n}" for n in range(6)]
    again = library.load_board(board, cache_dir=tmp_path / "cache", names=names)
    assert again.from_cache == 6
    plain = library.load_board(board, cache_dir=tmp_path / "cache")  # another mapping: read again
    assert plain.from_cache == 0 and {p.role for p in plain.postings} == {f"Post {n}" for n in range(6)}


def test_the_fields_mapping_reaches_the_app_session(tmp_path: Path, xdg: Path, capsys):
    from tui.cli import main

    write(xdg / "xdg_config_home" / "jobboard", "config.toml", '[fields]\nlink = ["externalURL"]\n')
    write(tmp_path, "2024-03-01-x.md", "---\ntitle: 'Acme: Analyst'\nexternalURL: https://acme.org/a\n---\n")
    assert main(["list", str(tmp_path), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)[0]["links"] == ["https://acme.org/a"]


def test_jobboard_fields_lists_every_name_with_counts_examples_and_what_it_is_read_as(tmp_path: Path, capsys):
    from tui.cli import main

    write(tmp_path, "a.md", "---\ntitle: A\ncompany: Acme\ndatePosted: 2024-01-01\nteam: Data\n---\n")
    write(tmp_path, "b.md", '---\ntitle: B\ncompany: "Bee\\e[2J Co"\nteam: null\n---\n')
    write(tmp_path, "c.md", "no front matter\n")
    assert main(["fields", str(tmp_path)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert [line.split()[:3] for line in lines] == [
        ["company", "2", "org"],
        ["title", "2", "title"],
        ["datePosted", "1", "date"],
        ["team", "1", "not", "used"][:3],
    ]
    assert lines[0].endswith("Acme") and lines[3].endswith("Data")
    write(tmp_path, "0.md", '---\ncompany: "Bee\\e[2J Co"\n---\n')  # an escape in the example: removed
    assert main(["fields", str(tmp_path)]) == 0
    assert "\x1b" not in capsys.readouterr().out
    assert main(["fields", str(tmp_path), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data[0] == {"name": "company", "postings": 3, "example": "Bee[2J Co", "read_as": "org"}
    assert data[-1] == {"name": "team", "postings": 1, "example": "Data", "read_as": None}


def test_jobboard_fields_of_a_missing_folder_is_one_line(tmp_path: Path, capsys):
    from tui.cli import main

    assert main(["fields", str(tmp_path / "nope")]) == 2
    assert capsys.readouterr().err.count("\n") == 1


def test_each_field_reaches_json_show_csv_sorts_and_columns_from_its_declaration(tmp_path: Path, capsys):
    """A field is added in one place: its declaration gives its JSON name,
    its line in show, its CSV column, its sort and its column."""
    from tui.browse import SORTS
    from tui.cli import main
    from tui.fields import COLUMNS, CSV_FIELDS, FIELDS, MORE, given
    from tui.library import load_board
    from tui.widgets.posting_table import own_columns

    write(
        tmp_path,
        "2024-03-01-acme.md",
        RICH.replace("layout: post\n", "tags: [data]\npinned: true\nremote: yes\ntemporary: yes\n")
        + "\n* [Data Analyst](https://acme.org/jobs/a): $50,000\n* [Data Engineer](https://acme.org/jobs/b): $60,000\n",
    )
    posting = load_board(tmp_path).postings[0]
    assert len(posting.more) == len(MORE) and given([posting]) == {f.name for f in MORE}
    assert main(["list", str(tmp_path), "--json"]) == 0
    [data] = json.loads(capsys.readouterr().out)
    assert main(["show", str(tmp_path / "2024-03-01-acme.md")]) == 0
    shown = capsys.readouterr().out.splitlines()
    assert main(["export", str(tmp_path), "-q", "acme", "--format", "csv"]) == 0
    header = capsys.readouterr().out.splitlines()[0].split(",")
    for field in FIELDS:
        if field.json:
            assert data[field.json] not in (None, "", []), field.name
        if field.label:
            assert any(line.startswith(f"{field.label}:") for line in shown), field.name
        if field in CSV_FIELDS:
            assert (field.csv or field.json) in header, field.name
        if field.sort:
            assert SORTS[field.name] == field.sort
    for field, column in COLUMNS:
        assert own_columns(column.from_width, frozenset({field.name})) == ((field, column),)
        assert own_columns(column.from_width - 1, frozenset({field.name})) == ()


def _forged(**given: object) -> tuple[object, ...]:
    from tui.fields import MORE, empty_of

    return tuple(given.get(field.name, empty_of(field)) for field in MORE)


@pytest.mark.parametrize(
    "more",
    [
        ("a",),
        _forged(location="\x1b[2J"),
        _forged(location=1),
        _forged(salary=(1, 2, "year", "$1")),  # ints: not as parsing keeps a salary
        _forged(salary=(1.0, 2.0, "fortnight", "$1")),
        _forged(salary=(1.0, 2.0, "year", "\x1b]52;c;x\x07")),
        _forged(deadline="soon"),
        _forged(remote="maybe"),
        _forged(temporary=1),
        _forged(jobs=(("Analyst", "\x1b[2J", "", 0),)),
    ],
    ids=["short", "escape", "not text", "int pay", "period", "pay words", "date", "mode", "flag", "job"],
)
def test_a_cache_whose_other_fields_were_not_made_by_parsing_is_rebuilt(tmp_path: Path, more):
    import pickle

    from tui.library import load_board

    write(tmp_path / "b", "2024-03-01-acme.md", RICH)
    cache = tmp_path / "cache"
    assert load_board(tmp_path / "b", cache_dir=cache).from_cache == 0
    [path] = list(cache.iterdir())
    data = pickle.loads(path.read_bytes())
    assert load_board(tmp_path / "b", cache_dir=cache).from_cache == 1
    data["more"] = [more]
    path.write_bytes(pickle.dumps(data, protocol=pickle.HIGHEST_PROTOCOL))
    board = load_board(tmp_path / "b", cache_dir=cache)
    assert board.from_cache == 0 and board.postings[0].get("location") == "Boston, MA"
