"""The speed-ups for 100,000 parcels change no result (issue 4).

Parcel.to_record formats instants without pendulum where that is safe, from_record looks enum
members up in dicts, and Desk.due computes remaining seconds with datetime's subtraction and
pauses the cyclic garbage collector: each is checked here against the plain version.
"""

from __future__ import annotations

import gc
import random
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pendulum
import pytest

from claimdesk.demo import generate
from claimdesk.domain.deadlines import parcel_clocks
from claimdesk.domain.instants import PLATFORM_TZ, iso
from claimdesk.domain.parcels import Parcel, _stored_instant
from claimdesk.services import Desk, gc_paused

ZONES = [
    timezone.utc,
    timezone(timedelta(hours=8)),
    timezone(timedelta(hours=-3, minutes=-30)),
    timezone(timedelta(hours=5, minutes=45)),
    ZoneInfo("Asia/Shanghai"),
    ZoneInfo("America/New_York"),
    ZoneInfo("Europe/Madrid"),
    PLATFORM_TZ,
    pendulum.timezone("UTC"),
    pendulum.FixedTimezone(8 * 3600),
    pendulum.FixedTimezone(-7 * 3600),
    pendulum.timezone("America/Sao_Paulo"),
]


def test_stored_instants_are_exactly_what_iso_gives() -> None:
    rng = random.Random(4)
    for _ in range(20_000):
        seconds = rng.randrange(946_684_800 - 400 * 86_400, 4_102_444_800)
        base = datetime.fromtimestamp(seconds, timezone.utc).replace(microsecond=rng.choice([0, rng.randrange(10**6)]))
        zone = rng.choice(ZONES)
        kind = rng.randrange(3)
        if kind == 0:
            at = base.astimezone(zone)
        elif kind == 1:
            at = pendulum.instance(base.astimezone(zone))
        else:
            at = base.astimezone(zone).replace(fold=rng.randrange(2))  # ambiguous times included
        assert _stored_instant(at) == iso(at), repr(at)


def test_records_round_trip_and_bad_values_still_fail(desk: Desk) -> None:
    parcels, _ = generate(300, desk.now(), seed=3)
    for parcel in parcels:
        record = parcel.to_record()
        assert record["created_at"] == iso(parcel.created_at)
        again = Parcel.from_record(record)
        assert again.to_record() == record
        assert again.service is parcel.service and again.status is parcel.status and again.item is parcel.item
    record = parcels[0].to_record()
    for field in ("service", "status", "item"):
        with pytest.raises(ValueError):
            Parcel.from_record({**record, field: "no-such-value"})
        with pytest.raises((ValueError, TypeError)):
            Parcel.from_record({**record, field: ["unhashable"]})


def test_due_is_what_the_domain_says(desk: Desk) -> None:
    parcels, complaints = generate(500, desk.now(), seed=9)
    desk.add_parcels(parcels)
    for complaint in complaints:
        desk.repo.add_complaint(complaint)
    now = desk.now()
    expected = []
    for parcel in (desk.parcel(p.tracking) for p in parcels):  # as stored: to the second
        for clock in parcel_clocks(parcel, desk.repo.complaints(parcel.tracking), now, desk.settings):
            expected.append((clock.due, clock.tracking, clock.kind, clock.complaint_type, clock.remaining_seconds(now)))
    expected.sort(key=lambda item: (item[0], item[1], item[2]))
    got = [(c.due, c.tracking, c.clock, c.complaint_type, c.remaining_seconds) for c in desk.due(now=now)]
    assert got == expected and len(got) > 20
    later = now + timedelta(days=3, seconds=7)
    assert [c.remaining_seconds for c in desk.due(now=later)] == [
        int((c.due - later).total_seconds()) for c in desk.due(now=later)
    ]


def test_gc_pause_nests_and_restores() -> None:
    assert gc.isenabled()
    with gc_paused():
        assert not gc.isenabled()
        with gc_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()
    assert gc.isenabled()
    gc.disable()
    try:
        with gc_paused():
            pass
        assert not gc.isenabled()  # it was off before: it stays off
    finally:
        gc.enable()
    with pytest.raises(RuntimeError):
        with gc_paused():
            raise RuntimeError("boom")
    assert gc.isenabled()


def test_the_file_is_exactly_orjson_of_the_data_after_every_kind_of_write(tmp_path) -> None:
    """SafeJSONStorage re-encodes only changed tables; the bytes must equal a full encoding."""
    import orjson

    from claimdesk.store import schema
    from claimdesk.store.repository import Repository

    path = tmp_path / "desk.json"
    desk = Desk.open(path)
    storage = desk.repo.storage
    assert b"".join(storage._encode({})) == orjson.dumps({})
    assert b"".join(storage._encode({"a": {}, "b": {"1": {"x": "é"}}})) == orjson.dumps({"a": {}, "b": {"1": {"x": "é"}}})
    with pytest.raises(TypeError):
        storage._encode({1: {}})  # type: ignore[dict-item]

    def check() -> None:
        on_disk = path.read_bytes()
        assert on_disk == orjson.dumps(storage.read())
        assert b"".join(storage._encode(storage.read())) == on_disk
        assert orjson.loads(on_disk) == Repository(path).raw_data()

    parcels, complaints = generate(120, desk.now(), seed=21)
    desk.add_parcels(parcels[:60])
    check()
    for complaint in complaints[:5]:
        desk.repo.add_complaint(complaint)
        check()
    desk.add_parcels(parcels[60:])
    check()
    desk.update_settings(filing_window_days=desk.settings.filing_window_days + 1)
    check()
    first = parcels[0].tracking
    desk.set_status(first, "lost")
    check()
    table = desk.repo.db.table(schema.COMPLAINTS)
    table.update({"note": "changed in place"}, doc_ids=[1])
    check()
    table.remove(doc_ids=[2])
    check()
    desk.repo.db.table("scratch").insert({"x": 1})
    check()
    desk.repo.db.drop_table("scratch")
    check()
    table.truncate()
    check()
    # Another process writes: our kept encodings belong to the old objects and must not be used.
    other = Desk.open(path)
    other.add_parcels([p.with_changes(tracking=f"ZZ{index:08d}X") for index, p in enumerate(parcels[:3])])
    desk.repo.refresh()
    desk.set_status(parcels[1].tracking, "damaged")
    check()
    assert len(orjson.loads(path.read_bytes())[schema.PARCELS]) == 123


def test_due_json_dates_are_iso(desk: Desk) -> None:
    parcels, complaints = generate(200, desk.now(), seed=2)
    desk.add_parcels(parcels)
    for complaint in complaints:
        desk.repo.add_complaint(complaint)
    clocks = desk.due()
    assert clocks
    for clock in clocks:
        assert clock.to_json()["due"] == iso(clock.due)
