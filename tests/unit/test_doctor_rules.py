"""Issue 19, item 6: every rule of docs/rules.md section 5 that a stored record can break is a
`doctor` check (exit 4) naming the table, the record and the field. Hypothesis generates hand
edits that break each rule, by how much; a sound file stays OK."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from claimdesk.clock import FixedClock
from claimdesk.doctor import check_file
from claimdesk.services import Desk

NOW = datetime.fromisoformat("2026-03-20T10:00:00+08:00")
LOST = "EE123456785CN"  # a loss complaint rejected, attempt 2 open
PAID = "RB123456785GB"  # a damage complaint compensated, money received
OFFLINE = "SF1234567890"  # offline delivery: a third-party claim

Data = dict[str, Any]


def _build(folder: Path) -> Data:
    path = folder / "sound.json"
    desk = Desk.open(path, FixedClock(NOW))
    common = {"order": "8100000000000001", "item": "declared", "declared_value": "1200", "weight": "1.3", "shipping_fee": "180"}
    desk.add_parcel({**common, "tracking": LOST, "service": "ems", "created_at": "2026-03-01T10:00:00+08:00", "status": "lost"})
    desk.add_parcel({**common, "tracking": PAID, "service": "ems", "created_at": "2026-01-10T10:00:00+08:00", "status": "damaged"})
    desk.add_parcel({**common, "tracking": OFFLINE, "service": "offline", "created_at": "2026-03-01T10:00:00+08:00", "status": "lost"})
    at = datetime.fromisoformat
    desk.file_complaint(LOST, "loss", at("2026-03-12T10:00:00+08:00"))
    desk.record_reply(LOST, False, at("2026-03-13T10:00:00+08:00"))
    desk.escalate(LOST, at("2026-03-16T10:00:00+08:00"))
    desk.close_complaint(LOST, "rejected", at=at("2026-03-17T10:00:00+08:00"))
    desk.file_complaint(LOST, "loss", at("2026-03-18T10:00:00+08:00"))
    desk.file_complaint(PAID, "damage", at("2026-01-12T10:00:00+08:00"))
    desk.record_reply(PAID, True, at("2026-01-15T10:00:00+08:00"))
    desk.close_complaint(PAID, "compensated", at=at("2026-01-20T10:00:00+08:00"), claimed=None)
    desk.record_received(PAID, __import__("decimal").Decimal("300"), at("2026-02-01T10:00:00+08:00"))
    desk.record_third_party_claim(OFFLINE, "SF", at=at("2026-03-10T10:00:00+08:00"))
    desk.close()
    return json.loads(path.read_text())


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Data:
    return _build(tmp_path_factory.mktemp("doctor-rules"))


def parcel(data: Data, tracking: str) -> tuple[str, Data]:
    return next((doc_id, record) for doc_id, record in data["parcels"].items() if record["tracking"] == tracking)


def complaints(data: Data, tracking: str) -> list[tuple[str, Data]]:
    return [(doc_id, record) for doc_id, record in data["complaints"].items() if record["tracking"] == tracking]


def iso(at: datetime) -> str:
    return at.isoformat()


# Each break: (data, a number of seconds > 0) -> the (table, doc id, field) doctor must name.
Break = Callable[[Data, int], tuple[str, str, str]]


def archived_before_creation(data: Data, seconds: int) -> tuple[str, str, str]:
    doc_id, record = parcel(data, PAID)
    record["archived_at"] = iso(datetime.fromisoformat(record["created_at"]) - timedelta(seconds=seconds))
    return "parcels", doc_id, "archived_at"


def archived_with_an_open_complaint(data: Data, seconds: int) -> tuple[str, str, str]:
    doc_id, record = parcel(data, LOST)
    record["archived_at"] = iso(NOW - timedelta(seconds=min(seconds, 3600)))
    return "parcels", doc_id, "archived_at"


def collected_before_created(data: Data, seconds: int) -> tuple[str, str, str]:
    doc_id, record = parcel(data, LOST)
    record["collected_at"] = iso(datetime.fromisoformat(record["created_at"]) - timedelta(seconds=seconds))
    return "parcels", doc_id, "collected_at"


def created_in_the_future(data: Data, seconds: int) -> tuple[str, str, str]:
    doc_id, record = parcel(data, PAID)
    # created after now + 5 minutes (and so after its filing too)
    record["created_at"] = iso(NOW + timedelta(minutes=5, seconds=seconds))
    return "parcels", doc_id, "created_at"


def created_after_first_filing(data: Data, seconds: int) -> tuple[str, str, str]:
    doc_id, record = parcel(data, PAID)
    record["created_at"] = iso(datetime.fromisoformat("2026-01-12T10:00:00+08:00") + timedelta(seconds=min(seconds, 86400)))
    return "parcels", doc_id, "created_at"


def event_in_the_future(data: Data, seconds: int) -> tuple[str, str, str]:
    doc_id, record = complaints(data, LOST)[-1]
    record["events"][0]["recorded_at"] = iso(NOW + timedelta(minutes=5, seconds=seconds))
    return "complaints", doc_id, "events[0].recorded_at"


def payment_on_a_rejected_complaint(data: Data, seconds: int) -> tuple[str, str, str]:
    doc_id, record = complaints(data, LOST)[0]
    when = iso(datetime.fromisoformat("2026-03-17T10:00:00+08:00") + timedelta(seconds=min(seconds, 3600)))
    record["events"].append({"kind": "received", "at": when, "recorded_at": when, "received": "10.00"})
    return "complaints", doc_id, f"events[{len(record['events']) - 1}]"


def payment_of_zero(data: Data, seconds: int) -> tuple[str, str, str]:
    doc_id, record = complaints(data, PAID)[0]
    index = next(i for i, event in enumerate(record["events"]) if event["kind"] == "received")
    record["events"][index]["received"] = "0.00"
    return "complaints", doc_id, f"events[{index}]"


def closing_without_outcome(data: Data, seconds: int) -> tuple[str, str, str]:
    doc_id, record = complaints(data, LOST)[0]
    index = next(i for i, event in enumerate(record["events"]) if event["kind"] == "closed")
    record["events"][index]["outcome"] = None
    return "complaints", doc_id, f"events[{index}]"


def retraction_before_the_event(data: Data, seconds: int) -> tuple[str, str, str]:
    doc_id, record = complaints(data, LOST)[-1]
    event = record["events"][0]
    event["retracted_at"] = iso(datetime.fromisoformat(event["recorded_at"]) - timedelta(seconds=seconds))
    return "complaints", doc_id, "events[0].retracted_at"


def two_open_complaints(data: Data, seconds: int) -> tuple[str, str, str]:
    _first, record = complaints(data, LOST)[0]
    record["events"] = [event for event in record["events"] if event["kind"] != "closed"]  # escalated, never closed
    later, _second = complaints(data, LOST)[-1]
    return "complaints", later, "events"


def third_party_claim_with_an_attempt(data: Data, seconds: int) -> tuple[str, str, str]:
    doc_id, record = complaints(data, OFFLINE)[0]
    record["attempt"] = 1 + seconds % 2
    return "complaints", doc_id, "attempt"


def third_party_claim_on_an_ems_parcel(data: Data, seconds: int) -> tuple[str, str, str]:
    _doc, record = parcel(data, OFFLINE)
    record["service"] = "ems"
    record["tracking"] = OFFLINE  # the number stays: a carrier's own number is kept as given
    doc_id, _claim = complaints(data, OFFLINE)[0]
    return "complaints", doc_id, "channel"


def two_settings_records(data: Data, seconds: int) -> tuple[str, str, str]:
    data.setdefault("settings", {})["1"] = {"filing_window_days": 120, "rev": 1}
    data["settings"]["2"] = {"filing_window_days": 120, "rev": 1}
    return "settings", "", ""


BREAKS: list[Break] = [
    archived_before_creation,
    archived_with_an_open_complaint,
    collected_before_created,
    created_in_the_future,
    created_after_first_filing,
    event_in_the_future,
    payment_on_a_rejected_complaint,
    payment_of_zero,
    closing_without_outcome,
    retraction_before_the_event,
    two_open_complaints,
    third_party_claim_with_an_attempt,
    third_party_claim_on_an_ems_parcel,
    two_settings_records,
]


def doctor(data: Data, folder: Path) -> list[str]:
    path = folder / "edited.json"
    path.write_text(json.dumps(data))
    return check_file(path, NOW)


def test_the_sound_file_is_ok(base: Data, tmp_path: Path) -> None:
    assert doctor(copy.deepcopy(base), tmp_path) == []


@pytest.mark.parametrize("breaks", BREAKS, ids=lambda b: b.__name__)
@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(seconds=st.integers(min_value=1, max_value=400 * 86400))
def test_each_break_is_named_by_table_record_and_field(base: Data, tmp_path: Path, breaks: Break, seconds: int) -> None:
    data = copy.deepcopy(base)
    table, doc_id, field = breaks(data, seconds)
    problems = doctor(data, tmp_path)
    assert problems, breaks.__name__
    where = f"{table} #{doc_id}" if doc_id else table
    named = [line for line in problems if line.startswith(where) and (not field or f": {field}:" in line)]
    assert named, (breaks.__name__, problems)
