"""Amounts as spreadsheets write them: yuan in every spelling, US dollars at the seller's rate.

A cell is a currency mark, a number and perhaps another mark (`¥23.50`, `23.50元`, `US $18.40`,
`18.40 USD`). The marks are read from two small tables rather than a price parser: parsers such
as price-parser guess whether `1,200` is 1.2 or 1200, and docs/rules.md section 6 says numbers in a
file are read with the separators the file declares, never guessed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

from claimdesk.domain.money import MAX_MONEY, format_cny
from claimdesk.domain.numbers import plain_number
from claimdesk.i18n import _
from claimdesk.importing.cells.errors import CellError, shown
from claimdesk.importing.cells.excel import text
from claimdesk.importing.cells.numbers import NumberSyntax, comma_refusal, folded, number_cell, read_decimal

Currency = Literal["CNY", "USD"]

# The marks as written, upper-cased with spaces removed, after NFKC (which turns the full-width
# ￥ of GBK into ¥ and the full-width $ into $).
YUAN_MARKS = frozenset({"¥", "RMB", "CNY", "元", "人民币", "CN¥", "RMB¥", "圆"})
DOLLAR_MARKS = frozenset({"$", "US$", "USD", "USD$", "US", "美元", "美金"})

# Where the number is: from its first digit (or the point before it) to its last digit.
_NUMBER = re.compile(r"[.,]?[0-9](?:.*[0-9])?", re.DOTALL)


@dataclass(frozen=True)
class Money:
    """An amount read from a cell, in yuan.

    `amount` is exact (US dollars times the rate, not rounded: round with
    domain.money.quantize when storing); `currency` is what the cell was written in; `rate` the
    yuan per US dollar that converted it (None for yuan); `usd` the dollars as written."""

    amount: Decimal
    currency: Currency
    rate: Decimal | None
    usd: Decimal | None = None


def _currency(mark: str, value: str) -> Currency | None:
    key = mark.replace(" ", "").upper()
    if not key:
        return None
    if key in YUAN_MARKS:
        return "CNY"
    if key in DOLLAR_MARKS:
        return "USD"
    raise CellError(_("{value}: {mark} is not yuan or US dollars").format(value=shown(value), mark=mark.strip()))


def _read(value: object, decimal_comma: bool) -> tuple[Decimal, Currency] | None:
    """(number, currency written) of a cell; None for a blank one."""
    number = number_cell(value)
    if number is not None:
        return number, "CNY"
    cleaned = text(value)
    if cleaned is None:
        return None
    if not decimal_comma:
        plain = plain_number(cleaned)  # '93.86': no mark, no grouping, read as below would
        if plain is not None:
            return plain, "CNY"
    written = folded(cleaned)
    found = _NUMBER.search(written)
    if found is None:
        raise CellError(_("{value} is not an amount").format(value=shown(cleaned)))
    before, digits, after = written[: found.start()], found.group(), written[found.end() :]
    negative = before.rstrip().endswith("-") or before.lstrip().startswith("-")
    if negative:
        raise CellError(_("{value}: an amount must not be negative").format(value=shown(cleaned)))
    marks = {mark for mark in (_currency(before, cleaned), _currency(after, cleaned)) if mark}
    if len(marks) > 1:
        raise CellError(_("{value}: both yuan and US dollars").format(value=shown(cleaned)))
    try:
        number = read_decimal(digits, decimal_comma=decimal_comma)
    except NumberSyntax as error:
        if error.reason == "comma":
            raise comma_refusal(cleaned) from None
        raise CellError(_("{value} is not an amount: write it like 1,200.50 or ¥23.50").format(value=shown(cleaned))) from None
    return number, marks.pop() if marks else "CNY"


def money(value: object, *, usd_rate: Decimal | None = None, decimal_comma: bool = False) -> Money | None:
    """The amount in a cell, in yuan; None for a blank cell. US dollars need `usd_rate`."""
    read = _read(value, decimal_comma)
    if read is None:
        return None
    number, currency = read
    if number < 0:
        raise CellError(_("{value}: an amount must not be negative").format(value=shown(value)))
    if currency == "CNY":
        amount, rate, usd = number, None, None
    else:
        if usd_rate is None:
            raise CellError(
                _("{value} is in US dollars: pass --usd-rate with the yuan per dollar, e.g. --usd-rate 7.10").format(value=shown(value))
            )
        if not usd_rate.is_finite() or usd_rate <= 0:
            raise ValueError(f"usd_rate must be a positive number, not {usd_rate}")
        amount, rate, usd = number * usd_rate, usd_rate, number
    if amount > MAX_MONEY:
        raise CellError(_("{value} is more than {limit}: check the amount").format(value=shown(value), limit=format_cny(MAX_MONEY)))
    return Money(amount, currency, rate, usd)
