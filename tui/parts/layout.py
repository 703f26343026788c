"""Where the panes go: the tag sidebar shown or not, the text beside the list
or under it, and its share of the room; the user's choice, else what fits."""

from __future__ import annotations

from tui.parts.host import Host

#: Narrower than this, the tag sidebar folds away and the text goes under the
#: list (unless the user chose otherwise: t and v).
SIDE_BY_SIDE_FROM = 100
#: The text's share of the room beside (or under) the list, in percent.
SPLIT_DEFAULT, SPLIT_MIN, SPLIT_MAX = 50, 25, 75


class Layout:
    def __init__(self, screen: Host) -> None:
        self.screen = screen

    @property
    def arrangement(self) -> tuple[bool, bool, int]:
        """(sidebar shown, text under the list, the text's share in percent):
        the user's choice, else what fits the width."""
        ui, wide = self.screen.session.ui, self.screen.size.width >= SIDE_BY_SIDE_FROM
        sidebar = ui.get("sidebar")
        stacked = ui.get("layout")
        split = ui.get("split")
        return (
            sidebar if isinstance(sidebar, bool) else wide,
            stacked == "stacked" if stacked in ("side", "stacked") else not wide,
            _split(split) if isinstance(split, int) else SPLIT_DEFAULT,
        )

    def apply(self) -> None:
        sidebar, stacked, split = self.arrangement
        screen = self.screen
        screen.sidebar.display = sidebar
        screen.set_class(stacked, "-stacked")
        reader = screen.query_one("#reader")
        if stacked:
            reader.styles.width = "1fr"
            reader.styles.height = f"{split}%"
        else:
            reader.styles.width = f"{split}%"
            reader.styles.height = "1fr"
        if not sidebar and screen.focused is screen.sidebar:
            screen.focus_now(screen.table)

    def choose(self, **changes: object) -> None:
        try:
            self.screen.session.set_ui(**changes)
        except Exception as exc:  # shown for now, not kept: say why
            self.screen.app.notify(f"The layout is not saved: {exc}", severity="warning")
        self.apply()

    def toggle_sidebar(self) -> None:
        self.choose(sidebar=not self.arrangement[0])

    def toggle_stacked(self) -> None:
        self.choose(layout="side" if self.arrangement[1] else "stacked")

    def split(self, change: int) -> None:
        self.choose(split=_split(self.arrangement[2] + change))


def _split(percent: int) -> int:
    return min(SPLIT_MAX, max(SPLIT_MIN, percent))
