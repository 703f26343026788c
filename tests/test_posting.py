"""Rules for reading one posting."""

from __future__ import annotations

import pytest

from tui.posting import (
    clean_text,
    extract_links,
    normalize_tags,
    parse_posting,
    split_front_matter,
    split_title,
)


def parse(text: str | bytes, name: str = "2020-01-02-x.md"):
    data = text.encode() if isinstance(text, str) else text
    return parse_posting(data, name)


def test_title_splits_into_org_and_role():
    assert split_title("AFL-CIO: Lead Data Scientist") == ("AFL-CIO", "Lead Data Scientist")
    assert split_title("A: B: C") == ("A", "B: C")
    assert split_title("Just a role") == ("", "Just a role")


def test_plain_posting():
    r = parse(
        '---\nlayout: single\ntitle:  "AFL-CIO: Lead"\ntags:\n    - Data\n    - union\n---\nBody [Apply](https://x.org/a)\n'
    )
    p = r.posting
    assert (p.title, p.org, p.role, p.date, p.tags) == (
        "AFL-CIO: Lead",
        "AFL-CIO",
        "Lead",
        "2020-01-02",
        ("data", "union"),
    )
    assert r.urls == ["https://x.org/a"]
    assert r.problems == []
    assert "---" not in r.body and "layout" not in r.body


def test_indented_closing_fence_is_recovered():
    r = parse('---\ntitle: "Org: Role"\ntags:\n    - data\n ---\n\nBody text\n')
    assert r.posting.title == "Org: Role" and r.posting.tags == ("data",)
    assert r.body.strip() == "Body text"
    assert any("indented" in p for p in r.problems)


def test_glued_closing_fence_is_recovered():
    r = parse(
        '---\ntitle: "CT: Data Director"\ntags:\n    - campaigns\n    - datamanagement---\n\nNote: x\n---\nmore\n'
    )
    assert r.posting.tags == ("campaigns", "datamanagement")
    assert r.body.startswith("\nNote: x")
    assert any("glued" in p for p in r.problems)


def test_bom_crlf_and_non_utf8():
    r = parse(b'\xef\xbb\xbf---\r\ntitle: "A: B"\r\ntags: data\r\n---\r\nbody\r\n')
    assert r.posting.title == "A: B" and r.posting.tags == ("data",) and r.problems == []
    r = parse(b'---\ntitle: "Caf\xe9: Barista"\n---\nbody')
    assert r.posting.org.startswith("Caf") and any("UTF-8" in p for p in r.problems)


def test_title_scalars_and_fallback():
    assert parse("---\ntitle: 42\n---\n").posting.title == "42"
    assert parse("---\ntitle: 1.5\n---\n").posting.title == "1.5"
    r = parse("---\ntags: [a]\n---\n", "2019-05-15ndwalabsproduct.md")
    assert r.posting.title == "ndwalabsproduct" and r.posting.date == "2019-05-15"
    r = parse("---\ntitle: [a, b]\n---\n", "x.md")
    assert r.posting.title == "x" and any("title is a list" in p for p in r.problems)


@pytest.mark.parametrize(
    ("front", "name", "expected"),
    [
        ("date: 2017-08-26", "x.md", "2017-08-26"),
        ("date: 2017-08-26 10:00:00 -0400", "x.md", "2017-08-26"),
        ("date: not a date", "2019-01-02-a.md", "2019-01-02"),
        ("date: 2017-13-45", "x.md", None),
        ("title: t", "2019-05-15ndwa.md", "2019-05-15"),
        ("title: t", "000_abc.txt", None),
    ],
)
def test_date(front, name, expected):
    assert parse(f"---\n{front}\n---\n", name).posting.date == expected


def test_bad_date_is_reported():
    assert any("not a date" in p for p in parse("---\ndate: soon\n---\n").problems)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (["Data", " union ", "data"], ("data", "union")),
        ("campaigns", ("campaigns",)),
        ("a, b ,c", ("a", "b", "c")),
        ("a b  c", ("a", "b", "c")),
        (None, ()),
        (["vendors", "vendor", "Engineering", "IT", "i.t."], ("vendor", "engineer", "it")),
        ([1, 2.5, True], ("1", "2.5", "true")),
    ],
)
def test_tags(value, expected):
    assert normalize_tags(value)[0] == expected


def test_tag_aliases_can_be_extended():
    assert normalize_tags(["data science"], {"data science": "datascience"})[0] == ("datascience",)


def test_odd_tag_items_are_reported():
    tags, problems = normalize_tags(["ok", {"a": 1}, ["x"]])
    assert tags == ("ok",) and len(problems) == 2


def test_pin():
    assert parse("---\npin: true\n---\n").posting.pinned
    assert parse("---\nPin: TRUE\n---\n").posting.pinned
    assert not parse("---\npin: false\n---\n").posting.pinned


