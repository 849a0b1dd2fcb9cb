"""Display helpers: how instants, money and remaining time look on screen. No rules here."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from claimdesk.domain.instants import format_remaining, platform_text, platform_time
from claimdesk.domain.money import format_cny
from claimdesk.i18n import _, is_chinese, ngettext

__all__ = ["form_instant", "money", "remaining", "when", "when_short"]


def when(at: datetime) -> str:
    """Platform (Shanghai) time, plus the seller's local time when its offset differs."""
    platform = platform_time(at)
    text = platform.strftime("%Y-%m-%d %H:%M") + " " + _("CST")
    local = at.astimezone()  # the system's zone (TZ)
    if local.utcoffset() != platform.utcoffset():
        text += local.strftime(" · %m-%d %H:%M ") + _("local")
    return text


def when_short(at: datetime) -> str:
    """Platform time, compact: '2026-03-01 10:00'."""
    return platform_text(at, offset=False)


def money(amount: Decimal | None) -> str:
    return "—" if amount is None else format_cny(amount)


def remaining(seconds: float) -> str:
    """Remaining time as the list, the detail and the countdown all show it: '3d 04:12:09'."""
    return format_remaining(seconds)


def form_instant(at: datetime) -> str:
    """An instant as every form shows it for editing: Shanghai time, '2026-03-01 10:00' (with
    ':ss' only when the seconds are not zero, so saving it again changes nothing)."""
    return platform_text(at, seconds=bool(platform_time(at).second), offset=False)


def duration(hours: int) -> str:
    """A window's opening delay as a seller counts it: whole days from 3 days up ('10 days', not
    '240 hours'), hours below that or when it is not whole days ('48 hours')."""
    if hours >= 72 and hours % 24 == 0:
        days = hours // 24
        return ngettext("{n} day", "{n} days", days).format(n=days)
    return ngettext("{n} hour", "{n} hours", hours).format(n=hours)


def join_items(parts: list[str]) -> str:
    """'a, b, c' in English, 'a、b、c' in Chinese."""
    return ("、" if is_chinese() else ", ").join(parts)


def join_clauses(parts: list[str]) -> str:
    """'a; b' in English, 'a；b' in Chinese."""
    return ("；" if is_chinese() else "; ").join(parts)
