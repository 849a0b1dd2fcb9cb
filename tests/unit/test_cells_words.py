"""Status, service and item-kind words: the desk's own words, Chinese, Cainiao's codes,
AliExpress's words, and the seller's own table first."""

from __future__ import annotations

import pytest

from claimdesk.domain.parcels import ItemKind, Service, Status
from claimdesk.i18n import in_language
from claimdesk.importing.cells import CellError, item_kind, service, status, words
from claimdesk.labels import label

STATUS_CASES = [
    ("in-transit", "in-transit"),
    ("in transit", "in-transit"),
    ("In Transit", "in-transit"),
    ("IN_TRANSIT", "in-transit"),
    ("运输中", "in-transit"),
    ("已发货", "in-transit"),
    ("派送中", "in-transit"),
    ("清关中", "in-transit"),
    ("已揽收", "in-transit"),
    ("到达待取", "in-transit"),
    ("投递失败", "in-transit"),
    ("退件", "in-transit"),
    ("退回", "in-transit"),
    ("Returned to sender", "in-transit"),
    ("delivered", "delivered"),
    ("已签收", "delivered"),
    ("妥投", "delivered"),
    ("已妥投", "delivered"),
    ("Delivered", "delivered"),
    ("签收成功", "delivered"),
    ("delayed", "delayed"),
    ("延误", "delayed"),
    ("Late", "delayed"),
    ("lost", "lost"),
    ("丢失", "lost"),
    ("丢件", "lost"),
    ("遗失", "lost"),
    ("damaged", "damaged"),
    ("破损", "damaged"),
    ("损坏", "damaged"),
    ("partially-lost", "partially-lost"),
    ("partially lost", "partially-lost"),
    ("部分丢失", "partially-lost"),
    ("少件", "partially-lost"),
    # Cainiao's action codes
    ("GTMS_SIGNED", "delivered"),
    ("gtms_signed", "delivered"),
    ("SIGNED", "delivered"),
    ("GSTA_SIGN", "delivered"),
    ("GTMS_STA_SIGNED", "in-transit"),
    ("GWMS_ACCEPT", "in-transit"),
    ("GWMS_OUTBOUND", "in-transit"),
    ("CW_INBOUND", "in-transit"),
    ("CW_OUTBOUND", "in-transit"),
    ("LH_DEPART", "in-transit"),
    ("LH_HO_AIRLINE", "in-transit"),
    ("SC_INBOUND_SUCCESS", "in-transit"),
    ("PU_PICKUP_SUCCESS", "in-transit"),
    ("CC_IM_SUCCESS", "in-transit"),
    ("CC_IM_FAILURE", "in-transit"),
    ("GTMS_DEL_FAILURE", "in-transit"),
    ("GTMS_DO_DEPART", "in-transit"),
    ("TD_TRANS_ARRIVE", "in-transit"),
    ("RT_INBOUND", "in-transit"),
    ("RETURNED", "in-transit"),
    ("RT_DESTROY", "lost"),
    # AliExpress order statuses, English and Chinese
    ("Awaiting delivery", "in-transit"),
    ("等待买家收货", "in-transit"),
    ("Awaiting shipment", "in-transit"),
    ("等待您发货", "in-transit"),
    ("Finished", "delivered"),
    ("交易完成", "delivered"),
    ("买家已确认收货", "delivered"),
    # padding and Excel's wrappers
    ('="运输中"', "in-transit"),
    ("\u3000已签收\u200b", "delivered"),
    ("ＧＴＭＳ＿ＳＩＧＮＥＤ", "delivered"),
]


@pytest.mark.parametrize(("cell", "expected"), STATUS_CASES)
def test_status_words(cell: str, expected: str) -> None:
    assert status(cell) == expected


SERVICE_CASES = [
    ("ems", "ems"),
    ("EMS", "ems"),
    ("e-EMS", "ems"),
    ("China Post EMS", "ems"),
    ("中国邮政EMS", "ems"),
    ("special-line", "special-line"),
    ("Special Line", "special-line"),
    ("专线", "special-line"),
    ("AliExpress Standard Shipping", "special-line"),
    ("aliexpress standard shipping", "special-line"),
    ("AliExpress Premium Shipping", "special-line"),
    ("Cainiao Super Economy Global", "special-line"),
    ("Special Line-YW", "special-line"),
    ("无忧物流-标准", "special-line"),
    ("燕文专线", "special-line"),
    ("4PX", "special-line"),
    ("offline", "offline"),
    ("线下发货", "offline"),
    ("Seller's Shipping Method", "offline"),
    ("other", "other"),
    ("其他", "other"),
    ("China Post Registered Air Mail", "other"),
    ("中国邮政挂号小包", "other"),
    ("China Post", "other"),
    ("ePacket", "other"),
    ("DHL", "other"),
    ("FedEx", "other"),
]


