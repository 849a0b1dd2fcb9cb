"""RULES 5: missed deadlines (grace 7 days, the last second included), archived parcels read-only,
retraction, nothing in the future."""

from __future__ import annotations

import pytest

from tests.acceptance.conftest import Cli
from tests.cli.helpers import EMS, add_args

CREATED = "2025-12-01T10:00:00+08:00"  # filing window closes 2026-03-31 10:00:00
GRACE_END = "2026-04-07T10:00:00+08:00"


@pytest.mark.parametrize(
    ("now", "listed", "remaining"),
    [
        ("2026-03-31T10:00:00+08:00", False, 0),  # closes now: not missed yet
        ("2026-03-31T10:00:01+08:00", True, -1),
        ("2026-04-07T09:59:59+08:00", True, -(7 * 86400 - 1)),
        (GRACE_END, True, -7 * 86400),  # the last second of the grace is included
        ("2026-04-07T10:00:01+08:00", None, None),  # gone
    ],
)
def test_a_missed_filing_window_is_overdue_for_the_grace_then_gone(cli: Cli, now: str, listed: bool | None, remaining: int | None) -> None:
    cli.now("2026-01-01T00:00:00+08:00").add(created=CREATED, status="lost")
    cli.now(now)
    rows = [row for row in cli.due() if row["clock"] == "filing-window-closes"]
    notify = cli("due", "--notify").code
    if listed is None:
        assert rows == [] and notify == 0
        assert "Nothing due." in cli.ok("due").out
        assert "OVERDUE" not in cli.ok("due").out
        return
    [row] = rows
    assert (row["due"], row["missed"], row["remaining_seconds"]) == ("2026-03-31T10:00:00+08:00", listed, remaining)
    assert notify == 1
    if listed:
        assert "OVERDUE (missed)" in cli.ok("due").out


def test_a_missed_escalation_window_ends_after_its_grace(cli: Cli) -> None:
    cli.now("2026-02-01T09:30:00+08:00").add(created="2026-01-20T10:00:00+08:00", status="damaged")
    cli.ok("complaint", "file", EMS, "--type", "damage")
    # reply due 2026-02-11 09:30, appeal window closes 2026-02-26 09:30, grace to 2026-03-05 09:30
    [row] = [r for r in cli.now("2026-03-05T09:30:00+08:00").due() if r["clock"] == "escalation-window-closes"]
    assert (row["due"], row["missed"]) == ("2026-02-26T09:30:00+08:00", True)
    assert cli("due", "--notify").code == 1
    cli.now("2026-03-05T09:30:01+08:00")
    assert [r for r in cli.due() if r["tracking"] == EMS and r["clock"] == "escalation-window-closes"] == []
    cli.refused(3, "complaint", "escalate", EMS)


def test_the_grace_is_a_setting(cli: Cli) -> None:
    cli.now("2026-01-01T00:00:00+08:00").add(created=CREATED, status="lost")
    set_settings(cli, missed_grace_days=1)
    cli.now("2026-04-01T10:00:01+08:00")
    assert [r for r in cli.due() if r["clock"] == "filing-window-closes"] == []
    cli.now("2026-04-01T10:00:00+08:00")
    assert [r["missed"] for r in cli.due() if r["clock"] == "filing-window-closes"] == [True]


def test_an_archived_parcel_is_read_only_until_unarchived(cli: Cli) -> None:
    cli.add(status="in-transit")
    cli.ok("parcel", "archive", EMS)
    assert cli.json("parcel", "list") == []
    cli.refused(3, "parcel", "set", EMS, "--status", "lost")
    cli.refused(3, "parcel", "set", EMS, "--weight", "2")
    assert cli.due() == []
    cli.ok("parcel", "unarchive", EMS)
    cli.ok("parcel", "set", EMS, "--status", "lost")
    assert cli.json("parcel", "show", EMS)["status"] == "lost"


def test_import_update_reports_an_archived_parcel_and_goes_on(cli: Cli) -> None:
    cli.add(status="in-transit")
    cli.add(tracking="EE100000140CN", status="in-transit")
    cli.ok("parcel", "archive", EMS)
    csv = cli.db.parent / "update.csv"
    csv.write_text(f"tracking,status\n{EMS},lost\nEE100000140CN,lost\n", encoding="utf-8")
    result = cli("import", csv, "--update")
    assert EMS in result.err and "archived" in result.err, result.err
    assert cli.json("parcel", "show", "EE100000140CN")["status"] == "lost"
    assert cli.json("parcel", "show", EMS)["status"] == "in-transit"


def test_only_a_parcel_without_complaints_can_be_deleted(cli: Cli) -> None:
    cli.add(status="damaged")
    cli.ok("complaint", "file", EMS, "--type", "damage", "--at", "2026-03-10T10:00:00+08:00")
    cli.refused(3, "parcel", "delete", EMS)


def test_a_retracted_no_agreement_reply_restores_the_clocks(cli: Cli) -> None:
    cli.now("2026-02-05T00:00:00+08:00").add(created="2026-01-20T10:00:00+08:00", status="damaged")
    cli.ok("complaint", "file", EMS, "--type", "damage", "--at", "2026-02-01T09:30:00+08:00")
    cli.ok("complaint", "reply", EMS, "--no-agreement", "--at", "2026-02-03T15:00:00+08:00")
    assert cli.clocks(EMS)["escalation-window-closes"]["due"] == "2026-02-18T15:00:00+08:00"
    cli.ok("complaint", "undo", EMS, "--reason", "typed on the wrong parcel")
    clocks = cli.clocks(EMS)
    assert clocks["chamber-reply"]["due"] == "2026-02-11T09:30:00+08:00"
    assert "escalation-window-closes" not in clocks
    cli.refused(3, "complaint", "escalate", EMS, "--at", "2026-02-04T00:00:00+08:00")


def test_nothing_is_dated_in_the_future(cli: Cli) -> None:
    cli.now("2026-03-20T10:00:00+08:00")
    future = "2026-03-20T11:00:00+08:00"
    result = cli(*add_args(created=future))
    assert result.code in (2, 3) and "future" in result.err, result.err
    cli.add(status="damaged")
    before = cli.db.read_bytes()
    result = cli("complaint", "file", EMS, "--type", "damage", "--at", future)
    assert result.code in (2, 3) and "future" in result.err, result.err
    assert cli.db.read_bytes() == before
    cli.ok("complaint", "file", EMS, "--type", "damage", "--at", "2026-03-20T10:01:00+08:00")  # minutes of drift


def set_settings(cli: Cli, **changes: object) -> None:
    from claimdesk.services import Desk

    desk = Desk.open(cli.db)
    desk.update_settings(**changes)
    desk.close()
