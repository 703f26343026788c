"""Several jobs in one posting: each read with its role, its own link and its pay."""

from __future__ import annotations

import ast
import time

from tui.jobs import MAX_JOBS, Job, jobs_of


def rows(body: str) -> list[tuple[str, str, object]]:
    return [(job.role, job.link, job.salary[:3] if job.salary else "") for job in jobs_of(body)]


# -- a list of link lines ----------------------------------------------------


def test_link_lines_with_details_and_pay_are_one_job_each():
    body = (
        "Our coalition is growing and needs three people.\n\n"
        "[Data Analyst](https://jobs.example.org/1): builds our weekly reports, pays $60,000 a year.\n\n"
        "[Organizing Director](https://jobs.example.org/2): leads the field team; salary $85,000 - $95,000.\n\n"
        "[Digital Fellow](https://jobs.example.org/3): a summer post at $20 per hour.\n\n"
        "Benefits: health care, and a $1,500 stipend for training.\n"
    )
    assert rows(body) == [
        ("Data Analyst", "https://jobs.example.org/1", (60000.0, 60000.0, "year")),
        ("Organizing Director", "https://jobs.example.org/2", (85000.0, 95000.0, "year")),
        ("Digital Fellow", "https://jobs.example.org/3", (20.0, 20.0, "hour")),
    ]


def test_bulleted_link_lines_with_k_pay():
    body = (
        "We are hiring for:\n"
        "* [Senior Data Engineer](https://careers.example.com/eng) - $90k-$110k\n"
        "* [Field Data Coordinator](https://careers.example.com/coord) - $50k\n"
        "- [Research Associate](https://careers.example.com/assoc)\n\n"
        "All roles pay at least $45,000 and offer full benefits.\n"
    )
    jobs = jobs_of(body)
    assert [(j.role, j.link) for j in jobs] == [
        ("Senior Data Engineer", "https://careers.example.com/eng"),
        ("Field Data Coordinator", "https://careers.example.com/coord"),
        ("Research Associate", "https://careers.example.com/assoc"),
    ]
    assert jobs[0].salary[:2] == (90000.0, 110000.0)
    assert jobs[1].salary[:2] == (50000.0, 50000.0)
    assert jobs[2].salary == ""  # the pay under the list is not this job's


def test_each_job_starts_at_its_line():
    body = "Intro text.\n<br>[Data Analyst](https://a.example/1)\n<br>[Data Scientist](https://a.example/2)\n"
    jobs = jobs_of(body)
    assert [body[j.start :].split("\n", 1)[0] for j in jobs] == [
        "<br>[Data Analyst](https://a.example/1)",
        "<br>[Data Scientist](https://a.example/2)",
    ]


def test_a_role_inside_an_apply_label_is_the_role():
    body = (
        "[Apply for the Northern Region Data Coordinator position here](https://apply.example/n)\n"
        "[Apply for the Southern Region Data Coordinator position here](https://apply.example/s)\n"
        "[Software Engineer details here](https://apply.example/e)\n"
    )
    assert [j.role for j in jobs_of(body)] == [
        "Northern Region Data Coordinator",
        "Southern Region Data Coordinator",
        "Software Engineer",
    ]


def test_a_short_prefix_before_the_link_and_an_aside_in_the_label():
    body = (
        "The Party - [Senior Data Analyst](https://jobs.example.net/a)\n"
        "The Party - [Data Scientist (new posting!)](https://jobs.example.net/b)\n"
    )
    assert [j.role for j in jobs_of(body)] == ["Senior Data Analyst", "Data Scientist (new posting!)"]


def test_role_is_one_clean_line():
    body = "* [Data\x07\x1b Analyst](https://x.example/1)\n* [Lead \u200bEngineer](https://x.example/2)\n"
    assert [j.role for j in jobs_of(body)] == ["Data Analyst", "Lead Engineer"]


# -- a heading per job ---------------------------------------------------------------


def test_markdown_headings_each_with_its_link_and_pay():
    body = (
        "We have two openings on the data team.\n\n"
        "## Data Analyst\n\nYou will clean voter files. Salary: $55,000.\n\n"
        "### Responsibilities\n* Write SQL\n* Build dashboards\n\n"
        "[Apply](https://hire.example/analyst)\n\n"
        "## Deputy Data Director\n\nYou will manage the analysts. Pay is $80,000 - $90,000.\n"
        "Apply at https://hire.example/deputy.\n\n"
        "## About us\nWe are a union; see https://union.example.\n"
    )
    jobs = jobs_of(body)
    assert rows(body) == [
        ("Data Analyst", "https://hire.example/analyst", (55000.0, 55000.0, "year")),
        ("Deputy Data Director", "https://hire.example/deputy", (80000.0, 90000.0, "year")),
    ]
    assert body[jobs[0].start :].startswith("## Data Analyst")
    assert body[jobs[1].start :].startswith("## Deputy Data Director")


