"""Text cells as spreadsheets write them, and the damage Excel does to long numbers.

Excel keeps a number as text when it is written `="LP00123"`, or starts with an apostrophe or a
tab; a CSV saved from it keeps those wrappers. It also pads cells with full-width spaces and
zero-width characters pasted from web pages. And a long order number typed into a General
column becomes a float: shown as `8.19437E+15` its digits are gone for good.
"""

from __future__ import annotations

import math
import re
from datetime import date, datetime
from decimal import Decimal

from claimdesk.i18n import _
from claimdesk.importing.cells.errors import CellError, shown

# Zero-width space, joiners, word joiner, byte-order mark: invisible and never meant.
_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff]")
# ="…" (also behind a full-width equals sign, as IME input gives it)
_FORMULA_TEXT = re.compile(r'[=＝]"(.*)"', re.DOTALL)
# Excel's scientific display always writes the exponent's sign: 8.19437E+15, 1E+16, 8,19437E+15.
_SCIENTIFIC = re.compile(r"[0-9]+(?:[.,][0-9]+)?[eE][+-][0-9]{1,3}")
# Above 2**53 a float no longer holds every whole number: its digits are not the ones typed.
_EXACT_FLOAT_LIMIT = 2**53


def _whole_float(value: float) -> str | None:
    """The digits of a float that holds a whole number exactly, else None."""
    if math.isfinite(value) and value.is_integer() and abs(value) < _EXACT_FLOAT_LIMIT:
        return str(int(value))
    return None


def text(value: object) -> str | None:
    """The text of a cell, unwrapped from Excel's ways to keep text; None for a blank cell."""
    if value is None:
        return None
    if isinstance(value, str) and value.isascii():
        # Most CSV cells: no invisible character (all are non-ASCII) and no wrapper to take off.
        cleaned = value.strip()
        if not cleaned.startswith(("=", "'")):
            return cleaned or None
    if isinstance(value, float):
        cleaned = _whole_float(value) or repr(value)
    elif isinstance(value, Decimal):
        cleaned = format(value, "f") if value.is_finite() else str(value)
    elif isinstance(value, (datetime, date)):
        cleaned = value.isoformat()
    else:
        cleaned = str(value)
    cleaned = _INVISIBLE.sub("", cleaned).strip()  # str.strip() also takes U+3000 and U+00A0
    wrapped = _FORMULA_TEXT.fullmatch(cleaned)
    if wrapped:
        cleaned = wrapped.group(1).replace('""', '"').strip()
    if cleaned.startswith("'"):
        cleaned = cleaned[1:].strip()
    return cleaned or None


def damage_message(value: object) -> str:
    return _("Excel turned it into {value} and lost its digits: format the column as Text and export again").format(value=shown(value))


def identifier(value: object) -> str | None:
    """An order or tracking number: text(), refusing what Excel destroyed.

    A whole-number float from a workbook gives back its digits while a float can hold them
    exactly (below 2**53); above that the last digits are not the seller's and it is refused.
    """
    if isinstance(value, bool):
        raise CellError(_("{value} is not an order or tracking number").format(value=value))
    if isinstance(value, float):
        digits = _whole_float(value)
        if digits is not None:
            return digits
        if math.isfinite(value) and value.is_integer():
            raise CellError(damage_message(f"{value:.5E}"))  # how Excel shows it: 8.19437E+15
        raise CellError(_("{value} is not an order or tracking number").format(value=shown(value)))
    if isinstance(value, Decimal) and value.is_finite() and value == value.to_integral_value():
        return str(int(value))
    if isinstance(value, (datetime, date)):
        raise CellError(
            _("Excel turned it into the date {value}: format the column as Text and export again").format(value=value.isoformat())
        )
    cleaned = text(value)
    if cleaned is not None and _SCIENTIFIC.fullmatch(cleaned):
        raise CellError(damage_message(cleaned))
    return cleaned
