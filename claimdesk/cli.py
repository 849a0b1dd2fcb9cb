"""The command line: the same services as the app.

Exit codes: 0 done (`due --notify`: nothing due); 1 `due --notify`: something is due, or
`serve` could not listen; 2 bad input (nothing written); 3 refused by a rule (nothing written);
4 data file problem (file untouched). Errors are one line on stderr, never a traceback.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
from collections.abc import Sequence
from datetime import timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any, NoReturn

from claimdesk import __version__
from claimdesk.domain.errors import ClaimdeskError, ValidationError

EXIT_OK, EXIT_INPUT, EXIT_RULE, EXIT_DATA = 0, 2, 3, 4
EXIT_DUE = 1  # `due --notify`: at least one clock is due within the window (cron acts on it)
_PLAIN_NUMBER = re.compile(r"^[0-9]+(\.[0-9]+)?$")
MAX_WITHIN = timedelta(days=36500)  # `due --within`: a century is already "everything"
WHERE_TO_FILE = "Logistics → International Parcel Order → Transaction → Complaint"


class UsageError(ClaimdeskError):
    exit_code = EXIT_INPUT


class Parser(argparse.ArgumentParser):
    """argparse that reports a usage error in one line with exit code 2."""

    def error(self, message: str) -> NoReturn:
        raise UsageError(f"{message} (see '{self.prog} --help')")


def _db_option(parser: argparse.ArgumentParser, default: Any = argparse.SUPPRESS) -> None:
    parser.add_argument("--db", metavar="PATH", default=default, help="data file (beats CLAIMDESK_DB)")


def build_parser() -> Parser:
    common = Parser(add_help=False)
    _db_option(common)
    parser = Parser(prog="claimdesk", description="A desk for AliExpress logistics complaints.", parents=[])
    _db_option(parser, default=None)
    parser.add_argument("--version", action="version", version=f"claimdesk {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)

    def command(name: str, help_text: str, parent: Any = commands) -> Parser:
        return parent.add_parser(name, help=help_text, description=help_text, parents=[common])

    command("locate", "print the data file in use")
    demo = command("demo", "add realistic sample data")
    demo.add_argument("--parcels", type=int, default=300, metavar="N")
    demo.add_argument("--seed", type=int, default=7, help=argparse.SUPPRESS)

    parcel = commands.add_parser("parcel", help="add, list and update parcels", parents=[common])
    parcel_commands = parcel.add_subparsers(dest="action", metavar="ACTION", parser_class=Parser, required=True)
    add = command("add", "add a parcel (logistics order)", parcel_commands)
    add.add_argument("--tracking", required=True)
    add.add_argument("--order", required=True)
    add.add_argument("--service", required=True, help="ems, special-line, offline or other")
    add.add_argument("--created", required=True, metavar="INSTANT")
    add.add_argument("--collected", metavar="INSTANT")
    add.add_argument("--last-tracking", metavar="INSTANT")
    add.add_argument("--item", required=True, help="document, declared or undeclared")
    add.add_argument("--declared-value", metavar="CNY")
    add.add_argument("--weight", required=True, metavar="KG")
    add.add_argument("--shipping-fee", required=True, metavar="CNY")
    add.add_argument("--inquiry-fee", metavar="CNY")
    add.add_argument("--carrier", default="")
    add.add_argument("--destination", default="", metavar="CC")
    add.add_argument("--status", default="in-transit")
    listing = command("list", "list parcels", parcel_commands)
    listing.add_argument("--json", action="store_true")
    setter = command("set", "change a parcel's status", parcel_commands)
    setter.add_argument("tracking", metavar="TRACKING")
    setter.add_argument("--status", required=True)
    setter.add_argument("--last-tracking", metavar="INSTANT")

    complaint = commands.add_parser("complaint", help="file and follow complaints", parents=[common])
    complaint_commands = complaint.add_subparsers(dest="action", metavar="ACTION", parser_class=Parser, required=True)
    file_ = command("file", "file a complaint (uses one of the two attempts)", complaint_commands)
    file_.add_argument("tracking", metavar="TRACKING")
    file_.add_argument("--type", required=True, dest="ctype")
    file_.add_argument("--at", metavar="INSTANT")
    file_.add_argument("--note", default="")
    reply = command("reply", "record the Logistics Chamber's reply", complaint_commands)
    reply.add_argument("tracking", metavar="TRACKING")
    answer = reply.add_mutually_exclusive_group(required=True)
    answer.add_argument("--agreed", action="store_true")
    answer.add_argument("--no-agreement", action="store_true")
    reply.add_argument("--at", metavar="INSTANT")
    escalate = command("escalate", "record the online appeal", complaint_commands)
    escalate.add_argument("tracking", metavar="TRACKING")
    escalate.add_argument("--at", metavar="INSTANT")
    intervene = command("intervene", "record that Cainiao intervened", complaint_commands)
    intervene.add_argument("tracking", metavar="TRACKING")
    intervene.add_argument("--at", metavar="INSTANT")
    close = command("close", "close the complaint with its outcome", complaint_commands)
    close.add_argument("tracking", metavar="TRACKING")
    close.add_argument("--outcome", required=True, help="compensated, rejected or withdrawn")
    close.add_argument("--claimed", metavar="CNY")
    close.add_argument("--received", metavar="CNY")
    close.add_argument("--at", metavar="INSTANT")

    due = command("due", "list live deadlines, soonest first")
    due.add_argument("--within", metavar="DURATION", help="e.g. 24h, 3d, 1w")
    due.add_argument("--json", action="store_true")
    due.add_argument(
        "--notify", action="store_true",
        help="exit 1 when something is due (0 when nothing is) and show a desktop notification if possible",
    )

    calc = command("calc", "expected compensation")
    calc.add_argument("--service", required=True)
    calc.add_argument("--incident", required=True, help="delay, loss, damage or partial-loss")
    calc.add_argument("--item", required=True)
    calc.add_argument("--declared-value", metavar="CNY")
    calc.add_argument("--actual-loss", metavar="CNY")
    calc.add_argument("--weight", required=True, metavar="KG")
    calc.add_argument("--shipping-fee", required=True, metavar="CNY")
    calc.add_argument("--inquiry-fee", metavar="CNY")
    calc.add_argument("--multiplier", metavar="2|3", help="special line: times the freight (default: setting)")
    calc.add_argument("--json", action="store_true")

    importer = command("import", "import parcels from CSV (all or nothing)")
    importer.add_argument("file", metavar="FILE.csv")
    importer.add_argument("--skip-invalid", action="store_true", help="import the good rows, report the bad")
    exporter = command("export", "export parcels to CSV")
    exporter.add_argument("file", metavar="FILE.csv")
    command("doctor", "check the data file without changing it")
    serve = command("serve", "serve the app to a browser (textual-serve); no login: keep it on loopback")
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1, loopback only)")
    serve.add_argument("--port", default="8000", help="port to listen on (default 8000)")
    serve.add_argument("--public-url", metavar="URL", help="the address browsers use, behind a reverse proxy")
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
    from claimdesk.domain.instants import to_platform

    return to_platform(at).format("YYYY-MM-DD HH:mm Z")


# --------------------------------------------------------------------------- commands


def cmd_locate(args: argparse.Namespace) -> int:
    from claimdesk.locations import data_path

    _out(str(data_path(args.db)))
    return EXIT_OK


def cmd_demo(args: argparse.Namespace) -> int:
    from claimdesk.demo import generate

    if not 1 <= args.parcels <= 1_000_000:
        raise ValidationError("--parcels", "must be from 1 to 1,000,000")
    desk = _desk(args)
    parcels, complaints = generate(args.parcels, desk.now(), seed=args.seed, settings=desk.settings)
    with desk.repo.transaction():
        fresh = [parcel for parcel in parcels if not desk.repo.has_parcel(parcel.tracking)]
        fresh_numbers = {parcel.tracking for parcel in fresh}
        desk.repo.add_parcels(fresh)
        for complaint in complaints:
            if complaint.tracking in fresh_numbers:
                desk.repo.add_complaint(complaint)
    _out(f"Added {len(fresh)} sample parcels to {desk.repo.path}")
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
FIELD_FLAGS = {"parcel": PARCEL_FLAGS, "complaint": COMPLAINT_FLAGS, "calc": CALC_FLAGS}


def _as_flag(error: ValidationError, args: argparse.Namespace | None) -> ValidationError:
    """The same refusal, naming the command-line option the seller typed rather than the field."""
    flag = FIELD_FLAGS.get(getattr(args, "command", None) or "", {}).get(error.field)
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
    _out(f"Added {parcel.tracking} ({parcel.service}, {parcel.status})")
    return EXIT_OK


def cmd_parcel_list(args: argparse.Namespace) -> int:
    desk = _desk(args)
    by_tracking = desk.repo.complaints_by_tracking()
    if args.json:
        listing = []
        for tracking, (_, record) in desk.repo.parcel_records().items():
            attempts = sum(1 for _, c in by_tracking.get(tracking, []) if c.channel == "platform")
            listing.append({**record, "attempts_used": attempts})
        sys.stdout.write(json.dumps(listing, ensure_ascii=False, indent=2) + "\n")
        return EXIT_OK
    rows = desk.rows()
    if not rows:
        _out("No parcels yet: add one with 'claimdesk parcel add' or import a CSV.")
        return EXIT_OK
    _out(f"{'TRACKING':<20} {'ORDER':<18} {'SERVICE':<13} {'DEST':<4} {'STATUS':<15} {'CREATED':<16} ATTEMPTS")
    for row in rows:
        _out(
            f"{row.tracking:<20} {row.order:<18} {row.service:<13} {row.destination:<4} {row.status:<15} "
            f"{row.created_at[:16].replace('T', ' '):<16} {row.attempts}/2"
        )
    return EXIT_OK


def cmd_parcel_set(args: argparse.Namespace) -> int:
    desk = _desk(args)
    parcel = desk.set_status(args.tracking, args.status, _instant(args.last_tracking, "--last-tracking"))
    _out(f"{parcel.tracking} is now {parcel.status}")
    return EXIT_OK


def cmd_complaint_file(args: argparse.Namespace) -> int:
    desk = _desk(args)
    at = _instant(args.at, "--at")
    complaint = desk.file_complaint(args.tracking, args.ctype, at, note=args.note)
    clocks = desk.complaint_clocks(complaint)
    last = " (last attempt)" if complaint.attempt == 2 else ""
    _out(f"Recorded {complaint.complaint_type} complaint on {complaint.tracking}: attempt {complaint.attempt} of 2{last}.")
    _out(f"File it on the platform: {WHERE_TO_FILE}; paste {complaint.tracking} and choose '{complaint.complaint_type}'.")
    _out(f"Chamber reply due {_when(clocks.chamber_reply_due)}.")
    return EXIT_OK


def cmd_complaint_reply(args: argparse.Namespace) -> int:
    desk = _desk(args)
    complaint = desk.record_reply(args.tracking, agreed=args.agreed, at=_instant(args.at, "--at"))
    if args.agreed:
        _out(f"{complaint.tracking}: the chamber agreed; complaint resolved.")
    else:
        closes = desk.complaint_clocks(complaint).escalation_closes
        _out(f"{complaint.tracking}: no agreement. Appeal online by {_when(closes)}.")
    return EXIT_OK


def cmd_complaint_escalate(args: argparse.Namespace) -> int:
    desk = _desk(args)
    complaint = desk.escalate(args.tracking, at=_instant(args.at, "--at"))
    due = desk.complaint_clocks(complaint).intervention_due
    _out(f"{complaint.tracking}: escalated. Cainiao should intervene by {_when(due)}.")
    return EXIT_OK


def cmd_complaint_intervene(args: argparse.Namespace) -> int:
    desk = _desk(args)
    complaint = desk.record_intervention(args.tracking, at=_instant(args.at, "--at"))
    _out(f"{complaint.tracking}: Cainiao intervened; under review.")
    return EXIT_OK


def cmd_complaint_close(args: argparse.Namespace) -> int:
    from claimdesk.domain.money import format_cny, parse_optional_money

    desk = _desk(args)
    claimed = parse_optional_money(args.claimed, "--claimed")
    received = parse_optional_money(args.received, "--received")
    complaint = desk.close_complaint(
        args.tracking, args.outcome, claimed=claimed, received=received, at=_instant(args.at, "--at")
    )
    money = ""
    if complaint.received is not None:
        money = f", received {format_cny(complaint.received)}"
        if complaint.claimed_amount:
            money += f" of {format_cny(complaint.claimed_amount)} claimed"
    _out(f"{complaint.tracking}: closed as {complaint.outcome}{money}.")
    return EXIT_OK


def cmd_due(args: argparse.Namespace) -> int:
    from claimdesk.domain.instants import format_remaining, parse_duration

    try:
        within = parse_duration(args.within, "--within") if args.within is not None else None
    except OverflowError:
        raise ValidationError("--within", f"{args.within[:40]!r} is too long a duration") from None
    if within is not None and within > MAX_WITHIN:
        raise ValidationError("--within", f"at most {MAX_WITHIN.days} days (got {args.within[:40]!r})")
    desk = _desk(args)
    clocks = desk.due(within)
    status = EXIT_DUE if args.notify and clocks else EXIT_OK
    if args.notify and clocks:
        from claimdesk.notify import notify_due

        notify_due(clocks, args.within)
    if args.json:
        sys.stdout.write(json.dumps([clock.to_json() for clock in clocks], ensure_ascii=False) + "\n")
        return status
    if not clocks:
        _out("Nothing due." if within is None else f"Nothing due within {args.within}.")
        return status
    for clock in clocks:
        left = format_remaining(clock.remaining_seconds)
        state = "OVERDUE " if clock.remaining_seconds < 0 else ""
        _out(f"{state}{left:>14}  {_when(clock.due)}  {clock.tracking:<18} {clock.clock} ({clock.complaint_type})")
    return status


def cmd_calc(args: argparse.Namespace) -> int:
    from claimdesk.domain.compensation import CompensationInput, Incident
    from claimdesk.domain.money import format_cny, money_str, parse_optional_money, parse_weight, parse_money
    from claimdesk.domain.parcels import ItemKind, Service, parse_choice

    multiplier = None
    if args.multiplier is not None:
        text = args.multiplier.strip()
        if not _PLAIN_NUMBER.match(text):  # no exponents, signs, NaN or Infinity: 2, 3, 2.5
            raise ValidationError("--multiplier", f"not a number: {args.multiplier[:40]!r} (use 2 or 3)")
        multiplier = Decimal(text)
        if not Decimal(0) < multiplier <= Decimal(10):
            raise ValidationError("--multiplier", f"must be more than 0 and at most 10 (got {text})")
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
    _out(f"{format_cny(result.amount):>14}  expected compensation")
    _out(f"{format_cny(result.shortfall):>14}  shortfall (goods' value the rules leave uncovered)")
    for note in result.notes:
        _out(f"  note: {note}")
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
    progress = _progress_bar("Importing") if sys.stderr.isatty() else None
    report = desk.import_csv(Path(args.file), skip_invalid=args.skip_invalid, progress=progress)
    if progress is not None:
        sys.stderr.write("\n")
    for error in report.skipped:
        print(f"skipped {one_line(error)}", file=sys.stderr)
    skipped = f", skipped {len(report.skipped)} bad row(s)" if report.skipped else ""
    _out(f"Imported {report.added} parcel(s) from {args.file}{skipped}.")
    return EXIT_OK


def _progress_bar(label: str) -> Any:
    def show(done: int, total: int) -> None:
        width = 30
        filled = int(width * done / max(total, 1))
        sys.stderr.write(f"\r{label} [{'#' * filled}{'.' * (width - filled)}] {done}/{total} lines")
        sys.stderr.flush()

    return show


def cmd_export(args: argparse.Namespace) -> int:
    desk = _desk(args)
    count = desk.export_csv(Path(args.file))
    _out(f"Exported {count} parcel(s) to {args.file}.")
    return EXIT_OK


def cmd_doctor(args: argparse.Namespace) -> int:
    from claimdesk.doctor import check_file
    from claimdesk.locations import data_path

    path = data_path(getattr(args, "db", None))
    problems = check_file(path)
    if not problems:
        _out(f"{path}: OK")
        return EXIT_OK
    for problem in problems:
        _out(f"{path}: {problem}")
    return EXIT_DATA


def cmd_serve(args: argparse.Namespace) -> int:
    from claimdesk.locations import data_path
    from claimdesk.serve import serve

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
    ("complaint", "file"): cmd_complaint_file,
    ("complaint", "reply"): cmd_complaint_reply,
    ("complaint", "escalate"): cmd_complaint_escalate,
    ("complaint", "intervene"): cmd_complaint_intervene,
    ("complaint", "close"): cmd_complaint_close,
    ("due", None): cmd_due,
    ("calc", None): cmd_calc,
    ("import", None): cmd_import,
    ("export", None): cmd_export,
    ("doctor", None): cmd_doctor,
    ("serve", None): cmd_serve,
    (None, None): cmd_app,
}


def one_line(text: object) -> str:
    """Text safe to print as one terminal line: control characters (newlines, escape sequences,
    bidi overrides) that came from the seller's input are shown escaped, never obeyed."""
    return "".join(
        ch if ch.isprintable() or ch == " " else ch.encode("unicode_escape").decode("ascii") for ch in str(text)
    )


