"""The job hunt on the main screen: what a key marks on the posting under
the cursor (its status, note, follow-up; its organization hidden), the
dialogs for them, the pipeline board, what is new, exports, and showing
every mark at once (the list's marks, the sidebar's counts, the text's
header). Every mark goes through the session and can be undone with u."""

from __future__ import annotations

import datetime as _dt
import re
from pathlib import Path
from typing import Any

from tui.marks import HIDDEN, MarksError, Status, parse_follow_up
from tui.parts.changes import Changes
from tui.parts.host import Host
from tui.posting import Posting
from tui.text import clean_line

#: What the toasts call each status.
SAID = {
    Status.SAVED: "★ Saved",
    Status.APPLIED: "✓ Applied",
    Status.INTERVIEWING: "◆ Interviewing",
    Status.OFFER: "$ Offer",
    Status.REJECTED: "✗ Rejected",
    Status.WITHDRAWN: "– Withdrawn",
    Status.NOT_INTERESTED: "⊘ Not interested (hidden)",
}


class Hunt:
    def __init__(self, screen: Host, changes: Changes) -> None:
        self.screen = screen
        self.changes = changes

    # -- showing the marks -----------------------------------------------------------
    def counts(self) -> dict[str, int]:
        """Each filter's count (for the sidebar), made once per hunt."""
        return filter_counts(self.screen)

    def show_marks(self, refilter: bool = True) -> None:
        """Every view of the marks brought up to date (after a mark, here or
        read again); ``refilter``: the list answered again too (a mark may
        take a posting out of it or bring one in)."""
        screen = self.screen
        screen.table.set_hunt(screen.session.hunt)
        screen.detail.marks_changed()
        if refilter and screen.browser is not None:
            screen.refilter()
        else:
            sidebar = screen.sidebar
            sidebar.set_counts(sidebar.total, self.counts(), sidebar.counts)

    def toast(self, message: str, **options: Any) -> None:
        notify: Any = self.screen.app.notify
        notify(message, kind="mark", markup=False, **options)

    def refused(self, what: str, exc: Exception) -> None:
        self.screen.app.notify(f"{what}: {clean_line(str(exc), 300)}", severity="error", markup=False)

    def current(self) -> Posting | None:
        posting = self.screen.table.current
        self.screen.detail.show_now(posting)
        if posting is None:
            self.toast("No posting selected.", severity="warning")
        return posting

    def _leaving(self, posting: Posting) -> None:
        """The cursor goes to the next posting when this one is about to be hidden."""
        table = self.screen.table
        if table.current is not None and table.current.id == posting.id:
            rows, row = len(table.rows), table.cursor_row
            if rows > 1:
                neighbour = row + 1 if row + 1 < rows else row - 1
                table.chosen = table.postings[int(table.rows[neighbour])].id

    # -- statuses ----------------------------------------------------------------------
    def set_status(self, value: str | None, posting: Posting | None = None) -> bool:
        posting = posting or self.current()
        if posting is None:
            return False
        session = self.screen.session
        status = Status(value) if value else None
        before = session.status(posting.id)
        if status is not None and before is status:
            self.toast(f"Already {status.label.lower()}: {posting.title}", timeout=2)
            return False
        try:
            session.set_status(posting, status)
        except (MarksError, ValueError) as exc:
            self.refused("Not saved", exc)
            return False
        self.changes.keep_mark(
            f"{posting.title}: back to {before.label.lower() if before else 'no status'}",
            lambda: self._undo_status(posting),
        )
        if status is HIDDEN:
            self._leaving(posting)
        said = SAID[status] if status is not None else "No status"
        self.toast(f"{said}: {posting.title}  (u to undo)", timeout=3)
        self.show_marks()
        return True

    def _undo_status(self, posting: Posting) -> None:
        self.screen.session.undo_status(posting.id)
        self.screen.table.chosen = posting.id

    def toggle_favorite(self) -> None:
        posting = self.current()
        if posting is None:
            return
        status = self.screen.session.status(posting.id)
        if status not in (None, Status.SAVED):
            self.toast(f"{status.label}, not just saved: p changes the status", severity="warning", timeout=3)
            return
        self.set_status(None if status is Status.SAVED else Status.SAVED.value, posting)

    def pick_status(self) -> None:
        from tui.widgets.hunt_dialogs import Picked, StatusPicker

        posting = self.current()
        if posting is None:
            return
        session = self.screen.session
        status = session.status(posting.id)
        follow_up = session.hunt.follow_ups.get(posting.id)

        def picked(choice: Picked | None) -> None:
            if choice is None:
                return
            if choice.follow_up_changed:
                self.set_follow_up(posting, choice.follow_up)
            if choice.status_changed:
                self.set_status(choice.status.value if choice.status else None, posting)

        self.screen.app.push_screen(StatusPicker(posting.title, status, follow_up, session.today), picked)

    def set_follow_up(self, posting: Posting, day: _dt.date | None) -> None:
        session = self.screen.session
        before = session.hunt.follow_ups.get(posting.id)
        try:
            session.set_follow_up(posting, day)
        except (MarksError, ValueError) as exc:
            self.refused("Follow-up not saved", exc)
            return
        self.changes.keep_mark("follow-up", lambda: session.set_follow_up(posting, before))
        self.toast(f"Follow up on {day:%a %d %b}: {posting.title}" if day else f"No follow-up: {posting.title}")
        self.show_marks()

    def block_org(self) -> None:
        posting = self.current()
        if posting is None:
            return
        if not posting.org.strip():
            self.toast("This posting names no organization.", severity="warning")
            return
        session = self.screen.session
        try:
            shown = session.block_org(posting.org)
        except (MarksError, ValueError) as exc:
            self.refused("Not hidden", exc)
            return
        self.changes.keep_mark(f"{shown} shown again", lambda: session.unblock_org(shown))
        self._leaving_org(posting.org)
        self.toast(f"Hiding every posting of {shown}  (u to undo; B lists the organizations hidden)", timeout=4)
        self.show_marks()

    def _leaving_org(self, org: str) -> None:
        from tui.marks import org_key

        table, key = self.screen.table, org_key(org)
        rows = [int(r) for r in table.rows]
        after = rows[table.cursor :] + rows[: table.cursor][::-1]
        for row in after:
            if org_key(table.postings[row].org) != key:
                table.chosen = table.postings[row].id
                return

    def blocklist(self) -> None:
        from tui.widgets.hunt_dialogs import BlocklistScreen

        session = self.screen.session

        def unblock(name: str) -> bool:
            done = session.unblock_org(name)
            self.show_marks()
            return done

        self.screen.app.push_screen(BlocklistScreen(session.blocked_orgs(), unblock))

    # -- notes --------------------------------------------------------------------------
    def edit_note(self) -> None:
        from tui.widgets.hunt_dialogs import NoteScreen

        posting = self.current()
        if posting is None:
            return
        before = self.screen.session.note(posting.id)
        self.screen.app.push_screen(
            NoteScreen(posting.title, before), lambda text: self.save_note(posting, before, text)
        )

    def edit_note_outside(self) -> None:
        from tui.editor import EditorError, edit_externally

        posting = self.current()
        if posting is None:
            return
        before = self.screen.session.note(posting.id)
        try:
            with self.screen.app.suspend():
                text = edit_externally(before)
        except EditorError as exc:
            self.refused("The editor", exc)
            return
        except Exception as exc:  # SuspendNotSupported: no terminal to give the editor
            self.refused("No editor here (e writes the note in jobboard)", exc)
            return
        self.save_note(posting, before, text)

    def save_note(self, posting: Posting, before: str, text: str | None) -> None:
        if text is None or text.rstrip() == before.rstrip():
            return
        session = self.screen.session
        try:
            session.set_note(posting, text)
        except (MarksError, ValueError) as exc:
            self.refused("Note not saved", exc)
            return
        self.changes.keep_mark("note", lambda: session.set_note(posting, before))
        self.toast(("Note saved: " if text.strip() else "Note removed: ") + posting.title, timeout=2)
        day = follow_up_in(text, session.today) if follow_up_line(text) != follow_up_line(before) else None
        if isinstance(day, str):
            self.toast(f"The note's follow-up line: {day}", severity="warning", timeout=6)
        elif day is not None and day != session.hunt.follow_ups.get(posting.id):
            self.set_follow_up(posting, day)
            return
        self.show_marks()

    # -- what is new ------------------------------------------------------------------------
    def seen(self, posting: Posting) -> None:
        """Shown in the text pane: no longer new."""
        session = self.screen.session
        if posting.id in session.hunt.new and session.mark_seen([posting.id]):
            self.show_marks(refilter=False)

    def all_seen(self) -> None:
        screen = self.screen
        table = screen.table
        ids = [table.postings[int(r)].id for r in table.rows]
        done = screen.session.mark_seen(ids)
        self.toast(f"{postings(done)} seen" if done else "Nothing listed is new.", timeout=2)
        if done:
            self.show_marks(refilter=False)

    def show_filter(self, word: str) -> None:
        self.screen.sidebar.show_filter(word)

    # -- the pipeline board --------------------------------------------------------------
    def pipeline(self) -> None:
        from tui.widgets.pipeline import PipelineScreen

        session = self.screen.session
        by_id = {p.id: p for p in session.postings}

        def move(posting_id: str, status: Status) -> Any:
            posting = by_id.get(posting_id)
            if posting is None or not self.set_status(status.value, posting):
                return None
            return cards(session, by_id, [posting_id])[0]

        ids = [i for i, s in session.hunt.statuses.items() if s is not HIDDEN and i in by_id]
        self.screen.app.push_screen(PipelineScreen(cards(session, by_id, ids), move, session.today), self.go_to)

    def go_to(self, posting_id: str | None) -> None:
        """Put the cursor on this posting, clearing what keeps it out of the list."""
        if posting_id is None:
            return
        screen = self.screen
        table = screen.table
        table.chosen = posting_id
        listed = {table.postings[int(r)].id for r in table.rows}
        if posting_id not in listed:
            screen.search.value = ""
            screen.sidebar.clear()
        screen.refilter()
        screen.focus_now(table)

    # -- out of jobboard -----------------------------------------------------------------
    def export(self, fmt: str) -> None:
        from tui import export

        session = self.screen.session
        folder = Path.home() / "Downloads"
        if not folder.is_dir():
            folder = Path.home()
        try:
            path = export.export_to_file(session, fmt, folder)
        except Exception as exc:  # a full disk, a folder not writable
            self.refused("Not exported", exc)
            return
        count = len(export.marked(session))
        said = f"Exported {postings(count)} to {path}"
        if session.board is not None and session.board.unread:  # (a large board first read)
            said += "; pay and deadlines are still being read: some postings went without them"
        self.screen.app.notify(said, title="Export", markup=False, timeout=8)

    def carry_over(self) -> None:
        session = self.screen.session
        if session.carry_from is None:
            self.toast("No other board's marks to take over.", severity="warning")
            return
        try:
            done = session.carry_over()
        except (MarksError, ValueError) as exc:
            self.refused("Not taken over", exc)
            return
        self.toast(f"Took over the marks of {postings(done)}.", timeout=4)
        self.show_marks()