def test_links_in_order_application_first():
    body = (
        "Read [our blog](https://blog.org/) first.\n"
        "Questions: jobs@org.org\n"
        "<https://auto.org/x> and https://bare.org/y.\n"
        "[See more and apply here](https://apply.org/1)\n"
        "[bad](javascript:alert(1)) [ftp](ftp://x.org) [rel](/jobs/1)\n"
    )
    urls = [link.url for link in extract_links(body)]
    assert urls == [
        "https://apply.org/1",
        "https://blog.org/",
        "mailto:jobs@org.org",
        "https://auto.org/x",
        "https://bare.org/y",
    ]


def test_application_link_from_context():
    body = "About us: https://org.org/about\nTo apply, go to https://org.org/jobs/9 by Friday."
    assert extract_links(body)[0].url == "https://org.org/jobs/9"


def test_several_jobs_keep_all_links():
    body = "[Job A](https://x.org/a): text\n[Job B](https://x.org/b): text\n[Apply here](https://x.org/a)\n"
    assert [link.url for link in extract_links(body)] == ["https://x.org/a", "https://x.org/b"]


def test_email_only_posting():
    assert parse("---\ntitle: t\n---\nSend your resume to hiring@example.org.").urls == ["mailto:hiring@example.org"]


def test_control_characters_are_removed():
    assert clean_text("a\x1b[2Jb\x07c\x1b]52;c;SGVsbG8=\x07d\te\nf\u202eg") == "a[2Jbc]52;c;SGVsbG8=d\te\nfg"
    r = parse('---\ntitle: "Org\x1b[31m: Role\x1b]0;pwned\x07"\n---\nBody \x1b[2J text')
    assert "\x1b" not in r.posting.title and "\x1b" not in r.body and "\x07" not in r.posting.title


def test_markup_is_kept_as_typed():
    r = parse('---\ntitle: "Data Co [/]: Analyst [bold]"\n---\n')
    assert r.posting.org == "Data Co [/]" and r.posting.role == "Analyst [bold]"


def test_split_without_front_matter():
    assert split_front_matter("just text") == (None, "just text", [])


def test_never_closed_front_matter_recovers_yaml_lines():
    r = parse("---\ntitle: 'A: B'\ntags: [x]\n\nBody here\n")
    assert r.posting.title == "A: B" and r.posting.tags == ("x",)
    assert any("no closing" in p for p in r.problems)


def test_broken_yaml_recovers_other_keys():
    r = parse('---\ntitle: "A: B" trailing\ntags:\n  - data\n---\nbody')
    assert r.posting.tags == ("data",)
    assert r.posting.title == "A: B"
    assert any("not valid YAML" in p for p in r.problems)


def test_yaml_objects_are_never_constructed():
    r = parse("---\ntitle: !!python/object/apply:os.system ['echo hi']\ntags: [a]\n---\n")
    assert r.posting.tags == ("a",)
    assert r.posting.title == "x"


def test_alias_bomb_stays_small():
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x]"]
    for i in range(1, 10):
        refs = ", ".join([f"*a{i - 1}"] * 9)
        lines.append(f"a{i}: &a{i} [{refs}]")
    r = parse("---\n" + "\n".join(lines) + "\ntags: *a9\ntitle: *a9\n---\n")
    assert r.posting.tags == ()
    assert r.posting.title == "x"


DUPLICATED = [
    ('title: "A: First"\ntitle: "B: Last"', {"title": "B: Last"}, ["title"]),
    ('Title: "A: First"\ntitle: "B: Last"', {"title": "B: Last"}, ["title"]),
    (
        "tags:\n  - one\ntags:\n  - two\ntitle: x\ntitle: y\ntitle: z",
        {"tags": ["two"], "title": "z"},
        ["tags", "title"],
    ),
    ('title: "A: B"\ntags: [a]', {"title": "A: B", "tags": ["a"]}, []),
    ("layout: single\ntitle: x", {"layout": "single", "title": "x"}, []),
]


@pytest.mark.parametrize(("text", "expected", "twice"), DUPLICATED)
def test_a_key_given_twice_is_said_and_the_last_is_used(text: str, expected: dict, twice: list[str], monkeypatch):
    """Whichever reader reads it (the plain one, or YAML), the same result
    and the same word about it."""
    from tui import posting

    read = posting.load_front_matter(text)
    assert read == (expected, [f"front matter gives {key!r} more than once; the last is used" for key in twice])
    monkeypatch.setattr(posting, "_simple_front_matter", lambda text: None)  # YAML alone
    assert posting.load_front_matter(text) == read
    parsed = parse("---\n" + text + "\n---\nBody.\n")
    assert parsed.problems == read[1]