def _report_lines(error: ClaimdeskError) -> list[str]:
    """An error as printed: one line; a refused import adds one line per bad row."""
    from claimdesk.transfer import ImportRefused

    if isinstance(error, ImportRefused):
        count = len(error.errors)
        head = f"claimdesk: {count} bad row{'s' if count != 1 else ''}: nothing imported"
        return [head, *(one_line(row) for row in error.errors)]
    return [f"claimdesk: {one_line(error)}"]


def _tolerant_output() -> None:
    """A terminal that cannot show '¥' or '→' gets '?' instead of a UnicodeEncodeError traceback."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            try:
                reconfigure(errors="replace")
            except (ValueError, OSError):  # pragma: no cover - detached or closed stream
                pass


def main(argv: Sequence[str] | None = None) -> int:
    _tolerant_output()
    args: argparse.Namespace | None = None
    try:
        args = build_parser().parse_args(argv)
        handler = COMMANDS[(args.command, getattr(args, "action", None))]
        return handler(args)
    except ClaimdeskError as error:
        if isinstance(error, ValidationError):
            error = _as_flag(error, args)
        for line in _report_lines(error):
            print(line, file=sys.stderr)
        return error.exit_code
    except KeyboardInterrupt:
        print("claimdesk: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # `claimdesk parcel list | head`: the reader left; that is not an error.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_OK


if __name__ == "__main__":
    raise SystemExit(main())
