"""The Desk's foundation: the data file it works on, its clock and the settings in force.

Every use-case module of this package extends `DeskCore`; `claimdesk.services.Desk` puts them
together behind one door.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from pathlib import Path
from typing import Self

from claimdesk.clock import Clock, SystemClock
from claimdesk.domain.settings import Settings
from claimdesk.gc_pause import gc_paused
from claimdesk.store.repository import Repository


def new_id() -> str:
    return uuid.uuid4().hex[:12]


class DeskCore:
    def __init__(self, repo: Repository, clock: Clock | None = None) -> None:
        self._repo = repo
        self.clock = clock or SystemClock()

    @classmethod
    def open(cls, path: str | Path, clock: Clock | None = None) -> Self:
        desk = cls(Repository(path), clock)
        with gc_paused():
            desk._repo.refresh()  # a damaged file is reported now, before any screen is drawn
        return desk

    @property
    def path(self) -> Path:
        """The data file this desk works on."""
        return self._repo.path

    def now(self) -> datetime:
        return self.clock.now()

    def close(self) -> None:
        """Let go of the data file (the desk keeps the file it read open while it caches it)."""
        self._repo.storage.close()

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
