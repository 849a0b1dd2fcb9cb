"""Deadlines: every live clock, soonest first (`due`, the countdown, the alerts)."""

from __future__ import annotations

from datetime import datetime, timedelta

from claimdesk.domain.complaint_types import TYPE_FOR_STATUS
from claimdesk.domain.deadlines import Deadline, counting_deadlines, next_change, parcel_deadlines, shown_at, soonest_first
from claimdesk.domain.instants import platform_time
from claimdesk.gc_pause import gc_paused
from claimdesk.services.complaints import ComplaintUseCases
from claimdesk.store.repository import Clocks, WantsEnded

# Statuses whose parcels may have filing deadlines: the only ones `due` has to look at
# besides parcels that have complaints.
_DEADLINE_STATUSES = frozenset(status.value for status in TYPE_FOR_STATUS)


class DeadlineUseCases(ComplaintUseCases):
    def due(self, within: timedelta | None = None, now: datetime | None = None) -> list[Deadline]:
        """Every live deadline, soonest first; `within` keeps those due by then (overdue included)."""
        with gc_paused():  # ~100,000 objects made and kept: a collection pass in the app costs more
            return self._due(within, now or self.now())

    def clock_candidates(self) -> set[str]:
        """The parcels that may have a clock: those whose status may call for a complaint and
        those that have complaints."""
        return self._repo.clock_candidates(_DEADLINE_STATUSES)

    def counting_clocks(self, now: datetime, ended: WantsEnded | None = None) -> Clocks:
        """The clocks counting at `now` (platform time), missed ones whatever their grace, of
        every parcel that may have one, with the settings in force. Each parcel's computed once
        per version of its records (store/clock_cache.py), and taken from the cache without
        reading the file's records when it was written for these very bytes; "missed" and its
        grace are read on top of them, never cached. `ended`: see Repository.clocks."""
        return self._repo.clocks(now, counting_deadlines, _DEADLINE_STATUSES, ended)

    def _due(self, within: timedelta | None, now: datetime) -> list[Deadline]:
        # The instant on the platform's calendar: every clock is there too, so comparing them
        # needs no offset arithmetic (the same instant whatever zone `now` came in).
        now = platform_time(now)
        clocks = self.counting_clocks(now)
        # A missed window shows for the grace period only (docs/rules.md "Missed deadlines end").
        deadlines = [d for d in clocks.deadlines if shown_at(d, now, clocks.settings)]
        if within is not None:
            limit = now + within
            deadlines = [d for d in deadlines if d.due <= limit]
        return soonest_first(deadlines)

    def deadlines_for(self, tracking: str, now: datetime | None = None) -> list[Deadline]:
        parcel = self.parcel(tracking)
        return parcel_deadlines(parcel, self.complaints(parcel.tracking), now or self.now(), self.settings)

    def next_change(self, deadlines: list[Deadline], now: datetime) -> datetime | None:
        """The next instant the live deadlines may change (one passes, a missed one leaves)."""
        return next_change(deadlines, now, self.settings)
