"""What the Desk hands to the app and the command line: rows, details, options, public JSON.

Plain data, made by the Desk from the domain's answers. The JSON shapes here are the desk's
public interface (`parcel list --json`, `due --json`), versioned and documented in README;
they are not the stored records, which are the store's private layout.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, NamedTuple

from claimdesk.domain.compensation import Compensation, Incident, UnknownCompensation
from claimdesk.domain.complaint_types import ComplaintType, FilingWindow, WindowState
from claimdesk.domain.complaints import ParcelClaimState
from claimdesk.domain.deadlines import Deadline, is_missed
from claimdesk.domain.instants import iso, seconds_until
from claimdesk.domain.money import money_str
from claimdesk.domain.parcels import Parcel

# Version of the public JSON shapes below; bumped when a key changes meaning or goes away
# (new keys may be added within a version).
PUBLIC_JSON_VERSION = 1


@dataclass(frozen=True, slots=True)
class TypeOption:
    """One complaint type as the wizard offers it: its window and whether it can be chosen now."""

    complaint_type: ComplaintType
    group: str
    window: FilingWindow
    state: WindowState

    @property
    def can_file(self) -> bool:
        return self.state is WindowState.OPEN

    def seconds_to_open(self, now: datetime) -> int | None:
        return seconds_until(self.window.opens, now) if self.window.opens else None

    def seconds_to_close(self, now: datetime) -> int:
        return seconds_until(self.window.closes, now)


class ParcelRow(NamedTuple):
    """What the parcel list shows for one parcel; cheap to build for 100,000 (a tuple: made
    in C, where a frozen dataclass sets each field through object.__setattr__)."""

    tracking: str
    order: str
    service: str
    destination: str
    status: str
    carrier: str
    created_at: str  # ISO, sorts as text
    attempts: int
    stage: str = ""  # of the latest complaint when the rows were made ('' without one)
    incomplete: bool = False  # a field the compensation needs is not known (marked in the list)
    other_numbers: tuple[str, ...] = ()  # the filter finds the parcel by any of them


@dataclass(frozen=True, slots=True)
class ParcelDetail:
    parcel: Parcel
    state: ParcelClaimState
    deadlines: tuple[Deadline, ...]
    expected: Compensation | UnknownCompensation | None  # None: no incident to compute for
    incident: Incident | None
    age_days: int
    # docs/rules.md "Missed deadlines end": the parcel's page keeps what was missed, after the grace too
    missed: tuple[Deadline, ...] = ()
    appeal_missed: Mapping[str, datetime] = field(default_factory=dict)  # expired complaint id -> when its appeal window closed


def deadline_json(deadline: Deadline, now: datetime) -> dict[str, Any]:
    """One deadline of `due --json`."""
    return {
        "tracking": deadline.tracking,
        "clock": deadline.kind.value,
        "complaint_type": deadline.complaint_type.value,
        "due": iso(deadline.due),
        "remaining_seconds": seconds_until(deadline.due, now),
        # a window that closed, listed (as overdue) only for the grace period: nothing left to do
        "missed": is_missed(deadline.kind, deadline.due, now),
    }


def parcel_json(parcel: Parcel, state: ParcelClaimState) -> dict[str, Any]:
    """One parcel of `parcel list --json`: its fields as the CLI takes them, and its attempts."""

    def instant(at: datetime | None) -> str | None:
        return iso(at) if at is not None else None

    return {
        "tracking": parcel.tracking,
        "other_numbers": list(parcel.other_numbers),
        "order": parcel.order,
        "service": parcel.service.value,
        "carrier": parcel.carrier,
        "destination": parcel.destination,
        "created_at": iso(parcel.created_at),
        "collected_at": instant(parcel.collected_at),
        "last_tracking_at": instant(parcel.last_tracking_at),
        "item": parcel.item.value if parcel.item is not None else None,
        "declared_value": money_str(parcel.declared_value) if parcel.declared_value is not None else None,
        "weight": str(parcel.weight) if parcel.weight is not None else None,
        "shipping_fee": money_str(parcel.shipping_fee) if parcel.shipping_fee is not None else None,
        "inquiry_fee": money_str(parcel.inquiry_fee) if parcel.inquiry_fee is not None else None,
        "status": parcel.status.value,
        "attempts_used": state.attempts_used,
        "attempts_left": state.attempts_left,
        "stage": state.stage.value if state.stage else None,  # of the open complaint, if any
        # of the latest complaint (not retracted), open or ended: what `parcel list --stage` filters
        "latest_stage": state.latest_stage.value if state.latest_stage else None,
        "archived_at": instant(parcel.archived_at),
        # The yuan per US dollar that converted its amounts (an export in US $), or null.
        "usd_rate": str(parcel.usd_rate) if parcel.usd_rate is not None else None,
        # An incomplete parcel (docs/rules.md section 1): the fields its compensation still needs.
        "incomplete": parcel.incomplete,
        "missing": list(parcel.missing),
    }


def compensation_json(expected: Compensation | UnknownCompensation | None, incident: Incident | None) -> dict[str, Any] | None:
    """The expected compensation of `parcel show --json`: the amount and shortfall, or, for an
    incomplete parcel, `amount` null and `missing` naming the fields it waits for (never 0)."""
    if expected is None or incident is None:
        return None
    if isinstance(expected, UnknownCompensation):
        return {"incident": incident.value, "amount": None, "shortfall": None, "missing": list(expected.missing)}
    return {
        "incident": incident.value,
        "amount": money_str(expected.amount),
        "shortfall": money_str(expected.shortfall),
        "missing": [],
        "lines": [{"rule": line.rule, "amount": money_str(line.amount)} for line in expected.lines],
    }


def detail_json(detail: ParcelDetail) -> dict[str, Any]:
    """`parcel show --json`: the parcel as `parcel list --json` gives it, and its expected
    compensation (`expected`: null when its status suggests no incident)."""
    expected = compensation_json(detail.expected, detail.incident)
    if expected is None and detail.parcel.missing:  # no incident yet, and the figure unknown anyway
        expected = {"incident": None, "amount": None, "shortfall": None, "missing": list(detail.parcel.missing)}
    return parcel_json(detail.parcel, detail.state) | {"expected": expected}
