"""What the parts may use of the main screen (structurally: the parts never
import the screen, which imports them)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol

from textual.app import App
from textual.geometry import Size
from textual.message import Message
from textual.timer import Timer
from textual.widget import Widget
from textual.worker import Worker

from tui.browse import Browser, Choice
from tui.search import Index
from tui.session import Session
from tui.widgets.find_bar import FindBar
from tui.widgets.posting_detail import PostingDetail
from tui.widgets.posting_table import PostingTable
from tui.widgets.search_box import SearchBox
from tui.widgets.status_bar import StatusBar
from tui.widgets.tag_sidebar import TagSidebar


class Host(Protocol):
    session: Session
    choice: Choice  # what the user has chosen: query, tags, filters, sort
    index: Index | None  # None until the board can be searched
    browser: Browser | None
    when_searchable: Callable[[], object]

    @property
    def app(self) -> App[Any]: ...
    @property
    def Ready(self) -> type[Message]: ...  # told to the app when keys typed ahead may act
    @property
    def size(self) -> Size: ...
    @property
    def focused(self) -> Widget | None: ...
    @property
    def table(self) -> PostingTable: ...
    @property
    def sidebar(self) -> TagSidebar: ...
    @property
    def detail(self) -> PostingDetail: ...
    @property
    def search(self) -> SearchBox: ...
    @property
    def find_bar(self) -> FindBar: ...
    @property
    def status_bar(self) -> StatusBar: ...

    # The screen's routes to its other parts.
    def refilter(self, new_query: bool = False) -> None: ...
    def show_status(self, shown: int) -> None: ...
    def show_marks(self) -> None: ...
    def resume_where_left(self, focus: bool) -> None: ...
    def focus_now(self, widget: Widget) -> None: ...

    # Textual's, on the screen.
    def query_one(self, selector: str) -> Widget: ...
    def set_class(self, add: bool, *class_names: str, update: bool = True) -> Any: ...
    def post_message(self, message: Message) -> bool: ...
    def call_after_refresh(self, callback: Callable[..., Any], *args: Any, **kwargs: Any) -> bool: ...
    def set_interval(self, interval: float, callback: Callable[[], Any]) -> Timer: ...
    def set_timer(self, delay: float, callback: Callable[[], Any]) -> Timer: ...
    def run_worker(
        self,
        work: Callable[[], Any],
        name: str | None = "",
        group: str = "default",
        description: str = "",
        exit_on_error: bool = True,
        start: bool = True,
        exclusive: bool = False,
        thread: bool = False,
    ) -> Worker[Any]: ...
