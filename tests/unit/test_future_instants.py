"""Nothing is dated in the future (docs/rules.md section 5; issue 9, item 8).

A few minutes' tolerance for clock drift (FUTURE_TOLERANCE): exactly now + tolerance is
accepted, one second more is refused, for every event of the lifecycle and every instant of a
parcel. Before this rule a reply dated tomorrow was accepted, and then every event recorded at
"now" was refused as "before the complaint's last event".
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

import pytest

from claimdesk.domain.complaint_types import ComplaintType
from claimdesk.domain.complaints import (
    Complaint,
    Outcome,
    close,
    escalate,
    new_complaint,
    new_third_party_claim,
    record_intervention,
    record_reply,
)
from claimdesk.domain.errors import ValidationError
from claimdesk.domain.instants import FUTURE_TOLERANCE, check_not_future
from claimdesk.domain.parcels import Service, parcel_from_fields, parcel_to_fields
from tests.unit._builders import DAY, DEFAULTS, SECOND, file, in_stage, make_parcel, sh

NOW = sh("2026-03-20 10:00:00")
EDGE = NOW + FUTURE_TOLERANCE
LATE = EDGE + SECOND


def test_the_tolerance_is_a_few_minutes() -> None:
    assert 60 <= FUTURE_TOLERANCE.total_seconds() <= 15 * 60


def test_check_not_future_at_the_edge_and_one_second_past_it() -> None:
    check_not_future(NOW - DAY, NOW, "at")
    check_not_future(EDGE, NOW, "at")
    with pytest.raises(ValidationError) as caught:
        check_not_future(LATE, NOW, "at")
    assert caught.value.field == "at"
    assert "2026-03-20 10:05:01 +08:00 is in the future" in caught.value.message
    assert "it is now 2026-03-20 10:00:00 +08:00" in caught.value.message


def _file(at: datetime, now: datetime) -> Complaint:
    return new_complaint("c1", make_parcel(), [], ComplaintType.DAMAGE, at, now, DEFAULTS)


def _third_party(at: datetime, now: datetime) -> Complaint:
    parcel = make_parcel(service=Service.OFFLINE, tracking="LP0000000001")
    return new_third_party_claim("c1", parcel, [], at, now, DEFAULTS, contact="Yanwen desk")


def _reply(at: datetime, now: datetime) -> Complaint:
    return record_reply(file(make_parcel(), at=NOW - DAY), True, at, now, DEFAULTS)


def _escalate(at: datetime, now: datetime) -> Complaint:
    complaint = record_reply(file(make_parcel(), at=NOW - 2 * DAY), False, NOW - DAY, NOW - DAY, DEFAULTS)
    return escalate(complaint, at, now, DEFAULTS)


def _intervene(at: datetime, now: datetime) -> Complaint:
    complaint, _ = in_stage("escalated", at=NOW - 3 * DAY)
    return record_intervention(complaint, at, now, DEFAULTS)


def _close(at: datetime, now: datetime) -> Complaint:
    return close(file(make_parcel(), at=NOW - DAY), Outcome.WITHDRAWN, at, now, DEFAULTS)


EVENTS: dict[str, Callable[[datetime, datetime], Complaint]] = {
    "file": _file,
    "third-party contact": _third_party,
    "reply": _reply,
    "escalate": _escalate,
    "intervene": _intervene,
    "close": _close,
}


@pytest.mark.parametrize("event", sorted(EVENTS))
def test_every_event_may_be_dated_up_to_the_tolerance_ahead(event: str) -> None:
    complaint = EVENTS[event](EDGE, NOW)
    assert complaint.events[-1].at == EDGE
    assert complaint.events[-1].recorded_at == NOW


@pytest.mark.parametrize("event", sorted(EVENTS))
def test_every_event_dated_later_is_refused_naming_at(event: str) -> None:
    with pytest.raises(ValidationError) as caught:
        EVENTS[event](LATE, NOW)
    assert caught.value.field == "at"
    assert "in the future" in caught.value.message


def test_a_refused_future_reply_leaves_now_free() -> None:
    """The bug: a reply dated a day ahead was accepted, then closing 'now' was 'before the last event'."""
    complaint = file(make_parcel(), at=NOW - DAY)
    with pytest.raises(ValidationError, match="in the future"):
        record_reply(complaint, False, NOW + DAY, NOW, DEFAULTS)
    replied = record_reply(complaint, False, NOW, NOW, DEFAULTS)
    assert close(replied, Outcome.WITHDRAWN, NOW, NOW, DEFAULTS).events[-1].at == NOW


ROW = parcel_to_fields(make_parcel(collected_at=None))


@pytest.mark.parametrize("field", ["created_at", "collected_at", "last_tracking_at"])
def test_a_parcel_instant_up_to_the_tolerance_ahead_is_accepted(field: str) -> None:
    parcel = parcel_from_fields(ROW | {field: EDGE.isoformat()}, now=NOW)
    assert getattr(parcel, field) == EDGE


@pytest.mark.parametrize("field", ["created_at", "collected_at", "last_tracking_at"])
def test_a_parcel_instant_in_the_future_is_refused_naming_it(field: str) -> None:
    with pytest.raises(ValidationError) as caught:
        parcel_from_fields(ROW | {field: LATE.isoformat()}, now=NOW)
    assert caught.value.field == field
    assert "in the future" in caught.value.message


def test_without_now_parcel_from_fields_does_not_judge_the_date() -> None:
    """Stored and exported records are rebuilt without a clock; the services always pass now."""
    assert parcel_from_fields(ROW | {"created_at": (NOW + 400 * DAY).isoformat()}).created_at == NOW + 400 * DAY