def test_bold_and_colon_and_plain_headings():
    bold = (
        "**Data Engineer**\nBuilds pipelines. [Details](https://e.example/eng)\n\n"
        "**Analytics Manager**\nRuns the team. [Details](https://e.example/mgr)\n"
    )
    colon = "Data Engineer:\nhttps://e.example/jobs/1\n\nRegional Data Director:\nhttps://e.example/jobs/2\n"
    plain = (
        "Lead Data Scientist\nYou will lead. Salary: $95k-110k. [See more](https://e.example/l)\n\n"
        "Analytics Coordinator.\nYou will plan. [See more](https://e.example/c)\n"
    )
    assert [(j.role, j.link) for j in jobs_of(bold)] == [
        ("Data Engineer", "https://e.example/eng"),
        ("Analytics Manager", "https://e.example/mgr"),
    ]
    assert [(j.role, j.link) for j in jobs_of(colon)] == [
        ("Data Engineer", "https://e.example/jobs/1"),
        ("Regional Data Director", "https://e.example/jobs/2"),
    ]
    assert [(j.role, j.link, j.salary[:2]) for j in jobs_of(plain)] == [
        ("Lead Data Scientist", "https://e.example/l", (95000.0, 110000.0)),
        ("Analytics Coordinator", "https://e.example/c", ""),
    ]


def test_a_role_then_a_colon_then_its_text():
    body = (
        "Two roles are open:\n"
        "Deputy Analytics Director: supervises the team and its reporting.\n"
        "Must Haves: management experience.\n"
        "[Job description here](https://docs.example/one)\n\n"
        "Data Analyst (several): owns the reporting of one program.\n"
        "[Job description here](https://docs.example/two)\n"
    )
    assert [(j.role, j.link) for j in jobs_of(body)] == [
        ("Deputy Analytics Director", "https://docs.example/one"),
        ("Data Analyst (several)", "https://docs.example/two"),
    ]


def test_a_role_then_a_dash_then_its_details_and_link():
    body = (
        "Data & Targeting Specialist, Political -- SQL and VAN. [See more here](https://u.example/a)\n"
        "Digital Media Data Specialist - email tools [See more here](https://u.example/b)\n"
        "Salary: see each link\n"
    )
    assert [(j.role, j.link) for j in jobs_of(body)] == [
        ("Data & Targeting Specialist, Political", "https://u.example/a"),
        ("Digital Media Data Specialist", "https://u.example/b"),
    ]


def test_uppercase_headings():
    body = "PRODUCT MANAGER\nBuild it. https://r.example/pm\n\nDATA DIRECTOR\nRun it. https://r.example/dd\n"
    assert [j.role for j in jobs_of(body)] == ["PRODUCT MANAGER", "DATA DIRECTOR"]


# -- one job -----------------------------------------------------------------------


def test_fewer_than_two_links_is_one_job():
    assert jobs_of("") == []
    assert jobs_of("## Data Analyst\nApply at https://a.example\n\n## Data Engineer\nAlso there.\n") == []


def test_one_job_with_several_links_is_one_job():
    body = (
        "## Senior Data Analyst\n\n"
        "The [Example Fund](https://fund.example.org) is hiring a Senior Data Analyst.\n\n"
        "## Responsibilities\n* Build models\n* Report to the Data Director\n\n"
        "## Qualifications\n* SQL, see our [style guide](https://fund.example.org/style)\n\n"
        "## Benefits\nSee [our benefits](https://fund.example.org/benefits) and the "
        "[salary table](https://fund.example.org/pay): $70,000.\n\n"
        "## How to apply\n[Apply here](https://fund.example.org/apply)\n"
    )
    assert jobs_of(body) == []


def test_a_list_of_resources_is_not_jobs():
    body = (
        "Read more:\n"
        "* [Our guide to data jobs](https://g.example/guide)\n"
        "* [Job description here](https://g.example/jd)\n"
        "* [See more and apply here](https://g.example/apply)\n"
        "* [Twitter](https://twitter.example/us)\n"
        "* [Union Jobs](https://g.example/union)\n"
    )
    assert jobs_of(body) == []


def test_a_list_of_places_is_not_jobs():
    body = (
        "[Phoenix, AZ](https://n.example/1)\n[Detroit, MI](https://n.example/2)\n[Raleigh, NC](https://n.example/3)\n"
    )
    assert jobs_of(body) == []


