"""The command line: the same services as the app.

Exit codes: 0 done (`due --notify`: nothing due); 1 `due --notify`: something is due, or
`serve` could not listen; 2 bad input (nothing written); 3 refused by a rule (nothing written);
4 data file problem (file untouched). Errors are one line on stderr, never a traceback.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import sys
from collections.abc import Sequence
from datetime import timedelta
from pathlib import Path
from typing import Any, NoReturn

from claimdesk import __version__
from claimdesk.domain.complaints import MAX_ATTEMPTS
from claimdesk.domain.errors import ClaimdeskError, ValidationError
from claimdesk.i18n import N_, _, detect_language, get_language, ngettext, set_language
from claimdesk.labels import label
from claimdesk.termtext import one_line, pad

EXIT_OK, EXIT_INPUT, EXIT_RULE, EXIT_DATA = 0, 2, 3, 4
EXIT_DUE = 1  # `due --notify`: at least one clock is due within the window (cron acts on it)
MAX_WITHIN = timedelta(days=36500)  # `due --within`: a century is already "everything"
LANG_CHOICES = ("en", "zh", "zh_CN")

# argparse's own messages, in our catalog so `--lang zh` shows them in Chinese too (main()
# points argparse's gettext at ours). Python 3.11's wording.
ARGPARSE_MESSAGES = (
    N_("usage: "),
    N_("positional arguments"),
    N_("options"),
    N_("show this help message and exit"),
    N_("show program's version number and exit"),
    N_("the following arguments are required: %s"),
    N_("unrecognized arguments: %s"),
    N_("invalid choice: %(value)r (choose from %(choices)s)"),
    N_("argument %(argument_name)s: %(message)s"),
    N_("expected one argument"),
    N_("one of the arguments %s is required"),
    N_("not allowed with argument %s"),
    N_("invalid %(type)s value: %(value)r"),
)


class UsageError(ClaimdeskError):
    exit_code = EXIT_INPUT


class Parser(argparse.ArgumentParser):
    """argparse that reports a usage error in one line with exit code 2."""

    def error(self, message: str) -> NoReturn:
        raise UsageError(_("{message} (see '{prog} --help')").format(message=message, prog=self.prog))


def _db_option(parser: argparse.ArgumentParser, default: Any = argparse.SUPPRESS) -> None:
    parser.add_argument("--db", metavar="PATH", default=default, help=_("data file (beats CLAIMDESK_DB)"))


def _lang_option(parser: argparse.ArgumentParser, default: Any = argparse.SUPPRESS) -> None:
    parser.add_argument(
        "--lang",
        choices=LANG_CHOICES,
        default=default,
        help=_("language of the output: en or zh (beats CLAIMDESK_LANG and the system locale)"),
    )


def build_parser() -> Parser:
    common = Parser(add_help=False)
    _db_option(common)
    _lang_option(common)
    parser = Parser(prog="claimdesk", description=_("A desk for AliExpress logistics complaints."), parents=[])
    _db_option(parser, default=None)
    _lang_option(parser, default=None)
    parser.add_argument("--version", action="version", version=f"claimdesk {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)

    def command(name: str, help_text: str, parent: Any = commands) -> Parser:
        return parent.add_parser(name, help=help_text, description=help_text, parents=[common])

    command("locate", _("print the data file in use"))
    demo = command("demo", _("add realistic sample data"))
    demo.add_argument("--parcels", default="300", metavar="N")  # parsed by the domain: argparse's int() takes '1_000' and '٣'
    demo.add_argument("--seed", default="7", help=argparse.SUPPRESS)

    parcel = commands.add_parser("parcel", help=_("add, list and update parcels"), parents=[common])
    parcel_commands = parcel.add_subparsers(dest="action", metavar="ACTION", parser_class=Parser, required=True)
    add = command("add", _("add a parcel (logistics order)"), parcel_commands)
    add.add_argument("--tracking", required=True)
    add.add_argument("--order", required=True)
    add.add_argument("--service", required=True, help=_("ems, special-line, offline or other"))
    add.add_argument("--created", required=True, metavar="INSTANT")
    add.add_argument("--collected", metavar="INSTANT")
    add.add_argument("--last-tracking", metavar="INSTANT")
    add.add_argument("--item", required=True, help=_("document, declared or undeclared"))
    add.add_argument("--declared-value", metavar="CNY")
    add.add_argument("--weight", required=True, metavar="KG")
    add.add_argument("--shipping-fee", required=True, metavar="CNY")
    add.add_argument("--inquiry-fee", metavar="CNY")
    add.add_argument("--carrier", default="")
    add.add_argument("--destination", default="", metavar="CC")
    add.add_argument("--status", default="in-transit")
    listing = command("list", _("list parcels (every filter given narrows the list)"), parcel_commands)
    listing.add_argument("--status", metavar="S", help=_("in-transit, delivered, delayed, lost, damaged or partially-lost"))
    listing.add_argument("--service", metavar="S", help=_("ems, special-line, offline or other"))
    listing.add_argument(
        "--stage", metavar="STAGE",
        help=_("the latest complaint's stage or outcome: filed, may-escalate, escalated, under-review, resolved, "
               "expired, closed, follow-up, retracted; none: never complained about"),
    )
    listing.add_argument("--due-within", metavar="DURATION", help=_("a clock due within it (overdue too), e.g. 3d"))
    listing.add_argument("--archived", action="store_true", help=_("the archived parcels instead of the live ones"))
    listing.add_argument("--json", action="store_true")
    setter = command("set", _("change a parcel's status"), parcel_commands)
    setter.add_argument("tracking", metavar="TRACKING")
    setter.add_argument("--status", required=True)
    setter.add_argument("--last-tracking", metavar="INSTANT")
    archiver = command(
        "archive", _("archive a parcel (out of the list, countdowns and due; kept in the file and reports)"), parcel_commands
    )
    archiver.add_argument("tracking", metavar="TRACKING", nargs="?")
    archiver.add_argument("--closed-before", metavar="DATE", help=_("archive every parcel finished before DATE"))
    unarchiver = command("unarchive", _("bring an archived parcel back"), parcel_commands)
    unarchiver.add_argument("tracking", metavar="TRACKING")
    deleter = command("delete", _("delete a parcel without complaints (entered by mistake)"), parcel_commands)
    deleter.add_argument("tracking", metavar="TRACKING")

    complaint = commands.add_parser("complaint", help=_("file and follow complaints"), parents=[common])
    complaint_commands = complaint.add_subparsers(dest="action", metavar="ACTION", parser_class=Parser, required=True)
    file_ = command("file", _("file a complaint (uses one of the two attempts)"), complaint_commands)
    file_.add_argument("tracking", metavar="TRACKING")
    file_.add_argument("--type", required=True, dest="ctype")
    file_.add_argument("--at", metavar="INSTANT")
    file_.add_argument("--note", default="")
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
    undo = command("undo", _("retract the latest event of the latest complaint (kept, marked retracted)"), complaint_commands)
    undo.add_argument("tracking", metavar="TRACKING")
    undo.add_argument("--reason", default="", metavar="TEXT")
    note = command("note", _("show or change the latest complaint's note"), complaint_commands)
    note.add_argument("tracking", metavar="TRACKING")
    note.add_argument("--set", dest="new_note", metavar="TEXT", help=_("the new note ('' clears it)"))
    third = command(
        "third-party", _("record a claim with the third-party carrier (offline delivery; no attempt used)"), complaint_commands
    )
    third.add_argument("tracking", metavar="TRACKING")
    third.add_argument("--follow-up", required=True, metavar="INSTANT", help=_("when to chase the carrier"))
    third.add_argument("--note", default="")
    third.add_argument("--contact", metavar="TEXT", help=_("who you contacted (default: the parcel's carrier)"))
    third.add_argument("--at", metavar="INSTANT", help=_("when you contacted them (default now)"))
    text = command("text", _("draft the complaint to paste into the seller centre"), complaint_commands)
    text.add_argument("tracking", metavar="TRACKING")
    text.epilog = _("--lang zh (the default: the platform's language) or en chooses the text's language")

    due = command("due", _("list live deadlines, soonest first"))
    due.add_argument("--within", metavar="DURATION", help=_("e.g. 24h, 3d, 1w"))
    due.add_argument("--json", action="store_true")
    due.add_argument(
        "--notify", action="store_true",
        help=_("exit 1 when something is due (0 when nothing is) and show a desktop notification if possible"),
    )
    due.add_argument("--ics", metavar="FILE.ics", help=_("write the clocks as a calendar file (one event each, an alarm 24 hours before)"))
    due.add_argument("--force", action="store_true", help=_("with --ics: replace FILE.ics if it exists"))

    calc = command("calc", _("expected compensation"))
    calc.add_argument("--service", required=True)
    calc.add_argument("--incident", required=True, help=_("delay, loss, damage or partial-loss"))
    calc.add_argument("--item", required=True)
    calc.add_argument("--declared-value", metavar="CNY")
    calc.add_argument("--actual-loss", metavar="CNY")
    calc.add_argument("--weight", required=True, metavar="KG")
    calc.add_argument("--shipping-fee", required=True, metavar="CNY")
    calc.add_argument("--inquiry-fee", metavar="CNY")
    calc.add_argument("--multiplier", metavar="2|3", help=_("special line: times the freight (default: setting)"))
    calc.add_argument("--json", action="store_true")

    importer = command("import", _("import parcels from CSV (all or nothing)"))
    importer.add_argument("file", metavar="FILE.csv")
    importer.add_argument("--skip-invalid", action="store_true", help=_("import the good rows, report the bad"))
    importer.add_argument(
        "--update", action="store_true",
        help=_("rows whose tracking number is on the desk update that parcel with their non-empty cells "
               "(any columns, e.g. tracking,status,last_tracking_at); new numbers need the full columns"),
    )
    exporter = command("export", _("export parcels to CSV, or the complaint ledger"))
    exporter.add_argument("file", metavar="FILE.csv")
    exporter.add_argument("--force", action="store_true", help=_("replace FILE.csv if it exists"))
    exporter.add_argument(
        "--complaints", action="store_true",
        help=_("the complaint ledger: one row per complaint (stage or outcome, money, each event's instant)"),
    )
    command("doctor", _("check the data file without changing it"))
    serve = command("serve", _("serve the app to a browser (textual-serve); no login: keep it on loopback"))
    serve.add_argument("--host", default="127.0.0.1", help=_("address to listen on (default 127.0.0.1, loopback only)"))
    serve.add_argument("--port", default="8000", help=_("port to listen on (default 8000)"))
    serve.add_argument("--public-url", metavar="URL", help=_("the address browsers use, behind a reverse proxy"))
    return parser


# --------------------------------------------------------------------------- helpers


def _out(text: str = "") -> None:
    print(text)


def _desk(args: argparse.Namespace) -> Any:
    from claimdesk.clock import clock_from_env
    from claimdesk.locations import data_path
    from claimdesk.services import Desk

    clock = clock_from_env()
    return Desk.open(data_path(getattr(args, "db", None)), clock)


def _instant(text: str | None, field: str) -> Any:
    from claimdesk.domain.instants import parse_optional_instant

    return parse_optional_instant(text, field)


def _when(at: Any) -> str:
    from claimdesk.domain.instants import platform_text

    return platform_text(at)


# --------------------------------------------------------------------------- commands


def cmd_locate(args: argparse.Namespace) -> int:
    from claimdesk.locations import data_path

    _out(str(data_path(args.db)))
    return EXIT_OK


def cmd_demo(args: argparse.Namespace) -> int:
    from claimdesk.domain.numbers import parse_whole

    count = parse_whole(args.parcels, "--parcels", example="300")
    seed = parse_whole(args.seed, "--seed", example="7")
    if not 1 <= count <= 1_000_000:
        raise ValidationError("--parcels", _("must be from 1 to 1,000,000"))
    desk = _desk(args)
    added = desk.add_demo_data(count, seed=seed)
    _out(_("Added {count} sample parcels to {path}").format(count=added, path=desk.path))
    return EXIT_OK


# The option that carries each parcel field, so a refusal names what the seller typed.
PARCEL_FLAGS = {
    "tracking": "--tracking",
    "order": "--order",
    "service": "--service",
    "created_at": "--created",
    "collected_at": "--collected",
    "last_tracking_at": "--last-tracking",
    "item": "--item",
    "declared_value": "--declared-value",
    "weight": "--weight",
    "shipping_fee": "--shipping-fee",
    "inquiry_fee": "--inquiry-fee",
    "carrier": "--carrier",
    "destination": "--destination",
    "status": "--status",
}


COMPLAINT_FLAGS = {
    "type": "--type",
    "note": "--note",
    "at": "--at",
    "outcome": "--outcome",
    "claimed": "--claimed",
    "received": "--received",
}
CALC_FLAGS = {
    name: flag
    for name, flag in PARCEL_FLAGS.items()
    if name in ("declared_value", "weight", "shipping_fee", "inquiry_fee", "service", "item")
} | {"actual_loss": "--actual-loss"}
FIELD_FLAGS = {
    "parcel": PARCEL_FLAGS,
    "complaint": COMPLAINT_FLAGS,
    "calc": CALC_FLAGS,
    # a command whose options name a field differently
    "complaint received": {"received": "--amount", "at": "--at"},
    "complaint third-party": {"follow_up_at": "--follow-up", "note": "--note", "contact": "--contact", "at": "--at"},
    "complaint undo": {"reason": "--reason"},
    "complaint note": {"note": "--set"},
    "parcel list": {"status": "--status", "service": "--service", "stage": "--stage"},
}


def _as_flag(error: ValidationError, args: argparse.Namespace | None) -> ValidationError:
    """The same refusal, naming the command-line option the seller typed rather than the field."""
    command = getattr(args, "command", None) or ""
    flags = FIELD_FLAGS.get(f"{command} {getattr(args, 'action', None)}") or FIELD_FLAGS.get(command, {})
    flag = flags.get(error.field)
    return ValidationError(flag, error.message) if flag else error


def cmd_parcel_add(args: argparse.Namespace) -> int:
    desk = _desk(args)
    parcel = desk.add_parcel(
        {
            "tracking": args.tracking,
            "order": args.order,
            "service": args.service,
            "created_at": args.created,
            "collected_at": args.collected,
            "last_tracking_at": args.last_tracking,
            "item": args.item,
            "declared_value": args.declared_value,
            "weight": args.weight,
            "shipping_fee": args.shipping_fee,
            "inquiry_fee": args.inquiry_fee,
            "carrier": args.carrier,
            "destination": args.destination,
            "status": args.status,
        }
    )
    _out(
        _("Added {tracking} ({service}, {status})").format(
            tracking=parcel.tracking, service=label("service", parcel.service), status=label("status", parcel.status)
        )
    )
    return EXIT_OK


def cmd_parcel_list(args: argparse.Namespace) -> int:
    from claimdesk.domain.instants import iso
    from claimdesk.views import ParcelRow

    due_within = _duration(args.due_within, "--due-within")
    query = {
        "status": args.status, "service": args.service, "stage": args.stage, "due_within": due_within,
        "archived": args.archived,
    }
    filtered = any(value not in (None, False) for value in query.values())
    desk = _desk(args)
    if args.json:
        sys.stdout.write(json.dumps(desk.parcels_json(**query), ensure_ascii=False, indent=2) + "\n")
        return EXIT_OK
    if filtered:
        rows = [
            ParcelRow(parcel.tracking, parcel.order, parcel.service.value, parcel.destination, parcel.status.value,
                      parcel.carrier, iso(parcel.created_at), state.attempts_used)
            for parcel, state in desk.find_parcels(**query)
        ]
    else:
        rows = desk.rows()
    if not rows:
        archived = 0 if filtered else desk.parcel_count()
        if filtered:
            _out(_("No parcels match."))
        elif archived:
            _out(
                ngettext(
                    "No parcels on the desk; {count} is archived ('claimdesk parcel list --archived').",
                    "No parcels on the desk; {count} are archived ('claimdesk parcel list --archived').",
                    archived,
                ).format(count=archived)
            )
        else:
            _out(_("No parcels yet: add one with 'claimdesk parcel add' or import a CSV."))
        return EXIT_OK
    heads = [(_("TRACKING"), 20), (_("ORDER"), 18), (_("SERVICE"), 13), (_("DEST"), 4), (_("STATUS"), 15),
             (_("CREATED"), 16), (_("ATTEMPTS"), 0)]
    _out(" ".join(pad(head, width) for head, width in heads).rstrip())
    for row in rows:
        _out(
            f"{row.tracking:<20} {row.order:<18} {pad(label('service', row.service), 13)} {row.destination:<4} "
            f"{pad(label('status', row.status), 15)} {row.created_at[:16].replace('T', ' '):<16} {row.attempts}/{MAX_ATTEMPTS}"
        )
    return EXIT_OK


def cmd_parcel_set(args: argparse.Namespace) -> int:
    desk = _desk(args)
    parcel = desk.set_status(args.tracking, args.status, _instant(args.last_tracking, "--last-tracking"))
    _out(_("{tracking} is now {status}").format(tracking=parcel.tracking, status=label("status", parcel.status)))
    return EXIT_OK


def cmd_parcel_archive(args: argparse.Namespace) -> int:
    if (args.tracking is None) == (args.closed_before is None):
        raise UsageError(_("name a TRACKING number or --closed-before DATE (one of them) (see 'claimdesk parcel archive --help')"))
    desk = _desk(args)
    if args.tracking is not None:
        parcel = desk.archive(args.tracking)
        _out(
            _("{tracking} archived: out of the list, the countdowns and due; still in the file and the reports.").format(
                tracking=parcel.tracking
            )
        )
        return EXIT_OK
    before = _instant(args.closed_before, "--closed-before")
    archived = desk.archive_finished(before)
    for tracking in archived:
        _out(tracking)
    _out(
        ngettext(
            "Archived {count} parcel finished before {when}.", "Archived {count} parcels finished before {when}.", len(archived)
        ).format(count=len(archived), when=_when(before))
    )
    return EXIT_OK


def cmd_parcel_unarchive(args: argparse.Namespace) -> int:
    parcel = _desk(args).unarchive(args.tracking)
    _out(_("{tracking} is back on the desk.").format(tracking=parcel.tracking))
    return EXIT_OK


def cmd_parcel_delete(args: argparse.Namespace) -> int:
    parcel = _desk(args).delete_parcel(args.tracking)
    _out(_("Deleted {tracking}.").format(tracking=parcel.tracking))
    return EXIT_OK


def cmd_complaint_file(args: argparse.Namespace) -> int:
    from claimdesk.domain.complaint_types import WHERE_TO_FILE

    desk = _desk(args)
    at = _instant(args.at, "--at")
    complaint = desk.file_complaint(args.tracking, args.ctype, at, note=args.note)
    clocks = desk.complaint_clocks(complaint)
    recorded = (
        _("Recorded {type} complaint on {tracking}: attempt {attempt} of {limit} (last attempt).")
        if complaint.attempt == MAX_ATTEMPTS
        else _("Recorded {type} complaint on {tracking}: attempt {attempt} of {limit}.")
    )
    shown_type = label("type", complaint.complaint_type)
    _out(recorded.format(type=shown_type, tracking=complaint.tracking, attempt=complaint.attempt, limit=MAX_ATTEMPTS))
    _out(
        _("File it on the platform: {where}; paste {tracking} and choose '{type}'.").format(
            where=_(WHERE_TO_FILE), tracking=complaint.tracking, type=shown_type
        )
    )
    _out(_("Chamber reply due {when}.").format(when=_when(clocks.chamber_reply_due)))
    return EXIT_OK


def cmd_complaint_reply(args: argparse.Namespace) -> int:
    desk = _desk(args)
    complaint = desk.record_reply(args.tracking, agreed=args.agreed, at=_instant(args.at, "--at"))
    if args.agreed:
        _out(_("{tracking}: the chamber agreed; complaint resolved.").format(tracking=complaint.tracking))
    else:
        closes = desk.complaint_clocks(complaint).escalation_closes
        _out(
            _("{tracking}: no agreement. Appeal online by {when}.").format(tracking=complaint.tracking, when=_when(closes))
        )
    return EXIT_OK


def cmd_complaint_escalate(args: argparse.Namespace) -> int:
    desk = _desk(args)
    complaint = desk.escalate(args.tracking, at=_instant(args.at, "--at"))
    due = desk.complaint_clocks(complaint).intervention_due
    _out(
        _("{tracking}: escalated. Cainiao should intervene by {when}.").format(tracking=complaint.tracking, when=_when(due))
    )
    return EXIT_OK


def cmd_complaint_intervene(args: argparse.Namespace) -> int:
    desk = _desk(args)
    complaint = desk.record_intervention(args.tracking, at=_instant(args.at, "--at"))
    _out(_("{tracking}: Cainiao intervened; under review.").format(tracking=complaint.tracking))
    return EXIT_OK


def cmd_complaint_close(args: argparse.Namespace) -> int:
    from claimdesk.domain.money import format_cny, parse_optional_money

    desk = _desk(args)
    claimed = parse_optional_money(args.claimed, "--claimed")
    received = parse_optional_money(args.received, "--received")
    complaint = desk.close_complaint(
        args.tracking, args.outcome, claimed=claimed, received=received, at=_instant(args.at, "--at")
    )
    outcome = label("outcome", complaint.outcome)
    if complaint.received is not None and complaint.claimed_amount:
        message = _("{tracking}: closed as {outcome}, received {received} of {claimed} claimed.")
    elif complaint.received is not None:
        message = _("{tracking}: closed as {outcome}, received {received}.")
    else:
        message = _("{tracking}: closed as {outcome}.")
    _out(
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

    amount = parse_money(args.amount, "--amount")
    desk = _desk(args)
    complaint = desk.record_received(args.tracking, amount, _instant(args.at, "--at"))
    total = complaint.received or amount
    if complaint.claimed_amount:
        message = _("{tracking}: received {amount}; {total} of {claimed} claimed has arrived.")
    else:
        message = _("{tracking}: received {amount}; {total} has arrived.")
    _out(
        message.format(
            tracking=complaint.tracking,
            amount=format_cny(amount),
            total=format_cny(total),
            claimed=format_cny(complaint.claimed_amount) if complaint.claimed_amount else "",
        )
    )
    return EXIT_OK


def cmd_complaint_undo(args: argparse.Namespace) -> int:
    desk = _desk(args)
    complaint, event = desk.undo(args.tracking, args.reason)
    _out(
        _("{tracking}: retracted '{event}' of {when}; it stays in the history, marked retracted.").format(
            tracking=complaint.tracking, event=label("event", event.kind), when=_when(event.at)
        )
    )
    if complaint.retracted and complaint.attempt:
        state = desk.claim_state(complaint.tracking)
        _out(
            _("The filing no longer counts as an attempt: {used} of {limit} used.").format(
                used=state.attempts_used, limit=MAX_ATTEMPTS
            )
        )
    return EXIT_OK


def cmd_complaint_note(args: argparse.Namespace) -> int:
    desk = _desk(args)
    if args.new_note is None:
        note = desk.latest_complaint(args.tracking).note
        if note:
            _out(note)
        return EXIT_OK
    complaint = desk.set_note(args.tracking, args.new_note)
    message = _("{tracking}: note saved.") if complaint.note else _("{tracking}: note cleared.")
    _out(message.format(tracking=complaint.tracking))
    return EXIT_OK


def cmd_complaint_third_party(args: argparse.Namespace) -> int:
    follow_up = _instant(args.follow_up, "--follow-up")
    at = _instant(args.at, "--at")
    desk = _desk(args)
    claim = desk.record_third_party_claim(args.tracking, args.contact, follow_up_at=follow_up, at=at, note=args.note)
    _out(
        _("Recorded a third-party claim on {tracking} with {contact}; follow up by {when}. No platform attempt was used.").format(
            tracking=claim.tracking, contact=claim.contact, when=_when(claim.follow_up_at)
        )
    )
    return EXIT_OK


def cmd_complaint_text(args: argparse.Namespace) -> int:
    desk = _desk(args)
    _out(desk.complaint_text(args.tracking, getattr(args, "lang", None) or "zh"))
    return EXIT_OK


def _duration(text: str | None, flag: str) -> timedelta | None:
    """A duration option (`due --within`, `parcel list --due-within`), bounded to a century."""
    from claimdesk.domain.instants import parse_duration

    if text is None:
        return None
    try:
        within = parse_duration(text, flag)
    except OverflowError:
        raise ValidationError(flag, _("{text!r} is too long a duration").format(text=text[:40])) from None
    if within > MAX_WITHIN:
        raise ValidationError(flag, _("at most {days} days (got {text!r})").format(days=MAX_WITHIN.days, text=text[:40]))
    return within


def cmd_due(args: argparse.Namespace) -> int:
    from claimdesk.domain.deadlines import Urgency, urgency
    from claimdesk.domain.instants import format_remaining, seconds_until
    from claimdesk.views import deadline_json

    within = _duration(args.within, "--within")
    if args.ics is not None and args.json:
        raise UsageError(_("--ics writes a file, --json prints the clocks: use one of them (see 'claimdesk due --help')"))
    desk = _desk(args)
    if args.ics is not None:
        count, written = desk.export_calendar(args.ics, within, overwrite=args.force)
        _out(_("Wrote {count} deadline(s) to {file}: import it into your calendar.").format(count=count, file=written))
        return EXIT_DUE if args.notify and count else EXIT_OK
    now = desk.now()
    deadlines = desk.due(within, now)
    status = EXIT_DUE if args.notify and deadlines else EXIT_OK
    if args.notify and deadlines:
        from claimdesk.notify import notify_due

        notify_due(deadlines, now, args.within)
    if args.json:
        sys.stdout.write(json.dumps([deadline_json(d, now) for d in deadlines], ensure_ascii=False) + "\n")
        return status
    if not deadlines:
        _out(_("Nothing due.") if within is None else _("Nothing due within {within}.").format(within=args.within))
        return status
    for deadline in deadlines:
        seconds = seconds_until(deadline.due, now)
        state = _("OVERDUE") + " " if urgency(deadline.kind, seconds) is Urgency.OVERDUE else ""
        _out(
            f"{state}{format_remaining(seconds):>14}  {_when(deadline.due)}  {deadline.tracking:<18} "
            f"{label('clock', deadline.kind)} ({label('type', deadline.complaint_type)})"
        )
    return status


def cmd_calc(args: argparse.Namespace) -> int:
    from claimdesk.domain.compensation import CompensationInput, Incident
    from claimdesk.domain.money import format_cny, money_str, parse_money, parse_optional_money, parse_weight
    from claimdesk.domain.parcels import ItemKind, Service, parse_choice
    from claimdesk.domain.settings import parse_multiplier

    multiplier = parse_multiplier(args.multiplier, "--multiplier") if args.multiplier is not None else None
    given = CompensationInput(
        service=parse_choice(Service, args.service, "--service"),
        incident=parse_choice(Incident, args.incident, "--incident"),
        item=parse_choice(ItemKind, args.item, "--item"),
        weight=parse_weight(args.weight, "--weight"),
        shipping_fee=parse_money(args.shipping_fee, "--shipping-fee"),
        declared_value=parse_optional_money(args.declared_value, "--declared-value"),
        actual_loss=parse_optional_money(args.actual_loss, "--actual-loss"),
        inquiry_fee=parse_optional_money(args.inquiry_fee, "--inquiry-fee"),
        multiplier=multiplier if multiplier is not None else _calc_settings(args).special_line_multiplier,
    )
    from claimdesk.domain.compensation import calculate

    result = calculate(given)
    if args.json:
        payload: dict[str, Any] = {
            "amount": money_str(result.amount),
            "currency": "CNY",
            "shortfall": money_str(result.shortfall),
            "lines": [{"rule": line.rule, "amount": money_str(line.amount)} for line in result.lines],
            "notes": list(result.notes),
        }
        if result.range:
            payload["range"] = [{"multiplier": f"{k.normalize():f}", "amount": money_str(v)} for k, v in result.range]
        sys.stdout.write(json.dumps(payload, ensure_ascii=False) + "\n")
        return EXIT_OK
    for line in result.lines:
        _out(f"{format_cny(line.amount):>14}  {line.rule}")
    _out(f"{format_cny(result.amount):>14}  " + _("expected compensation"))
    _out(f"{format_cny(result.shortfall):>14}  " + _("shortfall (goods' value the rules leave uncovered)"))
    for note in result.notes:
        _out("  " + _("note: {note}").format(note=note))
    return EXIT_OK


def _calc_settings(args: argparse.Namespace) -> Any:
    """The seller's settings when a data file exists; defaults otherwise (calc needs no file)."""
    from claimdesk.domain.settings import Settings
    from claimdesk.locations import data_path

    if not data_path(getattr(args, "db", None)).exists():
        return Settings()
    return _desk(args).settings


