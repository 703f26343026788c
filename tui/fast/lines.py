"""Drawing straight to the screen for our Line-API widgets (the fast path).

Textual passes every line of every widget through a per-line styles pass
(background, padding, borders, filters) that costs ~0.1 ms a line here: a
third of a frame when a keystroke repaints the list. Our widgets style every
segment themselves, so :class:`DirectWidget` adds only the side borders and
padding, and :class:`QuickScrollBar` draws a scrollbar without a Rich render.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from math import ceil
from time import monotonic
from typing import TYPE_CHECKING, Any, Self, cast

from rich.segment import Segment
from rich.style import Style as RichStyle
from textual import events
from textual._border import get_box
from textual._compositor import ChopsUpdate, Compositor, LayoutUpdate
from textual.color import Color
from textual.dom import NoScreen
from textual.filter import LineFilter
from textual.geometry import Region, Size
from textual.screen import UPDATE_PERIOD, Screen
from textual.scroll_view import ScrollView
from textual.scrollbar import ScrollBar
from textual.strip import Strip
from textual.style import Style
from textual.widget import Widget
from textual.widgets import Tooltip

from tui.widgets.base import LineView, LineWidget

if TYPE_CHECKING:
    from textual.css.styles import RenderStyles

    # The classes here are mixins put in front of our widgets (see
    # tui.fast.speed_up), not widgets: Textual reads a widget's CSS and
    # component classes along its first base, which must stay the widget's own.
    _Widget = Widget
    _LineWidget = LineWidget
    _LineView = LineView
    _Screen = Screen[Any]
else:
    _Widget = _LineWidget = _LineView = _Screen = object


class SoonRepainted(_Widget):
    """A widget marked for the screen's next frame at once when it refreshes.

    Textual repaints a widget in three hops, each a message and a task switch:
    refresh() prompts the widget's own queue, its idle handler posts an Update
    to the screen, whose handler marks the widget dirty and prompts the
    screen's queue. A keystroke repaints four widgets: twelve hops, about a
    millisecond before the frame starts. The last hop is what this does; and
    a widget already waiting for a whole repaint takes further refreshes
    (a list refreshes itself several times while its rows change) as done.
    """

    #: The screen this widget waits on for a whole repaint, not drawn since.
    _soon: Screen[Any] | None = None

    def refresh(self, *regions: Region, repaint: bool = True, layout: bool = False, recompose: bool = False) -> Self:
        if repaint and not (layout or recompose) and self._repaint_soon(regions):
            return self
        return super().refresh(*regions, repaint=repaint, layout=layout, recompose=recompose)

    def _repaint_soon(self, regions: tuple[Region, ...]) -> bool:
        """False where Textual's own path must run (layout, scroll or styles
        pending, not shown)."""
        if (
            not self._is_mounted
            or self._parent is None
            or self._closing
            or self._layout_required
            or self._scroll_required
            or self._refresh_styles_required
            or self._recompose_required
        ):
            return False
        soon = self._soon
        if soon is not None and self in soon._dirty_widgets:
            return True  # the whole widget is drawn in the next frame anyway
        if not self.display:
            return False
        try:
            screen = self.screen
        except NoScreen:
            return False
        if self not in screen._compositor:
            return False
        self._layout_cache.clear()
        self._set_dirty(*regions)
        self.clear_cached_dimensions()
        # Unlike refresh(), component styles are kept: they change with the
        # widget's styles, and notify_style_update() drops them then.
        if self not in screen._dirty_widgets:
            screen._dirty_widgets.add(self)
            screen.check_idle()
        self._soon = None if regions else screen
        return True

    def drawing(self) -> None:
        """Called as the widget draws: what is drawn from here is not yet repainted."""
        self._soon = None


@dataclass
class Edges:
    """What the styles pass would add to each content line, worked out once."""

    key: Any
    before: list[Segment]  # left border and padding
    after: list[Segment]  # right padding and border
    content_width: int
    inner: RichStyle  # the widget's background
    background: Color
    filters: Sequence[LineFilter]
    width: int
    #: style -> it through the app's filters (they map each segment's style
    #: alone, and a widget uses a handful of styles)
    filtered: dict[RichStyle | None, RichStyle | None] = field(default_factory=dict)

    #: before, after and inner through the filters (see :meth:`final_edges`)
    _final_edges: tuple[list[Segment], list[Segment], RichStyle] | None = None

    def final(self, style: RichStyle | None) -> RichStyle | None:
        """``style`` as the app's filters leave it."""
        try:
            return self.filtered[style]
        except KeyError:
            probe = [Segment("x", style)]
            for line_filter in self.filters:
                probe = line_filter.apply(probe, self.background)
            new = self.filtered[style] = probe[0].style
            return new

    def filter(self, segments: list[Segment]) -> list[Segment]:
        filtered = self.filtered
        out = []
        for segment in segments:
            style = segment.style
            new = filtered[style] if style in filtered else self.final(style)
            out.append(segment if new is style else Segment(segment.text, new))
        return out

    def final_edges(self) -> tuple[list[Segment], list[Segment], RichStyle]:
        """(before, after, inner) through the filters, for lines whose content
        styles already are (see :meth:`DirectWidget.finish`)."""
        if self._final_edges is None:
            inner = self.final(self.inner)
            assert inner is not None
            self._final_edges = (self.filter(self.before), self.filter(self.after), inner)
        return self._final_edges


