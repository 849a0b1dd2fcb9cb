"""RULES 3: chamber reply due (+10 natural days), the escalation window (15 days from the reply due
or from an earlier "no agreement"), Cainiao intervention due (+1 CN working day; from a
non-working day, 23:59:59 of the first working day after). Dates around 2026's Chinese holidays
and adjusted working weekends (the `holidays` package's CN calendar: 2026-02-14, 02-28, 10-10 are
working Saturdays; 02-15..02-23 and 10-01..10-07 are off)."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from tests.acceptance.conftest import Cli
from tests.cli.helpers import EMS

FILED = "2026-02-01T09:30:00+08:00"


def iso(moment: datetime) -> str:
    return moment.isoformat()


def filed(cli: Cli, at: str = FILED, created: str = "2026-01-20T10:00:00+08:00") -> None:
    cli.now(at).add(created=created, status="damaged")
    cli.ok("complaint", "file", EMS, "--type", "damage", "--at", at)


def test_chamber_reply_due_is_ten_natural_days_after_filing(cli: Cli) -> None:
    filed(cli)
    row = cli.now("2026-02-01T10:00:00+08:00").clocks(EMS)["chamber-reply"]
    assert row["due"] == "2026-02-11T09:30:00+08:00"  # across the Spring Festival: natural days
    assert row["complaint_type"] == "damage"
    assert row["remaining_seconds"] == 10 * 86400 - 1800
    assert set(row) >= {"tracking", "clock", "complaint_type", "due", "remaining_seconds", "missed"}


def test_escalation_opens_at_the_reply_due_and_lasts_fifteen_days(cli: Cli) -> None:
    filed(cli)
    cli.now("2026-03-01T00:00:00+08:00")
    cli.refused(3, "complaint", "escalate", EMS, "--at", "2026-02-11T09:29:59+08:00")
    row = cli.now("2026-02-11T09:30:00+08:00").clocks(EMS)["escalation-window-closes"]
    assert row["due"] == "2026-02-26T09:30:00+08:00"
    cli.now("2026-03-01T00:00:00+08:00")
    cli.refused(3, "complaint", "escalate", EMS, "--at", "2026-02-26T09:30:01+08:00")
    cli.ok("complaint", "escalate", EMS, "--at", "2026-02-26T09:30:00+08:00")


def test_no_agreement_opens_the_escalation_window_early(cli: Cli) -> None:
    filed(cli)
    cli.now("2026-03-01T00:00:00+08:00")
    cli.ok("complaint", "reply", EMS, "--no-agreement", "--at", "2026-02-03T15:00:00+08:00")
    row = cli.now("2026-02-03T15:00:00+08:00").clocks(EMS)["escalation-window-closes"]
    assert row["due"] == "2026-02-18T15:00:00+08:00"
    assert "chamber-reply" not in cli.clocks(EMS)
    cli.now("2026-03-01T00:00:00+08:00")
    cli.refused(3, "complaint", "escalate", EMS, "--at", "2026-02-18T15:00:01+08:00")
    cli.ok("complaint", "escalate", EMS, "--at", "2026-02-18T15:00:00+08:00")


def test_an_agreed_reply_resolves_and_ends_the_clocks(cli: Cli) -> None:
    filed(cli)
    cli.now("2026-02-05T00:00:00+08:00").ok("complaint", "reply", EMS, "--agreed", "--at", "2026-02-04T10:00:00+08:00")
    assert cli.json("parcel", "show", EMS)["latest_stage"] == "resolved"
    assert set(cli.clocks(EMS)) <= {"filing-window-opens", "filing-window-closes"}


@pytest.mark.parametrize(
    ("escalated", "due"),
    [
        ("2026-02-13T15:00:00+08:00", "2026-02-14T15:00:00+08:00"),  # Fri -> the working Saturday
        ("2026-02-15T15:00:00+08:00", "2026-02-24T23:59:59+08:00"),  # Sunday before the festival
        ("2026-02-17T08:00:00+08:00", "2026-02-24T23:59:59+08:00"),  # Spring Festival holiday
        ("2026-02-28T10:00:00+08:00", "2026-03-02T10:00:00+08:00"),  # a working Saturday -> Monday
        ("2026-04-30T10:00:00+08:00", "2026-05-06T10:00:00+08:00"),  # before Labour Day's days off
        ("2026-09-30T20:00:00+08:00", "2026-10-08T20:00:00+08:00"),  # before National Day
        ("2026-10-01T08:00:00+08:00", "2026-10-08T23:59:59+08:00"),  # National Day itself
        ("2026-10-09T08:00:00+08:00", "2026-10-10T08:00:00+08:00"),  # Fri -> the working Saturday
        ("2026-10-10T09:00:00+08:00", "2026-10-12T09:00:00+08:00"),  # working Saturday -> Monday
        ("2026-03-06T23:59:59+08:00", "2026-03-09T23:59:59+08:00"),  # Friday's last second -> Monday
        ("2026-03-05T00:00:00+08:00", "2026-03-06T00:00:00+08:00"),  # an ordinary Thursday
    ],
)
def test_intervention_due_one_chinese_working_day_after_escalation(cli: Cli, escalated: str, due: str) -> None:
    moment = datetime.fromisoformat(escalated)
    filed(cli, at=iso(moment - timedelta(days=3)), created=iso(moment - timedelta(days=5)))
    cli.now(iso(moment + timedelta(seconds=1)))
    cli.ok("complaint", "reply", EMS, "--no-agreement", "--at", iso(moment - timedelta(days=2)))
    cli.ok("complaint", "escalate", EMS, "--at", escalated)
    row = cli.clocks(EMS)["intervention"]
    assert row["due"] == due
    assert row["remaining_seconds"] == int((datetime.fromisoformat(due) - moment).total_seconds()) - 1


def test_the_lifecycle_to_compensated(cli: Cli) -> None:
    filed(cli)
    cli.now("2026-03-10T00:00:00+08:00")
    cli.ok("complaint", "reply", EMS, "--no-agreement", "--at", "2026-02-03T15:00:00+08:00")
    cli.ok("complaint", "escalate", EMS, "--at", "2026-02-04T15:00:00+08:00")
    cli.ok("complaint", "intervene", EMS, "--at", "2026-02-05T15:00:00+08:00")
    assert cli.json("parcel", "show", EMS)["stage"] == "under-review"
    cli.ok("complaint", "close", EMS, "--outcome", "compensated", "--claimed", "800", "--at", "2026-02-09T10:00:00+08:00")
    shown = cli.json("parcel", "show", EMS)
    assert shown["stage"] is None and shown["latest_stage"] == "closed"
