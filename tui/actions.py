"""What the user can do on the main screen, declared once.

Each :class:`Action` has its id (what ``[keys]`` in config.toml remaps),
its default keys, the key bar's short label, the help's description, and
its name in the command palette (``"area: verb"``, or none). The screen's
bindings, the help (read from the live bindings) and the palette's commands
are all made from :data:`SCREEN`: a new action is added here, and its
``action_*`` method on the screen, which routes it to the part that does it
(tui/parts/: posting_actions, changes, focus, layout...).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from textual.binding import Binding, BindingType


@dataclass(frozen=True)
class Action:
    id: str
    keys: str  # as Textual writes them, comma-separated
    action: str  # the screen's action: "copy_link", "split(5)"
    label: str  # the key bar's
    description: str  # the help's
    palette: str | None = None  # "Posting: copy application link" (None: not in the palette)
    show: bool = False  # in the key bar
    priority: bool = False  # acts before the focused widget sees the key
    #: The screen's part the action is routed to (its method of the action's
    #: name): the screen gets ``action_<name>`` made for it (see :func:`route`).
    part: str | None = None

    def binding(self) -> Binding:
        return Binding(
            self.keys,
            self.action,
            self.label,
            show=self.show,
            priority=self.priority,
            id=self.id,
            tooltip=self.description,
        )


SCREEN: tuple[Action, ...] = (
    # "/" and Esc are priority bindings: they move the focus before the keys
    # typed right after them are delivered, so none of those keys is lost.
    Action(
        "search", "slash", "focus_search", "Search", "Search: type to filter (fzf syntax)", show=True, priority=True
    ),
    # In the text, "/" finds there: at once, so that the keys typed with it go into the find line.
    Action("find-in-text", "slash", "find_in_text", "Find", "The text: find in it", show=True, priority=True),
    Action(
        "escape",
        "escape",
        "escape",
        "Back",
        "Back to the list; in the list, clear the query, then the tags",
        priority=True,
    ),
    # Enter in the search box moves the focus as it is pressed: keys typed
    # in the same burst go to the list, not into the box (the box's own
    # binding, of the same id, is what stock Input would do later).
    Action(
        "search-done",
        "enter",
        "leave_search",
        "Go to the list",
        "Keep the query; move to the list",
        show=True,
        priority=True,
    ),
    Action("undo", "u,ctrl+z", "undo", "Undo", "Undo the last change of query, tags or sort"),
    Action(
        "copy-link",
        "y",
        "copy_link",
        "Copy link",
        "Copy the application link",
        palette="Posting: copy application link",
        show=True,
        part="postings",
    ),
    Action(
        "jobs",
        "z",
        "toggle_jobs",
        "Jobs",
        "A posting that lists several jobs (▸): show each as a row under it, or fold them",
        palette="Posting: show or fold its jobs",
        part="postings",
    ),
    Action(
        "copies",
        "r",
        "toggle_copies",
        "Copies",
        "A job posted again (², ³ beside it): show every copy, or one row for them",
        palette="List: show every copy of a job posted again, or one",
        part="changes",
    ),
    Action(
        "pick-link",
        "Y",
        "pick_link",
        "Pick link",
        "Choose a link to copy",
        palette="Posting: copy one of its links",
        part="postings",
    ),
    Action(
        "open-link",
        "o",
        "open_link",
        "Open",
        "Open the application link in the browser",
        palette="Posting: open application link",
        show=True,
        part="postings",
    ),
    Action(
        "favorite",
        "f",
        "toggle_favorite",
        "Save",
        "Save the posting (★), or unsave it",
        palette="Hunt: save or unsave the posting",
        show=True,
        part="hunt",
    ),
    Action(
        "applied",
        "a",
        "set_status('applied')",
        "Applied",
        "Mark the posting applied (today)",
        palette="Hunt: mark applied",
        show=True,
        part="hunt",
    ),
    Action(
        "status",
        "p",
        "pick_status",
        "Status",
        "Choose the posting's status and follow-up date",
        palette="Hunt: status and follow-up…",
        part="hunt",
    ),
    Action(
        "not-interested",
        "x",
        "set_status('not-interested')",
        "Not interested",
        "Not interested: hide the posting (u brings it back)",
        palette="Hunt: not interested (hide)",
        part="hunt",
    ),
    Action(
        "hide-org",
        "X",
        "block_org",
        "Hide org",
        "Hide every posting of the posting's organization",
        palette="Hunt: hide this organization",
        part="hunt",
    ),
    Action("note", "e", "edit_note", "Note", "Write the posting's note", palette="Hunt: edit note", part="hunt"),
    Action(
        "note-editor",
        "E",
        "edit_note_outside",
        "Note in $EDITOR",
        "Write the posting's note in your editor",
        palette="Hunt: edit note in $EDITOR",
        part="hunt",
    ),
    Action(
        "pipeline",
        "P",
        "pipeline",
        "Pipeline",
        "The hunt as a board: a column per status",
        palette="Hunt: pipeline board",
        show=True,
        part="hunt",
    ),
    Action(
        "all-seen",
        "A",
        "all_seen",
        "All seen",
        "Every posting listed is seen: no longer new",
        palette="New: mark every posting listed as seen",
        part="hunt",
    ),
    Action(
        "blocklist",
        "B",
        "blocklist",
        "Hidden orgs",
        "The organizations hidden (and showing them again)",
        palette="Hunt: organizations hidden…",
        part="hunt",
    ),
    Action("sort", "s", "sort", "Sort", "Next sort order"),
    Action(
        "problems",
        "exclamation_mark",
        "show_problems",
        "Problems",
        "Files that could not be read, and why",
        palette="Problems: show",
    ),
    Action("next-pane", "tab", "cycle_focus(1)", "Next pane", "Sidebar, list, text", priority=True),
    Action("prev-pane", "shift+tab", "cycle_focus(-1)", "Prev pane", "Back", priority=True),
    Action("pane-right", "l", "cycle_focus(1)", "Pane right", "The pane to the right"),
    Action("pane-left", "h", "cycle_focus(-1)", "Pane left", "The pane to the left"),
    Action("help", "question_mark", "help", "Help", "Every key", palette="Help: keys", show=True),
    Action(
        "sidebar",
        "t",
        "toggle_sidebar",
        "Tags",
        "Show or hide the tag sidebar",
        palette="Layout: tag sidebar",
        part="panes",
    ),
    Action(
        "layout",
        "v",
        "toggle_stacked",
        "Layout",
        "Text beside the list, or under it",
        palette="Layout: text beside or under",
        part="panes",
    ),
    Action("text-wider", "greater_than_sign", "split(5)", "Wider text", "Give the text more room", part="panes"),
    Action("text-narrower", "less_than_sign", "split(-5)", "Narrower text", "Give the list more room", part="panes"),
    Action("next-hit", "n", "hit(1)", "Next hit", "The text: next place the search found"),
    Action("prev-hit", "N", "hit(-1)", "Prev hit", "The text: the place before"),
    # In the palette only: no key of their own.
    Action(
        "copy-id",
        "",
        "copy_id",
        "Copy id",
        "As jobboard show takes it",
        palette="Posting: copy its id",
        part="postings",
    ),
    Action(
        "copy-path",
        "",
        "copy_path",
        "Copy path",
        "The file on disk",
        palette="Posting: copy its file's path",
        part="postings",
    ),
    Action("show-favorites", "", "show_favorites", "Saved", "Only the postings saved (★)", palette="Hunt: show saved"),
    Action(
        "show-new",
        "",
        "show_filter('is:new')",
        "New",
        "Only the postings new since the last visit",
        palette="New: show the postings new since the last visit",
        part="hunt",
    ),
    Action(
        "show-due",
        "",
        "show_filter('is:due')",
        "Due",
        "Only the postings whose follow-up has come",
        palette="Hunt: show follow-ups due",
        part="hunt",
    ),
    Action(
        "show-hidden",
        "",
        "show_filter('is:hidden')",
        "Hidden",
        "Only the postings hidden",
        palette="Hunt: show the postings hidden",
        part="hunt",
    ),
    Action(
        "export-md",
        "",
        "export('md')",
        "Export",
        "Every marked posting as a Markdown checklist",
        palette="Hunt: export as a Markdown checklist",
        part="hunt",
    ),
    Action(
        "export-csv",
        "",
        "export('csv')",
        "Export CSV",
        "Every marked posting as CSV",
        palette="Hunt: export as CSV",
        part="hunt",
    ),
    Action(
        "export-json",
        "",
        "export('json')",
        "Export JSON",
        "Every marked posting as JSON",
        palette="Hunt: export as JSON",
        part="hunt",
    ),
    Action(
        "carry-over",
        "",
        "carry_over",
        "Take marks",
        "Take over the marks of the board this one was",
        palette="Hunt: take over the marks of this board's earlier copy",
        part="hunt",
    ),
    Action(
        "all-postings", "", "jump_tag('')", "All postings", "Clear the tag selection", palette="Tags: show all postings"
    ),
)


def route(screen: type, actions: Iterable[Action]) -> None:
    """Give ``screen`` an ``action_<name>`` for each action routed to a part:
    it calls the part's method of that name (the screen holds the part
    under the action's ``part``)."""
    for declared in actions:
        if declared.part is None:
            continue
        name = declared.action.split("(", 1)[0]
        if hasattr(screen, f"action_{name}"):
            continue

        def routed(self: object, *args: object, _part: str = declared.part, _name: str = name) -> object:
            return getattr(getattr(self, _part), _name)(*args)

        routed.__name__ = f"action_{name}"
        routed.__doc__ = declared.description
        setattr(screen, f"action_{name}", routed)


def bindings(actions: Iterable[Action]) -> list[BindingType]:
    """The bindings of the actions that have keys, in their declared order."""
    return [action.binding() for action in actions if action.keys]


def palette(actions: Iterable[Action], keymap: Mapping[str, str]) -> list[tuple[str, str, str, list[str]]]:
    """(name, action, help, keys as the user has them) of each action in the palette."""
    out = []
    for action in actions:
        if action.palette is not None:
            keys = [key.strip() for key in keymap.get(action.id, action.keys).split(",") if key.strip()]
            out.append((action.palette, action.action, action.description, keys))
    return out
