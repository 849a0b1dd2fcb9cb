"""A parcel's live clocks (deadlines.parcel_clocks): what `claimdesk due` and the countdowns show."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta

import pytest

from claimdesk.domain.complaint_types import ComplaintType
from claimdesk.domain.complaints import Outcome, close, new_third_party_claim
from claimdesk.domain.deadlines import ClockKind, Deadline, all_deadlines, parcel_deadlines
from claimdesk.domain.instants import seconds_until
from claimdesk.domain.parcels import ItemKind, Service, Status
from claimdesk.labels import TABLES
from tests.unit._builders import CREATED, DAY, DEFAULTS, FILED, SECOND, file, in_stage, make_parcel, sh

CLOSES = sh("2026-06-29 10:00:00")  # created + 120 days
LOSS_OPENS = sh("2026-03-11 10:00:00")  # created + 10 days (no tracking update)


def kinds(clocks: list[Deadline]) -> list[tuple[ClockKind, datetime]]:
    return [(clock.kind, clock.due) for clock in clocks]


@pytest.mark.parametrize("status", [Status.IN_TRANSIT, Status.DELIVERED])
def test_no_clock_when_nothing_went_wrong(status: Status) -> None:
    assert parcel_deadlines(make_parcel(status=status), [], FILED, DEFAULTS) == []


@pytest.mark.parametrize(
    ("status", "ctype", "opens"),
    [
        (Status.LOST, ComplaintType.LOSS, LOSS_OPENS),
        (Status.DELAYED, ComplaintType.DELAY, sh("2026-03-31 10:00:00")),
        (Status.DAMAGED, ComplaintType.DAMAGE, CREATED),
        (Status.PARTIALLY_LOST, ComplaintType.PARTIAL_LOSS, CREATED),
    ],
)
def test_filing_clocks_follow_the_status(status: Status, ctype: ComplaintType, opens: datetime) -> None:
    parcel = make_parcel(status=status)
    before = opens - SECOND
    if before >= CREATED:
        clocks = parcel_deadlines(parcel, [], before, DEFAULTS)
        assert kinds(clocks) == [(ClockKind.FILING_WINDOW_OPENS, opens), (ClockKind.FILING_WINDOW_CLOSES, CLOSES)]
        assert {clock.complaint_type for clock in clocks} == {ctype}
        assert seconds_until(clocks[0].due, before) == 1
    # once the window is open, only its close is left
    for now in (opens, CLOSES):
        clocks = parcel_deadlines(parcel, [], now, DEFAULTS)
        assert kinds(clocks) == [(ClockKind.FILING_WINDOW_CLOSES, CLOSES)]
        assert clocks[0].complaint_type is ctype
        assert clocks[0].tracking == "EE123456785CN"


def test_an_overdue_filing_clock_stays_with_negative_remaining_time() -> None:
    now = CLOSES + timedelta(hours=2)
    [clock] = parcel_deadlines(make_parcel(), [], now, DEFAULTS)
    assert clock.kind is ClockKind.FILING_WINDOW_CLOSES
    assert seconds_until(clock.due, now) == -7200
    assert seconds_until(clock.due, CLOSES + SECOND) == -1


def test_a_window_that_can_never_open_gets_no_clock_at_all() -> None:
    # Loss opens 10 days after the last update (2026-07-05), after every window closed (06-29):
    # nothing can be filed, so nothing counts down (issue 10, item 4).
    parcel = make_parcel(last_tracking_at=sh("2026-06-25 10:00:00"))
    assert parcel_deadlines(parcel, [], sh("2026-06-26 10:00:00"), DEFAULTS) == []


def test_offline_parcels_have_no_platform_clocks() -> None:
    parcel = make_parcel(service=Service.OFFLINE, tracking="SF1234567890", item=ItemKind.UNDECLARED, declared_value=None)
    assert parcel_deadlines(parcel, [], FILED, DEFAULTS) == []
    claim = new_third_party_claim("t1", parcel, [], FILED, FILED, DEFAULTS, contact="SF")
    # Only the third-party claim's follow-up counts down (issue 10, item 6).
    assert kinds(parcel_deadlines(parcel, [claim], FILED + DAY, DEFAULTS)) == [(ClockKind.FOLLOW_UP, claim.follow_up_at)]


def test_the_complaint_clocks_follow_the_lifecycle() -> None:
    parcel = make_parcel()
    complaint, when = in_stage("filed")
    assert kinds(parcel_deadlines(parcel, [complaint], when, DEFAULTS)) == [(ClockKind.CHAMBER_REPLY, sh("2026-03-22 10:00:00"))]
    # by the clock: 10 days pass without a reply
    assert kinds(parcel_deadlines(parcel, [complaint], sh("2026-03-22 10:00:00"), DEFAULTS)) == [
        (ClockKind.ESCALATION_WINDOW_CLOSES, sh("2026-04-06 10:00:00"))
    ]
    # by a recorded 'no agreement' reply on 2026-03-13 10:00
    complaint, when = in_stage("may-escalate")
    assert kinds(parcel_deadlines(parcel, [complaint], when, DEFAULTS)) == [(ClockKind.ESCALATION_WINDOW_CLOSES, sh("2026-03-28 10:00:00"))]
    complaint, when = in_stage("escalated")  # escalated Saturday 2026-03-14 10:00
    [clock] = parcel_deadlines(parcel, [complaint], when, DEFAULTS)
    assert (clock.kind, clock.due) == (ClockKind.INTERVENTION, sh("2026-03-16 23:59:59"))
    assert clock.complaint_type is ComplaintType.DAMAGE
    # an overdue intervention stays, counting below zero
    late = sh("2026-03-18 23:59:59")
    [overdue] = parcel_deadlines(parcel, [complaint], late, DEFAULTS)
    assert seconds_until(overdue.due, late) == -2 * 86400
    complaint, when = in_stage("under-review")
    assert parcel_deadlines(parcel, [complaint], when, DEFAULTS) == []


@pytest.mark.parametrize("name", ["expired", "closed", "resolved"])
def test_after_the_first_attempt_ends_the_filing_clocks_return(name: str) -> None:
    parcel = make_parcel()
    complaint, when = in_stage(name)
    # an expired complaint's appeal window is missed: shown (overdue) for the grace period
    missed = [(ClockKind.ESCALATION_WINDOW_CLOSES, when - SECOND)] if name == "expired" else []
    assert kinds(parcel_deadlines(parcel, [complaint], when, DEFAULTS)) == [*missed, (ClockKind.FILING_WINDOW_CLOSES, CLOSES)]
    delivered = make_parcel(status=Status.DELIVERED)
    assert kinds(parcel_deadlines(delivered, [complaint], when, DEFAULTS)) == missed


@pytest.mark.parametrize("name", ["expired", "closed", "resolved"])
def test_nothing_after_the_second_attempt_ends(name: str) -> None:
    parcel = make_parcel()
    first, _ = in_stage("closed")
    second, when = in_stage(name, at=sh("2026-03-20 10:00:00"))
    second = replace(second, id="c2", attempt=2)
    missed = [(ClockKind.ESCALATION_WINDOW_CLOSES, when - SECOND)] if name == "expired" else []
    assert kinds(parcel_deadlines(parcel, [first, second], when, DEFAULTS)) == missed


def test_clock_texts_exist_for_every_kind() -> None:
    for table in ("clock", "clock_short", "clock_advice"):
        assert set(TABLES[table][1]) == {kind.value for kind in ClockKind}
    assert set(TABLES["clock_missed"][1]) == {kind.value for kind in ClockKind if kind.can_be_missed}


def test_all_clocks_are_sorted_soonest_first_with_overdue_leading() -> None:
    now = sh("2026-03-20 10:00:00")
    # its window closed two days ago: missed, shown as overdue inside the grace period
    overdue = make_parcel(tracking="RB123456785GB", created_at=sh("2025-11-18 10:00:00"), collected_at=None)
    lost = make_parcel(last_tracking_at=sh("2026-03-15 08:00:00"))  # opens 2026-03-25 08:00
    damaged = make_parcel(tracking="CP000000155DE", status=Status.DAMAGED)
    complaint, _ = in_stage("filed")
    complaint = close(complaint, Outcome.WITHDRAWN, FILED + DAY, FILED + DAY, DEFAULTS)
    filed = file(damaged, [complaint], ComplaintType.DAMAGE, at=sh("2026-03-19 10:00:00"))
    clocks = all_deadlines([(lost, []), (overdue, []), (damaged, [complaint, filed])], now, DEFAULTS)
    assert [(c.tracking, c.kind, c.due) for c in clocks] == [
        ("RB123456785GB", ClockKind.FILING_WINDOW_CLOSES, sh("2026-03-18 10:00:00")),
        ("EE123456785CN", ClockKind.FILING_WINDOW_OPENS, sh("2026-03-25 08:00:00")),
        ("CP000000155DE", ClockKind.CHAMBER_REPLY, sh("2026-03-29 10:00:00")),
        ("EE123456785CN", ClockKind.FILING_WINDOW_CLOSES, CLOSES),
    ]
    assert seconds_until(clocks[0].due, now) == -2 * 86400
