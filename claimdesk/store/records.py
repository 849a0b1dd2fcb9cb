"""The stored form of parcels, complaints and settings: JSON objects in the TinyDB file.

This is the file's layout, private to the store: the CLI's public JSON has a shape of its own
(`claimdesk.views`). Instants are stored as ISO 8601 with offset, to the second, in the
platform zone; money as strings ('1200.00'); enums as their machine values.

Every record carries `rev`, its revision: 0 when written first, one more on every update. A
record written before revisions existed has none, which reads as 0 (no migration needed).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import asdict
from datetime import datetime
from decimal import Decimal
from enum import StrEnum
from typing import Any, NamedTuple

from claimdesk.domain.complaint_types import ComplaintType
from claimdesk.domain.complaints import Channel, Complaint, Event, EventKind, Outcome
from claimdesk.domain.instants import from_iso, iso
from claimdesk.domain.money import money_str
from claimdesk.domain.parcels import ItemKind, Parcel, Service, Status
from claimdesk.domain.settings import DEFAULT_WINDOW_OPENS_HOURS, Settings

# Value -> member, for reading 100,000 records (Service(value) goes through EnumType.__call__).
_SERVICES = {member.value: member for member in Service}
_ITEMS = {member.value: member for member in ItemKind}
_STATUSES = {member.value: member for member in Status}


def _member(members: Mapping[str, Any], enum: type[StrEnum], value: Any) -> Any:
    """enum(value), via a dict lookup; an unknown value still raises enum's ValueError."""
    try:
        return members[value]
    except (KeyError, TypeError):
        return enum(value)


# ---------------------------------------------------------------------------- parcels


REV = "rev"


def rev_of(record: Mapping[str, Any] | None) -> int:
    """A stored record's revision; a record from before revisions reads as 0."""
    if not record:
        return 0
    rev = record.get(REV, 0)
    return rev if type(rev) is int and rev >= 0 else 0


def parcel_to_record(parcel: Parcel, rev: int = 0) -> dict[str, Any]:
    return (
        {
            "tracking": parcel.tracking,
            "order": parcel.order,
            "service": parcel.service.value,
            "carrier": parcel.carrier,
            "destination": parcel.destination,
            "created_at": iso(parcel.created_at),
            "collected_at": iso(parcel.collected_at) if parcel.collected_at else None,
            "last_tracking_at": iso(parcel.last_tracking_at) if parcel.last_tracking_at else None,
            "item": parcel.item.value if parcel.item is not None else None,
            "declared_value": money_str(parcel.declared_value) if parcel.declared_value is not None else None,
            "weight": str(parcel.weight) if parcel.weight is not None else None,
            "shipping_fee": money_str(parcel.shipping_fee) if parcel.shipping_fee is not None else None,
            "inquiry_fee": money_str(parcel.inquiry_fee) if parcel.inquiry_fee is not None else None,
            "status": parcel.status.value,
            "other_numbers": list(parcel.other_numbers),
            REV: rev,
        }
        | ({"archived_at": iso(parcel.archived_at)} if parcel.archived_at is not None else {})
        | ({"usd_rate": str(parcel.usd_rate)} if parcel.usd_rate is not None else {})
    )


def parcel_from_record(record: Mapping[str, Any]) -> Parcel:
    """From stored data (validated when the file was read): the fast path, no re-checks."""
    collected = record.get("collected_at")
    last = record.get("last_tracking_at")
    declared = record.get("declared_value")
    inquiry = record.get("inquiry_fee")
    archived = record.get("archived_at")
    usd_rate = record.get("usd_rate")
    item, weight, fee = record.get("item"), record.get("weight"), record.get("shipping_fee")
    return Parcel(
        tracking=record["tracking"],
        order=record["order"],
        service=_member(_SERVICES, Service, record["service"]),
        created_at=from_iso(record["created_at"]),
        item=_member(_ITEMS, ItemKind, item) if item is not None else None,
        weight=Decimal(weight) if weight is not None else None,
        shipping_fee=Decimal(fee) if fee is not None else None,
        status=_member(_STATUSES, Status, record["status"]),
        carrier=record.get("carrier") or "",
        destination=record.get("destination") or "",
        collected_at=from_iso(collected) if collected else None,
        last_tracking_at=from_iso(last) if last else None,
        declared_value=Decimal(declared) if declared is not None else None,
        inquiry_fee=Decimal(inquiry) if inquiry is not None else None,
        archived_at=from_iso(archived) if archived else None,
        other_numbers=tuple(record.get("other_numbers") or ()),
        usd_rate=Decimal(usd_rate) if usd_rate is not None else None,
    )


class ParcelClocks(NamedTuple):
    """The fields of a stored parcel its clocks read (domain.parcels.ClockSubject): built
    from the record with three ISO parses and two lookups, where a whole Parcel also makes
    four Decimals and a fourteen-field frozen object (due() builds ~22,000 at 100k parcels)."""

    tracking: str
    service: Service
    status: Status
    created_at: datetime
    collected_at: datetime | None
    last_tracking_at: datetime | None
    archived_at: datetime | None


_FROM_ISO = datetime.fromisoformat  # what from_iso does, without a call in between


