"""Issue 19, item 1: money received goes to the complaint that closed compensated, also after a
later attempt was filed; payments add up; one above the amount claimed needs --force (exit 2
without it, naming both amounts). Now is pinned at 2026-03-20 10:00 Shanghai.

Before the fix `complaint received` looked only at the latest complaint: once attempt 2 was
filed, attempt 1's money could never be recorded.
"""

from __future__ import annotations

import json
from pathlib import Path

from tests.cli.helpers import EMS, Run, add_args, snapshot


def ok(run: Run, *args: object) -> str:
    result = run(*args)
    assert result.code == 0, (args, result.err)
    return result.out


def compensated_then_second_attempt(run: Run) -> None:
    ok(run, *add_args(status="damaged"))
    ok(run, "complaint", "file", EMS, "--type", "damage", "--at", "2026-03-02T10:00:00+08:00")
    ok(run, "complaint", "reply", EMS, "--agreed", "--at", "2026-03-03T10:00:00+08:00")
    ok(run, "complaint", "close", EMS, "--outcome", "compensated", "--claimed", "800", "--at", "2026-03-04T10:00:00+08:00")
    ok(run, "complaint", "file", EMS, "--type", "fee-dispute", "--at", "2026-03-05T10:00:00+08:00")


def ledger(run: Run, tmp_path: Path) -> list[str]:
    target = tmp_path / "ledger.csv"
    ok(run, "export", target, "--complaints", "--force")
    return target.read_text(encoding="utf-8-sig").splitlines()


def test_money_for_attempt_1_is_recorded_after_attempt_2_was_filed(run: Run, db: Path) -> None:
    compensated_then_second_attempt(run)
    out = ok(run, "complaint", "received", EMS, "--amount", "300", "--at", "2026-03-10T10:00:00+08:00")
    assert "300.00" in out and "800.00" in out
    ok(run, "complaint", "received", EMS, "--amount", "200", "--attempt", "1", "--at", "2026-03-11T10:00:00+08:00")
    data = json.loads(db.read_text())
    first = next(c for c in data["complaints"].values() if c["attempt"] == 1)
    assert [e["received"] for e in first["events"] if e["kind"] == "received"] == ["300.00", "200.00"]
    assert run("doctor").code == 0


def test_a_payment_above_the_amount_claimed_needs_force(run: Run, db: Path) -> None:
    compensated_then_second_attempt(run)
    ok(run, "complaint", "received", EMS, "--amount", "700", "--at", "2026-03-10T10:00:00+08:00")
    before = snapshot(db)
    refused = run("complaint", "received", EMS, "--amount", "150", "--at", "2026-03-11T10:00:00+08:00")
    assert refused.code == 2
    assert "850.00" in refused.err and "800.00" in refused.err and "--force" in refused.err
    assert len(refused.err.splitlines()) == 1
    assert snapshot(db) == before
    ok(run, "complaint", "received", EMS, "--amount", "150", "--force", "--at", "2026-03-11T10:00:00+08:00")


def test_a_payment_for_an_attempt_that_was_not_compensated_is_refused(run: Run) -> None:
    compensated_then_second_attempt(run)
    refused = run("complaint", "received", EMS, "--amount", "10", "--attempt", "2")
    assert refused.code == 3
    missing = run("complaint", "received", EMS, "--amount", "10", "--attempt", "7")
    assert missing.code == 2 and "attempt" in missing.err


def test_stage_retracted_matches_and_the_ledger_shows_each_attempt_once(run: Run, tmp_path: Path) -> None:
    # Issue 19, item 3: one rule for a parcel's stage and for ledger rows.
    ok(run, *add_args())
    ok(run, "complaint", "file", EMS, "--type", "loss", "--at", "2026-03-12T10:00:00+08:00")
    ok(run, "complaint", "undo", EMS, "--reason", "typed by mistake")
    listed = json.loads(ok(run, "parcel", "list", "--stage", "retracted", "--json"))
    assert [row["tracking"] for row in listed] == [EMS] and listed[0]["latest_stage"] == "retracted"
    ok(run, "complaint", "file", EMS, "--type", "loss", "--at", "2026-03-13T10:00:00+08:00")
    assert json.loads(ok(run, "parcel", "list", "--stage", "retracted", "--json")) == []
    assert [row["tracking"] for row in json.loads(ok(run, "parcel", "list", "--stage", "filed", "--json"))] == [EMS]
    rows = ledger(run, tmp_path)
    header = rows[0].split(",")
    attempts = [row.split(",")[header.index("attempt")] for row in rows[1:]]
    stages = [row.split(",")[header.index("stage")] for row in rows[1:]]
    assert attempts == ["", "1"] and stages == ["retracted", "filed"]


def test_third_party_claims_count_under_their_service_in_the_dashboard(run: Run, db: Path) -> None:
    # Issue 19, item 2: the dashboard counted platform complaints only, the ledger both.
    from claimdesk.reports import recovery
    from claimdesk.services import Desk

    ok(run, *add_args(tracking="SF1234567890", service="offline", item="undeclared", declared_value=None))
    ok(
        run,
        "complaint",
        "third-party",
        "SF1234567890",
        "--contact",
        "SF Express",
        "--at",
        "2026-03-10T10:00:00+08:00",
        "--follow-up",
        "2026-03-17T10:00:00+08:00",
    )
    ok(
        run,
        "complaint",
        "close",
        "SF1234567890",
        "--outcome",
        "compensated",
        "--claimed",
        "100",
        "--received",
        "60",
        "--at",
        "2026-03-12T10:00:00+08:00",
    )
    desk = Desk.open(db)
    try:
        report = recovery(desk)
    finally:
        desk.close()
    assert report.total.complaints == 1
    assert report.by_service["offline"].complaints == 1 and report.by_service["offline"].received == 60
    assert report.burned_without_payout == 0
