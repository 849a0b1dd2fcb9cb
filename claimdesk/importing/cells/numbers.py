"""Numbers in cells: the desk's grammar (domain/numbers.py), with the decimal comma of a
European Excel when the file says so, and the number cells a workbook gives."""

from __future__ import annotations

import math
import unicodedata
from decimal import Decimal

from claimdesk.domain.numbers import NumberSyntax, read_number
from claimdesk.i18n import _
from claimdesk.importing.cells.errors import CellError, shown

_SWAP_SEPARATORS = str.maketrans({",": ".", ".": ","})


def folded(cleaned: str) -> str:
    """Full-width digits, signs and spaces (Chinese IMEs type them) as their ASCII forms: NFKC.
    Other scripts' digits stay as they are, and the grammar refuses them."""
    return unicodedata.normalize("NFKC", cleaned).strip()


def read_decimal(cleaned: str, *, decimal_comma: bool) -> Decimal:
    """`cleaned` (no unit, no currency) read as a number; NumberSyntax says why not.
    With `decimal_comma`, '1.200,50' and '23,50' are read as 1200.50 and 23.50."""
    return read_number(cleaned.translate(_SWAP_SEPARATORS) if decimal_comma else cleaned)


def comma_refusal(value: object) -> CellError:
    return CellError(
        _("{value}: a comma that does not group thousands (a decimal comma? read the file with decimal commas)").format(value=shown(value))
    )


def number_cell(value: object) -> Decimal | None:
    """The exact value of a number cell (int, float, Decimal); None for anything else.

    A float becomes the decimal it was written as (repr: 23.5, not 23.499999…). NaN and
    infinities, and True/False, are not numbers a seller wrote."""
    if isinstance(value, bool):
        raise CellError(_("{value} is not a number").format(value=value))
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise CellError(_("{value} is not a number").format(value=value))
        return Decimal(repr(value))
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise CellError(_("{value} is not a number").format(value=value))
        return value
    return None


__all__ = ["NumberSyntax", "comma_refusal", "folded", "number_cell", "read_decimal"]
