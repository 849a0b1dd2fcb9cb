"""The parcel list's index (claimdesk.ui.parcel_index, no Textual): sort and filter give exactly
what the plain algorithm gives (filter the rows, then stable-sort them), over demo data, every
sort column and direction, and typing / backspacing in the filter."""

from __future__ import annotations

import random

import pytest

from claimdesk.demo import generate
from claimdesk.domain.deadlines import Deadline
from claimdesk.services import Desk
from claimdesk.ui.parcel_index import NO_DEADLINE, SORT_KEYS, ParcelIndex
from claimdesk.views import ParcelRow
from tests.seeding import seed


def soonest(deadlines: list[Deadline]) -> dict[str, Deadline]:
    first: dict[str, Deadline] = {}
    for deadline in deadlines:
        first.setdefault(deadline.tracking, deadline)
    return first


def reference(rows: list[ParcelRow], deadlines: dict[str, Deadline], query: str, key: str, reverse: bool) -> list[str]:
    query = query.strip().lower()
    shown = [
        row for row in rows
        if not query or query in f"{row.tracking}\t{row.order}\t{row.carrier}\t{row.destination}\t{row.status}".lower()
    ]
    if key == "next":
        sort_key = lambda row: (  # noqa: E731
            deadlines[row.tracking].due.timestamp() if row.tracking in deadlines else NO_DEADLINE,
            row.tracking,
        )
    elif key == "age":
        sort_key = lambda row: row.created_at  # noqa: E731
    else:
        sort_key = lambda row: getattr(row, key)  # noqa: E731
    shown.sort(key=sort_key, reverse=reverse)
    return [row.tracking for row in shown]


@pytest.fixture
def demo(desk: Desk) -> tuple[list[ParcelRow], dict[str, Deadline]]:
    parcels, complaints = generate(400, desk.now(), seed=11)
    seed(desk.path, parcels, complaints)
    return desk.rows(), soonest(desk.due())


def test_sort_and_filter_match_the_plain_algorithm(demo: tuple[list[ParcelRow], dict[str, Deadline]]) -> None:
    rows, deadlines = demo
    index = ParcelIndex()
    index.load(rows, deadlines)
    rng = random.Random(5)
    words = ["ee", "yt0", "lost", "\tus", "4px00", "cainiao", "zz", "8", "de", "ed"]
    for key in SORT_KEYS:
        for reverse in (False, True):
            index.sort_by(key, reverse)
            typed = ""
            queries = []
            for word in rng.sample(words, 4):
                for char in word:  # typing...
                    typed += char
                    queries.append(typed)
                for _ in range(rng.randrange(len(typed) + 1)):  # ...and backspacing
                    typed = typed[:-1]
                    queries.append(typed)
            queries.append("")
            for query in queries:
                result = index.query(query)
                expected = reference(rows, deadlines, query, key, reverse)
                assert [row.tracking for row in result.rows] == expected, (key, reverse, query)
                everything = [row.tracking for row in index.everything.rows]
                assert [everything[place] for place in result.places] == expected
                for position, place in enumerate(result.places):
                    assert result.index_of_place(place) == position


def test_new_deadlines_resort_the_deadline_column_only(demo: tuple[list[ParcelRow], dict[str, Deadline]]) -> None:
    rows, deadlines = demo
    index = ParcelIndex()
    index.load(rows, deadlines)
    assert index.resort() is True
    assert index.resort() is False  # already sorted for these rows and deadlines
    index.set_deadlines(dict(deadlines))
    assert index.resort() is True
    index.sort_by("tracking")
    assert index.resort() is True
    index.set_deadlines(dict(deadlines))
    assert index.resort() is False  # the tracking sort does not depend on deadlines


def test_unknown_sort_keys_are_refused() -> None:
    with pytest.raises(ValueError):
        ParcelIndex().sort_by("weight")
