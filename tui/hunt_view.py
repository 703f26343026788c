"""What the user did about a posting, as each view says it: the text's
header (:func:`facts`), ``jobboard show`` (:func:`hunt_lines`), ``list
--json`` and ``export`` (:func:`record`). Nothing here imports Textual."""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from tui.fields import as_json
from tui.posting import Posting
from tui.text import visible

if TYPE_CHECKING:
    from tui.marks import Change
    from tui.session import Session


@dataclass(frozen=True)
class Facts:
    """What the user did about a posting, as the text's header says it."""

    history: str  # "★ saved 3 Mar · applied 5 Mar": every status with its day, the mark of the last
    follow_up: str  # "Follow up on Fri 11 Dec (due)"
    due: bool
    note: str


def short_day(day: _dt.date, today: _dt.date) -> str:
    """``5 Mar``, with the year when it is not this year's."""
    text = f"{day.day} {day.strftime('%b')}"
    return text if day.year == today.year else f"{text} {day.year}"


def history_text(history: Iterable[Change], today: _dt.date) -> str:
    """``saved 3 Mar · applied 5 Mar · interviewing 12 Mar``: a posting's
    statuses with their days (a status taken off: ``cleared``)."""
    parts = [
        f"{change.status.label.lower() if change.status else 'cleared'} {short_day(change.at.date(), today)}"
        for change in history
    ]
    return " · ".join(parts)


def facts(session: Session, posting: Posting) -> Facts | None:
    """What the text's header says the user did about ``posting`` (None: nothing)."""
    from tui.filters import STATUS_MARKS

    hunt = session.hunt
    posting_id = posting.id
    status = hunt.statuses.get(posting_id)
    day = hunt.follow_ups.get(posting_id)
    note = hunt.notes.get(posting_id, "")
    if status is None and day is None and not note:
        return None
    history = ""
    if status is not None:
        changes = session.history(posting_id)
        history = f"{STATUS_MARKS[status]} {history_text(changes, session.today) if changes else status.label.lower()}"
    follow_up = ""
    if day is not None:
        due = day <= session.today
        follow_up = f"Follow up on {day.strftime('%a')} {short_day(day, session.today)}" + (" (due)" if due else "")
    return Facts(history, follow_up, day is not None and day <= session.today, note)


def hunt_lines(session: Session, posting_id: str) -> list[str]:
    """What the user did about a posting, as ``show`` prints it."""
    lines = []
    history = session.history(posting_id)
    if history:
        lines.append("status: " + history_text(history, session.today))
    day = session.hunt.follow_ups.get(posting_id)
    if day is not None:
        lines.append(f"follow up: {day.isoformat()}" + (" (due)" if day <= session.today else ""))
    note = session.hunt.notes.get(posting_id)
    if note:
        lines.append("note:  " + "\n       ".join(visible(line) for line in note.splitlines()))
    if posting_id in session.hunt.new:
        lines.append("new:   yes")
    return lines


def record(session: Session, posting: Posting, links: list[str] | None = None) -> dict[str, object]:
    """A posting and what the user did about it, as ``list --json`` and
    ``export`` give it; ids and paths as shown (``\\xNN`` for a byte of a
    name that is not UTF-8), which ``show`` and ``mark`` take as well."""
    status = session.hunt.statuses.get(posting.id)
    follow_up = session.hunt.follow_ups.get(posting.id)
    root = session.board.root if session.board is not None else session.root
    return {
        "id": visible(posting.id),
        "path": visible(str(root / posting.id)),
        **as_json(posting),
        "links": links if links is not None else [],
        "favorite": status is not None and status.value == "saved",
        "status": status.value if status is not None else None,
        "status_history": [
            {"at": change.at.isoformat(), "status": change.status.value if change.status else None}
            for change in session.history(posting.id)
        ]
        if status is not None or posting.id in session.hunt.statuses
        else [],
        "follow_up": follow_up.isoformat() if follow_up is not None else None,
        "due": session.hunt.is_due(posting.id),
        "note": session.hunt.notes.get(posting.id, ""),
        "new": posting.id in session.hunt.new,
        "missing": posting.id in session.missing,
    }