def clocks_from_record(record: Mapping[str, Any]) -> ParcelClocks:
    """From stored data (validated when the file was read)."""
    get = record.get
    collected, last, archived = get("collected_at"), get("last_tracking_at"), get("archived_at")
    return ParcelClocks(
        record["tracking"],
        _SERVICES[record["service"]],
        _STATUSES[record["status"]],
        _FROM_ISO(record["created_at"]),
        _FROM_ISO(collected) if collected else None,
        _FROM_ISO(last) if last else None,
        _FROM_ISO(archived) if archived else None,
    )


# ---------------------------------------------------------------------------- complaints


def event_to_record(event: Event) -> dict[str, Any]:
    record: dict[str, Any] = {"kind": event.kind.value, "at": iso(event.at), "recorded_at": iso(event.recorded_at)}
    if event.outcome is not None:
        record["outcome"] = event.outcome.value
    if event.claimed is not None:
        record["claimed"] = money_str(event.claimed)
    if event.received is not None:
        record["received"] = money_str(event.received)
    if event.note:
        record["note"] = event.note
    if event.retracted_at is not None:
        record["retracted_at"] = iso(event.retracted_at)
        record["retraction_reason"] = event.retraction_reason
    return record


def event_from_record(record: Mapping[str, Any]) -> Event:
    return Event(
        kind=EventKind(record["kind"]),
        at=from_iso(record["at"]),
        recorded_at=from_iso(record["recorded_at"]),
        outcome=Outcome(record["outcome"]) if record.get("outcome") else None,
        claimed=Decimal(record["claimed"]) if record.get("claimed") is not None else None,
        received=Decimal(record["received"]) if record.get("received") is not None else None,
        note=record.get("note", ""),
        retracted_at=from_iso(record["retracted_at"]) if record.get("retracted_at") else None,
        retraction_reason=record.get("retraction_reason", ""),
    )


def complaint_to_record(complaint: Complaint, rev: int = 0) -> dict[str, Any]:
    return {
        "id": complaint.id,
        "tracking": complaint.tracking,
        "channel": complaint.channel.value,
        "type": complaint.complaint_type.value,
        "attempt": complaint.attempt,
        "events": [event_to_record(event) for event in complaint.events],
        "note": complaint.note,
        "evidence": list(complaint.evidence),
        "contact": complaint.contact,
        "follow_up_at": iso(complaint.follow_up_at) if complaint.follow_up_at else None,
        "claimed": money_str(complaint.claimed) if complaint.claimed is not None else None,
        REV: rev,
    }


def parsed_complaints(records: Iterable[tuple[str, Mapping[str, Any]]], revs: dict[str, int]) -> dict[str, list[tuple[int, Complaint]]]:
    """(doc id, Complaint) of these stored complaints (validated) by tracking number, each
    parcel's in the order filed (then by doc id); `revs` gets their revisions."""
    complaints: dict[str, list[tuple[int, Complaint]]] = {}
    for doc_id, record in records:
        complaint = complaint_from_record(record)
        complaints.setdefault(complaint.tracking, []).append((int(doc_id), complaint))
        revs[complaint.id] = rev_of(record)
    for items in complaints.values():
        items.sort(key=lambda item: (item[1].filed_at, item[0]))
    return complaints


def complaint_from_record(record: Mapping[str, Any]) -> Complaint:
    follow_up = record.get("follow_up_at")
    claimed = record.get("claimed")
    return Complaint(
        id=record["id"],
        tracking=record["tracking"],
        channel=Channel(record.get("channel", "platform")),
        complaint_type=ComplaintType(record["type"]),
        attempt=int(record.get("attempt", 0)),
        events=tuple(event_from_record(event) for event in record["events"]),
        note=record.get("note", ""),
        evidence=tuple(record.get("evidence", ())),
        contact=record.get("contact", ""),
        follow_up_at=from_iso(follow_up) if follow_up else None,
        claimed=Decimal(claimed) if claimed is not None else None,
    )


# ---------------------------------------------------------------------------- settings


def settings_to_record(settings: Settings, rev: int = 0) -> dict[str, Any]:
    record = asdict(settings)
    record[REV] = rev
    record["special_line_multiplier"] = str(settings.special_line_multiplier)
    record["carrier_multipliers"] = {k: str(v) for k, v in settings.carrier_multipliers.items()}
    if settings.usd_rate is None:  # written only when set: the record stays as older versions wrote it
        del record["usd_rate"]
    else:
        record["usd_rate"] = str(settings.usd_rate)
    return record


def settings_from_record(record: Mapping[str, Any]) -> Settings:
    known = {k: v for k, v in record.items() if k in Settings.__dataclass_fields__}
    opens = dict(DEFAULT_WINDOW_OPENS_HOURS)
    opens.update(known.get("window_opens_hours", {}))
    known["window_opens_hours"] = opens
    if "special_line_multiplier" in known:
        known["special_line_multiplier"] = Decimal(str(known["special_line_multiplier"]))
    known["carrier_multipliers"] = {str(k).casefold(): Decimal(str(v)) for k, v in known.get("carrier_multipliers", {}).items()}
    if known.get("usd_rate") is not None:
        known["usd_rate"] = Decimal(str(known["usd_rate"]))
    settings = Settings(**known)
    settings.validate()
    return settings
