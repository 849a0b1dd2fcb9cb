"""The compensation calculator (docs/rules.md section 4).

The result is an amount, the rule lines that produced it (they add up to the amount), notes
for the seller, and the shortfall: the goods' value at stake minus what the rules pay for the
goods (refunded postage and inquiry fees excluded), never below 0.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from claimdesk.domain.complaint_types import TYPE_FOR_STATUS, TYPE_SPECS, ComplaintType, Incident
from claimdesk.domain.errors import ValidationError
from claimdesk.domain.money import ZERO, format_cny, quantize, whole_kilograms
from claimdesk.domain.parcels import ItemKind, Parcel, Service, missing_fields
from claimdesk.domain.settings import Settings
from claimdesk.i18n import N_, _
from claimdesk.labels import label

EMS_PER_PIECE = Decimal("400")
EMS_CAP_BASE = Decimal("500")
EMS_CAP_PER_KG = Decimal("60")
EMS_DELAY_REFUND = Decimal("0.5")
SPECIAL_LINE_RANGE = (Decimal("2"), Decimal("3"))
CONTACT_CARRIER = N_("No platform rule: contact the third-party logistics company; record a negotiated amount by hand.")


# The calculator's incident for each goods or timeliness complaint type (its TypeSpec's; fee and
# other complaints have no goods compensation rule).
INCIDENT_FOR_TYPE = {ctype: spec.incident for ctype, spec in TYPE_SPECS.items() if spec.incident is not None}


def incident_for(ctype: ComplaintType) -> Incident | None:
    return INCIDENT_FOR_TYPE.get(ctype)


def default_incident(parcel: Parcel) -> Incident:
    """The incident the parcel's status suggests; loss when the status suggests none."""
    ctype = TYPE_FOR_STATUS.get(parcel.status, ComplaintType.LOSS)
    return INCIDENT_FOR_TYPE.get(ctype, Incident.LOSS)


def needs_actual_loss(incident: Incident, item: ItemKind) -> bool:
    """Damage or partial loss of declared goods is paid on the actual loss, which only the
    seller knows: there is no figure until it is entered."""
    return item is ItemKind.DECLARED and incident in (Incident.DAMAGE, Incident.PARTIAL_LOSS)


def asks_actual_loss(incident: Incident, item: ItemKind) -> bool:
    """The actual loss counts (for the amount or the shortfall): goods, not documents, damaged
    or partly lost."""
    return item is not ItemKind.DOCUMENT and incident in (Incident.DAMAGE, Incident.PARTIAL_LOSS)


@dataclass(frozen=True, slots=True)
class CompensationInput:
    service: Service
    incident: Incident
    item: ItemKind
    weight: Decimal
    shipping_fee: Decimal
    declared_value: Decimal | None = None
    actual_loss: Decimal | None = None
    inquiry_fee: Decimal | None = None
    multiplier: Decimal = Decimal("2")  # special line: M x freight
    # The declared value stands in for an actual loss not entered yet: the rule line says so.
    loss_assumed: bool = False


@dataclass(frozen=True, slots=True)
class RuleLine:
    rule: str
    amount: Decimal


@dataclass(frozen=True, slots=True)
class Compensation:
    amount: Decimal
    shortfall: Decimal
    lines: tuple[RuleLine, ...]
    notes: tuple[str, ...] = ()
    # Special line: the figure at each multiplier of the usual 2x-3x range, for comparison.
    range: tuple[tuple[Decimal, Decimal], ...] = ()
    goods_paid: Decimal = ZERO
    value_at_stake: Decimal | None = None


def _value_at_stake(given: CompensationInput) -> Decimal | None:
    """Declared value on a total loss; actual loss on partial loss or damage; None if unknown."""
    if given.incident is Incident.DELAY or given.item is ItemKind.DOCUMENT:
        return None
    if given.incident is Incident.LOSS:
        if given.item is ItemKind.DECLARED:
            return given.declared_value
        return given.actual_loss
    return given.actual_loss


