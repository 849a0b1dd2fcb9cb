"""Incomplete parcels on the command line (docs/rules.md section 1, "What a parcel needs, and when"):
entered with tracking number, service and created-at; the payout is unknown (never 0) and the
missing fields are named wherever it is shown, until `parcel set` enters them."""

from __future__ import annotations

import json

import pytest

from tests.cli.helpers import EMS, Run, add_args

BARE = "LP00123456789012"


@pytest.fixture
def desk(run: Run) -> Run:
    result = run("parcel", "add", "--tracking", BARE, "--service", "special-line", "--created", "2026-03-01 10:00", "--status", "lost")
    assert result.code == 0, result.err
    assert result.out == (
        f"Added {BARE} (special line, lost)\n"
        "Incomplete: the expected compensation is unknown until entered: Item kind, Weight (kg), Shipping fee (CNY); "
        f"enter them with 'claimdesk parcel set {BARE} --item ... --weight ... --shipping-fee ...'\n"
    )
    assert run(*add_args()).code == 0
    return run


def show(run: Run, number: str = BARE) -> dict:
    result = run("parcel", "show", number, "--json")
    assert result.code == 0, result.err
    return json.loads(result.out)


def test_the_json_names_the_missing_fields_and_gives_no_amount(desk: Run) -> None:
    parcel = show(desk)
    assert (parcel["item"], parcel["weight"], parcel["shipping_fee"], parcel["order"]) == (None, None, None, "")
    assert parcel["incomplete"] is True
    assert parcel["missing"] == ["item", "weight", "shipping_fee"]
    assert parcel["expected"] == {"incident": "loss", "amount": None, "shortfall": None, "missing": ["item", "weight", "shipping_fee"]}
    complete = show(desk, EMS)
    assert complete["incomplete"] is False and complete["missing"] == []
    assert complete["expected"]["amount"] == "800.00"


def test_show_says_unknown_never_zero(desk: Run) -> None:
    out = desk("parcel", "show", BARE).out
    assert "Expected compensation: unknown until entered: Item kind, Weight (kg), Shipping fee (CNY)" in out
    assert "Weight (kg)           unknown" in out
    assert "0.00" not in out


def test_list_marks_incomplete_parcels_and_filters_them(desk: Run) -> None:
    lines = desk("parcel", "list").out.splitlines()
    [bare] = [line for line in lines if line.startswith(BARE)]
    [ems] = [line for line in lines if line.startswith(EMS)]
    assert bare.endswith("0/2  incomplete") and ems.endswith("0/2")
    only = desk("parcel", "list", "--incomplete")
    assert [line.split()[0] for line in only.out.splitlines()[1:]] == [BARE]
    assert [p["tracking"] for p in json.loads(desk("parcel", "list", "--incomplete", "--json").out)] == [BARE]


def test_set_enters_the_missing_fields_and_the_figure_appears(desk: Run) -> None:
    result = desk("parcel", "set", BARE, "--item", "declared", "--weight", "0.35")
    assert result.code == 0, result.err
    assert "unknown until entered: Declared value (CNY), Shipping fee (CNY)" in result.out
    result = desk("parcel", "set", BARE, "--declared-value", "120", "--shipping-fee", "25", "--order", "8100000000000009")
    assert result.code == 0, result.err
    assert result.out == f"{BARE} updated\n"
    parcel = show(desk)
    assert parcel["missing"] == [] and parcel["order"] == "8100000000000009"
    assert parcel["expected"]["amount"] == "50.00"  # special line: at most 2 x the freight 25.00
    assert desk("parcel", "list", "--incomplete").out == "No parcels match.\n"


def test_a_complaint_can_be_filed_on_an_incomplete_parcel(desk: Run) -> None:
    result = desk("complaint", "file", BARE, "--type", "loss")
    assert result.code == 0, result.err
    assert show(desk)["attempts_used"] == 1


def test_the_hint_names_the_options_of_the_fields_missing(run: Run) -> None:
    """It said '--weight ...' whatever was missing: here only the item kind is."""
    result = run(
        "parcel",
        "add",
        "--tracking",
        BARE,
        "--service",
        "special-line",
        "--created",
        "2026-03-01 10:00",
        "--weight",
        "0.5",
        "--shipping-fee",
        "12",
    )
    assert result.code == 0, result.err
    assert result.out.splitlines()[-1].endswith(f"enter them with 'claimdesk parcel set {BARE} --item ...'"), result.out
