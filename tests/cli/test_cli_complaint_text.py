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
