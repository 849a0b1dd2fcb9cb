"""`claimdesk complaint file / reply / escalate / close`: exit 3 for every rule refusal, nothing written.

The parcel is docs/rules.md's EMS example, created 2026-03-01 10:00 Shanghai and lost; the clock is
pinned at 2026-03-20 10:00 (a Friday). Its loss window opens 10 days after creation
(2026-03-11 10:00) and closes 120 days after it (2026-06-29 10:00).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.cli.helpers import EMS, Run, add_args, refused


def attempts(run: Run) -> int:
    [record] = json.loads(run("parcel", "list", "--json").out)
    return record["attempts_used"]


def test_file_records_attempt_one_and_says_where_to_file(run: Run, parcel: str) -> None:
    result = run("complaint", "file", parcel, "--type", "loss", "--note", "Tracking silent since 1 March")
    assert result.code == 0, result.err
    assert result.out.splitlines() == [
        f"Recorded loss complaint on {EMS}: attempt 1 of 2.",
        f"File it on the platform: Logistics → International Parcel Order → Transaction → Complaint; paste {EMS} and choose 'loss'.",
        "Chamber reply due 2026-03-30 10:00 +08:00.",
    ]
    assert attempts(run) == 1


def test_window_edges_to_the_second(run: Run, db: Path, parcel: str) -> None:
    refused(
        run,
        db,
        3,
        "complaint",
        "file",
        parcel,
        "--type",
        "loss",
        "--at",
        "2026-03-11T09:59:59+08:00",
        words=("too early", "opens 2026-03-11 10:00:00 +08:00", "closes 2026-06-29 10:00:00 +08:00"),
    )
    assert run("complaint", "file", parcel, "--type", "loss", "--at", "2026-03-11T10:00:00+08:00").code == 0


def test_filing_after_the_window_closed_is_refused(run: Run, db: Path, parcel: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CLAIMDESK_NOW", "2026-06-29T10:00:01+08:00")  # an --at that late would be in the future
    refused(
        run,
        db,
        3,
        "complaint",
        "file",
        parcel,
        "--type",
        "loss",
        words=("too late", "closed 2026-06-29 10:00:00 +08:00"),
    )


def test_delay_window_not_open_yet(run: Run, db: Path, parcel: str) -> None:
    # delay opens 30 days after creation: 2026-03-31 10:00, after the pinned now.
    refused(run, db, 3, "complaint", "file", parcel, "--type", "delay", words=("too early", "2026-03-31 10:00:00"))


def test_one_open_complaint_at_a_time(run: Run, db: Path, parcel: str) -> None:
    assert run("complaint", "file", parcel, "--type", "loss").code == 0
    refused(run, db, 3, "complaint", "file", parcel, "--type", "damage", words=("already has an open complaint",))
    assert attempts(run) == 1


def test_third_attempt_is_refused_whatever_the_type(run: Run, db: Path, parcel: str) -> None:
    assert run("complaint", "file", parcel, "--type", "loss").code == 0
    assert run("complaint", "close", parcel, "--outcome", "withdrawn").code == 0
    second = run("complaint", "file", parcel, "--type", "fee-dispute")
    assert second.code == 0
    assert "attempt 2 of 2 (last attempt)" in second.out
    assert run("complaint", "close", parcel, "--outcome", "withdrawn").code == 0
    for ctype in ("loss", "other", "weight-discrepancy"):
        refused(run, db, 3, "complaint", "file", parcel, "--type", ctype, words=("both of its 2",))
    assert attempts(run) == 2


def test_offline_parcels_are_not_platform_complaints(run: Run, db: Path) -> None:
    assert run(*add_args(tracking="DHL-12345678", service="offline")).code == 0
    refused(run, db, 3, "complaint", "file", "DHL-12345678", "--type", "loss", words=("third-party",))


def test_agreed_reply_resolves(run: Run, parcel: str) -> None:
    assert run("complaint", "file", parcel, "--type", "loss").code == 0
    result = run("complaint", "reply", parcel, "--agreed")
    assert (result.code, result.out) == (0, f"{EMS}: the chamber agreed; complaint resolved.\n")
    # Resolved: the loss complaint got what it asked, so the parcel stops asking for another
    # (docs/rules.md 5, finished parcels stop asking); attempt 2 stays possible if the seller wants it.
    assert json.loads(run("due", "--json").out) == []
    assert attempts(run) == 1


def test_no_agreement_then_escalate_then_close(run: Run, parcel: str) -> None:
    assert run("complaint", "file", parcel, "--type", "loss").code == 0
    reply = run("complaint", "reply", parcel, "--no-agreement")
    assert reply.out == f"{EMS}: no agreement. Appeal online by 2026-04-04 10:00 +08:00.\n"
    escalated = run("complaint", "escalate", parcel)
    # Friday 2026-03-20 10:00 + 1 working day: Monday 2026-03-23 10:00.
    assert escalated.out == f"{EMS}: escalated. Cainiao should intervene by 2026-03-23 10:00 +08:00.\n"
    closed = run("complaint", "close", parcel, "--outcome", "compensated", "--claimed", "800", "--received", "620")
    assert closed.code == 0, closed.err
    assert closed.out == f"{EMS}: closed as compensated, received ¥620.00 of ¥800.00 claimed.\n"


def test_wrong_lifecycle_stage_is_refused(run: Run, db: Path, parcel: str) -> None:
    refused(run, db, 3, "complaint", "reply", parcel, "--agreed", words=("no complaint",))
    refused(run, db, 3, "complaint", "escalate", parcel, words=("no complaint",))
    refused(run, db, 3, "complaint", "close", parcel, "--outcome", "withdrawn", words=("no complaint",))
    assert run("complaint", "file", parcel, "--type", "loss").code == 0
    refused(run, db, 3, "complaint", "escalate", parcel, words=("too early to escalate", "2026-03-30 10:00:00"))
    refused(run, db, 3, "complaint", "close", parcel, "--outcome", "compensated", words=("withdrawn",))
    assert run("complaint", "reply", parcel, "--no-agreement").code == 0
    refused(run, db, 3, "complaint", "reply", parcel, "--no-agreement", words=("already recorded",))
    assert run("complaint", "escalate", parcel).code == 0
    refused(run, db, 3, "complaint", "escalate", parcel, words=("cannot be escalated (stage: escalated",))
    refused(run, db, 3, "complaint", "reply", parcel, "--agreed", words=("cannot be recorded now (stage: escalated",))
    assert run("complaint", "close", parcel, "--outcome", "rejected").code == 0
    refused(run, db, 3, "complaint", "close", parcel, "--outcome", "withdrawn", words=("cannot be closed again",))


def test_escalation_window_closed(run: Run, db: Path, monkeypatch: pytest.MonkeyPatch, parcel: str) -> None:
    assert run("complaint", "file", parcel, "--type", "loss", "--at", "2026-03-11T10:00:00+08:00").code == 0
    # chamber due 03-21 10:00, appeal window closes 15 days later: 04-05 10:00.
    monkeypatch.setenv("CLAIMDESK_NOW", "2026-04-05T10:00:01+08:00")
    refused(run, db, 3, "complaint", "escalate", parcel, words=("too late to escalate", "2026-04-05 10:00:00"))


@pytest.mark.parametrize(
    ("args", "words"),
    [
        pytest.param(["file", EMS, "--type", "lossy"], ("--type", "lossy"), id="type"),
        pytest.param(["file", EMS, "--type", "loss", "--at", "2026-13-01"], ("--at",), id="at-month-13"),
        pytest.param(["file", EMS, "--type", "loss", "--at", "2026-03-15T10:00:00 Mars/Olympus"], ("--at",), id="at-zone"),
        pytest.param(["file", EMS, "--type", "loss", "--note", "bell\x07"], ("--note", "control"), id="note-control"),
        pytest.param(["file", EMS, "--type", "loss", "--note", "长" * 2001], ("--note", "2000"), id="note-too-long"),
        pytest.param(["file", "NOPE1234", "--type", "loss"], ("NOPE1234",), id="unknown-parcel"),
        pytest.param(["file", EMS], ("--type",), id="type-missing"),
        pytest.param(["reply", EMS, "--agreed", "--no-agreement"], ("--agreed",), id="reply-both"),
        pytest.param(["reply", EMS], ("--agreed",), id="reply-neither"),
        pytest.param(["close", EMS, "--outcome", "won"], ("--outcome", "won"), id="outcome"),
        pytest.param(["close", EMS, "--outcome", "compensated", "--received", "NaN"], ("--received",), id="received-nan"),
        pytest.param(["close", EMS, "--outcome", "compensated", "--claimed", "1.005"], ("--claimed",), id="claimed-decimals"),
        pytest.param(["escalate", EMS, "--at", "yesterday"], ("--at",), id="escalate-at"),
    ],
)
def test_bad_input_is_exit_2_naming_the_option(run: Run, db: Path, parcel: str, args: list[str], words: tuple) -> None:
    assert run("complaint", "file", parcel, "--type", "loss", "--at", "2026-03-12T10:00:00+08:00").code == 0
    assert run("complaint", "reply", parcel, "--no-agreement", "--at", "2026-03-13T10:00:00+08:00").code == 0
    assert run("complaint", "escalate", parcel, "--at", "2026-03-14T10:00:00+08:00").code == 0
    if args[0] == "file":
        assert run("complaint", "close", parcel, "--outcome", "withdrawn").code == 0
    refused(run, db, 2, "complaint", *args, words=words)


def test_events_cannot_go_back_in_time(run: Run, db: Path, parcel: str) -> None:
    assert run("complaint", "file", parcel, "--type", "loss", "--at", "2026-03-15T10:00:00+08:00").code == 0
    refused(run, db, 2, "complaint", "reply", parcel, "--no-agreement", "--at", "2026-03-15T09:59:59+08:00", words=("--at",))


def test_received_only_on_compensated(run: Run, db: Path, parcel: str) -> None:
    assert run("complaint", "file", parcel, "--type", "loss").code == 0
    refused(run, db, 2, "complaint", "close", parcel, "--outcome", "withdrawn", "--received", "10", words=("--received",))


def test_intervention_only_after_escalation(run: Run, db: Path, parcel: str) -> None:
    assert run("complaint", "file", parcel, "--type", "loss").code == 0
    refused(run, db, 3, "complaint", "intervene", parcel, words=("only after escalation",))
    assert run("complaint", "reply", parcel, "--no-agreement").code == 0
    assert run("complaint", "escalate", parcel).code == 0
    result = run("complaint", "intervene", parcel)
    assert (result.code, result.out) == (0, f"{EMS}: Cainiao intervened; under review.\n")
    assert json.loads(run("due", "--json").out) == []  # under review: no clock runs
    assert run("complaint", "close", parcel, "--outcome", "compensated", "--received", "800").code == 0
