"""`claimdesk complaint text TRACKING [--lang zh|en]` (issue 10, item 11)."""

from __future__ import annotations

from pathlib import Path

from tests.cli.helpers import EMS, Run, add_args, assert_one_line_error, snapshot


def test_text_defaults_to_chinese_and_english_on_request(run: Run) -> None:
    assert run(*add_args(carrier="China Post")).code == 0
    assert run("complaint", "file", EMS, "--type", "loss", "--at", "2026-03-18T10:00:00+08:00").code == 0

    chinese = run("complaint", "text", EMS)
    assert chinese.code == 0, chinese.err
    assert "货物丢失" in chinese.out and EMS in chinese.out and "8100000000000001" in chinese.out
    assert "2026-03-18 10:00 +08:00" in chinese.out and "¥800.00" in chinese.out

    english = run("complaint", "text", EMS, "--lang", "en")
    assert english.code == 0, english.err
    assert english.out.startswith("Logistics complaint: loss (attempt 1 of 2)\n")
    assert "Complaint filed: 2026-03-18 10:00 +08:00" in english.out


def test_no_complaint_is_exit_3_and_an_unknown_parcel_exit_2(run: Run, db: Path) -> None:
    assert run(*add_args()).code == 0
    before = snapshot(db)
    assert_one_line_error(run("complaint", "text", EMS, "--lang", "en"), 3, EMS, "file one first")
    assert_one_line_error(run("complaint", "text", "EE000000000CN", "--lang", "en"), 2, "EE000000000CN")
    assert snapshot(db) == before


def test_evidence_ticked_on_the_command_line_is_in_the_text_in_its_language(run: Run) -> None:
    """Issue 20, item 1: `complaint file … --evidence KEY` (repeatable), as the wizard ticks it."""
    assert run(*add_args(carrier="China Post")).code == 0
    import subprocess
    import sys

    shown = subprocess.run(
        [sys.executable, "-m", "claimdesk", "--lang", "en", "complaint", "file", "--help"], capture_output=True, text=True, check=True
    ).stdout
    assert all(key in shown for key in ("tracking", "history", "buyer", "photos", "value", "fees", "scale"))
    filed = run(
        "complaint", "file", EMS, "--type", "loss", "--at", "2026-03-18T10:00:00+08:00", "--evidence", "tracking", "--evidence", "buyer"
    )
    assert filed.code == 0, filed.err
    chinese = run("complaint", "text", EMS).out
    assert "- 运单号和物流订单页面" in chinese and "Tracking number" not in chinese
    english = run("complaint", "text", EMS, "--lang", "en").out
    assert "- Tracking number and the logistics order page" in english
    assert "- The buyer's message or dispute" in english


def test_evidence_the_type_does_not_ask_for_is_refused_and_nothing_is_filed(run: Run, db: Path) -> None:
    assert run(*add_args()).code == 0
    before = snapshot(db)
    refused = run("complaint", "file", EMS, "--type", "loss", "--at", "2026-03-18T10:00:00+08:00", "--evidence", "scale")
    assert_one_line_error(refused, 2, "scale", "tracking")
    assert snapshot(db) == before
    unknown = run("complaint", "file", EMS, "--type", "loss", "--evidence", "selfie")
    assert unknown.code == 2 and "selfie" in unknown.err
