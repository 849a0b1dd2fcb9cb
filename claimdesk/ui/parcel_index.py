"""The parcel list's sort and filter, without Textual: what the list shows, in which order.

Speed at 100,000 rows: the rows (and their lower-case haystacks) are kept sorted by the current
sort, so a keystroke in the filter is one pass of `in` over a list that is already in order
(filtering a stably sorted list gives exactly what sorting the filtered rows would). The sort
runs again only when the rows, the sort column or direction, or (for the deadline column) the
deadlines change. The last few filter results are kept: typing one more letter searches only
the rows that matched before it (a match for "ab" contains "a"), and backspace finds its
result again. Several words narrow together ("lost GB": lost parcels to Great Britain); a
row matches when it contains every word, so a query's result is still inside the result of
any query it contains. Each result keeps its rows' places in the sorted list, so finding a row again is
a binary search, not a scan. The haystacks are made when first needed (the app makes them
after its first paint).
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable, Iterator, Mapping
from heapq import nsmallest
from itertools import compress, repeat
from operator import attrgetter, contains, not_
from typing import Any

from claimdesk.domain.complaints import Stage
from claimdesk.domain.deadlines import Deadline
from claimdesk.domain.parcels import Service, Status
from claimdesk.gc_pause import gc_paused
from claimdesk.labels import label
from claimdesk.views import ParcelRow

SORT_KEYS = ("tracking", "order", "service", "destination", "status", "age", "attempts", "next", "carrier")
NO_DEADLINE = float("inf")
_KEPT_RESULTS = 8  # filter results remembered for narrowing and backspace
_TRACKING = attrgetter("tracking")


def haystack(row: ParcelRow) -> str:
    """What the filter searches: one lower-case string per row, so a keystroke is one `in` each:
    the numbers (the parcel's other numbers too), carrier, destination, and the status, service
    and complaint stage (machine values here; row_haystacks adds them as shown)."""
    others = "\t".join(row.other_numbers)
    return f"{row.tracking}\t{others}\t{row.order}\t{row.carrier}\t{row.destination}\t{row.status}\t{row.service}\t{row.stage}".lower()


def row_haystacks(rows: list[ParcelRow]) -> list[str]:
    """haystack() of each row, plus the status, service and stage as the list and the detail
    show them in the active language ('partially lost', 'special line', 丢失, 专线)."""
    shown: dict[tuple[str, str], str] = {
        **{("status", value): label("status", value) for value in Status},
        **{("service", value): label("service", value) for value in Service},
        **{("stage", value): label("stage", value) for value in Stage},
    }
    get = shown.get
    return [
        f"{text}\t{get(('status', row.status), '')}\t{get(('service', row.service), '')}\t{get(('stage', row.stage), '')}".lower()
        for row, text in zip(rows, map(haystack, rows), strict=True)
    ]


def query_words(text: str) -> tuple[str, ...]:
    """The words of a filter query, lower-cased: every one must be in a row's haystack."""
    return tuple(text.lower().split())


def _deadline_keys(deadlines: Mapping[str, Deadline]) -> Iterator[tuple[float, str]]:
    """The deadline sort's key of each row that has a deadline: (its due instant, its tracking)."""
    return ((deadline.due.timestamp(), tracking) for tracking, deadline in deadlines.items())


class Result:
    """Rows in sort order, their haystacks, and their places in the sorted list of all rows."""

    __slots__ = ("haystacks", "places", "rows")

    def __init__(self, rows: list[ParcelRow], haystacks: list[str] | None, places: list[int] | range) -> None:
        self.rows, self.haystacks, self.places = rows, haystacks, places

    def index_of_place(self, place: int) -> int | None:
        """Where the row at `place` of the sorted list is in this result, or None."""
        found = bisect_left(self.places, place)
        return found if found < len(self.places) and self.places[found] == place else None


class ParcelIndex:
    """All rows, sorted by `sort_key` (reversed with `reverse`), filtered by `query()`."""

    def __init__(self) -> None:
        self.rows: list[ParcelRow] = []
        self.deadlines: Mapping[str, Deadline] = {}
        self.sort_key = "next"
        self.reverse = False
        self._haystacks: list[str] | None = []  # aligned with rows; None until needed
        self._order: list[int] = []  # rows indexes in the current sort order
        # (rows, sort key, reverse, deadlines or None) the sorted rows were made for
        self._sorted_for: tuple[object, ...] | None = None
        self._everything = Result([], [], range(0))
        self._results: dict[str, Result] = {}  # query -> result, for the current sort

    def load(self, rows: list[ParcelRow], deadlines: Mapping[str, Deadline], haystacks: list[str] | None = None) -> None:
        """New rows (and their row_haystacks, aligned with them, when already made)."""
        self.rows, self.deadlines = rows, deadlines
        self._haystacks = haystacks

    def set_deadlines(self, deadlines: Mapping[str, Deadline]) -> None:
        self.deadlines = deadlines

    def sort_by(self, key: str, reverse: bool = False) -> None:
        if key not in SORT_KEYS:
            raise ValueError(f"unknown sort key {key!r}")
        self.sort_key, self.reverse = key, reverse

    @property
    def everything(self) -> Result:
        self.resort()
        return self._everything

    def resort(self) -> bool:
        """Sort all rows if the rows, the sort or the deadlines changed; True if it did."""
        deadlines = self.deadlines if self.sort_key == "next" else None
        cached = self._sorted_for
        if (
            cached is not None
            and cached[0] is self.rows  # the same lists, not equal ones: no 100,000-row compare
            and cached[1] == self.sort_key
            and cached[2] == self.reverse
            and cached[3] is deadlines
        ):
            return False
        with gc_paused():
            order = self._sort_order()
            self._order = order
            self._everything = Result([self.rows[index] for index in order], None, range(len(self.rows)))
        self._results = {}
        self._sorted_for = (self.rows, self.sort_key, self.reverse, deadlines)
        return True

    def sorted_haystacks(self) -> list[str]:
        """The haystacks of all rows, in sort order (made now if they were not yet)."""
        everything = self.everything
        if everything.haystacks is None:
            with gc_paused():
                if self._haystacks is None or len(self._haystacks) != len(self.rows):
                    self._haystacks = row_haystacks(self.rows)
                haystacks = self._haystacks
                everything.haystacks = [haystacks[index] for index in self._order]
        return everything.haystacks

    def query(self, text: str) -> Result:
        """The rows whose haystack contains every word of `text` (lower-cased), in sort order."""
        words = query_words(text)
        query = " ".join(words)
        everything = self.everything
        if not query:
            return everything
        result = self._results.get(query)
        if result is None:
            self.sorted_haystacks()
            # Rows matching a query contain every part of it: search the smallest earlier result
            # whose query is part of this one, or else all rows.
            base = everything
            for earlier, kept in self._results.items():
                if earlier in query and len(kept.rows) < len(base.rows):
                    base = kept
            assert base.haystacks is not None
            mask = list(map(contains, base.haystacks, repeat(words[0])))  # word in hay, for each
            for word in words[1:]:
                mask = [hit and word in hay for hit, hay in zip(mask, base.haystacks, strict=True)]
            result = Result(list(compress(base.rows, mask)), list(compress(base.haystacks, mask)), list(compress(base.places, mask)))
            if len(self._results) >= _KEPT_RESULTS:
                del self._results[next(iter(self._results))]
        else:
            del self._results[query]  # re-inserted below as the most recent
        self._results[query] = result
        return result

    def first_trackings(self, deadlines: Mapping[str, Deadline], count: int) -> list[str] | None:
        """The tracking numbers of the first `count` rows, when the deadline sort (the default,
        soonest first) puts them there by `deadlines` alone, whatever the other rows are: the
        rows with a deadline come first. None for another sort, or fewer rows with a deadline."""
        if self.sort_key != "next" or self.reverse or len(deadlines) < count:
            return None
        return [tracking for _, tracking in nsmallest(count, _deadline_keys(deadlines))]

    def _sort_order(self) -> list[int]:
        """Indexes of rows in sort order: what a stable rows.sort(key, reverse) would give."""
        rows, reverse = self.rows, self.reverse
        if self.sort_key != "next":
            keys: list[Any] = list(map(self._sort_function(), rows))
            return sorted(range(len(rows)), key=keys.__getitem__, reverse=reverse)
        # The deadline sort, key (timestamp or NO_DEADLINE, tracking), in two parts: rows with a
        # deadline by (timestamp, tracking), then the rest by tracking alone (their timestamp
        # is the same infinity), each sorted stably in the same direction, and the parts in
        # the order their keys put them: the same list, without 100,000 key tuples.
        trackings = list(map(_TRACKING, rows))
        deadlines = self.deadlines
        if len(rows) < len(deadlines):  # the first rows of a large desk: only theirs
            deadlines = {tracking: deadlines[tracking] for tracking in trackings if tracking in deadlines}
        stamps = {tracking: stamp for stamp, tracking in _deadline_keys(deadlines)}
        dated_mask = list(map(stamps.__contains__, trackings))
        dated = list(compress(range(len(rows)), dated_mask))
        undated = list(compress(range(len(rows)), map(not_, dated_mask)))
        dated.sort(key=lambda index: (stamps[trackings[index]], trackings[index]), reverse=reverse)
        undated.sort(key=trackings.__getitem__, reverse=reverse)
        return undated + dated if reverse else dated + undated

    def _sort_function(self) -> Callable[[ParcelRow], object]:
        key = self.sort_key
        if key == "age":
            return attrgetter("created_at")
        return attrgetter(key)
