"""Query syntax and ranking."""

from __future__ import annotations

import re
from unittest.mock import patch

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from tui import search
from tui.posting import Posting
from tui.search import Index, _score_in_order, highlight_spans, parse_query


def P(i: int, title: str, tags: tuple[str, ...] = (), date: str | None = None) -> Posting:
    org, _, role = title.partition(": ")
    return Posting(f"{i}.md", title, org if role else "", role or title, date, tags)


POSTINGS = [
    P(0, "AFL-CIO: Lead Data Scientist", ("analyst", "union")),
    P(1, "SEIU: Data Analyst", ("analyst", "union")),
    P(2, "Acme Vendor: Software Engineer", ("vendor", "engineer")),
    P(3, "Blue State: Analytics Director", ("analytics", "executive")),
    P(4, "Data Co [/]: Intern", ("intern",)),
]
INDEX = Index(POSTINGS)


def titles(query: str, mask=None) -> list[str]:
    return [POSTINGS[i].title for i in INDEX.search(query, mask).tolist()]


def test_empty_query_keeps_order():
    assert titles("") == [p.title for p in POSTINGS]


def test_all_terms_must_match():
    assert titles("data analyst") == ["SEIU: Data Analyst", "AFL-CIO: Lead Data Scientist"]


def test_substring_ranks_first_and_typos_still_match():
    assert titles("analyst")[0] == "SEIU: Data Analyst"
    assert "Blue State: Analytics Director" in titles("anlaytic")


def test_fzf_operators():
    assert titles("'engineer") == ["Acme Vendor: Software Engineer"]
    assert titles("^data") == ["SEIU: Data Analyst", "Data Co [/]: Intern"]
    assert titles("director$") == ["Blue State: Analytics Director"]
    assert "Data Co [/]: Intern" not in titles("data !intern")
    assert set(titles("engineer | intern")) == {"Acme Vendor: Software Engineer", "Data Co [/]: Intern"}


def test_field_terms():
    assert titles("tag:union") == ["AFL-CIO: Lead Data Scientist", "SEIU: Data Analyst"]
    assert titles("org:afl") == ["AFL-CIO: Lead Data Scientist"]
    assert titles("role:intern") == ["Data Co [/]: Intern"]


def test_mask_limits_rows():
    mask = INDEX.tag_mask(["union"])
    assert titles("data", mask) == ["SEIU: Data Analyst", "AFL-CIO: Lead Data Scientist"]
    assert titles("", INDEX.tag_mask(["union", "vendor"], any_of=True)) == [
        "AFL-CIO: Lead Data Scientist",
        "SEIU: Data Analyst",
        "Acme Vendor: Software Engineer",
    ]
    assert not INDEX.tag_mask(["union", "vendor"]).any()


def test_tag_counts_follow_rows():
    rows = INDEX.search("data")
    assert INDEX.tag_counts(rows) == {"analyst": 2, "union": 2, "intern": 1}


def test_typing_more_narrows_consistently():
    for word in ("analyst", "engineer"):
        fresh = Index(POSTINGS)
        for n in range(1, len(word) + 1):
            assert fresh.search(word[:n]).tolist() == Index(POSTINGS).search(word[:n]).tolist()


def test_highlight_spans():
    q = parse_query("data sci")
    assert highlight_spans(q, "role", "Lead Data Scientist") == [(5, 9), (10, 13)]
    assert highlight_spans(parse_query("tag:uni"), "tag", "union") == [(0, 3)]
    assert highlight_spans(parse_query("tag:uni"), "role", "union") == []


def test_large_index_uses_numpy_order():
    many = [P(i, f"Org {i % 50}: Role {i % 7}", (f"t{i % 5}",)) for i in range(6000)]
    index = Index(many)
    rows = index.search("role 3")
    in_role = [i for i, p in enumerate(many) if p.role == "Role 3"]
    assert isinstance(rows, np.ndarray)
    assert rows[: len(in_role)].tolist() == in_role  # role matches first, in the board's order


def _subsequence(text: str) -> re.Pattern[str]:
    """The letters of ``text`` in order, each at its first chance: what the
    search is checked against."""
    return re.compile(".*?".join(re.escape(c) for c in text), re.DOTALL)


