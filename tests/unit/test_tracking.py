"""Tracking numbers and the UPU S10 check (docs/rules.md section 1)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from claimdesk.domain.errors import ValidationError
from claimdesk.domain.tracking import (
    S10_WEIGHTS,
    iso_countries,
    normalise,
    s10_check_digit,
    validate_country,
    validate_tracking,
)

SERVICES = ["ems", "special-line", "offline", "other"]


def raw_check(serial: str) -> int:
    """c = 11 - (weighted sum mod 11), before the 10 -> 0 and 11 -> 5 substitutions."""
    return 11 - sum(int(digit) * weight for digit, weight in zip(serial, S10_WEIGHTS, strict=True)) % 11


def first_serial_with_raw_check(raw: int) -> str:
    return next(f"{n:08d}" for n in range(1, 10**8) if raw_check(f"{n:08d}") == raw)


@pytest.mark.parametrize("number", ["EE123456785CN", "RB123456785GB", "RR123456785US", "CP000000155DE"])
@pytest.mark.parametrize("service", SERVICES)
def test_valid_s10_numbers_are_accepted_for_every_service(number: str, service: str) -> None:
    assert validate_tracking(number, service) == number


def test_the_rules_example_check_digit() -> None:
    # 1*8 + 2*6 + 3*4 + 4*2 + 5*3 + 6*5 + 7*9 + 8*7 = 204; 204 mod 11 = 6; 11 - 6 = 5
    assert s10_check_digit("12345678") == 5


@pytest.mark.parametrize(
    ("pasted", "number"),
    [
        ("rb 123 456 785 gb", "RB123456785GB"),
        ("  ee123456785cn\n", "EE123456785CN"),
        ("Ee 1234\t5678 5 Cn", "EE123456785CN"),
    ],
)
def test_pasted_numbers_are_normalised(pasted: str, number: str) -> None:
    assert normalise(pasted) == number
    assert validate_tracking(pasted, "ems") == number


def test_c_equal_10_becomes_check_digit_0() -> None:
    serial = first_serial_with_raw_check(10)
    assert serial == "00000008"  # 8 * 7 = 56; 56 mod 11 = 1; 11 - 1 = 10
    assert s10_check_digit(serial) == 0
    assert validate_tracking(f"EE{serial}0CN", "ems") == f"EE{serial}0CN"
    with pytest.raises(ValidationError, match="expected 0"):
        validate_tracking(f"EE{serial}1CN", "ems")


def test_c_equal_11_becomes_check_digit_5() -> None:
    assert raw_check("00000000") == 11
    serial = first_serial_with_raw_check(11)
    assert serial == "00000015"  # 1 * 9 + 5 * 7 = 44; 44 mod 11 = 0; 11 - 0 = 11
    for digits in ("00000000", serial):
        assert s10_check_digit(digits) == 5
        assert validate_tracking(f"RR{digits}5CN", "ems") == f"RR{digits}5CN"
        with pytest.raises(ValidationError, match="expected 5"):
            validate_tracking(f"RR{digits}0CN", "ems")


def test_wrong_check_digit_names_the_expected_digit() -> None:
    with pytest.raises(ValidationError) as caught:
        validate_tracking("ee 123456780 cn", "ems")
    assert caught.value.field == "tracking"
    assert "EE123456780CN" in caught.value.message
    assert "check digit is 0, expected 5" in caught.value.message


@pytest.mark.parametrize("country", ["UK", "XX", "EU", "ZZ"])
def test_unknown_country_code_is_named(country: str) -> None:
    with pytest.raises(ValidationError) as caught:
        validate_tracking(f"RB123456785{country}", "ems")
    assert f"unknown country code '{country}'" in caught.value.message


@pytest.mark.parametrize("service", ["special-line", "offline", "other"])
def test_s10_shaped_numbers_of_other_services_are_checked_too(service: str) -> None:
    with pytest.raises(ValidationError, match="expected 5"):
        validate_tracking("EE123456789CN", service)
    # 'UK' is no ISO 3166 code: for a service other than EMS, a carrier's own number
    assert validate_tracking("EE123456785UK", service) == "EE123456785UK"


@pytest.mark.parametrize(
    "number",
    ["LP00123456789012", "YT2212345678901234", "EE12345678CN", "1Z-999-AA10", "SF1234567890", "ee1234567890cn"],
)
def test_ems_needs_an_s10_number(number: str) -> None:
    with pytest.raises(ValidationError) as caught:
        validate_tracking(number, "ems")
    assert "must be UPU S10" in caught.value.message


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("LP00123456789012", "LP00123456789012"),
        ("yt 2212 3456 7890 1234", "YT2212345678901234"),
        ("EE12345678CN", "EE12345678CN"),  # 8 digits: not S10-shaped, so not checked
        ("1Z-999-AA10", "1Z-999-AA10"),
    ],
)
@pytest.mark.parametrize("service", ["special-line", "offline", "other"])
def test_non_s10_numbers_are_fine_for_other_services(text: str, number: str, service: str) -> None:
    assert validate_tracking(text, service) == number


@pytest.mark.parametrize("text", ["AB1", "#$%^&*", "-ABC123", "A" * 41])
def test_non_s10_numbers_must_still_look_like_tracking_numbers(text: str) -> None:
    with pytest.raises(ValidationError, match="4 to 40 letters"):
        validate_tracking(text, "other")


@pytest.mark.parametrize("service", SERVICES)
def test_empty_tracking_number(service: str) -> None:
    with pytest.raises(ValidationError, match="enter the tracking number"):
        validate_tracking("  \t ", service)


def test_non_ascii_digits_are_not_an_s10_number() -> None:
    # 'EE123456785CN' written with Arabic-Indic digits: Python's \d matches them, S10 does not
    arabic_indic = "EE\u0661\u0662\u0663\u0664\u0665\u0666\u0667\u0668\u0665CN"
    with pytest.raises(ValidationError, match="must be UPU S10"):
        validate_tracking(arabic_indic, "ems")
    with pytest.raises(ValidationError):
        validate_tracking(arabic_indic, "other")


def test_service_indicator_is_not_checked_against_the_service() -> None:
    # 'RR' is a registered-mail indicator, 'CP' a parcel one: the desk does not care.
    assert validate_tracking("RR123456785CN", "ems") == "RR123456785CN"
    assert validate_tracking("CP123456785CN", "ems") == "CP123456785CN"


def test_country_list_comes_from_pycountry() -> None:
    countries = iso_countries()
    assert {"CN", "US", "GB", "DE", "BR", "RU"} <= countries
    assert "UK" not in countries
    assert len(countries) >= 249


@pytest.mark.parametrize(("text", "code"), [("us", "US"), (" gb ", "GB"), ("Cn", "CN")])
def test_validate_country(text: str, code: str) -> None:
    assert validate_country(text) == code


@pytest.mark.parametrize("text", ["UK", "USA", "", "1"])
def test_validate_country_refuses_unknown_codes(text: str) -> None:
    with pytest.raises(ValidationError) as caught:
        validate_country(text)
    assert caught.value.field == "destination"
    assert "unknown country code" in caught.value.message


serials = st.text(alphabet="0123456789", min_size=8, max_size=8)
indicators = st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZ", min_size=2, max_size=2)


@settings(max_examples=200, deadline=None)
@given(serials, indicators)
def test_s10_check_digit_round_trip(serial: str, indicator: str) -> None:
    check = s10_check_digit(serial)
    assert 0 <= check <= 9
    number = f"{indicator}{serial}{check}CN"
    assert validate_tracking(number, "ems") == number
    assert validate_tracking(number.lower(), "other") == number


@settings(max_examples=200, deadline=None)
@given(serials, st.integers(min_value=0, max_value=9))
def test_any_other_check_digit_fails(serial: str, digit: int) -> None:
    check = s10_check_digit(serial)
    if digit == check:
        digit = (digit + 1) % 10
    with pytest.raises(ValidationError) as caught:
        validate_tracking(f"EE{serial}{digit}CN", "ems")
    assert f"expected {check}" in caught.value.message


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=30))
def test_validate_tracking_returns_a_normalised_number_or_raises(text: str) -> None:
    for service in SERVICES:
        try:
            number = validate_tracking(text, service)
        except ValidationError as error:
            assert error.field == "tracking"
        else:
            assert number == normalise(text)
            assert number.isascii() and number == number.upper() and " " not in number
