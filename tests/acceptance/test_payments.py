"""RULES 5: money received goes to the complaint that closed compensated, also after a later
attempt; payments add up; above the amount claimed needs a confirmation (--force)."""

from __future__ import annotations

from tests.acceptance.conftest import Cli
from tests.cli.helpers import EMS


def compensated_then_second_attempt(cli: Cli) -> None:
    cli.now("2026-03-20T10:00:00+08:00").add(created="2026-01-20T10:00:00+08:00", status="damaged")
    cli.ok("complaint", "file", EMS, "--type", "damage", "--at", "2026-02-01T09:30:00+08:00")
    cli.ok("complaint", "reply", EMS, "--no-agreement", "--at", "2026-02-03T15:00:00+08:00")
    cli.ok("complaint", "escalate", EMS, "--at", "2026-02-04T15:00:00+08:00")
    cli.ok("complaint", "intervene", EMS, "--at", "2026-02-05T15:00:00+08:00")
    cli.ok("complaint", "close", EMS, "--outcome", "compensated", "--claimed", "800", "--at", "2026-02-09T10:00:00+08:00")
    cli.ok("complaint", "file", EMS, "--type", "fee-dispute", "--at", "2026-02-10T10:00:00+08:00")


def test_a_payment_after_a_second_attempt_goes_to_the_compensated_one(cli: Cli) -> None:
    compensated_then_second_attempt(cli)
    cli.ok("complaint", "received", EMS, "--amount", "300", "--at", "2026-02-12T10:00:00+08:00")
    cli.ok("complaint", "received", EMS, "--amount", "200", "--attempt", "1", "--at", "2026-02-13T10:00:00+08:00")
    cli.refused(3, "complaint", "received", EMS, "--amount", "10", "--attempt", "2")  # not compensated
    unknown = cli.refused(2, "complaint", "received", EMS, "--amount", "10", "--attempt", "3")
    assert unknown.err.startswith("claimdesk: --attempt: ") and "3" in unknown.err


def test_a_payment_above_the_claim_needs_force(cli: Cli) -> None:
    compensated_then_second_attempt(cli)
    refused = cli.refused(2, "complaint", "received", EMS, "--amount", "900", "--attempt", "1")
    assert "900.00" in refused.err and "800.00" in refused.err
    assert refused.err.startswith("claimdesk: --amount: "), refused.err  # the option the seller typed
    cli.ok("complaint", "received", EMS, "--amount", "900", "--attempt", "1", "--force")
