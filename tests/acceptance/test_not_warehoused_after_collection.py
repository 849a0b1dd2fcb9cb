"""RULES 2: the not-warehoused window opens 48 hours after collection. A parcel imported from an
order export has no collection instant: the refusal says to record it, and `parcel set
--collected` records it (as `--created` corrects the creation the export stood in for), checked
like every change (RULES 5: not collected before it was created)."""

from __future__ import annotations

from tests.acceptance.conftest import Cli
from tests.cli.helpers import EMS

CREATED = "2026-01-01T00:00:00+08:00"


def test_record_the_collection_then_file_not_warehoused(cli: Cli) -> None:
    cli.now("2026-02-01T12:00:00+08:00").add(created=CREATED, collected=None, status="lost")
    refused = cli.refused(3, "complaint", "file", EMS, "--type", "not-warehoused", "--at", "2026-01-10T00:00:00+08:00")
    assert "collected" in refused.err
    cli.ok("parcel", "set", EMS, "--collected", "2026-01-01T16:00:00Z")  # 2026-01-02 00:00 in Shanghai
    assert cli.json("parcel", "show", EMS)["collected_at"] == "2026-01-02T00:00:00+08:00"
    too_early = cli.refused(3, "complaint", "file", EMS, "--type", "not-warehoused", "--at", "2026-01-03T23:59:59+08:00")
    assert "2026-01-04 00:00:00 +08:00" in too_early.err
    cli.ok("complaint", "file", EMS, "--type", "not-warehoused", "--at", "2026-01-04T00:00:00+08:00")


def test_collected_before_created_is_refused_naming_both(cli: Cli) -> None:
    cli.now("2026-02-01T12:00:00+08:00").add(created=CREATED, status="lost")
    refused = cli.refused(2, "parcel", "set", EMS, "--collected", "2025-12-31T23:59:59+08:00")
    assert "--collected" in refused.err or "collected" in refused.err
    assert "2026-01-01" in refused.err


def test_created_can_be_corrected(cli: Cli) -> None:
    cli.now("2026-06-01T12:00:00+08:00").add(created=CREATED, status="lost")
    cli.ok("parcel", "set", EMS, "--created", "2026-02-01T10:00:00+08:00")
    assert cli.json("parcel", "show", EMS)["created_at"] == "2026-02-01T10:00:00+08:00"
    late = cli.refused(3, "complaint", "file", EMS, "--type", "damage", "--at", "2026-06-01T10:00:01+08:00")
    assert "2026-06-01 10:00:00 +08:00" in late.err  # 120 days from the corrected creation


def test_collected_one_second_before_created_names_both_seconds(cli: Cli) -> None:
    cli.now("2026-02-01T12:00:00+08:00").add(created="2026-01-01T10:00:30+08:00", status="lost")
    refused = cli.refused(2, "parcel", "set", EMS, "--collected", "2026-01-01T10:00:29+08:00")
    assert "2026-01-01 10:00:29 +08:00" in refused.err and "2026-01-01 10:00:30 +08:00" in refused.err
    cli.ok("parcel", "set", EMS, "--collected", "2026-01-01T10:00:30+08:00")  # the same instant is not before
