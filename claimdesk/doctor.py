"""`claimdesk doctor`: check a data file and report what is wrong, changing nothing.

Every record goes through the store's validator (`claimdesk.store.validation`), the same one
that refuses a damaged file when claimdesk opens it: one line per problem, naming the table,
the record and the field. On the records that are sound, doctor then checks what the rules
promise across records: at most two attempts per parcel, numbered 1..n, and no complaint
filed before its parcel was created.
"""

from __future__ import annotations

import copy
from datetime import datetime
from pathlib import Path
from typing import Any

from claimdesk.domain.complaints import MAX_ATTEMPTS, Channel, Complaint
from claimdesk.domain.consistency import complaint_breaches, parcel_breaches
from claimdesk.domain.errors import DataFileError
from claimdesk.domain.parcels import Parcel
from claimdesk.domain.settings import Settings
from claimdesk.i18n import _
from claimdesk.store import schema
from claimdesk.store.records import complaint_from_record, parcel_from_record, settings_from_record
from claimdesk.store.storage import SafeJSONStorage
from claimdesk.store.validation import PARCEL_TABLES, damage


def check_file(path: Path, now: datetime | None = None) -> list[str]:
    """Every problem found; an empty list means the file is sound. Never writes, never migrates.
    `now` (default: the clock, CLAIMDESK_NOW pins it) is what "in the future" is measured from."""
    if now is None:
        from claimdesk.clock import clock_from_env

        now = clock_from_env().now()
    if not path.exists() and not path.is_symlink():
        return [_("no data file here yet (it is created on the first write)")]
    storage = SafeJSONStorage(path)
    # Its lock and validation stamp: a FIFO or a link in their place (a shared folder) is named.
    companions = storage.odd_companions()
    try:
        peeked = storage.peek()
    except DataFileError as error:
        return [*companions, str(error)]
    finally:
        storage.close()
    if peeked is None:
        return [*companions, _("no data file here yet (it is created on the first write)")]
    data, version = peeked
    if version < schema.SCHEMA_VERSION:
        # Check what the file will become; the real migration (with its backup) happens when
        # claimdesk next opens the file for use.
        try:
            data = schema.migrate(copy.deepcopy(data), version)
        except DataFileError as error:
            return [*companions, str(error)]
    found = damage(data)
    problems = companions + [str(item) for item in found]
    damaged = {(item.table, item.doc_id) for item in found}
    problems += _rule_problems(data, damaged)
    problems += _consistency_problems(data, damaged, now)
    return problems


def _consistency_problems(data: dict[str, Any], damaged: set[tuple[str, str]], now: datetime) -> list[str]:
    """The rules of docs/rules.md section 5 (domain/consistency.py, the same the write paths
    run), on the parcels and complaints the validator passed: table, id, field and both facts."""
    problems: list[str] = []
    settings_table = data.get(schema.SETTINGS, {})
    if len(settings_table) > 1:
        ids = ", ".join(f"#{doc_id}" for doc_id in settings_table)
        problems.append(_("settings: {count} settings records ({ids}); there is one").format(count=len(settings_table), ids=ids))
    settings = Settings()
    stored = settings_table.get("1")
    if stored is not None and (schema.SETTINGS, "1") not in damaged:
        settings = settings_from_record(stored)
    parcels: dict[str, tuple[str, str, Parcel]] = {}
    for table in PARCEL_TABLES:
        for doc_id, record in data.get(table, {}).items():
            if (table, doc_id) not in damaged:
                parcels.setdefault(record["tracking"], (table, doc_id, parcel_from_record(record)))
    complaints: dict[str, list[tuple[str, Complaint]]] = {}
    for doc_id, record in data.get(schema.COMPLAINTS, {}).items():
        if (schema.COMPLAINTS, doc_id) not in damaged:
            complaint = complaint_from_record(record)
            complaints.setdefault(complaint.tracking, []).append((doc_id, complaint))
    for tracking, (table, doc_id, parcel) in parcels.items():
        own = sorted(complaints.get(tracking, []), key=lambda item: (item[1].filed_at, int(item[0]) if item[0].isdigit() else 0))
        where = {complaint.id: doc_id_ for doc_id_, complaint in own}
        listed = [complaint for _doc, complaint in own]
        for breach in parcel_breaches(parcel, listed, now, settings):
            problems.append(f"{table} #{doc_id} ({tracking}): {breach.field}: {breach.problem}")
        for breach in complaint_breaches(parcel, listed, now, settings):
            problems.append(f"{schema.COMPLAINTS} #{where[breach.key]} ({breach.key}): {breach.field}: {breach.problem}")
    return problems


def _rule_problems(data: dict[str, Any], damaged: set[tuple[str, str]]) -> list[str]:
    """What the rules promise across records, checked on the records the validator passed."""
    parcels: dict[str, Parcel] = {}
    for table in PARCEL_TABLES:
        for doc_id, record in data.get(table, {}).items():
            if (table, doc_id) not in damaged:
                parcel = parcel_from_record(record)
                parcels.setdefault(parcel.tracking, parcel)
    problems: list[str] = []
    # Attempts count from every complaint whose parcel, channel and number can be read, even
    # when another of its fields is damaged: a damaged complaint still used its attempt. A
    # retracted filing (recorded by mistake) is no attempt.
    attempts_of: dict[str, list[int]] = {}
    for doc_id, record in data.get(schema.COMPLAINTS, {}).items():
        if (schema.COMPLAINTS, doc_id) in damaged:
            if _readable_attempt(record):
                attempts_of.setdefault(record["tracking"], []).append(record["attempt"])
            continue
        complaint = complaint_from_record(record)
        if complaint.channel is Channel.PLATFORM and not complaint.retracted:
            attempts_of.setdefault(complaint.tracking, []).append(complaint.attempt)
        owner = parcels.get(complaint.tracking)
        if owner is not None and complaint.filed_at < owner.created_at:
            problems.append(
                _("complaint {id}: filed before parcel {tracking} was created").format(id=complaint.id, tracking=owner.tracking)
            )
    for tracking, numbers in attempts_of.items():
        if len(numbers) > MAX_ATTEMPTS:
            problems.append(
                _("parcel {tracking}: {attempts} complaint attempts (the limit is {limit})").format(
                    tracking=tracking, attempts=len(numbers), limit=MAX_ATTEMPTS
                )
            )
        if sorted(numbers) != list(range(1, len(numbers) + 1)):
            problems.append(
                _("parcel {tracking}: attempt numbers {numbers} are not 1..{count}").format(
                    tracking=tracking, numbers=sorted(numbers), count=len(numbers)
                )
            )
    return problems


def _readable_attempt(record: Any) -> bool:
    """A damaged complaint record whose parcel, channel and attempt number can still be read,
    and whose filing was not retracted."""
    if type(record) is not dict or type(record.get("tracking")) is not str or type(record.get("attempt")) is not int:
        return False
    if record.get("channel", Channel.PLATFORM.value) != Channel.PLATFORM.value:
        return False
    events = record.get("events")
    first = events[0] if type(events) is list and events else None
    return not (type(first) is dict and first.get("retracted_at"))
