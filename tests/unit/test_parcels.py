"""Parcels: what a seller types, validated field by field (docs/rules.md section 1)."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from claimdesk.domain.errors import ValidationError
from claimdesk.domain.parcels import (
    PARCEL_FIELDS,
    ItemKind,
    Service,
    Status,
    clean_text,
    parcel_from_fields,
    parcel_to_fields,
)
from claimdesk.store.records import parcel_from_record, parcel_to_record
from tests.unit._builders import sh

FIELDS = {
    "tracking": "ee 123 456 785 cn",
    "order": "8100000000000001",
    "service": "EMS",
    "carrier": "China Post",
    "destination": "us",
    "created_at": "2026-03-01 10:00",
    "collected_at": "2026-03-02T09:00:00+08:00",
    "last_tracking_at": "",
    "item": "declared",
    "declared_value": "1,200",
    "weight": "1.3",
    "shipping_fee": "180",
    "inquiry_fee": "",
    "status": "lost",
}


def fields(**changes: Any) -> dict[str, Any]:
    return {**FIELDS, **changes}


def test_parcel_from_fields_normalises_and_types_every_field() -> None:
    parcel = parcel_from_fields(FIELDS)
    assert parcel.tracking == "EE123456785CN"
    assert parcel.service is Service.EMS
    assert parcel.destination == "US"
    assert parcel.created_at == sh("2026-03-01 10:00")
    assert parcel.created_at.utcoffset() == timedelta(hours=8)
    assert parcel.collected_at == sh("2026-03-02 09:00")
    assert parcel.last_tracking_at is None
    assert parcel.item is ItemKind.DECLARED
    assert parcel.declared_value == Decimal("1200")
    assert parcel.weight == Decimal("1.3")
    assert parcel.shipping_fee == Decimal("180")
    assert parcel.inquiry_fee is None
    assert parcel.status is Status.LOST
    assert parcel.carrier == "China Post"


def test_status_defaults_to_in_transit_and_optional_fields_may_be_missing() -> None:
    raw = fields(status="", destination="", collected_at=None, carrier=None)
    del raw["inquiry_fee"]
    parcel = parcel_from_fields(raw)
    assert parcel.status is Status.IN_TRANSIT
    assert parcel.destination == ""
    assert parcel.collected_at is None
    assert parcel.carrier == ""


@pytest.mark.parametrize(
    ("changes", "field", "fragment"),
    [
        ({"service": "courier"}, "service", "ems, special-line, offline, other"),
        ({"service": ""}, "service", "choose one"),
        ({"tracking": "EE123456780CN"}, "tracking", "expected 5"),
        ({"tracking": "LP00123456789012"}, "tracking", "must be UPU S10"),
        ({"order": "1" * 41}, "order", "at most 40 characters"),
        ({"created_at": ""}, "created_at", "enter a date and time"),
        ({"created_at": "2026-02-30"}, "created_at", "not an ISO 8601"),
        ({"other_numbers": "LP0012, EE123456780CN"}, "other_numbers", "expected 5"),
        ({"other_numbers": "EE123456785CN"}, "other_numbers", "the parcel's tracking number"),
        ({"other_numbers": "L\x1bP0012"}, "other_numbers", "use 4 to 40"),
        ({"collected_at": "2026-02-28 10:00"}, "collected_at", "before the logistics order was created"),
        ({"last_tracking_at": "2026-03-01 09:59:59"}, "last_tracking_at", "before the logistics order was created"),
        ({"item": "parcel"}, "item", "document, declared, undeclared"),
        ({"item": "undeclared"}, "declared_value", "only declared items"),
        ({"declared_value": "-5"}, "declared_value", "must not be negative"),
        ({"weight": "0"}, "weight", "greater than 0"),
        ({"shipping_fee": "1.234"}, "shipping_fee", "at most 2 decimals"),
        ({"inquiry_fee": "NaN"}, "inquiry_fee", "not an amount"),
        ({"status": "gone"}, "status", "in-transit, delivered, delayed, lost, damaged, partially-lost"),
        ({"destination": "UK"}, "destination", "unknown country code"),
        ({"carrier": "Yun\x1bExpress"}, "carrier", "control characters"),
        ({"carrier": "x" * 81}, "carrier", "at most 80 characters"),
    ],
)
def test_parcel_from_fields_names_the_wrong_field(changes: dict[str, Any], field: str, fragment: str) -> None:
    with pytest.raises(ValidationError) as caught:
        parcel_from_fields(fields(**changes))
    assert caught.value.field == field
    assert fragment in caught.value.message


def test_collected_and_last_tracking_may_equal_creation() -> None:
    parcel = parcel_from_fields(fields(collected_at="2026-03-01 10:00", last_tracking_at="2026-03-01 10:00"))
    assert parcel.collected_at == parcel.created_at == parcel.last_tracking_at


def test_offline_and_special_line_parcels_take_non_s10_numbers() -> None:
    offline = parcel_from_fields(fields(service="offline", tracking="SF1234567890", item="undeclared", declared_value=""))
    assert offline.service is Service.OFFLINE
    assert offline.tracking == "SF1234567890"
    special = parcel_from_fields(fields(service="special-line", tracking="yt2212345678901234"))
    assert special.tracking == "YT2212345678901234"


def test_records_store_money_as_strings_and_instants_with_offset() -> None:
    parcel = parcel_from_fields(fields(inquiry_fee="5.5", last_tracking_at="2026-03-05T12:00:00Z"))
    record = parcel_to_record(parcel)
    assert record["declared_value"] == "1200.00"
    assert record["shipping_fee"] == "180.00"
    assert record["inquiry_fee"] == "5.50"
    assert record["weight"] == "1.3"
    assert record["created_at"] == "2026-03-01T10:00:00+08:00"
    assert record["last_tracking_at"] == "2026-03-05T20:00:00+08:00"
    assert record["service"] == "ems"
    assert parcel_from_record(record) == parcel


def test_parcel_to_fields_is_the_inverse_of_parcel_from_fields() -> None:
    parcel = parcel_from_fields(FIELDS)
    text = parcel_to_fields(parcel)
    assert list(text) == [*PARCEL_FIELDS, "usd_rate"]  # the rate is kept, not a column
    assert text["inquiry_fee"] == ""
    assert parcel_from_fields(text) == parcel


def test_clean_text_strips_and_bounds() -> None:
    assert clean_text("  Yanwen  ", "carrier") == "Yanwen"
    assert clean_text(None, "carrier") == ""
    assert clean_text("云途物流", "carrier") == "云途物流"
    with pytest.raises(ValidationError, match="control characters"):
        clean_text("a\u0085b", "note")
    with pytest.raises(ValidationError, match="at most 5 characters"):
        clean_text("abcdef", "x", max_length=5)


@settings(max_examples=100, deadline=None)
@given(
    service=st.sampled_from(["ems", "special-line", "offline", "other"]),
    item=st.sampled_from(["document", "declared", "undeclared"]),
    status=st.sampled_from([s.value for s in Status]),
    declared=st.decimals(min_value=0, max_value=10**6, places=2),
    weight=st.decimals(min_value=Decimal("0.001"), max_value=1000, places=3),
    fee=st.decimals(min_value=0, max_value=10**5, places=2),
    inquiry=st.none() | st.decimals(min_value=0, max_value=1000, places=2),
    offset_hours=st.integers(min_value=0, max_value=24 * 200),
)
def test_fields_round_trip(
    service: str,
    item: str,
    status: str,
    declared: Decimal,
    weight: Decimal,
    fee: Decimal,
    inquiry: Decimal | None,
    offset_hours: int,
) -> None:
    created = sh("2026-01-01 00:00") + timedelta(hours=offset_hours)
    parcel = parcel_from_fields(
        fields(
            service=service,
            item=item,
            status=status,
            declared_value=str(declared) if item == "declared" else "",
            weight=str(weight),
            shipping_fee=str(fee),
            inquiry_fee="" if inquiry is None else str(inquiry),
            created_at=created.isoformat(),
            collected_at=(created + timedelta(hours=3)).isoformat(),
        )
    )
    assert parcel_from_fields(parcel_to_fields(parcel)) == parcel
    assert parcel_from_record(parcel_to_record(parcel)) == parcel
