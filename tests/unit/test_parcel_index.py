"""The parcel list's index (claimdesk.ui.parcel_index, no Textual): sort and filter give exactly
what the plain algorithm gives (filter the rows, then stable-sort them), over demo data, every
sort column and direction, and typing / backspacing in the filter."""

from __future__ import annotations

import random

import pytest

from claimdesk.demo import generate
from claimdesk.domain.deadlines import Deadline
from claimdesk.i18n import set_language
from claimdesk.labels import label
from claimdesk.services import Desk
from claimdesk.ui.parcel_index import NO_DEADLINE, SORT_KEYS, ParcelIndex, row_haystacks
from claimdesk.views import ParcelRow
from tests.seeding import seed


def soonest(deadlines: list[Deadline]) -> dict[str, Deadline]:
    first: dict[str, Deadline] = {}
    for deadline in deadlines:
        first.setdefault(deadline.tracking, deadline)
    return first


def searched(row: ParcelRow) -> str:
    """Everything the filter looks in: numbers, carrier, destination, and the status, service and
    stage both as stored and as shown."""
    parts = [
        row.tracking,
        row.order,
        row.carrier,
        row.destination,
        row.status,
        row.service,
        row.stage,
        label("status", row.status),
        label("service", row.service),
        label("stage", row.stage),
    ]
    return "\t".join(parts).lower()


def reference(rows: list[ParcelRow], deadlines: dict[str, Deadline], query: str, key: str, reverse: bool) -> list[str]:
    words = query.lower().split()
    shown = [row for row in rows if all(word in searched(row) for word in words)]
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
    words = ["ee", "yt0", "lost us", "4px00", "cainiao", "zz", "8", "de", "ed", "special line", "escalated", "ems gb"]
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


def row(tracking: str, **changes: str) -> ParcelRow:
    fields = {
        "order": "8100000000000001",
        "service": "ems",
        "destination": "US",
        "status": "in-transit",
        "carrier": "China Post",
        "created_at": "2026-03-01T10:00:00+08:00",
        "attempts": 0,
        "stage": "",
    }
    fields.update(changes)
    return ParcelRow(tracking, **fields)  # type: ignore[arg-type]


def found(index: ParcelIndex, query: str) -> list[str]:
    return [row.tracking for row in index.query(query).rows]


def test_several_words_narrow_together_and_service_and_stage_words_match() -> None:
    index = ParcelIndex()
    index.sort_by("tracking")
    index.load(
        [
            row("A1", status="lost", destination="GB"),
            row("A2", status="lost", destination="US", service="special-line"),
            row("A3", status="delayed", destination="GB", stage="escalated"),
            row("A4", status="damaged", destination="FR", stage="may-escalate", service="special-line"),
        ],
        {},
    )
    assert found(index, "lost") == ["A1", "A2"]
    assert found(index, "lost GB") == ["A1"]  # both words, in any field
    assert found(index, "GB lost") == ["A1"]  # in any order
    assert found(index, "  lost   gb ") == ["A1"]
    assert found(index, "special line") == ["A2", "A4"]  # the service as the list shows it
    assert found(index, "special-line lost") == ["A2"]  # and as stored
    assert found(index, "escalated") == ["A3"]  # the stage as stored and shown ('escalated, waiting...')
    assert found(index, "appeal") == ["A4"]  # 'may escalate (appeal online)'
    assert found(index, "lost FR") == []


def test_chinese_words_find_the_status_service_and_stage_as_shown() -> None:
    set_language("zh")
    index = ParcelIndex()
    index.sort_by("tracking")
    index.load([row("A1", status="lost", service="special-line", stage="escalated"), row("A2", status="delivered")], {})
    assert found(index, label("status", "lost")) == ["A1"]
    assert found(index, label("service", "special-line") + " " + label("status", "lost")) == ["A1"]
    assert found(index, label("stage", "escalated")[:2]) == ["A1"]
    assert found(index, "lost") == ["A1"]  # the machine value still works


def test_the_first_rows_are_told_from_the_deadlines_alone(demo: tuple[list[ParcelRow], dict[str, Deadline]]) -> None:
    """A large desk's first screen (first_trackings) is exactly the head of the full sort."""
    rows, deadlines = demo
    index = ParcelIndex()
    index.load(rows, deadlines)
    everything = [row.tracking for row in index.everything.rows]
    for count in (1, 2, 24, 48, len(deadlines)):
        assert index.first_trackings(deadlines, count) == everything[:count]
    # Fewer rows with a deadline than asked for: the rest would need every row.
    assert index.first_trackings(deadlines, len(deadlines) + 1) is None
    for key, reverse in (("tracking", False), ("next", True)):
        index.sort_by(key, reverse)
        assert index.first_trackings(deadlines, 24) is None


def test_a_few_rows_sort_among_many_deadlines_as_they_do_among_all(demo: tuple[list[ParcelRow], dict[str, Deadline]]) -> None:
    """The deadline sort of a handful of rows (a first screen) against every deadline."""
    rows, deadlines = demo
    few = random.Random(3).sample(rows, 30)
    index = ParcelIndex()
    index.load(few, deadlines)
    for reverse in (False, True):
        index.sort_by("next", reverse)
        assert [row.tracking for row in index.everything.rows] == reference(few, deadlines, "", "next", reverse)


def test_haystacks_made_beforehand_find_what_haystacks_made_on_demand_find(demo: tuple[list[ParcelRow], dict[str, Deadline]]) -> None:
    """A fill makes the rows' haystacks a part at a time and hands them over with the rows."""
    rows, deadlines = demo
    given, made = ParcelIndex(), ParcelIndex()
    given.load(rows, deadlines, row_haystacks(rows))
    made.load(rows, deadlines)
    for key in SORT_KEYS:
        given.sort_by(key)
        made.sort_by(key)
        for query in ["e", "ee0", "lost", "lost gb", "zz"]:
            assert given.query(query).rows == made.query(query).rows
