"""Parcels (logistics orders): the fields a seller keeps and their validation."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import datetime, timezone
from decimal import Decimal
from enum import StrEnum
from typing import Any
from zoneinfo import ZoneInfo

from claimdesk.domain.errors import ValidationError
from claimdesk.i18n import N_, _
from claimdesk.domain.instants import PLATFORM_TZ, from_iso, iso, parse_instant, parse_optional_instant
from claimdesk.domain.money import money_str, parse_money, parse_optional_money, parse_weight
from claimdesk.domain.tracking import validate_country, validate_tracking

try:  # pendulum's fixed-offset zone (what parse_instant gives for '...+08:00')
    from pendulum.tz.timezone import FixedTimezone as _PendulumFixed
except ImportError:  # pragma: no cover
    _PendulumFixed = timezone


class Service(StrEnum):
    EMS = "ems"
    SPECIAL_LINE = "special-line"
    OFFLINE = "offline"
    OTHER = "other"


class ItemKind(StrEnum):
    DOCUMENT = "document"
    DECLARED = "declared"
    UNDECLARED = "undeclared"


class Status(StrEnum):
    IN_TRANSIT = "in-transit"
    DELIVERED = "delivered"
    DELAYED = "delayed"
    LOST = "lost"
    DAMAGED = "damaged"
    PARTIALLY_LOST = "partially-lost"


SERVICE_LABELS = {
    Service.EMS: N_("AliExpress EMS / China Post EMS"),
    Service.SPECIAL_LINE: N_("Special line (dedicated-line logistics)"),
    Service.OFFLINE: N_("Offline (seller-arranged third party)"),
    Service.OTHER: N_("Other"),
}

MAX_TEXT = 200

# Value -> member, for the stored-record fast path (Service(value) goes through EnumType.__call__).
_SERVICES = {member.value: member for member in Service}
_ITEMS = {member.value: member for member in ItemKind}
_STATUSES = {member.value: member for member in Status}
_PLATFORM_KEY = getattr(PLATFORM_TZ, "key", "Asia/Shanghai")
_PLATFORM_ZONE = ZoneInfo(_PLATFORM_KEY)  # the standard library's (C) zone: same rules, faster


def _stored_instant(at: datetime) -> str:
    """iso(at) (ISO 8601 to the second, in the platform zone) without pendulum's conversion
    for the values records are made of: plain datetimes with a fixed offset or the platform
    zone (from stored records), pendulum values in the platform zone or a fixed offset (from
    the forms, CSV and demo data).

    iso() turns every value into a pendulum DateTime and converts it (10-50 us; three per
    parcel). Here the conversion is the standard library's, on plain datetimes only (its
    astimezone on a pendulum subclass is not safe), and isoformat to the second drops the
    microseconds exactly as replace(microsecond=0) does. Any other value (a zone with folds,
    where pendulum's handling is what iso() means) goes through iso() unchanged.
    """
    tz = at.tzinfo
    if type(at) is datetime:
        if type(tz) is timezone or tz is PLATFORM_TZ or (isinstance(tz, ZoneInfo) and tz.key == _PLATFORM_KEY):
            return datetime.isoformat(at.astimezone(_PLATFORM_ZONE), "T", "seconds")
        return iso(at)
    if tz is PLATFORM_TZ or (isinstance(tz, ZoneInfo) and tz.key == _PLATFORM_KEY):
        return datetime.isoformat(at, "T", "seconds")
    if isinstance(tz, _PendulumFixed):
        offset = tz.utcoffset(at)
        if offset is not None:
            plain = datetime(at.year, at.month, at.day, at.hour, at.minute, at.second, tzinfo=timezone(offset))
            return datetime.isoformat(plain.astimezone(_PLATFORM_ZONE), "T", "seconds")
    return iso(at)


def _member(members: Mapping[str, Any], enum: type[StrEnum], value: Any) -> Any:
    """enum(value), via a dict lookup; an unknown value still raises enum's ValueError."""
    try:
        return members[value]
    except (KeyError, TypeError):
        return enum(value)


def parse_choice(enum: type[StrEnum], text: str, field: str) -> Any:
    value = str(text).strip().lower()
    try:
        return enum(value)
    except ValueError:
        choices = ", ".join(member.value for member in enum)
        raise ValidationError(field, _("{text!r} is not one of: {choices}").format(text=str(text)[:40], choices=choices)) from None


_CONTROL_CHARS = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def clean_text(text: str | None, field: str, *, max_length: int = MAX_TEXT) -> str:
    """Free text: control characters refused (they break CSV and terminals), length bounded."""
    value = (text or "").strip()
    if _CONTROL_CHARS.search(value):
        raise ValidationError(field, _("contains control characters"))
    if len(value) > max_length:
        raise ValidationError(field, _("at most {limit} characters (got {length})").format(limit=max_length, length=len(value)))
    return value


@dataclass(frozen=True, slots=True)
class Parcel:
    tracking: str
    order: str
    service: Service
    created_at: datetime
    item: ItemKind
    weight: Decimal
    shipping_fee: Decimal
    status: Status = Status.IN_TRANSIT
    carrier: str = ""
    destination: str = ""
    collected_at: datetime | None = None
    last_tracking_at: datetime | None = None
    declared_value: Decimal | None = None
    inquiry_fee: Decimal | None = None

    def with_changes(self, **changes: Any) -> Parcel:
        return replace(self, **changes)

    def to_record(self) -> dict[str, Any]:
        return {
            "tracking": self.tracking,
            "order": self.order,
            "service": self.service.value,
            "carrier": self.carrier,
            "destination": self.destination,
            "created_at": _stored_instant(self.created_at),
            "collected_at": _stored_instant(self.collected_at) if self.collected_at else None,
            "last_tracking_at": _stored_instant(self.last_tracking_at) if self.last_tracking_at else None,
            "item": self.item.value,
            "declared_value": money_str(self.declared_value) if self.declared_value is not None else None,
            "weight": str(self.weight),
            "shipping_fee": money_str(self.shipping_fee),
            "inquiry_fee": money_str(self.inquiry_fee) if self.inquiry_fee is not None else None,
            "status": self.status.value,
        }

    @classmethod
    def from_record(cls, record: Mapping[str, Any]) -> Parcel:
        """From stored data, which was validated when written: the fast path, no re-checks."""
        collected = record.get("collected_at")
        last = record.get("last_tracking_at")
        declared = record.get("declared_value")
        inquiry = record.get("inquiry_fee")
        return cls(
            tracking=record["tracking"],
            order=record["order"],
            service=_member(_SERVICES, Service, record["service"]),
            created_at=from_iso(record["created_at"]),
            item=_member(_ITEMS, ItemKind, record["item"]),
            weight=Decimal(record["weight"]),
            shipping_fee=Decimal(record["shipping_fee"]),
            status=_member(_STATUSES, Status, record["status"]),
            carrier=record.get("carrier") or "",
            destination=record.get("destination") or "",
            collected_at=from_iso(collected) if collected else None,
            last_tracking_at=from_iso(last) if last else None,
            declared_value=Decimal(declared) if declared is not None else None,
            inquiry_fee=Decimal(inquiry) if inquiry is not None else None,
        )


# The CSV columns and form fields, in order: RULES.md section 1.
PARCEL_FIELDS = (
    "tracking",
    "order",
    "service",
    "carrier",
    "destination",
    "created_at",
    "collected_at",
    "last_tracking_at",
    "item",
    "declared_value",
    "weight",
    "shipping_fee",
    "inquiry_fee",
    "status",
)

FIELD_LABELS = {  # shown through _()
    "tracking": N_("Tracking number"),
    "order": N_("Order number"),
    "service": N_("Service"),
    "carrier": N_("Carrier"),
    "destination": N_("Destination"),
    "created_at": N_("Created at"),
    "collected_at": N_("Collected at"),
    "last_tracking_at": N_("Last tracking update"),
    "item": N_("Item kind"),
    "declared_value": N_("Declared value (CNY)"),
    "weight": N_("Weight (kg)"),
    "shipping_fee": N_("Shipping fee (CNY)"),
    "inquiry_fee": N_("Inquiry fee (CNY)"),
    "status": N_("Status"),
}


def validate_order(text: str, field: str = "order") -> str:
    order = clean_text(text, field, max_length=40)
    if not order:
        raise ValidationError(field, _("enter the AliExpress order number"))
    return order


def parcel_from_fields(raw: Mapping[str, Any]) -> Parcel:
    """Build a Parcel from what a seller typed (form, CLI or CSV row), checking every field.

    Raises ValidationError for the first field that is wrong.
    """
    def text(name: str) -> str:
        value = raw.get(name)
        return "" if value is None else str(value)

    service = parse_choice(Service, text("service") or "", "service")
    tracking = validate_tracking(text("tracking"), service.value)
    order = validate_order(text("order"))
    created = parse_instant(text("created_at"), "created_at")
    collected = parse_optional_instant(text("collected_at"), "collected_at")
    last = parse_optional_instant(text("last_tracking_at"), "last_tracking_at")
    item = parse_choice(ItemKind, text("item"), "item")
    declared = parse_optional_money(text("declared_value"), "declared_value")
    weight = parse_weight(text("weight"))
    shipping_fee = parse_money(text("shipping_fee"), "shipping_fee")
    inquiry_fee = parse_optional_money(text("inquiry_fee"), "inquiry_fee")
    status = parse_choice(Status, text("status") or Status.IN_TRANSIT.value, "status")
    carrier = clean_text(text("carrier"), "carrier", max_length=80)
    destination = validate_country(text("destination")) if text("destination").strip() else ""

    if item is ItemKind.DECLARED and declared is None:
        raise ValidationError("declared_value", _("a declared item needs its declared value in CNY"))
    if item is not ItemKind.DECLARED and declared is not None:
        raise ValidationError("declared_value", _("only declared items have a declared value (item is {item})").format(item=item))
    if collected is not None and collected < created:
        raise ValidationError("collected_at", _("cannot be before the logistics order was created"))
    if last is not None and last < created:
        raise ValidationError("last_tracking_at", _("cannot be before the logistics order was created"))
    return Parcel(
        tracking=tracking,
        order=order,
        service=service,
        created_at=created,
        item=item,
        weight=weight,
        shipping_fee=shipping_fee,
        status=status,
        carrier=carrier,
        destination=destination,
        collected_at=collected,
        last_tracking_at=last,
        declared_value=declared,
        inquiry_fee=inquiry_fee,
    )


def parcel_to_fields(parcel: Parcel) -> dict[str, str]:
    """The text form of every field (CSV export, edit form): the inverse of parcel_from_fields."""
    record = parcel.to_record()
    return {name: "" if record[name] is None else str(record[name]) for name in PARCEL_FIELDS}
