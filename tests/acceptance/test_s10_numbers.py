"""RULES 1, UPU S10: weights 8,6,4,2,3,5,9,7; c = 11 - (sum mod 11), 10 -> 0, 11 -> 5; an ISO 3166
country code; input normalised (spaces out, upper case); carriers' own suffixes kept as given."""

from __future__ import annotations

import pytest

from tests.acceptance.conftest import Cli
from tests.cli.helpers import EMS, add_args


def show(cli: Cli, tracking: str) -> dict[str, object]:
    parcel: dict[str, object] = cli.json("parcel", "show", tracking)
    return parcel


def test_a_pasted_number_is_normalised_and_checked(cli: Cli) -> None:
    cli.add(tracking="rb 123 456 785 gb")
    assert show(cli, "RB123456785GB")["tracking"] == "RB123456785GB"
    assert show(cli, "rb123456785gb")["tracking"] == "RB123456785GB"  # any spelling finds it


@pytest.mark.parametrize(
    ("number", "rule"),
    [
        ("EE100000140CN", "sum mod 11 = 1: c = 10 -> 0"),
        ("EE100000025CN", "sum mod 11 = 0: c = 11 -> 5"),
        ("EE123456785CN", "sum 204, mod 11 = 6: c = 5"),
    ],
)
def test_check_digit_edges_are_accepted(cli: Cli, number: str, rule: str) -> None:
    cli.add(tracking=number)
    assert show(cli, number)["service"] == "ems", rule


@pytest.mark.parametrize(
    ("number", "expected"),
    [("EE100000141CN", "expected 0"), ("EE100000020CN", "expected 5"), ("EE123456784CN", "expected 5")],
)
def test_a_wrong_check_digit_is_refused_naming_the_expected_digit(cli: Cli, number: str, expected: str) -> None:
    result = cli.refused(2, *_add(number, "ems"))
    assert expected in result.err and "--tracking" in result.err


def test_an_unknown_country_code_is_refused_for_ems(cli: Cli) -> None:
    result = cli.refused(2, *_add("EE123456785XX", "ems"))
    assert "XX" in result.err and "country" in result.err


def test_yanwen_number_is_a_carrier_number_for_other_services(cli: Cli) -> None:
    for service, number in [("other", "UG123456789YP"), ("special-line", "UG123456788YP"), ("offline", "UG123456787YP")]:
        cli.ok(*_add(number, service))
        assert show(cli, number)["tracking"] == number


def test_yanwen_number_is_refused_for_ems(cli: Cli) -> None:
    cli.refused(2, *_add("UG123456789YP", "ems"))


def test_an_s10_shape_ending_in_a_country_is_checked_whatever_the_service(cli: Cli) -> None:
    result = cli.refused(2, *_add("EE123456784CN", "special-line"))
    assert "expected 5" in result.err
    cli.ok(*_add("EE123456785CN", "special-line"))


def test_the_service_indicator_is_not_checked_against_the_service(cli: Cli) -> None:
    cli.ok(*_add("ZZ123456785CN", "ems"))


def test_an_ems_parcel_needs_an_s10_number(cli: Cli) -> None:
    cli.refused(2, *_add("LP00123456789012", "ems"))


def _add(number: str, service: str) -> list[str]:
    return add_args(tracking=number, service=service)


def test_full_width_input_is_read_as_ascii(cli: Cli) -> None:
    """A Chinese input method types full-width letters, digits and spaces."""
    cli.add(tracking="ｅｅ１２３　４５６　７８５ｃｎ", destination="ＵＳ")
    shown = cli.json("parcel", "show", "ＥＥ１２３４５６７８５ＣＮ")
    assert (shown["tracking"], shown["destination"]) == (EMS, "US")
    refused = cli.refused(
        2, "parcel", "add", "--tracking=ＲＲ１２３４５６７８４ＣＮ", "--service=ems", "--created=2026-03-01T10:00:00+08:00"
    )
    assert "RR123456784CN: check digit is 4, expected 5" in refused.err
