"""`claimdesk doctor`: check a data file and report what is wrong, changing nothing."""

from __future__ import annotations

import copy
from datetime import datetime
from pathlib import Path

from claimdesk.domain.complaints import MAX_ATTEMPTS, Channel, Complaint, EventKind
from claimdesk.domain.errors import DataFileError
from claimdesk.domain.parcels import Parcel
from claimdesk.i18n import _
from claimdesk.store import schema
from claimdesk.store.records import complaint_from_record, parcel_from_record
from claimdesk.store.storage import SafeJSONStorage


def check_file(path: Path) -> list[str]:
    """Every problem found; an empty list means the file is sound. Never writes, never migrates."""
    if not path.exists() and not path.is_symlink():
        return [_("no data file here yet (it is created on the first write)")]
    storage = SafeJSONStorage(path)
    try:
        peeked = storage.peek()
    except DataFileError as error:
        return [str(error)]
    finally:
        storage.close()
    if peeked is None:
        return [_("no data file here yet (it is created on the first write)")]
    data, version = peeked
    if version < schema.SCHEMA_VERSION:
        # Check what the file will become; the real migration (with its backup) happens when
        # claimdesk next opens the file for use.
        try:
            data = schema.migrate(copy.deepcopy(data), version)
        except DataFileError as error:
            return [str(error)]
    problems: list[str] = []
    parcels: dict[str, Parcel] = {}
    unusable: set[str] = set()  # parcels already reported as unreadable
    for doc_id, record in data.get(schema.PARCELS, {}).items():
        try:
            parcel = parcel_from_record(record)
        except Exception as error:  # noqa: BLE001 - any malformed field is a finding, not a crash
            problems.append(
                _("parcel #{doc_id}: unreadable ({problem})").format(doc_id=doc_id, problem=f"{type(error).__name__}: {error}")
            )
            if isinstance(record, dict) and isinstance(record.get("tracking"), str):
                unusable.add(record["tracking"])
            continue
        naive = [name for name in ("created_at", "collected_at", "last_tracking_at") if _naive(getattr(parcel, name))]
        if naive:
            problems.append(
                _("parcel {tracking}: {fields} without a UTC offset").format(tracking=parcel.tracking, fields=", ".join(naive))
            )
            unusable.add(parcel.tracking)
            continue
        if parcel.tracking in parcels:
            problems.append(_("parcel {tracking}: stored twice").format(tracking=parcel.tracking))
        parcels[parcel.tracking] = parcel
    by_parcel: dict[str, list[Complaint]] = {}
    for doc_id, record in data.get(schema.COMPLAINTS, {}).items():
        try:
            complaint = complaint_from_record(record)
        except Exception as error:  # noqa: BLE001 - a finding, not a crash
            problems.append(
                _("complaint #{doc_id}: unreadable ({problem})").format(doc_id=doc_id, problem=f"{type(error).__name__}: {error}")
            )
            continue
        if any(_naive(event.at) or _naive(event.recorded_at) for event in complaint.events) or _naive(complaint.follow_up_at):
            problems.append(_("complaint {id}: instants without a UTC offset").format(id=complaint.id))
            continue
        owner = parcels.get(complaint.tracking)
        if owner is None and complaint.tracking in unusable:
            pass  # its parcel is already reported
        elif owner is None:
            problems.append(
                _("complaint {id}: refers to unknown parcel {tracking}").format(id=complaint.id, tracking=complaint.tracking)
            )
        elif complaint.events and complaint.filed_at < owner.created_at:
            problems.append(
                _("complaint {id}: filed before parcel {tracking} was created").format(id=complaint.id, tracking=owner.tracking)
            )
        by_parcel.setdefault(complaint.tracking, []).append(complaint)
        if not complaint.events or complaint.events[0].kind is not EventKind.FILED:
            problems.append(_("complaint {id}: does not start with a filing event").format(id=complaint.id))
        times = [event.at for event in complaint.live_events]  # a retracted event does not count
        if times != sorted(times):
            problems.append(_("complaint {id}: events out of order").format(id=complaint.id))
    for tracking, complaints in by_parcel.items():
        attempts = sum(1 for c in complaints if c.channel is Channel.PLATFORM and not c.retracted)
        if attempts > MAX_ATTEMPTS:
            problems.append(
                _("parcel {tracking}: {attempts} complaint attempts (the limit is {limit})").format(
                    tracking=tracking, attempts=attempts, limit=MAX_ATTEMPTS
                )
            )
        numbers = sorted(c.attempt for c in complaints if c.channel is Channel.PLATFORM and not c.retracted)
        if numbers != list(range(1, len(numbers) + 1)):
            problems.append(
                _("parcel {tracking}: attempt numbers {numbers} are not 1..{count}").format(
                    tracking=tracking, numbers=numbers, count=len(numbers)
                )
            )
    return problems


def _naive(at: datetime | None) -> bool:
    """An instant stored without its offset cannot be compared with the others."""
    return at is not None and at.utcoffset() is None