def test_a_list_of_responsibilities_is_not_jobs():
    body = (
        "We seek a Data Manager ([apply](https://m.example/apply)).\n"
        "* Manage the Data Coordinator and the Field Organizer, see https://m.example/org\n"
        "* Work with the Regional Director on https://m.example/tools\n"
    )
    assert jobs_of(body) == []


def test_section_headings_with_links_are_not_jobs():
    body = (
        "## About Us\nSee https://s.example/about\n\n"
        "## Responsibilities\nSee https://s.example/duties\n\n"
        "## Salary\n$50,000, https://s.example/pay\n\n"
        "## How to Apply\nhttps://s.example/apply\n"
    )
    assert jobs_of(body) == []


def test_sections_that_name_a_job_are_not_jobs():
    body = (
        "## Data Analyst\nApply at https://x.example/apply\n\n"
        "## Duration of the Internship\nSee https://x.example/calendar\n\n"
        "PRIMARY FUNCTIONS OF THE DATA MANAGER\nSee https://x.example/team\n\n"
        "Supervisor: the Data Director, https://x.example/people\n"
    )
    assert jobs_of(body) == []


def test_headings_in_sentences_or_sharing_one_link_are_not_jobs():
    sentences = (
        "The Data Analyst will report to us.\nhttps://x.example/a\n\n"
        "The Data Manager will hire them.\nhttps://x.example/b\n"
    )
    shared = "## Data Analyst\nhttps://x.example/jobs\n\n## Data Engineer\nhttps://x.example/jobs/\n"
    assert jobs_of(sentences) == []
    assert jobs_of(shared) == []


def test_two_jobs_need_two_links():
    body = "* [Data Analyst](https://d.example/same)\n* [Data Engineer](https://d.example/same)\n"
    assert jobs_of(body) == []


def test_a_job_is_a_frozen_value():
    job = Job("Data Analyst", "https://a.example", "", 0)
    assert job == Job("Data Analyst", "https://a.example", "", 0)
    assert not hasattr(job, "__dict__")


# -- big texts ---------------------------------------------------------------------


def _bounded(body: str, seconds: float = 1.0) -> list[Job]:
    started = time.perf_counter()
    jobs = jobs_of(body)
    assert time.perf_counter() - started < seconds  # generous: ten times what it takes
    return jobs


def test_a_megabyte_of_links_or_headings_is_read_quickly():
    size = 1_000_000
    assert _bounded("[a](http://x)\n" * (size // 14)) == []
    assert _bounded("## x\n" * (size // 5)) == []
    assert _bounded("[" * size + "](http://x) http://y") == []
    assert _bounded("Data Analyst Data Analyst " * (size // 26) + " http://a http://b") == []
    many = "".join(f"* [Data Analyst {i}](http://x/{i})\n" for i in range(size // 30))
    assert len(_bounded(many)) == MAX_JOBS
    headings = "".join(f"## Data Analyst\nhttp://x/{i}\n" for i in range(size // 25))
    assert len(_bounded(headings)) == MAX_JOBS
    wordy = "[Apply for the " + "position role " * 20 + "here](http://x/{})\n"
    assert _bounded("".join(wordy.format(i) for i in range(size // len(wordy)))) == []
    long_lines = ("Data Analyst " * 50 + "\n") * (size // 650) + "http://a http://b"
    assert _bounded(long_lines) == []


def test_one_long_line_is_looked_at_once():
    """Every link and every job word of one long line is not a new search back
    to the line's start."""
    size = 4_000_000
    job_words = "[Data Analyst](http://x/1) " + "Lead Engineer, " * (size // 15) + "\nhttp://x/2"
    assert _bounded(job_words, 2.0) == []
    assert _bounded("[Data Analyst](http://x/1) " * (size // 27), 2.0) == []


def test_offsets_are_characters_after_wide_and_accented_text():
    body = "Café 🙂 — équipe\n\n## Data Analyst\nhttps://a.example/1\n\n## Data Engineer\nhttps://a.example/2\n"
    jobs = jobs_of(body)
    assert [body[j.start :].split("\n", 1)[0] for j in jobs] == ["## Data Analyst", "## Data Engineer"]


def test_jobs_are_read_without_textual():
    import test_house

    graph = test_house.import_graph()
    reached, todo = set(), ["tui.jobs"]
    while todo:
        node = todo.pop()
        if node not in reached:
            reached.add(node)
            todo.extend(graph[node])
    assert {m.removeprefix("tui.") for m in reached} - {"jobs"} <= set(test_house.CORE)
    tree = ast.parse((test_house.REPO / "tui" / "jobs.py").read_text(encoding="utf-8"))
    imported = {n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and n.module}
    imported |= {a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
    assert not {m for m in imported if m.split(".")[0] in ("textual", "rich")}
