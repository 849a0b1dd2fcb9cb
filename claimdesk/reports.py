"""The recovery dashboard's figures: money claimed vs received, outcomes, attempts burned.

Built from the same repository and calculator as the rest of the desk, so the dashboard
cannot disagree with the parcel detail or the CLI.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import Protocol

from claimdesk.domain.compensation import Compensation, Incident, UnknownCompensation, incident_for
from claimdesk.domain.complaints import Channel, Complaint, EventKind, Outcome, Stage, ledger_attempt, recovery_rate
from claimdesk.domain.instants import iso, platform_time
from claimdesk.domain.money import ZERO, money_str
from claimdesk.domain.parcels import Parcel
from claimdesk.exporting.tables import Table, csv_bytes, table_bytes


class ReportSource(Protocol):
    """What the reports read from the Desk (`claimdesk.services.Desk` is one). The Desk imports
    this module for its exports, so this module names the methods it needs, not the Desk."""

    def now(self) -> datetime: ...

    def complaints_by_parcel(self) -> Iterable[tuple[Parcel, list[Complaint]]]: ...

    def stage(self, complaint: Complaint, at: datetime | None = None) -> Stage: ...

    def expected_compensation(
        self, parcel: Parcel, incident: Incident | None = None, actual_loss: Decimal | None = None
    ) -> Compensation | UnknownCompensation: ...

    def write_export(self, path: str | Path, content: str | bytes, *, overwrite: bool = False) -> Path: ...


OUTCOMES = ("won", "lost", "expired", "withdrawn", "open")


@dataclass
class Bucket:
    """Totals for one month, service or complaint type."""

    complaints: int = 0
    claimed: Decimal = ZERO
    received: Decimal = ZERO
    shortfall: Decimal = ZERO
    outcomes: dict[str, int] = field(default_factory=lambda: dict.fromkeys(OUTCOMES, 0))

    @property
    def recovery(self) -> Decimal | None:
        return recovery_rate(self.claimed, self.received)


@dataclass
class Recovery:
    total: Bucket = field(default_factory=Bucket)
    by_month: dict[str, Bucket] = field(default_factory=lambda: defaultdict(Bucket))
    by_service: dict[str, Bucket] = field(default_factory=lambda: defaultdict(Bucket))
    by_type: dict[str, Bucket] = field(default_factory=lambda: defaultdict(Bucket))
    burned_without_payout: int = 0


def outcome_class(stage: Stage, outcome: Outcome | None, received: Decimal | None) -> str:
    if stage is Stage.RESOLVED or (outcome is Outcome.COMPENSATED and (received or ZERO) > 0):
        return "won"
    if outcome is Outcome.COMPENSATED:
        return "lost"  # closed as compensated but nothing arrived
    if outcome is Outcome.REJECTED:
        return "lost"
    if outcome is Outcome.WITHDRAWN:
        return "withdrawn"
    if stage is Stage.EXPIRED:
        return "expired"
    return "open"


def recovery(desk: ReportSource) -> Recovery:
    """Every complaint, platform and third-party (offline delivery) alike, bucketed by the month
    it was filed, its parcel's service and its type (docs/rules.md "Third-party claims": they
    count in every report under the parcel's service, as the ledger counts them).

    Archived parcels count (they stay in the reports); a retracted filing does not (it was
    recorded by mistake). Received is all the money recorded as arrived, at closing and later.
    Only platform complaints burn an attempt."""
    report = Recovery()
    now = desk.now()
    for parcel, complaints in desk.complaints_by_parcel():
        for complaint in complaints:
            if complaint.retracted:
                continue
            stage = desk.stage(complaint, now)
            received = complaint.received
            kind = outcome_class(stage, complaint.outcome, received)
            claimed = complaint.claimed_amount or ZERO
            incident = incident_for(complaint.complaint_type)
            expected = desk.expected_compensation(parcel, incident) if incident else None
            # An incomplete parcel's shortfall is unknown: it adds nothing to the totals.
            shortfall = expected.shortfall if isinstance(expected, Compensation) else ZERO
            month = platform_time(complaint.filed_at).strftime("%Y-%m")
            for bucket in (
                report.total,
                report.by_month[month],
                report.by_service[parcel.service.value],
                report.by_type[complaint.complaint_type.value],
            ):
                bucket.complaints += 1
                bucket.claimed += claimed
                bucket.received += received or ZERO
                bucket.shortfall += shortfall
                bucket.outcomes[kind] += 1
            if kind in ("lost", "expired", "withdrawn") and complaint.channel is Channel.PLATFORM:
                report.burned_without_payout += 1
    return report


# `export FILE.csv --complaints`: one row per complaint, the record an accountant asks for.
LEDGER_COLUMNS = (
    "tracking",
    "order",
    "type",
    "channel",
    "attempt",
    "filed_at",
    "stage",
    "claimed",
    "received",
    "shortfall",
    "reply_agreed_at",
    "reply_no_agreement_at",
    "escalated_at",
    "intervened_at",
    "closed_at",
    "received_at",
    "retracted_at",
    "note",
)
# The column of each event kind's instant (the latest that counts; a retracted one does not).
EVENT_COLUMNS = {
    EventKind.REPLY_AGREED: "reply_agreed_at",
    EventKind.REPLY_NO_AGREEMENT: "reply_no_agreement_at",
    EventKind.ESCALATED: "escalated_at",
    EventKind.INTERVENED: "intervened_at",
    EventKind.CLOSED: "closed_at",
}


def ledger(desk: ReportSource) -> list[dict[str, str]]:
    """Every complaint (platform and third-party, archived parcels too), filed order: its
    parcel's numbers, type, attempt, when filed, its stage or (once closed) its outcome, the money
    claimed and received, the shortfall the calculator gives, and the instant of each event.
    A retracted filing stays, with stage 'retracted' and when it was retracted."""
    now = desk.now()
    rows = []
    for parcel, complaints in desk.complaints_by_parcel():
        for complaint in complaints:
            outcome = complaint.outcome
            stage = outcome.value if outcome is not None and not complaint.retracted else desk.stage(complaint, now).value
            incident = incident_for(complaint.complaint_type)
            expected = desk.expected_compensation(parcel, incident) if incident else None
            claimed, received = complaint.claimed_amount, complaint.received
            row = dict.fromkeys(LEDGER_COLUMNS, "")
            row.update(
                tracking=parcel.tracking,
                order=parcel.order,
                type=complaint.complaint_type.value,
                channel=complaint.channel.value,
                attempt=ledger_attempt(complaint),
                filed_at=iso(complaint.filed_at),
                stage=stage,
                claimed=money_str(claimed) if claimed is not None else "",
                received=money_str(received) if received is not None else "",
                # unknown for an incomplete parcel: left empty, never a 0 that reads as known
                shortfall=(
                    money_str(expected.shortfall)
                    if isinstance(expected, Compensation)
                    else ""
                    if isinstance(expected, UnknownCompensation)
                    else money_str(ZERO)
                ),
                retracted_at=iso(complaint.events[0].retracted_at) if complaint.events[0].retracted_at else "",
                note=complaint.note,
            )
            for kind, column in EVENT_COLUMNS.items():
                event = complaint.last(kind)
                if event is not None:
                    row[column] = iso(event.at)
            paid = [e.at for e in complaint.live_events if e.received is not None and e.kind in (EventKind.CLOSED, EventKind.RECEIVED)]
            if paid:
                row["received_at"] = iso(max(paid))
            rows.append(row)
    rows.sort(key=lambda row: (row["filed_at"], row["tracking"]))
    return rows


def ledger_table(rows: list[dict[str, str]]) -> Table:
    """The ledger as a table (claimdesk.exporting writes it as CSV or .xlsx)."""
    return Table(LEDGER_COLUMNS, ([row[column] for column in LEDGER_COLUMNS] for row in rows), sheet="complaints")


def ledger_csv(rows: list[dict[str, str]], *, bom: bool = True) -> bytes:
    """The ledger as CSV: one header row; cells a spreadsheet would run as a formula neutralised."""
    return csv_bytes(ledger_table(rows), bom=bom)


DASHBOARD_COLUMNS = ("group", "key", "complaints", "claimed", "received", "recovery", "shortfall", *OUTCOMES)


def dashboard_table(report: Recovery) -> Table:
    """The dashboard's figures as a table: the total, then by month, service and type."""
    groups = [("total", {"all": report.total}), ("month", report.by_month), ("service", report.by_service), ("type", report.by_type)]
    rows = []
    for group, buckets in groups:
        for key in sorted(buckets):
            bucket = buckets[key]
            rate = f"{bucket.recovery:.4f}" if bucket.recovery is not None else ""
            rows.append(
                [
                    group,
                    key,
                    str(bucket.complaints),
                    money_str(bucket.claimed),
                    money_str(bucket.received),
                    rate,
                    money_str(bucket.shortfall),
                    *(str(bucket.outcomes[o]) for o in OUTCOMES),
                ]
            )
    return Table(DASHBOARD_COLUMNS, rows, sheet="dashboard")


def to_csv(report: Recovery, *, bom: bool = True) -> bytes:
    return csv_bytes(dashboard_table(report), bom=bom)


def export_csv(desk: ReportSource, report: Recovery, path: Path, *, overwrite: bool = False, bom: bool = True) -> Path:
    """Write the figures through the Desk's checked export (CSV, or a workbook for FILE.xlsx);
    returns the file written."""
    return desk.write_export(path, table_bytes(dashboard_table(report), path, bom=bom), overwrite=overwrite)
