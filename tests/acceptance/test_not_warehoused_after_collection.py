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


def test_the_service_an_export_guessed_can_be_corrected(cli: Cli) -> None:
    """An order export names the buyer's shipping method, not the service: the seller corrects it,
    and an EMS parcel still needs its S10 number."""
    cli.now("2026-03-20T12:00:00+08:00").add(tracking="LP00123456789012", service="special-line", status="lost")
    cli.ok("parcel", "set", "LP00123456789012", "--service", "offline")
    assert cli.json("parcel", "show", "LP00123456789012")["service"] == "offline"
    refused = cli.refused(2, "parcel", "set", "LP00123456789012", "--service", "ems")
    assert "--tracking" in refused.err or "S10" in refused.err


def test_a_service_change_that_would_orphan_a_complaint_is_refused(cli: Cli) -> None:
    """RULES 5: every change keeps the record consistent. A platform complaint cannot sit on an
    offline-delivery parcel, nor a third-party claim on a platform one."""
    cli.now("2026-03-20T12:00:00+08:00").add(status="damaged")
    cli.ok("complaint", "file", EMS, "--type", "damage", "--at", "2026-03-05T10:00:00+08:00")
    refused = cli.refused(3, "parcel", "set", EMS, "--service", "offline")
    assert "platform complaint" in refused.err and "nothing was changed" in refused.err
    cli.add(tracking="LP00123456789012", service="offline", carrier="Yanwen", status="lost")
    cli.ok("complaint", "third-party", "LP00123456789012", "--at", "2026-03-06T10:00:00+08:00")
    refused = cli.refused(3, "parcel", "set", "LP00123456789012", "--service", "special-line")
    assert "third-party claim" in refused.err
