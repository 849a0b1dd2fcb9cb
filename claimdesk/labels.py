"""How machine values (complaint types, stages, services, statuses, clocks...) are shown.

Stored values, CLI arguments and JSON keep the English machine values ('loss', 'ems'); only
what a person reads goes through here. In English the machine value is shown as it is; in
Chinese, the platform's own terms (揽收后未入库, 货物丢失, 物流商会, 菜鸟介入...).
"""

from __future__ import annotations

from collections.abc import Callable
from unicodedata import east_asian_width

from claimdesk.i18n import is_chinese, pgettext


def _complaint_types() -> dict[str, str]:
    return {
        "not-warehoused": pgettext("complaint type", "not-warehoused"),
        "loss": pgettext("complaint type", "loss"),
        "damage": pgettext("complaint type", "damage"),
        "partial-loss": pgettext("complaint type", "partial-loss"),
        "delay": pgettext("complaint type", "delay"),
        "fee-dispute": pgettext("complaint type", "fee-dispute"),
        "weight-discrepancy": pgettext("complaint type", "weight-discrepancy"),
        "size-discrepancy": pgettext("complaint type", "size-discrepancy"),
        "other": pgettext("complaint type", "other"),
    }


def _groups() -> dict[str, str]:
    return {
        "goods": pgettext("complaint group", "goods"),
        "timeliness": pgettext("complaint group", "timeliness"),
        "fees": pgettext("complaint group", "fees"),
        "other": pgettext("complaint group", "other"),
    }


def _services() -> dict[str, str]:
    return {
        "ems": pgettext("service", "ems"),
        "special-line": pgettext("service", "special-line"),
        "offline": pgettext("service", "offline"),
        "other": pgettext("service", "other"),
    }


def _statuses() -> dict[str, str]:
    return {
        "in-transit": pgettext("parcel status", "in-transit"),
        "delivered": pgettext("parcel status", "delivered"),
        "delayed": pgettext("parcel status", "delayed"),
        "lost": pgettext("parcel status", "lost"),
        "damaged": pgettext("parcel status", "damaged"),
        "partially-lost": pgettext("parcel status", "partially-lost"),
    }


def _items() -> dict[str, str]:
    return {
        "document": pgettext("item kind", "document"),
        "declared": pgettext("item kind", "declared"),
        "undeclared": pgettext("item kind", "undeclared"),
    }


def _stages() -> dict[str, str]:
    return {
        "filed": pgettext("stage", "filed"),
        "may-escalate": pgettext("stage", "may-escalate"),
        "escalated": pgettext("stage", "escalated"),
        "under-review": pgettext("stage", "under-review"),
        "resolved": pgettext("stage", "resolved"),
        "expired": pgettext("stage", "expired"),
        "closed": pgettext("stage", "closed"),
        "follow-up": pgettext("stage", "follow-up"),
    }


def _events() -> dict[str, str]:
    return {
        "filed": pgettext("event", "filed"),
        "reply-agreed": pgettext("event", "reply-agreed"),
        "reply-no-agreement": pgettext("event", "reply-no-agreement"),
        "escalated": pgettext("event", "escalated"),
        "intervened": pgettext("event", "intervened"),
        "closed": pgettext("event", "closed"),
    }


def _outcomes() -> dict[str, str]:
    return {
        "compensated": pgettext("outcome", "compensated"),
        "rejected": pgettext("outcome", "rejected"),
        "withdrawn": pgettext("outcome", "withdrawn"),
        # the dashboard's outcome columns
        "won": pgettext("outcome", "won"),
        "lost": pgettext("outcome", "lost"),
        "expired": pgettext("outcome", "expired"),
        "open": pgettext("outcome", "open"),
    }


def _clocks() -> dict[str, str]:
    return {
        "filing-window-opens": pgettext("clock", "filing-window-opens"),
        "filing-window-closes": pgettext("clock", "filing-window-closes"),
        "chamber-reply": pgettext("clock", "chamber-reply"),
        "escalation-window-closes": pgettext("clock", "escalation-window-closes"),
        "intervention": pgettext("clock", "intervention"),
    }


def _incidents() -> dict[str, str]:
    return {
        "delay": pgettext("incident", "delay"),
        "loss": pgettext("incident", "loss"),
        "damage": pgettext("incident", "damage"),
        "partial-loss": pgettext("incident", "partial-loss"),
    }


def _channels() -> dict[str, str]:
    return {
        "platform": pgettext("channel", "platform"),
        "third-party": pgettext("channel", "third-party"),
    }


TABLES: dict[str, Callable[[], dict[str, str]]] = {
    "type": _complaint_types,
    "group": _groups,
    "service": _services,
    "status": _statuses,
    "item": _items,
    "stage": _stages,
    "event": _events,
    "outcome": _outcomes,
    "clock": _clocks,
    "incident": _incidents,
    "channel": _channels,
}


def label(kind: str, value: object) -> str:
    """How `value` (a machine value or StrEnum member of `kind`) is shown in the active language."""
    text = "" if value is None else str(value)
    if not is_chinese():
        return text
    return TABLES[kind]().get(text, text)


def choices(kind: str, values: object) -> list[tuple[str, str]]:
    """(label, machine value) pairs for a Select."""
    return [(label(kind, value), str(value)) for value in values]  # type: ignore[attr-defined]


def cells(text: str) -> int:
    """Terminal cells `text` takes: East Asian wide and full-width characters take two."""
    if text.isascii():
        return len(text)
    return sum(2 if east_asian_width(ch) in "WF" else 1 for ch in text)


def pad(text: str, width: int) -> str:
    """`text` padded with spaces to at least `width` terminal cells (never cut)."""
    return text + " " * max(0, width - cells(text))
