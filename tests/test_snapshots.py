"""SVG snapshots of the main screens (update with --snapshot-update)."""

from __future__ import annotations

from conftest import DATA
from test_app import ready, workers_done

from tui.app import JobBoard
from tui.widgets.posting_detail import PostingDetail
from tui.widgets.posting_table import PostingTable


def app() -> JobBoard:
    return JobBoard(DATA, cache_dir=None)


async def settle(pilot) -> None:
    """Wait until the list is filled and the selected posting's body is shown."""
    await ready(pilot)
    detail = pilot.app.query_one(PostingDetail)
    table = pilot.app.query_one(PostingTable)
    for _ in range(200):
        await workers_done(pilot.app)
        await pilot.pause(0.02)
        current = table.current
        if current is not None and detail.shows_text_of(current):
            break
    else:
        raise AssertionError("the selected posting's text was never shown")
    await pilot.pause()


def test_main_screen_wide(snap_compare):
    assert snap_compare(app(), terminal_size=(120, 36), run_before=settle)


def test_main_screen_80x24(snap_compare):
    assert snap_compare(app(), terminal_size=(80, 24), run_before=settle)


def test_filtered_list(snap_compare):
    async def run_before(pilot) -> None:
        await settle(pilot)
        await pilot.press("slash", *"data sci")
        await settle(pilot)

    assert snap_compare(app(), terminal_size=(120, 36), run_before=run_before)


def test_help_screen(snap_compare):
    async def run_before(pilot) -> None:
        await settle(pilot)
        await pilot.press("question_mark")
        await pilot.pause(0.2)

    assert snap_compare(app(), terminal_size=(120, 36), run_before=run_before)


def test_main_screen_60x20(snap_compare):
    assert snap_compare(app(), terminal_size=(60, 20), run_before=settle)


def test_main_screen_40x12(snap_compare):
    assert snap_compare(app(), terminal_size=(40, 12), run_before=settle)


def test_help_screen_60x20(snap_compare):
    async def run_before(pilot) -> None:
        await settle(pilot)
        await pilot.press("question_mark")
        await pilot.pause(0.2)

    assert snap_compare(app(), terminal_size=(60, 20), run_before=run_before)


def test_the_list_with_statuses_and_new_postings(snap_compare):
    """The list across the screen (the text under it): each posting's status
    mark and word, the new ones' dot, a follow-up due."""
    import datetime as dt

    from tui.library import load_board
    from tui.marks import Marks, Status, board_key

    ids = [p.id for p in load_board(DATA).postings]  # newest first: the cursor's, unmarked
    marks = Marks(board_key(DATA))
    marks.begin_visit(ids[:3])  # the last visit knew three: the other two are new
    marks.set_status(ids[1], Status.APPLIED)
    marks.set_status(ids[2], Status.INTERVIEWING)
    marks.set_follow_up(ids[2], dt.date(2000, 1, 3))  # long due
    marks.set_status(ids[3], Status.SAVED)
    marks.set_ui(layout="stacked", sidebar=False)
    marks.close()

    assert snap_compare(app(), terminal_size=(120, 36), run_before=settle)


def test_a_posting_whose_body_is_html(snap_compare, tmp_path):
    """An HTML body rendered as any body is: headings, lists, paragraphs and
    links, no tag, script or style, entities decoded."""
    from conftest import write

    root = tmp_path / "board"
    write(
        root,
        "2024-05-01-analyst.md",
        '---\ntitle: "Civic Data Lab: Data Analyst"\ntags: [data, analyst]\n---\n'
        "<html><head><style>p { color: red }</style><script>alert('x')</script></head><body>\n"
        "<h2>About the role</h2>\n"
        "<p>We&rsquo;re a small team &amp; we&nbsp;work in the open &#8212; remote-friendly.</p>\n"
        "<h3>What you will do</h3>\n"
        "<ul><li>Write <b>SQL</b> and Python</li><li>Build dashboards<ul><li>for organizers</li></ul></li></ul>\n"
        "<ol><li>Send a letter</li><li>Talk with us</li></ol>\n"
        '<p><a href="https://example.org/jobs/42/apply">Apply here</a> by June 1.</p>\n'
        "</body></html>\n",
    )
    assert snap_compare(JobBoard(root, cache_dir=None), terminal_size=(100, 30), run_before=settle)


def test_the_list_with_salary_deadline_and_location_columns(snap_compare, tmp_path):
    """A board whose postings say their pay, deadline and place: the list
    shows them as columns (here the list alone above the text: v)."""
    from conftest import write

    root = tmp_path / "board"
    write(
        root,
        "2020-10-05-a.md",
        "---\ntitle: 'Acme: Data Analyst'\nlocation: Boston, MA\n---\nSalary: $60,000 - $70,000.",
    )
    write(
        root, "2020-10-04-b.md", "---\ntitle: 'Union: Organizer'\n---\nFully remote. $25 per hour. Apply by October 20."
    )
    write(
        root,
        "2020-10-03-c.md",
        "---\ntitle: 'City: Data Lead'\n---\nLocation: Washington, DC\n\nThis position pays $95,000.",
    )
    write(root, "2020-10-02-d.md", "---\ntitle: 'Campaign: Field Fellow'\n---\nA temporary position. Competitive pay.")

    async def run_before(pilot) -> None:
        await settle(pilot)
        await pilot.press("v")
        await settle(pilot)

    assert snap_compare(JobBoard(root, cache_dir=None), terminal_size=(200, 24), run_before=run_before)
