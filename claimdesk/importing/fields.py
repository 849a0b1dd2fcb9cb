"""One row of a seller's file as the desk's fields: each placed cell read by the cell vocabulary
(importing.cells: dates, money, weights, countries, status words...), then written in the
desk's own form (ISO instants, '23.50') for parcel_from_fields, which checks the parcel."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from claimdesk.domain.errors import ValidationError
from claimdesk.domain.instants import iso
from claimdesk.domain.money import money_str
from claimdesk.importing import cells
from claimdesk.importing.memo import Memo
from claimdesk.importing.profiles import CARRIER_AND_TRACKING, OTHER_NUMBERS, SHIPPED_AT, ProfileMatch

MONEY_FIELDS = ("declared_value", "shipping_fee", "inquiry_fee")
INSTANT_FIELDS = ("created_at", "collected_at", "last_tracking_at", SHIPPED_AT)
_SEVERAL = re.compile(r"[\s,;，；/|]+")
_CARRIER_SPLIT = re.compile(r"[:：]")


@dataclass(frozen=True)
class ReadOptions:
    """How cells are read: the seller's day/month order, the US dollar rate, decimal commas."""

    date_order: str | None = None
    usd_rate: Decimal | None = None
    decimal_comma: bool = False


def _numbers(value: Any) -> list[str]:
    if isinstance(value, float):
        number = cells.identifier(value)
        return [number] if number else []
    text = cells.text(value)
    if text is None:
        return []
    return [number for part in _SEVERAL.split(text) if (number := cells.identifier(part))]


def _carrier_and_tracking(value: Any) -> tuple[str | None, str | None, list[str]]:
    """'AliExpress Standard Shipping:LP00123456789012' -> carrier, number; more shipments in
    the cell (one per line) give the parcel's other numbers."""
    text = cells.text(value)
    if text is None:
        return None, None, []
    carrier: str | None = None
    numbers: list[str] = []
    for entry in filter(None, (part.strip() for part in re.split(r"[\r\n]+", text))):
        parts = _CARRIER_SPLIT.split(entry)
        if len(parts) > 1 and carrier is None:
            carrier = ":".join(parts[:-1]).strip() or None
        numbers += _numbers(parts[-1])
    return carrier, (numbers[0] if numbers else None), numbers[1:]


class RowReader:
    """Reads the rows of one file with one profile match; a row's every bad cell is reported."""

    def __init__(self, found: ProfileMatch, options: ReadOptions) -> None:
        self.found = found
        self.options = options
        self._converted = False  # a money cell of the row being read was in US dollars
        words = found.profile.words
        # Every column but the numbers (unique to a row) remembers its readings: see memo.py.
        self._readers: dict[str, Callable[[Any], str | None]] = {
            "tracking": cells.identifier,
            "order": cells.identifier,
            "carrier": Memo(cells.text),
            "destination": Memo(cells.country),
            "service": Memo(lambda value: cells.service(value, words.get("service", {}))),
            "status": Memo(lambda value: cells.status(value, words.get("status", {}))),
            "item": Memo(lambda value: cells.item_kind(value, words.get("item", {}))),
            "weight": Memo(self._weight),
            **{name: self._money_of(Memo(self._money)) for name in MONEY_FIELDS},
            **{name: Memo(self._instant) for name in INSTANT_FIELDS},
        }
        # (cell index, field, its reader): None for the two columns read into several fields
        several = (OTHER_NUMBERS, CARRIER_AND_TRACKING)
        self._columns = [(index, name, None if name in several else self._readers[name]) for index, name in found.placed.items()]

    def _weight(self, value: Any) -> str | None:
        weight = cells.weight_kg(value, decimal_comma=self.options.decimal_comma)
        return None if weight is None else format(weight.normalize(), "f")  # '350g' is 0.35 kg, not 0.350

    def _money(self, value: Any) -> tuple[str | None, bool]:
        """The amount as the desk writes it, and whether it was converted from US dollars."""
        money = cells.money(value, usd_rate=self.options.usd_rate, decimal_comma=self.options.decimal_comma)
        if money is None:
            return None, False
        return money_str(money.amount), money.rate is not None

    def _money_of(self, read: Callable[[Any], tuple[str | None, bool]]) -> Callable[[Any], str | None]:
        def amount(value: Any) -> str | None:
            written, converted = read(value)
            if converted:
                self._converted = True
            return written

        return amount

    def _instant(self, value: Any) -> str | None:
        at = cells.instant(value, date_order=self.options.date_order)
        return None if at is None else iso(at)

    def read(self, row: Sequence[Any]) -> tuple[dict[str, str], list[ValidationError]]:
        """The desk fields of a row (only those with a value), and an error for every bad cell."""
        fields: dict[str, str] = {}
        others: list[str] = []
        errors: list[ValidationError] = []
        split_carrier: str | None = None
        self._converted = False
        width = len(row)
        for index, name, reader in self._columns:
            value = row[index] if index < width else None
            try:
                if reader is not None:
                    read = reader(value)
                    if read is not None:
                        fields[name] = read
                elif name == OTHER_NUMBERS:
                    others += _numbers(value)
                else:
                    split_carrier, number, more = _carrier_and_tracking(value)
                    if number:
                        fields["tracking"] = number
                    others += more
            except cells.CellError as error:
                errors.append(ValidationError(name, error.message))
        if self._converted and self.options.usd_rate is not None:
            fields["usd_rate"] = str(self.options.usd_rate)  # the record says which rate converted it
        if split_carrier:
            fields["carrier"] = split_carrier  # the carrier that shipped beats the one the buyer chose
        shipped = fields.pop(SHIPPED_AT, None)
        if shipped and "created_at" not in fields:
            fields["created_at"] = shipped
        for name, value in self.found.profile.defaults.items():
            fields.setdefault(name, value)
        if "service" not in fields and "service" not in self.found.fields:
            service = self._service_of(fields.get("carrier"))
            if service:
                fields["service"] = service
        if others:
            seen = dict.fromkeys(number for number in others if number != fields.get("tracking"))
            fields[OTHER_NUMBERS] = ", ".join(seen)  # as parcel_to_fields writes them (domain.tracking splits there)
        return fields, errors

    def _service_of(self, carrier: str | None) -> str | None:
        """An export with no service column: the carrier's name tells it when the vocabulary knows
        it, else the profile's default."""
        profile = self.found.profile
        if carrier:
            try:
                return cells.service(carrier, profile.words.get("service", {}))
            except cells.CellError:
                pass
        return profile.service_default


def blank(row: Sequence[Any]) -> bool:
    return not any(cell is not None and str(cell).strip() for cell in row)
