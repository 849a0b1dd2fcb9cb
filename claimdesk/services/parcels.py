"""Parcels: find one, add, edit, change its status."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any

from claimdesk.domain.errors import ValidationError
from claimdesk.domain.parcels import Parcel, Status, merge_edit, parcel_from_fields, parcel_to_fields, parse_choice
from claimdesk.domain.revisions import Snapshot
from claimdesk.domain.tracking import normalise
from claimdesk.i18n import _
from claimdesk.services.core import DeskCore


class ParcelUseCases(DeskCore):
    def parcel(self, tracking: str) -> Parcel:
        return self._repo.parcel(normalise(tracking))

    def parcel_count(self) -> int:
        return self._repo.count()

    def tracking_numbers(self) -> frozenset[str]:
        """The numbers on the desk now: a snapshot a worker thread may read."""
        return frozenset(self._repo.tracking_numbers())

    def add_parcel(self, fields: Mapping[str, Any]) -> Parcel:
        parcel = parcel_from_fields(fields, now=self.now())
        with self._repo.transaction():
            if self._repo.has_parcel(parcel.tracking):
                raise ValidationError("tracking", _("{tracking} is already on the desk").format(tracking=parcel.tracking))
            self._repo.add_parcels([parcel])
        return parcel

    def add_parcels(self, parcels: Iterable[Parcel]) -> int:
        """Bulk insert for import: every number must be new (checked under the lock)."""
        parcels = list(parcels)
        with self._repo.transaction():
            taken = [parcel.tracking for parcel in parcels if self._repo.has_parcel(parcel.tracking)]
            if taken:
                raise ValidationError("tracking", _("{tracking} is already on the desk").format(tracking=taken[0]))
            return self._repo.add_parcels(parcels)

    def parcel_snapshot(self, tracking: str) -> Snapshot[Parcel]:
        """The parcel and its revision, for an edit form to save against."""
        parcel = self.parcel(tracking)
        return Snapshot(parcel, self._repo.parcel_rev(parcel.tracking))

    def edit_parcel(self, tracking: str, fields: Mapping[str, Any], base: Snapshot[Parcel] | None = None) -> Parcel:
        """Change a parcel's fields; the tracking number is its key and cannot change.

        A form passes `base`, the snapshot it loaded, and every field as it now holds them:
        only the fields the seller changed are written, and only if nobody changed those since
        the form loaded them; otherwise ConflictError (each field: stored now, yours, loaded)
        and nothing is written. Without `base`, `fields` are the changes to make to the parcel
        as stored now (the fields not given stay as they are).
        """
        tracking = normalise(tracking)
        if base is not None:
            mine = self._typed_parcel(tracking, fields)
            if base.value.tracking != tracking:
                raise ValidationError("tracking", _("the tracking number identifies the parcel: it cannot change"))
        with self._repo.transaction():
            current = self.parcel_snapshot(tracking)
            if base is None:
                mine = self._typed_parcel(tracking, {**parcel_to_fields(current.value), **fields})
                base = current
            # An edit form carries the parcel's fields, not whether it is archived: that stays.
            mine = mine.with_changes(archived_at=base.value.archived_at)
            updated = merge_edit(base, current, mine).with_changes(archived_at=current.value.archived_at)
            if updated != current.value:  # nothing changed: nothing written, no new revision
                self._repo.update_parcel(updated)
        return updated

    def _typed_parcel(self, tracking: str, fields: Mapping[str, Any]) -> Parcel:
        parcel = parcel_from_fields({**fields, "tracking": fields.get("tracking", tracking)}, now=self.now())
        if parcel.tracking != tracking:
            raise ValidationError("tracking", _("the tracking number identifies the parcel: it cannot change"))
        return parcel

    def set_status(self, tracking: str, status: str, last_tracking: datetime | None = None) -> Parcel:
        new_status = parse_choice(Status, status, "status")
        with self._repo.transaction():
            updated = self.parcel(tracking).with_status(new_status, last_tracking, now=self.now())
            self._repo.update_parcel(updated)
        return updated
