"""Facts read from a posting's text: pay, deadline, place, mode, temporary."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from tui.facts import Facts, Salary, deadline_of, place_of, read_facts, salary_of


def pay(text: str) -> tuple[float | None, float | None, str] | None:
    found = salary_of(text)
    return None if found is None else (found.min, found.max, found.period)


# -- salary ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("This position pays $102,650.", (102650, 102650, "year")),
        ("Salary: $58,861.27", (58861.27, 58861.27, "year")),
        ("The salary range is $60,000 - $70,000.", (60000, 70000, "year")),
        ("We pay $60,000 to $70,000 depending on experience.", (60000, 70000, "year")),
        ("Compensation: $60k-$75k plus benefits", (60000, 75000, "year")),
        ("Compensation: $55-$65,000, plus full benefits", (55000, 65000, "year")),
        ("Pay: $25/hour", (25, 25, "hour")),
        ("Interns earn $25 per hour.", (25, 25, "hour")),
        ("Temporary coordinator: $86,284.78 (annual); $1,659.32 (weekly).", (86284.78, 86284.78, "year")),
        ("This position pays $1,659.32 (weekly).", (1659.32, 1659.32, "week")),
        ("Salary: $4,500 per month through November.", (4500, 4500, "month")),
        ("The salary range: 65-75K, with benefits", (65000, 75000, "year")),
        ("Salary: 70k-90k", (70000, 90000, "year")),
        ("a contract with a pay range of 6-7K a month", (6000, 7000, "month")),
        ("Salary is up to $80,000.", (None, 80000, "year")),
        ("Salary starting at $50,000 with benefits.", (50000, None, "year")),
        ("Starting pay $48,000 per year", (48000, None, "year")),
        ("Salary: $95-$135k annually", (95000, 135000, "year")),
        ("Salary: $6-10,000 per month", (6000, 10000, "month")),
        ("Salary: $50,400 per year ($4,200/month)", (50400, 50400, "year")),
        ("Salary: $40,360 for 35/hrs a week", (40360, 40360, "year")),
        ("Salary: $57,701.72–$81,303.44", (57701.72, 81303.44, "year")),
        ("Salary: $50,000 - $55,0000", (50000, 55000, "year")),
    ],
)
def test_salary_forms(text, want):
    assert pay(text) == want


@pytest.mark.parametrize(
    "text",
    [
        "Salary: DOE",
        "Salary is commensurate with experience.",
        "Compensation: competitive",
        "Salary: Not listed",
        "You will manage a $10 million budget across twelve states.",
        "Staff get a $500 phone stipend.",
        "Since launch we have raised $2M from small donors.",
        "There is a $50 application fee.",
        "Founded in 2020, call us at 202-555-0143.",
        "Salary: Not listed, thought to be at least $6,000 per month.",
        "Salary: $3 per hour",
        "Salary: $5,000,000 per year",
    ],
)
def test_no_salary(text):
    assert salary_of(text) is None


def test_pay_words_pick_the_pay_among_other_dollar_figures():
    text = (
        "We run a $12 million program and raised $3 million last year.\n"
        "Compensation: $65,000 salary + $100 monthly cell phone stipend."
    )
    assert pay(text) == (65000, 65000, "year")


def test_salary_text_and_annual_figures():
    found = salary_of("Salary: $60,000 - $70,000, plus benefits")
    assert found is not None and found.text == "$60,000 - $70,000"
    hourly = Salary(25, 30, "hour", "$25-$30/hour")
    assert (hourly.annual_min, hourly.annual_max) == (52000, 62400)
    assert (Salary(None, 4000, "month", "").annual_min, Salary(None, 4000, "month", "").annual_max) == (None, 48000)
    assert (Salary(100, 100, "day", "").annual_min, Salary(1000, 1000, "week", "").annual_max) == (26000, 52000)


def test_salary_text_is_one_short_line():
    found = salary_of("Salary: $60,000\n-\n$70,000")
    assert found is not None and "\n" not in found.text and len(found.text) <= 80


# -- deadline -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "posted", "want"),
    [
        ("Please apply by September 12.", "2017-08-26", "2017-09-12"),
        ("Note: deadline 12/11/19", "2019-12-10", "2019-12-11"),
        ("Send your resume to jobs@example.org by Tuesday, September 12.", "2017-08-26", "2017-09-12"),
        ("Applications due October 1, 2020.", "2020-09-01", "2020-10-01"),
        ("Email a cover letter no later than March 3.", "2020-02-01", "2020-03-03"),
        ("Closing Date/Time: Fri. 02/02/18 5:00 PM", "2018-01-24", "2018-02-02"),
        ("Priority deadline: July 10, 2020. Applications reviewed on a rolling basis.", "2020-06-26", "2020-07-10"),
        ("The deadline is May 31, 2018 or until the position is filled.", "2018-03-22", "2018-05-31"),
        ("Application Deadline: February 15th.", "2017-12-21", "2018-02-15"),
        ("Apply here by November 4th. We encourage applicants to apply by October 28th.", "2019-10-07", "2019-11-04"),
        (
            "We strongly encourage applying by October 28th for priority. Applications accepted through November 4.",
            "2019-10-07",
            "2019-11-04",
        ),
        ("please email us by 11:59pm on August 24th, 2018.", "2018-08-16", "2018-08-24"),
        ("Please apply prior to 1/10 for priority consideration.", "2020-01-02", "2020-01-10"),
    ],
)
def test_deadline_forms(text, posted, want):
    assert deadline_of(text, posted) == want


@pytest.mark.parametrize(
    "text",
    [
        "This position is open until filled.",
        "Applications will be reviewed on a rolling basis.",
        "Application Deadline: Hiring Immediately",
        "Apply today! The job will start on March 2.",
        "Review of applications begins January 5.",
        "Interviews will be held on April 4. Apply on our site.",
        "Due to COVID-19 the office opens no earlier than June 1, 2020.",
        "Get out the vote through Election Day, November 3.",
        "Ability to meet tight deadlines.",
    ],
)
def test_no_deadline(text):
    assert deadline_of(text, "2020-01-01") is None


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("Deadline: 2026-12-14", "2026-12-14"),
        ("Please apply by 2026-12-14.", "2026-12-14"),
        ("Applications due 2027-1-5 at noon.", "2027-01-05"),
        ("Application deadline: 2026-02-30", None),
        ("Apply today! The job starts 2026-12-14.", None),
    ],
)
def test_an_iso_date_after_a_deadline_cue(text, want):
    assert deadline_of(text, "2026-11-01") == want


def test_a_deadline_without_a_year_rolls_past_the_posting():
    assert deadline_of("Deadline: January 15", "2019-12-20") == "2020-01-15"
    assert deadline_of("Deadline: December 30", "2019-12-20") == "2019-12-30"
    assert deadline_of("Deadline: January 15", None) is None
    assert deadline_of("Deadline: February 30, 2020", "2020-01-01") is None


# -- place, mode, temporary -----------------------------------------------------


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("Location: Washington, DC\nFull time.", "Washington, DC"),
        ("This job is based in Boston, MA.", "Boston, MA"),
        ("Our office is in Washington, D.C. near the metro.", "Washington, DC"),
        ("based in Helena, Montana", "Helena, MT"),
        ("Location: Madison, Wisconsin", "Madison, WI"),
        ("The fellowship is held in Lisbon, Portugal.", "Lisbon, Portugal"),
        ("Location:  Preferably Milwaukee, open to remote work", "Milwaukee, WI"),
        ("Skills: Excel, MS Access, SQL", None),
        ("Nothing about where.", None),
    ],
)
def test_location(text, want):
    assert place_of("Org: Analyst", text)[0] == want


def test_location_in_the_title():
    assert place_of("Dems: Deputy Data Director (Richmond, VA)", "Join us.")[0] == "Richmond, VA"


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("This is a remote position.", "remote"),
        ("You can work from home.", "remote"),
        ("Remote within the US.", "remote"),
        ("We are a remote-friendly team.", "remote"),
        ("Location: Oakland, CA or remote", "remote"),
        ("Location: Remote", "remote"),
        ("Based in our SF office, with work-from-home Wednesdays.", "hybrid"),
        ("A hybrid schedule: three days a week in the office.", "hybrid"),
        ("You will work in our Seattle office.", "onsite"),
        ("This is an on-site position.", "onsite"),
        ("This job is not remote.", "onsite"),
        ("Experience migrating a hybrid Exchange setup.", None),
        ("A hybrid role combining analysis and engineering.", None),
        ("Experience running primarily remote programs for volunteers.", None),
        ("Be available for occasional work on-site at our data center.", None),
        ("The job is based in Denver, CO.", None),
    ],
)
def test_mode(text, want):
    assert place_of("Org: Analyst", text)[1] == want


@pytest.mark.parametrize(
    ("title", "text", "want"),
    [
        ("Org: Analyst", "This is a temporary position.", True),
        ("Org: Analyst", "A fixed-term role for one year.", True),
        ("Org: Analyst", "A seasonal position for the summer.", True),
        ("Org: Analyst", "This is a 6-month contract with a possible extension.", True),
        ("Org: Data Fellow", "Join us.", True),
        ("Org: Analyst", "Our summer internship pays hourly.", True),
        ("Org: Analyst", "The position runs through Election Day.", True),
        ("Org: Analyst", "A temporary position not to exceed November 30, 2020.", True),
        ("Org: Analyst", "Political term position, not to exceed December 2018.", True),
        ("Org: Analyst", "We want a commitment through the 2020 cycle.", False),
        ("Org: Analyst", "A full-time position through at least November 6, 2020.", False),
        ("Org: Analyst", "Applicants with internship experience are welcome.", False),
        ("Org: Analyst", "Near the Temporary Transbay Terminal; contemporary art on the walls.", False),
        ("Org: Analyst", "A permanent, full-time job.", False),
    ],
)
def test_temporary(title, text, want):
    assert place_of(title, text)[2] is want


def test_read_facts_puts_them_together():
    body = (
        "Location: Washington, D.C. or remote\n\n"
        "Salary: $65,000 - $75,000\n\n"
        "This is a temporary position through Election Day.\n"
        "Apply by June 1."
    )
    facts = read_facts("Org: Analyst", body, "2020-05-01")
    assert facts == Facts(
        Salary(65000, 75000, "year", "$65,000 - $75,000"), "2020-06-01", "Washington, DC", "remote", True
    )
    assert facts.remote is True
    assert read_facts("Org: Analyst", "Nothing said.", None).remote is None
    assert read_facts("Org: Analyst", "In our Boston, MA office.", None).remote is False


# -- characters beyond ASCII ----------------------------------------------------


def test_typographic_characters_change_nothing():
    body = (
        "Location: Richmond, VA — we’re hybrid work friendly\n\n"
        "Salary: $57,701.72–$81,303.44 a year\n"
        "Apply by October 20 – résumés reviewed on a rolling basis."
    )
    assert read_facts("Org: Analyst", body, "2020-05-01") == Facts(
        Salary(57701.72, 81303.44, "year", "$57,701.72–$81,303.44"), "2020-10-20", "Richmond, VA", "hybrid", False
    )


def test_digits_of_other_scripts_are_digits():
    assert deadline_of("Apply by ٣/٤/2026 — thank you", "2026-01-01") == "2026-03-04"
    # a figure written right after the pay ends it: "a month" here is not its period
    assert salary_of("Salary: $25,000 ² a month, café") == Salary(25000, 25000, "year", "$25,000")


def test_a_city_name_running_into_a_letter_is_another_word():
    assert place_of("Org: Analyst", "We are based in Bostoné.")[0] is None
    assert place_of("Org: Analyst", "We are based in Boston, café.")[0] == "Boston, MA"


def test_the_kelvin_sign_lowers_to_k():
    assert place_of("Org: Analyst", "You can WOR\u212a FROM HOME, à la maison.")[1] == "remote"


def test_a_capital_dotted_i_lengthens_the_lowered_text():
    facts = read_facts("Org: Analyst", "İİİİ Location: Richmond, VA\n\nApply by June 1.", "2020-05-01")
    assert (facts.location, facts.deadline) == ("Richmond, VA", "2020-06-01")


# -- hostile text ---------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "$1," * 340_000,
        "$" * 1_000_000,
        "apply by " * 110_000,
        "7" * 1_000_000,
        "Salary: " + "1k-" * 330_000,
        "Location: " + "A, " * 330_000,
        "deadline " + "1/" * 500_000,
        "’apply by 1/" * 80_000,
    ],
    ids=["dollar-one-comma", "dollars", "apply-by", "digits", "k-ranges", "places", "slashes", "typographic-apply-by"],
)
def test_a_megabyte_of_repeats_is_read_quickly(text):
    start = time.perf_counter()
    read_facts("Org: " + text[:200], text, "2020-01-01")
    assert time.perf_counter() - start < 5


def test_a_megabyte_of_deadline_cues_is_read_in_well_under_a_second():
    text = "apply by " * 110_000  # 220,000 cues: only the first ones are looked at
    start = time.perf_counter()
    assert read_facts("Org: Analyst", text, "2020-01-01").deadline is None
    assert time.perf_counter() - start < 0.7


# -- the labelled board ---------------------------------------------------------

CORPUS = Path(__file__).resolve().parents[2] / "shared/corpus/progressivedatajobs/_posts"


@pytest.mark.skipif(not CORPUS.is_dir(), reason="the labelled board is not beside the repository")
def test_labelled_board_scores():
    from bench.facts import scores

    table = {name: (precision, recall) for name, precision, recall, _ in scores(CORPUS)}
    for name in ("salary", "deadline", "remote"):
        precision, recall = table[name]
        assert precision >= 0.9 and recall >= 0.9, (name, precision, recall)
