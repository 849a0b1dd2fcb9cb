"""The complaint text a seller pastes into the seller centre, drafted from the desk's data.

The desk has no access to the seller centre: the seller still writes the complaint there. This
drafts it from what the desk knows (tracking and order numbers, the type, the dates that matter,
the amounts, the evidence ticked), in Chinese (the platform's language) or English, whatever
language the desk itself is shown in.
"""

from __future__ import annotations

from claimdesk.domain.compensation import Compensation, expected_compensation, incident_for
from claimdesk.domain.complaints import MAX_ATTEMPTS, Channel, Complaint, EventKind
from claimdesk.domain.instants import platform_text
from claimdesk.domain.money import format_cny
from claimdesk.domain.parcels import ItemKind, Parcel
from claimdesk.domain.settings import Settings
from claimdesk.i18n import _, in_language
from claimdesk.labels import label, label_of_english


def draft_complaint(parcel: Parcel, complaint: Complaint, settings: Settings, language: str) -> str:
    """The complaint about `parcel` as the seller would write it, in `language` ('zh' or 'en')."""
    with in_language(language):
        return "\n".join(_lines(parcel, complaint, settings))


def _lines(parcel: Parcel, complaint: Complaint, settings: Settings) -> list[str]:
    shown_type = label("type", complaint.complaint_type)
    if complaint.channel is Channel.PLATFORM:
        head = _("Logistics complaint: {type} (attempt {attempt} of {limit})").format(
            type=shown_type, attempt=complaint.attempt, limit=MAX_ATTEMPTS
        )
    else:
        head = _("Claim with the logistics company: {type}").format(type=shown_type)
    lines = [head, ""]
    lines.append(_("Tracking number: {tracking}").format(tracking=parcel.tracking))
    lines.append(_("AliExpress order number: {order}").format(order=parcel.order))
    service = label("service", parcel.service)
    if parcel.carrier:
        lines.append(_("Logistics service: {service} ({carrier})").format(service=service, carrier=parcel.carrier))
    else:
        lines.append(_("Logistics service: {service}").format(service=service))
    if parcel.destination:
        lines.append(_("Destination: {country}").format(country=parcel.destination))

    lines.append("")
    lines.append(_("Logistics order created: {when}").format(when=platform_text(parcel.created_at)))
    if parcel.collected_at is not None:
        lines.append(_("Collected by the carrier: {when}").format(when=platform_text(parcel.collected_at)))
    if parcel.last_tracking_at is not None:
        lines.append(_("Last tracking update: {when}").format(when=platform_text(parcel.last_tracking_at)))
    else:
        lines.append(_("Last tracking update: none since the logistics order was created"))
    lines.append(_("Complaint filed: {when}").format(when=platform_text(complaint.filed_at)))
    no_agreement = complaint.last(EventKind.REPLY_NO_AGREEMENT)
    if no_agreement is not None:
        lines.append(_("The Logistics Chamber of Commerce replied with no agreement: {when}").format(when=platform_text(no_agreement.at)))

    lines.append("")
    lines.append(_("Problem: {description}.").format(description=label("type_description", complaint.complaint_type)))
    if parcel.item is ItemKind.DOCUMENT:
        lines.append(_("Contents: documents (letters, printed matter)"))
    elif parcel.item is ItemKind.DECLARED and parcel.declared_value is not None:
        lines.append(
            _("Contents: goods listed on the details sheet, declared value {value}").format(value=format_cny(parcel.declared_value))
        )
    elif parcel.item is not None:
        lines.append(_("Contents: goods not listed on the details sheet"))
    # An incomplete parcel's unknown fields are left out: the text states only what is known.
    if parcel.weight is not None:
        lines.append(_("Weight: {weight} kg").format(weight=parcel.weight))
    if parcel.shipping_fee is not None:
        lines.append(_("Shipping fee paid: {amount}").format(amount=format_cny(parcel.shipping_fee)))
    if parcel.inquiry_fee:
        lines.append(_("Special inquiry fee paid: {amount}").format(amount=format_cny(parcel.inquiry_fee)))

    incident = incident_for(complaint.complaint_type)
    figure = expected_compensation(parcel, incident, settings) if incident is not None else None
    expected = figure if isinstance(figure, Compensation) else None
    requested = complaint.claimed_amount
    if requested is None and expected is not None and expected.amount > 0:
        requested = expected.amount
    if requested is not None:
        lines.append(_("Compensation requested: {amount}").format(amount=format_cny(requested)))
        if expected is not None and expected.amount == requested:
            amounts = [format_cny(line.amount) for line in expected.lines]
            width = max(len(amount) for amount in amounts)  # right-aligned: the rules start in one column
            lines.extend(f"  {amount:>{width}}  {line.rule}" for amount, line in zip(amounts, expected.lines, strict=True))

    lines.append("")
    if complaint.evidence:
        lines.append(_("Evidence attached:"))
        lines.extend(f"- {label_of_english('evidence', item)}" for item in complaint.evidence)
    else:
        lines.append(_("Evidence attached: none yet"))

    lines.append("")
    if complaint.channel is Channel.PLATFORM:
        lines.append(_("Please investigate and compensate according to the platform's logistics compensation rules."))
    else:
        lines.append(_("Please investigate and tell us how the loss will be compensated."))
    return lines
