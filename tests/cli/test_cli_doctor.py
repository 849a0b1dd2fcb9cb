"""`claimdesk doctor`: reports what is wrong with a data file and never changes it."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.cli.helpers import EMS, Run, add_args

OTHER = "LP0000000001"


@pytest.fixture
def good_file(run: Run, db: Path) -> Path:
    def ok(*args: str) -> None:
        result = run(*args)
        assert result.code == 0, (args, result.err)

    ok(*add_args())
    ok(*add_args(tracking=OTHER, service="special-line", status="damaged"))
    ok("complaint", "file", EMS, "--type", "loss", "--at", "2026-03-12T10:00:00+08:00")
    ok("complaint", "reply", EMS, "--no-agreement", "--at", "2026-03-13T10:00:00+08:00")
    ok("complaint", "escalate", EMS, "--at", "2026-03-16T10:00:00+08:00")
    ok("complaint", "close", EMS, "--outcome", "rejected")
    ok("complaint", "file", EMS, "--type", "loss")
    ok("complaint", "file", OTHER, "--type", "damage")
    return db


def folder_listing(path: Path) -> dict[str, bytes]:
    return {entry.name: entry.read_bytes() for entry in path.parent.iterdir() if entry.is_file()}


def doctor(run: Run, db: Path) -> tuple[int, list[str]]:
    before = folder_listing(db)
    result = run("doctor")
    assert result.err == ""
    assert folder_listing(db) == before  # byte-identical, and no backup, lock or temp file left
    return result.code, result.out.splitlines()


def edit(db: Path, change: Callable[[dict[str, Any]], None]) -> None:
    data = json.loads(db.read_text())
    change(data)
    db.write_text(json.dumps(data))


def complaint_of(data: dict[str, Any], tracking: str, attempt: int) -> dict[str, Any]:
    return next(c for c in data["complaints"].values() if c["tracking"] == tracking and c["attempt"] == attempt)


def test_a_sound_file_is_ok(run: Run, good_file: Path) -> None:
    assert doctor(run, good_file) == (0, [f"{good_file}: OK"])


def test_no_file_yet_is_reported(run: Run, db: Path) -> None:
    code, lines = doctor(run, db)
    assert code == 4
    assert lines == [f"{db}: no data file here yet (it is created on the first write)"]
    assert not db.exists()


def _third_attempt(data: dict[str, Any]) -> None:
    extra = dict(complaint_of(data, EMS, 2), id="cafe00000003", attempt=3)
    data["complaints"]["99"] = extra


def _unknown_parcel(data: dict[str, Any]) -> None:
    complaint_of(data, OTHER, 1)["tracking"] = "ZZ0000000000"


def _events_out_of_order(data: dict[str, Any]) -> None:
    events = complaint_of(data, EMS, 1)["events"]
    events[1]["at"], events[2]["at"] = events[2]["at"], events[1]["at"]


def _no_filing_event(data: dict[str, Any]) -> None:
    complaint_of(data, OTHER, 1)["events"][0]["kind"] = "escalated"


def _filed_before_created(data: dict[str, Any]) -> None:
    complaint_of(data, OTHER, 1)["events"][0]["at"] = "2026-02-01T10:00:00+08:00"


def _unreadable_parcel(data: dict[str, Any]) -> None:
    data["parcels"]["1"]["weight"] = "heavy"


def _naive_parcel_instant(data: dict[str, Any]) -> None:
    data["parcels"]["1"]["created_at"] = "2026-03-01T10:00:00"  # no offset: not comparable


def _naive_event_instant(data: dict[str, Any]) -> None:
    complaint_of(data, EMS, 1)["events"][1]["at"] = "2026-03-13T10:00:00"


def _duplicate_parcel(data: dict[str, Any]) -> None:
    data["parcels"]["77"] = dict(data["parcels"]["1"])


@pytest.mark.parametrize(
    ("damage", "expected"),
    [
        pytest.param(_third_attempt, f"parcel {EMS}: 3 complaint attempts (the limit is 2)", id="attempts-over-2"),
        pytest.param(_unknown_parcel, "tracking: ZZ0000000000 is not a parcel on the desk", id="unknown-parcel"),
        pytest.param(_events_out_of_order, "events[2].at: before the event it follows: events out of order", id="events-out-of-order"),
        pytest.param(_no_filing_event, "events[0].kind: the first event must be the filing", id="no-filing-event"),
        pytest.param(_filed_before_created, f"filed before parcel {OTHER} was created", id="filed-before-created"),
        pytest.param(_unreadable_parcel, f"parcels #1 ({EMS}): weight: not a weight in kg: 'heavy'", id="unreadable-parcel"),
        pytest.param(_duplicate_parcel, f"parcels #77 ({EMS}): tracking: stored twice (also parcels #1)", id="stored-twice"),
        pytest.param(
            _naive_parcel_instant, f"parcels #1 ({EMS}): created_at: '2026-03-01T10:00:00' has no UTC offset", id="naive-parcel-instant"
        ),
        pytest.param(_naive_event_instant, "events[1].at: '2026-03-13T10:00:00' has no UTC offset", id="naive-event-instant"),
    ],
)
def test_problems_are_reported_and_the_file_is_left_alone(
    run: Run, good_file: Path, damage: Callable[[dict[str, Any]], None], expected: str
) -> None:
    edit(good_file, damage)
    code, lines = doctor(run, good_file)
    assert code == 4
    assert lines, "doctor found nothing"
    assert all(line.startswith(f"{good_file}: ") for line in lines)
    assert any(expected in line for line in lines), lines


def test_several_problems_are_all_listed(run: Run, good_file: Path) -> None:
    edit(good_file, lambda data: (_third_attempt(data), _unknown_parcel(data), _events_out_of_order(data)))
    code, lines = doctor(run, good_file)
    assert code == 4
    assert len(lines) >= 3
    text = "\n".join(lines)
    assert "3 complaint attempts" in text and "is not a parcel on the desk" in text and "out of order" in text


def test_doctor_in_a_fresh_interpreter(run_sub: Run, good_file: Path) -> None:
    before = good_file.read_bytes()
    result = run_sub("doctor")
    assert (result.code, result.out.strip(), result.err) == (0, f"{good_file}: OK", "")
    edit(good_file, _third_attempt)
    damaged = good_file.read_bytes()
    result = run_sub("doctor")
    assert result.code == 4
    assert "3 complaint attempts" in result.out
    assert good_file.read_bytes() == damaged != before
