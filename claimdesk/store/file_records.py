"""Single records read from the data file's bytes, for the clock cache's quick path.

When the file's bytes are exactly those the clock cache was written for, `due` takes every
clock from the cache and reads only the records of the few parcels it must compute again (an
entry whose span of "now" ended, a parcel a write changed): found here by doc id, without
parsing the other records. The parcels table is in doc id order as claimdesk writes it (new ids
are one more than the largest, added at the end), so a record is found by a binary search over
byte offsets, reading a few KB per step with pread; the complaints table (a few % of the
parcels) is parsed whole when first needed, and a parcel's complaints made into Complaints when
that parcel is asked for. Anything unexpected (a table out of order, a record
that is not where its id says, a tracking number that does not match) raises NotFound, and the
caller loads the whole file instead: this path is never trusted beyond what it checks.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import orjson

from claimdesk.domain.complaints import Complaint
from claimdesk.domain.parcels import ClockSubject
from claimdesk.store import schema
from claimdesk.store.lazy_table import BOUNDARY, FIRST
from claimdesk.store.records import clocks_from_record, parsed_complaints, rev_of
from claimdesk.store.storage import Span, read_range

# Where one parcel record ends and the next begins (lazy_table.py): orjson writes a parcel as a
# flat object and escapes every `"` inside a string, so this is nowhere else.
_BOUNDARY, _FIRST = BOUNDARY, FIRST
_WINDOW = 1 << 14  # bytes read per step: many records (~430 bytes each)


class NotFound(Exception):
    """The bytes are not laid out as expected: load the whole file instead."""


class FileRecords:
    """The parcels' and complaints' records of one data file, read from its bytes on demand
    (clock_cache.Source). `docs`: tracking -> the parcel's doc id, from the clock cache."""

    def __init__(self, fd: int, spans: Mapping[str, Any], docs: Mapping[str, str]) -> None:
        self._fd = fd
        self._parcels = _span(spans.get(schema.PARCELS))
        self._complaint_span = _span(spans.get(schema.COMPLAINTS)) if schema.COMPLAINTS in spans else None
        self._docs = docs
        self._records: dict[str, dict[str, Any]] = {}
        self._table_ends: tuple[int, int, int] | None = None
        self._table: dict[str, Any] | None = None  # the complaints table as stored
        self._grouped: dict[str, list[tuple[str, Any]]] | None = None  # tracking -> its stored complaints
        self._parsed: dict[str, list[tuple[int, Complaint]]] = {}  # tracking -> (doc id, Complaint), filing order

    # ------------------------------------------------------------------ clock_cache.Source

    def record_digests(self, trackings: Iterable[str]) -> dict[str, str]:
        from claimdesk.store.clock_cache import record_digest

        return {tracking: record_digest(self.parcel(tracking), [record for _, record in self._stored(tracking)]) for tracking in trackings}

    def clock_inputs(self, tracking: str) -> tuple[ClockSubject, Sequence[Complaint]]:
        return clocks_from_record(self.parcel(tracking)), self.complaints(tracking)

    def clock_facts(self, tracking: str) -> tuple[str, int]:
        revision = rev_of(self.parcel(tracking)) + sum(rev_of(record) + 1 for _, record in self._stored(tracking))
        return self._doc(tracking), revision

    # ------------------------------------------------------------------ the records

    def has_complaints(self, tracking: str) -> bool:
        return tracking in self._by_tracking()

    def complaints(self, tracking: str) -> list[Complaint]:
        return [complaint for _, complaint in self.complaint_items(tracking)]

    def complaint_items(self, tracking: str) -> list[tuple[int, Complaint]]:
        """(doc id, complaint) of the parcel's complaints in filing order, made into Complaints
        for this parcel only (a 1M desk has ~40,000 complaints; a run reads a few parcels')."""
        items = self._parsed.get(tracking)
        if items is None:
            items = self._parsed[tracking] = parsed_complaints(self._stored(tracking), {}).get(tracking, [])
        return items

    def complaints_of(self, trackings: Iterable[str]) -> dict[str, list[tuple[int, Complaint]]]:
        """tracking -> (doc id, complaint) of these parcels' complaints, in filing order."""
        return {tracking: self.complaint_items(tracking) for tracking in trackings if self.has_complaints(tracking)}

    def parcel(self, tracking: str) -> dict[str, Any]:
        """The parcel's stored record, found by its doc id and checked to be this parcel's."""
        record = self._records.get(tracking)
        if record is None:
            record = self._find(self._doc(tracking))
            if type(record) is not dict or record.get("tracking") != tracking:
                raise NotFound(tracking)
            self._records[tracking] = record
        return record

    def _doc(self, tracking: str) -> str:
        doc = self._docs.get(tracking)
        if type(doc) is not str or not doc.isdigit():
            raise NotFound(tracking)
        return doc

    def _read(self, start: int, end: int) -> bytes:
        found = read_range(self._fd, start, min(end, self._parcels[1]))
        if found is None:
            raise NotFound("short read")
        return found

    def _find(self, doc: str) -> Any:
        """The record of doc id `doc`: a search over the table's byte offsets for the boundary
        before it, then the record up to the next boundary.

        Each step reads one window where the id should lie if the records between the bounds
        known so far were of even length (ids grow with the offset, records are ~430 bytes):
        one or two windows a record instead of ~20 for halving the bounds (a first calendar
        reads ~40,000 records at 1M parcels). A step that does not halve the bounds is
        followed by one that halves them, so an uneven table costs at most twice the steps."""
        start, end = self._parcels
        target = int(doc)
        first, opening, last = self._ends()
        if target == first:
            return self._record_at(opening)
        if not first < target <= last:
            raise NotFound(doc)
        low, high = start, end  # the boundary before the record lies in [low, high)
        low_id, high_id = first, last + 1  # ids at low and past high
        halve = False
        while high - low > _WINDOW:
            if halve:
                middle = (low + high) // 2
            else:
                guess = low + (target - low_id) * (high - low) // (high_id - low_id)
                middle = max(low, min(guess - _WINDOW // 2, high - _WINDOW))
            window = self._read(middle, middle + _WINDOW)
            found = list(_BOUNDARY.finditer(window))
            before = (low, high)
            if not found:
                high = middle
            else:
                for boundary in found:
                    if int(boundary.group(1)) == target:
                        return self._record_at(middle + boundary.end() - 1)
                below = [boundary for boundary in found if int(boundary.group(1)) < target]
                above = [boundary for boundary in found if int(boundary.group(1)) > target]
                if below and above:
                    raise NotFound(doc)  # between two neighbours: not in the table
                if below:
                    low, low_id = middle + below[-1].start() + 1, int(below[-1].group(1))
                else:
                    high, high_id = min(high, middle + above[0].end()), int(above[0].group(1))
            if (low, high) == before:
                break  # no step narrows them (a boundary at a window's edge): the scan below reads them all
            halve = not halve and (high - low) * 2 > before[1] - before[0]
        window = self._read(low, high + _WINDOW)
        for found_boundary in _BOUNDARY.finditer(window):
            if int(found_boundary.group(1)) == target:
                return self._record_at(low + found_boundary.end() - 1)
        raise NotFound(doc)

    def _ends(self) -> tuple[int, int, int]:
        """(the table's first id, where its record's `{` is, its last id), read once."""
        if self._table_ends is None:
            start, end = self._parcels
            first = _FIRST.match(self._read(start, start + _WINDOW))
            if first is None:
                raise NotFound("table start")
            tail = max(start, end - _WINDOW)
            ids = [int(found.group(1)) for found in _BOUNDARY.finditer(self._read(tail, end))]
            self._table_ends = (int(first.group(1)), start + first.end() - 1, max(ids, default=int(first.group(1))))
        return self._table_ends

    def _record_at(self, opening: int) -> Any:
        """The record whose `{` is at byte `opening`: up to the next boundary or the table's end."""
        size = _WINDOW
        while True:
            window = self._read(opening, opening + size)
            found = _BOUNDARY.search(window)
            if found is not None:
                text = window[: found.start() + 1]
                break
            if opening + size >= self._parcels[1]:
                text = window[:-1]  # the table's closing brace follows the last record
                break
            size *= 4
        try:
            return orjson.loads(text)
        except orjson.JSONDecodeError:
            raise NotFound("record") from None

    def _stored(self, tracking: str) -> list[tuple[str, Any]]:
        """(doc id, stored record) of the parcel's complaints, in file order."""
        return self._by_tracking().get(tracking, [])

    def _by_tracking(self) -> dict[str, list[tuple[str, Any]]]:
        if self._grouped is None:
            grouped: dict[str, list[tuple[str, Any]]] = {}
            for doc, record in self._complaint_table().items():
                grouped.setdefault(record["tracking"], []).append((doc, record))
            self._grouped = grouped
        return self._grouped

    def _complaint_table(self) -> dict[str, Any]:
        """The complaints table as stored, parsed whole once."""
        if self._table is None:
            table: Any = {}
            if self._complaint_span is not None:
                text = read_range(self._fd, *self._complaint_span)
                if text is None:
                    raise NotFound("complaints")
                try:
                    table = orjson.loads(text)
                except orjson.JSONDecodeError:
                    raise NotFound("complaints") from None
            if type(table) is not dict:
                raise NotFound("complaints")
            self._table = table
        return self._table


def _span(value: Any) -> Span:
    if type(value) is not list or len(value) != 2 or not all(type(part) is int for part in value) or value[0] >= value[1]:
        raise NotFound("span")
    return value[0], value[1]