def _plain(styles: RenderStyles, opacity: float) -> bool:
    """True when the styles pass would add nothing but side borders and padding."""
    gutter = styles.gutter
    return not (
        gutter.top
        or gutter.bottom
        or opacity != 1.0
        or styles.text_opacity != 1.0
        or styles.tint.a
        or any(edge for edge, _ in styles.outline)
        or (styles.has_rule("hatch") and styles.hatch != "none")
    )


class DirectWidget(SoonRepainted, _LineWidget):
    """A widget whose lines skip Textual's styles pass when it adds nothing
    (no top/bottom border or padding, no tint, opacity or outline); otherwise
    the usual path draws them from :meth:`render_line`."""

    _edges: Edges | None = None
    #: The last lines handed to the compositor: (crop, line filters, lines).
    #: The compositor asks every widget under a changed area for all its
    #: lines, each frame; one nothing has changed in answers from here (as
    #: Textual's own per-line cache, it is dropped on a repaint).
    _handed: tuple[Region, Sequence[LineFilter], list[Strip]] | None = None

    def _set_dirty(self, *regions: Region) -> None:
        # Where Textual marks a widget as needing a repaint (refresh, resize,
        # scroll, new styles): what was drawn is stale.
        self._handed = None
        super()._set_dirty(*regions)

    def _check_edges(self) -> Edges:
        styles = self.styles
        base_background, background = self.background_colors
        filters = self.app.get_line_filters()
        width = self.outer_size.width
        key = (width, self.content_region.width, base_background, background, styles.border, styles.padding, *filters)
        if self._edges is not None and self._edges.key == key:
            return self._edges
        inner = Style(background=base_background + background)
        outer = Style(background=base_background)
        inner_rich = inner.rich_style
        (_, _), (right_edge, right_color), (_, _), (left_edge, left_color) = styles.border
        _, pad_right, _, pad_left = styles.padding
        before: list[Segment] = []
        after: list[Segment] = []
        if left_edge:
            before.append(get_box(left_edge, inner, outer, Style(foreground=base_background + left_color))[1][0])
        if pad_left:
            before.append(Segment(" " * pad_left, inner_rich))
        if pad_right:
            after.append(Segment(" " * pad_right, inner_rich))
        if right_edge:
            after.append(get_box(right_edge, inner, outer, Style(foreground=base_background + right_color))[1][2])
        self._edges = Edges(key, before, after, self.content_region.width, inner_rich, background, filters, width)
        self.lines_changed()
        return self._edges

    def finish(self, segments: list[Segment], cells: int, final: bool = False) -> Strip:
        """A content line of ``cells`` cells as it goes to the screen: cut or
        padded to the content width, with edges, through the app's filters
        (``final``: its styles come from :meth:`Edges.final` already)."""
        edges = self._edges
        assert edges is not None
        width = edges.content_width
        filters = edges.filters
        before, after, inner = edges.final_edges() if final and filters else (edges.before, edges.after, edges.inner)
        if cells < width:
            segments = [*segments, Segment(" " * (width - cells), inner)]
        elif cells > width:
            segments = list(Strip(segments, cells).crop(0, width))
        if before or after:
            segments = [*before, *segments, *after]
        if filters and not final:
            segments = edges.filter(segments)
        return Strip(segments, edges.width)

    def finished_lines(self, lines: range) -> list[Strip]:
        """Content ``lines`` as they go to the screen, from :meth:`render_line`
        (widgets with many lines keep theirs drawn and override this)."""
        return [self.finish(list(line), line.cell_length) for line in map(self.render_line, lines)]

    def render_lines(self, crop: Region) -> list[Strip]:
        self.drawing()
        filters = self.app.get_line_filters()
        handed = self._handed
        if handed is not None and handed[0] == crop and handed[1] == filters:
            return handed[2]
        if not _plain(self.styles, self.opacity):
            return super().render_lines(crop)
        edges = self._check_edges()
        content_height = self.content_region.height
        lines = range(crop.y, min(crop.bottom, content_height))
        strips = self.finished_lines(lines)
        if len(strips) < crop.height:
            strips += [self.finish([], 0)] * (crop.height - len(strips))
        if crop.column_span != (0, edges.width):
            x1, x2 = crop.column_span
            strips = [strip.crop(x1, x2) for strip in strips]
        self._handed = (crop, filters, strips)
        return strips