def cmd_import(args: argparse.Namespace) -> int:
    desk = _desk(args)
    progress = _progress_bar(_("Importing")) if sys.stderr.isatty() else None
    report = desk.import_csv(Path(args.file), skip_invalid=args.skip_invalid, update=args.update, progress=progress)
    if progress is not None:
        sys.stderr.write("\n")
    for error in report.skipped:
        print(_("skipped {row}").format(row=one_line(error)), file=sys.stderr)
    if args.update:
        message = _("Imported {file}: {added} added, {updated} updated, {unchanged} unchanged.")
        if report.skipped:
            message = _("Imported {file}: {added} added, {updated} updated, {unchanged} unchanged, {skipped} bad row(s) skipped.")
    elif report.skipped:
        message = _("Imported {count} parcel(s) from {file}, skipped {skipped} bad row(s).")
    else:
        message = _("Imported {count} parcel(s) from {file}.")
    _out(
        message.format(
            count=report.added, added=report.added, updated=report.updated, unchanged=report.unchanged,
            file=args.file, skipped=len(report.skipped),
        )
    )
    return EXIT_OK


def _progress_bar(label: str) -> Any:
    def show(done: int, total: int) -> None:
        width = 30
        filled = int(width * done / max(total, 1))
        lines = _("{done}/{total} lines").format(done=done, total=total)
        sys.stderr.write(f"\r{label} [{'#' * filled}{'.' * (width - filled)}] {lines}")
        sys.stderr.flush()

    return show


