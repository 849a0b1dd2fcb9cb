"""Tracking numbers and the UPU S10 check (EMS / China Post: 'EE123456785CN')."""

from __future__ import annotations

import re
from collections.abc import Iterable
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


# A Chinese input method types full-width forms ('ＥＥ１２３…'): U+FF01..U+FF5E are ASCII + 0xFEE0.
_FULL_WIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}


def normalise(text: str) -> str:
    """Sellers paste 'rb 123 456 785 gb' or type 'ＥＥ１２３ ...': drop all white space, read
    full-width letters and digits as ASCII, upper-case the letters."""
    return "".join(str(text).translate(_FULL_WIDTH).split()).upper()


def s10_check_digit(serial: str) -> int:
    """Weights 8,6,4,2,3,5,9,7; c = 11 - (sum mod 11); 10 -> 0, 11 -> 5."""
    total = sum(int(digit) * weight for digit, weight in zip(serial, S10_WEIGHTS, strict=True))
    check = 11 - total % 11
    return {10: 0, 11: 5}.get(check, check)


def is_s10_shaped(number: str) -> bool:
    return bool(S10_SHAPE.match(number))


def check_digit_problem(number: str) -> str | None:
    """Why an S10-shaped number's check digit is wrong (naming the expected digit), or None."""
    given, expected = int(number[10]), s10_check_digit(number[2:10])
    if given == expected:
        return None
    return _("{number}: check digit is {given}, expected {expected} (UPU S10 check)").format(number=number, given=given, expected=expected)


def validate_s10(number: str, field: str = "tracking") -> str:
    """An S10-shaped number checked as UPU S10: its check digit, then its ISO 3166 country."""
    problem = check_digit_problem(number)
    if problem is not None:
        raise ValidationError(field, problem)
    country = number[11:]
    if country not in iso_countries():
        raise ValidationError(field, _("{number}: unknown country code {country!r} (ISO 3166-1)").format(number=number, country=country))
    return number


def is_carrier_s10(number: str) -> bool:
    """The S10 shape ending in letters that are not an ISO 3166 code (Yanwen's UG123456789YP, a
    forwarder's own suffix): a carrier's own number, not a UPU one, so not S10-checked."""
    return is_s10_shaped(number) and number[11:] not in iso_countries()


def validate_tracking(text: str, service: str, field: str = "tracking") -> str:
    """The normalised number, or ValidationError naming what is wrong (docs/rules.md section 1).

    An `ems` parcel must have a valid S10 number. For any other service, a number of the S10
    shape that ends in an ISO 3166 code is checked the same way; one ending in other letters is
    a carrier's number, and every other number need only look like a tracking number: both are
    kept as given (normalised).
    """
    number = normalise(text)
    if not number:
        raise ValidationError(field, _("enter the tracking number"))
    if is_s10_shaped(number) and (service == "ems" or not is_carrier_s10(number)):
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
        raise ValidationError(field, _("{number!r}: use 4 to 40 letters, digits or '-' for a tracking number").format(number=number[:40]))
    return number


# Between a parcel's other numbers in one text (a CSV cell, a form field): not white space,
# which normalise() removes inside a number ('LP 0012 3456').
OTHER_NUMBER_SEPARATORS = re.compile(r"[,;|\n，；、]+")
MAX_OTHER_NUMBERS = 10


def validate_other_numbers(numbers: Iterable[str] | str, tracking: str = "", field: str = "other_numbers") -> tuple[str, ...]:
    """A parcel's other numbers (the Cainiao LP00... code, the first-mile or last-mile number),
    normalised, each checked as a non-EMS tracking number is, in the order given, repeats
    dropped. A text is split at commas, semicolons, '|' or new lines. Refused: the parcel's own
    tracking number among them, more than MAX_OTHER_NUMBERS."""
    pieces = OTHER_NUMBER_SEPARATORS.split(numbers) if isinstance(numbers, str) else list(numbers)
    found: list[str] = []
    for piece in pieces:
        if not normalise(piece):
            continue
        number = validate_tracking(piece, "other", field)
        if number == tracking:
            raise ValidationError(field, _("{number} is the parcel's tracking number").format(number=number))
        if number not in found:
            found.append(number)
    if len(found) > MAX_OTHER_NUMBERS:
        raise ValidationError(field, _("at most {limit} other numbers (got {count})").format(limit=MAX_OTHER_NUMBERS, count=len(found)))
    return tuple(found)


def validate_country(text: str, field: str = "destination") -> str:
    code = normalise(text)
    if code not in iso_countries():
        raise ValidationError(field, _("unknown country code {code!r} (ISO 3166-1 alpha-2, e.g. US)").format(code=str(text)[:20]))
    return code
