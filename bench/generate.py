"""Realistic posting folders for the benchmark: titles, tags and bodies shaped
like a real Jekyll job board's (Org: Role titles, a handful of tags from a
skewed vocabulary, 1-6 KB Markdown bodies with application links)."""

from __future__ import annotations

import random
from pathlib import Path

TAGS = [
    ("data", 713), ("datamanagement", 629), ("nonprofit", 486), ("campaigns", 396), ("analyst", 392),
    ("analytics", 327), ("tech", 296), ("consultants", 210), ("clientservices", 187), ("digital", 159),
    ("vendor", 149), ("civicengagement", 103), ("union", 97), ("executive", 75), ("engineer", 69),
    ("intern", 55), ("i.t.", 49), ("citygov", 41), ("vendors", 20), ("research", 5),
]  # fmt: skip
ORG_WORDS_A = [
    "Blue", "State", "Civic", "Democracy", "Justice", "Voter", "People's", "Progressive", "National",
    "Community", "Climate", "Labor", "Future", "Action", "Fair", "Open", "United", "Common", "New", "Grassroots",
    "Movement", "Rising", "Green", "Equal", "Public", "Citizen", "Liberty", "Unity", "Forward", "Bright",
]  # fmt: skip
ORG_WORDS_B = [
    "Labs", "Institute", "Project", "Alliance", "Fund", "Coalition", "Strategies", "Partners", "Network",
    "Collective", "Foundation", "Union", "Council", "Works", "Campaign", "Group", "Center", "Analytics",
    "Federation", "Party",
]  # fmt: skip
STATES = ["WI", "MI", "PA", "AZ", "GA", "NC", "FL", "NV", "OH", "TX", "IA", "MN", "CO", "VA", "NH"]
SENIORITY = ["", "", "", "Senior ", "Lead ", "Junior ", "Principal ", "Associate ", "Deputy ", "Head of "]
FUNCTION = [
    "Data Analyst", "Data Scientist", "Data Engineer", "Data Director", "Data Manager", "Analytics Manager",
    "Software Engineer", "Digital Director", "Database Administrator", "Research Analyst", "Data Coordinator",
    "Targeting Analyst", "Product Manager", "Organizing Director", "Field Data Coordinator", "Data Associate",
    "Machine Learning Engineer", "Voter File Manager", "Tech Lead", "Analytics Fellow", "Data Intern",
]  # fmt: skip
WORDS = [
    "data",
    "analytics",
    "campaign",
    "voters",
    "organizing",
    "team",
    "build",
    "tools",
    "program",
    "strategy",
    "support",
    "work",
    "with",
    "our",
    "experience",
    "skills",
    "SQL",
    "Python",
    "R",
    "modeling",
    "targeting",
    "digital",
    "field",
    "staff",
    "progressive",
    "movement",
    "labor",
    "election",
    "cycle",
    "manage",
    "develop",
    "partners",
    "engagement",
    "members",
    "research",
    "results",
    "communicate",
]


def _org(rng: random.Random, pool: list[str]) -> str:
    return rng.choice(pool)


def make_orgs(rng: random.Random, count: int) -> list[str]:
    orgs: set[str] = set()
    while len(orgs) < count:
        name = f"{rng.choice(ORG_WORDS_A)} {rng.choice(ORG_WORDS_B)}"
        if rng.random() < 0.5:
            name = f"{rng.choice(ORG_WORDS_A)} {name}"
        if rng.random() < 0.2:
            name += f" {rng.choice(STATES)}"
        orgs.add(name)
    return sorted(orgs)


TYPOGRAPHIC = [
    "{org} is hiring a {role} – we’re growing fast.",
    "{org}’s team is hiring a {role}: “someone who’ll own our data”.",
    "{org} is hiring a {role}.\n\n• Salary: competitive – benefits included",
    "We’re {org}, and we’re hiring a {role} — apply today.",
]


CITIES = ["Washington, DC", "Madison, WI", "Atlanta, GA", "Phoenix, AZ", "Denver, CO", "New York, NY", "Boston, MA"]


def facts(rng: random.Random) -> str:
    """What real postings say of pay, place and time, about as often as they
    do (on the real board: a salary figure in 35 in 100, a place in half, a
    dated deadline in 4)."""
    said = []
    if rng.random() < 0.35:
        low = rng.randrange(40, 110) * 1000
        said.append(
            rng.choice(
                (
                    f"The salary range for this position is ${low:,} - ${low + 10_000:,}.",
                    f"This position pays ${low:,}.",
                    f"Salary: ${low // 1000}k-${low // 1000 + 15}k, depending on experience.",
                    f"Pay is ${rng.randrange(18, 40)} per hour.",
                )
            )
        )
    elif rng.random() < 0.3:
        said.append("Salary is competitive and commensurate with experience.")
    if rng.random() < 0.5:
        city = rng.choice(CITIES)
        said.append(rng.choice((f"Location: {city}", f"This role is based in {city}.", f"Remote or {city}.")))
    if rng.random() < 0.2:
        said.append("This position is fully remote.")
    if rng.random() < 0.04:
        said.append(f"Apply by {rng.choice(MONTHS)} {rng.randint(1, 28)}.")
    if rng.random() < 0.1:
        said.append("This is a temporary position through Election Day.")
    return "\n\n".join(said)


