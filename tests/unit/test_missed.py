"""docs/rules.md "Missed deadlines end": a window that closed is missed, shown as overdue for the grace
period (a setting, 7 days by default), then gone from the countdown and `due`; kept on the
parcel's page. Every edge to the second."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from claimdesk.domain.archiving import finished_at
from claimdesk.domain.complaints import new_third_party_claim
from claimdesk.domain.deadlines import (
    ClockKind,
    Deadline,
    Urgency,
    advice,
    is_missed,
    missed_at,
    next_change,
    parcel_clocks,
    parcel_deadlines,
    urgency,
)
from claimdesk.domain.instants import seconds_until
from claimdesk.domain.parcels import ItemKind, Service, Status
from claimdesk.domain.settings import Settings
from tests.unit._builders import DAY, DEFAULTS, FILED, SECOND, in_stage, make_parcel, sh

CLOSES = sh("2026-06-29 10:00:00")  # the example parcel's filing window: created + 120 days
GRACE = 7 * DAY
APPEAL_CLOSES = sh("2026-04-06 10:00:00")  # filed 03-12 10:00 + 10 days + 15 days


def kinds(deadlines: list[Deadline]) -> list[ClockKind]:
    return [deadline.kind for deadline in deadlines]


def test_a_filing_window_is_missed_from_the_second_after_it_closes() -> None:
    parcel = make_parcel()
    [at_close] = parcel_deadlines(parcel, [], CLOSES, DEFAULTS)
    assert not is_missed(at_close.kind, at_close.due, CLOSES)
    assert urgency(at_close.kind, seconds_until(at_close.due, CLOSES)) is Urgency.URGENT
    assert advice(at_close, CLOSES) == "file the complaint before the window closes"
    after = CLOSES + SECOND
    [missed] = parcel_deadlines(parcel, [], after, DEFAULTS)
    assert is_missed(missed.kind, missed.due, after)
    assert urgency(missed.kind, seconds_until(missed.due, after)) is Urgency.OVERDUE
    assert "before the window closes" not in advice(missed, after)
    assert advice(missed, after).startswith("missed")


def test_a_missed_window_shows_for_the_grace_period_to_the_second_then_leaves() -> None:
    parcel = make_parcel()
    assert kinds(parcel_deadlines(parcel, [], CLOSES + GRACE, DEFAULTS)) == [ClockKind.FILING_WINDOW_CLOSES]
    assert parcel_deadlines(parcel, [], CLOSES + GRACE + SECOND, DEFAULTS) == []
    assert parcel_deadlines(parcel, [], CLOSES + GRACE + timedelta(microseconds=1), DEFAULTS) == []
    # the parcel's page keeps it, marked missed
    clocks = parcel_clocks(parcel, [], DEFAULTS)
    assert kinds(missed_at(clocks, CLOSES + 400 * DAY)) == [ClockKind.FILING_WINDOW_CLOSES]
    assert missed_at(clocks, CLOSES) == []


@pytest.mark.parametrize("days", [0, 1, 30])
def test_the_grace_period_is_a_setting(days: int) -> None:
    settings = Settings(missed_grace_days=days)
    parcel = make_parcel()
    last = CLOSES + timedelta(days=days)
    assert kinds(parcel_deadlines(parcel, [], last, settings)) == [ClockKind.FILING_WINDOW_CLOSES]
    assert parcel_deadlines(parcel, [], last + SECOND, settings) == []


def test_an_unused_appeal_window_is_missed_and_the_filing_window_counts_again() -> None:
    parcel = make_parcel()
    complaint, _ = in_stage("filed")
    at_close = parcel_deadlines(parcel, [complaint], APPEAL_CLOSES, DEFAULTS)
    assert kinds(at_close) == [ClockKind.ESCALATION_WINDOW_CLOSES]
    assert advice(at_close[0], APPEAL_CLOSES) == "appeal online before the window closes"
    after = APPEAL_CLOSES + SECOND
    missed = parcel_deadlines(parcel, [complaint], after, DEFAULTS)
    assert kinds(missed) == [ClockKind.ESCALATION_WINDOW_CLOSES, ClockKind.FILING_WINDOW_CLOSES]
    assert is_missed(missed[0].kind, missed[0].due, after)
    assert advice(missed[0], after).startswith("missed")
    assert kinds(parcel_deadlines(parcel, [complaint], APPEAL_CLOSES + GRACE, DEFAULTS))[0] is ClockKind.ESCALATION_WINDOW_CLOSES
    later = parcel_deadlines(parcel, [complaint], APPEAL_CLOSES + GRACE + SECOND, DEFAULTS)
    assert kinds(later) == [ClockKind.FILING_WINDOW_CLOSES]


def test_clocks_of_someone_to_chase_are_never_missed() -> None:
    parcel = make_parcel()
    complaint, when = in_stage("escalated")
    [intervention] = parcel_deadlines(parcel, [complaint], when, DEFAULTS)
    much_later = intervention.due + 60 * DAY
    assert parcel_deadlines(parcel, [complaint], much_later, DEFAULTS) == [intervention]
    assert not is_missed(intervention.kind, intervention.due, much_later)
    offline = make_parcel(service=Service.OFFLINE, tracking="SF1234567890", item=ItemKind.UNDECLARED, declared_value=None)
    claim = new_third_party_claim("t1", offline, [], FILED, FILED, DEFAULTS, contact="SF")
    assert claim.follow_up_at is not None
    [follow_up] = parcel_deadlines(offline, [claim], claim.follow_up_at + 60 * DAY, DEFAULTS)
    assert follow_up.kind is ClockKind.FOLLOW_UP


def test_the_clocks_do_not_depend_on_now() -> None:
    # parcel_clocks takes no instant: the same clocks whenever they are computed (a cache keeps them)
    parcel = make_parcel()
    complaint, _ = in_stage("filed")
    clocks = parcel_clocks(parcel, [complaint], DEFAULTS)
    assert [clock.deadline.kind for clock in clocks] == [
        ClockKind.CHAMBER_REPLY,
        ClockKind.ESCALATION_WINDOW_CLOSES,
        ClockKind.FILING_WINDOW_CLOSES,
    ]
    assert clocks[2].since == APPEAL_CLOSES + timedelta(microseconds=1)


def test_a_parcel_whose_every_window_is_missed_is_finished_when_it_closed() -> None:
    parcel = make_parcel()
    assert finished_at(parcel, [], CLOSES, DEFAULTS) is None
    assert finished_at(parcel, [], CLOSES + SECOND, DEFAULTS) == CLOSES
    assert finished_at(parcel, [], CLOSES + 300 * DAY, DEFAULTS) == CLOSES
    # an in-transit parcel has no window counting: not finished by the clock
    assert finished_at(make_parcel(status=Status.IN_TRANSIT), [], CLOSES + SECOND, DEFAULTS) is None


def test_a_rejected_attempt_then_a_missed_window_finishes_when_the_window_closed() -> None:
    parcel = make_parcel()
    complaint, when = in_stage("closed")  # withdrawn on 03-13: the filing window counts again
    assert finished_at(parcel, [complaint], when, DEFAULTS) is None
    assert finished_at(parcel, [complaint], CLOSES + SECOND, DEFAULTS) == CLOSES


def test_an_expired_complaint_whose_appeal_was_missed_with_no_attempt_left_is_finished() -> None:
    parcel = make_parcel(status=Status.DELIVERED)
    complaint, _ = in_stage("filed")
    assert finished_at(parcel, [complaint], APPEAL_CLOSES, DEFAULTS) is None
    assert finished_at(parcel, [complaint], APPEAL_CLOSES + SECOND, DEFAULTS) == APPEAL_CLOSES


def test_the_next_change_includes_the_end_of_the_grace() -> None:
    parcel = make_parcel()
    now = CLOSES + DAY
    deadlines = parcel_deadlines(parcel, [], now, DEFAULTS)
    change = next_change(deadlines, now, DEFAULTS)
    assert change == CLOSES + GRACE + timedelta(microseconds=1)
    assert parcel_deadlines(parcel, [], change, DEFAULTS) == []
    assert next_change([], now, DEFAULTS) is None


def test_a_missed_clock_leaves_whatever_zone_now_is_given_in() -> None:
    parcel = make_parcel()
    utc_now: datetime = (CLOSES + GRACE + SECOND).astimezone(tz=None)
    assert parcel_deadlines(parcel, [], utc_now, DEFAULTS) == []
