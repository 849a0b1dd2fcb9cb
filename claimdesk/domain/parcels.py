"""Parcels (logistics orders): the fields a seller keeps and their validation."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, fields, replace
from datetime import datetime
from decimal import Decimal
from enum import StrEnum
from functools import lru_cache
from typing import Any, Protocol

from claimdesk.domain.errors import RuleError, ValidationError
from claimdesk.domain.instants import check_not_future, iso, parse_instant, parse_optional_instant, platform_text
from claimdesk.domain.money import money_str, parse_optional_money, parse_usd_rate, parse_weight
from claimdesk.domain.revisions import ConflictError, Snapshot, conflicts_as_text, merge_fields
from claimdesk.domain.tracking import validate_country, validate_other_numbers, validate_tracking
from claimdesk.i18n import N_, _


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


MAX_TEXT = 200


class ClockSubject(Protocol):
    """What the clocks read of a parcel (filing windows, deadlines): a Parcel, or a lighter
    view of a stored one that needs no money or enum parsing (the store's ParcelClocks)."""

    @property
    def tracking(self) -> str: ...
    @property
    def service(self) -> Service: ...
    @property
    def status(self) -> Status: ...
    @property
    def created_at(self) -> datetime: ...
    @property
    def collected_at(self) -> datetime | None: ...
    @property
    def last_tracking_at(self) -> datetime | None: ...
    @property
    def archived_at(self) -> datetime | None: ...


def parse_choice(enum: type[StrEnum], text: str, field: str) -> Any:
    value = str(text).strip().lower()
    if value:
        try:
            return enum(value)
        except ValueError:
            pass
    # The list of choices is built only for the message: this runs once per cell of an import.
    choices = ", ".join(member.value for member in enum)
    if not value:
        raise ValidationError(field, _("choose one ({choices})").format(choices=choices))
    raise ValidationError(field, _("{text!r} is not one of: {choices}").format(text=str(text)[:40], choices=choices))


_CONTROL_CHARS = re.compile(r"[\x00-\x1f\x7f-\x9f]")
# Lone surrogates: bytes that were not UTF-8 (a command-line argument, a file name) reach Python
# as U+DC80-U+DCFF (PEP 383). They cannot be written as UTF-8: the data file's JSON encoder fails.
_SURROGATES = re.compile(r"[\ud800-\udfff]")


def has_undecodable(text: str) -> bool:
    """True when `text` holds lone surrogates: it came from bytes that were not UTF-8."""
    return _SURROGATES.search(text) is not None


def format_character(text: str) -> str | None:
    """The first invisible formatting character in `text` (Unicode category Cf), or None.

    Bidirectional controls (U+202A-202E, U+2066-2069, U+200E/F), zero-width characters
    (U+200B-200D, U+2060, U+FEFF), the soft hyphen and the like: a U+202E in an order number
    prints it backwards in `parcel list`, a zero-width space makes two numbers that look the
    same differ. The common case (text with none of them) is one C-level `isprintable` pass.
    """
    if text.isprintable():
        return None
    return next((ch for ch in text if unicodedata.category(ch) == "Cf"), None)


def clean_text(text: str | None, field: str, *, max_length: int = MAX_TEXT) -> str:
    """Free text: bytes that were not UTF-8, control characters and invisible formatting
    characters refused (they break the data file, CSV and terminals, or hide what is printed),
    length bounded. Every free-text field of every path (form, CLI, import) comes through here."""
    value = (text or "").strip()
    if has_undecodable(value):
        raise ValidationError(field, _("not valid UTF-8 text"))
    if _CONTROL_CHARS.search(value):
        raise ValidationError(field, _("contains control characters"))
    hidden = format_character(value)
    if hidden is not None:
        raise ValidationError(field, _("contains an invisible formatting character (U+{code:04X})").format(code=ord(hidden)))
    if len(value) > max_length:
        raise ValidationError(field, _("at most {limit} characters (got {length})").format(limit=max_length, length=len(value)))
    return value


@dataclass(frozen=True, slots=True)
class Parcel:
    tracking: str
    order: str
    service: Service
    created_at: datetime
    # What only the compensation needs may be unknown (a platform export has no weight, fee or
    # item kind): the parcel is then incomplete (missing_fields) and its payout unknown.
    item: ItemKind | None = None
    weight: Decimal | None = None
    shipping_fee: Decimal | None = None
    status: Status = Status.IN_TRANSIT
    carrier: str = ""
    destination: str = ""
    collected_at: datetime | None = None
    last_tracking_at: datetime | None = None
    declared_value: Decimal | None = None
    inquiry_fee: Decimal | None = None
    archived_at: datetime | None = None  # set aside by the seller: out of the list and the clocks
    # The parcel's other numbers (Cainiao LP00..., first-mile, last-mile): each finds it too.
    other_numbers: tuple[str, ...] = ()
    # The yuan per US dollar that converted its amounts when they came in US dollars (an order
    # export), so the record says which rate (docs/rules.md section 6); None for amounts in yuan.
    usd_rate: Decimal | None = None

    @property
    def missing(self) -> tuple[str, ...]:
        return missing_fields(self)

    @property
    def incomplete(self) -> bool:
        return bool(missing_fields(self))

    @property
    def numbers(self) -> tuple[str, ...]:
        """Every number the parcel is known by: its tracking number first, then the others."""
        return (self.tracking, *self.other_numbers)

    def with_changes(self, **changes: Any) -> Parcel:
        return replace(self, **changes)

    def with_status(self, status: Status, last_tracking_at: datetime | None = None, now: datetime | None = None) -> Parcel:
        """The parcel with a new status (and, when given, a new last tracking update, not in the
        future when `now` is given)."""
        last = last_tracking_at or self.last_tracking_at
        check_dates(self.created_at, self.collected_at, last)
        if last_tracking_at is not None and now is not None:
            check_not_future(last_tracking_at, now, "last_tracking_at")
        return replace(self, status=status, last_tracking_at=last)


def check_active(parcel: Parcel) -> None:
    """RuleError when the parcel is archived: its record takes no new complaint or event (only
    money received, which arrives after the complaint closed, and notes)."""
    if parcel.archived_at is not None:
        raise RuleError(
            _("{tracking} is archived (since {when}): unarchive it first").format(
                tracking=parcel.tracking, when=platform_text(parcel.archived_at)
            )
        )


def check_dates(created: datetime, collected: datetime | None, last_tracking: datetime | None) -> None:
    """Collection and tracking updates happen after the logistics order was created."""
    for field, when in (("collected_at", collected), ("last_tracking_at", last_tracking)):
        if when is not None and when < created:  # both instants named: the seller sees which is wrong
            raise ValidationError(
                field,
                _("{when} is before the logistics order was created ({created})").format(
                    when=platform_text(when, seconds=True), created=platform_text(created, seconds=True)
                ),
            )


# The CSV columns and form fields, in order: docs/rules.md section 1.
PARCEL_FIELDS = (
    "tracking",
    "other_numbers",
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
    "other_numbers": N_("Other numbers"),
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


# What a parcel needs to be entered at all (docs/rules.md section 1); the rest comes when known.
NEEDED_FIELDS = ("tracking", "service", "created_at")

# What only the compensation needs (docs/rules.md section 1, "What a parcel needs, and when"): a
# parcel without one of them is incomplete, and its expected compensation unknown.
COMPENSATION_FIELDS = ("item", "declared_value", "weight", "shipping_fee")


def missing_fields(parcel: Parcel) -> tuple[str, ...]:
    """The compensation's fields the parcel lacks, in form order (empty: it is complete). The
    declared value is missing only for a declared item (other kinds have none)."""
    missing = []
    if parcel.item is None:
        missing.append("item")
    elif parcel.item is ItemKind.DECLARED and parcel.declared_value is None:
        missing.append("declared_value")
    if parcel.weight is None:
        missing.append("weight")
    if parcel.shipping_fee is None:
        missing.append("shipping_fee")
    return tuple(missing)


def missing_text(missing: Sequence[str]) -> str:
    """The missing fields as the seller reads them ('Item kind, Weight (kg)')."""
    return ", ".join(_(FIELD_LABELS[name]) for name in missing)


def unknown_payout_text(missing: Sequence[str]) -> str:
    """What the desk says in place of an incomplete parcel's payout (never a 0)."""
    return _("unknown until entered: {fields}").format(fields=missing_text(missing))


def validate_order(text: str, field: str = "order") -> str:
    """The AliExpress order number; empty when not known yet (it comes with the parcel when known)."""
    return clean_text(text, field, max_length=40)


class FieldErrors(ValidationError):
    """Several fields are wrong: every one of them, in field order. It reads as the first (its
    field and message), so a one-line refusal still names a field; `errors` has them all."""

    def __init__(self, errors: Sequence[ValidationError]) -> None:
        self.errors = tuple(errors)
        super().__init__(self.errors[0].field, self.errors[0].message)


# Readings of a field's text, remembered: an import builds 100,000 parcels whose services,
# statuses, item kinds, carriers, countries, weights and fees (and often dates) repeat. Each is a
# pure function of the text alone (parcel_from_fields passes str), and only readings are kept:
# lru_cache keeps no exception, so a refusal is made again, in the language in force.
_KEPT = 4096


@lru_cache(maxsize=_KEPT)
def _choice(enum: type[StrEnum], text: str, field: str) -> Any:
    return parse_choice(enum, text, field)


@lru_cache(maxsize=_KEPT)
def _instant(text: str, field: str, required: bool = False) -> datetime | None:
    return parse_instant(text, field) if required else parse_optional_instant(text, field)


@lru_cache(maxsize=_KEPT)
def _money(text: str, field: str) -> Decimal | None:
    return parse_optional_money(text, field)


@lru_cache(maxsize=_KEPT)
def _weight(text: str) -> Decimal:
    return parse_weight(text)


@lru_cache(maxsize=_KEPT)
def _carrier(text: str) -> str:
    return clean_text(text, "carrier", max_length=80)


@lru_cache(maxsize=_KEPT)
def _country(text: str) -> str:
    return validate_country(text)


@lru_cache(maxsize=_KEPT)
def _usd_rate(text: str) -> Decimal:
    return parse_usd_rate(text)


_TEXT_FIELDS = (*(name for name in PARCEL_FIELDS if name != "other_numbers"), "usd_rate")


def parcel_from_fields(raw: Mapping[str, Any], now: datetime | None = None) -> Parcel:
    """Build a Parcel from what a seller typed (form, CLI or CSV row), checking every field.

    Raises FieldErrors (a ValidationError naming the first wrong field) with every field that is
    wrong, not only the first. With `now` (the Desk always passes it), no instant may be later
    than now (docs/rules.md section 5: a parcel is not created in the future, nothing is dated in the
    future).
    """
    errors: list[ValidationError] = []

    text = {name: "" if (value := raw.get(name)) is None else str(value) for name in _TEXT_FIELDS}

    def check(parse: Callable[..., Any], *args: Any) -> Any:
        try:
            return parse(*args)
        except ValidationError as error:
            errors.append(error)
            return None

    service = check(_choice, Service, text["service"] or "", "service")
    # With the service unknown, the number is still checked as any S10-shaped number is.
    tracking = check(validate_tracking, text["tracking"], service.value if service else Service.OTHER.value)
    order = check(validate_order, text["order"])
    created = check(_instant, text["created_at"], "created_at", True)
    collected = check(_instant, text["collected_at"], "collected_at")
    last = check(_instant, text["last_tracking_at"], "last_tracking_at")
    if now is not None:
        for at, name in ((created, "created_at"), (collected, "collected_at"), (last, "last_tracking_at")):
            if at is not None:
                check(check_not_future, at, now, name)
    item = check(_choice, ItemKind, text["item"], "item") if text["item"].strip() else None
    declared = check(_money, text["declared_value"], "declared_value")
    weight = check(_weight, text["weight"]) if text["weight"].strip() else None
    shipping_fee = check(_money, text["shipping_fee"], "shipping_fee")
    inquiry_fee = check(_money, text["inquiry_fee"], "inquiry_fee")
    status = check(_choice, Status, text["status"] or Status.IN_TRANSIT.value, "status")
    carrier = check(_carrier, text["carrier"])
    destination = check(_country, text["destination"]) if text["destination"].strip() else ""
    usd_rate = check(_usd_rate, text["usd_rate"]) if text["usd_rate"].strip() else None

    others = raw.get("other_numbers")
    other_numbers = check(validate_other_numbers, others if others is not None else "", tracking or "") or ()
    if item is not None and item is not ItemKind.DECLARED and declared is not None:
        errors.append(ValidationError("declared_value", _("only declared items have a declared value (item is {item})").format(item=item)))
    if created is not None:
        check(check_dates, created, collected, last)
    if errors:
        order_of = {name: index for index, name in enumerate(PARCEL_FIELDS)}
        raise FieldErrors(sorted(errors, key=lambda error: order_of.get(error.field, len(order_of))))
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
        other_numbers=other_numbers,
        usd_rate=usd_rate,
    )


def parcel_field_errors(raw: Mapping[str, Any], now: datetime | None = None) -> list[ValidationError]:
    """Every field that is wrong, in form order, each with its own message (a form shows them
    all at once, next to their fields); empty when parcel_from_fields accepts `raw`."""
    try:
        parcel_from_fields(raw, now)
    except FieldErrors as problems:
        return list(problems.errors)
    except ValidationError as problem:
        return [problem]
    return []


def changed_fields(before: Parcel, after: Parcel) -> list[str]:
    """The names (as the seller reads them) of the fields that differ between two versions."""
    old, new = parcel_to_fields(before), parcel_to_fields(after)
    changed = [_(FIELD_LABELS[name]) for name in PARCEL_FIELDS if old[name] != new[name]]
    if before.archived_at != after.archived_at:
        changed.append(_("archived"))
    return changed


def parcel_to_fields(parcel: Parcel) -> dict[str, str]:
    """The text form of every field (CSV export, edit form): the inverse of parcel_from_fields."""

    def instant(at: datetime | None) -> str:
        return iso(at) if at is not None else ""

    def amount(value: Decimal | None) -> str:
        return money_str(value) if value is not None else ""

    return {
        "tracking": parcel.tracking,
        "other_numbers": ", ".join(parcel.other_numbers),
        "order": parcel.order,
        "service": parcel.service.value,
        "carrier": parcel.carrier,
        "destination": parcel.destination,
        "created_at": instant(parcel.created_at),
        "collected_at": instant(parcel.collected_at),
        "last_tracking_at": instant(parcel.last_tracking_at),
        "item": parcel.item.value if parcel.item is not None else "",
        "declared_value": amount(parcel.declared_value),
        "weight": str(parcel.weight) if parcel.weight is not None else "",
        "shipping_fee": amount(parcel.shipping_fee),
        "inquiry_fee": amount(parcel.inquiry_fee),
        "status": parcel.status.value,
        # Not a column (PARCEL_FIELDS): what converted the amounts, kept through edits and merges.
        "usd_rate": str(parcel.usd_rate) if parcel.usd_rate is not None else "",
    }


def _values(parcel: Parcel) -> dict[str, Any]:
    return {field.name: getattr(parcel, field.name) for field in fields(parcel)}


def merge_edit(loaded: Snapshot[Parcel], current: Snapshot[Parcel], mine: Parcel) -> Parcel:
    """The parcel to store when a form that loaded `loaded` saves `mine` over `current`.

    Only the fields the seller changed are taken from `mine`; every other field keeps what is
    stored now (another writer's change to it survives). ConflictError, with each conflicting
    field's three values, when another writer changed one of the seller's fields to something
    else; the merged parcel is checked again as a whole (declared value, dates in order).
    """
    was, stored = loaded.value, current.value
    merge = merge_fields(_values(was), _values(stored), _values(mine))
    if merge.conflicts:
        conflicts = conflicts_as_text(merge.conflicts, parcel_to_fields(was), parcel_to_fields(stored), parcel_to_fields(mine))
        raise ConflictError(conflicts, current, Snapshot(Parcel(**merge.keep_mine), current.rev))
    if not merge.changed:
        return stored
    return parcel_from_fields(parcel_to_fields(Parcel(**merge.merged)))


def reload_edit(loaded: Parcel, current: Parcel, mine: Parcel) -> Parcel:
    """What an edit form shows after "reload" on a conflict: the parcel as stored now, with the
    seller's changes to the fields nobody else changed still in it (not checked: the form is
    checked again when saved)."""
    return Parcel(**merge_fields(_values(loaded), _values(current), _values(mine)).reloaded)
