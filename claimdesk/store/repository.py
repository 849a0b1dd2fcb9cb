"""The repository: parcels, complaints and settings in one TinyDB file, with in-memory indexes.

Every use case that writes runs inside `transaction()`, which holds the file lock and
re-reads the file if another process changed it, so rules like "at most two attempts" are
checked against the latest data and two writers never lose each other's work. A transaction
is a unit of work: what it changes reaches the file in one atomic write when it ends, and
nothing does if it ends with an exception.

Loading is cheap at 100,000 parcels: the file is validated (store/validation.py), and the only
index built at once is tracking number -> record, from the validator's tracking column. The
complaints are parsed when something first asks for them, the settings likewise, a parcel when
it is looked up. Writes go into the stored tables directly (no TinyDB table in the way) and
keep those indexes up to date.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator, Mapping, MutableMapping, Sequence, Set
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from itertools import compress, repeat
from operator import itemgetter
from pathlib import Path
from typing import Any

from tinydb import TinyDB
from tinydb.table import Table

from claimdesk.domain.complaints import Complaint
from claimdesk.domain.deadlines import Deadline
from claimdesk.domain.errors import DataFileError, NotFoundError
from claimdesk.domain.parcels import ClockSubject, Parcel
from claimdesk.domain.settings import Settings
from claimdesk.i18n import _
from claimdesk.store import schema, validation
from claimdesk.store.clock_cache import ClockCache, Compute, Ended, Facts, Source, cache_key, doc_ids, is_computed, record_digest
from claimdesk.store.file_records import FileRecords, NotFound
from claimdesk.store.lazy_table import LazyTable
from claimdesk.store.records import (
    ParcelClocks,
    clocks_from_record,
    complaint_to_record,
    parcel_from_record,
    parcel_to_record,
    parsed_complaints,
    rev_of,
    settings_from_record,
    settings_to_record,
)
from claimdesk.store.storage import SafeJSONStorage


class _IntKeyView(MutableMapping[int, Any]):
    """The stored table (string keys) seen as TinyDB's updaters expect it (int keys), in place."""

    def __init__(self, raw: dict[str, Any]) -> None:
        self.raw = raw

    def __getitem__(self, key: int) -> Any:
        return self.raw[str(key)]

    def __setitem__(self, key: int, value: Any) -> None:
        self.raw[str(key)] = value

    def __delitem__(self, key: int) -> None:
        del self.raw[str(key)]

    def __contains__(self, key: object) -> bool:
        return str(key) in self.raw

    def __iter__(self) -> Iterator[int]:
        return (int(key) for key in self.raw)

    def __len__(self) -> int:
        return len(self.raw)


class FastTable(Table):
    """TinyDB's Table without the two whole-table copies per write: O(changed documents)."""

    def _update_table(self, updater: Callable[[dict[int, Mapping]], None]) -> None:
        tables = self._storage.read() or {}
        raw = tables.setdefault(self.name, {})
        touch = getattr(self._storage, "touch", None)
        if touch is not None:
            touch(self.name)  # its kept encoding is stale from here on, even if updater fails
        try:
            updater(_IntKeyView(raw))  # type: ignore[arg-type]
        except BaseException:
            # TinyDB updates the cached tables in place: a half-done update must not stay in
            # memory as if it were the file. Forget the cache; the next read is from disk.
            if isinstance(self._storage, SafeJSONStorage):
                self._storage._forget()
            self.clear_cache()
            raise
        self._storage.write(tables)
        self.clear_cache()


class ClaimdeskDB(TinyDB):
    table_class = FastTable
    default_storage_class = SafeJSONStorage  # type: ignore[assignment]


def _largest_id(table: Mapping[str, Any]) -> int:
    """The largest doc id of a table (TinyDB's next id is one more), without an int() per key:
    the ids (digits, checked on load) padded to one length compare as text as they do as numbers."""
    if not table:
        return 0
    lengths = list(map(len, table))
    width = max(lengths)
    if next(iter(table)).startswith("0") or "0" in map(itemgetter(0), compress(table, map(width.__eq__, lengths))):
        return int(max(map(str.zfill, table, repeat(width))))  # leading zeros somewhere: pad them all
    return int(max(compress(table, map(width.__eq__, lengths))))


class _ParcelRecords(Mapping[str, tuple[int, Mapping[str, Any]]]):
    """tracking -> (doc id, stored record), read through the index without building tuples."""

    def __init__(self, index: Mapping[str, str], table: Mapping[str, Any]) -> None:
        self._index = index
        self._table = table

    def __getitem__(self, tracking: str) -> tuple[int, Mapping[str, Any]]:
        key = self._index[tracking]
        return int(key), self._table[key]

    def __contains__(self, tracking: object) -> bool:
        return tracking in self._index

    def __iter__(self) -> Iterator[str]:
        return iter(self._index)

    def __len__(self) -> int:
        return len(self._index)


