"""Incomplete parcels (docs/rules.md section 1, "What a parcel needs, and when").

Tracking number, service and created-at are needed; destination, order number and status come
when known; item kind, declared value (of a declared item), weight and shipping fee may be
unknown: the parcel is then incomplete and its expected compensation unknown, never 0.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from claimdesk.domain.compensation import Compensation, Incident, UnknownCompensation, expected_compensation
from claimdesk.domain.errors import ValidationError
from claimdesk.domain.parcels import (
    ItemKind,
    Status,
    missing_fields,
    missing_text,
    parcel_from_fields,
    parcel_to_fields,
    unknown_payout_text,
)
from claimdesk.store.records import parcel_from_record, parcel_to_record
from tests.unit._builders import DEFAULTS, make_parcel

BARE = {"tracking": "LP00123456789012", "service": "special-line", "created_at": "2026-03-01 10:00"}


def test_tracking_service_and_creation_are_enough_to_enter_a_parcel() -> None:
    parcel = parcel_from_fields(BARE)
    assert (parcel.order, parcel.destination, parcel.status) == ("", "", Status.IN_TRANSIT)
    assert (parcel.item, parcel.weight, parcel.shipping_fee, parcel.declared_value) == (None, None, None, None)
    assert parcel.incomplete
    assert parcel.missing == ("item", "weight", "shipping_fee")


@pytest.mark.parametrize("needed", ["tracking", "service", "created_at"])
def test_the_three_needed_fields_are_still_needed(needed: str) -> None:
    with pytest.raises(ValidationError) as caught:
        parcel_from_fields({**BARE, needed: ""})
    assert caught.value.field == needed


@pytest.mark.parametrize(
    ("changes", "missing"),
    [
        ({}, ("item", "weight", "shipping_fee")),
        ({"item": "declared"}, ("declared_value", "weight", "shipping_fee")),
        ({"item": "declared", "declared_value": "10"}, ("weight", "shipping_fee")),
        ({"item": "document", "weight": "0.2"}, ("shipping_fee",)),
        ({"item": "undeclared", "weight": "0.2", "shipping_fee": "0"}, ()),  # a fee of 0 is known
        ({"weight": "1", "shipping_fee": "5"}, ("item",)),
        ({"declared_value": "10", "weight": "1", "shipping_fee": "5"}, ("item",)),  # a value, kind unknown
        ({"item": "declared", "declared_value": "10", "weight": "1", "shipping_fee": "5"}, ()),
    ],
)
def test_missing_fields_name_what_the_compensation_still_needs(changes: dict[str, Any], missing: tuple[str, ...]) -> None:
    parcel = parcel_from_fields({**BARE, **changes})
    assert missing_fields(parcel) == parcel.missing == missing
    assert parcel.incomplete is bool(missing)


def test_a_known_field_that_is_wrong_is_still_refused() -> None:
    with pytest.raises(ValidationError, match="greater than 0"):
        parcel_from_fields({**BARE, "weight": "0"})
    with pytest.raises(ValidationError, match="only declared items"):
        parcel_from_fields({**BARE, "item": "document", "declared_value": "5"})


def test_an_incomplete_parcel_round_trips_through_fields_and_records() -> None:
    parcel = parcel_from_fields({**BARE, "item": "declared", "other_numbers": "4PX300123"})
    assert parcel_to_fields(parcel)["weight"] == parcel_to_fields(parcel)["shipping_fee"] == ""
    assert parcel_from_fields(parcel_to_fields(parcel)) == parcel
    record = parcel_to_record(parcel)
    assert (record["item"], record["weight"], record["shipping_fee"], record["order"]) == ("declared", None, None, "")
    assert record["other_numbers"] == ["4PX300123"]
    assert parcel_from_record(record) == parcel


@pytest.mark.parametrize("incident", list(Incident))
@pytest.mark.parametrize(
    ("changes", "missing"),
    [
        ({"weight": None}, ("weight",)),
        ({"shipping_fee": None}, ("shipping_fee",)),
        ({"item": None}, ("item",)),
        ({"declared_value": None}, ("declared_value",)),
        ({"item": None, "weight": None, "shipping_fee": None}, ("item", "weight", "shipping_fee")),
    ],
)
def test_the_expected_compensation_of_an_incomplete_parcel_is_unknown_naming_the_fields(
    incident: Incident, changes: dict[str, Any], missing: tuple[str, ...]
) -> None:
    result = expected_compensation(make_parcel(**changes), incident, DEFAULTS)
    assert result == UnknownCompensation(missing)
    assert not isinstance(result, Compensation)  # no amount at all: never a 0


def test_an_undeclared_item_needs_no_declared_value() -> None:
    parcel = make_parcel(item=ItemKind.UNDECLARED, declared_value=None)
    assert not parcel.incomplete
    result = expected_compensation(parcel, Incident.LOSS, DEFAULTS)
    assert isinstance(result, Compensation) and result.amount == Decimal("580.00")  # 400 + postage 180


def test_the_complete_parcel_still_gets_its_figure() -> None:
    result = expected_compensation(make_parcel(), Incident.LOSS, DEFAULTS)
    assert isinstance(result, Compensation) and result.amount == Decimal("800.00")  # the docs/rules.md example


def test_the_unknown_payout_text_names_the_fields_as_the_seller_reads_them() -> None:
    assert missing_text(("item", "weight")) == "Item kind, Weight (kg)"
    assert unknown_payout_text(("shipping_fee",)) == "unknown until entered: Shipping fee (CNY)"
