"""The Desk's foundation: the data file it works on, its clock and the settings in force.

Every use-case module of this package extends `DeskCore`; `claimdesk.services.Desk` puts them
together behind one door.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Self

from claimdesk.clock import Clock, SystemClock
from claimdesk.domain.settings import Settings
from claimdesk.gc_pause import LASTING_FROM, gc_paused, keep_out_of_collections
from claimdesk.store.repository import Repository

# A data file this large (about 20,000 parcels) opens in the app on its first screen, its records
# read after the first frame when its stamp vouches for it (Desk.open_for_app).
READ_AFTER_FIRST_FRAME_FROM = 8 << 20


def new_id() -> str:
    return uuid.uuid4().hex[:12]


class DeskCore:
    def __init__(self, repo: Repository, clock: Clock | None = None) -> None:
        self._repo = repo
        self.clock = clock or SystemClock()

    @classmethod
    def open(cls, path: str | Path, clock: Clock | None = None, *, load: bool = True) -> Self:
        """The desk on the data file at `path`, read now (a damaged file is reported now, before
        any screen is drawn), or with load=False when first needed: `due` may then take every
        clock from the clock cache without reading the records (Repository.clocks)."""
        desk = cls(Repository(path), clock)
        if load:
            desk._load()
        return desk

    @classmethod
    def open_for_app(cls, path: str | Path, clock: Clock | None = None) -> Self:
        """The desk the app opens: read now, as `open` does (a damaged file is reported before
        any screen is drawn), except a file of READ_AFTER_FIRST_FRAME_FROM bytes or more whose
        validation stamp names its very bytes: sound as it stands, its records are read after
        the first frame, which is drawn from the clock cache and the few records it shows
        (first_screen_rows; ui/screens/main.py)."""
        desk = cls.open(path, clock, load=False)
        if not desk._repo.vouched_as_is(READ_AFTER_FIRST_FRAME_FROM):
            desk._load()
        return desk

    def _load(self) -> None:
        with gc_paused():
            self._repo.refresh()
            if self._repo.count() >= LASTING_FROM:  # the records last: no collection walks them again
                keep_out_of_collections()

    def is_loaded(self) -> bool:
        """The records have been read (Desk.open_for_app may leave them for after the first frame)."""
        return self._repo.loaded

    def first_seen(self) -> bool:
        """Loaded since first_screen_rows, the desk holds the very bytes that screen was read from."""
        return self._repo.first_seen()

    @property
    def path(self) -> Path:
        """The data file this desk works on."""
        return self._repo.path

    def now(self) -> datetime:
        return self.clock.now()

    def close(self) -> None:
        """Let go of the data file (the desk keeps the file it read open while it caches it)."""
        self._repo.storage.close()

    # ------------------------------------------------------------------ yearly archive files

    def yearly_files(self) -> dict[int, Path]:
        """The yearly archive files beside the data file, by year (oldest first)."""
        from claimdesk.store import yearly

        return yearly.year_files(self._repo.storage.real)

    def yearly_desks(self) -> Iterator[Self]:
        """A read-only desk on each yearly archive file in turn (oldest first), closed after use:
        one file's records in memory at a time. A parcel also still on this desk (a move cut
        short) is left out of them by the callers: this desk's copy is the one in force."""
        from claimdesk.store.repository import Repository

        for path in self.yearly_files().values():
            desk = type(self)(Repository(path, read_only=True), self.clock)
            try:
                desk._repo.refresh()
                yield desk
            finally:
                desk.close()

    def has_parcel_on_desk(self, tracking: str) -> bool:
        """The parcel is in this desk's own file (not only in a yearly archive file)."""
        return self._repo.has_parcel(tracking)

    # ------------------------------------------------------------------ other writers

    def refresh(self) -> int:
        """Pick up other processes' writes; returns the data generation, which changes
        whenever the data changes (ours or theirs). Raises DataFileError if the file is damaged."""
        self._repo.refresh()
        return self._repo.storage.generation

    @property
    def generation(self) -> int:
        return self._repo.storage.generation

    # ------------------------------------------------------------------ settings

    @property
    def settings(self) -> Settings:
        return self._repo.settings()
