"""Status, service and item-kind words, read into the desk's values.

A cell is read, in this order, through the seller's own table (`extra`: the mapping file's
[status], [service] and [item] tables), then the desk's machine values, the words the desk
itself shows in English and Chinese (labels.py and the zh_CN catalog: what `parcel list`
prints imports back), then the vocabulary below. Words compare without case, and with ' ',
'-' and '_' alike (`in transit`, `In-Transit`, `IN_TRANSIT`). Each reading below is a
decision, listed in docs/cell-vocabulary.md with the reason.
"""

from __future__ import annotations

import gettext
import re
from collections.abc import Mapping
from functools import cache, lru_cache

from claimdesk.domain.parcels import ItemKind, Service, Status
from claimdesk.i18n import CHINESE, DOMAIN, LOCALE_DIR, _
from claimdesk.importing.cells import cainiao
from claimdesk.importing.cells.errors import CellError, shown
from claimdesk.importing.cells.excel import text
from claimdesk.importing.cells.numbers import folded
from claimdesk.labels import TABLES

STATUS_WORDS: dict[str, tuple[str, ...]] = {
    Status.IN_TRANSIT: (
        # carriers' and trackers' words for a parcel on its way
        "在途",
        "运输途中",
        "已发货",
        "发货",
        "已揽收",
        "揽收",
        "已揽件",
        "待揽收",
        "等待揽收",
        "已入库",
        "已出库",
        "派送中",
        "派件中",
        "投递中",
        "配送中",
        "清关中",
        "清关",
        "已清关",
        "到达待取",
        "待取件",
        "待自提",
        "投递失败",
        "派送失败",
        "转运中",
        "已转运",
        "shipped",
        "transit",
        "on the way",
        "picked up",
        "accepted",
        "info received",
        "out for delivery",
        "customs clearance",
        "in customs",
        "awaiting pickup",
        "available for pickup",
        "delivery failed",
        "failed attempt",
        "dispatched",
        # a returned parcel still exists and is on its way back; the desk has no status for it
        "退件",
        "退回",
        "已退回",
        "退回中",
        "退回卖家",
        "returned",
        "returning",
        "return to sender",
        "returned to sender",
        # AliExpress order statuses of an order shipped and not yet received (or not yet shipped)
        "等待买家收货",
        "卖家已发货",
        "部分发货",
        "等待您发货",
        "等待发货",
        "待发货",
        "awaiting delivery",
        "awaiting shipment",
        "partial shipment",
        "partially shipped",
    ),
    Status.DELIVERED: (
        "已签收",
        "签收",
        "妥投",
        "已妥投",
        "成功签收",
        "签收成功",
        "投递成功",
        "已送达",
        "送达",
        "已投递",
        "已收货",
        "确认收货",
        "买家已确认收货",
        "已确认收货",
        "交易完成",
        "交易成功",
        "signed",
        "signed for",
        "delivered successfully",
        "finished",
        "completed",
        "received",
    ),
    Status.DELAYED: ("延误", "延迟", "延迟到达", "运输超时", "超时", "运输过久", "late", "overdue"),
    Status.LOST: ("丢件", "遗失", "已丢失", "包裹丢失", "货物丢失", "丢包", "销毁", "已销毁", "missing", "destroyed"),
    Status.DAMAGED: ("损坏", "已破损", "包裹破损", "货物破损", "破损件", "broken", "damage"),
    Status.PARTIALLY_LOST: (
        "少件",
        "短少",
        "缺件",
        "内件短少",
        "内件丢失",
        "部分丢件",
        "部分遗失",
        "partial loss",
        "partially missing",
        "missing items",
        "short shipped",
    ),
}

SERVICE_WORDS: dict[str, tuple[str, ...]] = {
    Service.EMS: (
        "e-ems",
        "e ems",
        "china post ems",
        "中国邮政ems",
        "邮政ems",
        "国际ems",
        "aliexpress ems",
        "速卖通ems",
        "ems express",
    ),
    Service.SPECIAL_LINE: (
        # Cainiao's AliExpress shipping (无忧物流) and the dedicated lines sold on the platform
        "aliexpress standard shipping",
        "aliexpress premium shipping",
        "aliexpress selection shipping",
        "aliexpress saver shipping",
        "aliexpress direct",
        "cainiao",
        "菜鸟",
        "菜鸟专线",
        "无忧物流",
        "无忧物流-标准",
        "无忧物流-优先",
        "无忧物流-简易",
        "无忧物流-自提",
        "无忧集运",
        "cainiao super economy",
        "cainiao super economy global",
        "cainiao standard shipping",
        "cainiao expedited standard",
        "special line-yw",
        "燕文专线",
        "yanwen",
        "燕文",
        "yunexpress",
        "云途",
        "云途专线",
        "4px",
        "递四方",
        "dedicated line",
        "专线物流",
        "专线小包",
    ),
    Service.OFFLINE: ("线下物流", "线下", "自发货", "卖家自发货", "seller's shipping method", "seller shipping method", "offline delivery"),
    Service.OTHER: (
        # China Post's postal products are not EMS: the EMS compensation table does not apply to them
        "china post registered air mail",
        "china post ordinary small packet plus",
        "china post air parcel",
        "中国邮政挂号小包",
        "中国邮政平常小包",
        "中国邮政平常小包+",
        "中国邮政大包",
        "china post",
        "中国邮政",
        "epacket",
        "e邮宝",
        "e-packet",
        # commercial express companies
        "dhl",
        "fedex",
        "ups",
        "tnt",
        "顺丰",
        "sf express",
    ),
}

