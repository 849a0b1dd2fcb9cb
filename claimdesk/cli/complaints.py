"""`claimdesk complaint ...`: file, record what happened, undo, note, third-party, text."""

from __future__ import annotations

import argparse
from typing import Any

from claimdesk.cli import values
from claimdesk.cli.common import EXIT_OK, CommandMaker, Parser, instant, open_desk, out, when
from claimdesk.domain.complaint_types import TYPE_SPECS, ComplaintType, Evidence
from claimdesk.domain.complaints import MAX_ATTEMPTS, is_last_attempt
from claimdesk.domain.errors import ValidationError
from claimdesk.i18n import _
from claimdesk.labels import english, label
from claimdesk.termtext import one_line


def add_commands(commands: Any, command: CommandMaker, common: Parser) -> None:
    complaint = commands.add_parser("complaint", help=_("file and follow complaints"), parents=[common])
    complaint_commands = complaint.add_subparsers(dest="action", metavar="ACTION", parser_class=Parser, required=True)
    file_ = command("file", _("file a complaint (uses one of the two attempts)"), complaint_commands)
    file_.add_argument("tracking", metavar="TRACKING")
    file_.add_argument("--type", required=True, dest="ctype")
    file_.add_argument("--at", metavar="INSTANT")
    file_.add_argument("--note", default="")
    file_.add_argument(
        "--evidence",
        action="append",
        default=[],
        metavar="KEY",
        choices=[item.value for item in Evidence],
        help=_("evidence attached, as the wizard ticks it; repeat for each: {keys}").format(
            keys=", ".join(f"{item.value} ({label('evidence', item)})" for item in Evidence)
        ),
    )
    reply = command("reply", _("record the Logistics Chamber's reply"), complaint_commands)
    reply.add_argument("tracking", metavar="TRACKING")
    answer = reply.add_mutually_exclusive_group(required=True)
    answer.add_argument("--agreed", action="store_true")
    answer.add_argument("--no-agreement", action="store_true")
    reply.add_argument("--at", metavar="INSTANT")
    escalate = command("escalate", _("record the online appeal"), complaint_commands)
    escalate.add_argument("tracking", metavar="TRACKING")
    escalate.add_argument("--at", metavar="INSTANT")
    intervene = command("intervene", _("record that Cainiao intervened"), complaint_commands)
    intervene.add_argument("tracking", metavar="TRACKING")
    intervene.add_argument("--at", metavar="INSTANT")
    close = command("close", _("close the complaint with its outcome"), complaint_commands)
    close.add_argument("tracking", metavar="TRACKING")
    close.add_argument("--outcome", required=True, help=_("compensated, rejected or withdrawn"))
    close.add_argument("--claimed", metavar="CNY")
    close.add_argument("--received", metavar="CNY")
    close.add_argument("--at", metavar="INSTANT")

    received = command("received", _("record money received for a complaint closed as compensated"), complaint_commands)
    received.add_argument("tracking", metavar="TRACKING")
    received.add_argument("--amount", required=True, metavar="CNY")
    received.add_argument("--at", metavar="INSTANT")
    received.add_argument("--attempt", type=int, metavar="N", help=_("the attempt the money is for (default: the latest compensated one)"))
    received.add_argument("--force", action="store_true", help=_("record it even when the total goes above the amount claimed"))
    undo = command("undo", _("retract the latest event of the latest complaint (kept, marked retracted)"), complaint_commands)
    undo.add_argument("tracking", metavar="TRACKING")
    undo.add_argument("--reason", default="", metavar="TEXT")
    note = command("note", _("show or change the latest complaint's note"), complaint_commands)
    note.add_argument("tracking", metavar="TRACKING")
    note.add_argument("--set", dest="new_note", metavar="TEXT", help=_("the new note ('' clears it)"))
    third = command("third-party", _("record a claim with the third-party carrier (offline delivery; no attempt used)"), complaint_commands)
    third.add_argument("tracking", metavar="TRACKING")
    third.add_argument(
        "--follow-up",
        metavar="INSTANT",
        help=_("when to chase the carrier (default: the contact plus the third_party_follow_up_days setting, 7 days)"),
    )
    third.add_argument("--note", default="")
    third.add_argument("--contact", metavar="TEXT", help=_("who you contacted (default: the parcel's carrier)"))
    third.add_argument("--at", metavar="INSTANT", help=_("when you contacted them (default now)"))
    text = command("text", _("draft the complaint to paste into the seller centre"), complaint_commands)
    text.add_argument("tracking", metavar="TRACKING")
    text.epilog = _("--lang zh (the default: the platform's language) or en chooses the text's language")


