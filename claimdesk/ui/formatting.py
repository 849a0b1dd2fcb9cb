"""Display helpers: how instants, money and remaining time look on screen. No rules here."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

import pendulum

from claimdesk.domain.instants import format_remaining, to_platform
from claimdesk.domain.money import format_cny
from claimdesk.i18n import _

__all__ = ["format_cny", "format_remaining", "when", "when_short", "money", "urgency"]

DAY = 86400


def when(at: datetime) -> str:
    """Platform (Shanghai) time, plus the seller's local time when it differs."""
    platform = to_platform(at)
    text = platform.format("YYYY-MM-DD HH:mm [CST]")
    local = pendulum.instance(at).in_timezone(pendulum.local_timezone())
    if local.utcoffset() != platform.utcoffset():
        text += local.format(" · MM-DD HH:mm ") + _("local")
    return text


def when_short(at: datetime) -> str:
    """Platform time, compact: '2026-03-01 10:00'."""
    return to_platform(at).format("YYYY-MM-DD HH:mm")


def money(amount: Decimal | None) -> str:
    return "—" if amount is None else format_cny(amount)


def urgency(seconds: float) -> str:
    """The colour class of a clock: ok (> 3 days), soon (<= 3 days), urgent (<= 24 h), overdue."""
    if seconds < 0:
        return "overdue"
    if seconds <= DAY:
        return "urgent"
    if seconds <= 3 * DAY:
        return "soon"
    return "ok"


def short_remaining(seconds: float) -> str:
    """Compact form for the list: '12d 4h', '5h 12m', '-2d 3h'."""
    sign = "-" if seconds < 0 else ""
    total = int(abs(seconds))
    days, rest = divmod(total, DAY)
    hours, rest = divmod(rest, 3600)
    minutes = rest // 60
    if days:
        return f"{sign}{days}d {hours}h"
    return f"{sign}{hours}h {minutes:02}m"
