"""`export FILE.csv --complaints` (the complaint ledger, issue 10 item 9) and `due --ics FILE.ics`
(deadlines in the seller's calendar, item 10): written through the checked export door."""

from __future__ import annotations

import csv
import io
import json
import stat
from datetime import datetime
from pathlib import Path

from icalendar import Calendar

from claimdesk.reports import LEDGER_COLUMNS
from tests.cli.helpers import EMS, Run, add_args, assert_one_line_error, snapshot


def ok(run: Run, *args: object) -> str:
    result = run(*args)
    assert result.code == 0, (args, result.err)
    return result.out


def with_complaints(run: Run) -> None:
    assert run(*add_args()).code == 0
    ok(run, "complaint", "file", EMS, "--type", "loss", "--at", "2026-03-12T10:00:00+08:00")
    ok(run, "complaint", "close", EMS, "--outcome", "withdrawn", "--at", "2026-03-13T10:00:00+08:00")
    ok(run, "complaint", "file", EMS, "--type", "loss", "--at", "2026-03-18T10:00:00+08:00")


def test_export_complaints_writes_one_row_per_complaint(run: Run, tmp_path: Path) -> None:
    with_complaints(run)
    target = tmp_path / "ledger.csv"
    assert ok(run, "export", target, "--complaints") == f"Exported 2 complaint(s) to {target}.\n"
    rows = list(csv.DictReader(io.StringIO(target.read_text(encoding="utf-8-sig"))))
    assert tuple(rows[0]) == LEDGER_COLUMNS
    assert [(r["attempt"], r["stage"], r["filed_at"], r["closed_at"]) for r in rows] == [
        ("1", "withdrawn", "2026-03-12T10:00:00+08:00", "2026-03-13T10:00:00+08:00"),
        ("2", "filed", "2026-03-18T10:00:00+08:00", ""),
    ]
    assert stat.S_IMODE(target.stat().st_mode) == 0o600


def test_export_complaints_refuses_to_replace_without_force_and_the_data_file(run: Run, db: Path, tmp_path: Path) -> None:
    with_complaints(run)
    target = tmp_path / "ledger.csv"
    target.write_text("keep me", encoding="utf-8")
    assert_one_line_error(run("export", target, "--complaints"), 2, "--force")
    assert target.read_text(encoding="utf-8") == "keep me"
    assert ok(run, "export", target, "--complaints", "--force").startswith("Exported 2 complaint(s)")
    before = snapshot(db)
    assert_one_line_error(run("export", db, "--complaints", "--force"), 2, "data file")
    assert snapshot(db) == before


def test_due_ics_writes_one_event_per_clock_of_due_json(run: Run, tmp_path: Path) -> None:
    with_complaints(run)
    assert run(*add_args(tracking="LP0000000001", service="special-line", item="undeclared", declared_value=None)).code == 0
    target = tmp_path / "claimdesk.ics"
    clocks = json.loads(ok(run, "due", "--json"))
    assert ok(run, "due", "--ics", target) == f"Wrote {len(clocks)} deadline(s) to {target}: import it into your calendar.\n"
    every = list(Calendar.from_ical(target.read_bytes()).walk("VEVENT"))
    events = [e for e in every if str(e["status"]) != "CANCELLED"]
    # the filing window's clock ended when the complaint was filed: kept, cancelled (issue 19, item 8)
    assert [str(e["uid"]) for e in every if e not in events] == [f"{EMS}-filing-window-closes@claimdesk"]
    assert [str(e["uid"]) for e in events] == [f"{c['tracking']}-{c['clock']}@claimdesk" for c in clocks]
    assert [e.decoded("dtstart") for e in events] == [datetime.fromisoformat(c["due"]) for c in clocks]
    assert str(events[0]["summary"]).startswith(f"{clocks[0]['tracking']}: ")
    assert stat.S_IMODE(target.stat().st_mode) == 0o600

    within = tmp_path / "soon.ics"
    ok(run, "due", "--ics", within, "--within", "9d")  # only the chamber reply (due 03-28)
    [event] = [e for e in Calendar.from_ical(within.read_bytes()).walk("VEVENT") if str(e["status"]) != "CANCELLED"]
    assert str(event["uid"]) == f"{EMS}-chamber-reply@claimdesk"

    assert_one_line_error(run("due", "--ics", target), 2, "--force")  # an existing file: only with --force
    assert ok(run, "due", "--ics", target, "--force").startswith("Wrote")


def test_due_ics_with_json_is_a_usage_error(run: Run, tmp_path: Path) -> None:
    assert_one_line_error(run("due", "--ics", tmp_path / "x.ics", "--json"), 2, "--json")
    assert not (tmp_path / "x.ics").exists()
