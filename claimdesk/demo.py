"""Realistic sample data: mixed services and statuses, complaints at every lifecycle stage.

Everything is built through the domain's own constructors and transitions, so demo data
obeys the same rules as a seller's (windows, two attempts, lifecycle order).
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from datetime import datetime, timedelta
from decimal import Decimal
from typing import TypeVar

from claimdesk.domain import complaints as lifecycle
from claimdesk.domain.complaint_types import TYPE_FOR_STATUS, filing_window
from claimdesk.domain.complaints import Complaint, Outcome
from claimdesk.domain.errors import ClaimdeskError
from claimdesk.domain.instants import platform_time
from claimdesk.domain.parcels import ItemKind, Parcel, Service, Status
from claimdesk.domain.settings import Settings
from claimdesk.domain.tracking import s10_check_digit

CARRIERS = {
    Service.EMS: ["China Post EMS"],
    Service.SPECIAL_LINE: ["Yanwen", "4PX", "Cainiao Special Line", "YunExpress", "SF International"],
    Service.OFFLINE: ["DHL (own account)", "UPS (own account)", "Local forwarder"],
    Service.OTHER: ["China Post Air Mail", "Cainiao Standard"],
}
DESTINATIONS = ["US", "ES", "FR", "BR", "RU", "PL", "DE", "GB", "IL", "KR", "NL", "SA", "CL", "MX", "UA"]
STATUS_WEIGHTS = [
    (Status.DELIVERED, 55),
    (Status.IN_TRANSIT, 27),
    (Status.DELAYED, 7),
    (Status.LOST, 6),
    (Status.DAMAGED, 3),
    (Status.PARTIALLY_LOST, 2),
]
SERVICE_WEIGHTS = [(Service.SPECIAL_LINE, 50), (Service.EMS, 30), (Service.OTHER, 12), (Service.OFFLINE, 8)]
# Lifecycle stages the complaint parcels are spread over.
STAGES = ["filed", "no-agreement", "escalated", "intervened", "resolved", "compensated", "rejected", "withdrawn", "expired", "second"]


T = TypeVar("T")


def _pick(rng: random.Random, weighted: Sequence[tuple[T, int]]) -> T:
    return rng.choices([value for value, _ in weighted], [weight for _, weight in weighted])[0]


def _tracking(rng: random.Random, service: Service, serial: int) -> str:
    """EMS numbers are always UPU S10 (the rules demand it); China Post 'other' mostly are."""
    s10 = rng.random() < 0.9
    if service is Service.EMS or (service is Service.OTHER and s10):
        digits = f"{(serial * 7919 + 10000000) % 100000000:08d}"
        prefix = "E" + rng.choice("ABCDEFGHJKLMNPQRSTUVWXYZ") if service is Service.EMS else "R" + rng.choice("ABCDEFGHJKLMN")
        return f"{prefix}{digits}{s10_check_digit(digits)}CN"
    prefix = rng.choice(["YT", "LP", "UUSC", "SF", "4PX"])
    return f"{prefix}{serial:012d}{rng.randrange(10)}"


def _money(rng: random.Random, low: int, high: int) -> Decimal:
    return Decimal(rng.randrange(low * 100, high * 100)) / 100


def make_parcel(rng: random.Random, serial: int, now: datetime, status: Status | None = None) -> Parcel:
    service = _pick(rng, SERVICE_WEIGHTS)
    status = status or _pick(rng, STATUS_WEIGHTS)
    # Problem parcels are mostly recent: most sellers notice within the 120-day window.
    problem = status in (Status.LOST, Status.DAMAGED, Status.DELAYED, Status.PARTIALLY_LOST)
    max_age = 135 if problem and rng.random() < 0.08 else (110 if problem else 150)
    created = platform_time(now) - timedelta(days=rng.uniform(1, max_age), hours=rng.uniform(0, 24))
    created = created.replace(microsecond=0)
    collected = created + timedelta(hours=rng.uniform(2, 40))
    last = collected + timedelta(days=rng.uniform(0.5, 12))
    item = rng.choices([ItemKind.DECLARED, ItemKind.UNDECLARED, ItemKind.DOCUMENT], [85, 10, 5])[0]
    return Parcel(
        tracking=_tracking(rng, service, serial),
        order=f"8{rng.randrange(10**15, 10**16)}",
        service=service,
        created_at=created,
        item=item,
        weight=Decimal(rng.randrange(50, 4000)) / 1000,
        shipping_fee=_money(rng, 15, 260),
        status=status,
        carrier=rng.choice(CARRIERS[service]),
        destination=rng.choice(DESTINATIONS),
        collected_at=collected if collected < now else None,
        last_tracking_at=last if last < now else None,
        declared_value=_money(rng, 30, 2500) if item is ItemKind.DECLARED else None,
        inquiry_fee=_money(rng, 5, 30) if rng.random() < 0.1 else None,
    )


def _complaints_for(rng: random.Random, parcel: Parcel, target: str, now: datetime, settings: Settings) -> list[Complaint]:
    """Complaints that bring a parcel to a lifecycle stage, or [] when its dates do not allow it."""
    ctype = TYPE_FOR_STATUS[parcel.status]
    window = filing_window(parcel, ctype, settings)
    if window.opens is None or not window.opens < now:
        return []
    latest = min(now, window.closes)
    # How far back filing must be for the target stage to have been reached by now.
    need_days = {
        "filed": 0,
        "no-agreement": 2,
        "escalated": 3,
        "intervened": 5,
        "resolved": 2,
        "compensated": 6,
        "rejected": 6,
        "withdrawn": 1,
        "expired": 26,
        "second": 27,
    }[target]
    filed_at = latest - timedelta(days=need_days, hours=rng.uniform(1, 6))
    if target == "filed":
        filed_at = latest - timedelta(days=rng.uniform(0.1, 9))
    if filed_at < window.opens:
        return []
    ids = iter(f"demo-{parcel.tracking}-{n}" for n in range(3))  # the whole number: its last 8 repeat
    step = timedelta(hours=rng.uniform(20, 40))
    try:
        complaint = lifecycle.new_complaint(next(ids), parcel, [], ctype, filed_at, filed_at, settings)
        at = filed_at + step
        if target in ("no-agreement", "escalated", "intervened", "compensated", "rejected"):
            complaint = lifecycle.record_reply(complaint, False, at, at, settings)
        if target in ("escalated", "intervened", "compensated", "rejected"):
            at += step
            complaint = lifecycle.escalate(complaint, at, at, settings)
        if target in ("intervened", "compensated", "rejected"):
            at += timedelta(hours=20)
            complaint = lifecycle.record_intervention(complaint, at, at, settings)
        if target in ("resolved", "second"):
            complaint = lifecycle.record_reply(complaint, True, at, at, settings)
        if target in ("compensated", "rejected", "withdrawn"):
            at += step
            outcome = Outcome(target)
            claimed = _money(rng, 50, 800)
            received = (
                (claimed * Decimal(rng.choice(["1", "0.8", "0.5"]))).quantize(Decimal("0.01")) if outcome is Outcome.COMPENSATED else None
            )
            complaint = lifecycle.close(complaint, outcome, at, at, settings, claimed=claimed, received=received)
        if target == "second":
            at += step
            second = lifecycle.new_complaint(next(ids), parcel, [complaint], ctype, at, at, settings)
            return [complaint, second]
    except ClaimdeskError:
        return []
    return [complaint]


def generate(count: int, now: datetime, seed: int = 7, settings: Settings | None = None) -> tuple[list[Parcel], list[Complaint]]:
    settings = settings or Settings()
    rng = random.Random(seed)
    parcels: list[Parcel] = []
    complaints: list[Complaint] = []
    seen: set[str] = set()
    complaint_every = 20  # about 5% of parcels have complaints
    for serial in range(count):
        with_complaint = serial % complaint_every == 3
        status = rng.choice([Status.LOST, Status.DAMAGED, Status.DELAYED, Status.PARTIALLY_LOST]) if with_complaint else None
        parcel = make_parcel(rng, serial, now, status)
        if parcel.tracking in seen:
            continue
        seen.add(parcel.tracking)
        if with_complaint and parcel.service is not Service.OFFLINE:
            target = STAGES[(serial // complaint_every) % len(STAGES)]
            complaints.extend(_complaints_for(rng, parcel, target, now, settings))
        parcels.append(parcel)
    return parcels, complaints
