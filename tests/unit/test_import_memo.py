"""Readings remembered while a file is read (importing/memo.py, the readings kept in
domain/parcels.py, the quick reading of the stored instant form): a file whose cells repeat
reads exactly as the same rows read one at a time, each by a reader that has seen nothing."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from claimdesk.domain import instants, parcels
from claimdesk.domain.errors import ValidationError
from claimdesk.domain.parcels import PARCEL_FIELDS, Parcel
from claimdesk.importing import ImportOptions, ImportRefused, plan_file
from claimdesk.importing.cells import CellError
from claimdesk.importing.cells import dates as cell_dates
from claimdesk.importing.fields import ReadOptions, RowReader
from claimdesk.importing.memo import Memo
from claimdesk.importing.profiles import built_in, match

cell_money = importlib.import_module("claimdesk.importing.cells.money")  # the package's `money` is the function

NOW = datetime(2026, 12, 5, 10, 0, tzinfo=instants.PLATFORM_ZONE)
EIGHT = timezone(timedelta(hours=8))

# Cells as sellers' files hold them, several of each reading the same and some refused; typed
# cells as a workbook gives them, among them the ones equal but read differently (0.0 and -0.0,
# Decimal('1.0') and Decimal('1.00'), one instant in two zones).
INSTANTS = [
    "2026/3/1 10:00",
    "2026-03-01T10:00:00+08:00",
    "2026-03-01T02:00:00+00:00",
    "2026-03-01T10:00:00-00:00",
    "2026-03-01T10:00:00+08:60",
    "2026-03-01T10:00:00+14:30",
    "1999-03-01T10:00:00+08:00",
    "2026年3月1日 10:00",
    "01/03/2026",
    "25/03/2026 08:00",
    "3 Mar 2026",
    "x",
    "",
    None,
    46000.0,
    datetime(2026, 3, 1, 10, 0),
    datetime(2026, 3, 1, 2, 0, tzinfo=UTC),
    datetime(2026, 3, 1, 10, 0, tzinfo=EIGHT),
    date(2026, 3, 1),
]
MONEY = [
    "￥20.00",
    "20.00",
    "US $18.40",
    "18.40 USD",
    "20,50",
    "1,200.00",
    "1.200,50",
    "RMB 5",
    "-3",
    "abc",
    "",
    20.5,
    0.0,
    -0.0,
    7,
    Decimal("20.5"),
    Decimal("20.50"),
    True,
]
CELLS: dict[str, list[Any]] = {
    "tracking": ["LP00123456789012", "EE123456785CN", "ee 123 456 785 cn", 8.1e15, 12345678.0, "8.19437E+15", ""],
    "order": ["8100000000000001", 8100000000000001.0, '="8100000000000001"', ""],
    "service": ["ems", "EMS", "special line", "菜鸟", "AliExpress Standard Shipping", "pigeon", "", None, 1.0],
    "carrier": ["Yanwen", " Yanwen ", '="Yanwen"', "'Yanwen", "", 3.0, -0.0, Decimal("1.0"), Decimal("1.00")],
    "destination": ["GB", "UK", "英国", "United Kingdom", "the United Kingdom", "Narnia", "", 1.0],
    "created_at": INSTANTS,
    "collected_at": INSTANTS,
    "last_tracking_at": INSTANTS,
    "item": ["document", "declared", "文件类", "DECLARED", "x", ""],
    "declared_value": MONEY,
    "weight": ["350g", "0.35", "0,35", "0.35kg", "1,5 kg", 0.35, -0.0, 0.0, 2, Decimal("1.0"), Decimal("1.00"), "0", "abc", ""],
    "shipping_fee": MONEY,
    "inquiry_fee": MONEY,
    "status": ["in transit", "已签收", "GTMS_SIGNED", "CC_IM_FAILURE", "lost", "bogus", ""],
}
OPTIONS = st.builds(
    ReadOptions,
    date_order=st.sampled_from([None, "dmy", "mdy", "ymd"]),
    usd_rate=st.sampled_from([None, Decimal("7.10"), Decimal("7.1")]),
    decimal_comma=st.booleans(),
)
ROW = st.tuples(*(st.sampled_from(CELLS[name]) for name in PARCEL_FIELDS if name != "other_numbers"))
HEADER = [name for name in PARCEL_FIELDS if name != "other_numbers"]


def reading(reader: RowReader, row: tuple[Any, ...]) -> tuple[dict[str, str], list[tuple[str, str]]]:
    fields, errors = reader.read(row)
    return fields, [(error.field, error.message) for error in errors]


def forget_readings() -> None:
    """Empty the domain's remembered readings, so the next row is read as if it were the first."""
    for value in vars(parcels).values():
        if callable(getattr(value, "cache_clear", None)):
            value.cache_clear()


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(options=OPTIONS, rows=st.lists(ROW, min_size=1, max_size=25))
def test_a_reader_that_remembers_reads_every_row_as_a_new_reader_does(options: ReadOptions, rows: list[tuple[Any, ...]]) -> None:
    found = match(built_in()[0], HEADER)
    one = RowReader(found, options)
    together = [reading(one, row) for row in rows]
    for row, read in zip(rows * 2, together * 2, strict=True):  # twice: the second pass reads from memory
        assert reading(one, row) == read
    assert together == [reading(RowReader(found, options), row) for row in rows]


