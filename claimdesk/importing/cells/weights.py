"""Weights as spreadsheets write them: kilograms unless the cell says grams."""

from __future__ import annotations

import re
from decimal import Decimal

from claimdesk.domain.money import MAX_WEIGHT_KG
from claimdesk.i18n import _
from claimdesk.importing.cells.errors import CellError, shown
from claimdesk.importing.cells.excel import text
from claimdesk.importing.cells.numbers import NumberSyntax, comma_refusal, folded, number_cell, read_decimal

# unit as written (lower case, no spaces) -> kilograms per unit
UNITS = {
    "": Decimal(1),
    "kg": Decimal(1),
    "kgs": Decimal(1),
    "kilo": Decimal(1),
    "kilos": Decimal(1),
    "千克": Decimal(1),
    "公斤": Decimal(1),
    "g": Decimal("0.001"),
    "gr": Decimal("0.001"),
    "gram": Decimal("0.001"),
    "grams": Decimal("0.001"),
    "克": Decimal("0.001"),
}
_SPLIT = re.compile(r"(?P<sign>-?)\s*(?P<number>[0-9.,]*[0-9])\s*(?P<unit>\D*)")


def weight_kg(value: object, *, decimal_comma: bool = False) -> Decimal | None:
    """A weight in kg, greater than 0; None for a blank cell. A bare number is kilograms."""
    weight = number_cell(value)
    if weight is None:
        cleaned = text(value)
        if cleaned is None:
            return None
        parts = _SPLIT.fullmatch(folded(cleaned))
        if parts is None:
            raise CellError(_("{value} is not a weight: write it like 0.35kg or 350g").format(value=shown(cleaned)))
        unit = parts.group("unit").replace(" ", "").lower()
        if unit not in UNITS:
            raise CellError(_("{value}: {unit} is not kg or g").format(value=shown(cleaned), unit=parts.group("unit").strip()))
        try:
            weight = read_decimal(parts.group("number"), decimal_comma=decimal_comma) * UNITS[unit]
        except NumberSyntax as error:
            if error.reason == "comma":
                raise comma_refusal(cleaned) from None
            raise CellError(_("{value} is not a weight: write it like 0.35kg or 350g").format(value=shown(cleaned))) from None
        if parts.group("sign"):
            weight = -weight
    if weight <= 0:
        raise CellError(_("{value}: a weight must be more than 0 kg").format(value=shown(value)))
    if weight > MAX_WEIGHT_KG:
        raise CellError(_("{value} is more than {limit} kg: check the weight").format(value=shown(value), limit=MAX_WEIGHT_KG))
    return weight
