"""Sample data for a first look (`claimdesk demo`)."""

from __future__ import annotations

from claimdesk.services.core import DeskCore


class SampleDataUseCases(DeskCore):
    def add_demo_data(self, count: int, seed: int = 7) -> int:
        """Realistic sample parcels and complaints; returns how many parcels were new."""
        from claimdesk.demo import generate

        parcels, complaints = generate(count, self.now(), seed=seed, settings=self.settings)
        with self._repo.transaction():
            fresh = [parcel for parcel in parcels if not self._repo.has_parcel(parcel.tracking)]
            numbers = {parcel.tracking for parcel in fresh}
            self._repo.add_parcels(fresh)
            for complaint in complaints:
                if complaint.tracking in numbers:
                    self._repo.add_complaint(complaint)
        return len(fresh)