def _require_value(given: CompensationInput) -> Decimal:
    if given.incident is Incident.LOSS and given.item is ItemKind.DECLARED:
        if given.declared_value is None:
            raise ValidationError("declared_value", _("a lost declared item needs its declared value"))
        return given.declared_value
    if given.actual_loss is None:  # needs_actual_loss(given.incident, given.item)
        raise ValidationError(
            "actual_loss", _("enter the actual loss for {incident} of declared goods").format(incident=label("incident", given.incident))
        )
    return given.actual_loss


def _result(lines: list[RuleLine], stake: Decimal | None, goods_paid: Decimal, **extra: object) -> Compensation:
    lines = [RuleLine(line.rule, quantize(line.amount)) for line in lines]
    amount = sum((line.amount for line in lines), ZERO)
    # Every figure to the fen, and the shortfall from the goods paid as shown (2.5 x 0.01 pays
    # 0.03, not 0.025), so value = paid + shortfall; max(0, x) alone keeps a bare Decimal('0').
    goods_paid = quantize(goods_paid)
    shortfall = quantize(max(ZERO, stake - goods_paid)) if stake is not None else quantize(ZERO)
    return Compensation(
        amount=quantize(amount),
        shortfall=shortfall,
        lines=tuple(lines),
        goods_paid=goods_paid,
        value_at_stake=quantize(stake) if stake is not None else None,
        **extra,  # type: ignore[arg-type]
    )


def _basis(given: CompensationInput) -> str:
    """What the goods' figure is: the declared value (total loss), the actual loss, or the
    declared value standing in for an actual loss not entered yet."""
    if given.incident is Incident.LOSS and given.item is ItemKind.DECLARED:
        return _("declared value")
    if given.loss_assumed:
        return _("actual loss not entered: at most the declared value")
    return _("actual loss")


def _ems(given: CompensationInput) -> Compensation:
    if given.incident is Incident.DELAY:
        refund = given.shipping_fee * EMS_DELAY_REFUND
        line = RuleLine(
            _("EMS rule 1: delay refunds {percent} of the shipping fee {fee}").format(percent="50%", fee=format_cny(given.shipping_fee)),
            refund,
        )
        return _result([line], None, ZERO)
    stake = _value_at_stake(given)
    if given.item is ItemKind.DOCUMENT:
        goods = RuleLine(
            _("EMS rule 2: documents {incident}: 400 per piece").format(incident=label("incident", given.incident)),
            EMS_PER_PIECE,
        )
    elif given.item is ItemKind.UNDECLARED:
        goods = RuleLine(
            _("EMS rule 3: undeclared items {incident}: 400 per piece").format(incident=label("incident", given.incident)),
            EMS_PER_PIECE,
        )
    else:
        value = _require_value(given)
        kg = whole_kilograms(given.weight)
        cap = EMS_CAP_BASE + EMS_CAP_PER_KG * kg
        basis = _basis(given)
        paid = min(value, cap)
        capped = _("capped at") if value > cap else _("within the cap")
        goods = RuleLine(
            _("EMS rule 4: {basis} {value}, {capped} 500 + 60 × {kg} kg = {cap}").format(
                basis=basis, value=format_cny(value), capped=capped, kg=kg, cap=format_cny(cap)
            ),
            paid,
        )
        stake = value
    lines = [goods, RuleLine(_("EMS rule 5: postage refunded"), given.shipping_fee)]
    if given.inquiry_fee:
        lines.append(RuleLine(_("EMS rule 5: special inquiry fee refunded"), given.inquiry_fee))
    return _result(lines, stake, goods.amount)


def _special_line_pay(value: Decimal, fee: Decimal, multiplier: Decimal) -> Decimal:
    return min(value, fee * multiplier)