MONTHS = ["January", "March", "May", "July", "September", "October", "November"]


def body(rng: random.Random, org: str, role: str, n: int) -> str:
    paragraphs = []
    for _ in range(rng.randint(2, 8)):
        sentence = " ".join(rng.choices(WORDS, k=rng.randint(30, 80)))
        paragraphs.append(sentence.capitalize() + ".")
    duties = "\n".join(f"* {' '.join(rng.choices(WORDS, k=12))}" for _ in range(rng.randint(3, 10)))
    link = f"https://jobs.example.org/{org.lower().replace(' ', '-')}/{n}"
    extra = f"Questions? Email jobs{n}@example.org.\n\n" if rng.random() < 0.3 else ""
    # Four real postings in five have typographic characters in their text
    # (three, typically: ’ – • “ ”), which make decoding and slicing dearer.
    opening = f"{org} is hiring a {role}."
    if rng.random() < 0.78:
        opening = rng.choice(TYPOGRAPHIC).format(org=org, role=role)
    return (
        f"{opening}\n\n"
        + "\n\n".join(paragraphs[:2])
        + f"\n\nResponsibilities:\n{duties}\n\n"
        + "\n\n".join(paragraphs[2:])
        + f"\n\n{facts(rng)}\n\n{extra}[See more and apply here]({link})\n"
    )


LARGE_NAME = "2018-08-12-aflciomult.md"


def large_posting(rng: random.Random) -> str:
    """A 14 KB posting listing several jobs, shaped like the largest real one."""
    sections = []
    for n, role in enumerate(["Senior Strategist and Analytics Lead", "Lead Data Scientist", "Data Coordinator"]):
        items = "\n".join(f"* {' '.join(rng.choices(WORDS, k=36))};" for _ in range(18))
        sections.append(
            f"{role.upper()}\n\nOverview of Responsibilities:\n{items}\n\n"
            f"[Apply here](https://example.hirecentric.com/jobs/{143438 + n}.html)\n"
        )
    text = "\n\n".join(sections)
    return (
        '---\nlayout: single\ntitle:  "AFL-CIO: Multiple"\ntags:\n    - analyst\n    - data\n    - union\n---\n\n'
        + text
    )


WORST_NAME = "2000-01-01-worst.md"


def worst_posting() -> str:
    """The worst posting a board can send, as far as we know: a megabyte of
    "](" (a link's pattern and a search back along the line at each one
    took 88 s to read before links were found in one pass)."""
    return '---\ntitle: "Hostile: Worst Posting"\ntags: [data]\n---\n' + "](" * (1 << 19)


def generate(folder: Path, count: int, seed: int = 1) -> Path:
    """Write ``count`` postings into ``folder`` (created), one of them a
    14 KB multi-job posting named LARGE_NAME; return the folder."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    orgs = make_orgs(rng, max(50, min(12_000, count // 6)))
    tag_names = [t for t, _ in TAGS]
    weights = [w for _, w in TAGS]
    for n in range(count):
        org = _org(rng, orgs)
        role = rng.choice(SENIORITY) + rng.choice(FUNCTION)
        if rng.random() < 0.25:
            role += f" - {rng.choice(STATES)}"
        tags = sorted(set(rng.choices(tag_names, weights, k=rng.randint(2, 7))))
        year = rng.randint(2015, 2025)
        date = f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        slug = "".join(c for c in org.lower() if c.isalnum())[:16] + str(n)
        front = f'---\nlayout: single\ntitle:  "{org}: {role}"\ntags:\n' + "".join(f"    - {t}\n" for t in tags)
        if rng.random() < 0.08:
            front += f"date: {date}\n"
        text = front + "---\n\n" + body(rng, org, role, n)
        (folder / f"{date}-{slug}.md").write_text(text, encoding="utf-8")
    (folder / LARGE_NAME).write_text(large_posting(rng), encoding="utf-8")
    return folder


def hunt_store(path: Path, board_key: str, ids: list[str], statuses: int = 1000, known: int = 100_000) -> Path:
    """A hunt store at ``path`` (``hunt.sqlite``) for the board ``board_key``
    listing ``ids`` (its postings' ids, in the order the app lists them): a
    user who has been through ``known`` postings of it (the board's, then
    made-up ids of postings since taken down, up to ``known``), every one
    seen, and has given ``statuses`` of them a status (spread over the
    statuses and over the board; made-up ids when the board has too few).
    Two visits: the first lists every id known, the second the board's as
    they are now, so a start finds nothing new. Returns ``path``."""
    from tui.marks import STATUSES, Marks

    gone = [f"2000-01-01-taken-down-{n}.md" for n in range(max(0, known - len(ids)))]
    marks = Marks(board_key, path, state_file=path.parent / "state.json")
    try:
        if marks.refused is not None:
            raise RuntimeError(marks.refused)
        marks.begin_visit([*ids, *gone])
        marks.begin_visit(ids)
        on_board = min(statuses, len(ids))
        chosen = [ids[n * len(ids) // on_board] for n in range(on_board)] if on_board else []
        chosen += gone[: statuses - on_board]
        for n, posting_id in enumerate(chosen):
            marks.set_status(posting_id, STATUSES[n % len(STATUSES)])
    finally:
        marks.close()
    return path