@settings(max_examples=300, deadline=None)
@given(
    st.text(alphabet="anl ysx-]\\^\n", min_size=1, max_size=4),
    st.lists(st.text(alphabet="anl ysx-]\\^\n", max_size=12), max_size=20),
)
def test_letters_in_order_scored_as_one_search_per_value(term: str, values: list[str]):
    """Both ways of scoring letters in order (str.find value by value, one
    pass of a pattern) give what a search per value gives."""
    rows = np.arange(len(values))
    expected = np.full(len(values), -1, np.int32)
    for k, value in enumerate(values):
        found = _subsequence(term).search(value)
        if found is not None:
            spread = found.end() - found.start() - len(term)
            expected[k] = 600 - min(spread * 4, 280) - min(found.start(), 20)
    for limit in (0, 10**6):
        with patch.object(search, "IN_ORDER_FIND_LIMIT", limit):
            scores = np.full(len(values), -1, np.int32)
            _score_in_order(term, values, rows, scores)
        assert scores.tolist() == expected.tolist(), (term, values, limit)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="anlys", min_size=2, max_size=4), st.text(alphabet="anl ysx\n", max_size=14))
def test_letters_in_order_highlighted_where_a_search_finds_them(term: str, text: str):
    """Highlights of a fuzzy term (no substring in the text) mark each letter
    where the search for the letters in order finds it."""
    low = text.lower()
    found = _subsequence(term).search(low)
    if term in low or (found is None and len(term) >= 4):  # a substring; a close spelling
        return
    expected: list[tuple[int, int]] = []
    if found is not None:
        pos = found.start()
        for c in term:
            pos = low.index(c, pos)
            if expected and expected[-1][1] == pos:  # neighbouring letters are one highlight
                expected[-1] = (expected[-1][0], pos + 1)
            else:
                expected.append((pos, pos + 1))
            pos += 1
    assert highlight_spans(parse_query(term), "role", text) == expected, (term, text)


# -- the text of postings, and syntax that never lies ------------------------------------


def with_bodies(postings: list[Posting], bodies: dict[str, str]) -> Index:
    from pathlib import Path

    from tui.bodies import BodyIndex

    index = Index(postings)
    body_index = BodyIndex(None, Path("/nonexistent-board"))
    body_index._write([(posting_id, 0, 0, text) for posting_id, text in bodies.items()], 0)
    index.set_bodies(body_index)
    return index


TEXT = {
    "0.md": "Location: Oakland, CA. On site.",
    "1.md": "This job is fully remote. The data director reports to the board.",
    "2.md": "Remote-friendly vendor. Director of data at a vendor.",
    "3.md": "Hybrid, in Boston.",
    "4.md": "An internship, remote possible.",
}
BODY_INDEX = with_bodies(POSTINGS, TEXT)


def found(query: str) -> list[str]:
    return [POSTINGS[i].id for i in BODY_INDEX.search(query).tolist()]


def test_a_word_only_in_the_text_finds_the_posting():
    assert set(found("remote")) == {"1.md", "2.md", "4.md"}
    assert set(found("remot")) == {"1.md", "2.md", "4.md"}  # the start of a word
    assert found("oakland") == ["0.md"] and found("OAKLÂND") == ["0.md"]
    assert titles("oakland") == []  # without the body index: short fields only


def test_a_hit_in_a_short_field_ranks_above_one_in_the_text_only():
    # "director": the role of 3.md, only the text of 1.md and 2.md
    assert found("director")[0] == "3.md" and set(found("director")) == {"1.md", "2.md", "3.md"}


def test_text_field_phrase_and_negation():
    assert found("text:director") == ["1.md", "2.md"] or set(found("text:director")) == {"1.md", "2.md"}
    assert "3.md" not in found("text:director")  # its role is not its text
    assert found('"data director"') == ["1.md"]  # the words in that order
    assert set(found('text:"director of data"')) == {"2.md"}
    assert set(found("!remote")) == {"0.md", "3.md"}  # says remote nowhere
    assert set(found("!text:remote")) == {"0.md", "3.md"}
    assert found("!tag:intern") == found("tag:!intern") and "4.md" not in found("!tag:intern")