class DirectLines(DirectWidget, _LineView):
    """A ScrollView drawn as :class:`DirectWidget`, with :class:`QuickScrollBar`."""

    def set_scroll_size(self, size: Size) -> None:
        """Change how much there is to scroll without a new layout of the screen.

        Assigning ``virtual_size`` lays out every widget again (Textual declares it
        with layout=True): on each keystroke that repaints the whole screen. Only
        the scrollbar depends on it here, so update that alone: the widget
        draws again what its new content changes (see CursorList.set_row_count).
        """
        set_virtual_size(self, size, repaint=False)

    @property
    def vertical_scrollbar(self) -> ScrollBar:
        if self._vertical_scrollbar is None:
            self._vertical_scrollbar = scroll_bar = QuickScrollBar(
                vertical=True, name="vertical", thickness=self.scrollbar_size_vertical
            )
            scroll_bar.display = False
            self.app._start_widget(self, scroll_bar)
        return self._vertical_scrollbar


class QuickScrollBar(SoonRepainted, ScrollBar):
    """Textual's scrollbar, drawn from its segments without a Rich render (and
    kept until its position, size or colours change)."""

    _drawn: tuple[Any, list[Strip]] | None = None

    def render_lines(self, crop: Region) -> list[Strip]:
        self.drawing()
        parent = self.parent
        if not self.vertical or parent is None or self.screen.styles.scrollbar_color.a == 0:
            return super().render_lines(crop)
        styles = parent.styles
        if self.grabbed:
            back, color = styles.scrollbar_background_active, styles.scrollbar_color_active
        elif self.mouse_over:
            back, color = styles.scrollbar_background_hover, styles.scrollbar_color_hover
        else:
            back, color = styles.scrollbar_background, styles.scrollbar_color
        if back.a < 1:
            back = parent.background_colors[0] + back
        color = back + color
        height = self.size.height
        window = self.window_size if self.window_size < self.window_virtual_size else 0
        base = self.rich_style  # under the bar's own style, as Textual renders it
        key = (height, self.thickness, window, self.window_virtual_size, self.position, back, color, base)
        if self._drawn is None or self._drawn[0] != key:
            segments = self.renderer.render_bar(
                size=height,
                virtual_size=ceil(self.window_virtual_size),
                window_size=ceil(window),
                position=self.position,
                thickness=self.thickness,
                vertical=True,
                back_color=back.rich_color,
                bar_color=color.rich_color,
            ).segments
            filters = self.app.get_line_filters()
            background = self.background_colors[1]
            drawn: dict[Segment, Strip] = {}  # a bar has a handful of distinct cells
            lines = []
            for segment in segments[:height]:
                line = drawn.get(segment)
                if line is None:
                    line = Strip([Segment(segment.text, base + segment.style)], self.thickness)
                    for line_filter in filters:
                        line = line.apply_filter(line_filter, background)
                    drawn[segment] = line
                lines.append(line)
            self._drawn = (key, lines)
        lines = self._drawn[1]
        return [lines[y] if y < len(lines) else Strip.blank(crop.width) for y in crop.line_range]