def _csv_cell(value: Any) -> str:
    text = "" if value is None else str(value)
    return '"' + text.replace('"', '""') + '"'


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(rows=st.lists(ROW, min_size=1, max_size=20), update=st.booleans())
def test_an_import_of_repeated_values_plans_the_parcels_of_one_row_at_a_time(
    tmp_path: Path, rows: list[tuple[Any, ...]], update: bool
) -> None:
    options = ImportOptions(update=update, date_order="dmy", usd_rate=Decimal("7.10"))
    # Each row its own tracking number (a number twice is a fact about the file, not a cell).
    rows = [(f"LP{index:014d}", *row[1:]) for index, row in enumerate(rows)]

    def plan(path: Path, chosen: list[tuple[Any, ...]]) -> tuple[list[Parcel], list[Any]]:
        path.write_text(",".join(HEADER) + "\n" + "".join(",".join(map(_csv_cell, row)) + "\n" for row in chosen), encoding="utf-8")
        try:
            planned = plan_file(path, options, profiles=built_in(), lookup=lambda number: None, now=NOW)
        except ImportRefused as refused:
            return [], [error.problems for error in refused.errors]
        return planned.added, [error.problems for error in planned.errors]

    whole = plan(tmp_path / "whole.csv", rows)
    one_by_one: tuple[list[Parcel], list[Any]] = ([], [])
    for row in rows:
        forget_readings()
        added, problems = plan(tmp_path / "one.csv", [row])
        one_by_one[0].extend(added)
        one_by_one[1].extend(problems)
    assert whole == one_by_one


def test_a_memo_tells_apart_cells_that_are_equal_but_read_differently() -> None:
    seen: list[Any] = []

    def read(value: Any) -> str:
        seen.append(value)
        return repr(value)

    memo = Memo(read)
    cells = [0.0, -0.0, Decimal("1.0"), Decimal("1.00"), 1, True, "1", datetime(2026, 3, 1, 2, tzinfo=UTC)]
    cells.append(datetime(2026, 3, 1, 10, tzinfo=EIGHT))  # the same instant, written in another zone
    assert [memo(cell) for cell in cells * 2] == [repr(cell) for cell in cells * 2]
    assert len(seen) == len(cells)  # each read once, then remembered


def test_a_memo_keeps_no_refusal_and_at_most_its_limit() -> None:
    calls: list[Any] = []

    def read(value: Any) -> str:
        calls.append(value)
        if value == "bad":
            raise CellError("bad cell")
        return str(value)

    memo = Memo(read, limit=2)
    for _ in range(2):
        with pytest.raises(CellError):
            memo("bad")
    assert [memo(v) for v in ("a", "b", "c", "a", "b", "c")] == ["a", "b", "c", "a", "b", "c"]
    assert calls == ["bad", "bad", "a", "b", "c", "c"]  # 'c' came after the limit: read each time


STORED_TEXT = st.builds(
    "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}{}{:02}:{:02}".format,
    st.integers(1995, 2105),
    st.integers(0, 13),
    st.integers(0, 32),
    st.integers(0, 25),
    st.integers(0, 61),
    st.integers(0, 61),
    st.sampled_from("+-"),
    st.integers(0, 24),
    st.sampled_from([0, 30, 45, 59, 60, 75]),
)


def _outcome(read: Callable[[], Any]) -> tuple[str, Any]:
    try:
        at = read()
    except (ValidationError, CellError) as refused:
        return "refused", str(refused)
    return "read", (at, at.utcoffset()) if at is not None else None


@settings(max_examples=400, deadline=None)
@given(text=STORED_TEXT)
def test_the_quick_reading_of_the_stored_form_reads_as_the_full_readers(text: str) -> None:
    quick = (_outcome(lambda: instants.parse_instant(text, "created_at")), _outcome(lambda: cell_dates.instant(text)))
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(instants, "stored_instant", lambda _text: None)
        patch.setattr(cell_dates, "stored_instant", lambda _text: None)
        full = (_outcome(lambda: instants.parse_instant(text, "created_at")), _outcome(lambda: cell_dates.instant(text)))
    assert quick == full


@settings(max_examples=300, deadline=None)
@given(
    text=st.from_regex(r"[0-9]{0,9}[.,]?[0-9]{0,4}", fullmatch=True), usd_rate=st.sampled_from([None, Decimal("7.10")]), comma=st.booleans()
)
def test_the_quick_reading_of_a_plain_amount_reads_as_the_full_reader(text: str, usd_rate: Decimal | None, comma: bool) -> None:
    def outcome() -> tuple[str, Any]:
        try:
            return "read", cell_money.money(text, usd_rate=usd_rate, decimal_comma=comma)
        except CellError as refused:
            return "refused", refused.message

    quick = outcome()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(cell_money, "plain_number", lambda _text: None)
        assert outcome() == quick
