"""Demo data obeys the same rules as a seller's: every parcel would pass the form's checks."""

from __future__ import annotations

from datetime import datetime

import pendulum

from claimdesk.demo import generate, make_parcel
from claimdesk.domain.complaints import MAX_ATTEMPTS, Channel
from claimdesk.domain.parcels import Service, parcel_from_fields, parcel_to_fields

NOW = pendulum.parse("2026-11-26T10:00:00+08:00")


def test_every_demo_parcel_is_valid_input() -> None:
    parcels, _ = generate(3000, NOW)
    for parcel in parcels:
        checked = parcel_from_fields(parcel_to_fields(parcel))  # raises ValidationError if not
        assert (checked.tracking, checked.service, checked.status) == (parcel.tracking, parcel.service, parcel.status)


def test_demo_complaints_respect_the_attempt_limit_and_offline_rule() -> None:
    parcels, complaints = generate(3000, NOW)
    services = {parcel.tracking: parcel.service for parcel in parcels}
    attempts: dict[str, int] = {}
    for complaint in complaints:
        assert services[complaint.tracking] is not Service.OFFLINE
        if complaint.channel is Channel.PLATFORM:
            attempts[complaint.tracking] = attempts.get(complaint.tracking, 0) + 1
    assert complaints, "about 5% of demo parcels have complaints"
    assert max(attempts.values()) <= MAX_ATTEMPTS


def test_complaint_ids_stay_unique_when_tracking_numbers_share_their_ends() -> None:
    """Ids were 'demo' + the last 8 characters of the tracking number: EMS numbers repeat those
    (5 digits, the check digit, CN), and at 1,000,000 parcels two complaints got one id."""
    import random

    from claimdesk.demo import _complaints_for
    from claimdesk.domain.parcels import Status
    from claimdesk.domain.settings import Settings

    now = datetime.fromisoformat("2026-03-20T10:00:00+08:00")
    rng = random.Random(3)
    first = make_parcel(rng, 1, now, Status.LOST)
    twin = first.with_changes(tracking="EA99" + first.tracking[4:])  # same last 8 characters
    ids = [c.id for p in (first, twin) for c in _complaints_for(random.Random(5), p, "second", now, Settings())]
    assert len(ids) == len(set(ids)) == 4