# Whether the calendar wants a parcel's ended stretches: (its Facts, its clocks counting now, the settings).
WantsEnded = Callable[[Facts, list[Deadline], Settings], bool]


def _settings_of(stored: Mapping[str, Any] | None) -> tuple[Settings, int]:
    """The settings a stored settings record holds (the defaults when there is none), and its revision."""
    return (settings_from_record(stored) if stored else Settings(), rev_of(stored))


@dataclass(frozen=True)
class FirstScreen:
    """What `Repository.first_screen` reads for a large desk's first screen."""

    records: list[dict[str, Any]]
    complaints: dict[str, list[tuple[int, Complaint]]]  # tracking -> (doc id, complaint), in filing order
    settings: Settings


@dataclass(frozen=True)
class _Vouched:
    """What `Repository._vouched` finds of a file the stamp and the clock cache vouch for."""

    digest: str  # the file's sha256
    bound: dict[str, Any]  # what binds the cache's entries
    entries: dict[str, Any]
    stored_settings: dict[str, Any] | None
    settings: Settings
    revision: int  # the stored settings' revision
    records: FileRecords


@dataclass(frozen=True)
class Clocks:
    """Every parcel's clocks counting at one instant, and what the calendar reads with them
    (Repository.clocks)."""

    deadlines: list[Deadline]
    settings: Settings
    settings_rev: int
    facts: dict[str, Facts]  # tracking -> Facts, for every parcel that may have clocks (when `ended` was given)
    ended: dict[str, list[Ended]]  # tracking -> the ended stretches of its history, for those `ended` picked