def cmd_export(args: argparse.Namespace) -> int:
    desk = _desk(args)
    if args.complaints:
        complaints, written = desk.export_complaints_csv(args.file, overwrite=args.force)
        _out(_("Exported {count} complaint(s) to {file}.").format(count=complaints, file=written))
        return EXIT_OK
    count = desk.export_csv(Path(args.file), overwrite=args.force)
    _out(_("Exported {count} parcel(s) to {file}.").format(count=count, file=args.file))
    return EXIT_OK


def cmd_doctor(args: argparse.Namespace) -> int:
    from claimdesk.doctor import check_file
    from claimdesk.locations import data_path

    path = data_path(getattr(args, "db", None))
    problems = check_file(path)
    if not problems:
        _out(_("{path}: OK").format(path=path))
        return EXIT_OK
    for problem in problems:
        _out(f"{path}: {problem}")
    return EXIT_DATA


def cmd_serve(args: argparse.Namespace) -> int:
    from claimdesk.locations import data_path
    from claimdesk.serve import serve

    if getattr(args, "lang", None):  # each browser session is a new claimdesk: same language as asked here
        os.environ["CLAIMDESK_LANG"] = get_language()
    return serve(data_path(getattr(args, "db", None)), host=args.host, port=args.port, public_url=args.public_url)