_FOLLOW_UP_LINE = re.compile(r"^\s*follow[- ]?up(?:\s+on)?\s*:?\s+(\S.*?)\s*$", re.IGNORECASE | re.MULTILINE)


def follow_up_line(note: str) -> str | None:
    found = _FOLLOW_UP_LINE.search(note)
    return found.group(1) if found is not None else None


def follow_up_in(note: str, today: _dt.date) -> _dt.date | str | None:
    """The follow-up day a note's line names ("follow up: +7d", "Follow-up on fri"),
    what is wrong with it, or None when no line names one."""
    found = _FOLLOW_UP_LINE.search(note)
    if found is None:
        return None
    try:
        return parse_follow_up(found.group(1), today)
    except ValueError as exc:
        return str(exc)


def postings(n: int) -> str:
    """``1 posting``, ``2 postings``."""
    return f"{n:,} posting{'s' if n != 1 else ''}"


def filter_counts(screen: Host) -> dict[str, int]:
    """Each filter's count (for the sidebar), made once per hunt."""
    hunt = screen.session.hunt
    browser = screen.browser
    if browser is None:
        return {"status:saved": len(hunt.favorites)}
    return browser.marked(hunt).counts()


def cards(session: Any, by_id: dict[str, Posting], ids: list[str]) -> list[Any]:
    """The pipeline's cards of these postings."""
    from tui.widgets.pipeline import Card

    hunt = session.hunt
    out = []
    for posting_id in ids:
        status = hunt.statuses.get(posting_id)
        if status is None:
            continue
        history = session.history(posting_id)
        since = history[-1].at.date() if history else None
        posting = by_id[posting_id]
        day = hunt.follow_ups.get(posting_id)
        out.append(
            Card(posting_id, posting.org, posting.role or posting.title, status, since, day, hunt.is_due(posting_id))
        )
    return out
