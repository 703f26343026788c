"""A job posted again: one row for its copies (², ³), the text pane says
when else it was posted, r shows every copy, and a mark on one copy shows on
the group's row."""

from __future__ import annotations

from pathlib import Path

from conftest import write
from test_app import make_app, ready, shown
from test_app import row_texts as rows

from tui.widgets.posting_detail import PostingDetail
from tui.widgets.posting_table import PostingTable


def board(root: Path) -> Path:
    body = "---\ntitle: 'AFL-CIO: Data Analyst'\n---\nAnalyze data for the labor movement. Apply [here](https://a.org/1).\n"
    write(root, "2024-03-01-analyst.md", body)
    write(root, "2024-01-15-analyst-again.md", body.replace("AFL-CIO", "AFL CIO"))
    write(root, "2024-02-01-senior.md", "---\ntitle: 'AFL-CIO: Senior Data Analyst'\n---\nLead the team.\n")
    write(root, "2024-01-01-other.md", "---\ntitle: 'SEIU: Data Analyst'\n---\nAnother union's job.\n")
    return root


async def test_a_job_posted_again_is_one_row_and_r_shows_every_copy(tmp_path: Path):
    app = make_app(board(tmp_path))
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(pilot)
        await pilot.pause()
        table = app.query_one(PostingTable)
        assert shown(app) == ["AFL-CIO: Data Analyst", "AFL-CIO: Senior Data Analyst", "SEIU: Data Analyst"]
        assert "²" in rows(table)[0] and "²" not in "".join(rows(table)[1:])
        detail = app.query_one(PostingDetail)
        header = "".join(segment.text for strip in detail._header for segment in strip)
        assert "also posted 2024-01-15" in header
        await pilot.press("r")
        await pilot.pause()
        assert len(shown(app)) == 4
        assert table.current is not None and table.current.id == "2024-03-01-analyst.md"  # the cursor stays on it
        await pilot.press("j", "j")  # the older copy, after the senior role
        assert table.current.id == "2024-01-15-analyst-again.md"
        await pilot.press("a")  # applied, on the older copy
        await pilot.pause()
        await pilot.press("r")  # one row again: the user's posting stands for the group
        await pilot.pause()
        assert len(shown(app)) == 3
        assert table.current is not None and table.current.id == "2024-01-15-analyst-again.md"
        await pilot.press("u")  # the change of r undone, then the mark
        await pilot.pause()
        assert len(shown(app)) == 4


async def test_a_mark_on_one_copy_shows_on_the_group_s_row(tmp_path: Path):
    app = make_app(board(tmp_path))
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(pilot)
        await pilot.pause()
        table = app.query_one(PostingTable)
        await pilot.press("r", "j", "j", "f")  # save the older copy
        await pilot.pause()
        await pilot.press("k", "k", "r")  # back on the newer one, one row for both
        await pilot.pause()
        assert table.current is not None and table.current.id == "2024-03-01-analyst.md"
        assert rows(table)[0].startswith("★")
