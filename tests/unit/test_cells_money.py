"""Money and weight cells: yuan in every spelling, US dollars only at the seller's rate, grams
and kilograms, decimal commas only when the file has them."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from claimdesk.importing.cells import CellError, Money, money, weight_kg

RATE = Decimal("7.10")


@pytest.mark.parametrize(
    ("cell", "amount"),
    [
        ("¥23.50", "23.50"),
        ("￥23.50", "23.50"),
        ("¥ 23.50", "23.50"),
        ("23.50元", "23.50"),
        ("23.50 元", "23.50"),
        ("RMB 23.50", "23.50"),
        ("RMB23.50", "23.50"),
        ("rmb 23.50", "23.50"),
        ("CNY 23.50", "23.50"),
        ("23.50 CNY", "23.50"),
        ("人民币23.50", "23.50"),
        ("CN¥23.50", "23.50"),
        ("1,200.00", "1200.00"),
        ("¥1,200.00", "1200.00"),
        ("1,234,567.8", "1234567.8"),
        ("23", "23"),
        ("0", "0"),
        ("0.005", "0.005"),  # exact: rounding is the store's business
        ("１２３.５０", "123.50"),
        ('="23.50"', "23.50"),
        ("\u300023.50\u200b", "23.50"),
        (23.5, "23.5"),
        (0.1, "0.1"),
        (7, "7"),
        (Decimal("1200.50"), "1200.50"),
    ],
)
def test_yuan(cell: object, amount: str) -> None:
    assert money(cell) == Money(Decimal(amount), "CNY", None)


@pytest.mark.parametrize(
    ("cell", "usd"),
    [
        ("US $18.40", "18.40"),
        ("US$18.40", "18.40"),
        ("us $ 18.40", "18.40"),
        ("$18.40", "18.40"),
        ("＄18.40", "18.40"),
        ("USD 18.40", "18.40"),
        ("USD18.40", "18.40"),
        ("18.40 USD", "18.40"),
        ("18.40USD", "18.40"),
        ("18.40美元", "18.40"),
        ("US $1,018.40", "1018.40"),
    ],
)
def test_us_dollars_are_converted_at_the_given_rate(cell: str, usd: str) -> None:
    read = money(cell, usd_rate=RATE)
    assert read == Money(Decimal(usd) * RATE, "USD", RATE, Decimal(usd))
    assert read is not None and read.amount == Decimal(usd) * Decimal("7.10")


def test_dollar_conversion_is_exact() -> None:
    read = money("US $18.40", usd_rate=Decimal("7.1234"))
    assert read is not None and read.amount == Decimal("131.07056")


@pytest.mark.parametrize(
    ("cell", "amount"),
    [("1.200,50", "1200.50"), ("23,50", "23.50"), ("1.234.567,89", "1234567.89"), ("€ 23,50", None), ("23", "23"), ("¥0,5", "0.5")],
)
def test_decimal_commas_when_the_file_has_them(cell: str, amount: str | None) -> None:
    if amount is None:
        with pytest.raises(CellError):
            money(cell, decimal_comma=True)
    else:
        assert money(cell, decimal_comma=True) == Money(Decimal(amount), "CNY", None)


def test_dollars_with_decimal_commas() -> None:
    assert money("US $18,40", usd_rate=RATE, decimal_comma=True) == Money(Decimal("18.40") * RATE, "USD", RATE, Decimal("18.40"))


@pytest.mark.parametrize(
    ("cell", "kwargs", "message"),
    [
        ("US $18.40", {}, "US $18.40 is in US dollars: pass --usd-rate with the yuan per dollar, e.g. --usd-rate 7.10"),
        ("$5", {}, "$5 is in US dollars: pass --usd-rate with the yuan per dollar, e.g. --usd-rate 7.10"),
        ("23,50", {}, "23,50: a comma that does not group thousands (a decimal comma? read the file with decimal commas)"),
        ("1,2,3", {}, "1,2,3: a comma that does not group thousands (a decimal comma? read the file with decimal commas)"),
        (
            "1,200.00",
            {"decimal_comma": True},
            "1,200.00: a comma that does not group thousands (a decimal comma? read the file with decimal commas)",
        ),
        ("-23.50", {}, "-23.50: an amount must not be negative"),
        ("¥-23.50", {}, "¥-23.50: an amount must not be negative"),
        ("- ¥23.50", {}, "- ¥23.50: an amount must not be negative"),
        (-5, {}, "-5: an amount must not be negative"),
        (Decimal("-0.01"), {}, "-0.01: an amount must not be negative"),
        ("NaN", {}, "NaN is not an amount"),
        ("Infinity", {}, "Infinity is not an amount"),
        (float("nan"), {}, "nan is not a number"),
        (float("inf"), {}, "inf is not a number"),
        (Decimal("NaN"), {}, "NaN is not a number"),
        (True, {}, "True is not a number"),
        ("1e5", {}, "1e5 is not an amount: write it like 1,200.50 or ¥23.50"),
        (".50", {}, ".50 is not an amount: write it like 1,200.50 or ¥23.50"),
        ("1.5E+3", {}, "1.5E+3 is not an amount: write it like 1,200.50 or ¥23.50"),
        ("1_000", {}, "1_000 is not an amount: write it like 1,200.50 or ¥23.50"),
        ("12.3.4", {}, "12.3.4 is not an amount: write it like 1,200.50 or ¥23.50"),
        ("٣٠", {}, "٣٠ is not an amount"),
        ("abc", {}, "abc is not an amount"),
        ("HK$5", {}, "HK$5: HK$ is not yuan or US dollars"),
        ("€5", {}, "€5: € is not yuan or US dollars"),
        ("5 EUR", {}, "5 EUR: EUR is not yuan or US dollars"),
        ("¥5 USD", {"usd_rate": RATE}, "¥5 USD: both yuan and US dollars"),
        ("¥200000000", {}, "¥200000000 is more than ¥100,000,000.00: check the amount"),
        ("US $20000000", {"usd_rate": RATE}, "US $20000000 is more than ¥100,000,000.00: check the amount"),
    ],
)
def test_money_refusals(cell: object, kwargs: dict[str, object], message: str) -> None:
    with pytest.raises(CellError) as error:
        money(cell, **kwargs)  # type: ignore[arg-type]
    assert error.value.message == message


@pytest.mark.parametrize("cell", [None, "", "  ", "\u3000", '=""'])
def test_blank_money_is_none(cell: object) -> None:
    assert money(cell) is None
    assert weight_kg(cell) is None


def test_a_bad_rate_is_a_programming_error() -> None:
    with pytest.raises(ValueError, match="usd_rate"):
        money("$5", usd_rate=Decimal(0))


amounts = st.decimals(min_value=0, max_value=Decimal("99999999"), places=2, allow_nan=False, allow_infinity=False)


@given(amounts)
def test_money_reads_back_what_the_desk_writes(amount: Decimal) -> None:
    for written in (str(amount), f"¥{amount}", f"￥{amount:,}", f"{amount}元", f"RMB {amount}", f"{amount:,.2f}"):
        read = money(written)
        assert read is not None and read.amount == amount and read.currency == "CNY"


@given(amounts)
def test_decimal_comma_spellings_read_the_same(amount: Decimal) -> None:
    european = f"{amount:,.2f}".translate(str.maketrans({",": ".", ".": ","}))
    read = money(european, decimal_comma=True)
    assert read is not None and read.amount == amount


@given(st.decimals(min_value=0, max_value=Decimal("100000"), places=2), st.decimals(min_value=Decimal("0.01"), max_value=10, places=4))
def test_dollars_times_rate(usd: Decimal, rate: Decimal) -> None:
    read = money(f"US ${usd}", usd_rate=rate)
    assert read == Money(usd * rate, "USD", rate, usd)


@pytest.mark.parametrize(
    ("cell", "kg"),
    [
        ("350g", "0.35"),
        ("350 g", "0.35"),
        ("350G", "0.35"),
        ("350 grams", "0.35"),
        ("350克", "0.35"),
        ("0.35kg", "0.35"),
        ("0.35 KG", "0.35"),
        ("0.35 kgs", "0.35"),
        ("0.35", "0.35"),
        ("0.35千克", "0.35"),
        ("0.35公斤", "0.35"),
        ("1,250 g", "1.25"),
        ("１.５ｋｇ", "1.5"),
        ("1", "1"),
        (0.35, "0.35"),
        (2, "2"),
        (Decimal("0.001"), "0.001"),
        ('="0.35"', "0.35"),
    ],
)
def test_weights(cell: object, kg: str) -> None:
    assert weight_kg(cell) == Decimal(kg)


@pytest.mark.parametrize(("cell", "kg"), [("0,35", "0.35"), ("350,5 g", "0.3505"), ("1.250,5g", "1.2505"), ("1,5 kg", "1.5")])
def test_weights_with_decimal_commas(cell: str, kg: str) -> None:
    assert weight_kg(cell, decimal_comma=True) == Decimal(kg)


@pytest.mark.parametrize(
    ("cell", "message"),
    [
        ("0", "0: a weight must be more than 0 kg"),
        ("0g", "0g: a weight must be more than 0 kg"),
        (0, "0: a weight must be more than 0 kg"),
        ("-1kg", "-1kg: a weight must be more than 0 kg"),
        (-0.5, "-0.5: a weight must be more than 0 kg"),
        ("0,35", "0,35: a comma that does not group thousands (a decimal comma? read the file with decimal commas)"),
        ("3 lb", "3 lb: lb is not kg or g"),
        ("2斤", "2斤: 斤 is not kg or g"),
        ("kg", "kg is not a weight: write it like 0.35kg or 350g"),
        ("heavy", "heavy is not a weight: write it like 0.35kg or 350g"),
        ("1e3", "1e3 is not a weight: write it like 0.35kg or 350g"),
        ("1.2.3kg", "1.2.3kg is not a weight: write it like 0.35kg or 350g"),
        ("1001", "1001 is more than 1000 kg: check the weight"),
        (float("nan"), "nan is not a number"),
    ],
)
def test_weight_refusals(cell: object, message: str) -> None:
    with pytest.raises(CellError) as error:
        weight_kg(cell)
    assert error.value.message == message


weights = st.decimals(min_value=Decimal("0.001"), max_value=Decimal("999.999"), places=3)


@given(weights)
def test_formatted_weights_round_trip(kg: Decimal) -> None:
    grams = kg * 1000
    assert weight_kg(f"{kg}kg") == kg
    assert weight_kg(f"{kg} KG") == kg
    assert weight_kg(str(kg)) == kg
    assert weight_kg(f"{grams.normalize():f}g") == kg
    assert weight_kg(f"{grams.normalize():f}克") == kg
    assert weight_kg(str(kg).replace(".", ","), decimal_comma=True) == kg
