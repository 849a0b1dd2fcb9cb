"""Putting generated parcels and complaints straight into a data file, for tests and scripts.

The store's own repository, in one transaction: what `claimdesk demo` does through the Desk,
with the test's own parcels and complaints.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from claimdesk.domain.complaints import Complaint
from claimdesk.domain.parcels import Parcel
from claimdesk.store.repository import Repository


def seed(path: Path, parcels: Iterable[Parcel] = (), complaints: Iterable[Complaint] = ()) -> None:
    repo = Repository(path)
    with repo.transaction():
        repo.add_parcels(list(parcels))
        for complaint in complaints:
            repo.add_complaint(complaint)
    repo.storage.close()
