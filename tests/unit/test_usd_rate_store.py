"""The US dollar rate that converted a parcel's amounts (docs/rules.md section 6: "the record says which
rate"): kept in the data file as text, checked like every stored value, kept through edits; schema 4."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import orjson
import pytest

from claimdesk import cli
from claimdesk.clock import FixedClock
from claimdesk.domain.errors import ValidationError
from claimdesk.domain.money import parse_usd_rate
from claimdesk.domain.parcels import PARCEL_FIELDS, parcel_to_fields
from claimdesk.services import Desk
from claimdesk.store import schema
from tests.conftest import NOW

FIELDS = {"tracking": "LP00123456789012", "service": "special-line", "created_at": "2026-03-01T10:00:00+08:00",
          "declared_value": "130.64", "usd_rate": "7.10"}  # fmt: skip


@pytest.fixture
def stored(tmp_path: Path) -> Path:
    path = tmp_path / "claimdesk.json"
    desk = Desk.open(path, FixedClock(NOW))
    desk.add_parcel(FIELDS)
    desk.close()
    return path


def test_the_rate_is_stored_as_text_and_read_back(stored: Path) -> None:
    data = orjson.loads(stored.read_bytes())
    [record] = data["parcels"].values()
    assert record["usd_rate"] == "7.10"
    assert data["meta"]["1"]["schema"] == schema.SCHEMA_VERSION == 4
    assert Desk.open(stored, FixedClock(NOW)).parcel("LP00123456789012").usd_rate == Decimal("7.10")


def test_a_parcel_in_yuan_stores_no_rate(tmp_path: Path) -> None:
    path = tmp_path / "claimdesk.json"
    desk = Desk.open(path, FixedClock(NOW))
    desk.add_parcel({key: value for key, value in FIELDS.items() if key != "usd_rate"})
    desk.close()
    [record] = orjson.loads(path.read_bytes())["parcels"].values()
    assert "usd_rate" not in record


def test_an_edit_keeps_the_rate(stored: Path) -> None:
    desk = Desk.open(stored, FixedClock(NOW))
    desk.edit_parcel("LP00123456789012", {"status": "lost"})
    assert desk.parcel("LP00123456789012").usd_rate == Decimal("7.10")
    # The edit form gives back its columns (PARCEL_FIELDS), not the rate: it stays.
    base = desk.parcel_snapshot("LP00123456789012")
    form = {name: value for name, value in parcel_to_fields(base.value).items() if name in PARCEL_FIELDS}
    desk.edit_parcel("LP00123456789012", {**form, "weight": "0.4"}, base=base)
    assert desk.parcel("LP00123456789012").usd_rate == Decimal("7.10")
    assert desk.parcel("LP00123456789012").weight == Decimal("0.4")


@pytest.mark.parametrize("bad", [7.1, "0", "-7", "seven", "1001", "7.1\n0", None])
def test_a_damaged_rate_is_named_and_the_file_left_alone(stored: Path, capsys: pytest.CaptureFixture[str], bad: object) -> None:
    data = orjson.loads(stored.read_bytes())
    [record] = data["parcels"].values()
    record["usd_rate"] = bad
    stored.write_bytes(orjson.dumps(data))
    before = stored.read_bytes()
    code = cli.main(["--db", str(stored), "doctor"])
    if bad is None:  # null reads as no rate
        assert code == 0
        return
    assert code == 4
    assert "usd_rate" in capsys.readouterr().out
    assert cli.main(["--db", str(stored), "parcel", "set", "LP00123456789012", "--status", "lost"]) == 4
    assert stored.read_bytes() == before


@pytest.mark.parametrize(("text", "rate"), [("7.10", "7.10"), (" 7,2 ", "7.2"), ("1000", "1000")])
def test_rates_parse(text: str, rate: str) -> None:
    assert parse_usd_rate(text) == Decimal(rate)


@pytest.mark.parametrize("text", ["0", "-1", "1000.01", "abc", "", "NaN", "Infinity"])
def test_bad_rates_are_refused_naming_the_field(text: str) -> None:
    with pytest.raises(ValidationError) as raised:
        parse_usd_rate(text, "--usd-rate")
    assert raised.value.field == "--usd-rate"