class AreaCompositor(Compositor):
    """Textual's compositor, except that a partial update draws only the
    widgets visible under the areas that changed, and no container its
    children cover. Textual draws every widget under the rectangle around
    them all: a keystroke changes the search box, the status line and the
    list, so the sidebar, the text pane, the key bar and every container were
    drawn and cut into pieces too, then not written. What reaches the screen
    is the same (a test replays each update onto the picture before it)."""

    _areas: list[Region] | None = None
    #: (the visible widgets it was worked out for, the widgets hidden there)
    _hidden: tuple[object, set[Widget]] | None = None

    def render_partial_update(self) -> ChopsUpdate | None:
        self._areas = list(self._dirty_regions)
        try:
            return super().render_partial_update()
        finally:
            self._areas = None

    def render_full_update(self, simplify: bool = False) -> LayoutUpdate:
        # A whole frame (the first, a resize, a dialog gone) draws no container
        # its children cover either: a fifth of the first frame's drawing.
        self._areas = [self.size.region]
        try:
            return super().render_full_update(simplify)
        finally:
            self._areas = None

    def _render_chops(self, crop: Region, is_rendered_line: Callable[[int], bool]) -> Sequence[Mapping[int, Strip]]:
        """Textual's, except that a line no other widget cuts into is used as
        it is, and one whose other pieces are already covered by widgets in
        front is cut once, not divided at every cut (most lines of a frame:
        the list's rows, beside its scrollbar)."""
        cuts = self.cuts
        chops: list[dict[int, Strip | None]] = [dict.fromkeys(cut_set[:-1]) for cut_set in cuts]
        for region, clip, strips in self._get_renders(crop):
            render_region = region.intersection(clip)
            render_x = render_region.x
            first_cut, last_cut = render_region.column_span
            for y, strip in zip(render_region.line_range, strips, strict=False):
                if not is_rendered_line(y):
                    continue
                chops_line = chops[y]
                line_cuts = cuts[y]  # sorted
                final_cuts = line_cuts[bisect_left(line_cuts, first_cut) : bisect_right(line_cuts, last_cut)]
                # Front to back: a piece already there is a widget in front's.
                wanted = [cut for cut in final_cuts[:-1] if chops_line.get(cut) is None]
                if not wanted:
                    continue
                if wanted == [first_cut]:  # the only piece (or the rest covered: a list's scrollbar)
                    chops_line[first_cut] = head_cells(strip, final_cuts[1] - first_cut)
                    continue
                pieces = strip.divide([cut - render_x for cut in final_cuts[1:]])
                for cut, piece in zip(final_cuts, pieces, strict=False):
                    if chops_line.get(cut) is None:
                        chops_line[cut] = piece
        return cast("Sequence[Mapping[int, Strip]]", chops)

    def _get_renders(self, crop: Region | None = None) -> Iterable[tuple[Region, Region, list[Strip]]]:
        areas = self._areas
        if areas is None or crop is None:
            yield from super()._get_renders(crop)
            return
        visible = self.visible_widgets
        if self._hidden is None or self._hidden[0] is not visible:
            self._hidden = (visible, hidden_behind_children(visible))
        hidden = self._hidden[1]
        for widget, (region, clip) in visible.items():
            shown = region.intersection(clip)
            if widget in hidden or not any(shown.overlaps(area) for area in areas):
                continue
            x, y, width, height = shown
            if width and height:
                yield region, clip, widget.render_lines(Region(x - region.x, y - region.y, width, height))


