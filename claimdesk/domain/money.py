"""Money: CNY as Decimal, rounded half-up to the fen only when shown or stored."""

from __future__ import annotations

from decimal import ROUND_CEILING, ROUND_HALF_UP, Decimal

from claimdesk.domain.errors import ValidationError
from claimdesk.domain.numbers import NumberSyntax, comma_message, number_hint, read_number
from claimdesk.i18n import N_, _

FEN = Decimal("0.01")
ZERO = Decimal("0")
MAX_MONEY = Decimal("100000000")  # 100 million yuan: far above any parcel, catches typos


def quantize(amount: Decimal) -> Decimal:
    return amount.quantize(FEN, rounding=ROUND_HALF_UP)


def money_str(amount: Decimal) -> str:
    """The stored and JSON form: '1200.00'."""
    return str(quantize(amount))


def format_cny(amount: Decimal) -> str:
    """The shown form: '¥1,200.00'."""
    return f"¥{quantize(amount):,.2f}"


def _clean(text: str | Decimal | int) -> str:
    if isinstance(text, Decimal) and text.is_finite():
        return format(text, "f")  # Decimal("1E+3") is 1000, written the way the grammar reads it
    return str(text).strip()


def _read(cleaned: str, text: str | Decimal | int, field: str, format_message: str, negative_message: str, example: str) -> Decimal:
    """read_number with the refusal worded for the field (the messages are N_() marked and
    translated only on a refusal: an import reads 300,000 amounts); every format refusal says
    what is accepted."""
    try:
        return read_number(cleaned)
    except NumberSyntax as error:
        if error.reason == "comma":
            raise ValidationError(field, comma_message(text)) from None
        if error.reason == "negative":
            raise ValidationError(field, _(negative_message).format(text=text)) from None
        shown = str(text)[:40]
        raise ValidationError(field, _(format_message).format(text=shown) + "; " + number_hint(example)) from None


def _decimals(amount: Decimal) -> int:
    exponent = amount.as_tuple().exponent
    return -exponent if isinstance(exponent, int) and exponent < 0 else 0


def parse_money(text: str | Decimal | int, field: str) -> Decimal:
    """A non-negative CNY amount with at most two decimals ('1,200.5' is fine, '-1', '1.234',
    '1_000' or full-width digits are not)."""
    cleaned = _clean(text).removeprefix("¥").strip()
    if not cleaned:
        raise ValidationError(field, _("enter an amount in yuan, e.g. 120.50"))
    amount = _read(cleaned, text, field, N_("not an amount in yuan: {text!r}"), N_("must not be negative (got {text})"), "1,200.50")
    if _decimals(amount) > 2:
        raise ValidationError(field, _("at most 2 decimals, to the fen (got {text})").format(text=text))
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
    weight = _read(cleaned, text, field, N_("not a weight in kg: {text!r}"), N_("must be greater than 0 kg (got {text})"), "0.35")
    if weight <= 0:
        raise ValidationError(field, _("must be greater than 0 kg (got {text})").format(text=text))
    if _decimals(weight) > 3:
        raise ValidationError(field, _("at most 3 decimals, to the gram (got {text})").format(text=text))
    if weight > MAX_WEIGHT_KG:
        raise ValidationError(field, _("{text} kg is more than {limit} kg: check the weight").format(text=text, limit=MAX_WEIGHT_KG))
    return weight


def whole_kilograms(weight: Decimal) -> int:
    """EMS rounds the weight up to a whole kilogram: 0.2 -> 1, 1.0 -> 1, 1.01 -> 2."""
    return int(weight.to_integral_value(rounding=ROUND_CEILING))


# A US dollar rate, yuan per dollar: more than 0, at most this (a guard against a typo such as
# 710 for 7.10 would be a judgement; this only keeps the arithmetic in range).
MAX_USD_RATE = Decimal("1000")


def parse_usd_rate(text: str | Decimal, field: str = "usd_rate") -> Decimal:
    """'7.10' (or '7,10'): the yuan per US dollar that converts a file's US $ amounts (docs/rules.md
    section 6: the record says which rate converted them)."""
    try:
        rate = Decimal(str(text).strip().replace(",", "."))
    except ArithmeticError:
        rate = Decimal(0)
    if not rate.is_finite() or rate <= 0 or rate > MAX_USD_RATE:
        raise ValidationError(field, _("{text!r} is not a rate: give yuan per US dollar, e.g. 7.10").format(text=str(text)[:40]))
    return rate
