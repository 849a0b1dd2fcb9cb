"""Tracking numbers and the UPU S10 check (EMS / China Post: 'EE123456785CN')."""

from __future__ import annotations

import re
from functools import cache

from claimdesk.domain.errors import ValidationError
from claimdesk.i18n import _

S10_SHAPE = re.compile(r"^[A-Z]{2}[0-9]{9}[A-Z]{2}$")  # ASCII digits only, not any Unicode \d
_OTHER_SHAPE = re.compile(r"^[A-Z0-9][A-Z0-9-]{3,39}$")
S10_WEIGHTS = (8, 6, 4, 2, 3, 5, 9, 7)


@cache
def iso_countries() -> frozenset[str]:
    """ISO 3166-1 alpha-2 codes from pycountry (imported late: it loads a JSON database)."""
    import pycountry

    return frozenset(country.alpha_2 for country in pycountry.countries)


def normalise(text: str) -> str:
    """Sellers paste 'rb 123 456 785 gb': drop all white space, upper-case the letters."""
    return "".join(str(text).split()).upper()


def s10_check_digit(serial: str) -> int:
    """Weights 8,6,4,2,3,5,9,7; c = 11 - (sum mod 11); 10 -> 0, 11 -> 5."""
    total = sum(int(digit) * weight for digit, weight in zip(serial, S10_WEIGHTS, strict=True))
    check = 11 - total % 11
    return {10: 0, 11: 5}.get(check, check)


def is_s10_shaped(number: str) -> bool:
    return bool(S10_SHAPE.match(number))


def validate_s10(number: str, field: str = "tracking") -> str:
    serial, given, country = number[2:10], int(number[10]), number[11:]
    expected = s10_check_digit(serial)
    if given != expected:
        raise ValidationError(
            field,
            _("{number}: check digit is {given}, expected {expected} (UPU S10 check)").format(
                number=number, given=given, expected=expected
            ),
        )
    if country not in iso_countries():
        raise ValidationError(field, _("{number}: unknown country code {country!r} (ISO 3166-1)").format(number=number, country=country))
    return number


def validate_tracking(text: str, service: str, field: str = "tracking") -> str:
    """The normalised number, or ValidationError naming what is wrong.

    An `ems` parcel must have an S10 number; any other number with the S10 shape is checked
    the same way; other numbers need only look like a tracking number.
    """
    number = normalise(text)
    if not number:
        raise ValidationError(field, _("enter the tracking number"))
    if is_s10_shaped(number):
        return validate_s10(number, field)
    if service == "ems":
        raise ValidationError(
            field,
            _(
                "{number}: an EMS number must be UPU S10: 2 letters, 8 digits, a check digit "
                "and a 2-letter country code, e.g. EE123456785CN"
            ).format(number=number[:40]),
        )
    if not _OTHER_SHAPE.match(number):
        raise ValidationError(
            field, _("{number!r}: use 4 to 40 letters, digits or '-' for a tracking number").format(number=number[:40])
        )
    return number


def validate_country(text: str, field: str = "destination") -> str:
    code = normalise(text)
    if code not in iso_countries():
        raise ValidationError(field, _("unknown country code {code!r} (ISO 3166-1 alpha-2, e.g. US)").format(code=str(text)[:20]))
    return code