ITEM_WORDS: dict[str, tuple[str, ...]] = {
    ItemKind.DOCUMENT: ("documents", "文件类", "信件", "印刷品", "letter", "letters", "printed matter"),
    ItemKind.DECLARED: ("申报", "已申报", "有申报", "申报物品", "declared goods", "declared items"),
    ItemKind.UNDECLARED: ("未申报", "无申报", "未申报物品", "undeclared goods", "undeclared items"),
}

# kind -> (labels.py table, the desk's values, the vocabulary, the mapping file's table name)
KINDS = {
    "status": ("status", tuple(Status), STATUS_WORDS, "status"),
    "service": ("service", tuple(Service), SERVICE_WORDS, "service"),
    "item": ("item", tuple(ItemKind), ITEM_WORDS, "item"),
}
_SEPARATORS = re.compile(r"[\s\-_]+")


@lru_cache(maxsize=4096)  # a column repeats a handful of words over every row
def key(word: str) -> str:
    """A word compared without case, width, or the difference between ' ', '-' and '_'."""
    return _SEPARATORS.sub(" ", folded(word).casefold()).strip()


@cache
def _chinese() -> gettext.NullTranslations:
    return gettext.translation(DOMAIN, LOCALE_DIR, [CHINESE], fallback=True)


@cache
def vocabulary(kind: str) -> dict[str, str]:
    """Every word the desk reads for `kind` -> the desk's value (built once)."""
    table_name, values, words, _table = KINDS[kind]
    context, labels = TABLES[table_name]
    table: dict[str, str] = {}
    for value in values:
        english = labels[value]
        for word in (value.value, english, _chinese().pgettext(context, english)):
            table[key(word)] = value.value
    for desk_value, spellings in words.items():
        for word in spellings:
            table.setdefault(key(word), str(desk_value))
    if kind == "status":
        for code, code_value in cainiao.STATUS.items():
            table.setdefault(key(code), code_value)
    return table


def _read(kind: str, value: object, extra: Mapping[str, str]) -> str | None:
    cleaned = text(value)
    if cleaned is None:
        return None
    written = key(cleaned)
    known = vocabulary(kind)
    mapped = _keyed(tuple(extra.items())).get(written) if extra else None
    if mapped is not None:
        desk_value = known.get(key(mapped))
        if desk_value is None:
            raise CellError(
                _("the mapping file maps {word} to {target}: {problem}").format(
                    word=shown(cleaned), target=shown(mapped), problem=_unknown(kind, mapped)
                )
            )
        return desk_value
    desk_value = known.get(written)
    if desk_value is None and kind == "status":
        desk_value = cainiao.family(cleaned)
    if desk_value is None:
        raise CellError(_unknown(kind, cleaned))
    return desk_value


@lru_cache(maxsize=64)
def _keyed(extra: tuple[tuple[str, str], ...]) -> dict[str, str]:
    """A mapping file's words, compared as key() compares them (built once per mapping)."""
    return {key(word): target for word, target in extra}


def _unknown(kind: str, word: str) -> str:
    _table_name, values, _words, table = KINDS[kind]
    accepted = ", ".join(value.value for value in values)
    messages = {
        "status": _("{word} is not a status the desk knows: use one of {accepted}, or map it in the mapping file's [{table}] table"),
        "service": _("{word} is not a service the desk knows: use one of {accepted}, or map it in the mapping file's [{table}] table"),
        "item": _("{word} is not an item kind the desk knows: use one of {accepted}, or map it in the mapping file's [{table}] table"),
    }
    return messages[kind].format(word=shown(word), accepted=accepted, table=table)


def status(value: object, extra: Mapping[str, str] | None = None) -> str | None:
    """A parcel status: in-transit, delivered, delayed, lost, damaged or partially-lost."""
    return _read("status", value, extra or {})


def service(value: object, extra: Mapping[str, str] | None = None) -> str | None:
    """A service: ems, special-line, offline or other."""
    return _read("service", value, extra or {})


def item_kind(value: object, extra: Mapping[str, str] | None = None) -> str | None:
    """An item kind: document, declared or undeclared."""
    return _read("item", value, extra or {})
