"""Issue 19, "Missed deadlines end", through the command line. Now is pinned at 2026-03-20 10:00
Shanghai; every window closes 120 days after the parcel was created.

Before the fix a closed window stayed OVERDUE in `due` for ever, `due --notify` exited 1 on
every run, and `parcel archive --closed-before` never took the parcel.
"""

from __future__ import annotations

import json
from pathlib import Path

from icalendar import Calendar

from tests.cli.helpers import EMS, Run, add_args

CLOSED_1S_AGO = "2025-11-20T09:59:59+08:00"  # created then: the window closed at 2026-03-20 09:59:59
GRACE_ENDS_NOW = "2025-11-13T10:00:00+08:00"  # closed 2026-03-13 10:00: 7 days ago exactly
GRACE_ENDED_1S_AGO = "2025-11-13T09:59:59+08:00"  # closed 7 days and 1 second ago


def add(run: Run, created: str, tracking: str = EMS) -> None:
    result = run(*add_args(created=created, tracking=tracking, service="ems" if tracking == EMS else "special-line"))
    assert result.code == 0, result.err


def due_json(run: Run) -> list[dict[str, object]]:
    result = run("due", "--json")
    assert result.code == 0, result.err
    return json.loads(result.out)


def test_a_window_closed_a_second_ago_is_listed_as_missed_and_due_notify_exits_1(run: Run) -> None:
    add(run, CLOSED_1S_AGO)
    [row] = due_json(run)
    assert row["clock"] == "filing-window-closes"
    assert row["remaining_seconds"] == -1
    assert row["missed"] is True
    listed = run("due")
    assert listed.code == 0 and "OVERDUE (missed)" in listed.out
    assert run("due", "--notify").code == 1


def test_a_window_not_yet_closed_is_not_missed(run: Run) -> None:
    add(run, "2025-11-20T10:00:00+08:00")  # closes exactly now: still open
    [row] = due_json(run)
    assert row["remaining_seconds"] == 0 and row["missed"] is False


def test_a_missed_window_is_listed_to_the_last_second_of_its_grace(run: Run) -> None:
    add(run, GRACE_ENDS_NOW)
    [row] = due_json(run)
    assert row["missed"] is True and row["remaining_seconds"] == -7 * 86400
    assert run("due", "--notify").code == 1


def test_after_the_grace_a_missed_window_leaves_due_and_the_exit_status(run: Run) -> None:
    add(run, GRACE_ENDED_1S_AGO)
    assert due_json(run) == []
    assert run("due").out == "Nothing due.\n"
    assert run("due", "--notify").code == 0
    assert run("parcel", "list", "--due-within", "1d").out == "No parcels match.\n"


def test_the_grace_period_is_a_setting(run: Run, db: Path) -> None:
    add(run, GRACE_ENDED_1S_AGO)
    from claimdesk.services import Desk

    desk = Desk.open(db)
    desk.update_settings(missed_grace_days=8)
    desk.close()
    [row] = due_json(run)
    assert row["missed"] is True


def test_bulk_archive_takes_a_parcel_whose_every_window_is_missed(run: Run) -> None:
    add(run, CLOSED_1S_AGO)
    add(run, "2026-03-01T10:00:00+08:00", tracking="LP0000000002")  # window open: not finished
    result = run("parcel", "archive", "--closed-before", "2026-03-20T10:00:00+08:00")
    assert result.code == 0, result.err
    assert EMS in result.out and "LP0000000002" not in result.out
    assert due_json(run) == [row for row in due_json(run) if row["tracking"] == "LP0000000002"]


def test_bulk_archive_does_not_take_it_before_it_closed(run: Run) -> None:
    add(run, CLOSED_1S_AGO)
    result = run("parcel", "archive", "--closed-before", "2026-03-20T09:59:59+08:00")
    assert result.code == 0 and EMS not in result.out


def test_the_calendar_names_no_step_that_can_no_longer_be_taken(run: Run, tmp_path: Path) -> None:
    add(run, CLOSED_1S_AGO)
    target = tmp_path / "due.ics"
    assert run("due", "--ics", target).code == 0
    [event] = Calendar.from_ical(target.read_bytes()).walk("VEVENT")
    assert "missed" in str(event["summary"]) and "before the window closes" not in str(event["summary"])


def test_a_missed_window_past_its_grace_is_cancelled_in_the_calendar(run: Run, tmp_path: Path) -> None:
    add(run, GRACE_ENDED_1S_AGO)
    target = tmp_path / "due.ics"
    assert run("due", "--ics", target).code == 0
    [event] = Calendar.from_ical(target.read_bytes()).walk("VEVENT")
    assert str(event["status"]) == "CANCELLED" and str(event["uid"]) == f"{EMS}-filing-window-closes@claimdesk"
