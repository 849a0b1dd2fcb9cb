"""Every number docs/rules.md marks as a *setting*, changed in the seller's settings (stored in the
data file, as the app's settings screen stores them), changes what the CLI computes."""

from __future__ import annotations

from decimal import Decimal

from tests.acceptance.conftest import Cli
from tests.acceptance.test_missed_and_record import set_settings
from tests.cli.helpers import EMS

CREATED = "2026-01-05T10:00:00+08:00"


def test_the_filing_window_length(cli: Cli) -> None:
    cli.now("2026-03-20T10:00:00+08:00").add(created=CREATED, status="damaged")
    set_settings(cli, filing_window_days=60)  # closes 2026-03-06 10:00
    result = cli.refused(3, "complaint", "file", EMS, "--type", "damage", "--at", "2026-03-06T10:00:01+08:00")
    assert "2026-03-06 10:00:00 +08:00" in result.err
    cli.ok("complaint", "file", EMS, "--type", "damage", "--at", "2026-03-06T10:00:00+08:00")


def test_a_window_opening(cli: Cli) -> None:
    cli.now("2026-03-20T10:00:00+08:00").add(created=CREATED, status="delayed")
    from claimdesk.domain.settings import DEFAULT_WINDOW_OPENS_HOURS

    set_settings(cli, window_opens_hours={**DEFAULT_WINDOW_OPENS_HOURS, "delay": 20 * 24})
    result = cli.refused(3, "complaint", "file", EMS, "--type", "delay", "--at", "2026-01-25T09:59:59+08:00")
    assert "2026-01-25 10:00:00 +08:00" in result.err
    cli.ok("complaint", "file", EMS, "--type", "delay", "--at", "2026-01-25T10:00:00+08:00")


def test_chamber_reply_and_escalation_days(cli: Cli) -> None:
    cli.now("2026-02-01T09:30:00+08:00").add(created=CREATED, status="damaged")
    set_settings(cli, chamber_reply_days=5, escalation_window_days=3)
    cli.ok("complaint", "file", EMS, "--type", "damage")
    assert cli.clocks(EMS)["chamber-reply"]["due"] == "2026-02-06T09:30:00+08:00"
    assert cli.now("2026-02-06T09:30:00+08:00").clocks(EMS)["escalation-window-closes"]["due"] == "2026-02-09T09:30:00+08:00"


def test_intervention_working_days(cli: Cli) -> None:
    cli.now("2026-03-05T10:00:00+08:00").add(created="2026-02-25T10:00:00+08:00", status="damaged")
    set_settings(cli, intervention_working_days=2)
    cli.ok("complaint", "file", EMS, "--type", "damage", "--at", "2026-03-01T10:00:00+08:00")
    cli.ok("complaint", "reply", EMS, "--no-agreement", "--at", "2026-03-02T10:00:00+08:00")
    cli.ok("complaint", "escalate", EMS, "--at", "2026-03-05T10:00:00+08:00")  # Thursday
    assert cli.clocks(EMS)["intervention"]["due"] == "2026-03-09T10:00:00+08:00"  # Fri, then Mon


def test_the_special_line_multiplier_and_a_carrier_s_own(cli: Cli) -> None:
    args = [
        "calc",
        "--service",
        "special-line",
        "--incident",
        "loss",
        "--item",
        "declared",
        "--declared-value",
        "1000",
        "--weight",
        "1",
        "--shipping-fee",
        "100",
    ]
    cli.add(
        tracking="LP00123456789012", service="special-line", carrier="YunExpress", declared_value="1000", weight="1", shipping_fee="100"
    )
    set_settings(cli, special_line_multiplier=Decimal("3"))
    assert cli.json(*args)["amount"] == "300.00"
    set_settings(cli, carrier_multipliers={"yunexpress": Decimal("2.5")})
    assert cli.json("parcel", "show", "LP00123456789012")["expected"]["amount"] == "250.00"
