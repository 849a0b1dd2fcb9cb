"""Readings of repeated cells, remembered while one file is read.

A column of 100,000 cells holds a handful of statuses, services, item kinds, countries and
carriers, and often a few hundred weights, amounts and dates: reading every one of them again
through the cell vocabulary was most of an import's time (docs/performance.md). A RowReader
reads one file with one profile and one set of options (date order, US dollar rate, decimal
comma), so within it a cell's reading depends only on the cell: each column keeps the readings
of the cells it has seen, keyed on the cell's exact form (its type, and for anything but text
its repr: 0.0 and -0.0, Decimal('1.0') and Decimal('1.00'), one instant in two time zones are
different cells). Only readings are kept, never refusals: a bad cell is read again each time,
so its message is made as it always is.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Any, Generic, TypeVar

T = TypeVar("T")

# Distinct readings one column keeps. A column of unique values (instants to the second) stops
# adding at this many and goes on reading each cell: about 1 MB a column at most.
MAX_KEPT = 4096

_MISSING: Any = object()


def cell_key(value: object) -> Hashable:
    """What tells two cells apart for their reading: text by its characters, anything else by
    its type and repr (equal values can read differently: -0.0 == 0.0, Decimal('1.0') == 1)."""
    return value if type(value) is str else (type(value), repr(value))


class Memo(Generic[T]):
    """`read`, remembering up to `limit` readings of distinct cells."""

    def __init__(self, read: Callable[[Any], T], limit: int = MAX_KEPT) -> None:
        self._read = read
        self._limit = limit
        self._kept: dict[Hashable, T] = {}

    def __call__(self, value: Any) -> T:
        key = value if type(value) is str else cell_key(value)  # cell_key, without a call for text
        reading = self._kept.get(key, _MISSING)
        if reading is _MISSING:
            reading = self._read(value)  # a CellError passes through, and nothing is kept
            if len(self._kept) < self._limit:
                self._kept[key] = reading
        return reading
