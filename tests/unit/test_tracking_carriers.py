"""Carrier numbers beside UPU S10 (docs/rules.md section 1, "UPU S10 check"): which numbers are checked.

An `ems` parcel needs a valid S10 number. For every other service, a number of the S10 shape
ending in an ISO 3166 code is checked the same way; the S10 shape ending in other letters is a
carrier's own number (Yanwen `UG123456789YP`), and other shapes (`LP00...`, `4PX...`, `YT...`)
are kept as given: normalised, not checked.
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from claimdesk.domain.errors import ValidationError
from claimdesk.domain.tracking import (
    MAX_OTHER_NUMBERS,
    is_carrier_s10,
    iso_countries,
    s10_check_digit,
    validate_other_numbers,
    validate_tracking,
)

NOT_EMS = ["special-line", "offline", "other"]


@pytest.mark.parametrize("service", NOT_EMS)
@pytest.mark.parametrize(
    ("pasted", "kept"),
    [
        ("UG123456789YP", "UG123456789YP"),  # Yanwen: YP is no country
        ("ug 123 456 789 yp", "UG123456789YP"),  # normalised first, then kept
        ("LX000000000XX", "LX000000000XX"),  # XX is user-assigned, not ISO 3166
        ("RB123456780ZZ", "RB123456780ZZ"),  # wrong S10 check digit, but a forwarder's suffix
        ("AB123456789UK", "AB123456789UK"),  # UK is not the ISO code (GB is)
        ("LP00123456789012", "LP00123456789012"),  # Cainiao logistics order code
        ("lp00 1234 5678 9012", "LP00123456789012"),
        ("4PX3001234567890CN", "4PX3001234567890CN"),  # first-mile: longer than S10
        ("YT2212345678901234", "YT2212345678901234"),  # YunExpress
        ("UG12345678YP", "UG12345678YP"),  # 8 digits: not the S10 shape at all
    ],
)
def test_carrier_numbers_are_kept_as_given_for_services_other_than_ems(service: str, pasted: str, kept: str) -> None:
    assert validate_tracking(pasted, service) == kept


@pytest.mark.parametrize("service", NOT_EMS)
@pytest.mark.parametrize(
    ("number", "expected"),
    [
        ("RB123456780GB", 5),
        ("UG123456789CN", 5),  # Yanwen's prefix with a country code: an S10 number, checked
        ("EE000000001DE", 5),
        ("RR000000081US", 0),
    ],
)
def test_s10_numbers_ending_in_a_country_code_are_checked_for_every_service(service: str, number: str, expected: int) -> None:
    with pytest.raises(ValidationError) as caught:
        validate_tracking(number, service)
    assert caught.value.field == "tracking"
    assert f"expected {expected}" in caught.value.message
    assert number in caught.value.message


@pytest.mark.parametrize(
    ("number", "country"),
    [("UG123456785YP", "YP"), ("EE123456785UK", "UK"), ("EE123456785XX", "XX"), ("EE123456785EU", "EU")],
)
def test_an_ems_number_with_a_suffix_that_is_no_country_names_the_unknown_code(number: str, country: str) -> None:
    with pytest.raises(ValidationError) as caught:
        validate_tracking(number, "ems")
    assert f"unknown country code {country!r}" in caught.value.message


def test_an_ems_number_with_a_wrong_check_digit_and_no_country_names_the_check_digit_first() -> None:
    with pytest.raises(ValidationError, match="check digit is 9, expected 5"):
        validate_tracking("UG123456789YP", "ems")


@pytest.mark.parametrize("number", ["LP00123456789012", "4PX3001234567890CN", "YT2212345678901234"])
def test_ems_refuses_carrier_numbers(number: str) -> None:
    with pytest.raises(ValidationError, match="must be UPU S10"):
        validate_tracking(number, "ems")


def test_every_iso_code_is_a_country_and_is_checked() -> None:
    assert "GB" in iso_countries() and "UK" not in iso_countries() and "YP" not in iso_countries()
    assert not is_carrier_s10("RB123456785GB")
    assert is_carrier_s10("UG123456789YP")
    assert not is_carrier_s10("LP00123456789012")  # not the S10 shape at all


@given(serial=st.from_regex(r"[0-9]{8}", fullmatch=True), suffix=st.from_regex(r"[A-Z]{2}", fullmatch=True), check=st.integers(0, 9))
def test_an_s10_shaped_number_is_refused_for_a_non_ems_service_only_when_it_ends_in_a_country(serial: str, suffix: str, check: int) -> None:
    number = f"UG{serial}{check}{suffix}"
    valid = check == s10_check_digit(serial)
    if suffix not in iso_countries() or valid:
        assert validate_tracking(number, "special-line") == number
    else:
        with pytest.raises(ValidationError, match=f"expected {s10_check_digit(serial)}"):
            validate_tracking(number, "special-line")


# ------------------------------------------------------------------ other numbers


@pytest.mark.parametrize(
    ("given_text", "numbers"),
    [
        ("", ()),
        ("LP00123456789012", ("LP00123456789012",)),
        ("lp00 1234 5678 9012, 4px3001234567890cn", ("LP00123456789012", "4PX3001234567890CN")),
        ("LP00123456789012;UG123456789YP|RB123456785GB", ("LP00123456789012", "UG123456789YP", "RB123456785GB")),
        ("LP00123456789012\n4PX3001234567890CN\n", ("LP00123456789012", "4PX3001234567890CN")),
        ("LP00123456789012，LP00123456789013、LP00123456789014", ("LP00123456789012", "LP00123456789013", "LP00123456789014")),
        ("LP00123456789012, lp00123456789012", ("LP00123456789012",)),  # the same number twice: once
        (" , ;", ()),
    ],
)
def test_other_numbers_are_split_normalised_and_deduplicated(given_text: str, numbers: tuple[str, ...]) -> None:
    assert validate_other_numbers(given_text) == numbers


def test_other_numbers_may_be_given_as_a_list() -> None:
    assert validate_other_numbers(["lp 0012 3456", "4PX300"]) == ("LP00123456", "4PX300")


@pytest.mark.parametrize(
    ("given_text", "fragment"),
    [
        ("RB123456780GB", "expected 5"),  # an S10 number of a country is checked, as for the key
        ("LP0", "use 4 to 40"),
        ("LP00_123", "use 4 to 40"),
        ("EE123456785CN", "the parcel's tracking number"),
    ],
)
def test_a_wrong_other_number_is_refused_naming_the_field(given_text: str, fragment: str) -> None:
    with pytest.raises(ValidationError) as caught:
        validate_other_numbers(given_text, tracking="EE123456785CN")
    assert caught.value.field == "other_numbers"
    assert fragment in caught.value.message


def test_at_most_ten_other_numbers() -> None:
    numbers = [f"LP{n:014d}" for n in range(MAX_OTHER_NUMBERS + 1)]
    assert len(validate_other_numbers(numbers[:-1])) == MAX_OTHER_NUMBERS
    with pytest.raises(ValidationError, match="at most 10 other numbers"):
        validate_other_numbers(numbers)
