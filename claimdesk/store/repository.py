"""The repository: parcels, complaints and settings in one TinyDB file, with in-memory indexes.

Every use case that writes runs inside `transaction()`, which holds the file lock and
re-reads the file if another process changed it, so rules like "at most two attempts" are
checked against the latest data and two writers never lose each other's work.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, MutableMapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from tinydb import TinyDB
from tinydb.table import Table

from claimdesk.domain.complaints import Complaint
from claimdesk.domain.errors import DataFileError, NotFoundError, ValidationError
from claimdesk.domain.parcels import Parcel
from claimdesk.domain.settings import Settings
from claimdesk.i18n import _
from claimdesk.store import schema, validation
from claimdesk.store.records import (
    complaint_from_record,
    complaint_to_record,
    parcel_from_record,
    parcel_to_record,
    rev_of,
    settings_from_record,
    settings_to_record,
)
from claimdesk.store.storage import SafeJSONStorage

# What every stored parcel record must hold (checked on load; the rest is parsed lazily).
_PARCEL_KEYS = frozenset({"tracking", "order", "service", "created_at", "item", "weight", "shipping_fee", "status"})


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


class Repository:
    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.db = ClaimdeskDB(str(self.path), storage=SafeJSONStorage)
        self.storage: SafeJSONStorage = self.db.storage  # type: ignore[assignment]
        self._generation = -1
        self._parcels: dict[str, tuple[int, dict[str, Any]]] = {}
        self._parcel_objects: dict[str, Parcel] = {}
        self._complaints: dict[str, list[tuple[int, Complaint]]] = {}
        self._complaint_revs: dict[str, int] = {}  # complaint id -> its stored revision
        self._settings = Settings()
        self._settings_rev = 0

    # ------------------------------------------------------------------ sync

    def refresh(self) -> None:
        """Pick up changes on disk (another process's writes); raises DataFileError if damaged."""
        data = self.storage.read()
        if self.storage.generation == self._generation:
            return
        self._rebuild(data or {})
        self._generation = self.storage.generation

    def _rebuild(self, data: Mapping[str, Any]) -> None:
        try:
            validation.check(data)
        except validation.Damaged as damaged:
            raise DataFileError(
                _("{path} is damaged: {damage}; left untouched: run 'claimdesk doctor'").format(
                    path=self.path, damage=damaged.first
                )
            ) from None
        try:
            self._rebuild_indexes(data)
        except DataFileError:
            raise
        except (KeyError, TypeError, ValueError, AttributeError, ArithmeticError, ValidationError) as error:
            # A claimdesk header over records this version cannot read: refuse, never guess.
            raise DataFileError(
                _("{path} is damaged: a stored record cannot be read ({problem}); left untouched: run 'claimdesk doctor'").format(
                    path=self.path, problem=f"{type(error).__name__}: {str(error)[:80]}"
                )
            ) from None

    def _rebuild_indexes(self, data: Mapping[str, Any]) -> None:
        for table in (schema.PARCELS, schema.COMPLAINTS, schema.SETTINGS, schema.META):
            cached = self.db.table(table)
            cached._next_id = None  # another process may have used the ids we had lined up
            cached.clear_cache()
        parcels: dict[str, tuple[int, dict[str, Any]]] = {}
        for doc_id, record in data.get(schema.PARCELS, {}).items():
            # Cheap shape check (full parsing is lazy): what the lists read must be there.
            if type(record) is not dict or not record.keys() >= _PARCEL_KEYS or type(record["tracking"]) is not str:
                raise DataFileError(
                    _("{path} is damaged: parcel #{doc_id} is missing fields; left untouched: run 'claimdesk doctor'").format(
                        path=self.path, doc_id=doc_id
                    )
                )
            parcels[record["tracking"]] = (int(doc_id), record)
        self._parcels = parcels
        self._parcel_objects = {}
        complaints: dict[str, list[tuple[int, Complaint]]] = {}
        revs: dict[str, int] = {}
        for doc_id, record in data.get(schema.COMPLAINTS, {}).items():
            complaint = complaint_from_record(record)
            complaints.setdefault(complaint.tracking, []).append((int(doc_id), complaint))
            revs[complaint.id] = rev_of(record)
        for items in complaints.values():
            items.sort(key=lambda item: (item[1].filed_at, item[0]))
        self._complaints = complaints
        self._complaint_revs = revs
        stored = data.get(schema.SETTINGS, {}).get("1")
        self._settings = settings_from_record(stored) if stored else Settings()
        self._settings_rev = rev_of(stored)

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """Lock the file for a read-check-write use case, starting from the latest data."""
        with self.storage.locked():
            self.refresh()
            yield

    def _committed(self) -> None:
        """Our own write moved the generation: our indexes already hold the change."""
        self._generation = self.storage.generation

    def _ensure_header(self) -> None:
        if self.storage.read() is None:
            self.storage.write(schema.new_data())
            self._committed()

    # ------------------------------------------------------------------ parcels

    def parcel_records(self) -> Mapping[str, tuple[int, Mapping[str, Any]]]:
        """tracking -> (doc id, stored record); read-only, cheap even at 100k parcels."""
        self.refresh()
        return self._parcels

    def tracking_numbers(self) -> Iterable[str]:
        return self.parcel_records().keys()

    def count(self) -> int:
        return len(self.parcel_records())

    def has_parcel(self, tracking: str) -> bool:
        return tracking in self.parcel_records()

    def parcel(self, tracking: str, *, refresh: bool = True) -> Parcel:
        """The parcel, parsed once and cached; refresh=False skips the on-disk check, for a
        caller that has just refreshed and looks up thousands of parcels (Desk.due)."""
        records = self.parcel_records() if refresh else self._parcels
        cached = self._parcel_objects.get(tracking)
        if cached is not None:
            return cached
        try:
            record = records[tracking][1]
        except KeyError:
            raise NotFoundError(_("no parcel with tracking number {tracking!r}").format(tracking=tracking)) from None
        try:
            parcel = parcel_from_record(record)
        except (KeyError, TypeError, ValueError, AttributeError, ArithmeticError) as error:
            raise DataFileError(
                _("{path} is damaged: parcel {tracking} cannot be read ({problem}); left untouched: run 'claimdesk doctor'").format(
                    path=self.path, tracking=tracking, problem=type(error).__name__
                )
            ) from None
        self._parcel_objects[tracking] = parcel
        return parcel

    def parcels(self) -> Iterator[Parcel]:
        for tracking in list(self.parcel_records()):
            yield self.parcel(tracking)

    def add_parcels(self, parcels: Iterable[Parcel]) -> int:
        """Insert new parcels in one write (the caller checked they are new, under the lock)."""
        records = [parcel_to_record(parcel) for parcel in parcels]
        if not records:
            return 0
        self._ensure_header()
        table = self.db.table(schema.PARCELS)
        ids = table.insert_multiple(records)
        for doc_id, record in zip(ids, records, strict=True):
            self._parcels[record["tracking"]] = (doc_id, record)
        self._committed()
        return len(records)

    def parcel_rev(self, tracking: str) -> int:
        """The stored parcel's revision (bumped by every update)."""
        try:
            return rev_of(self.parcel_records()[tracking][1])
        except KeyError:
            raise NotFoundError(_("no parcel with tracking number {tracking!r}").format(tracking=tracking)) from None

    def update_parcel(self, parcel: Parcel) -> None:
        doc_id, old = self._parcels[parcel.tracking]
        record = parcel_to_record(parcel, rev_of(old) + 1)

        def replace_document(document: MutableMapping[Any, Any]) -> None:  # TinyDB's update merges: a key
            document.clear()  # left out (archived_at once unarchived) must go from the file too
            document.update(record)

        self.db.table(schema.PARCELS).update(replace_document, doc_ids=[doc_id])
        self._parcels[parcel.tracking] = (doc_id, record)
        self._parcel_objects[parcel.tracking] = parcel
        self._committed()

    def remove_parcel(self, tracking: str) -> None:
        """Delete a parcel record (the caller checked it has no complaints, under the lock)."""
        doc_id = self._parcels[tracking][0]
        self.db.table(schema.PARCELS).remove(doc_ids=[doc_id])
        del self._parcels[tracking]
        self._parcel_objects.pop(tracking, None)
        self._committed()

    # ------------------------------------------------------------------ complaints

    def complaints(self, tracking: str) -> list[Complaint]:
        self.refresh()
        return [complaint for _, complaint in self._complaints.get(tracking, [])]

    def complaints_by_tracking(self) -> Mapping[str, list[tuple[int, Complaint]]]:
        self.refresh()
        return self._complaints

    def complaint_rev(self, complaint_id: str) -> int:
        """The stored complaint's revision (bumped by every recorded step)."""
        self.refresh()
        return self._complaint_revs.get(complaint_id, 0)

    def add_complaint(self, complaint: Complaint) -> None:
        self._ensure_header()
        doc_id = self.db.table(schema.COMPLAINTS).insert(complaint_to_record(complaint))
        self._complaints.setdefault(complaint.tracking, []).append((doc_id, complaint))
        self._complaint_revs[complaint.id] = 0
        self._committed()

    def save_complaint(self, complaint: Complaint) -> None:
        items = self._complaints[complaint.tracking]
        for index, (doc_id, existing) in enumerate(items):
            if existing.id == complaint.id:
                rev = self._complaint_revs.get(complaint.id, 0) + 1
                self.db.table(schema.COMPLAINTS).update(complaint_to_record(complaint, rev), doc_ids=[doc_id])
                items[index] = (doc_id, complaint)
                self._complaint_revs[complaint.id] = rev
                self._committed()
                return
        raise NotFoundError(_("no complaint {id}").format(id=complaint.id))

    # ------------------------------------------------------------------ settings

    def settings(self) -> Settings:
        self.refresh()
        return self._settings

    def settings_rev(self) -> int:
        """The stored settings' revision (0: the defaults, never saved)."""
        self.refresh()
        return self._settings_rev

    def save_settings(self, settings: Settings) -> None:
        self._ensure_header()
        table = self.db.table(schema.SETTINGS)
        # The defaults before any save are revision 0, so the first save is 1.
        rev = self._settings_rev + 1
        record = settings_to_record(settings, rev)
        if table.contains(doc_id=1):
            table.update(record, doc_ids=[1])
        else:
            table.insert(table.document_class(record, doc_id=1))
        self._settings = settings
        self._settings_rev = rev
        self._committed()

    def own_file(self, target: str | Path) -> str | None:
        """'data', 'lock', 'backup' or 'temp' when writing `target` would hit one of the store's
        own files (symlinks and relative paths resolved); None otherwise."""
        return self.storage.own_file(target)

    def raw_data(self) -> Mapping[str, Any]:
        """The whole parsed file (read-only), for `doctor` and export."""
        return self.storage.read() or schema.new_data()
