"""A posting that lists several jobs: each a row under it in the list,
folded until z, and y / o on a job act on that job's link."""

from __future__ import annotations

from pathlib import Path

from conftest import write
from test_app import make_app, ready, shown
from test_app import row_texts as lines

from tui.widgets.posting_table import PostingTable

MULTI = """---
title: "Acme: Multiple positions"
---
We are hiring for several roles.

* [Data Analyst](https://acme.org/jobs/analyst): $50,000, entry level
* [Data Engineer](https://acme.org/jobs/engineer): $60,000 - $70,000, senior
* [Field Organizer](https://acme.org/jobs/organizer): $20 per hour
"""


def board(root: Path) -> Path:
    write(root, "2024-01-03-multi.md", MULTI)
    write(root, "2024-01-02-one.md", '---\ntitle: "Union: Data Lead"\n---\nApply at [our site](https://union.org/a).\n')
    write(root, "2024-01-01-other.md", '---\ntitle: "Org: Analyst"\n---\nApply [here](https://org.org/b).\n')
    return root


async def test_a_posting_s_jobs_unfold_under_it_and_y_copies_a_job_s_link(tmp_path: Path):
    app = make_app(board(tmp_path))
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(pilot)
        table = app.query_one(PostingTable)
        assert table.row_count == 3 and "▸" in lines(table)[0]  # folded: one row a posting
        await pilot.press("z")
        await pilot.pause()
        shown_lines = lines(table)
        assert table.row_count == 6 and "▾" in shown_lines[0]
        assert "Data Analyst" in shown_lines[1] and "Data Engineer" in shown_lines[2]
        assert "Field Organizer" in shown_lines[3]
        assert "$50,000" in shown_lines[1] and "$60k–70k" in shown_lines[2]
        assert "Data Lead" in shown_lines[4]
        await pilot.press("j", "j")  # onto the second job
        assert table.current is not None and table.current.id == "2024-01-03-multi.md"
        assert table.current_job is not None and table.current_job[0] == "Data Engineer"
        await pilot.press("y")
        assert app.clipboard == "https://acme.org/jobs/engineer"
        await pilot.press("j", "j")  # past the last job: the next posting
        assert table.current_job is None and table.current.id == "2024-01-02-one.md"
        await pilot.press("y")
        assert app.clipboard == "https://union.org/a"
        await pilot.press("k", "k", "z")  # from a job, z folds its posting; the cursor goes to it
        await pilot.pause()
        assert table.row_count == 3 and table.cursor == 0 and table.current_job is None
        await pilot.press("j", "z")  # a posting of one job: said, nothing changes
        await pilot.pause()
        assert table.row_count == 3
        assert any("one job" in said.message for said in app.said)


async def test_jobs_stay_unfolded_while_the_list_changes_and_the_cursor_stays_on_its_posting(tmp_path: Path):
    app = make_app(board(tmp_path))
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(pilot)
        table = app.query_one(PostingTable)
        await pilot.press("j", "j", "j", "j")  # the posting "Org: Analyst", last
        assert table.current is not None and table.current.id == "2024-01-01-other.md"
        await pilot.press("k", "k", "z")  # unfold "Acme" from its row
        await pilot.pause()
        assert table.row_count == 6
        for _ in range(5):
            await pilot.press("j")
        assert table.current.id == "2024-01-01-other.md" and table.cursor == 5
        await pilot.press("slash", *"analyst", "enter")  # the list changes: Acme and Org stay
        await pilot.pause()
        assert sorted(shown(app)) == ["Acme: Multiple positions", "Org: Analyst"]
        assert table.row_count == 5  # Acme's three jobs still under it
        assert table.current is not None
        await pilot.press("escape")
        await pilot.pause()
        assert table.row_count == 6