def _special_line(given: CompensationInput) -> Compensation:
    if given.incident is Incident.DELAY:
        line = RuleLine(_("Special line delay: no platform rule"), ZERO)
        return _result([line], None, ZERO, notes=(_("Check the carrier's own terms for delays."),))
    stake = _require_value(given) if given.item is ItemKind.DECLARED else _value_at_stake(given)
    if stake is None:
        line = RuleLine(
            _("Special line: no value to compensate for documents")
            if given.item is ItemKind.DOCUMENT
            else _("Special line: no value to compensate for undeclared items without an actual loss"),
            ZERO,
        )
        return _result([line], None, ZERO, notes=(_("Enter the actual loss, or check the carrier's terms."),))
    m = given.multiplier
    paid = _special_line_pay(stake, given.shipping_fee, m)
    basis = _basis(given)
    line = RuleLine(
        _("Special line: {basis} {value}, at most {multiplier} × freight {fee} = {limit}").format(
            basis=basis,
            value=format_cny(stake),
            multiplier=f"{m.normalize():f}",
            fee=format_cny(given.shipping_fee),
            limit=format_cny(given.shipping_fee * m),
        ),
        paid,
    )
    spread = tuple((k, quantize(_special_line_pay(stake, given.shipping_fee, k))) for k in SPECIAL_LINE_RANGE)
    notes = tuple(_("At {multiplier} × freight: {amount}").format(multiplier=f"{k.normalize():f}", amount=format_cny(v)) for k, v in spread)
    return _result([line], stake, paid, notes=notes, range=spread)


def _no_rule(given: CompensationInput) -> Compensation:
    line = RuleLine(_("{service}: no platform compensation rule").format(service=label("service", given.service)), ZERO)
    stake = _value_at_stake(given) if given.incident is not Incident.DELAY else None
    return _result([line], stake, ZERO, notes=(_(CONTACT_CARRIER),))


def calculate(given: CompensationInput) -> Compensation:
    """Expected compensation for one parcel and incident."""
    for name in ("weight", "shipping_fee", "declared_value", "actual_loss", "inquiry_fee"):
        value = getattr(given, name)
        if value is not None and (not value.is_finite() or value < 0):
            raise ValidationError(name, _("must be a finite amount of 0 or more (got {value})").format(value=value))
    if given.weight <= 0:
        raise ValidationError("weight", _("must be greater than 0 kg"))
    if given.service is Service.EMS:
        return _ems(given)
    if given.service is Service.SPECIAL_LINE:
        return _special_line(given)
    return _no_rule(given)


@dataclass(frozen=True, slots=True)
class UnknownCompensation:
    """The expected compensation of a parcel that lacks a field it needs: unknown, never 0,
    until the seller enters them (docs/rules.md section 1, "What a parcel needs, and when")."""

    missing: tuple[str, ...]  # field names, in form order


def compensation_input(
    parcel: Parcel, incident: Incident, settings: Settings, actual_loss: Decimal | None = None, *, loss_assumed: bool = False
) -> CompensationInput:
    """The calculator's inputs for a parcel on the desk; ValidationError naming the first
    missing field of an incomplete parcel."""
    if parcel.item is None or parcel.weight is None or parcel.shipping_fee is None:
        field = missing_fields(parcel)[0]
        raise ValidationError(field, _("not known yet: enter it to compute the compensation"))
    return CompensationInput(
        service=parcel.service,
        incident=incident,
        item=parcel.item,
        weight=parcel.weight,
        shipping_fee=parcel.shipping_fee,
        declared_value=parcel.declared_value,
        actual_loss=actual_loss,
        inquiry_fee=parcel.inquiry_fee,
        multiplier=settings.multiplier_for(parcel.carrier),
        loss_assumed=loss_assumed,
    )


def expected_compensation(
    parcel: Parcel, incident: Incident, settings: Settings, actual_loss: Decimal | None = None
) -> Compensation | UnknownCompensation:
    """The figure to expect for a parcel, or UnknownCompensation naming the fields it lacks
    (an incomplete parcel: docs/rules.md section 1), never a 0 standing for "not known".

    Before the seller has entered the actual loss of damaged declared goods, the whole declared
    value is assumed lost: the most the rules could pay, shown as such (the rule line says the
    actual loss is not entered).
    """
    missing = missing_fields(parcel)
    if missing:
        return UnknownCompensation(missing)
    assumed = actual_loss is None and parcel.item is not None and needs_actual_loss(incident, parcel.item)
    if assumed:
        actual_loss = parcel.declared_value
    try:
        return calculate(compensation_input(parcel, incident, settings, actual_loss, loss_assumed=assumed))
    except ValidationError as error:
        return UnknownCompensation((error.field,))
