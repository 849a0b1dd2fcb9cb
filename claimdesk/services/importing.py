"""Importing parcels from CSV: plan (in a worker thread if need be), then apply in one transaction."""

from __future__ import annotations

from collections.abc import Callable, Container
from pathlib import Path
from typing import Any

from claimdesk.domain.errors import RuleError, ValidationError
from claimdesk.domain.parcels import Parcel
from claimdesk.gc_pause import gc_paused
from claimdesk.i18n import _
from claimdesk.services.parcels import ParcelUseCases


class ImportSnapshot:
    """The parcels on the desk when an import was planned (copies of their records), so a worker
    thread can plan against them while the app goes on."""

    def __init__(self, records: dict[str, dict[str, Any]]) -> None:
        self.records = records

    def parcel(self, tracking: str) -> Parcel | None:
        from claimdesk.store.records import parcel_from_record

        record = self.records.get(tracking)
        return parcel_from_record(record) if record is not None else None


class ImportUseCases(ParcelUseCases):
    def import_csv(self, path: str | Path, *, skip_invalid: bool = False, update: bool = False, progress: Any = None) -> Any:
        """Import parcels from CSV: all-or-nothing unless skip_invalid; with update, rows whose
        number is on the desk change that parcel. Returns an ImportReport."""
        with self._repo.transaction(), gc_paused():
            # Under the lock the parcels on the desk cannot change: look them up in memory,
            # not through has_parcel (which checks the file on disk for every row).
            records = self._repo.parcel_records()
            plan = self.plan_import(
                path,
                skip_invalid=skip_invalid,
                update=update,
                progress=progress,
                known=records,
                existing=self._stored_parcel if update else None,
            )
            return self.apply_import(plan)

    def _stored_parcel(self, tracking: str) -> Parcel | None:
        return self._repo.parcel(tracking, refresh=False) if tracking in self._repo.parcel_records() else None

    def import_snapshot(self) -> ImportSnapshot:
        """The parcels on the desk now, copied, for planning an import in a worker thread."""
        return ImportSnapshot({tracking: dict(record) for tracking, (_doc_id, record) in self._repo.parcel_records().items()})

    def plan_import(
        self,
        path: str | Path,
        *,
        skip_invalid: bool = False,
        update: bool = False,
        progress: Any = None,
        known: Container[str] | None = None,
        existing: Callable[[str], Parcel | None] | None = None,
        snapshot: ImportSnapshot | None = None,
    ) -> Any:
        """Read and check a CSV without writing: an ImportPlan (new parcels, each update with its
        before and after, the unchanged count and the bad rows).

        Raises ImportRefused when there are bad rows and skip_invalid is off. A `snapshot`
        (import_snapshot) lets this run in a worker thread; apply_import checks again under the
        lock that nothing changed since.
        """
        from claimdesk.transfer import ImportRefused, plan_csv

        if snapshot is not None:
            known = snapshot.records
            existing = snapshot.parcel if update else None
        on_desk = known if known is not None else self._repo.parcel_records()
        if update and existing is None:
            existing = self._stored_parcel
        plan = plan_csv(Path(path), known=on_desk.__contains__, existing=existing, progress=progress, now=self.now())
        if plan.errors and (not skip_invalid or any(error.stops for error in plan.errors)):
            raise ImportRefused(plan.errors)  # a row that stopped the reading: the rest was never checked
        return plan

    def apply_import(self, plan: Any) -> Any:
        """Write an ImportPlan in one transaction: refused (nothing written) if a new number is
        on the desk now or a parcel to update changed since the plan was made."""
        from claimdesk.transfer import ImportReport

        with self._repo.transaction():
            records = self._repo.parcel_records()
            taken = [parcel.tracking for parcel in plan.added if parcel.tracking in records]
            if taken:
                raise ValidationError("tracking", _("{tracking} is already on the desk").format(tracking=taken[0]))
            for change in plan.updated:
                if change.before.tracking not in records or self._repo.parcel(change.before.tracking) != change.before:
                    raise RuleError(
                        _("{tracking} changed since the file was read: nothing was imported; import it again").format(
                            tracking=change.before.tracking
                        )
                    )
            self._repo.save_import(plan.added, [change.after for change in plan.updated])
        return ImportReport(added=len(plan.added), skipped=plan.errors, updated=len(plan.updated), unchanged=plan.unchanged)

    def read_csv(
        self,
        path: str | Path,
        *,
        skip_invalid: bool = False,
        progress: Any = None,
        known: Container[str] | None = None,
    ) -> tuple[list[Parcel], list[Any]]:
        """Parse and check a CSV of new parcels without writing: the valid parcels and the bad rows."""
        plan = self.plan_import(path, skip_invalid=skip_invalid, progress=progress, known=known)
        return plan.added, plan.errors
