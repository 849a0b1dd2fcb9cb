"""claimdesk.exporting: formula neutralisation; the import reader's line numbers, unit level."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from claimdesk.domain.parcels import PARCEL_FIELDS, parcel_from_fields
from claimdesk.exporting import FORMULA_STARTS, neutralise
from claimdesk.exporting.parcels import write_parcels as write_csv
from claimdesk.importing import ImportOptions, RowError, plan_file
from claimdesk.importing.delimited import records
from claimdesk.importing.profiles import built_in

ROW = {
    "tracking": "LP0000000001",
    "other_numbers": "",
    "order": "81",
    "service": "special-line",
    "carrier": "",
    "destination": "",
    "created_at": "2026-03-01T10:00:00+08:00",
    "collected_at": "",
    "last_tracking_at": "",
    "item": "document",
    "declared_value": "",
    "weight": "1",
    "shipping_fee": "5",
    "inquiry_fee": "",
    "status": "in-transit",
}


@pytest.mark.parametrize("start", FORMULA_STARTS)
def test_every_formula_start_is_neutralised(start: str) -> None:
    assert neutralise(start + "1+1") == "'" + start + "1+1"
    assert neutralise("'" + start + "x") == "''" + start + "x"  # already quoted: quoted once more


@pytest.mark.parametrize("cell", ["", "plain", "a=b", "1-2", "中文", "📦=x"])
def test_harmless_cells_are_left_alone(cell: str) -> None:
    assert neutralise(cell) == cell


@settings(max_examples=300)
@given(st.text(alphabet=st.sampled_from(["'", "=", "+", "-", "@", "\t", "\r", "a", "1", " ", "中"]), max_size=8) | st.text())
def test_neutralise_never_starts_a_formula(cell: str) -> None:
    assert not neutralise(cell).startswith(FORMULA_STARTS)


def test_line_numbers_count_physical_lines() -> None:
    header = ",".join(PARCEL_FIELDS)
    good = ",".join(ROW[name] for name in PARCEL_FIELDS)
    multi = good.replace(",81,", ',"8\n1",', 1)  # a quoted cell spanning two lines
    text = "\r\n".join([header, good, "", multi, "only,three,cells"]) + "\r\n"
    rows = list(records(io.StringIO(text, newline=""), "in.csv", ","))
    assert [line for line, _ in rows] == [1, 2, 3, 5, 6]  # the header, a row, a blank line, the two-line row, ...
    assert not any(isinstance(cells, RowError) for _, cells in rows)


def test_write_csv_then_parse_csv_returns_the_same_parcels(tmp_path: Path) -> None:
    parcels = [
        parcel_from_fields(ROW | {"order": "=SUM(A1)", "carrier": "@evil"}),
        parcel_from_fields(
            ROW
            | {
                "tracking": "EE123456785CN",
                "service": "ems",
                "order": "'-1",
                "item": "declared",
                "declared_value": "1200",
                "destination": "us",
            }
        ),
    ]
    target = tmp_path / "out.csv"
    assert write_csv(target, parcels) == 2
    plan = plan_file(target, ImportOptions(), profiles=built_in(), lookup=lambda number: None)
    assert plan.errors == []
    assert plan.added == parcels
    rows = list(csv.reader(io.StringIO(target.read_text(encoding="utf-8"), newline="")))
    assert rows[1][PARCEL_FIELDS.index("order")] == "'=SUM(A1)"
