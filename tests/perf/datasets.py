"""Benchmark data files: realistic demo parcels and complaints, written once per bench run.

`generate(100_000)` draws its parcels one serial at a time from one seeded generator, so the
first N parcels of the 100k set are exactly `generate(N)`'s: the data is generated once and
sliced for every N. Files are written through the real Repository (parcels in one write,
complaints in one more), and an N-row CSV for the import figure.

The demo once gave about 3% of EMS parcels a non-S10 tracking number, which import (rightly)
refuses; the CSV therefore holds the first N parcels whose numbers validate, drawn from a
pool 5% larger than N. Nothing here is collected by pytest (no test functions).
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from claimdesk.demo import generate
from claimdesk.domain.complaints import Complaint
from claimdesk.domain.errors import ValidationError
from claimdesk.domain.parcels import Parcel
from claimdesk.domain.tracking import validate_tracking
from claimdesk.exporting.parcels import write_parcels as write_csv
from claimdesk.store import schema
from claimdesk.store.repository import Repository

SEED = 7


@dataclass
class Dataset:
    count: int
    path: Path  # the claimdesk data file
    csv: Path  # the same parcels as an import CSV
    parcels: int
    complaints: int
    size_bytes: int


class Generated:
    """The 100k demo set, generated once; `dataset(n)` writes (or reuses) the files for n."""

    def __init__(self, folder: Path, largest: int, now: datetime) -> None:
        self.folder = folder
        self.largest = largest
        self.now = now
        self._parcels: list[Parcel] | None = None
        self._complaints: list[Complaint] | None = None
        self.seconds = 0.0

    def _ensure(self) -> tuple[list[Parcel], list[Complaint]]:
        if self._parcels is None or self._complaints is None:
            started = time.perf_counter()
            pool = self.largest + self.largest // 20 + 100
            self._parcels, self._complaints = generate(pool, self.now, seed=SEED)
            self.seconds += time.perf_counter() - started
        return self._parcels, self._complaints

    def release(self) -> None:
        """Drop the generated objects (the bench process should be small when it measures)."""
        self._parcels = self._complaints = None

    def first(self, count: int) -> tuple[list[Parcel], list[Complaint]]:
        """The first `count` parcels and their complaints."""
        all_parcels, all_complaints = self._ensure()
        parcels = all_parcels[:count]
        numbers = {parcel.tracking for parcel in parcels}
        return parcels, [complaint for complaint in all_complaints if complaint.tracking in numbers]

    def dataset(self, count: int, *, csv: bool = True) -> Dataset:
        path = self.folder / f"claimdesk-{count}.json"
        csv_path = self.folder / f"parcels-{count}.csv"
        if not (path.exists() and (csv_path.exists() or not csv)):
            parcels, complaints = self.first(count)
            write_data_file(path, parcels, complaints)
            if csv:
                write_csv(csv_path, importable(self._ensure()[0], count))
        repo = Repository(path)
        parcels_count = repo.count()
        complaints_count = sum(len(items) for items in repo.complaints_by_tracking().values())
        repo.storage.close()
        return Dataset(count, path, csv_path, parcels_count, complaints_count, path.stat().st_size)


def importable(parcels: list[Parcel], count: int) -> list[Parcel]:
    """The first `count` parcels whose tracking numbers pass import's validation."""
    chosen = []
    for parcel in parcels:
        try:
            validate_tracking(parcel.tracking, parcel.service.value)
        except ValidationError:
            continue
        chosen.append(parcel)
        if len(chosen) == count:
            break
    if len(chosen) < count:
        raise RuntimeError(f"only {len(chosen)} importable parcels for a {count}-row CSV")
    return chosen


def write_data_file(path: Path, parcels: list[Parcel], complaints: list[Complaint]) -> None:
    """A claimdesk file holding these parcels and complaints: one transaction, one write."""
    path.unlink(missing_ok=True)
    path.with_name(f".{path.name}.checked").unlink(missing_ok=True)
    repo = Repository(path)
    with repo.transaction():
        repo.add_parcels(parcels)
        for complaint in complaints:
            repo.add_complaint(complaint)
    repo.storage.close()


def write_empty_file(path: Path) -> Path:
    """A claimdesk file with its header and no parcels: the start-up baseline."""
    path.unlink(missing_ok=True)
    repo = Repository(path)
    with repo.transaction():
        repo.storage.write(schema.new_data())
    repo.storage.close()
    return path