@pytest.mark.parametrize(("cell", "expected"), SERVICE_CASES)
def test_service_words(cell: str, expected: str) -> None:
    assert service(cell) == expected


ITEM_CASES = [
    ("document", "document"),
    ("Document", "document"),
    ("文件", "document"),
    ("印刷品", "document"),
    ("Letters", "document"),
    ("declared", "declared"),
    ("申报物品", "declared"),
    ("已申报", "declared"),
    ("undeclared", "undeclared"),
    ("未申报物品", "undeclared"),
    ("未申报", "undeclared"),
]


@pytest.mark.parametrize(("cell", "expected"), ITEM_CASES)
def test_item_words(cell: str, expected: str) -> None:
    assert item_kind(cell) == expected


@pytest.mark.parametrize(
    ("reader", "kind", "values"),
    [(status, "status", list(Status)), (service, "service", list(Service)), (item_kind, "item", list(ItemKind))],
)
def test_every_word_the_desk_displays_reads_back(reader: object, kind: str, values: list[object]) -> None:
    """What `parcel list` prints, in either language, imports back to the same value."""
    for value in values:
        for language in ("en", "zh_CN"):
            with in_language(language):
                shown = label(kind, value)
            assert reader(shown) == str(value), (language, shown)  # type: ignore[operator]
            assert reader(shown.upper()) == str(value)  # type: ignore[operator]
        assert reader(str(value)) == str(value)  # type: ignore[operator]


@pytest.mark.parametrize("kind", list(words.KINDS))
def test_no_word_of_the_vocabulary_is_shadowed(kind: str) -> None:
    """Each listed word reads as the value it is listed under (not silently as another's label)."""
    _table, _values, table, _name = words.KINDS[kind]
    for value, spellings in table.items():
        for word in spellings:
            assert words.vocabulary(kind)[words.key(word)] == str(value), word


def test_the_sellers_table_comes_first() -> None:
    extra = {"已发货": "delivered", "Ship OK": "in-transit", "DLV": "已签收", "GTMS_SIGNED": "lost"}
    assert status("已发货", extra) == "delivered"
    assert status("ship ok", extra) == "in-transit"
    assert status("SHIP_OK", extra) == "in-transit"
    assert status("dlv", extra) == "delivered"  # a mapping may name any word the desk reads
    assert status("gtms signed", extra) == "lost"
    assert status("运输中", extra) == "in-transit"
    assert service("Yun Line", {"yun line": "special-line"}) == "special-line"
    assert item_kind("样品", {"样品": "undeclared"}) == "undeclared"


def test_a_mapping_to_an_unknown_value_is_refused() -> None:
    with pytest.raises(CellError) as error:
        status("已发货", {"已发货": "shipped-ish"})
    assert error.value.message == (
        "the mapping file maps 已发货 to shipped-ish: shipped-ish is not a status the desk knows: use one of in-transit, "
        "delivered, delayed, lost, damaged, partially-lost, or map it in the mapping file's [status] table"
    )


@pytest.mark.parametrize(
    ("reader", "cell", "message"),
    [
        (
            status,
            "异常",
            "异常 is not a status the desk knows: use one of in-transit, delivered, delayed, lost, damaged, partially-lost, or map it in the mapping file's [status] table",
        ),
        (
            status,
            "Closed",
            "Closed is not a status the desk knows: use one of in-transit, delivered, delayed, lost, damaged, partially-lost, or map it in the mapping file's [status] table",
        ),
        (
            status,
            "交易关闭",
            "交易关闭 is not a status the desk knows: use one of in-transit, delivered, delayed, lost, damaged, partially-lost, or map it in the mapping file's [status] table",
        ),
        (
            status,
            "XYZ_SOMETHING",
            "XYZ_SOMETHING is not a status the desk knows: use one of in-transit, delivered, delayed, lost, damaged, partially-lost, or map it in the mapping file's [status] table",
        ),
        (
            service,
            "Pigeon",
            "Pigeon is not a service the desk knows: use one of ems, special-line, offline, other, or map it in the mapping file's [service] table",
        ),
        (
            item_kind,
            "goods",
            "goods is not an item kind the desk knows: use one of document, declared, undeclared, or map it in the mapping file's [item] table",
        ),
    ],
)
def test_unknown_words_list_the_desk_values(reader: object, cell: str, message: str) -> None:
    with pytest.raises(CellError) as error:
        reader(cell)  # type: ignore[operator]
    assert error.value.message == message


@pytest.mark.parametrize("reader", [status, service, item_kind])
@pytest.mark.parametrize("cell", [None, "", "  ", "\u3000", '=""'])
def test_blank_words_are_none(reader: object, cell: object) -> None:
    assert reader(cell) is None  # type: ignore[operator]
