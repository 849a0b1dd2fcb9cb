"""The parcel list: sortable columns, filter as you type, rows drawn only when visible.

What is shown and in which order is the Textual-free ParcelIndex's business (sort, filter, the
100,000-row fast paths); this widget draws its rows, keeps the cursor and takes the keys.

The columns that fit the width are shown (the list never scrolls sideways); `o` sorts by those
only. The "Next deadline" column shows the same remaining time as the countdown panel and the
detail (`seconds_until`, `format_remaining`) in the same colour bands, and ticks with them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from rich.style import Style
from textual.binding import Binding
from textual.geometry import Region
from textual.strip import Strip

from claimdesk.domain.complaints import MAX_ATTEMPTS
from claimdesk.domain.deadlines import DAY_SECONDS as DAY
from claimdesk.domain.deadlines import ClockKind, Deadline, urgency
from claimdesk.domain.instants import seconds_until
from claimdesk.domain.parcels import Service, Status
from claimdesk.gc_pause import gc_paused
from claimdesk.i18n import N_, _, ngettext
from claimdesk.labels import label
from claimdesk.termtext import cell_len, fit
from claimdesk.ui.formatting import remaining
from claimdesk.ui.parcel_index import SORT_KEYS, ParcelIndex, Result
from claimdesk.ui.urgency import SIGN_WIDTH, sign
from claimdesk.ui.widgets.virtual_list import VirtualList
from claimdesk.views import ParcelRow


@dataclass(frozen=True)
class Column:
    key: str
    title: str
    width: int
    right: bool = False


COLUMNS = (
    Column("tracking", N_("Tracking"), 17),
    Column("order", N_("Order"), 17),
    Column("service", N_("Service"), 12),
    Column("destination", N_("To"), 3),
    Column("status", N_("Status"), 14),
    Column("age", N_("Days"), 4, right=True),
    Column("attempts", N_("Att"), 3),
    Column("next", N_("Next deadline"), 23),  # "101d 20:41:13 appeal by"
    Column("carrier", N_("Carrier"), 20),
)
# Which columns give way first on a narrow terminal (the list never scrolls sideways); then the
# deadline column drops its clock word and keeps the remaining time. Tracking, status and the
# remaining time always stay.
DROP_ORDER = ("carrier", "destination", "service", "order", "age", "attempts")
NEXT_TITLE_COMPACT = N_("Due in")
SORTED_MARK = 2  # ' ▲'
INCOMPLETE_MARK = "✎"  # after the status: a field the payout needs is not known yet (help, README)


def content_widths() -> dict[str, int]:
    """How many cells the columns that show words need in the active language: a status, a
    service, the remaining time ('119d 23:59:59', '119天 23:59:59') and its clock word."""
    longest = max(cell_len(remaining(seconds)) for seconds in (119 * DAY + DAY - 1, -(9 * DAY + DAY - 1)))
    return {
        "service": max(cell_len(label("service", service)) for service in Service),
        "status": max(cell_len(label("status", status)) for status in Status),
        "remaining": SIGN_WIDTH - 1 + longest,
        "next": SIGN_WIDTH - 1 + longest + 1 + max(cell_len(label("clock_short", kind)) for kind in ClockKind),
    }


# loading_total while the first screen is shown and the rows are not counted yet (a large desk
# opened without reading its records counts them right after its first frame).
NOT_COUNTED_YET = -1


class ParcelTable(VirtualList[ParcelRow]):
    """Rows are ParcelRow; `deadlines` maps tracking -> its soonest deadline."""

    header_height = 1
    COMPONENT_CLASSES = {
        "parcel-table--header",
        "parcel-table--cursor",
        "parcel-table--pending",
        "parcel-table--ok",
        "parcel-table--soon",
        "parcel-table--urgent",
        "parcel-table--overdue",
        "parcel-table--dim",
    }
    BINDINGS = [
        Binding("o", "sort_next", N_("Sort"), id="sort", tooltip=N_("Sort by the next column")),
        Binding("O", "sort_reverse", N_("Reverse"), id="sort-reverse", show=False, tooltip=N_("Reverse the sort order")),
    ]

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.index = ParcelIndex()
        self.now: datetime | None = None
        self.query_text = ""
        self.content_width = sum(column.width + 1 for column in COLUMNS)
        self._shown: tuple[list[ParcelRow], Result] | None = None  # (items, the result they came from)
        self._index_hint: tuple[object, int | None] | None = None  # (key, its index) for set_items
        self._columns_for: tuple[int, tuple[Column, ...]] | None = None
        self.remaining_width = 13
        self.loading_total: int | None = None  # the first rows only, so far: how many there will be

    @property
    def all_rows(self) -> list[ParcelRow]:
        return self.index.rows

    @property
    def deadlines(self) -> Mapping[str, Deadline]:
        return self.index.deadlines

    @property
    def sort_key(self) -> str:
        return self.index.sort_key

    @property
    def sort_reverse(self) -> bool:
        return self.index.reverse

    def key_of(self, item: ParcelRow) -> object:
        return item.tracking

    def index_of(self, key: object) -> int | None:
        hint = self._index_hint
        if hint is not None and hint[0] == key:
            return hint[1]
        for index, row in enumerate(self.items):
            if row.tracking == key:
                return index
        return None

    def _place_of_current(self) -> int | None:
        """The cursor row's place in the sorted list of all rows, when the items came from it."""
        shown = self._shown
        if shown is None or shown[0] is not self.items or not 0 <= self.cursor < len(self.items):
            return None
        return shown[1].places[self.cursor]

    @property
    def columns(self) -> tuple[Column, ...]:
        """The columns that fit the current width, in their usual order, each wide enough for its
        title in the active language and the sort mark."""
        width = self.line_width or 200
        cached = self._columns_for
        if cached is not None and cached[0] == width:
            return cached[1]
        contents = content_widths()
        self.remaining_width = contents["remaining"]
        sized_columns = [
            Column(
                column.key,
                column.title,
                max(contents.get(column.key, column.width), cell_len(_(column.title)) + SORTED_MARK),
                column.right,
            )
            for column in COLUMNS
        ]
        shown = list(sized_columns)

        def needed(columns: list[Column]) -> int:
            return sum(column.width for column in columns) + len(columns) - 1

        for key in DROP_ORDER:
            if needed(shown) <= width:
                break
            shown = [column for column in shown if column.key != key]
        if needed(shown) > width:  # the remaining time alone, under a shorter title
            compact = Column("next", NEXT_TITLE_COMPACT, max(self.remaining_width, cell_len(_(NEXT_TITLE_COMPACT)) + SORTED_MARK))
            shown = [compact if c.key == "next" else c for c in shown]
            for key in reversed(DROP_ORDER):  # give back the room the shorter column left
                keys = {c.key for c in shown} | {key}
                candidate = [compact if c.key == "next" else c for c in sized_columns if c.key in keys]
                if key not in {c.key for c in shown} and needed(candidate) <= width:
                    shown = candidate
        self._columns_for = (width, tuple(shown))
        return self._columns_for[1]

    def on_mount(self) -> None:
        self._update_title()

    def on_resize(self) -> None:
        self.content_width = sum(column.width + 1 for column in self.columns) - 1
        self.virtual_size = self.virtual_size.with_width(self.content_width)

    # ---------------------------------------------------------------- data

    def load(
        self,
        rows: list[ParcelRow],
        deadlines: Mapping[str, Deadline],
        now: datetime,
        *,
        loading_total: int | None = None,
        haystacks: list[str] | None = None,
    ) -> None:
        """Show `rows`; with loading_total, they are the first of that many, the rest coming;
        `haystacks`: their row_haystacks when already made (a fill makes them a part at a time)."""
        keep = self.current.tracking if self.current else None
        self.index.load(rows, deadlines, haystacks)
        self.now = now
        self.loading_total = loading_total
        with gc_paused():
            self._apply(keep)
        if self.is_mounted:
            self.call_after_refresh(self.index.sorted_haystacks)

    def counted(self, total: int) -> None:
        """How many rows the list being filled will have, once known."""
        if self.loading_total is not None:
            self.loading_total = total
            self._update_title()

    def update_deadlines(self, deadlines: Mapping[str, Deadline], now: datetime) -> None:
        self.index.set_deadlines(deadlines)
        self.now = now
        if self.sort_key == "next":
            self._apply(self.current.tracking if self.current else None)
        else:
            self.refresh()

    def tick(self, now: datetime) -> None:
        """A second passed: redraw the remaining time of the visible rows (nothing else changes)."""
        self.now = now
        left = 0
        for column in self.columns:
            if column.key == "next":
                self.refresh(Region(left, self.header_height, column.width, max(0, self.size.height - self.header_height)))
                return
            left += column.width + 1

    def filter(self, text: str) -> None:
        self.query_text = text.strip().lower()
        self._apply(self.current.tracking if self.current else None)

    def _apply(self, keep: object | None) -> None:
        place = self._place_of_current() if keep is not None and self.current is not None else None
        if place is not None and self.current.tracking != keep:  # type: ignore[union-attr]
            place = None
        if self.index.resort():
            place = None  # places in the old order mean nothing in the new one
        result = self.index.query(self.query_text)
        rows = list(result.rows)
        self._shown = (rows, result)
        if place is not None:
            # The kept row is found (or known to be filtered out) by its place, without a scan.
            self._index_hint = (keep, result.index_of_place(place))
        try:
            self.set_items(rows, keep)
        finally:
            self._index_hint = None
        self._update_title()

    def _update_title(self) -> None:
        total = len(self.index.rows)
        if self.loading_total == NOT_COUNTED_YET:
            title = _("Loading the list…")
        elif self.loading_total is not None:
            total = self.loading_total
            title = ngettext("{total} parcel · loading the list…", "{total} parcels · loading the list…", total).format(total=total)
        elif self.query_text:
            title = ngettext("{shown} of {total} parcel", "{shown} of {total} parcels", total).format(shown=len(self.items), total=total)
        else:
            title = ngettext("{total} parcel", "{total} parcels", total).format(total=total)
        if title != self.border_title:
            self.border_title = title

    def action_sort_next(self) -> None:
        """Sort by the next column on screen (a column that does not fit is never the sort)."""
        visible = [column.key for column in self.columns]
        order = [key for key in SORT_KEYS if key in visible]
        current = order.index(self.sort_key) if self.sort_key in order else -1
        key = order[(current + 1) % len(order)]
        self.index.sort_by(key)
        self._apply(self.current.tracking if self.current else None)
        self.app.notify(_("Sorted by {column}").format(column=self._title(self.sort_key)), timeout=1.5)

    def action_sort_reverse(self) -> None:
        self.index.sort_by(self.sort_key, not self.sort_reverse)
        self._apply(self.current.tracking if self.current else None)

    def sort_by(self, key: str) -> None:
        self.index.sort_by(key, not self.sort_reverse if key == self.sort_key else False)
        self._apply(self.current.tracking if self.current else None)

    def on_header_click(self, x: int) -> None:
        left = 0
        for column in self.columns:
            if left <= x < left + column.width + 1:
                self.sort_by(column.key)
                return
            left += column.width + 1

    @staticmethod
    def _title(key: str) -> str:
        return _(next(column.title for column in COLUMNS if column.key == key))

    def empty_text(self) -> list[str]:
        """What the list says when it shows no row: how to start, or that the filter found none."""
        if self.loading_total is not None:
            return [_("Loading the list…")]
        if self.index.rows:
            return [
                _("No parcel matches “{query}”.").format(query=self.query_text),
                _("Press / to change the filter, esc in it to clear it."),
            ]
        return [
            _("No parcels on the desk yet. To start:"),
            "  " + _("a   add a parcel"),
            "  " + _("i   import parcels from a CSV or Excel export"),
            "  " + _("claimdesk demo   sample data (in a shell)"),
        ]

    def render_line(self, y: int) -> Strip:
        if self.items or y < self.header_height:
            return super().render_line(y)
        lines = self.empty_text()
        index = y - self.header_height - 1  # a blank line under the header
        width = self.line_width
        if 0 <= index < len(lines):
            style = self.line_style + (self.get_component_rich_style("parcel-table--dim") if index else Style(bold=True))
            return self.text_strip([(fit(" " + lines[index], width), style)])
        return Strip.blank(width, self.line_style)

    # ---------------------------------------------------------------- drawing

    def render_header(self, y: int) -> Strip:
        style = self.get_component_rich_style("parcel-table--header")
        cells = []
        for column in self.columns:
            title = _(column.title)
            if column.key == self.sort_key:
                title += " ▼" if self.sort_reverse else " ▲"
            cells.append((self._fit(title, column) + " ", style))
        return self.text_strip(cells)

    @staticmethod
    def _fit(text: str, column: Column) -> str:
        if text.isascii():  # the usual case, and the fast one
            if len(text) > column.width:
                text = text[: column.width - 1] + "…"
            return text.rjust(column.width) if column.right else text.ljust(column.width)
        return fit(text, column.width, column.right)  # CJK characters take two cells

    def render_item(self, item: ParcelRow, line: int, selected: bool) -> Strip:
        base = self.get_component_rich_style("parcel-table--cursor") if selected else self.line_style
        deadline = self.deadlines.get(item.tracking)
        values = {
            "tracking": item.tracking,
            "order": item.order,
            "service": label("service", item.service),
            "destination": item.destination,
            "status": self._status_text(item),
            "age": str(self._age(item)),
            "attempts": f"{item.attempts}/{MAX_ATTEMPTS}",
            "next": "",
            "carrier": item.carrier,
        }
        cells: list[tuple[str, Style]] = []
        for column in self.columns:
            style = base
            text = values[column.key]
            if column.key == "next" and deadline is not None and self.now is not None:
                seconds = seconds_until(deadline.due, self.now)
                left = remaining(seconds)
                level = urgency(deadline.kind, seconds)
                # The band's sign first (readable without colour), the time right-aligned, in cells;
                # only the longest times ('119d …', '-10d …') eat into the sign's second cell.
                room = self.remaining_width - cell_len(left)
                mark = sign(level) if room >= SIGN_WIDTH else sign(level)[: max(0, room)]
                text = mark + " " * max(0, room - cell_len(mark)) + left
                if column.title != NEXT_TITLE_COMPACT:
                    text += f" {label('clock_short', deadline.kind)}"
                style = base + self.get_component_rich_style(f"parcel-table--{level.value}")
            elif column.key == "attempts" and item.attempts >= MAX_ATTEMPTS:
                style = base + self.get_component_rich_style("parcel-table--dim")
            cells.append((self._fit(text, column) + " ", style))
        return self.text_strip(cells)

    def _status_text(self, item: ParcelRow) -> str:
        """The status; an incomplete parcel (its payout waits for a field) ends with the mark,
        kept whole when the word has to give way."""
        status = label("status", item.status)
        if not item.incomplete:
            return status
        width = next((column.width for column in self.columns if column.key == "status"), 14)
        return fit(status, max(1, width - 2)).rstrip() + " " + INCOMPLETE_MARK

    def _age(self, row: ParcelRow) -> int:
        if self.now is None:
            return 0
        return max(0, (self.now - datetime.fromisoformat(row.created_at)).days)