def test_an_unknown_field_is_said_not_searched():
    query = parse_query("date:2020 remote")
    assert query.problems == (
        "no field 'date': try title: org: role: tag: text: is: status: has: note: "
        "salary: deadline: posted: location: open:",
    )
    assert [str(t) for t in query.positive] == ["remote"]
    assert parse_query("10:30").problems == () and parse_query("c++:").problems == ()


def test_a_field_with_no_value_yet_matches_everything():
    assert parse_query("tag:").empty and parse_query("tag:").problems == ()
    assert titles("tag:") == titles("")  # no jump while typing tag:union


def test_a_short_tag_is_no_close_spelling_of_a_long_word():
    postings = [P(0, "Org: Role", ("it",)), P(1, "Other: Analytics Lead", ("union",))]
    index = Index(postings)
    for word in ("supermajority", "political", "security", "equity", "opportunity"):
        assert index.search(word).tolist() == [], word
        assert highlight_spans(parse_query(word), "tag", "it") == []
    assert index.search("anlaytics").tolist() == [1]  # a close spelling of a value as long still is


def test_the_word_in_the_text_is_listed_and_scattered_letters_in_a_role_are_not():
    postings = [P(0, "ASJ: Director of Information Technology"), P(1, "Org: Data Lead"), P(2, "Co: Remote Organizer")]
    index = with_bodies(postings, {"0.md": "Based in Oakland.", "1.md": "This job is remote.", "2.md": "In person."})
    assert [postings[i].id for i in index.search("remote").tolist()] == ["2.md", "1.md"]


def test_rows_found_through_their_text_are_told_apart():
    rows = BODY_INDEX.search("director")
    flags = BODY_INDEX.in_text(parse_query("director"), rows).tolist()
    marked = {POSTINGS[i].id for i, found in zip(rows.tolist(), flags, strict=True) if found}
    assert marked == {"1.md", "2.md"}  # 3.md has it in its role
    rows = BODY_INDEX.search("text:boston")
    assert BODY_INDEX.in_text(parse_query("text:boston"), rows).tolist() == [True]
    assert not INDEX.in_text(parse_query("director"), INDEX.search("director")).any()  # no body index: none


def test_text_highlights_fold_accents_as_the_index_does():
    from tui.search import text_pattern

    pattern = text_pattern(parse_query("cafe crème"))
    assert pattern is not None
    assert [m.group() for m in pattern.finditer("Café, CREME and cafeteria crèmes; not acafe")] == [
        "Café",
        "CREME",
        "cafeteria",
        "crèmes",
    ]


def test_find_in_one_posting():
    from tui.search import find_pattern

    pattern = find_pattern("data-director")
    assert pattern is not None
    found = [m.group() for m in pattern.finditer("big Data  Director, DATA_DIRECTOR, metadata director")]
    assert found == ["Data  Director", "DATA_DIRECTOR", "data director"]  # inside a word too
    assert find_pattern("  -- ") is None
    cafe = find_pattern("CAFE")
    assert cafe is not None and cafe.search("un café") and not cafe.search("caf")
    bracket = find_pattern("(a")
    assert find_pattern("[a-z]+") is not None and bracket is not None and bracket.search("(a)")  # never a regex


# -- short words in the text, and no padding --------------------------------------------

SHORT = [
    P(0, "DC Vote: Organizer", ("union",)),
    P(1, "Org: Data Scientist", ("analyst",)),
    P(2, "Other: Analyst", ("analyst",)),
    P(3, "Third: Researcher", ("analyst",)),
    P(4, "Fourth: Engineer", ("vendor",)),
]
SHORT_TEXT = {
    "0.md": "Join us.",
    "1.md": "Tools: Python or R, and SQL.",
    "2.md": "Based in Washington, DC; some travel.",
    "3.md": "Research and reporting, in DCCC offices.",
    "4.md": "Remote.",
}


def test_words_of_one_and_two_letters_are_searched_in_the_text_as_whole_words():
    index = with_bodies(SHORT, SHORT_TEXT)

    def ids(query: str) -> list[str]:
        return [SHORT[i].id for i in index.search(query).tolist()]

    assert ids("text:dc") == ["2.md"]  # not the DCCC of 3.md: a whole word
    assert ids("text:r") == ["1.md"]  # "Python or R", not "research" nor "reporting"
    assert ids("'dc") == ["0.md", "2.md"]  # exact: the organization's, then the text's
    # a plain term: the short field's hit first, the text's joins it; the letters
    # d...c in order in "Data Scientist" do not (the term has hits as written)
    assert ids("dc") == ["0.md", "2.md"]
    assert index.searches_text(parse_query("r")) and index.searches_text(parse_query("dc"))
    rows = index.search("dc")
    assert index.in_text(parse_query("dc"), rows).tolist() == [False, True]


