"""How machine values (complaint types, stages, services, statuses, clocks...) are shown.

Stored values, CLI arguments and JSON keep the machine values ('loss', 'special-line',
'reply-no-agreement'); what a person reads goes through `label()`: plain English words, or the
platform's own Chinese terms (揽收后未入库, 货物丢失, 物流商会, 菜鸟介入...). One table per concept,
here and nowhere else.
"""

from __future__ import annotations

from claimdesk.i18n import NP_, pgettext

# kind -> (gettext context, machine value -> English words). Each text is marked with its
# context for extraction and translated with pgettext when shown.
TABLES: dict[str, tuple[str, dict[str, str]]] = {
    "type": (
        "complaint type",
        {
            "not-warehoused": NP_("complaint type", "not warehoused"),
            "loss": NP_("complaint type", "loss"),
            "damage": NP_("complaint type", "damage"),
            "partial-loss": NP_("complaint type", "partial loss"),
            "delay": NP_("complaint type", "delay"),
            "fee-dispute": NP_("complaint type", "fee dispute"),
            "weight-discrepancy": NP_("complaint type", "weight discrepancy"),
            "size-discrepancy": NP_("complaint type", "size discrepancy"),
            "other": NP_("complaint type", "other"),
        },
    ),
    "type_description": (
        "complaint type description",
        {
            "not-warehoused": NP_("complaint type description", "collected but not in the carrier's warehouse"),
            "loss": NP_("complaint type description", "the parcel is lost"),
            "damage": NP_("complaint type description", "the goods arrived damaged"),
            "partial-loss": NP_("complaint type description", "part of the contents is missing"),
            "delay": NP_("complaint type description", "delivery is late"),
            "fee-dispute": NP_("complaint type description", "wrong shipping fee charged"),
            "weight-discrepancy": NP_("complaint type description", "charged weight does not match"),
            "size-discrepancy": NP_("complaint type description", "charged size does not match"),
            "other": NP_("complaint type description", "anything else"),
        },
    ),
    # what a complaint can attach (domain/complaint_types.py TypeSpec.evidence says which applies)
    "evidence": (
        "evidence",
        {
            "tracking": NP_("evidence", "Tracking number and the logistics order page"),
            "history": NP_("evidence", "Tracking history showing the problem (no scan, no update, late)"),
            "buyer": NP_("evidence", "The buyer's message or dispute (not received / damaged)"),
            "photos": NP_("evidence", "Photos of the parcel and goods (damage, partial loss)"),
            "value": NP_("evidence", "Proof of value: invoice or the details sheet's declared value"),
            "fees": NP_("evidence", "Shipping fee receipt"),
            "scale": NP_("evidence", "Scale or tape-measure photos (weight, size)"),
        },
    ),
    # when nothing is paid (domain/complaint_types.py TypeSpec.not_paid says which apply to a type)
    "not_paid": (
        "not paid",
        {
            "force": NP_("not paid", "Force majeure (unless insured)"),
            "customs": NP_("not paid", "Confiscated or seized by the destination country's customs"),
            "sender": NP_("not paid", "The sender's own fault: prohibited or badly packed goods"),
            "signed": NP_("not paid", "Signed for with the outer packaging intact and no evidence of damage"),
            "inquiry": NP_("not paid", "No inquiry made within the inquiry period"),
        },
    ),
    # the names of the fields a message can be about (besides a parcel's: domain FIELD_LABELS)
    "field": (
        "field",
        {
            "actual_loss": NP_("field", "Actual loss"),
            "amount": NP_("field", "Amount"),
            "at": NP_("field", "When it happened"),
            "claimed": NP_("field", "Amount claimed"),
            "received": NP_("field", "Amount received"),
            "filed_at": NP_("field", "Filed at"),
            "follow_up_at": NP_("field", "Follow up by"),
            "contact": NP_("field", "Contact"),
            "note": NP_("field", "Note"),
            "evidence": NP_("field", "Evidence"),
            "type": NP_("field", "Complaint type"),
            "step": NP_("field", "What happened"),
            "outcome": NP_("field", "Outcome"),
            "multiplier": NP_("field", "Special line multiplier"),
            "carriers": NP_("field", "Per-carrier multipliers"),
            "window_opens_hours": NP_("field", "Window opens after"),
            "file": NP_("field", "File"),
            "duration": NP_("field", "Duration"),
        },
    ),
    "group": (
        "complaint group",
        {
            "goods": NP_("complaint group", "goods"),
            "timeliness": NP_("complaint group", "timeliness"),
            "fees": NP_("complaint group", "fees"),
            "other": NP_("complaint group", "other"),
        },
    ),
    "service": (
        "service",
        {
            "ems": NP_("service", "EMS"),
            "special-line": NP_("service", "special line"),
            "offline": NP_("service", "offline"),
            "other": NP_("service", "other"),
        },
    ),
    "status": (
        "parcel status",
        {
            "in-transit": NP_("parcel status", "in transit"),
            "delivered": NP_("parcel status", "delivered"),
            "delayed": NP_("parcel status", "delayed"),
            "lost": NP_("parcel status", "lost"),
            "damaged": NP_("parcel status", "damaged"),
            "partially-lost": NP_("parcel status", "partially lost"),
        },
    ),
    "item": (
        "item kind",
        {
            "document": NP_("item kind", "document"),
            "declared": NP_("item kind", "declared"),
            "undeclared": NP_("item kind", "undeclared"),
        },
    ),
    "stage": (
        "stage",
        {
            "filed": NP_("stage", "filed, waiting for the chamber"),
            "may-escalate": NP_("stage", "may escalate (appeal online)"),
            "escalated": NP_("stage", "escalated, waiting for Cainiao"),
            "under-review": NP_("stage", "under review by Cainiao"),
            "resolved": NP_("stage", "resolved (agreed)"),
            "expired": NP_("stage", "expired"),
            "closed": NP_("stage", "closed"),
            "follow-up": NP_("stage", "third-party claim, follow up"),
            "retracted": NP_("stage", "retracted (recorded by mistake)"),
        },
    ),
    "event": (
        "event",
        {
            "filed": NP_("event", "filed"),
            "reply-agreed": NP_("event", "chamber replied: agreed"),
            "reply-no-agreement": NP_("event", "chamber replied: no agreement"),
            "escalated": NP_("event", "appealed online"),
            "intervened": NP_("event", "Cainiao intervened"),
            "closed": NP_("event", "closed"),
            "received": NP_("event", "money received"),
        },
    ),
    "step": (
        "progress step",
        {
            "agreed": NP_("progress step", "Chamber replied: agreed"),
            "no-agreement": NP_("progress step", "Chamber replied: no agreement"),
            "escalated": NP_("progress step", "Escalated: appealed online"),
            "intervened": NP_("progress step", "Cainiao intervened"),
            "compensated": NP_("progress step", "Closed: compensated"),
            "rejected": NP_("progress step", "Closed: rejected"),
            "withdrawn": NP_("progress step", "Withdrawn by me"),
            "received": NP_("progress step", "Money received"),
        },
    ),
    "outcome": (
        "outcome",
        {
            "compensated": NP_("outcome", "compensated"),
            "rejected": NP_("outcome", "rejected"),
            "withdrawn": NP_("outcome", "withdrawn"),
            # the dashboard's outcome columns
            "won": NP_("outcome", "won"),
            "lost": NP_("outcome", "lost"),
            "expired": NP_("outcome", "expired"),
            "open": NP_("outcome", "open"),
        },
    ),
    "clock": (
        "clock",
        {
            "filing-window-opens": NP_("clock", "filing window opens"),
            "filing-window-closes": NP_("clock", "filing window closes"),
            "chamber-reply": NP_("clock", "chamber reply due"),
            "escalation-window-closes": NP_("clock", "appeal window closes"),
            "intervention": NP_("clock", "Cainiao intervention due"),
            "follow-up": NP_("clock", "follow up with the carrier"),
        },
    ),
    # the list's narrow "Next deadline" column
    "clock_short": (
        "clock, short",
        {
            "filing-window-opens": NP_("clock, short", "opens"),
            "filing-window-closes": NP_("clock, short", "file by"),
            "chamber-reply": NP_("clock, short", "chamber"),
            "escalation-window-closes": NP_("clock, short", "appeal by"),
            "intervention": NP_("clock, short", "Cainiao"),
            "follow-up": NP_("clock, short", "follow up"),
        },
    ),
    # what the seller does about each clock (notifications, `due --notify`)
    "clock_advice": (
        "clock advice",
        {
            "filing-window-opens": NP_("clock advice", "the filing window opens: file the complaint then"),
            "filing-window-closes": NP_("clock advice", "file the complaint before the window closes"),
            "chamber-reply": NP_("clock advice", "the chamber must reply by then; record its reply"),
            "escalation-window-closes": NP_("clock advice", "appeal online before the window closes"),
            "intervention": NP_("clock advice", "Cainiao should intervene by then; record it or chase"),
            "follow-up": NP_("clock advice", "chase the third-party carrier; record what they decided"),
        },
    ),
    # a window that closed (docs/rules.md "Missed deadlines end"): nothing is left to do there
    "clock_missed": (
        "clock missed",
        {
            "filing-window-closes": NP_("clock missed", "missed: the filing window closed, no complaint can be filed"),
            "escalation-window-closes": NP_("clock missed", "missed: the appeal window closed, the complaint expired"),
        },
    ),
    "incident": (
        "incident",
        {
            "delay": NP_("incident", "delay"),
            "loss": NP_("incident", "loss"),
            "damage": NP_("incident", "damage"),
            "partial-loss": NP_("incident", "partial loss"),
        },
    ),
    "channel": (
        "channel",
        {
            "platform": NP_("channel", "platform"),
            "third-party": NP_("channel", "third party"),
        },
    ),
    "window": (
        "filing window",
        {
            "open": NP_("filing window", "open"),
            "not-open-yet": NP_("filing window", "not open yet"),
            "closed": NP_("filing window", "closed"),
            "never": NP_("filing window", "cannot open"),
        },
    ),
}


def english(kind: str, value: object) -> str:
    """The English words for a value (what is stored where a record keeps the words themselves)."""
    text = "" if value is None else str(value)
    return TABLES[kind][1].get(text, text)


def label(kind: str, value: object) -> str:
    """How `value` (a machine value or StrEnum member of `kind`) is shown in the active language."""
    text = "" if value is None else str(value)
    context, table = TABLES[kind]
    english = table.get(text)
    return pgettext(context, english) if english is not None else text


def choices(kind: str, values: object) -> list[tuple[str, str]]:
    """(label, machine value) pairs for a Select."""
    return [(label(kind, value), str(value)) for value in values]  # type: ignore[attr-defined]


def label_of_english(kind: str, words: str) -> str:
    """Stored English words of `kind` (a complaint's evidence keeps the words themselves) shown in
    the active language; words that are not in the table (a file the seller named) as they are."""
    for value, english_words in TABLES[kind][1].items():
        if english_words == words:
            return label(kind, value)
    return words
