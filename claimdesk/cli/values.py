"""Option values written as sellers write cells: `--weight 350g`, `--shipping-fee ￥23.50`,
`--status 丢失`, `--destination 英国` read as the import reads those cells (importing/cells,
docs/cell-vocabulary.md), so a value copied from an export works on the command line too.

The desk's own form is tried first: what the command line took before reads the same, and a value
that neither reads keeps the desk's refusal, naming the option. A value only the cell vocabulary
reads goes on in the desk's form ('0.35', '23.50', 'lost'), and the desk checks it as it checks a
typed one (at most 2 decimals, the bounds). The vocabulary is imported only then: it loads the
country names, which a plain `0.35` does not need.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import Any

from claimdesk.domain.errors import ValidationError
from claimdesk.i18n import _

MONEY_FIELDS = ("declared_value", "shipping_fee", "inquiry_fee")
WORD_FIELDS = ("status", "service", "item")


def _read(
    text: str | None, desk_reads: Callable[[str], Any], cell_reads: Callable[[str], str | None], *, number: bool = False
) -> str | None:
    """`text` if the desk reads it, else the cell vocabulary's reading in the desk's form; a
    value neither reads raises the desk's refusal. A `number` keeps the command line's ASCII
    digits (as every other number option: `--multiplier`, `--within`, the instants): the import
    folds a file's full-width digits, the command line says "digits 0-9"."""
    if text is None or not text.strip():
        return text
    try:
        desk_reads(text)
        return text
    except ValidationError as refusal:
        if number and any(ch.isdigit() and not ch.isascii() for ch in text):
            raise
        from claimdesk.importing.cells import CellError

        try:
            read = cell_reads(text)
        except CellError:
            raise refusal from None
        if read is None:
            raise refusal from None
        return read


def weight(text: str | None, field: str = "weight") -> str | None:
    """A weight in kg (`0.35`, `0.35kg`), or in grams as files write it (`350g`, `350克`)."""
    from claimdesk.domain.money import parse_weight

    def in_kg(written: str) -> str | None:
        from claimdesk.importing.cells import weight_kg

        kg = weight_kg(written)
        return None if kg is None else format(kg.normalize(), "f")  # '350g' is 0.35 kg, not 0.350

    return _read(text, lambda written: parse_weight(written, field), in_kg, number=True)


def word(kind: str, text: str | None, field: str | None = None) -> str | None:
    """A status, service or item kind (`kind`): the desk's value, or a word the import reads
    (`丢失`, `妥投`, `已签收`, `GTMS_SIGNED`, `无忧物流`, `印刷品`)."""
    from claimdesk.domain.parcels import ItemKind, Service, Status, parse_choice

    enum = {"status": Status, "service": Service, "item": ItemKind}[kind]

    def in_words(written: str) -> str | None:
        from claimdesk.importing import cells

        readers = {"status": cells.status, "service": cells.service, "item": cells.item_kind}
        return readers[kind](written)

    return _read(text, lambda written: parse_choice(enum, written, field or kind), in_words)


def country(text: str | None, field: str = "destination") -> str | None:
    """An ISO 3166 code, or a country's name or alias (`UK`, `United Kingdom`, `英国`)."""
    from claimdesk.domain.tracking import validate_country

    def in_codes(written: str) -> str | None:
        from claimdesk.importing.cells import country as read_country

        return read_country(written)

    return _read(text, lambda written: validate_country(written, field), in_codes)


class Amounts:
    """Amounts in yuan as files write them (`￥23.50`, `23.50元`, `RMB 23.50`); in US dollars
    (`US $18.40`) at `usd_rate`, and `converted` says one was. `rate_flag`: the option that gives
    the rate (None: the command takes yuan only)."""

    def __init__(self, usd_rate: Decimal | None = None, rate_flag: str | None = None) -> None:
        self.usd_rate = usd_rate
        self.rate_flag = rate_flag
        self.converted = False

    def read(self, text: str | None, field: str) -> str | None:
        from claimdesk.domain.money import parse_money

        return _read(text, lambda written: parse_money(written, field), lambda written: self._in_yuan(written, field), number=True)

    def _in_yuan(self, written: str, field: str) -> str | None:
        from claimdesk.domain.money import money_str
        from claimdesk.importing.cells import CellError, money

        try:
            read = money(written, usd_rate=self.usd_rate)
        except CellError as error:
            if self.usd_rate is None and _in_dollars(written):
                if self.rate_flag is None:
                    raise ValidationError(field, _("{value} is in US dollars: enter the amount in yuan").format(value=written)) from None
                raise ValidationError(field, error.message) from None
            raise
        if read is None:
            return None
        if read.rate is None:
            return format(read.amount, "f")  # yuan as written: the desk still refuses a third decimal
        self.converted = True
        return money_str(read.amount)  # dollars times the rate, to the fen, as the import stores them


def _in_dollars(written: str) -> bool:
    from claimdesk.importing.cells import CellError, money

    try:
        read = money(written, usd_rate=Decimal(1))
    except CellError:
        return False
    return read is not None and read.currency == "USD"


def parcel_fields(fields: Mapping[str, Any], amounts: Amounts) -> dict[str, Any]:
    """A parcel's option values (add or set) in the desk's form; with the US dollar rate when
    an amount was converted (the record says which rate)."""
    read = dict(fields)
    if read.get("weight") is not None:
        read["weight"] = weight(read["weight"])
    for name in MONEY_FIELDS:
        if read.get(name) is not None:
            read[name] = amounts.read(read[name], name)
    for name in WORD_FIELDS:
        if read.get(name) is not None:
            read[name] = word(name, read[name])
    if read.get("destination"):
        read["destination"] = country(read["destination"])
    if amounts.converted and amounts.usd_rate is not None:
        read["usd_rate"] = str(amounts.usd_rate)
    return read
