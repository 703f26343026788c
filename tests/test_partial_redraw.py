"""The list draws again only the rows in view whose key changed (see
CursorList.set_row_count's ``seen``): whatever else changes what a row
shows must still reach the screen."""

from __future__ import annotations

from pathlib import Path

from conftest import write
from test_app import make_app, ready, workers_done
from test_app import row_texts as rows
from test_text_join import Watched

from tui.widgets.posting_table import PostingTable


def reposted(root: Path) -> Path:
    body = "---\ntitle: 'AFL-CIO: Data Analyst'\n---\nAnalyze data for the labor movement. Apply [here](https://a.org/1).\n"
    write(root, "2024-03-01-analyst.md", body)
    write(root, "2024-02-01-senior.md", "---\ntitle: 'AFL-CIO: Senior Data Analyst'\n---\nLead the team.\n")
    write(root, "2024-01-15-analyst-again.md", body.replace("AFL-CIO", "AFL CIO"))
    write(root, "2024-01-01-other.md", "---\ntitle: 'SEIU: Data Analyst'\n---\nAnother union's job.\n")
    for n in range(60):  # more than the view holds: the view stays full
        day = f"2023-{1 + n // 28:02d}-{1 + n % 28:02d}"
        write(root, f"{day}-org{n}.md", f"---\ntitle: 'Org {n}: Organizer {n}'\n---\nOrganize, number {n}.\n")
    return root


async def test_a_row_that_becomes_a_group_s_row_is_drawn_again(tmp_path: Path, xdg: Path):
    """The reposts grouped after the list is shown: the newest copy's row,
    where it was, says how many copies it stands for on screen too."""
    write(xdg / "xdg_config_home", "jobboard/config.toml", "[ui]\ncursor-blink = false\n")
    app = make_app(reposted(tmp_path / "b"))
    watched = Watched(app, (120, 36))
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(pilot)
        for _ in range(100):
            await workers_done(app)
            await pilot.pause(0.02)
            if app.main.browser is not None and app.main.browser.groups is not None:
                break
        await pilot.pause(0.05)
        table = app.query_one(PostingTable)
        assert table.row_count == 63
        screen = "".join(char for char, _ in watched.terminal.cells[1 + table.region.y][table.region.x :][:20])
        assert "²" in rows(table)[0]  # as the row draws
        assert "²" in screen  # and on screen
        assert await watched.now(pilot)
