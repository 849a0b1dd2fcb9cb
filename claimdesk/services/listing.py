"""The parcel list: every row, and `parcel list`'s filters."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from claimdesk.domain import complaints as lifecycle
from claimdesk.domain.complaints import Complaint, ParcelClaimState, Stage, claim_state
from claimdesk.domain.parcels import ItemKind, Parcel, Service, Status, parse_choice
from claimdesk.domain.settings import Settings
from claimdesk.gc_pause import gc_paused
from claimdesk.services.deadlines import DeadlineUseCases
from claimdesk.views import ParcelRow, parcel_json

NO_STAGE = "none"  # `parcel list --stage none`: parcels never complained about


def record_incomplete(record: Mapping[str, Any]) -> bool:
    """domain.parcels.missing_fields on a stored record, without making the Parcel (100,000 rows)."""
    item = record.get("item")
    return (
        item is None
        or record.get("weight") is None
        or record.get("shipping_fee") is None
        or (item == ItemKind.DECLARED.value and record.get("declared_value") is None)
    )


@dataclass(frozen=True, slots=True)
class ParcelQuery:
    """The filters of `parcel list`, checked: each one given narrows the list."""

    status: Status | None = None
    service: Service | None = None
    stage: Stage | str | None = None  # a Stage, NO_STAGE, or None for any
    incomplete: bool = False  # only parcels that lack a field the compensation needs

    @classmethod
    def parse(
        cls, *, status: str | None = None, service: str | None = None, stage: str | None = None, incomplete: bool = False
    ) -> ParcelQuery:
        wanted_stage: Stage | str | None = None
        if stage is not None:
            wanted_stage = NO_STAGE if stage.strip().lower() == NO_STAGE else parse_choice(Stage, stage, "stage")
        return cls(
            status=parse_choice(Status, status, "status") if status is not None else None,
            service=parse_choice(Service, service, "service") if service is not None else None,
            stage=wanted_stage,
            incomplete=incomplete,
        )

    def matches_record(self, record: Mapping[str, Any]) -> bool:
        return (
            (self.status is None or record["status"] == self.status.value)
            and (self.service is None or record["service"] == self.service.value)
            and (not self.incomplete or record_incomplete(record))
        )

    def matches_state(self, state: ParcelClaimState) -> bool:
        if self.stage is None:
            return True
        if self.stage == NO_STAGE:
            return state.latest_stage is None
        return state.latest_stage is self.stage


class ListingUseCases(DeadlineUseCases):
    def rows(self, *, archived: bool = False) -> list[ParcelRow]:
        """One row per parcel, read from the stored records (no Parcel objects: 100,000 rows):
        the live parcels, or with archived=True the archived ones."""
        return self._rows_from(self._repo.parcel_table().values(), self._all_claims(), archived)

    def rows_in_parts(self, *, archived: bool = False, part: int = 10_000) -> Iterator[list[ParcelRow]]:
        """rows(), `part` stored records at a time, from the records as they are now: the app
        builds a 100,000-row list between frames. The parts joined are exactly rows()."""
        records = list(self._repo.parcel_table().values())  # not changed under us between parts
        claims = self._all_claims()
        for start in range(0, len(records), part):
            yield self._rows_from(records[start : start + part], claims, archived)

    def rows_of(self, trackings: Iterable[str]) -> list[ParcelRow]:
        """The rows of these parcels (live or archived), in the order given: the few rows a
        first screen shows, without making the other 100,000."""
        records = [self._repo.parcel_record(tracking) for tracking in trackings]
        by_tracking = self._repo.complaints_of(record["tracking"] for record in records)
        return self._rows_claimed(records, by_tracking, self.settings)

    def first_screen_rows(self, trackings: Sequence[str]) -> list[ParcelRow] | None:
        """rows_of(trackings), read without loading the desk (a large desk opened by
        Desk.open_for_app: Repository.first_screen), or None when they cannot be."""
        screen = self._repo.first_screen(trackings)
        if screen is None:
            return None
        return self._rows_claimed(screen.records, screen.complaints, screen.settings)

    def _rows_claimed(
        self, records: Sequence[Mapping[str, Any]], by_tracking: Mapping[str, Sequence[tuple[int, Complaint]]], settings: Settings
    ) -> list[ParcelRow]:
        """The rows of these records (live or archived), with their complaints' attempts and stage now."""
        now = self.now()
        claims = {tracking: self._claim(items, now, settings) for tracking, items in by_tracking.items() if items}
        return self._rows_from(records, claims, None)

    def live_count(self) -> int:
        """How many parcels are on the desk (not archived): rows()'s length, without the rows."""
        return self._repo.parcel_column("archived_at").count(None)  # in C, from the texts: no record parsed

    def _all_claims(self) -> dict[str, tuple[int, str]]:
        """(attempts used, the latest complaint's stage) of each parcel that has complaints."""
        now, settings = self.now(), self.settings
        return {tracking: self._claim(items, now, settings) for tracking, items in self._repo.complaints_by_tracking().items() if items}

    @staticmethod
    def _claim(items: Sequence[tuple[int, Complaint]], now: datetime, settings: Settings) -> tuple[int, str]:
        """A row's (attempts used, the latest complaint's stage: lifecycle.parcel_stage's rule)."""
        return lifecycle.platform_attempts([c for _, c in items]), lifecycle.stage(items[-1][1], now, settings).value

    @staticmethod
    def _rows_from(records: Iterable[Mapping[str, Any]], claims: Mapping[str, tuple[int, str]], archived: bool | None) -> list[ParcelRow]:
        """A row for each record; archived True / False keeps only the archived / live ones."""
        get = claims.get
        none = (0, "")
        new, row = tuple.__new__, ParcelRow  # a NamedTuple, made without its Python __new__
        with gc_paused():
            return [
                new(
                    row,
                    (
                        record["tracking"],
                        record["order"],
                        record["service"],
                        record.get("destination") or "",
                        record["status"],
                        record.get("carrier") or "",
                        record["created_at"],
                        *get(record["tracking"], none),
                        record_incomplete(record),
                        tuple(record.get("other_numbers") or ()),
                    ),
                )
                for record in records
                if archived is None or (record.get("archived_at") is not None) is archived
            ]

    def parcels_json(self, **query: Any) -> list[dict[str, Any]]:
        """`parcel list --json`: the public shape of the parcels find_parcels(**query) finds."""
        return [parcel_json(parcel, state) for parcel, state in self.find_parcels(**query)]

    def find_parcels(
        self,
        *,
        status: str | None = None,
        service: str | None = None,
        stage: str | None = None,
        due_within: timedelta | None = None,
        archived: bool = False,
        incomplete: bool = False,
    ) -> list[tuple[Parcel, ParcelClaimState]]:
        """The parcels matching every filter given (`parcel list`): the live ones, or with
        archived=True the archived ones; `stage` is the latest complaint's ('none': never
        complained about); `due_within` keeps parcels with a clock due by then (overdue too);
        `incomplete` keeps the parcels whose compensation needs a field not known yet."""
        query = ParcelQuery.parse(status=status, service=service, stage=stage, incomplete=incomplete)
        now, settings = self.now(), self.settings
        records = self._repo.parcel_table()
        by_tracking = self._repo.complaints_by_tracking()
        due = {deadline.tracking for deadline in self.due(due_within, now)} if due_within is not None else None
        found = []
        for record in list(records.values()):
            if (record.get("archived_at") is not None) is not archived or not query.matches_record(record):
                continue
            tracking = record["tracking"]
            if due is not None and tracking not in due:
                continue
            complaints = [complaint for _, complaint in by_tracking.get(tracking, [])]
            state = claim_state(complaints, now, settings)
            if query.matches_state(state):
                found.append((self._repo.parcel(tracking), state))
        return found
