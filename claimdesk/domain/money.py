"""Money: CNY as Decimal, rounded half-up to the fen only when shown or stored."""

from __future__ import annotations

import re
from decimal import ROUND_CEILING, ROUND_HALF_UP, Decimal, InvalidOperation

from claimdesk.domain.errors import ValidationError
from claimdesk.i18n import _

FEN = Decimal("0.01")
ZERO = Decimal("0")
MAX_MONEY = Decimal("100000000")  # 100 million yuan: far above any parcel, catches typos
_MONEY = re.compile(r"^\d+(\.\d{1,2})?$")
_NUMBER = re.compile(r"^\d+(\.\d+)?$")
# A comma only groups thousands ('1,200.50'); '12,50' is a decimal comma, not 1250.
_THOUSANDS = re.compile(r"^\d{1,3}(,\d{3})+(\.\d+)?$")


def quantize(amount: Decimal) -> Decimal:
    return amount.quantize(FEN, rounding=ROUND_HALF_UP)


def money_str(amount: Decimal) -> str:
    """The stored and JSON form: '1200.00'."""
    return str(quantize(amount))


def format_cny(amount: Decimal) -> str:
    """The shown form: '¥1,200.00'."""
    return f"¥{quantize(amount):,.2f}"


def _clean(text: str | Decimal | int) -> str:
    return str(text).strip().replace("_", "")


def _drop_thousands(cleaned: str, text: str | Decimal | int, field: str) -> str:
    if "," not in cleaned:
        return cleaned
    if not _THOUSANDS.match(cleaned):
        raise ValidationError(field, _("use '.' for decimals; ',' only between thousands (got {text})").format(text=text))
    return cleaned.replace(",", "")


def parse_money(text: str | Decimal | int, field: str) -> Decimal:
    """A non-negative CNY amount with at most two decimals ('1,200.5' is fine, '-1' or '1.234' are not)."""
    cleaned = _clean(text).removeprefix("¥")
    if not cleaned:
        raise ValidationError(field, _("enter an amount in yuan, e.g. 120.50"))
    if cleaned.startswith("-"):
        raise ValidationError(field, _("must not be negative (got {text})").format(text=text))
    cleaned = _drop_thousands(cleaned, text, field)
    if not _MONEY.match(cleaned):
        if _NUMBER.match(cleaned):
            raise ValidationError(field, _("at most 2 decimals, to the fen (got {text})").format(text=text))
        raise ValidationError(field, _("not an amount in yuan: {text!r}").format(text=text))
    amount = Decimal(cleaned)
    if amount > MAX_MONEY:
        raise ValidationError(field, _("{text} is more than {limit}: check the amount").format(text=text, limit=format_cny(MAX_MONEY)))
    return amount


def parse_optional_money(text: str | Decimal | int | None, field: str) -> Decimal | None:
    if text is None or _clean(text) == "":
        return None
    return parse_money(text, field)


MAX_WEIGHT_KG = Decimal("1000")


def parse_weight(text: str | Decimal | int, field: str = "weight") -> Decimal:
    """Weight in kg: greater than 0, at most 3 decimals (grams)."""
    cleaned = _clean(text).lower().removesuffix("kg").strip()
    if not cleaned:
        raise ValidationError(field, _("enter the weight in kg, e.g. 0.35"))
    if cleaned.startswith("-"):
        raise ValidationError(field, _("must be greater than 0 kg (got {text})").format(text=text))
    cleaned = _drop_thousands(cleaned, text, field)
    if not _NUMBER.match(cleaned):
        raise ValidationError(field, _("not a weight in kg: {text!r}").format(text=text))
    try:
        weight = Decimal(cleaned)
    except InvalidOperation:  # pragma: no cover - the pattern already excludes this
        raise ValidationError(field, _("not a weight in kg: {text!r}").format(text=text)) from None
    if weight <= 0:
        raise ValidationError(field, _("must be greater than 0 kg (got {text})").format(text=text))
    if weight.as_tuple().exponent < -3:  # type: ignore[operator]
        raise ValidationError(field, _("at most 3 decimals, to the gram (got {text})").format(text=text))
    if weight > MAX_WEIGHT_KG:
        raise ValidationError(field, _("{text} kg is more than {limit} kg: check the weight").format(text=text, limit=MAX_WEIGHT_KG))
    return weight


def whole_kilograms(weight: Decimal) -> int:
    """EMS rounds the weight up to a whole kilogram: 0.2 -> 1, 1.0 -> 1, 1.01 -> 2."""
    return int(weight.to_integral_value(rounding=ROUND_CEILING))
