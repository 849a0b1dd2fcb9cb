"""Archive, bring back and delete parcels (the rules are `domain/archiving.py`'s)."""

from __future__ import annotations

from datetime import datetime, timedelta

from claimdesk.domain import archiving
from claimdesk.domain.complaints import ChangedSinceShown
from claimdesk.domain.parcels import Parcel, changed_fields
from claimdesk.domain.revisions import Snapshot
from claimdesk.i18n import _
from claimdesk.services.complaints import ComplaintUseCases


class ArchiveUseCases(ComplaintUseCases):
    def archive(self, tracking: str) -> Parcel:
        """Set a parcel aside: out of the list, the countdowns and `due`; kept in the file and reports."""
        now = self.now()
        with self._repo.transaction():
            parcel = self.parcel(tracking)
            archived = archiving.archive(parcel, self._repo.complaints(parcel.tracking), now, self.settings)
            self._repo.update_parcel(archived)
        return archived

    def unarchive(self, tracking: str) -> Parcel:
        with self._repo.transaction():
            parcel = archiving.unarchive(self.parcel(tracking))
            self._repo.update_parcel(parcel)
        return parcel

    def archive_finished(self, before: datetime) -> list[str]:
        """Archive every live parcel finished before `before` (archiving.finished_at); returns
        their tracking numbers."""
        now = self.now()
        with self._repo.transaction():
            settings = self.settings
            by_tracking = self._repo.complaints_by_tracking()
            archived = []
            for record in list(self._repo.parcel_table().values()):
                if record.get("archived_at") is not None:
                    continue
                tracking = record["tracking"]
                complaints = [complaint for _, complaint in by_tracking.get(tracking, [])]
                # what the clocks read is enough to tell; only a parcel to archive is parsed whole
                finished = archiving.finished_at(self._repo.clock_subject(tracking), complaints, now, settings)
                if finished is not None and finished < before:
                    parcel = self._repo.parcel(tracking, refresh=False)
                    self._repo.update_parcel(archiving.archive(parcel, complaints, now, settings))
                    archived.append(tracking)
        return archived

    # ------------------------------------------------------------------ yearly archive files

    def move_to_yearly(self, older_than: timedelta) -> dict[int, int]:
        """Move every archived parcel created more than `older_than` ago, with its complaints,
        to the yearly archive file of the year it was created (store/yearly.py); returns how
        many went to each year's file."""
        from claimdesk.store import yearly

        before = self.now() - older_than
        by_year: dict[int, list[str]] = {}
        with self._repo.transaction():
            for record in list(self._repo.parcel_table().values()):
                if record.get("archived_at") is None:
                    continue
                year = archiving.archive_year(self._repo.clock_subject(record["tracking"]), before)
                if year is not None:
                    by_year.setdefault(year, []).append(record["tracking"])
            yearly.move(self._repo, by_year)
        return {year: len(trackings) for year, trackings in sorted(by_year.items())}

    def check_deletable(self, tracking: str) -> None:
        """RuleError when the parcel cannot be deleted (it has complaints); writes nothing."""
        parcel = self.parcel(tracking)
        archiving.check_deletable(parcel, self.complaints(parcel.tracking))

    def delete_parcel(self, tracking: str, shown: Snapshot[Parcel] | None = None) -> Parcel:
        """Delete a parcel entered by mistake: only one without complaints (RuleError otherwise).

        A dialog passes `shown`, the parcel it asked about (`parcel_snapshot`): if another writer
        changed it since, nothing is deleted (ChangedSinceShown names the fields)."""
        with self._repo.transaction():
            parcel = self.parcel(tracking)
            archiving.check_deletable(parcel, self._repo.complaints(parcel.tracking))
            if shown is not None and self._repo.parcel_rev(parcel.tracking) != shown.rev:
                raise ChangedSinceShown(
                    _(
                        "nothing was deleted: {tracking} was changed elsewhere since you opened this ({fields}); "
                        "look at it and press d again"
                    ).format(tracking=parcel.tracking, fields=", ".join(changed_fields(shown.value, parcel)) or "rev")
                )
            self._repo.remove_parcel(parcel.tracking)
        return parcel
