"""Numbers as sellers type them: ASCII digits, an optional decimal point, thousands commas.

Python's own readers accept more than a seller means: int() and Decimal() take underscores
('1_000'), full-width ('１０') and Arabic-Indic ('٣') digits, signs, exponents, NaN and
Infinity, and the regex class \\d matches every Unicode digit. Every number the desk reads
from text goes through this grammar instead: digits 0-9, optionally a '.' with digits after
it, optionally commas between groups of three digits before the point ('1,200.50').
"""

from __future__ import annotations

import re
from decimal import Decimal

from claimdesk.domain.errors import ValidationError
from claimdesk.i18n import _

# Explicit classes, never \d (which is any Unicode digit); fullmatch, never '$' (which also
# matches before a trailing newline).
_PLAIN = re.compile(r"[0-9]+(?:\.[0-9]+)?")
_GROUPED = re.compile(r"[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?")
_WHOLE = re.compile(r"[0-9]+")
_WHOLE_GROUPED = re.compile(r"[0-9]{1,3}(?:,[0-9]{3})+")
MAX_WHOLE_DIGITS = 15  # int() refuses more than 4,300 digits with its own error; no setting needs 16


class NumberSyntax(ValueError):
    """Text that is not a number in the desk's grammar. `reason` says how:
    'comma' (a comma that does not group thousands: '12,50' is a decimal comma, not 1250),
    'negative' (a minus sign before an otherwise good number above zero), 'format' (anything else)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def number_hint(example: str = "1,200.50") -> str:
    """What the desk accepts, for every refusal of a number."""
    return _("use digits 0-9 with an optional decimal point, e.g. {example}").format(example=example)


def read_number(cleaned: str) -> Decimal:
    """The value of `cleaned` (already stripped of white space and any unit), or NumberSyntax."""
    if _PLAIN.fullmatch(cleaned):
        return Decimal(cleaned)
    if _GROUPED.fullmatch(cleaned):
        return Decimal(cleaned.replace(",", ""))
    if "," in cleaned and _PLAIN.fullmatch(cleaned.replace(",", "")):
        raise NumberSyntax("comma")
    if cleaned.startswith("-"):
        try:
            value = read_number(cleaned[1:])
        except NumberSyntax:
            pass
        else:
            if value > 0:  # '-0' is not negative: it is simply not how the desk writes zero
                raise NumberSyntax("negative")
    raise NumberSyntax("format")


def plain_number(cleaned: str) -> Decimal | None:
    """`cleaned` read when it is only digits with an optional decimal point ('1142.85', the
    common cell), else None (read_number says what it is)."""
    return Decimal(cleaned) if _PLAIN.fullmatch(cleaned) else None


def comma_message(text: object) -> str:
    return _("use '.' for decimals; ',' only between thousands (got {text})").format(text=text)


def parse_decimal(text: str | Decimal | int, field: str, *, example: str = "2.5") -> Decimal:
    """A non-negative number (a multiplier, a rate): the grammar above, nothing else."""
    cleaned = str(text).strip()
    try:
        return read_number(cleaned)
    except NumberSyntax as error:
        if error.reason == "comma":
            raise ValidationError(field, comma_message(text)) from None
        raise ValidationError(field, _("not a number: {text!r}; {hint}").format(text=str(text)[:40], hint=number_hint(example))) from None


def parse_whole(text: str | int, field: str, *, example: str = "10") -> int:
    """A whole number of days, hours or parcels: digits 0-9, optionally grouped ('1,000')."""
    cleaned = str(text).strip()
    if not (_WHOLE.fullmatch(cleaned) or _WHOLE_GROUPED.fullmatch(cleaned)):
        raise ValidationError(
            field,
            _("a whole number, not {text!r}; use digits 0-9, e.g. {example}").format(text=str(text)[:40], example=example),
        )
    digits = cleaned.replace(",", "")
    if len(digits.lstrip("0")) > MAX_WHOLE_DIGITS:
        raise ValidationError(field, _("{text} is too large").format(text=str(text)[:40]))
    return int(digits)
