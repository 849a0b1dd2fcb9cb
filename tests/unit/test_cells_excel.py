"""Text and identifier cells: Excel's ways to keep text, and its damage to long numbers."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from claimdesk.importing.cells import CellError, identifier, text


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("LP00123456789012", "LP00123456789012"),
        ('="LP00123456789012"', "LP00123456789012"),
        ('＝"LP00123"', "LP00123"),
        ('= "x"', '= "x"'),  # not Excel's form: kept as written
        ('="say ""hi"""', 'say "hi"'),
        ("\tLP001", "LP001"),
        ("'0012345", "0012345"),
        ("''x", "'x"),  # only Excel's one apostrophe goes
        ("\u3000LP001\u3000", "LP001"),
        ("\u00a0LP001 ", "LP001"),
        ("\u200bLP\u200d001\ufeff", "LP001"),
        ("\u2060 RB123 \u200c", "RB123"),
        ("  two words  ", "two words"),
        (12, "12"),
        (12.0, "12"),
        (12.5, "12.5"),
        (Decimal("1.50"), "1.50"),
        (Decimal("1E+3"), "1000"),
        (date(2026, 11, 3), "2026-11-03"),
    ],
)
def test_text_unwraps_and_strips(cell: object, expected: str) -> None:
    assert text(cell) == expected


@pytest.mark.parametrize("cell", [None, "", "   ", "\t", "\u3000", "\u200b", '=""', "'", "' ", '="  "'])
def test_blank_text_is_none(cell: object) -> None:
    assert text(cell) is None


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("8194370000000001", "8194370000000001"),
        ('="8194370000000001"', "8194370000000001"),
        ("'8194370000000001", "8194370000000001"),
        (8194370000000001.0, "8194370000000001"),
        (float(2**53 - 1), str(2**53 - 1)),
        (8194370000000001, "8194370000000001"),
        (Decimal("8194370000000001"), "8194370000000001"),
        (Decimal("8194370000000001.0"), "8194370000000001"),
        ("RB123456785GB", "RB123456785GB"),
        ("UG123456789YP", "UG123456789YP"),
        ("1E5", "1E5"),  # no exponent sign: not how Excel writes its scientific display
        ("AB12E+5X", "AB12E+5X"),
        (None, None),
        ("  ", None),
    ],
)
def test_identifier_keeps_every_digit(cell: object, expected: str | None) -> None:
    assert identifier(cell) == expected


@pytest.mark.parametrize(
    ("cell", "shown"),
    [
        ("8.19437E+15", "8.19437E+15"),
        ("8.19437e+15", "8.19437e+15"),
        ("8,19437E+15", "8,19437E+15"),
        ("1E+16", "1E+16"),
        (' ="8.19437E+15" ', "8.19437E+15"),
        ("\t8.19437E+15", "8.19437E+15"),
        (float(2**53), "9.00720E+15"),
        (8.19437e16, "8.19437E+16"),
    ],
)
def test_identifier_refuses_what_excel_destroyed(cell: object, shown: str) -> None:
    with pytest.raises(CellError) as error:
        identifier(cell)
    assert error.value.message == (f"Excel turned it into {shown} and lost its digits: format the column as Text and export again")
    assert isinstance(error.value, ValueError)


@pytest.mark.parametrize(
    ("cell", "message"),
    [
        (1.5, "1.5 is not an order or tracking number"),
        (float("nan"), "nan is not an order or tracking number"),
        (float("inf"), "inf is not an order or tracking number"),
        (True, "True is not an order or tracking number"),
        (datetime(2026, 11, 3), "Excel turned it into the date 2026-11-03T00:00:00: format the column as Text and export again"),
        (date(2026, 11, 3), "Excel turned it into the date 2026-11-03: format the column as Text and export again"),
    ],
)
def test_identifier_refuses_numbers_that_are_not_identifiers(cell: object, message: str) -> None:
    with pytest.raises(CellError, match="^" + message.replace("(", r"\(").replace(")", r"\)") + "$"):
        identifier(cell)


@given(st.integers(min_value=0, max_value=2**53 - 1))
def test_a_whole_float_below_2_53_gives_its_digits_back(number: int) -> None:
    assert identifier(float(number)) == str(number)


@given(st.text(alphabet="ABCDEFGHJKLMNPQRSTUVWXYZ0123456789-", min_size=1, max_size=30))
def test_wrapped_identifiers_unwrap_to_themselves(number: str) -> None:
    for wrapped in (number, f'="{number}"', f"\t{number}", f"'{number}", f"\u3000{number}\u200b"):
        assert text(wrapped) == number