def evidence_words(ctype: str, keys: list[str]) -> list[str]:
    """The evidence keys given, as the words a complaint stores (the wizard's); a key the type does
    not ask for is refused, naming the ones it does (exit 2)."""
    try:
        offered = TYPE_SPECS[ComplaintType(ctype)].evidence
    except ValueError:
        return [english("evidence", key) for key in keys]  # the Desk names the unknown type
    wrong = [key for key in keys if Evidence(key) not in offered]
    if wrong:
        raise ValidationError(
            "evidence",
            _("{keys}: not asked for a {type} complaint (it asks for: {offered})").format(
                keys=", ".join(wrong), type=label("type", ctype), offered=", ".join(item.value for item in offered)
            ),
        )
    return [english("evidence", key) for key in dict.fromkeys(keys)]


def cmd_complaint_file(args: argparse.Namespace) -> int:
    from claimdesk.domain.complaint_types import where_to_file

    desk = open_desk(args)
    at = instant(args.at, "--at")
    complaint = desk.file_complaint(args.tracking, args.ctype, at, note=args.note, evidence=evidence_words(args.ctype, args.evidence))
    clocks = desk.complaint_clocks(complaint)
    recorded = (
        _("Recorded {type} complaint on {tracking}: attempt {attempt} of {limit} (last attempt).")
        if is_last_attempt(complaint.attempt)
        else _("Recorded {type} complaint on {tracking}: attempt {attempt} of {limit}.")
    )
    shown_type = label("type", complaint.complaint_type)
    out(recorded.format(type=shown_type, tracking=complaint.tracking, attempt=complaint.attempt, limit=MAX_ATTEMPTS))
    out(
        _("File it on the platform: {where}; paste {tracking} and choose '{type}'.").format(
            where=_(where_to_file(complaint.complaint_type)), tracking=complaint.tracking, type=shown_type
        )
    )
    out(_("Chamber reply due {when}.").format(when=when(clocks.chamber_reply_due)))
    return EXIT_OK


def cmd_complaint_reply(args: argparse.Namespace) -> int:
    desk = open_desk(args)
    complaint = desk.record_reply(args.tracking, agreed=args.agreed, at=instant(args.at, "--at"))
    if args.agreed:
        out(_("{tracking}: the chamber agreed; complaint resolved.").format(tracking=complaint.tracking))
    else:
        closes = desk.complaint_clocks(complaint).escalation_closes
        out(_("{tracking}: no agreement. Appeal online by {when}.").format(tracking=complaint.tracking, when=when(closes)))
    return EXIT_OK


def cmd_complaint_escalate(args: argparse.Namespace) -> int:
    desk = open_desk(args)
    complaint = desk.escalate(args.tracking, at=instant(args.at, "--at"))
    due = desk.complaint_clocks(complaint).intervention_due
    out(_("{tracking}: escalated. Cainiao should intervene by {when}.").format(tracking=complaint.tracking, when=when(due)))
    return EXIT_OK


def cmd_complaint_intervene(args: argparse.Namespace) -> int:
    desk = open_desk(args)
    complaint = desk.record_intervention(args.tracking, at=instant(args.at, "--at"))
    out(_("{tracking}: Cainiao intervened; under review.").format(tracking=complaint.tracking))
    return EXIT_OK


def cmd_complaint_close(args: argparse.Namespace) -> int:
    from claimdesk.domain.money import format_cny, parse_optional_money

    desk = open_desk(args)
    yuan = values.Amounts()  # `￥23.50` as files write it; a compensation is recorded in yuan
    claimed = parse_optional_money(yuan.read(args.claimed, "--claimed"), "--claimed")
    received = parse_optional_money(yuan.read(args.received, "--received"), "--received")
    complaint = desk.close_complaint(args.tracking, args.outcome, claimed=claimed, received=received, at=instant(args.at, "--at"))
    outcome = label("outcome", complaint.outcome)
    if complaint.received is not None and complaint.claimed_amount:
        message = _("{tracking}: closed as {outcome}, received {received} of {claimed} claimed.")
    elif complaint.received is not None:
        message = _("{tracking}: closed as {outcome}, received {received}.")
    else:
        message = _("{tracking}: closed as {outcome}.")
    out(
        message.format(
            tracking=complaint.tracking,
            outcome=outcome,
            received=format_cny(complaint.received) if complaint.received is not None else "",
            claimed=format_cny(complaint.claimed_amount) if complaint.claimed_amount else "",
        )
    )
    return EXIT_OK


