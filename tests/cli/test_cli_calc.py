"""`claimdesk calc`: the compensation calculator on the command line, text and JSON."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest

from claimdesk.services import Desk
from tests.cli.helpers import Run, assert_one_line_error, snapshot

EXAMPLE = [  # docs/rules.md: declared 1,200.00, lost, 1.3 kg, shipping fee 180.00, no inquiry fee
    "calc",
    "--service",
    "ems",
    "--incident",
    "loss",
    "--item",
    "declared",
    "--declared-value",
    "1200.00",
    "--weight",
    "1.3",
    "--shipping-fee",
    "180.00",
]
REQUIRED_KEYS = {"amount", "currency", "shortfall", "lines"}


def calc_json(run: Run, *args: str) -> dict:
    result = run(*args, "--json")
    assert result.code == 0, result.err
    return json.loads(result.out)


def test_rules_example_json(run: Run, db: Path) -> None:
    payload = calc_json(run, *EXAMPLE)
    # Issue 2's four keys, plus "notes" (always a list; empty here).
    assert set(payload) == REQUIRED_KEYS | {"notes"}
    assert payload["amount"] == "800.00"
    assert payload["currency"] == "CNY"
    assert payload["shortfall"] == "580.00"
    assert payload["notes"] == []
    assert [set(line) for line in payload["lines"]] == [{"rule", "amount"}] * 2
    assert [line["amount"] for line in payload["lines"]] == ["620.00", "180.00"]
    assert payload["lines"][0]["rule"].startswith("EMS rule 4")
    assert "500 + 60 × 2 kg" in payload["lines"][0]["rule"]
    assert payload["lines"][1]["rule"] == "EMS rule 5: postage refunded"
    assert not db.exists()  # the calculator needs no data file and creates none


def test_rules_example_text(run: Run) -> None:
    result = run(*EXAMPLE)
    assert result.code == 0
    lines = result.out.splitlines()
    assert lines[0].split()[0] == "¥620.00" and "EMS rule 4" in lines[0]
    assert lines[1].split()[0] == "¥180.00"
    assert lines[2].split()[:3] == ["¥800.00", "expected", "compensation"]
    assert lines[3].split()[:2] == ["¥580.00", "shortfall"]


@pytest.mark.parametrize(
    ("weight", "amount"),
    [("0.2", "560.00"), ("1.0", "560.00"), ("1.01", "620.00")],  # cap 500 + 60 x whole kg, rounded up
)
def test_ems_cap_rounds_weight_up(run: Run, weight: str, amount: str) -> None:
    args = [
        "calc",
        "--service",
        "ems",
        "--incident",
        "loss",
        "--item",
        "declared",
        "--declared-value",
        "5000",
        "--weight",
        weight,
        "--shipping-fee",
        "0",
    ]
    assert calc_json(run, *args)["amount"] == amount


def test_ems_delay_refunds_half_the_fee_and_no_shortfall(run: Run) -> None:
    payload = calc_json(
        run,
        "calc",
        "--service",
        "ems",
        "--incident",
        "delay",
        "--item",
        "declared",
        "--declared-value",
        "300",
        "--weight",
        "1",
        "--shipping-fee",
        "181.01",
    )
    assert (payload["amount"], payload["shortfall"]) == ("90.51", "0.00")  # 90.505 rounds half-up


def test_special_line_shows_the_range_and_honours_the_multiplier(run: Run) -> None:
    args = [
        "calc",
        "--service",
        "special-line",
        "--incident",
        "loss",
        "--item",
        "declared",
        "--declared-value",
        "1200",
        "--weight",
        "2",
        "--shipping-fee",
        "100",
    ]
    payload = calc_json(run, *args)
    assert set(payload) == REQUIRED_KEYS | {"notes", "range"}
    assert (payload["amount"], payload["shortfall"]) == ("200.00", "1000.00")
    assert payload["range"] == [{"multiplier": "2", "amount": "200.00"}, {"multiplier": "3", "amount": "300.00"}]
    assert calc_json(run, *args, "--multiplier", "3")["amount"] == "300.00"


def test_special_line_multiplier_setting_comes_from_the_data_file(run: Run, db: Path, desk: Desk) -> None:
    desk.update_settings(special_line_multiplier=Decimal("3"))
    args = [
        "calc",
        "--service",
        "special-line",
        "--incident",
        "loss",
        "--item",
        "declared",
        "--declared-value",
        "1200",
        "--weight",
        "2",
        "--shipping-fee",
        "100",
    ]
    assert calc_json(run, *args)["amount"] == "300.00"


def test_offline_has_no_platform_rule(run: Run) -> None:
    payload = calc_json(
        run, "calc", "--service", "offline", "--incident", "loss", "--item", "undeclared", "--weight", "1", "--shipping-fee", "50"
    )
    assert payload["amount"] == "0.00"
    assert any("third-party" in note for note in payload["notes"])


BASE = {
    "--service": "ems",
    "--incident": "loss",
    "--item": "declared",
    "--declared-value": "1200",
    "--weight": "1.3",
    "--shipping-fee": "180",
}


@pytest.mark.parametrize(
    ("flag", "value", "words"),
    [
        ("--service", "courier", "courier"),
        ("--incident", "theft", "theft"),
        ("--item", "parcel", "parcel"),
        ("--weight", "0", "greater than 0"),
        ("--weight", "-2", ""),
        ("--weight", "NaN", ""),
        ("--weight", "inf", ""),
        ("--weight", "1001", "1000"),
        ("--shipping-fee", "-1", "negative"),
        ("--shipping-fee", "1.999", "decimals"),
        ("--shipping-fee", "Infinity", ""),
        ("--declared-value", "1e9", ""),
        ("--declared-value", "100000000.01", ""),
        ("--declared-value", "١٢٣abc", ""),
        ("--declared-value", None, "declared value"),
        ("--inquiry-fee", "-0", "digits 0-9"),
        ("--actual-loss", "sNaN", ""),
        ("--multiplier", "0", "more than 0"),
        ("--multiplier", "11", "at most 10"),
        ("--multiplier", "NaN", ""),
        ("--multiplier", "two", "not a number"),
    ],
)
def test_bad_input_is_exit_2_naming_the_option(run: Run, db: Path, flag: str, value: str | None, words: str) -> None:
    options = dict(BASE)
    if value is None:
        del options[flag]
    else:
        options[flag] = value
    args = ["calc"] + [item for pair in options.items() for item in pair]
    result = run(*args, "--json")
    assert_one_line_error(result, 2, f"claimdesk: {flag}", words)
    assert result.out == ""
    assert not db.exists()


def test_damage_of_declared_goods_needs_the_actual_loss(run: Run) -> None:
    result = run(
        "calc",
        "--service",
        "ems",
        "--incident",
        "damage",
        "--item",
        "declared",
        "--declared-value",
        "100",
        "--weight",
        "1",
        "--shipping-fee",
        "10",
    )
    assert_one_line_error(result, 2, "--actual-loss")


def test_calc_with_a_damaged_data_file_is_exit_4(run: Run, db: Path) -> None:
    db.write_bytes(b'{"meta": {"1": {"app": "claimdesk", "schema": 1}}, "parcels": {')
    before = snapshot(db)
    assert_one_line_error(run(*EXAMPLE), 4, "not valid JSON")
    assert snapshot(db) == before
