"""Profiles: which header texts mean which desk field, recognised from a file's header row.

Built in: `claimdesk` (the desk's own export: its column names, their English and Chinese
labels, and the synonyms sellers' sheets use) and `aliexpress-orders` (the Seller Center order
export, Chinese or English headers: docs/rules.md section 6). A seller's mapping (mapping.py) is a
profile too. Headers are compared loosely: Unicode-normalised (full-width to ASCII), case-folded,
without spaces, underscores and hyphens.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from claimdesk.domain.parcels import FIELD_LABELS, PARCEL_FIELDS
from claimdesk.i18n import CHINESE, N_, _, in_language

# What a column can be mapped to: a parcel's fields, its other numbers, and two the exports need:
# a cell holding "carrier:number" (the Seller Center's 实际发货物流:运单号) and the shipping time,
# which stands for the logistics order's creation when no creation time is given.
OTHER_NUMBERS = "other_numbers"
CARRIER_AND_TRACKING = "carrier_and_tracking"
SHIPPED_AT = "shipped_at"
FIELDS = tuple(dict.fromkeys((*PARCEL_FIELDS, OTHER_NUMBERS, CARRIER_AND_TRACKING, SHIPPED_AT)))  # PARCEL_FIELDS may hold other_numbers
MANY = frozenset({OTHER_NUMBERS})  # several columns may feed this field
WORD_TABLES = ("status", "service", "item")
DEFAULTABLE = ("service", "carrier", "destination", "item", "status")  # a mapping's [defaults]

FIELD_HELP = {
    OTHER_NUMBERS: N_("the parcel's other numbers (several per cell, or several columns)"),
    CARRIER_AND_TRACKING: N_("'carrier:number' in one cell, split into carrier and tracking number"),
    SHIPPED_AT: N_("shipping time, taken as created_at when the file has none"),
}


def header_key(text: object) -> str:
    """How a header cell is compared: 'Tracking Number', 'tracking_number' and 'ＴＲＡＣＫＩＮＧ number'
    are the same column."""
    value = unicodedata.normalize("NFKC", str(text or "")).replace("\ufeff", "").casefold()
    return re.sub(r"[\s_\-]+", "", value)


@dataclass(frozen=True)
class Profile:
    """A way to read one kind of export."""

    name: str
    title: str
    columns: Mapping[str, tuple[str, ...]]  # desk field -> the header texts that mean it
    words: Mapping[str, Mapping[str, str]] = field(default_factory=dict)  # "status" etc. -> cell word -> desk value
    defaults: Mapping[str, str] = field(default_factory=dict)  # desk field -> value when the file has none
    service_default: str | None = None  # when neither a service column nor the carrier tells it
    usd_amounts: bool = False  # its money columns are US dollars: left unplaced without --usd-rate
    skips_unshipped: bool = False  # a row with no tracking number is an order not shipped yet: skipped
    source: str = "built in"

    def keys(self) -> dict[str, str]:
        """header_key -> desk field."""
        return {header_key(text): name for name, texts in self.columns.items() for text in texts}


@dataclass(frozen=True)
class ProfileMatch:
    """A header read with a profile: the desk field of each placed column, and the rest."""

    profile: Profile
    header: tuple[str, ...]
    placed: Mapping[int, str]  # column index -> desk field
    unplaced: tuple[str, ...]

    @property
    def fields(self) -> set[str]:
        return set(self.placed.values())

    def columns(self) -> dict[str, list[str]]:
        """Desk field -> the header texts placed on it, for reports."""
        result: dict[str, list[str]] = {}
        for index, name in sorted(self.placed.items()):
            result.setdefault(name, []).append(str(self.header[index]).strip())
        return result

    @property
    def recognised(self) -> bool:
        return bool(self.fields & {"tracking", CARRIER_AND_TRACKING})


def match(profile: Profile, header: Sequence[Any]) -> ProfileMatch:
    keys = profile.keys()
    placed: dict[int, str] = {}
    unplaced: list[str] = []
    for index, cell in enumerate(header):
        name = keys.get(header_key(cell))
        if name is None:
            if str(cell or "").strip():
                unplaced.append(str(cell).strip())
            continue
        placed[index] = name
    return ProfileMatch(profile, tuple(str(cell or "") for cell in header), placed, tuple(unplaced))


def best_match(profiles: Sequence[Profile], header: Sequence[Any]) -> ProfileMatch | None:
    """The profile that recognises the header (places its tracking column) and places the most
    columns; the first listed wins a tie (built-ins come first)."""
    best: ProfileMatch | None = None
    for profile in profiles:
        found = match(profile, header)
        if found.recognised and (best is None or len(found.placed) > len(best.placed)):
            best = found
    return best


# ------------------------------------------------------------------ the built-in profiles

# The desk's machine names' older spellings (the first CSV format), kept readable.
_ALIASES = {
    "tracking": ("tracking_number",),
    "order": ("order_number",),
    "created_at": ("created",),
    "collected_at": ("collected",),
    "last_tracking_at": ("last_tracking", "last_tracking_update"),
    "item": ("item_kind",),
    "weight": ("weight_kg",),
}
# What sellers' own sheets and Chinese tools call the desk's columns (issue 17).
_SYNONYMS = {
    "tracking": ("运单号", "物流单号", "国际物流单号", "跟踪号", "追踪号", "快递单号", "Tracking No", "Tracking Number"),
    "order": ("订单号", "Order ID"),
    "carrier": ("承运商", "物流商", "物流公司"),
    "destination": ("目的国", "目的国家", "收件国家", "Country"),
    "created_at": ("创建时间",),
    "collected_at": ("揽收时间",),
    "last_tracking_at": ("最新轨迹时间", "最后更新时间"),
    "item": ("物品类型",),
    "declared_value": ("申报价值",),
    "weight": ("重量",),
    "shipping_fee": ("运费",),
    "status": ("最新状态", "物流状态", "状态"),
    OTHER_NUMBERS: ("other numbers", "其他单号"),
}
_OTHER_NUMBERS_LABEL = N_("Other numbers")


def claimdesk_profile() -> Profile:
    columns: dict[str, tuple[str, ...]] = {}
    labels = {**FIELD_LABELS, OTHER_NUMBERS: _OTHER_NUMBERS_LABEL}
    with in_language(CHINESE):
        chinese = {name: _(text) for name, text in labels.items()}
    for name in (*PARCEL_FIELDS, OTHER_NUMBERS):
        columns[name] = tuple(dict.fromkeys((name, *_ALIASES.get(name, ()), labels[name], chinese[name], *_SYNONYMS.get(name, ()))))
    return Profile("claimdesk", N_("the desk's own export (English or Chinese column names)"), columns)


# The Seller Center order export (docs/rules.md section 6): Chinese and English headers. Its order
# statuses say where the order is, not the parcel: those that mean "shipped" are in transit,
# "finished" ones delivered; an order not shipped yet has no tracking number and is skipped.
_ALIEXPRESS_COLUMNS = {
    CARRIER_AND_TRACKING: ("实际发货物流:运单号",),
    "tracking": ("Tracking Number", "运单号"),
    "carrier": ("买家选择物流", "Shipping Method"),
    "order": ("订单号", "Order ID"),
    "status": ("订单状态", "Order Status"),
    "destination": ("收货国家", "Country"),
    SHIPPED_AT: ("发货时间", "Shipping Time"),
    "declared_value": ("订单金额", "Order Amount"),
}
_ALIEXPRESS_STATUS = {
    "等待买家收货": "in-transit",
    "卖家已发货": "in-transit",
    "已发货": "in-transit",
    "部分发货": "in-transit",
    "Awaiting delivery": "in-transit",
    "Awaiting buyer confirmation": "in-transit",
    "Shipped": "in-transit",
    "Partially shipped": "in-transit",
    "WAIT_BUYER_ACCEPT_GOODS": "in-transit",
    "SELLER_PART_SEND_GOODS": "in-transit",
    "交易完成": "delivered",
    "已完成": "delivered",
    "Completed": "delivered",
    "Finished": "delivered",
    "FINISH": "delivered",
}


def aliexpress_profile() -> Profile:
    return Profile(
        "aliexpress-orders",
        N_("AliExpress Seller Center order export (Chinese or English headers; amounts in US $)"),
        _ALIEXPRESS_COLUMNS,
        words={"status": _ALIEXPRESS_STATUS},
        service_default="other",
        usd_amounts=True,
        skips_unshipped=True,
    )


def built_in() -> list[Profile]:
    return [claimdesk_profile(), aliexpress_profile()]