def test_text_highlights_of_a_short_word_light_the_whole_word_only():
    from tui.search import text_pattern

    for query, text, expected in (
        ("dc", "DC, dcs, Washington DC. DCCC", ["DC", "DC"]),
        ("r", "Python or R; research, R&D", ["R", "R"]),
        ("text:dc remot", "dc remote remotely", ["dc", "remote", "remotely"]),  # three letters: a start too
    ):
        pattern = text_pattern(parse_query(query))
        assert pattern is not None
        assert [m.group() for m in pattern.finditer(text)] == expected, query


COLORADO = "Colorado Civic Engagement Roundtable: Data & Targeting Manager"  # r-e-m-o-t-e in order


def test_a_term_found_as_written_is_not_padded_with_letters_in_order():
    postings = [P(0, COLORADO), P(1, "Co: Remote Organizer"), P(2, "Other: Analyst"), P(3, "Fourth: Engineer")]
    bodies = {"0.md": "In Denver.", "1.md": "Organize.", "2.md": "Fully remote.", "3.md": "Work remotely."}
    index = with_bodies(postings, bodies)
    assert index.search("remote").tolist() == [1, 2, 3]  # not 0: "remote" is nowhere in it
    assert index.search("remote", text=False).tolist() == [1]
    rows, close = index.find(parse_query("remote"))
    assert [postings[i].id for i in rows.tolist()] == ["1.md", "2.md", "3.md"] and close == ()
    # the first answer (the short fields only) has the role's hit: that alone
    rows, close = index.find(parse_query("remote"), text=False)
    assert [postings[i].id for i in rows.tolist()] == ["1.md"] and close == ()
    # without the role's hit, the first answer offers the close matches and says so;
    # the text's answer then has hits as written, and only those
    index = with_bodies(postings[:1] + postings[2:], bodies)
    rows, close = index.find(parse_query("remote"), text=False)
    assert rows.tolist() == [0] and [str(t) for t in close] == ["remote"]
    rows, close = index.find(parse_query("remote"))
    assert [index.postings[i].id for i in rows.tolist()] == ["2.md", "3.md"] and close == ()


def test_a_typo_still_finds_close_matches_and_says_so():
    postings = [P(0, COLORADO), P(1, "Co: Remote Organizer"), P(2, "Other: Analyst")]
    index = with_bodies(postings, {"0.md": "x", "1.md": "y", "2.md": "Fully remote."})
    rows, close = index.find(parse_query("remtoe"))
    assert set(rows.tolist()) == {0, 1} and [str(t) for t in close] == ["remtoe"]
    rows, close = index.find(parse_query("remtoe analyst"))  # one term close, the other as written
    assert rows.tolist() == [] and [str(t) for t in close] == ["remtoe"]
    rows, close = index.find(parse_query("remtoe | analyst"))
    assert set(rows.tolist()) == {0, 1, 2} and [str(t) for t in close] == ["remtoe"]
    assert index.find(parse_query("zzzzqq"))[1] == ()  # nothing at all: nothing close either
    assert index.find(parse_query("role:remtoe"))[1] != ()  # one field: the same


def test_highlights_of_a_term_found_as_written_skip_scattered_letters():
    from tui.search import as_found

    query = parse_query("remote remtoe")
    shown = as_found(query, close=(query.positive[1],))
    org = "Colorado Civic Engagement Roundtable"
    close_letters = highlight_spans(parse_query("remtoe"), "org", org)
    assert highlight_spans(shown, "org", org) == close_letters != []  # a close term: its letters lit
    assert highlight_spans(parse_query("remote"), "org", org) != []
    assert highlight_spans(as_found(parse_query("remote"), close=()), "org", org) == []  # found as written elsewhere
    assert highlight_spans(as_found(parse_query("remote"), close=()), "role", "Remote Organizer") == [(0, 6)]
