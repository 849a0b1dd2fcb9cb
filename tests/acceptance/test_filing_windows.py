"""RULES 2: each type's window opening, the 120-day close to the second, two attempts, one open
complaint at a time, offline claims outside the attempts."""

from __future__ import annotations

import pytest

from tests.acceptance.conftest import Cli
from tests.cli.helpers import EMS

CREATED = "2025-12-01T10:00:00+08:00"  # + 120 natural days = 2026-03-31 10:00:00 (30 + 31 + 28 + 31)
CLOSES = "2026-03-31T10:00:00+08:00"
LATE = "2026-04-01T12:00:00+08:00"  # the clock, after every instant below


def parcel(cli: Cli, status: str = "damaged", **fields: str | None) -> None:
    cli.now(LATE).add(created=CREATED, status=status, **fields)


def file(cli: Cli, ctype: str, at: str) -> object:
    return cli("complaint", "file", EMS, "--type", ctype, "--at", at)


@pytest.mark.parametrize("ctype", ["damage", "partial-loss", "fee-dispute", "weight-discrepancy", "size-discrepancy", "other"])
def test_types_open_at_creation_and_close_at_120_days_to_the_second(cli: Cli, ctype: str) -> None:
    parcel(cli)
    result = cli.refused(3, "complaint", "file", EMS, "--type", ctype, "--at", "2026-03-31T10:00:01+08:00")
    assert "2026-03-31 10:00:00 +08:00" in result.err and "closed" in result.err
    assert cli.ok("complaint", "file", EMS, "--type", ctype, "--at", CLOSES).code == 0  # the last second is inside


def test_at_creation_is_inside_the_window(cli: Cli) -> None:
    parcel(cli)
    cli.ok("complaint", "file", EMS, "--type", "damage", "--at", CREATED)


def test_the_window_one_second_before_the_close(cli: Cli) -> None:
    parcel(cli)
    cli.ok("complaint", "file", EMS, "--type", "other", "--at", "2026-03-31T09:59:59+08:00")


@pytest.mark.parametrize(
    ("ctype", "extra", "opens", "before"),
    [
        ("delay", {}, "2025-12-31 10:00:00 +08:00", "2025-12-31T09:59:59+08:00"),  # 30 days after creation
        ("loss", {}, "2025-12-11 10:00:00 +08:00", "2025-12-11T09:59:59+08:00"),  # 10 days after creation
        ("loss", {"last_tracking": "2026-01-05T08:00:00+08:00"}, "2026-01-15 08:00:00 +08:00", "2026-01-15T07:59:59+08:00"),
        ("not-warehoused", {"collected": "2025-12-02T09:30:00+08:00"}, "2025-12-04 09:30:00 +08:00", "2025-12-04T09:29:59+08:00"),
    ],
)
def test_windows_open_to_the_second(cli: Cli, ctype: str, extra: dict[str, str], opens: str, before: str) -> None:
    parcel(cli, status="lost", **extra)
    result = cli.refused(3, "complaint", "file", EMS, "--type", ctype, "--at", before)
    assert opens in result.err, result.err
    at = opens.replace(" +08:00", "+08:00").replace(" ", "T")
    cli.ok("complaint", "file", EMS, "--type", ctype, "--at", at)


def test_a_third_complaint_is_refused_whatever_its_type(cli: Cli) -> None:
    parcel(cli)
    cli.ok("complaint", "file", EMS, "--type", "damage", "--at", "2026-01-01T10:00:00+08:00")
    cli.ok("complaint", "reply", EMS, "--agreed", "--at", "2026-01-02T10:00:00+08:00")  # resolved
    cli.ok("complaint", "file", EMS, "--type", "other", "--at", "2026-01-03T10:00:00+08:00")
    cli.ok("complaint", "close", EMS, "--outcome", "withdrawn", "--at", "2026-01-04T10:00:00+08:00")
    for ctype in ("damage", "fee-dispute", "other"):
        result = cli.refused(3, "complaint", "file", EMS, "--type", ctype, "--at", "2026-01-05T10:00:00+08:00")
        assert "two" in result.err or "2" in result.err
    shown = cli.json("parcel", "show", EMS)
    assert (shown["attempts_used"], shown["attempts_left"]) == (2, 0)


def test_one_open_complaint_at_a_time(cli: Cli) -> None:
    parcel(cli)
    cli.ok("complaint", "file", EMS, "--type", "damage", "--at", "2026-01-01T10:00:00+08:00")
    cli.refused(3, "complaint", "file", EMS, "--type", "other", "--at", "2026-01-02T10:00:00+08:00")
    assert cli.json("parcel", "show", EMS)["attempts_used"] == 1


def test_the_second_attempt_after_the_first_ended_and_not_dated_before_it(cli: Cli) -> None:
    parcel(cli)
    cli.ok("complaint", "file", EMS, "--type", "damage", "--at", "2026-01-01T10:00:00+08:00")
    cli.ok("complaint", "close", EMS, "--outcome", "withdrawn", "--at", "2026-01-10T10:00:00+08:00")
    cli.refused(3, "complaint", "file", EMS, "--type", "other", "--at", "2026-01-09T10:00:00+08:00")
    cli.ok("complaint", "file", EMS, "--type", "other", "--at", "2026-01-10T10:00:00+08:00")


def test_an_offline_claim_uses_no_attempt(cli: Cli) -> None:
    cli.now(LATE).add(tracking="LP00123456789012", service="offline", created=CREATED, carrier="Yanwen")
    result = cli.ok("complaint", "third-party", "LP00123456789012", "--follow-up", "2026-04-08T10:00:00+08:00")
    shown = cli.json("parcel", "show", "LP00123456789012")
    assert (shown["attempts_used"], shown["attempts_left"]) == (0, 2), result.out
    [row] = [row for row in cli.due() if row["tracking"] == "LP00123456789012"]
    assert (row["clock"], row["due"]) == ("follow-up", "2026-04-08T10:00:00+08:00")


def test_a_filing_retracted_no_longer_counts_as_an_attempt(cli: Cli) -> None:
    parcel(cli)
    cli.ok("complaint", "file", EMS, "--type", "damage", "--at", "2026-01-01T10:00:00+08:00")
    cli.ok("complaint", "undo", EMS, "--reason", "never filed on the platform")
    shown = cli.json("parcel", "show", EMS)
    assert (shown["attempts_used"], shown["attempts_left"]) == (0, 2)
