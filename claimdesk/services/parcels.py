"""Parcels: find one, add, edit, change its status."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any

from claimdesk.domain.consistency import check_parcel_change
from claimdesk.domain.errors import ValidationError
from claimdesk.domain.parcels import Parcel, Status, check_active, merge_edit, parcel_from_fields, parcel_to_fields, parse_choice
from claimdesk.domain.revisions import Snapshot
from claimdesk.domain.tracking import normalise, validate_other_numbers
from claimdesk.i18n import _
from claimdesk.services.core import DeskCore


class ParcelUseCases(DeskCore):
    def parcel(self, tracking: str) -> Parcel:
        """The parcel known by `tracking`: its tracking number or any of its other numbers, as
        the seller pasted it (normalised); NotFoundError when no parcel has that number. Every
        use case that takes a tracking number looks the parcel up here."""
        return self._repo.parcel(normalise(tracking))

    def find_parcel(self, number: str) -> Parcel | None:
        """The parcel known by `number` (its tracking number or one of its other numbers,
        normalised: docs/rules.md section 1, "any of them finds the parcel"), or None. For lookups
        that may miss: search, `import --update` matching a row to a parcel."""
        owner = self._repo.owner_of(normalise(number))
        return self._repo.parcel(owner, refresh=False) if owner is not None else None

    def other_numbers(self) -> dict[str, str]:
        """Every other number on the desk -> its parcel's tracking number: a snapshot a worker
        thread may read (as tracking_numbers)."""
        return self._repo.other_numbers()

    def _check_numbers_free(self, parcel: Parcel, *, new: bool = False) -> None:
        """ValidationError naming the parcel that already has one of `parcel`'s numbers (as its
        tracking number or another number): every number names one parcel on the desk."""
        clash = self._repo.number_clash(parcel, new=new)
        if clash is None:
            return
        number, owner = clash
        field = "tracking" if number == parcel.tracking else "other_numbers"
        if number == owner:
            raise ValidationError(field, _("{tracking} is already on the desk").format(tracking=number))
        raise ValidationError(field, _("{number} is already a number of {tracking}").format(number=number, tracking=owner))

    def parcel_count(self) -> int:
        return self._repo.count()

    def tracking_numbers(self) -> frozenset[str]:
        """The numbers on the desk now: a snapshot a worker thread may read."""
        return frozenset(self._repo.tracking_numbers())

    def add_parcel(self, fields: Mapping[str, Any]) -> Parcel:
        parcel = parcel_from_fields(fields, now=self.now())
        with self._repo.transaction():
            self._check_numbers_free(parcel, new=True)
            self._repo.add_parcels([parcel])
        return parcel

    def add_parcels(self, parcels: Iterable[Parcel]) -> int:
        """Bulk insert for import: every number must be new (checked under the lock)."""
        parcels = list(parcels)
        with self._repo.transaction():
            seen: set[str] = set()
            for parcel in parcels:
                self._check_numbers_free(parcel, new=True)
                twice = seen.intersection(parcel.numbers)
                if twice:
                    raise ValidationError("tracking", _("{tracking} is added twice").format(tracking=min(twice)))
                seen.update(parcel.numbers)
            return self._repo.add_parcels(parcels)

    def parcel_snapshot(self, tracking: str) -> Snapshot[Parcel]:
        """The parcel and its revision, for an edit form to save against."""
        parcel = self.parcel(tracking)
        return Snapshot(parcel, self._repo.parcel_rev(parcel.tracking))

    def edit_parcel(
        self,
        tracking: str,
        fields: Mapping[str, Any],
        base: Snapshot[Parcel] | None = None,
        *,
        add_numbers: Iterable[str] = (),
        drop_numbers: Iterable[str] = (),
    ) -> Parcel:
        """Change a parcel's fields; the tracking number is its key and cannot change.

        A form passes `base`, the snapshot it loaded, and every field as it now holds them:
        only the fields the seller changed are written, and only if nobody changed those since
        the form loaded them; otherwise ConflictError (each field: stored now, yours, loaded)
        and nothing is written. Without `base`, `fields` are the changes to make to the parcel
        as stored now (the fields not given stay as they are), and `add_numbers` / `drop_numbers`
        add other numbers to the stored ones and take some away (`parcel set --also / --drop-also`),
        under the lock, so two sellers adding a number each keep both.
        """
        tracking = self.parcel(tracking).tracking  # found by any of its numbers; the key from here
        if base is not None:
            mine = self._typed_parcel(tracking, fields)
            if base.value.tracking != tracking:
                raise ValidationError("tracking", _("the tracking number identifies the parcel: it cannot change"))
        with self._repo.transaction():
            current = self.parcel_snapshot(tracking)
            check_active(current.value)  # read-only until unarchived
            if base is None:
                stored = parcel_to_fields(current.value)
                if add_numbers or drop_numbers:
                    numbers = other_numbers_changed(current.value, fields.get("other_numbers"), add_numbers, drop_numbers)
                    fields = {**fields, "other_numbers": numbers}
                mine = self._typed_parcel(tracking, {**stored, **fields})
                base = current
            # An edit form carries the parcel's fields, not whether it is archived: that stays; nor
            # the US dollar rate its amounts came with, unless the change gives one.
            mine = mine.with_changes(archived_at=base.value.archived_at)
            if "usd_rate" not in fields:
                mine = mine.with_changes(usd_rate=base.value.usd_rate)
            updated = merge_edit(base, current, mine).with_changes(archived_at=current.value.archived_at)
            if updated != current.value:  # nothing changed: nothing written, no new revision
                self._check_numbers_free(updated)
                self._check_consistent(current.value, updated)
                self._repo.update_parcel(updated)
        return updated

    def _check_consistent(self, before: Parcel, after: Parcel) -> None:
        """The same rules doctor checks (domain/consistency.py): refused when the change would
        break one the stored parcel did not, naming both facts."""
        check_parcel_change(before, after, self._repo.complaints(after.tracking), self.now(), self.settings)

    def _typed_parcel(self, tracking: str, fields: Mapping[str, Any]) -> Parcel:
        parcel = parcel_from_fields({**fields, "tracking": fields.get("tracking", tracking)}, now=self.now())
        if parcel.tracking != tracking:
            raise ValidationError("tracking", _("the tracking number identifies the parcel: it cannot change"))
        return parcel

    def set_status(self, tracking: str, status: str, last_tracking: datetime | None = None) -> Parcel:
        new_status = parse_choice(Status, status, "status")
        with self._repo.transaction():
            current = self.parcel(tracking)
            check_active(current)  # read-only until unarchived
            updated = current.with_status(new_status, last_tracking, now=self.now())
            self._check_consistent(current, updated)
            self._repo.update_parcel(updated)
        return updated


def other_numbers_changed(parcel: Parcel, replaced: Any, add: Iterable[str], drop: Iterable[str]) -> tuple[str, ...]:
    """The parcel's other numbers (or `replaced`, when given) with `add` added and `drop`
    taken away; ValidationError naming a number to drop that the parcel does not have."""
    numbers = list(validate_other_numbers(replaced, parcel.tracking) if replaced is not None else parcel.other_numbers)
    for number in validate_other_numbers(list(drop), field="drop_also"):
        if number not in numbers:
            raise ValidationError(
                "drop_also", _("{number} is not one of {tracking}'s other numbers").format(number=number, tracking=parcel.tracking)
            )
        numbers.remove(number)
    return (*numbers, *validate_other_numbers(list(add), parcel.tracking))