def cmd_app(args: argparse.Namespace) -> int:
    from claimdesk.clock import clock_from_env
    from claimdesk.locations import data_path

    clock = clock_from_env()
    path = data_path(args.db)
    from claimdesk.ui.app import run_app

    return run_app(path, clock)


COMMANDS = {
    ("locate", None): cmd_locate,
    ("demo", None): cmd_demo,
    ("parcel", "add"): cmd_parcel_add,
    ("parcel", "list"): cmd_parcel_list,
    ("parcel", "set"): cmd_parcel_set,
    ("parcel", "archive"): cmd_parcel_archive,
    ("parcel", "unarchive"): cmd_parcel_unarchive,
    ("parcel", "delete"): cmd_parcel_delete,
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
    ("due", None): cmd_due,
    ("calc", None): cmd_calc,
    ("import", None): cmd_import,
    ("export", None): cmd_export,
    ("doctor", None): cmd_doctor,
    ("serve", None): cmd_serve,
    (None, None): cmd_app,
}


def _report_lines(error: ClaimdeskError) -> list[str]:
    """An error as printed: one line; a refused import adds one line per bad row."""
    from claimdesk.transfer import ImportRefused

    if isinstance(error, ImportRefused):
        count = len(error.errors)
        head = "claimdesk: " + ngettext(
            "{count} bad row: nothing imported", "{count} bad rows: nothing imported", count
        ).format(count=count)
        return [head, *(one_line(row) for row in error.errors)]
    return [f"claimdesk: {one_line(error)}"]


