"""The list's rows built in parts or a few at a time (a large desk's first screen, then the
rest after it) are exactly the rows built all at once."""

from __future__ import annotations

import random

import pytest

from claimdesk.demo import generate
from claimdesk.domain.errors import ClaimdeskError
from claimdesk.services import Desk
from claimdesk.store.repository import Repository
from tests.seeding import seed


@pytest.fixture
def demo(desk: Desk) -> Desk:
    parcels, complaints = generate(300, desk.now(), seed=5)
    seed(desk.path, parcels, complaints)
    archived = 0
    for parcel in parcels[::7]:
        try:
            desk.archive(parcel.tracking)
            archived += 1
        except ClaimdeskError:  # not one the rules let go yet
            continue
    assert archived, "the demo data has parcels that can be archived"
    return desk


@pytest.mark.parametrize("archived", [False, True])
@pytest.mark.parametrize("part", [1, 7, 100, 10_000])
def test_rows_in_parts_join_to_the_rows(demo: Desk, archived: bool, part: int) -> None:
    parts = list(demo.rows_in_parts(archived=archived, part=part))
    assert all(len(rows) <= part for rows in parts)
    assert [row for rows in parts for row in rows] == demo.rows(archived=archived)


def test_rows_of_some_parcels_are_their_rows_in_the_order_asked(demo: Desk) -> None:
    everything = {row.tracking: row for archived in (False, True) for row in demo.rows(archived=archived)}
    wanted = random.Random(2).sample(sorted(everything), 40)
    assert demo.rows_of(wanted) == [everything[tracking] for tracking in wanted]
    assert demo.rows_of([]) == []


def test_the_live_count_is_the_number_of_live_rows(demo: Desk) -> None:
    assert demo.live_count() == len(demo.rows()) < demo.parcel_count()


def test_complaints_of_some_parcels_are_theirs_in_the_whole_index(demo: Desk) -> None:
    wanted = [*sorted(Repository(demo.path).complaints_by_tracking())[::3], "EE000000000CN"]  # one without any
    fresh = Repository(demo.path)
    before = fresh.complaints_of(wanted)  # parsed on their own: the index is not built yet
    whole = fresh.complaints_by_tracking()
    after = fresh.complaints_of(wanted)  # read from the index
    expected = {tracking: whole[tracking] for tracking in wanted if tracking in whole}
    assert before == expected == after
    assert "EE000000000CN" not in before
