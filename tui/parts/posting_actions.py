"""What a key does to the posting under the cursor: its links (copy, pick,
open), its id and file (its marks: tui/parts/hunt.py)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from tui import clipboard
from tui.parts.host import Host
from tui.posting import ALLOWED_SCHEMES, Link, Posting, link_to_open
from tui.text import visible
from tui.widgets.screens import LinkPicker


class PostingActions:
    def __init__(self, screen: Host) -> None:
        self.screen = screen

    def toast(self, message: str, *, kind: str, **options: Any) -> None:
        """A toast that replaces the one of its ``kind`` still shown (see JobBoard.notify)."""
        notify: Any = self.screen.app.notify
        notify(message, kind=kind, **options)

    @property
    def current(self) -> Posting | None:
        """The posting a key acts on: the cursor's, its text shown in the
        pane at once if it was still waiting for the cursor to rest."""
        posting = self.screen.table.current
        self.screen.detail.show_now(posting)
        return posting

    def with_links(self, posting: Posting, then: Callable[[list[Link]], object]) -> None:
        """``then(links)`` with the posting's links (application link first):
        the text pane's if it has read them, else read in a worker (a posting
        may be a megabyte made to be slow: never on the UI thread)."""
        known = self.screen.detail.links_for(posting)
        if known is not None:
            then(self.screen.session.links_of(posting, known))
        else:
            read = lambda: self.read_links(posting, then)  # noqa: E731
            self.screen.run_worker(read, name="read_links", group="links", description="links", thread=True)

    def read_links(self, posting: Posting, then: Callable[[list[Link]], object]) -> None:
        """(In a worker.)"""
        links = self.screen.session.links_of(posting)
        self.screen.app.call_from_thread(then, links)

    def copy_link(self) -> None:
        posting = self.current
        if posting is None:
            self.toast("No posting selected.", severity="warning", kind="action")
            return
        job = self.screen.table.current_job
        if job is not None:  # one of the jobs the posting lists: its own link
            if job[1]:
                self.copy(job[1], f"{job[0]}: application link")
            else:
                self.toast(f"{job[0]} has no link of its own.", severity="warning", kind="action")
            return
        self.with_links(posting, self.copy_first)

    def toggle_jobs(self) -> None:
        """Show the jobs a posting lists as rows under it, or fold them."""
        unfolded = self.screen.table.toggle_jobs()
        if unfolded is None:
            self.toast("This posting is one job.", kind="action")

    def copy_first(self, links: list[Link]) -> None:
        if not links:
            self.toast("This posting has no link to copy.", severity="warning", kind="action")
            return
        self.copy(links[0].url, "Application link")

    def copy(self, text: str, title: str) -> None:
        where = clipboard.copy(text, self.screen.app.copy_to_clipboard)
        self.toast(f"Copied {text}\nto the {where}.", title=title, kind="action")

    def copy_id(self) -> None:
        posting = self.current
        if posting is not None:
            self.copy(visible(posting.id), "Posting id")

    def copy_path(self) -> None:
        posting = self.current
        if posting is not None:
            self.copy(visible(str(self.screen.session.root.resolve() / posting.id)), "Posting's file")

    def pick_link(self) -> None:
        posting = self.current
        if posting is not None:
            self.with_links(posting, lambda links: self.pick(posting, links))

    def pick(self, posting: Posting, links: list[Link]) -> None:
        if len(links) <= 1:
            self.copy_first(links)
            return

        def picked(choice: tuple[str, str] | None) -> None:
            if choice is None:
                return
            how, url = choice
            if how == "open":
                self.open(url)
            else:
                self.copy(url, "Link")

        self.screen.app.push_screen(LinkPicker(links, posting.title), picked)

    def open_link(self) -> None:
        posting = self.current
        if posting is None:
            self.open_first([])
        elif (job := self.screen.table.current_job) is not None and job[1]:
            self.open(job[1])
        else:
            self.with_links(posting, self.open_first)

    def open_first(self, links: list[Link]) -> None:
        if not links:
            self.toast("This posting has no link to open.", severity="warning", kind="action")
            return
        self.open(links[0].url)

    def open(self, url: str) -> None:
        if url.split(":", 1)[0].lower() not in ALLOWED_SCHEMES:
            self.screen.app.notify(f"Not opening {url}: only http, https and mailto links.", severity="error")
            return
        url = link_to_open(url)  # a mailto link: its subject and body, no attachment, cc or bcc
        app = self.screen.app
        if not clipboard.browser_available():
            where = clipboard.copy(url, app.copy_to_clipboard)
            self.toast(f"No browser here, so copied {url}\nto the {where}.", title="Open link", kind="action")
            return
        app.open_url(url)
        self.toast(f"Opening {url}", kind="action")
