"""Display helpers: how instants, money and remaining time look on screen. No rules here."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from claimdesk.domain.instants import platform_text, platform_time
from claimdesk.domain.money import format_cny
from claimdesk.i18n import _

__all__ = ["money", "short_remaining", "when", "when_short"]

DAY = 86400


def when(at: datetime) -> str:
    """Platform (Shanghai) time, plus the seller's local time when its offset differs."""
    platform = platform_time(at)
    text = platform.strftime("%Y-%m-%d %H:%M") + " CST"
    local = at.astimezone()  # the system's zone (TZ)
    if local.utcoffset() != platform.utcoffset():
        text += local.strftime(" · %m-%d %H:%M ") + _("local")
    return text


def when_short(at: datetime) -> str:
    """Platform time, compact: '2026-03-01 10:00'."""
    return platform_text(at, offset=False)


def money(amount: Decimal | None) -> str:
    return "—" if amount is None else format_cny(amount)


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
