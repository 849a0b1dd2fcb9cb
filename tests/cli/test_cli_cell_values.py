"""Option values as sellers' files write them (docs/rules.md section 6): the command line reads
`--weight 350g`, `--shipping-fee ￥23.50`, `--status 丢失`, `--destination 英国` as the import reads
those cells (cli/values.py over importing/cells). A value neither the desk nor the vocabulary
reads is refused as before: exit 2, one line naming the option, nothing written."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.cli.helpers import EMS, Result, Run, add_args

BARE = "LP00123456789012"


def show(run: Run, number: str = EMS) -> dict:
    result = run("parcel", "show", number, "--json")
    assert result.code == 0, result.err
    return json.loads(result.out)


def add_bare(run: Run, *more: str) -> Result:
    return run("parcel", "add", "--tracking", BARE, "--service", "special-line", "--created", "2026-03-01 10:00", *more)


def test_add_reads_grams_yuan_marks_chinese_status_and_country_names(run: Run) -> None:
    result = run(*add_args(weight="1300g", shipping_fee="￥180.00", declared_value="1,200.00元", destination="英国", status="丢失"))
    assert result.code == 0, result.err
    assert "(EMS, lost)" in result.out
    parcel = show(run)
    assert (parcel["weight"], parcel["shipping_fee"], parcel["declared_value"]) == ("1.3", "180.00", "1200.00")
    assert (parcel["status"], parcel["destination"]) == ("lost", "GB")
    assert parcel["expected"]["amount"] == "800.00"  # docs/rules.md's example: 620 + 180


@pytest.mark.parametrize(
    ("word", "status"),
    [
        ("丢失", "lost"),
        ("妥投", "delivered"),
        ("已签收", "delivered"),
        ("GTMS_SIGNED", "delivered"),
        ("破损", "damaged"),
        ("In Transit", "in-transit"),
    ],
)
def test_set_status_reads_the_import_words(run: Run, word: str, status: str) -> None:
    assert run(*add_args()).code == 0
    result = run("parcel", "set", EMS, "--status", word)
    assert result.code == 0, result.err
    assert show(run)["status"] == status


def test_set_fields_read_the_import_forms(run: Run) -> None:
    assert add_bare(run).code == 0
    result = run("parcel", "set", BARE, "--weight", "350 克", "--shipping-fee", "RMB 23.50", "--item", "印刷品", "--status", "丢失")
    assert result.code == 0, result.err
    parcel = show(run, BARE)
    assert (parcel["weight"], parcel["shipping_fee"], parcel["item"], parcel["status"]) == ("0.35", "23.50", "document", "lost")


def test_us_dollars_need_a_rate_and_the_record_keeps_it(run: Run, db: Path) -> None:
    assert add_bare(run).code == 0
    before = db.read_bytes()
    refused = run("parcel", "set", BARE, "--item", "declared", "--declared-value", "US $18.40")
    assert refused.code == 2
    assert refused.err_lines == [
        "claimdesk: --declared-value: US $18.40 is in US dollars: pass --usd-rate with the yuan per dollar, e.g. --usd-rate 7.10"
    ]
    assert db.read_bytes() == before
    result = run("parcel", "set", BARE, "--item", "declared", "--declared-value", "US $18.40", "--usd-rate", "7.10")
    assert result.code == 0, result.err
    parcel = show(run, BARE)
    assert parcel["declared_value"] == "130.64"  # 18.40 × 7.10, to the fen, as the import stores it
    assert "7.1" in run("parcel", "show", BARE).out  # which rate converted it


def test_the_rate_setting_converts_when_no_rate_is_given(run: Run) -> None:
    assert run("settings", "set", "usd_rate", "7.2").code == 0
    result = add_bare(run, "--item", "declared", "--declared-value", "US $10")
    assert result.code == 0, result.err
    assert show(run, BARE)["declared_value"] == "72.00"


@pytest.mark.parametrize(
    ("option", "value", "message"),
    [
        ("--weight", "350lb", "--weight: not a weight in kg: '350lb'"),
        ("--weight", "-350g", "--weight: not a weight in kg: '-350g'"),
        ("--weight", "0g", "--weight: not a weight in kg: '0g'"),
        ("--shipping-fee", "23.505元", "--shipping-fee: at most 2 decimals, to the fen (got 23.505)"),
        ("--shipping-fee", "€23.50", "--shipping-fee: not an amount in yuan: '€23.50'"),
        ("--status", "退货中", "--status: '退货中' is not one of: in-transit, delivered"),
        ("--destination", "Atlantis", "--destination: unknown country code 'Atlantis'"),
    ],
)
def test_values_neither_reads_are_refused_naming_the_option(run: Run, db: Path, option: str, value: str, message: str) -> None:
    assert run(*add_args()).code == 0
    before = db.read_bytes()
    result = run("parcel", "set", EMS, f"{option}={value}")
    assert result.code == 2
    assert len(result.err_lines) == 1 and result.err_lines[0].startswith("claimdesk: " + message), result.err
    assert db.read_bytes() == before


def test_list_filters_by_a_chinese_status_word(run: Run) -> None:
    assert run(*add_args()).code == 0
    assert add_bare(run).code == 0
    listed = run("parcel", "list", "--status", "丢失")
    assert listed.code == 0, listed.err
    assert EMS in listed.out and BARE not in listed.out


def calc(run: Run, **values: str) -> Result:
    """`calc` on docs/rules.md's EMS example (--json), with some options written otherwise."""
    given = {"service": "ems", "incident": "loss", "item": "declared", "declared-value": "1200", "weight": "1.3", "shipping-fee": "180"}
    return run("calc", *(f"--{name}={value}" for name, value in (given | values).items()), "--json")


def test_calc_reads_the_same_forms(run: Run) -> None:
    plain = calc(run)
    written = calc(run, item="申报", **{"declared-value": "￥1,200", "weight": "1300g", "shipping-fee": "180元"})
    assert written.code == 0, written.err
    assert json.loads(written.out) == json.loads(plain.out)
    dollars = calc(run, **{"declared-value": "US $30"})
    assert dollars.code == 2 and dollars.err_lines == ["claimdesk: --declared-value: US $30 is in US dollars: enter the amount in yuan"]


def test_complaint_amounts_read_yuan_marks(run: Run) -> None:
    assert run(*add_args(status="damaged")).code == 0
    assert run("complaint", "file", EMS, "--type", "damage", "--at", "2026-03-02T10:00:00+08:00").code == 0
    assert run("complaint", "reply", EMS, "--agreed", "--at", "2026-03-03T10:00:00+08:00").code == 0
    closed = run("complaint", "close", EMS, "--outcome", "compensated", "--claimed", "￥800.00", "--at", "2026-03-04T10:00:00+08:00")
    assert closed.code == 0, closed.err
    received = run("complaint", "received", EMS, "--amount", "600元")
    assert received.code == 0, received.err
    assert "¥600.00 of ¥800.00 claimed" in received.out
