"""The speed-ups for 100,000 parcels change no result.

Stored records are read with enum members looked up in dicts, Desk.due reads parcels from
records once and pauses the cyclic garbage collector, and the storage re-encodes only the
tables that changed: each is checked here against the plain version.
"""

from __future__ import annotations

import gc
import math
from datetime import timedelta

import pytest

from claimdesk.demo import generate
from claimdesk.domain.deadlines import parcel_deadlines
from claimdesk.domain.instants import iso
from claimdesk.domain.parcels import Status
from claimdesk.gc_pause import gc_paused
from claimdesk.services import Desk
from claimdesk.store.records import parcel_from_record, parcel_to_record
from claimdesk.store.repository import Repository
from claimdesk.views import deadline_json
from tests.seeding import seed


def test_records_round_trip_and_bad_values_still_fail(desk: Desk) -> None:
    parcels, _ = generate(300, desk.now(), seed=3)
    for parcel in parcels:
        record = parcel_to_record(parcel)
        assert record["created_at"] == iso(parcel.created_at)
        again = parcel_from_record(record)
        assert parcel_to_record(again) == record
        assert again.service is parcel.service and again.status is parcel.status and again.item is parcel.item
    record = parcel_to_record(parcels[0])
    for field in ("service", "status", "item"):
        with pytest.raises(ValueError):
            parcel_from_record({**record, field: "no-such-value"})
        with pytest.raises((ValueError, TypeError)):
            parcel_from_record({**record, field: ["unhashable"]})


def test_due_is_what_the_domain_says(desk: Desk) -> None:
    parcels, complaints = generate(500, desk.now(), seed=9)
    seed(desk.path, parcels, complaints)
    now = desk.now()
    expected = []
    for parcel in (desk.parcel(p.tracking) for p in parcels):  # as stored: to the second
        for deadline in parcel_deadlines(parcel, desk.complaints(parcel.tracking), now, desk.settings):
            expected.append((deadline.due, deadline.tracking, deadline.kind, deadline.complaint_type))
    expected.sort(key=lambda item: (item[0], item[1], item[2]))
    got = [(d.due, d.tracking, d.kind, d.complaint_type) for d in desk.due(now=now)]
    assert got == expected and len(got) > 20


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
    with pytest.raises(RuntimeError), gc_paused():
        raise RuntimeError("boom")
    assert gc.isenabled()


def test_the_file_is_exactly_orjson_of_the_data_after_every_kind_of_write(tmp_path) -> None:
    """SafeJSONStorage re-encodes only changed tables; the bytes must equal a full encoding."""
    import orjson

    from claimdesk.store import schema

    path = tmp_path / "desk.json"
    desk = Desk.open(path)
    repo = Repository(path)
    storage = repo.storage
    assert b"".join(storage._encode({})[0]) == orjson.dumps({})
    assert b"".join(storage._encode({"a": {}, "b": {"1": {"x": "é"}}})[0]) == orjson.dumps({"a": {}, "b": {"1": {"x": "é"}}})
    with pytest.raises(TypeError):
        storage._encode({1: {}})  # type: ignore[dict-item]

    def check() -> None:
        on_disk = path.read_bytes()
        assert on_disk == orjson.dumps(storage.read())
        assert b"".join(storage._encode(storage.read())[0]) == on_disk
        assert orjson.loads(on_disk) == Repository(path).raw_data()

    parcels, complaints = generate(120, desk.now(), seed=21)
    with repo.transaction():
        repo.add_parcels(parcels[:60])
    check()
    first = {parcel.tracking for parcel in parcels[:60]}
    for complaint in [c for c in complaints if c.tracking in first][:5]:  # of parcels on the desk
        with repo.transaction():
            repo.add_complaint(complaint)
        check()
    with repo.transaction():
        repo.add_parcels(parcels[60:])
    check()
    with repo.transaction():
        repo.save_settings(repo.settings().with_changes(filing_window_days=repo.settings().filing_window_days + 1))
    check()
    with repo.transaction():
        repo.update_parcel(repo.parcel(parcels[0].tracking).with_changes(status=Status.LOST))
    check()
    table = repo.db.table(schema.COMPLAINTS)
    table.update({"note": "changed in place"}, doc_ids=[1])
    check()
    table.remove(doc_ids=[2])
    check()
    repo.db.table("scratch").insert({"x": 1})
    check()
    repo.db.drop_table("scratch")
    check()
    table.truncate()
    check()
    # Another process writes: our kept encodings belong to the old objects and must not be used.
    other = Desk.open(path)
    other.add_parcels([p.with_changes(tracking=f"ZZ{index:08d}X") for index, p in enumerate(parcels[:3])])
    repo.refresh()
    with repo.transaction():
        repo.update_parcel(repo.parcel(parcels[1].tracking).with_changes(status=Status.DAMAGED))
    check()
    assert len(orjson.loads(path.read_bytes())[schema.PARCELS]) == 123


def test_due_json_dates_are_iso_and_remaining_time_rounds_down(desk: Desk) -> None:
    parcels, complaints = generate(200, desk.now(), seed=2)
    seed(desk.path, parcels, complaints)
    now = desk.now() + timedelta(seconds=7, microseconds=250_000)
    deadlines = desk.due(now=now)
    assert deadlines
    for deadline in deadlines:
        shown = deadline_json(deadline, now)
        assert shown["due"] == iso(deadline.due)
        assert shown["remaining_seconds"] == math.floor((deadline.due - now).total_seconds())