def _requested_language(argv: Sequence[str]) -> str | None:
    """The value of --lang (or --lang=...) anywhere in argv, read before the parser is built so
    its help is in that language; argparse still checks it is one of LANG_CHOICES."""
    for index, arg in enumerate(argv):
        if arg == "--":
            break
        if arg == "--lang" and index + 1 < len(argv):
            return argv[index + 1]
        if arg.startswith("--lang="):
            return arg.partition("=")[2]
    return None


def _tolerant_output() -> None:
    """A terminal that cannot show '¥' or '→' gets '?' instead of a UnicodeEncodeError traceback."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            with contextlib.suppress(ValueError, OSError):  # a detached or closed stream
                reconfigure(errors="replace")


# Arguments that name files: a file name that is not UTF-8 is still a real name on Linux.
_PATH_DESTS = frozenset({"db", "file"})


def _argument_name(parser: argparse.ArgumentParser, args: argparse.Namespace, dest: str) -> str:
    """How the seller wrote the argument stored in `dest`: its long option, or its metavar."""
    chain = [parser]
    for key in ("command", "action"):
        subparsers = next((a for a in chain[-1]._actions if isinstance(a, argparse._SubParsersAction)), None)
        chosen = getattr(args, key, None)
        if subparsers is None or chosen not in subparsers.choices:
            break
        chain.append(subparsers.choices[chosen])
    for each in reversed(chain):
        for action in each._actions:
            if action.dest == dest:
                return action.option_strings[-1] if action.option_strings else str(action.metavar or dest.upper())
    return dest


def _shown_bytes(text: str) -> str:
    """`text` with the bytes that were not UTF-8 written as \\xff, for the message."""
    return "".join(
        f"\\x{ord(ch) - 0xDC00:02x}" if "\udc80" <= ch <= "\udcff"
        else f"\\u{ord(ch):04x}" if "\ud800" <= ch <= "\udfff" else ch
        for ch in text
    )


def _refuse_undecodable(parser: argparse.ArgumentParser, args: argparse.Namespace) -> None:
    """An argument that was not UTF-8 (`--carrier $'Yan\\xffwen'`) is exit 2 before any command
    runs: its bytes reach Python as lone surrogates, which no UTF-8 file can hold."""
    from claimdesk.domain.parcels import has_undecodable

    for dest, value in vars(args).items():
        if dest in _PATH_DESTS or not isinstance(value, str) or not has_undecodable(value):
            continue
        shown = _shown_bytes(value[:40])
        raise ValidationError(
            _argument_name(parser, args, dest), _("not valid UTF-8 text: {text}").format(text=f"'{shown}'")
        )


def main(argv: Sequence[str] | None = None) -> int:
    _tolerant_output()
    args: argparse.Namespace | None = None
    set_language(detect_language(_requested_language(sys.argv[1:] if argv is None else argv)))
    argparse._ = _  # type: ignore[attr-defined]  # argparse's own messages from our catalog
    try:
        parser = build_parser()
        args = parser.parse_args(argv)
        _refuse_undecodable(parser, args)
        handler = COMMANDS[(args.command, getattr(args, "action", None))]
        return handler(args)
    except ClaimdeskError as error:
        if isinstance(error, ValidationError):
            error = _as_flag(error, args)
        for line in _report_lines(error):
            print(line, file=sys.stderr)
        return error.exit_code
    except KeyboardInterrupt:
        print("claimdesk: " + _("interrupted"), file=sys.stderr)
        return 130
    except BrokenPipeError:
        # `claimdesk parcel list | head`: the reader left; that is not an error.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_OK


if __name__ == "__main__":
    raise SystemExit(main())
