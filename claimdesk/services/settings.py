"""Settings: change them, and save a settings screen against what it loaded."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from claimdesk.domain.revisions import Snapshot
from claimdesk.domain.settings import Settings, merge_settings
from claimdesk.services.core import DeskCore


class SettingsUseCases(DeskCore):
    def update_settings(self, **changes: Any) -> Settings:
        """Set the given settings (the others stay as stored)."""
        with self._repo.transaction():
            updated = self._repo.settings().with_changes(**changes)
            self._repo.save_settings(updated)
        return updated

    def settings_snapshot(self) -> Snapshot[Settings]:
        """The settings and their revision, for a settings screen to save against."""
        self._repo.refresh()
        return Snapshot(self._repo.settings(), self._repo.settings_rev())

    def edit_settings(self, changes: Mapping[str, Any], base: Snapshot[Settings]) -> Settings:
        """Save a settings screen that loaded `base`: only the settings the seller changed are
        written, and only if nobody changed those since (else ConflictError, nothing written)."""
        mine = base.value.with_changes(**changes)
        with self._repo.transaction():
            current = self.settings_snapshot()
            updated = merge_settings(base, current, mine)
            if updated != current.value:
                self._repo.save_settings(updated)
        return updated