def head_cells(strip: Strip, cells: int) -> Strip:
    """The first ``cells`` of ``strip``; made without a crop when they end
    where its last segment starts (a row's blank under its list's scrollbar)."""
    if strip.cell_length <= cells:
        return strip
    segments = strip._segments
    if segments and strip.cell_length - segments[-1].cell_length == cells:
        return Strip(segments[:-1], cells)
    return strip.crop(0, cells)


def hidden_behind_children(
    visible: dict[Any, tuple[Region, Region]], children: Callable[[Any], Iterable[Any]] = lambda widget: widget._nodes
) -> set[Any]:
    """The containers every visible cell of which a child draws over (children
    are drawn in front of their parent): nothing of theirs reaches the screen."""
    shown = {widget: region.intersection(clip) for widget, (region, clip) in visible.items()}
    hidden: set[Any] = set()
    for widget, area in shown.items():
        kids = [shown[child] for child in children(widget) if child in shown]
        if not kids or not area:
            continue
        for y in area.line_range:
            reach = area.x
            for x, right in sorted((kid.x, kid.right) for kid in kids if kid.y <= y < kid.bottom):
                if x > reach:
                    break
                reach = max(reach, right)
            if reach < area.right:
                break
        else:
            hidden.add(widget)
    return hidden


def set_virtual_size(widget: ScrollView, size: Size, repaint: bool = True) -> None:
    """``widget``'s virtual size, with its scrollbar and scroll limits, and no
    layout; ``repaint``: all of it drawn again (else the caller draws what changed)."""
    if size == widget.virtual_size:
        return
    widget.set_reactive(ScrollView.virtual_size, size)
    widget._scroll_update(size)  # scrollbar window, visibility and scroll limits
    if repaint:
        widget.refresh()


class FastScreen(_Screen):
    """A screen whose partial updates drawn by :class:`AreaCompositor`, and
    a frame drawn as soon as the screen is idle with something to draw.

    Textual resumes a timer there, whose task runs only after every task
    already waiting (on a keystroke: the search box's message going up to
    the App, the list's, a callback), a third of a millisecond later. The
    timer still draws what needs a new layout, and frames stay at most
    ``UPDATE_PERIOD`` apart as with the timer alone.
    """

    _last_frame = 0.0
    _resumed = False

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._compositor = AreaCompositor()

    def _on_screen_resume(self, event: events.ScreenResume) -> None:
        # (Textual's own handler runs after this one.) The first time, every
        # node's styles were applied as it was mounted, a moment before:
        # applying them all again is a fifth of the first frame's CSS work.
        if not self._resumed:
            self._resumed = True
            event.refresh_styles = False

    async def _on_idle(self, event: events.Idle) -> None:
        if (
            self._dirty_widgets
            and not (self._layout_required or self._scroll_required or self._recompose_required)
            and not self.app._batch_count
            and self.is_current
            and monotonic() - self._last_frame >= UPDATE_PERIOD
        ):
            event.prevent_default()
            self._on_timer_update()
            return
        await super()._on_idle(event)

    def _on_timer_update(self) -> None:
        self._last_frame = monotonic()
        super()._on_timer_update()

    def _clear_tooltip(self) -> None:
        # Called for every key. Textual looks the tooltip up by raising an
        # error whose message spells out every child of the screen: a quarter
        # of the App's handling of a key when there is no tooltip.
        if any(type(child) is Tooltip for child in self._nodes):
            super()._clear_tooltip()