def cmd_complaint_received(args: argparse.Namespace) -> int:
    from claimdesk.domain.money import format_cny, parse_money

    amount = parse_money(values.Amounts().read(args.amount, "--amount") or "", "--amount")
    desk = open_desk(args)
    from claimdesk.domain.complaints import PaymentAboveClaimed

    try:
        complaint = desk.record_received(args.tracking, amount, instant(args.at, "--at"), attempt=args.attempt, confirmed=args.force)
    except PaymentAboveClaimed as error:
        raise PaymentAboveClaimed(error.amount, error.total, error.claimed, _("add --force to record it")) from None
    total = complaint.received or amount
    if complaint.claimed_amount:
        message = _("{tracking}: received {amount}; {total} of {claimed} claimed has arrived.")
    else:
        message = _("{tracking}: received {amount}; {total} has arrived.")
    out(
        message.format(
            tracking=complaint.tracking,
            amount=format_cny(amount),
            total=format_cny(total),
            claimed=format_cny(complaint.claimed_amount) if complaint.claimed_amount else "",
        )
    )
    return EXIT_OK


def cmd_complaint_undo(args: argparse.Namespace) -> int:
    desk = open_desk(args)
    complaint, event = desk.undo(args.tracking, args.reason)
    out(
        _("{tracking}: retracted '{event}' of {when}; it stays in the history, marked retracted.").format(
            tracking=complaint.tracking, event=label("event", event.kind), when=when(event.at)
        )
    )
    if complaint.retracted and complaint.attempt:
        state = desk.claim_state(complaint.tracking)
        out(_("The filing no longer counts as an attempt: {used} of {limit} used.").format(used=state.attempts_used, limit=MAX_ATTEMPTS))
    return EXIT_OK


def cmd_complaint_note(args: argparse.Namespace) -> int:
    desk = open_desk(args)
    if args.new_note is None:
        note = desk.latest_complaint(args.tracking).note
        if note:
            out("\n".join(one_line(line) for line in note.split("\n")))  # shown, never obeyed
        return EXIT_OK
    complaint = desk.set_note(args.tracking, args.new_note)
    message = _("{tracking}: note saved.") if complaint.note else _("{tracking}: note cleared.")
    out(message.format(tracking=complaint.tracking))
    return EXIT_OK


def cmd_complaint_third_party(args: argparse.Namespace) -> int:
    follow_up = instant(args.follow_up, "--follow-up")
    at = instant(args.at, "--at")
    desk = open_desk(args)
    claim = desk.record_third_party_claim(args.tracking, args.contact, follow_up_at=follow_up, at=at, note=args.note)
    out(
        _("Recorded a third-party claim on {tracking} with {contact}; follow up by {when}. No platform attempt was used.").format(
            tracking=claim.tracking, contact=one_line(claim.contact), when=when(claim.follow_up_at)
        )
    )
    return EXIT_OK


def cmd_complaint_text(args: argparse.Namespace) -> int:
    desk = open_desk(args)
    out(desk.complaint_text(args.tracking, getattr(args, "lang", None) or "zh"))
    return EXIT_OK


COMMANDS = {
    ("complaint", "file"): cmd_complaint_file,
    ("complaint", "reply"): cmd_complaint_reply,
    ("complaint", "escalate"): cmd_complaint_escalate,
    ("complaint", "intervene"): cmd_complaint_intervene,
    ("complaint", "close"): cmd_complaint_close,
    ("complaint", "received"): cmd_complaint_received,
    ("complaint", "undo"): cmd_complaint_undo,
    ("complaint", "note"): cmd_complaint_note,
    ("complaint", "third-party"): cmd_complaint_third_party,
    ("complaint", "text"): cmd_complaint_text,
}
