"""Archive, bring back and delete parcels (the rules are `domain/archiving.py`'s)."""

from __future__ import annotations

from datetime import datetime

from claimdesk.domain import archiving
from claimdesk.domain.parcels import Parcel
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

    def check_deletable(self, tracking: str) -> None:
        """RuleError when the parcel cannot be deleted (it has complaints); writes nothing."""
        parcel = self.parcel(tracking)
        archiving.check_deletable(parcel, self.complaints(parcel.tracking))

    def delete_parcel(self, tracking: str) -> Parcel:
        """Delete a parcel entered by mistake: only one without complaints (RuleError otherwise)."""
        with self._repo.transaction():
            parcel = self.parcel(tracking)
            archiving.check_deletable(parcel, self._repo.complaints(parcel.tracking))
            self._repo.remove_parcel(parcel.tracking)
        return parcel
