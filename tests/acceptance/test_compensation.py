"""RULES 4: the calculator's figures, through `claimdesk calc --json` and a parcel's expected payout."""

from __future__ import annotations

import pytest

from tests.acceptance.conftest import Cli
from tests.cli.helpers import EMS


def calc(cli: Cli, *args: str) -> dict[str, object]:
    result: dict[str, object] = cli.json("calc", *args)
    return result


def ems(incident: str, item: str, weight: str, fee: str, *extra: str) -> list[str]:
    return ["--service", "ems", "--incident", incident, "--item", item, "--weight", weight, "--shipping-fee", fee, *extra]


def test_the_ems_worked_example(cli: Cli) -> None:
    result = calc(cli, *ems("loss", "declared", "1.3", "180", "--declared-value", "1,200.00"))
    assert (result["amount"], result["shortfall"], result["currency"]) == ("800.00", "580.00", "CNY")
    assert [line["amount"] for line in result["lines"]] == ["620.00", "180.00"]  # type: ignore[index, union-attr]
    assert set(result) >= {"amount", "currency", "shortfall", "lines", "notes"}


def test_the_worked_example_on_a_parcel(cli: Cli) -> None:
    cli.add()  # docs/rules.md's example parcel: declared 1,200, lost, 1.3 kg, fee 180
    expected = cli.json("parcel", "show", EMS)["expected"]
    assert (expected["amount"], expected["shortfall"]) == ("800.00", "580.00")


@pytest.mark.parametrize(("status", "incident"), [("damaged", "damage"), ("partially-lost", "partial-loss")])
def test_a_damaged_parcel_without_an_actual_loss_shows_the_most_saying_so(cli: Cli, status: str, incident: str) -> None:
    cli.add(status=status)  # declared 1,200, 1.3 kg, fee 180; no actual loss entered anywhere
    expected = cli.json("parcel", "show", EMS)["expected"]
    assert (expected["incident"], expected["amount"], expected["shortfall"]) == (incident, "800.00", "580.00")
    assert "actual loss not entered" in expected["lines"][0]["rule"], expected["lines"][0]
    assert "at most the declared value ¥1,200.00" in expected["lines"][0]["rule"]
    refused = cli.refused(2, "calc", *ems(incident, "declared", "1.3", "180", "--declared-value", "1200"))
    assert "--actual-loss" in refused.err  # the calculator has no figure until it is entered
    entered = calc(cli, *ems(incident, "declared", "1.3", "180", "--declared-value", "1200", "--actual-loss", "300"))
    assert entered["amount"] == "480.00" and "not entered" not in str(entered["lines"])


@pytest.mark.parametrize(
    ("weight", "cap"),
    [("0.2", "560.00"), ("1", "560.00"), ("1.01", "620.00"), ("2.0", "620.00"), ("2", "620.00"), ("2.001", "680.00")],
)
def test_weight_is_rounded_up_to_a_whole_kilogram(cli: Cli, weight: str, cap: str) -> None:
    result = calc(cli, *ems("loss", "declared", weight, "0", "--declared-value", "5000"))
    assert result["amount"] == cap  # 500 + 60 x ceil(weight); postage 0
    assert result["shortfall"] == f"{5000 - float(cap):.2f}"


@pytest.mark.parametrize("item", ["document", "undeclared"])
@pytest.mark.parametrize("incident", ["loss", "damage"])
def test_documents_and_undeclared_pay_400_plus_postage_and_inquiry(cli: Cli, item: str, incident: str) -> None:
    result = calc(cli, *ems(incident, item, "3", "25.50", "--inquiry-fee", "10"))
    assert (result["amount"], result["shortfall"]) == ("435.50", "0.00")


def test_declared_below_the_cap_pays_the_declared_value(cli: Cli) -> None:
    result = calc(cli, *ems("loss", "declared", "1.3", "180", "--declared-value", "300"))
    assert (result["amount"], result["shortfall"]) == ("480.00", "0.00")  # never below 0


def test_partial_loss_pays_the_actual_loss_under_the_cap(cli: Cli) -> None:
    result = calc(cli, *ems("partial-loss", "declared", "1.3", "20", "--declared-value", "1200", "--actual-loss", "700"))
    assert (result["amount"], result["shortfall"]) == ("640.00", "80.00")  # min(700, 620) + 20; 700 - 620


@pytest.mark.parametrize(("fee", "half"), [("180", "90.00"), ("33.33", "16.67"), ("0.01", "0.01"), ("0.03", "0.02")])
def test_delay_refunds_half_the_fee_rounded_half_up(cli: Cli, fee: str, half: str) -> None:
    result = calc(cli, *ems("delay", "declared", "1.3", fee, "--declared-value", "1200"))
    assert (result["amount"], result["shortfall"]) == (half, "0.00")


def test_special_line_is_capped_at_twice_the_freight_and_shows_three_times(cli: Cli) -> None:
    args = [
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
    result = calc(cli, *args)
    assert (result["amount"], result["shortfall"]) == ("200.00", "800.00")
    assert result["range"] == [{"multiplier": "2", "amount": "200.00"}, {"multiplier": "3", "amount": "300.00"}]
    assert calc(cli, *args, "--multiplier", "3")["amount"] == "300.00"


def test_special_line_below_the_cap_pays_the_declared_value(cli: Cli) -> None:
    result = calc(
        cli,
        "--service",
        "special-line",
        "--incident",
        "damage",
        "--item",
        "declared",
        "--declared-value",
        "1000",
        "--actual-loss",
        "150",
        "--weight",
        "1",
        "--shipping-fee",
        "100",
    )
    assert (result["amount"], result["shortfall"]) == ("150.00", "0.00")


def test_special_line_delay_is_zero_with_a_note(cli: Cli) -> None:
    result = calc(
        cli,
        "--service",
        "special-line",
        "--incident",
        "delay",
        "--item",
        "declared",
        "--declared-value",
        "1000",
        "--weight",
        "1",
        "--shipping-fee",
        "100",
    )
    assert result["amount"] == "0.00" and result["notes"]


@pytest.mark.parametrize("service", ["offline", "other"])
def test_offline_and_other_pay_zero_with_guidance(cli: Cli, service: str) -> None:
    result = calc(cli, "--service", service, "--incident", "loss", "--item", "document", "--weight", "1", "--shipping-fee", "100")
    assert result["amount"] == "0.00"
    assert any("third-party logistics company" in note for note in result["notes"])  # type: ignore[union-attr]


def test_amounts_are_rounded_half_up_to_the_fen(cli: Cli) -> None:
    cli.refused(2, "calc", *ems("loss", "declared", "1", "10.005", "--declared-value", "100"))  # inputs are to the fen
    assert calc(cli, *ems("delay", "declared", "1", "0.05", "--declared-value", "1"))["amount"] == "0.03"  # 0.025 -> 0.03
