"""`claimdesk doctor`: check a data file and report what is wrong, changing nothing."""

from __future__ import annotations

import copy
from datetime import datetime
from pathlib import Path

from claimdesk.domain.complaints import MAX_ATTEMPTS, Channel, Complaint, EventKind
from claimdesk.domain.parcels import Parcel
from claimdesk.store.errors import DataFileError
from claimdesk.store.storage import SafeJSONStorage
from claimdesk.store import schema


def check_file(path: Path) -> list[str]:
    """Every problem found; an empty list means the file is sound. Never writes, never migrates."""
    if not path.exists() and not path.is_symlink():
        return ["no data file here yet (it is created on the first write)"]
    storage = SafeJSONStorage(path)
    try:
        peeked = storage.peek()
    except DataFileError as error:
        return [str(error)]
    finally:
        storage.close()
    if peeked is None:
        return ["no data file here yet (it is created on the first write)"]
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
            parcel = Parcel.from_record(record)
        except Exception as error:  # any malformed field is a finding, not a crash
            problems.append(f"parcel #{doc_id}: unreadable ({type(error).__name__}: {error})")
            if isinstance(record, dict) and isinstance(record.get("tracking"), str):
                unusable.add(record["tracking"])
            continue
        naive = [name for name in ("created_at", "collected_at", "last_tracking_at") if _naive(getattr(parcel, name))]
        if naive:
            problems.append(f"parcel {parcel.tracking}: {', '.join(naive)} without a UTC offset")
            unusable.add(parcel.tracking)
            continue
        if parcel.tracking in parcels:
            problems.append(f"parcel {parcel.tracking}: stored twice")
        parcels[parcel.tracking] = parcel
    by_parcel: dict[str, list[Complaint]] = {}
    for doc_id, record in data.get(schema.COMPLAINTS, {}).items():
        try:
            complaint = Complaint.from_record(record)
        except Exception as error:
            problems.append(f"complaint #{doc_id}: unreadable ({type(error).__name__}: {error})")
            continue
        if any(_naive(event.at) or _naive(event.recorded_at) for event in complaint.events) or _naive(complaint.follow_up_at):
            problems.append(f"complaint {complaint.id}: instants without a UTC offset")
            continue
        parcel = parcels.get(complaint.tracking)
        if parcel is None and complaint.tracking in unusable:
            pass  # its parcel is already reported
        elif parcel is None:
            problems.append(f"complaint {complaint.id}: refers to unknown parcel {complaint.tracking}")
        elif complaint.events and complaint.filed_at < parcel.created_at:
            problems.append(f"complaint {complaint.id}: filed before parcel {parcel.tracking} was created")
        by_parcel.setdefault(complaint.tracking, []).append(complaint)
        if not complaint.events or complaint.events[0].kind is not EventKind.FILED:
            problems.append(f"complaint {complaint.id}: does not start with a filing event")
        times = [event.at for event in complaint.events]
        if times != sorted(times):
            problems.append(f"complaint {complaint.id}: events out of order")
    for tracking, complaints in by_parcel.items():
        attempts = sum(1 for c in complaints if c.channel is Channel.PLATFORM)
        if attempts > MAX_ATTEMPTS:
            problems.append(f"parcel {tracking}: {attempts} complaint attempts (the limit is {MAX_ATTEMPTS})")
        numbers = sorted(c.attempt for c in complaints if c.channel is Channel.PLATFORM)
        if numbers != list(range(1, len(numbers) + 1)):
            problems.append(f"parcel {tracking}: attempt numbers {numbers} are not 1..{len(numbers)}")
    return problems


def _naive(at: datetime | None) -> bool:
    """An instant stored without its offset cannot be compared with the others."""
    return at is not None and at.utcoffset() is None
