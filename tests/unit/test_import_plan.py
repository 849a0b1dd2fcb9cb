"""Reading a CSV into an ImportPlan (issue 10, item 1; issue 11, item 6): every error of a row,
each update as field: before -> after, nothing written."""

from __future__ import annotations

from pathlib import Path

import pytest

from claimdesk.domain.errors import ValidationError
from claimdesk.domain.parcels import FieldErrors, parcel_from_fields
from claimdesk.importing import ImportOptions, RowError, plan_file
from claimdesk.importing.profiles import built_in
from tests.ui._pilot import parcel_fields

TRACKING = "EE123456785CN"


def test_every_wrong_field_is_reported_in_field_order() -> None:
    with pytest.raises(FieldErrors) as refused:
        parcel_from_fields(parcel_fields(service="pigeon", weight="-1", shipping_fee="abc", status="gone"))
    assert [error.field for error in refused.value.errors] == ["service", "weight", "shipping_fee", "status"]
    assert isinstance(refused.value, ValidationError)
    assert refused.value.field == "service"  # reads as the first, for one-line refusals


def test_a_declared_item_without_a_value_is_incomplete_not_an_error() -> None:
    with pytest.raises(FieldErrors) as refused:
        parcel_from_fields(parcel_fields(declared_value="", weight="0"))
    assert [error.field for error in refused.value.errors] == ["weight"]
    assert parcel_from_fields(parcel_fields(declared_value="")).missing == ("declared_value",)


def test_row_error_keeps_all_problems() -> None:
    error = FieldErrors([ValidationError("weight", "too light"), ValidationError("status", "unknown")])
    row = RowError.of(7, error)
    assert row.problems == (("weight", "too light"), ("status", "unknown"))
    assert str(row) == "line 7: weight: too light; status: unknown"


def test_a_plan_lists_each_change_and_writes_nothing(tmp_path: Path) -> None:
    before = parcel_from_fields(parcel_fields(status="in-transit"))
    source = tmp_path / "sync.csv"
    source.write_text(f"tracking,status,carrier\n{TRACKING},lost,\n", encoding="utf-8")
    plan = plan_file(source, ImportOptions(update=True), profiles=built_in(), lookup=lambda t: before if t == TRACKING else None)
    [change] = plan.updated
    assert change.line == 2
    assert change.changes() == [("status", "in-transit", "lost")]  # an empty cell changes nothing
    assert (plan.added, plan.unchanged, plan.errors, plan.bad) == ([], 0, [], 0)
