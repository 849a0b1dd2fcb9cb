"""The parcel list: sortable columns, filter as you type, rows drawn only when visible.

Speed at 100,000 rows: the rows (and their lower-case haystacks) are kept sorted by the current
sort, so a keystroke in the filter is one pass of `in` over a list that is already in order
(filtering a stably sorted list gives exactly what sorting the filtered rows would). The sort
runs again only when the rows, the sort column or direction, or (for the deadline column) the
deadlines change. The last few filter results are kept: typing one more letter searches only
the rows that matched before it (a match for "ab" contains "a"), and backspace finds its
result again. Each result keeps its rows' places in the sorted list, so finding the row under
the cursor again is a binary search, not a scan. The haystacks are made after the first paint
(or at the first keystroke, if that comes sooner), not before it.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from itertools import compress, repeat
from operator import attrgetter, contains, not_
from typing import Any

from rich.style import Style
from textual.binding import Binding
from textual.strip import Strip

from claimdesk.domain.parcels import Status
from claimdesk.i18n import N_, _, is_chinese
from claimdesk.labels import label
from claimdesk.services import DueClock, ParcelRow, gc_paused
from claimdesk.ui.formatting import short_remaining, urgency
from claimdesk.ui.localize import fit
from claimdesk.ui.widgets.virtual_list import VirtualList

# Shown through _() (marked here, translated where shown).
CLOCK_SHORT = {
    "filing-window-opens": N_("opens"),
    "filing-window-closes": N_("file by"),
    "chamber-reply": N_("chamber"),
    "escalation-window-closes": N_("appeal by"),
    "intervention": N_("Cainiao"),
}
NO_DEADLINE = float("inf")
_KEPT_RESULTS = 8  # filter results remembered for narrowing and backspace
_TRACKING = attrgetter("tracking")


def haystack(row: ParcelRow) -> str:
    """What the filter searches: one lower-case string per row, so a keystroke is one `in` each."""
    return f"{row.tracking}\t{row.order}\t{row.carrier}\t{row.destination}\t{row.status}".lower()


def row_haystacks(rows: list[ParcelRow]) -> list[str]:
    """haystack() of each row; in Chinese the status as shown (丢失) can be searched too."""
    if not is_chinese():
        return list(map(haystack, rows))
    shown = {status.value: label("status", status.value) for status in Status}
    return [f"{text}\t{shown.get(row.status, '')}" for row, text in zip(rows, map(haystack, rows))]


class _Result:
    """Rows in sort order, their haystacks, and their places in the sorted list of all rows."""

    __slots__ = ("rows", "haystacks", "places")

    def __init__(self, rows: list[ParcelRow], haystacks: list[str] | None, places: list[int] | range) -> None:
        self.rows, self.haystacks, self.places = rows, haystacks, places


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
    Column("next", N_("Next deadline"), 19),
    Column("carrier", N_("Carrier"), 20),
)
# Which columns give way first on a narrow terminal (the list never scrolls sideways).
DROP_ORDER = ("carrier", "destination", "service", "age", "order", "status")


class ParcelTable(VirtualList[ParcelRow]):
    """Rows are ParcelRow; `deadlines` maps tracking -> its soonest clock."""

    header_height = 1
    COMPONENT_CLASSES = {
        "parcel-table--header",
        "parcel-table--cursor",
        "parcel-table--ok",
        "parcel-table--soon",
        "parcel-table--urgent",
        "parcel-table--overdue",
        "parcel-table--dim",
    }
    BINDINGS = [
        Binding("o", "sort_next", N_("Sort"), tooltip=N_("Sort by the next column")),
        Binding("O", "sort_reverse", N_("Reverse"), show=False, tooltip=N_("Reverse the sort order")),
    ]

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.all_rows: list[ParcelRow] = []
        self._haystacks: list[str] | None = []  # aligned with all_rows; None until needed
        self._order: list[int] = []  # all_rows indexes in the current sort order
        self.deadlines: dict[str, DueClock] = {}
        self.now: datetime | None = None
        self.query_text = ""
        self.sort_key = "next"
        self.sort_reverse = False
        self.content_width = sum(column.width + 1 for column in COLUMNS)
        # (all_rows, sort key, reverse, deadlines or None) the sorted rows were made for
        self._sorted_for: tuple[Any, ...] | None = None
        self._everything = _Result([], [], range(0))
        self._results: dict[str, _Result] = {}  # query -> result, for the current sort
        self._shown: tuple[list[ParcelRow], list[int] | range] | None = None  # (items, places)
        self._index_hint: tuple[object, int | None] | None = None  # (key, its index) for set_items
        self._columns_for: tuple[int, tuple[Column, ...]] | None = None

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
        return shown[1][self.cursor]

    @property
    def columns(self) -> tuple[Column, ...]:
        """The columns that fit the current width, in their usual order."""
        width = self.line_width or 200
        cached = self._columns_for
        if cached is not None and cached[0] == width:
            return cached[1]
        shown = list(COLUMNS)
        for key in DROP_ORDER:
            if sum(column.width + 1 for column in shown) <= width:
                break
            shown = [column for column in shown if column.key != key]
        self._columns_for = (width, tuple(shown))
        return self._columns_for[1]

    def on_resize(self) -> None:
        self.content_width = sum(column.width + 1 for column in self.columns)
        self.virtual_size = self.virtual_size.with_width(self.content_width)

    # ---------------------------------------------------------------- data

    def load(self, rows: list[ParcelRow], deadlines: dict[str, DueClock], now: datetime) -> None:
        keep = self.current.tracking if self.current else None
        self.all_rows = rows
        self._haystacks = None  # made by _sorted_haystacks, after the first paint
        self.deadlines = deadlines
        self.now = now
        with gc_paused():
            self._apply(keep)
        if self.is_mounted:
            self.call_after_refresh(self._sorted_haystacks)

    def _sorted_haystacks(self) -> list[str]:
        """The haystacks of all rows, in sort order (made now if they were not yet)."""
        everything = self._everything
        if everything.haystacks is None:
            with gc_paused():
                if self._haystacks is None or len(self._haystacks) != len(self.all_rows):
                    self._haystacks = row_haystacks(self.all_rows)
                haystacks = self._haystacks
                everything.haystacks = [haystacks[index] for index in self._order]
        return everything.haystacks

    def update_deadlines(self, deadlines: dict[str, DueClock], now: datetime) -> None:
        self.deadlines, self.now = deadlines, now
        if self.sort_key == "next":
            self._apply(self.current.tracking if self.current else None)
        else:
            self.refresh()

    def filter(self, text: str) -> None:
        self.query_text = text.strip().lower()
        self._apply(self.current.tracking if self.current else None)

    def _apply(self, keep: object | None) -> None:
        place = self._place_of_current() if keep is not None and self.current is not None else None
        if place is not None and self.current.tracking != keep:  # type: ignore[union-attr]
            place = None
        if self._resort():
            place = None  # places in the old order mean nothing in the new one
        result = self._filtered(self.query_text)
        rows = list(result.rows)
        self._shown = (rows, result.places)
        if place is not None:
            # The kept row is found (or known to be filtered out) by its place, without a scan.
            found = bisect_left(result.places, place)
            index = found if found < len(result.places) and result.places[found] == place else None
            self._index_hint = (keep, index)
        try:
            self.set_items(rows, keep)
        finally:
            self._index_hint = None

    def _resort(self) -> bool:
        """Sort all rows (and haystacks) if the rows, sort or deadlines changed; True if it did."""
        deadlines = self.deadlines if self.sort_key == "next" else None
        cached = self._sorted_for
        if (
            cached is not None
            and cached[0] is self.all_rows
            and cached[1] == self.sort_key
            and cached[2] == self.sort_reverse
            and cached[3] is deadlines
        ):
            return False
        rows = self.all_rows
        order = self._sort_order(rows)
        self._order = order
        self._everything = _Result([rows[index] for index in order], None, range(len(rows)))
        self._results = {}
        self._sorted_for = (self.all_rows, self.sort_key, self.sort_reverse, deadlines)
        return True

    def _sort_order(self, rows: list[ParcelRow]) -> list[int]:
        """Indexes of rows in sort order: what a stable rows.sort(key, reverse) would give."""
        reverse = self.sort_reverse
        if self.sort_key != "next":
            keys = list(map(self._sort_function(), rows))
            return sorted(range(len(rows)), key=keys.__getitem__, reverse=reverse)
        # The deadline sort, key (timestamp or NO_DEADLINE, tracking), in two parts: rows with a
        # deadline by (timestamp, tracking), then the rest by tracking alone (their timestamp
        # is the same infinity), each sorted stably in the same direction, and the parts in
        # the order their keys put them: the same list, without 100,000 key tuples.
        stamps = {tracking: clock.due.timestamp() for tracking, clock in self.deadlines.items()}
        trackings = list(map(_TRACKING, rows))
        dated_mask = list(map(stamps.__contains__, trackings))
        dated = list(compress(range(len(rows)), dated_mask))
        undated = list(compress(range(len(rows)), map(not_, dated_mask)))
        dated.sort(key=lambda index: (stamps[trackings[index]], trackings[index]), reverse=reverse)
        undated.sort(key=trackings.__getitem__, reverse=reverse)
        return undated + dated if reverse else dated + undated

    def _filtered(self, query: str) -> _Result:
        """The rows whose haystack contains query, in sort order."""
        if not query:
            return self._everything
        result = self._results.get(query)
        if result is None:
            self._sorted_haystacks()
            # Rows matching a query contain every part of it: search the smallest earlier result
            # whose query is part of this one, or else all rows.
            base = self._everything
            for earlier, kept in self._results.items():
                if earlier in query and len(kept.rows) < len(base.rows):
                    base = kept
            assert base.haystacks is not None
            mask = list(map(contains, base.haystacks, repeat(query)))  # query in hay, for each
            result = _Result(
                list(compress(base.rows, mask)), list(compress(base.haystacks, mask)), list(compress(base.places, mask))
            )
            if len(self._results) >= _KEPT_RESULTS:
                del self._results[next(iter(self._results))]
        else:
            del self._results[query]  # re-inserted below as the most recent
        self._results[query] = result
        return result

    def _sort_function(self) -> Callable[[ParcelRow], object]:
        key = self.sort_key
        if key == "next":
            # The same key as (deadlines[t].due.timestamp() if t in deadlines else NO_DEADLINE, t),
            # with each deadline's timestamp taken once.
            stamps = {tracking: clock.due.timestamp() for tracking, clock in self.deadlines.items()}
            return lambda row: (stamps.get(row.tracking, NO_DEADLINE), row.tracking)
        if key == "age":
            return lambda row: row.created_at
        return lambda row: getattr(row, key)

    def action_sort_next(self) -> None:
        keys = [column.key for column in COLUMNS]
        self.sort_key = keys[(keys.index(self.sort_key) + 1) % len(keys)]
        self.sort_reverse = False
        self._apply(self.current.tracking if self.current else None)
        self.app.notify(_("Sorted by {column}").format(column=self._title(self.sort_key)), timeout=1.5)

    def action_sort_reverse(self) -> None:
        self.sort_reverse = not self.sort_reverse
        self._apply(self.current.tracking if self.current else None)

    def sort_by(self, key: str) -> None:
        self.sort_reverse = not self.sort_reverse if key == self.sort_key else False
        self.sort_key = key
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
        clock = self.deadlines.get(item.tracking)
        values = {
            "tracking": item.tracking,
            "order": item.order,
            "service": label("service", item.service),
            "destination": item.destination,
            "status": label("status", item.status),
            "age": str(self._age(item)),
            "attempts": f"{item.attempts}/2",
            "next": "",
            "carrier": item.carrier,
        }
        cells: list[tuple[str, Style]] = []
        for column in self.columns:
            style = base
            text = values[column.key]
            if column.key == "next" and clock is not None and self.now is not None:
                # datetime's own subtraction: the same seconds without pendulum's Interval.
                seconds = datetime.__sub__(clock.due, self.now).total_seconds()
                text = f"{short_remaining(seconds):>8} {_(CLOCK_SHORT[clock.clock.value])}"
                style = base + self.get_component_rich_style(f"parcel-table--{urgency(seconds)}")
            elif column.key == "attempts" and item.attempts >= 2:
                style = base + self.get_component_rich_style("parcel-table--dim")
            cells.append((self._fit(text, column) + " ", style))
        return self.text_strip(cells)

    def _age(self, row: ParcelRow) -> int:
        if self.now is None:
            return 0
        return max(0, datetime.__sub__(self.now, datetime.fromisoformat(row.created_at)).days)