class Repository:
    def __init__(self, path: str | Path, *, read_only: bool = False) -> None:
        self.path = Path(path)
        self.db = ClaimdeskDB(str(self.path), storage=SafeJSONStorage)
        self.storage: SafeJSONStorage = self.db.storage  # type: ignore[assignment]
        self.storage.read_only = read_only  # a yearly archive file read with the others
        self.storage.stamp_key = validation.RULES_KEY
        self.storage.piece_check = validation.PieceCheck
        self._generation = -1
        self._data: dict[str, Any] = {}
        self._index: dict[str, str] = {}  # tracking -> the parcel's doc id (text, as stored)
        self._others: dict[str, str] = {}  # another number of a parcel -> its tracking number
        self._next_key: dict[str, int] = {}  # table -> the next doc id to hand out
        self._parcel_objects: dict[str, Parcel] = {}
        self._clock_subjects: dict[str, ParcelClocks] = {}
        # Built when first asked for (a `parcel add` never needs them):
        self._complaints: dict[str, list[tuple[int, Complaint]]] | None = None
        self._complaint_revs: dict[str, int] = {}  # complaint id -> its stored revision
        self._settings: tuple[Settings, int] | None = None  # the settings and their revision
        self._clock_cache: ClockCache | None = None
        self._docs: tuple[Mapping[str, Any], dict[str, Any]] | None = None  # (the cache's entries, their doc ids)
        self._first_seen: str | None = None  # the sha256 of the bytes a first screen was read from
        # The parcels whose records (or complaints) the writes since the last one on disk changed,
        # and whether anything else that the clocks read changed (the settings): the write keeps
        # the clock cache in step with the new file (`_clocks_written`).
        self._clocks_touched: set[str] = set()
        self._clocks_unknown = False
        self.storage.after_write = self._clocks_written

    # ------------------------------------------------------------------ sync

    def refresh(self) -> None:
        """Pick up changes on disk (another process's writes); raises DataFileError if damaged."""
        data = self.storage.read()
        if self.storage.generation == self._generation:
            return
        self._rebuild(data if data is not None else {})
        self._generation = self.storage.generation

    def _rebuild(self, data: dict[str, Any]) -> None:
        if self.storage.is_stamped():  # these exact bytes were found sound before
            checked = validation.trusted(data)
        else:
            try:
                checked = validation.check(data)
            except validation.Damaged as damaged:
                raise DataFileError(
                    _("{path} is damaged: {damage}; left untouched: run 'claimdesk doctor'").format(path=self.path, damage=damaged.first)
                ) from None
            if data:
                self.storage.stamp()
        for table in (schema.PARCELS, schema.COMPLAINTS, schema.SETTINGS, schema.META):
            self._forget_tinydb_state(table)
        self._data = data
        self._index = dict(zip(checked.trackings[schema.PARCELS], data.get(schema.PARCELS, {}), strict=True))
        self._others = dict(validation.other_numbers_of(data.get(schema.PARCELS, {})))
        self._next_key = {}
        self._parcel_objects = {}
        self._clock_subjects = {}
        self._complaints = None
        self._complaint_revs = {}
        self._settings = None
        self._clocks_touched, self._clocks_unknown = set(), False

    def _forget_tinydb_state(self, table: str) -> None:
        cached = self.db.table(table)
        cached._next_id = None  # ids handed out since (by us or another process) are not its own
        cached.clear_cache()

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """A read-check-write use case: the lock is held from the latest data to the one write
        at the end; an exception inside writes nothing."""
        with self.storage.locked(), self.storage.deferred():
            self.refresh()
            yield
        self._committed()  # the write at the end moved the generation: our indexes hold it

    def _committed(self) -> None:
        """Our own write moved the generation: our indexes already hold the change."""
        self._generation = self.storage.generation

    def _tables(self) -> dict[str, Any]:
        """The data to change (a new file's header first), with our indexes in step with it."""
        self.refresh()
        if self.storage.read() is None:
            self.storage.write(schema.new_data())
            self._data = self.storage.read() or {}
            self._committed()
        return self._data

    def _store(self, data: dict[str, Any], *changed: str, parcels: Iterable[str] = ()) -> None:
        """Write data whose `changed` tables were changed in place (one write per transaction);
        `parcels`: the tracking numbers whose parcel or complaint records changed (added,
        replaced or removed), for the clock cache.

        Every record changed went through the validator first (`_refuse`), so the write is
        vouched for: the file written is stamped as sound and the next load skips validation.
        """
        self._clocks_touched.update(parcels)
        if schema.SETTINGS in changed or schema.META in changed:
            self._clocks_unknown = True  # every clock may change: the cache's key says so
        for table in changed:
            self._forget_tinydb_state(table)
        self.storage.write(data, vouched=True)
        self._data = self.storage.read() or data
        self._committed()

    def _refuse(self, damage: validation.Damage | list[validation.Damage] | None) -> None:
        """A record about to be written would damage the file: refuse, write nothing."""
        first = damage[0] if isinstance(damage, list) and damage else damage
        if isinstance(first, validation.Damage):
            raise DataFileError(_("refusing to write a damaged record to {path}: {damage}").format(path=self.path, damage=first))

    def _insert(self, data: dict[str, Any], table: str, records: list[dict[str, Any]]) -> list[str]:
        """Add records to a table under new doc ids (one more than the largest, as TinyDB does)."""
        stored = data.setdefault(table, {})
        next_key = self._next_key.get(table)
        if next_key is None:
            next_key = _largest_id(stored) + 1
        keys = [str(number) for number in range(next_key, next_key + len(records))]
        stored.update(zip(keys, records, strict=True))  # new keys: they go at the end, in order
        self._next_key[table] = next_key + len(records)
        appended = self.storage.appended
        for key, record in zip(keys, records, strict=True):
            appended(table, key, record)
        return keys

    def _replace(self, data: dict[str, Any], table: str, key: str, record: dict[str, Any]) -> None:
        """Put `record` in place of the stored one (every key: one left out goes from the file)."""
        self.storage.touch(table)
        data[table][key] = record

    # ------------------------------------------------------------------ parcels

    def parcel_records(self) -> Mapping[str, tuple[int, Mapping[str, Any]]]:
        """tracking -> (doc id, stored record); read-only, cheap even at 100k parcels."""
        self.refresh()
        return _ParcelRecords(self._index, self._data.get(schema.PARCELS, {}))

    def parcel_table(self) -> Mapping[str, Mapping[str, Any]]:
        """The stored parcel records by doc id, in file order (read-only): for going through
        every parcel without looking each one up."""
        self.refresh()
        return self._data.get(schema.PARCELS, {})

    def parcel_column(self, name: str, *, refresh: bool = True) -> list[Any]:
        """record.get(name) of every stored parcel, in file order: read from the records' texts
        where the table holds them (store/lazy_table.py), without parsing the records."""
        if refresh:
            self.refresh()
        table = self._data.get(schema.PARCELS, {})
        if isinstance(table, LazyTable):
            return table.trackings() if name == "tracking" else table.column(name)
        return list(map(dict.get, table.values(), repeat(name)))

    def tracking_numbers(self) -> Iterable[str]:
        self.refresh()
        return self._index.keys()

    def count(self) -> int:
        self.refresh()
        return len(self._index)

    def has_parcel(self, tracking: str) -> bool:
        self.refresh()
        return tracking in self._index

    def owner_of(self, number: str) -> str | None:
        """The tracking number of the parcel known by `number` (normalised), as its tracking
        number or as one of its other numbers (docs/rules.md section 1: any of them finds the
        parcel); None when no parcel has it. One dict lookup each way."""
        self.refresh()
        return number if number in self._index else self._others.get(number)

    def other_numbers(self) -> dict[str, str]:
        """Every other number on the desk -> its parcel's tracking number (a copy)."""
        self.refresh()
        return dict(self._others)

    def number_clash(self, parcel: Parcel, *, new: bool = False) -> tuple[str, str] | None:
        """(number, the tracking number of the parcel that has it) when one of `parcel`'s numbers
        is already another parcel's (its key or one of its other numbers), or, for a `new`
        parcel, any parcel's on the desk; None when all are free."""
        for number in parcel.numbers:
            owner = self.owner_of(number)
            if owner is not None and (new or owner != parcel.tracking):
                return number, owner
        return None

    def parcel_record(self, tracking: str, *, refresh: bool = True) -> Mapping[str, Any]:
        """The stored parcel known by `tracking`: its tracking number, or one of its other numbers."""
        if refresh:
            self.refresh()
        key = self._index.get(tracking) or self._index.get(self._others.get(tracking, ""))
        if key is None:
            raise NotFoundError(_("no parcel with tracking number {tracking!r}").format(tracking=tracking))
        return self._data[schema.PARCELS][key]

    def parcel(self, tracking: str, *, refresh: bool = True) -> Parcel:
        """The parcel known by `tracking` (its tracking number or another of its numbers),
        parsed once and cached; refresh=False skips the on-disk check, for a caller that has
        just refreshed and looks up thousands of parcels (Desk.due)."""
        if refresh:
            self.refresh()
        cached = self._parcel_objects.get(tracking)
        if cached is not None:
            return cached
        tracking = self._others.get(tracking, tracking)
        cached = self._parcel_objects.get(tracking)
        if cached is not None:
            return cached
        parcel = parcel_from_record(self.parcel_record(tracking, refresh=False))  # validated on load
        self._parcel_objects[tracking] = parcel
        return parcel

    def _index_others(self, parcel: Parcel, was: Parcel | None = None) -> None:
        """Keep the other-number index in step with a parcel written (and what it was before)."""
        if was is not None:
            for number in was.other_numbers:
                if self._others.get(number) == was.tracking:
                    del self._others[number]
        for number in parcel.other_numbers:
            self._others[number] = parcel.tracking

    def _refuse_clash(self, parcel: Parcel) -> None:
        clash = self.number_clash(parcel)
        if clash is not None:
            number, owner = clash
            self._refuse(
                validation.Damage(
                    schema.PARCELS,
                    "",
                    parcel.tracking,
                    "other_numbers",
                    _("{number} is already {owner}'s number").format(number=number, owner=owner),
                )
            )

    def clock_subject(self, tracking: str) -> ClockSubject:
        """What the clocks of the parcel read, from its stored record (no whole Parcel parsed):
        for Desk.due, which has just refreshed and looks up thousands of parcels."""
        subject: ClockSubject | None = self._parcel_objects.get(tracking) or self._clock_subjects.get(tracking)
        if subject is None:
            subject = self._clock_subjects[tracking] = clocks_from_record(self.parcel_record(tracking, refresh=False))
        return subject

    def clock_subjects(self, trackings: Iterable[str]) -> dict[str, ClockSubject]:
        """clock_subject for each of these tracking numbers that is on the desk (others are left
        out), after one refresh."""
        self.refresh()
        index, table = self._index, self._data.get(schema.PARCELS, {})
        parcels, subjects = self._parcel_objects, self._clock_subjects
        found: dict[str, ClockSubject] = {}
        for tracking in trackings:
            subject: ClockSubject | None = parcels.get(tracking) or subjects.get(tracking)
            if subject is None:
                key = index.get(tracking)
                if key is None:
                    continue
                subject = subjects[tracking] = clocks_from_record(table[key])
            found[tracking] = subject
        return found

    def parcels(self) -> Iterator[Parcel]:
        for tracking in list(self.tracking_numbers()):
            yield self.parcel(tracking)

    def add_parcels(self, parcels: Iterable[Parcel]) -> int:
        """Insert new parcels (the caller checked they are new, under the lock)."""
        records = [parcel_to_record(parcel) for parcel in parcels]
        if not records:
            return 0
        self.refresh()
        self._refuse(validation.new_parcels_damage(records, self._index, self._others))
        data = self._tables()
        keys = self._insert(data, schema.PARCELS, records)
        self._index.update(zip((record["tracking"] for record in records), keys, strict=True))
        self._others.update(validation.other_numbers_of(dict(zip(keys, records, strict=True))))
        self._store(data, schema.PARCELS, parcels=(record["tracking"] for record in records))
        return len(records)

    def save_import(self, new: Sequence[Parcel], changed: Sequence[Parcel]) -> None:
        """Insert new parcels and replace changed ones together (an import: the caller checked,
        under the lock, that the new ones are new and the changed ones unchanged since it read
        them)."""
        if not new and not changed:
            return
        data = self._tables()
        for parcel in changed:
            self._refuse_clash(parcel)
        records = [parcel_to_record(parcel) for parcel in new]
        if records:
            self._refuse(validation.new_parcels_damage(records, self._index, self._others))
        if records:
            keys = self._insert(data, schema.PARCELS, records)
            self._index.update(zip((record["tracking"] for record in records), keys, strict=True))
            self._others.update(validation.other_numbers_of(dict(zip(keys, records, strict=True))))
        for parcel in changed:
            key = self._index[parcel.tracking]
            was = parcel_from_record(data[schema.PARCELS][key])
            self._replace(data, schema.PARCELS, key, parcel_to_record(parcel, rev_of(data[schema.PARCELS][key]) + 1))
            self._parcel_objects[parcel.tracking] = parcel
            self._index_others(parcel, was)
        self._store(data, schema.PARCELS, parcels=[*(record["tracking"] for record in records), *(p.tracking for p in changed)])

    def parcel_rev(self, tracking: str, *, refresh: bool = True) -> int:
        """The stored parcel's revision (bumped by every update)."""
        return rev_of(self.parcel_record(tracking, refresh=refresh))

    def update_parcel(self, parcel: Parcel) -> None:
        data = self._tables()
        key = self._index[parcel.tracking]
        record = parcel_to_record(parcel, rev_of(data[schema.PARCELS][key]) + 1)
        self._refuse(validation.parcel_damage(schema.PARCELS, key, record))
        self._refuse_clash(parcel)
        was = parcel_from_record(data[schema.PARCELS][key])
        self._replace(data, schema.PARCELS, key, record)
        self._parcel_objects[parcel.tracking] = parcel
        self._index_others(parcel, was)
        self._clock_subjects.pop(parcel.tracking, None)
        self._store(data, schema.PARCELS, parcels=[parcel.tracking])

    def remove_parcel(self, tracking: str) -> None:
        """Delete a parcel record (the caller checked it has no complaints, under the lock)."""
        data = self._tables()
        if self._complaint_index().get(tracking):
            raise DataFileError(
                _("refusing to delete {tracking} from {path}: its complaints would name no parcel").format(
                    tracking=tracking, path=self.path
                )
            )
        key = self._index.pop(tracking)
        self.storage.touch(schema.PARCELS)
        for number in data[schema.PARCELS][key].get("other_numbers") or ():
            self._others.pop(number, None)
        del data[schema.PARCELS][key]
        self._parcel_objects.pop(tracking, None)
        self._clock_subjects.pop(tracking, None)
        self._store(data, schema.PARCELS, parcels=[tracking])

    # ------------------------------------------------------------------ moving records between files

    def records_of(self, trackings: Iterable[str]) -> list[tuple[dict[str, Any], list[dict[str, Any]]]]:
        """(the parcel's stored record, its complaints' records) for each of these parcels, as
        stored: for moving them to another file (store/yearly.py)."""
        self.refresh()
        wanted = list(trackings)
        parcels = self._data.get(schema.PARCELS, {})
        complaints: dict[str, list[dict[str, Any]]] = {tracking: [] for tracking in wanted}
        for record in self._data.get(schema.COMPLAINTS, {}).values():
            found = complaints.get(record["tracking"])
            if found is not None:
                found.append(record)
        return [(parcels[self._index[tracking]], complaints[tracking]) for tracking in wanted]

    def put_records(self, items: Sequence[tuple[dict[str, Any], list[dict[str, Any]]]]) -> None:
        """Add parcels with their complaints, as stored elsewhere; a parcel already here is
        replaced with its complaints (a move done again after it was cut short). Run it in a
        transaction; every record goes through the validator first."""
        if not items:
            return
        data = self._tables()
        self._drop(data, [parcel["tracking"] for parcel, _ in items if parcel["tracking"] in self._index])
        parcels = [parcel for parcel, _ in items]
        self._refuse(validation.new_parcels_damage(parcels, self._index, self._others))
        complaints = [complaint for _, records in items for complaint in records]
        for complaint in complaints:
            self._refuse(validation.complaint_damage("new", complaint))
        keys = self._insert(data, schema.PARCELS, parcels)
        self._index.update(zip((parcel["tracking"] for parcel in parcels), keys, strict=True))
        self._others.update(validation.other_numbers_of(dict(zip(keys, parcels, strict=True))))
        self._insert(data, schema.COMPLAINTS, complaints)
        self._complaints, self._complaint_revs = None, {}
        self._store(data, schema.PARCELS, schema.COMPLAINTS, parcels=[parcel["tracking"] for parcel in parcels])

    def remove_records(self, trackings: Iterable[str]) -> None:
        """Delete these parcels with their complaints: they were written to another file (a
        move; the caller holds this file's lock from reading them to here)."""
        data = self._tables()
        gone = list(trackings)
        self._drop(data, gone)
        self._store(data, schema.PARCELS, schema.COMPLAINTS, parcels=gone)

    def _drop(self, data: dict[str, Any], trackings: list[str]) -> None:
        if not trackings:
            return
        gone = set(trackings)
        self._others = {number: tracking for number, tracking in self._others.items() if tracking not in gone}
        self.storage.touch(schema.PARCELS)
        parcels = data.get(schema.PARCELS, {})
        for tracking in trackings:
            del parcels[self._index.pop(tracking)]
            self._parcel_objects.pop(tracking, None)
            self._clock_subjects.pop(tracking, None)
        complaints = data.get(schema.COMPLAINTS, {})
        doomed = [key for key, record in complaints.items() if record["tracking"] in gone]
        if doomed:
            self.storage.touch(schema.COMPLAINTS)
            for key in doomed:
                del complaints[key]
        self._complaints, self._complaint_revs = None, {}

    # ------------------------------------------------------------------ complaints

    def _complaint_index(self) -> dict[str, list[tuple[int, Complaint]]]:
        self.refresh()
        if self._complaints is None:
            revs: dict[str, int] = {}
            self._complaints = parsed_complaints(self._data.get(schema.COMPLAINTS, {}).items(), revs)
            self._complaint_revs = revs
        return self._complaints

    def complaints_of(self, trackings: Iterable[str]) -> dict[str, list[tuple[int, Complaint]]]:
        """complaints_by_tracking() of these parcels only (those that have complaints): theirs
        parsed, not all of them (the few rows of a first screen)."""
        self.refresh()
        wanted = set(trackings)
        if self._complaints is not None:
            return {tracking: self._complaints[tracking] for tracking in wanted if tracking in self._complaints}
        records = self._data.get(schema.COMPLAINTS, {}).items()
        return parsed_complaints([(doc_id, record) for doc_id, record in records if record["tracking"] in wanted], {})

    def complaints(self, tracking: str) -> list[Complaint]:
        return [complaint for _, complaint in self._complaint_index().get(tracking, [])]

    def complaints_by_tracking(self) -> Mapping[str, list[tuple[int, Complaint]]]:
        return self._complaint_index()

    def complaint_rev(self, complaint_id: str) -> int:
        """The stored complaint's revision (bumped by every recorded step)."""
        self._complaint_index()
        return self._complaint_revs.get(complaint_id, 0)

    def add_complaint(self, complaint: Complaint) -> None:
        index = self._complaint_index()
        record = complaint_to_record(complaint)
        self._refuse(validation.complaint_damage("new", record))
        if complaint.tracking not in self._index:
            self._refuse(
                validation.Damage(
                    schema.COMPLAINTS,
                    "new",
                    complaint.id,
                    "tracking",
                    _("{tracking} is not a parcel on the desk").format(tracking=complaint.tracking),
                )
            )
        if complaint.id in self._complaint_revs:
            self._refuse(validation.Damage(schema.COMPLAINTS, "new", complaint.id, "id", _("already used")))
        data = self._tables()
        (key,) = self._insert(data, schema.COMPLAINTS, [record])
        index.setdefault(complaint.tracking, []).append((int(key), complaint))
        self._complaint_revs[complaint.id] = 0
        self._store(data, schema.COMPLAINTS, parcels=[complaint.tracking])

    def save_complaint(self, complaint: Complaint) -> None:
        items = self._complaint_index()[complaint.tracking]
        for position, (doc_id, existing) in enumerate(items):
            if existing.id == complaint.id:
                data = self._tables()
                rev = self._complaint_revs.get(complaint.id, 0) + 1
                record = complaint_to_record(complaint, rev)
                self._refuse(validation.complaint_damage(str(doc_id), record))
                self._replace(data, schema.COMPLAINTS, str(doc_id), record)
                items[position] = (doc_id, complaint)
                self._complaint_revs[complaint.id] = rev
                self._store(data, schema.COMPLAINTS, parcels=[complaint.tracking])
                return
        raise NotFoundError(_("no complaint {id}").format(id=complaint.id))

    # ------------------------------------------------------------------ the clock cache

    def _cache(self) -> ClockCache:
        if self._clock_cache is None:
            self._clock_cache = ClockCache(self.storage.clocks_path, self.storage.write_beside)
        return self._clock_cache

    def cached_deadlines(self, trackings: Iterable[str], now: datetime, compute: Compute) -> list[Deadline]:
        """compute(parcel, complaints, now, settings) for each of these parcels, taken from the
        clock cache beside the file wherever its inputs are unchanged (store/clock_cache.py)."""
        self.refresh()
        settings = self.settings()
        digest = None if self.storage.has_pending else self.storage.digest
        binding = {"settings": self._data.get(schema.SETTINGS, {}).get("1"), "tables": self.storage.spans}
        return self._cache().deadlines(trackings, now, settings, settings_to_record(settings), digest, self, compute, binding)

    def clock_candidates(self, statuses: Set[str]) -> set[str]:
        """The parcels that may have clocks: those whose stored status is one of `statuses`
        (picked out in C over 100,000 records), and those that have complaints."""
        stored = self.parcel_column("status")  # refreshed once: the lookups below need not
        tracking_of = {doc: tracking for tracking, doc in self._index.items()}
        candidates = set(map(tracking_of.__getitem__, compress(self._data.get(schema.PARCELS, {}), map(statuses.__contains__, stored))))
        candidates.update(self.complaint_trackings())
        candidates.intersection_update(self.tracking_numbers())
        return candidates

    def clocks(self, now: datetime, compute: Compute, statuses: Set[str], ended: WantsEnded | None = None) -> Clocks:
        """compute(parcel, complaints, now, settings) of every parcel that may have clocks
        (clock_candidates), with the settings they were computed under, each parcel's Facts
        and, for the parcels `ended` picks, the ended stretches of its history (the calendar's).

        When nothing is loaded yet and the data file's bytes are exactly those the clock cache
        was written for (or rebound to by a write) and stamped sound, all of it comes from the
        cache: no record is parsed but those of the few parcels computed again, read from the
        file by doc id (store/file_records.py). Otherwise, or at the first doubt, the file is
        loaded and the cache used record by record."""
        if self._generation == -1:
            quick = self._quick_clocks(now, compute, statuses, ended)
            if quick is not None:
                return quick
        deadlines = self.cached_deadlines(self.clock_candidates(statuses), now, compute)
        settings, revision = self._stored_settings()
        return self._clocks_with(deadlines, settings, revision, self, ended)

    def _clocks_with(
        self, deadlines: list[Deadline], settings: Settings, revision: int, source: Source, ended: WantsEnded | None
    ) -> Clocks:
        if ended is None:  # what the calendar reads: `due` needs none of it
            return Clocks(deadlines, settings, revision, {}, {})
        cache = self._cache()
        facts = cache.facts(source)
        stretches: dict[str, list[Ended]] = {}
        if ended is not None:
            counting: dict[str, list[Deadline]] = {}
            for deadline in deadlines:
                counting.setdefault(deadline.tracking, []).append(deadline)
            wanted = [tracking for tracking, found in facts.items() if ended(found, counting.get(tracking, []), settings)]
            stretches = cache.ended(wanted, settings, source)
        return Clocks(deadlines, settings, revision, facts, stretches)

    @contextmanager
    def _vouched(self) -> Iterator[_Vouched | None]:
        """The data file's records by doc id and what the clock cache keeps of it, when the
        validation stamp and the clock cache were written for its very bytes (and the cache's
        key is the stored settings', the rules' and the `holidays` release's); None otherwise.
        The file stays open while the caller reads it (a record not where expected: NotFound)."""
        snapshot = self.storage.snapshot()
        if snapshot is None:
            yield None
            return
        fd, digest = snapshot
        try:
            found = self._cache().written_for(digest) if self.storage.stamp_names(digest) else None
            vouched = None
            if found is not None:
                bound, entries = found
                stored_settings = bound.get("settings")
                if stored_settings is None or type(stored_settings) is dict:
                    settings, revision = _settings_of(stored_settings)
                    if cache_key(settings_to_record(settings)) == bound["key"]:  # else computed afresh
                        records = FileRecords(fd, bound.get("tables") or {}, self._doc_ids(entries))
                        vouched = _Vouched(digest, bound, entries, stored_settings, settings, revision, records)
            yield vouched
        finally:
            os.close(fd)

    def _quick_clocks(self, now: datetime, compute: Compute, statuses: Set[str], ended: WantsEnded | None) -> Clocks | None:
        try:
            with self._vouched() as vouched:
                if vouched is None:
                    return None
                records, settings = vouched.records, vouched.settings
                candidates = [
                    tracking
                    for tracking, entry in vouched.entries.items()
                    if is_computed(entry) or records.parcel(tracking)["status"] in statuses or records.has_complaints(tracking)
                ]
                binding = {"settings": vouched.stored_settings, "tables": vouched.bound.get("tables")}
                deadlines = self._cache().deadlines(
                    candidates, now, settings, settings_to_record(settings), vouched.digest, records, compute, binding
                )
                return self._clocks_with(deadlines, settings, vouched.revision, records, ended)
        except NotFound:
            return None

    def first_screen(self, trackings: Sequence[str]) -> FirstScreen | None:
        """The stored records of these parcels, their complaints and the stored settings, read
        from the file without loading it (as `clocks` reads the few parcels it computes again),
        when nothing is loaded yet and the file is vouched for (`_vouched`); None otherwise (the
        caller loads the desk). A large desk's first screen is drawn from these
        (ui/screens/main.py); `first_seen` later tells whether the file is still what it was
        drawn from."""
        if self._generation != -1:
            return None
        try:
            with self._vouched() as vouched:
                if vouched is None:
                    return None
                records = vouched.records
                screen = FirstScreen(
                    [records.parcel(tracking) for tracking in trackings], records.complaints_of(trackings), vouched.settings
                )
        except NotFound:
            return None
        self._first_seen = vouched.digest
        return screen

    @property
    def loaded(self) -> bool:
        """The records have been read (by `refresh`, on the first use that needs them)."""
        return self._generation != -1

    def vouched_as_is(self, min_bytes: int) -> bool:
        """The data file is at least `min_bytes` and its validation stamp names its very bytes:
        sound as it stands, so its records may be read after the first frame (Desk.open_for_app)."""
        try:
            if os.stat(self.storage.real).st_size < min_bytes:
                return False
        except OSError:
            return False
        snapshot = self.storage.snapshot()
        if snapshot is None:
            return False
        fd, digest = snapshot
        os.close(fd)
        return self.storage.stamp_names(digest)

    def first_seen(self) -> bool:
        """The desk, loaded since `first_screen`, holds the very bytes that screen was read from."""
        return self._first_seen is not None and not self.storage.has_pending and self.storage.digest == self._first_seen

    def _doc_ids(self, entries: Mapping[str, Any]) -> dict[str, Any]:
        """doc_ids(entries), made once for the entries the cache holds (the app's first screen
        reads records by doc id right after `due` did, from the same entries)."""
        if self._docs is None or self._docs[0] is not entries:
            self._docs = (entries, doc_ids(entries))
        return self._docs[1]

    def _clocks_written(self, replaced: str | None, vouched: bool) -> None:
        """After a write, under the lock: a clock cache written for the bytes this write replaced
        is bound to the new ones, without the entries of the parcels whose records changed (the
        next `due` computes those, and takes the rest as they were). Only when every change is
        known: a write TinyDB made, a settings change or a cache for other bytes is left as it
        is, and recomputed record by record when next read."""
        touched, unknown = self._clocks_touched, self._clocks_unknown
        self._clocks_touched, self._clocks_unknown = set(), False
        digest = self.storage.digest
        if not vouched or unknown or replaced is None or digest is None:
            return
        self._cache().rebind(replaced, digest, {tracking: self._index.get(tracking) for tracking in touched}, self.storage.spans)

    @property
    def clock_cache(self) -> ClockCache | None:
        return self._clock_cache

    def record_digests(self, trackings: Iterable[str]) -> dict[str, str]:
        """tracking -> the digest of its stored record and its complaints' (clock_cache.Source)."""
        index, table = self._index, self._data.get(schema.PARCELS, {})
        complaints: dict[str, list[Mapping[str, Any]]] = {}
        for record in self._data.get(schema.COMPLAINTS, {}).values():
            complaints.setdefault(record["tracking"], []).append(record)
        return {tracking: record_digest(table[index[tracking]], complaints.get(tracking, ())) for tracking in trackings}

    def complaint_trackings(self) -> set[str]:
        """The tracking numbers that have complaints, from the stored records (none parsed)."""
        self.refresh()
        return set(map(itemgetter("tracking"), self._data.get(schema.COMPLAINTS, {}).values()))

    def clock_inputs(self, tracking: str) -> tuple[ClockSubject, Sequence[Complaint]]:
        """What a parcel's clocks are computed from (clock_cache.Source)."""
        return self.clock_subject(tracking), self.complaints(tracking)

    def clock_facts(self, tracking: str) -> tuple[str, int]:
        """(its doc id, its record's revision plus each complaint's + 1) (clock_cache.Source)."""
        complaints = self._complaint_index().get(tracking, ())
        revision = rev_of(self.parcel_record(tracking, refresh=False))
        revision += sum(self._complaint_revs.get(complaint.id, 0) + 1 for _, complaint in complaints)
        return self._index[tracking], revision

    # ------------------------------------------------------------------ settings

    def _stored_settings(self) -> tuple[Settings, int]:
        self.refresh()
        if self._settings is None:
            self._settings = _settings_of(self._data.get(schema.SETTINGS, {}).get("1"))
        return self._settings

    def settings(self) -> Settings:
        return self._stored_settings()[0]

    def settings_rev(self) -> int:
        """The stored settings' revision (0: the defaults, never saved)."""
        return self._stored_settings()[1]

    def save_settings(self, settings: Settings) -> None:
        # The defaults before any save are revision 0, so the first save is 1.
        rev = self._stored_settings()[1] + 1
        record = settings_to_record(settings, rev)
        self._refuse(validation.settings_damage("1", record))
        data = self._tables()
        self.storage.touch(schema.SETTINGS)
        data.setdefault(schema.SETTINGS, {})["1"] = record
        self._settings = (settings, rev)
        self._store(data, schema.SETTINGS)

    def own_file(self, target: str | Path) -> str | None:
        """'data', 'lock', 'backup' or 'temp' when writing `target` would hit one of the store's
        own files (symlinks and relative paths resolved); None otherwise."""
        return self.storage.own_file(target)

    def raw_data(self) -> Mapping[str, Any]:
        """The whole parsed file (read-only), every record parsed (a LazyTable's too)."""
        data = self.storage.read() or schema.new_data()
        return {name: dict(table.items()) if isinstance(table, LazyTable) else table for name, table in data.items()}
