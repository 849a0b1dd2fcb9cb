"""RULES 2 and 5: an offline parcel's claim with the third-party carrier has its own follow-up
instant; without one named, it is the contact plus the follow-up setting (7 days by default),
and a changed setting applies to the next claim."""

from __future__ import annotations

from tests.acceptance.conftest import Cli

LP = "LP00123456789012"


def offline(cli: Cli) -> None:
    cli.now("2026-02-01T12:00:00+08:00").add(tracking=LP, service="offline", created="2026-01-01T00:00:00+08:00", carrier="Yanwen")


def test_the_follow_up_defaults_to_seven_days_after_the_contact(cli: Cli) -> None:
    offline(cli)
    result = cli.ok("complaint", "third-party", LP, "--at", "2026-01-31T23:30:00+08:00")
    assert "2026-02-07 23:30 +08:00" in result.out and "Yanwen" in result.out
    [row] = [row for row in cli.due() if row["tracking"] == LP]
    assert (row["clock"], row["due"]) == ("follow-up", "2026-02-07T23:30:00+08:00")
    assert cli.json("parcel", "show", LP)["attempts_used"] == 0


def test_the_follow_up_setting_changes_the_default(cli: Cli) -> None:
    offline(cli)
    cli.ok("settings", "set", "third_party_follow_up_days=3")
    cli.ok("complaint", "third-party", LP, "--at", "2026-02-01T00:00:00Z")  # 08:00 in Shanghai
    [row] = [row for row in cli.due() if row["tracking"] == LP]
    assert row["due"] == "2026-02-04T08:00:00+08:00"
