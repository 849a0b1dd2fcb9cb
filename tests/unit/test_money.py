"""Money and weight: Decimal yuan, half-up to the fen, and what sellers type (docs/rules.md intro, section 4)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from claimdesk.domain.errors import ValidationError
from claimdesk.domain.money import (
    MAX_MONEY,
    format_cny,
    money_str,
    parse_money,
    parse_optional_money,
    parse_weight,
    quantize,
    whole_kilograms,
)

fen_amounts = st.decimals(min_value=0, max_value=MAX_MONEY, places=2, allow_nan=False, allow_infinity=False)


@pytest.mark.parametrize(
    ("amount", "expected"),
    [
        ("22.525", "22.53"),  # EMS delay on a 45.05 fee
        ("0.005", "0.01"),
        ("2.675", "2.68"),  # a float would give 2.67
        ("2.674999", "2.67"),
        ("1200", "1200.00"),
        ("0", "0.00"),
    ],
)
def test_quantize_rounds_half_up_to_the_fen(amount: str, expected: str) -> None:
    assert money_str(quantize(Decimal(amount))) == expected
    assert money_str(Decimal(amount)) == expected


def test_format_cny_groups_thousands_with_the_yuan_sign() -> None:
    assert format_cny(Decimal("1200")) == "¥1,200.00"
    assert format_cny(Decimal("1234567.891")) == "¥1,234,567.89"
    assert format_cny(Decimal("0.5")) == "¥0.50"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("120.5", Decimal("120.5")),
        ("120.50", Decimal("120.50")),
        ("1,200.50", Decimal("1200.50")),
        ("12,345,678", Decimal("12345678")),
        ("¥1,200", Decimal("1200")),
        ("  7  ", Decimal("7")),
        ("0", Decimal("0")),
        ("100000000", MAX_MONEY),
        (Decimal("3.10"), Decimal("3.10")),
        (5, Decimal("5")),
    ],
)
def test_parse_money_accepts_amounts_in_yuan(text: object, expected: Decimal) -> None:
    amount = parse_money(text, "shipping_fee")  # type: ignore[arg-type]
    assert amount == expected
    assert isinstance(amount, Decimal)


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("1.234", "at most 2 decimals"),
        ("0.001", "at most 2 decimals"),
        ("-1", "must not be negative"),
        ("-0.01", "must not be negative"),
        ("-inf", "not an amount"),
        ("NaN", "not an amount"),
        ("nan", "not an amount"),
        ("Infinity", "not an amount"),
        ("inf", "not an amount"),
        ("1e5", "not an amount"),
        ("1E2", "not an amount"),
        ("abc", "not an amount"),
        ("12 yuan", "not an amount"),
        ("1.", "not an amount"),
        (".5", "not an amount"),
        ("+5", "not an amount"),
        ("0x10", "not an amount"),
        ("", "enter an amount"),
        ("   ", "enter an amount"),
        ("100000000.01", "more than ¥100,000,000.00"),
        ("9" * 60, "more than"),
        ("12,50", "only between thousands"),  # a decimal comma would silently make 1250
        ("1,2,3", "only between thousands"),
        ("1,2000", "only between thousands"),
        (",", "not an amount"),
    ],
)
def test_parse_money_refuses_what_is_not_an_amount(text: str, fragment: str) -> None:
    with pytest.raises(ValidationError) as caught:
        parse_money(text, "declared_value")
    assert caught.value.field == "declared_value"
    assert fragment in caught.value.message
    assert str(caught.value).startswith("declared_value: ")


HINT = "use digits 0-9 with an optional decimal point, e.g. "


@pytest.mark.parametrize(
    "text",
    [
        "1_000",  # int() and Decimal() drop the underscore: 1000
        "1_000.50",
        "１０",  # full-width digits: Decimal() reads 10
        "１,０００",
        "٣",  # Arabic-Indic three
        "۳",  # Persian three
        "१२",  # Devanagari twelve
        "-0",  # not negative, but not how the desk writes zero either
        "-0.00",
        "+5",
        "1e3",
        "NaN",
        "-inf",
    ],
)
def test_parse_money_takes_only_ascii_digits_and_says_so(text: str) -> None:
    with pytest.raises(ValidationError) as caught:
        parse_money(text, "shipping_fee")
    assert HINT + "1,200.50" in caught.value.message
    assert "negative" not in caught.value.message


@pytest.mark.parametrize("text", ["1_000", "１", "٣", "-0", "+1", "1e1", "NaN", "0x1"])
def test_parse_weight_takes_only_ascii_digits_and_says_so(text: str) -> None:
    with pytest.raises(ValidationError) as caught:
        parse_weight(text)
    assert HINT + "0.35" in caught.value.message


# Every Unicode decimal digit that is not 0-9 (Nd: full-width, Arabic-Indic, Devanagari, Thai, ...).
UNICODE_DIGITS = st.characters(categories=["Nd"]).filter(lambda ch: ch not in "0123456789")


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.one_of(st.sampled_from("0123456789"), UNICODE_DIGITS), min_size=1, max_size=6).filter(
        lambda chars: any(ch not in "0123456789" for ch in chars)
    ),
    st.sampled_from(["", "."]),
)
def test_any_non_ascii_digit_is_refused(chars: list[str], point: str) -> None:
    text = "".join(chars[:1]) + point + "".join(chars[1:]) if point and len(chars) > 1 else "".join(chars)
    for parse in (lambda t: parse_money(t, "amount"), parse_weight):
        with pytest.raises(ValidationError, match="digits 0-9"):
            parse(text)


@settings(max_examples=200, deadline=None)
@given(st.text(st.sampled_from("0123456789.,_-+eE ¥"), min_size=1, max_size=12))
def test_parse_money_accepts_exactly_the_ascii_grammar(text: str) -> None:
    """Accepted iff digits 0-9, optional thousands commas, optional '.' with 1 or 2 decimals."""
    import re

    core = text.strip().removeprefix("¥").strip()
    grammar = re.fullmatch(r"(?:[0-9]+|[0-9]{1,3}(?:,[0-9]{3})+)(?:\.[0-9]{1,2})?", core)
    try:
        amount = parse_money(text, "amount")
    except ValidationError:
        assert grammar is None or Decimal(core.replace(",", "")) > MAX_MONEY
    else:
        assert grammar is not None
        assert amount == Decimal(core.replace(",", ""))


@pytest.mark.parametrize("text", [None, "", "   "])
def test_parse_optional_money_empty_is_none(text: str | None) -> None:
    assert parse_optional_money(text, "inquiry_fee") is None


def test_parse_optional_money_still_checks_a_value() -> None:
    assert parse_optional_money("12.30", "inquiry_fee") == Decimal("12.30")
    with pytest.raises(ValidationError, match="inquiry_fee: must not be negative"):
        parse_optional_money("-3", "inquiry_fee")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("0.35", Decimal("0.35")),
        ("0.2kg", Decimal("0.2")),
        ("1.3 KG", Decimal("1.3")),
        ("0.001", Decimal("0.001")),
        ("1,000", Decimal("1000")),
        ("1000", Decimal("1000")),
        (2, Decimal("2")),
    ],
)
def test_parse_weight_accepts_kilograms_to_the_gram(text: object, expected: Decimal) -> None:
    assert parse_weight(text) == expected  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("0", "greater than 0"),
        ("0.000", "greater than 0"),
        ("-1", "greater than 0"),
        ("0.0001", "at most 3 decimals"),
        ("1001", "more than 1000 kg"),
        ("1e2", "not a weight"),
        ("NaN", "not a weight"),
        ("heavy", "not a weight"),
        ("", "enter the weight"),
        ("0,35", "only between thousands"),  # would silently be 35 kg
        ("1,5", "only between thousands"),
    ],
)
def test_parse_weight_refuses_bad_weights(text: str, fragment: str) -> None:
    with pytest.raises(ValidationError) as caught:
        parse_weight(text)
    assert caught.value.field == "weight"
    assert fragment in caught.value.message


@pytest.mark.parametrize(
    ("weight", "kg"),
    [("0.2", 1), ("0.001", 1), ("1.0", 1), ("1", 1), ("1.000", 1), ("1.01", 2), ("1.3", 2), ("2.999", 3), ("30", 30)],
)
def test_whole_kilograms_rounds_up(weight: str, kg: int) -> None:
    assert whole_kilograms(Decimal(weight)) == kg


@settings(max_examples=150, deadline=None)
@given(fen_amounts)
def test_money_str_round_trips_through_parse_money(amount: Decimal) -> None:
    stored = money_str(amount)
    assert parse_money(stored, "amount") == amount
    assert len(stored.split(".")[1]) == 2


@settings(max_examples=150, deadline=None)
@given(fen_amounts)
def test_the_shown_form_parses_back(amount: Decimal) -> None:
    assert parse_money(format_cny(amount), "amount") == amount


@settings(max_examples=150, deadline=None)
@given(st.decimals(min_value=0, max_value=10**9, allow_nan=False, allow_infinity=False))
def test_quantize_always_gives_exactly_two_decimals_within_half_a_fen(amount: Decimal) -> None:
    rounded = quantize(amount)
    assert rounded.as_tuple().exponent == -2
    assert abs(rounded - amount) <= Decimal("0.005")


@settings(max_examples=150, deadline=None)
@given(st.decimals(min_value=Decimal("0.001"), max_value=1000, places=3))
def test_whole_kilograms_is_the_smallest_whole_kg_at_least_the_weight(weight: Decimal) -> None:
    kg = whole_kilograms(weight)
    assert kg - 1 < weight <= kg
    assert parse_weight(str(weight)) == weight
