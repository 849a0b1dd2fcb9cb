"""`claimdesk parcel ...`: add, list, set, archive, unarchive, delete."""

from __future__ import annotations

import argparse
import json
import sys
from decimal import Decimal
from itertools import chain
from typing import TYPE_CHECKING, Any

from claimdesk.cli import values
from claimdesk.cli.common import EXIT_OK, CommandMaker, Parser, UsageError, duration, instant, open_desk, out, when
from claimdesk.cli.errors import PARCEL_FLAGS
from claimdesk.domain.compensation import Compensation
from claimdesk.domain.complaints import MAX_ATTEMPTS
from claimdesk.domain.money import format_cny
from claimdesk.domain.parcels import unknown_payout_text
from claimdesk.i18n import _, ngettext
from claimdesk.labels import label
from claimdesk.termtext import cell_len, pad

if TYPE_CHECKING:
    from claimdesk.domain.parcels import Parcel
    from claimdesk.views import ParcelDetail


def add_commands(commands: Any, command: CommandMaker, common: Parser) -> None:
    parcel = commands.add_parser("parcel", help=_("add, list and update parcels"), parents=[common])
    parcel_commands = parcel.add_subparsers(dest="action", metavar="ACTION", parser_class=Parser, required=True)
    add = command("add", _("add a parcel (logistics order)"), parcel_commands)
    add.add_argument("--tracking", required=True)
    add_also_argument(add)
    add.add_argument("--order", default="")
    add.add_argument("--service", required=True, help=_("ems, special-line, offline or other"))
    add.add_argument("--created", required=True, metavar="INSTANT")
    add.add_argument("--collected", metavar="INSTANT")
    add.add_argument("--last-tracking", metavar="INSTANT")
    add_compensation_arguments(add)
    add.add_argument("--carrier", default="")
    add.add_argument("--destination", default="", metavar="CC")
    add.add_argument("--status", default="in-transit")
    listing = command("list", _("list parcels (every filter given narrows the list)"), parcel_commands)
    listing.add_argument("--status", metavar="S", help=_("in-transit, delivered, delayed, lost, damaged or partially-lost"))
    listing.add_argument("--service", metavar="S", help=_("ems, special-line, offline or other"))
    listing.add_argument(
        "--stage",
        metavar="STAGE",
        help=_(
            "the latest complaint's stage or outcome: filed, may-escalate, escalated, under-review, resolved, "
            "expired, closed, follow-up, retracted; none: never complained about"
        ),
    )
    listing.add_argument("--due-within", metavar="DURATION", help=_("a clock due within it (overdue too), e.g. 3d"))
    listing.add_argument("--archived", action="store_true", help=_("the archived parcels instead of the live ones"))
    listing.add_argument(
        "--all-years",
        action="store_true",
        help=_("the archived parcels of every year, the yearly archive files' too (implies --archived)"),
    )
    listing.add_argument(
        "--incomplete", action="store_true", help=_("only parcels missing a field the compensation needs (item, value, weight, fee)")
    )
    listing.add_argument("--json", action="store_true")
    setter = command("set", _("change a parcel's status, its other numbers or fields not known before"), parcel_commands)
    setter.add_argument("tracking", metavar="TRACKING")
    setter.add_argument("--status")
    setter.add_argument("--last-tracking", metavar="INSTANT")
    setter.add_argument("--created", metavar="INSTANT", help=_("correct when the logistics order was created"))
    setter.add_argument("--collected", metavar="INSTANT", help=_("when the carrier collected the parcel"))
    setter.add_argument("--service", help=_("ems, special-line, offline or other"))
    add_also_argument(setter)
    setter.add_argument(
        "--drop-also",
        action="append",
        default=[],
        metavar="NUMBER",
        help=_("take this number away from the parcel's other numbers (repeatable)"),
    )
    setter.add_argument("--order")
    add_compensation_arguments(setter)
    setter.add_argument("--carrier")
    setter.add_argument("--destination", metavar="CC")
    shower = command("show", _("show one parcel: its fields, numbers, attempts and expected compensation"), parcel_commands)
    shower.add_argument("tracking", metavar="TRACKING")
    shower.add_argument("--json", action="store_true")
    archiver = command(
        "archive", _("archive a parcel (out of the list, countdowns and due; kept in the file and reports)"), parcel_commands
    )
    archiver.add_argument("tracking", metavar="TRACKING", nargs="?")
    archiver.add_argument("--closed-before", metavar="DATE", help=_("archive every parcel finished before DATE"))
    archiver.add_argument(
        "--to-yearly",
        action="store_true",
        help=_("move archived parcels created more than a year ago (see --older-than) to yearly archive files beside the data file"),
    )
    archiver.add_argument("--older-than", metavar="DURATION", help=_("with --to-yearly: created more than this long ago (default 365d)"))
    unarchiver = command("unarchive", _("bring an archived parcel back"), parcel_commands)
    unarchiver.add_argument("tracking", metavar="TRACKING")
    deleter = command("delete", _("delete a parcel without complaints (entered by mistake)"), parcel_commands)
    deleter.add_argument("tracking", metavar="TRACKING")


def add_also_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--also",
        action="append",
        default=[],
        metavar="NUMBER",
        help=_("another number of the same parcel (Cainiao LP00..., first-mile, last-mile); repeatable; it finds the parcel too"),
    )


def add_compensation_arguments(parser: argparse.ArgumentParser) -> None:
    """The fields only the compensation needs: may be left out (the parcel is then incomplete)."""
    parser.add_argument("--item", help=_("document, declared or undeclared"))
    parser.add_argument("--declared-value", metavar="CNY")
    parser.add_argument("--weight", metavar="KG")
    parser.add_argument("--shipping-fee", metavar="CNY")
    parser.add_argument("--inquiry-fee", metavar="CNY")
    parser.add_argument(
        "--usd-rate",
        metavar="RATE",
        help=_("yuan per US dollar, for amounts given in dollars (US $18.40); default: the setting"),
    )


def _amounts(args: argparse.Namespace, desk: Any) -> values.Amounts:
    """How this command reads amounts: US dollars at --usd-rate, else at the seller's setting."""
    from claimdesk.domain.money import parse_usd_rate

    rate = parse_usd_rate(args.usd_rate, "--usd-rate") if args.usd_rate is not None else desk.settings.usd_rate
    return values.Amounts(rate, rate_flag="--usd-rate")


def say_incomplete(parcel: Parcel) -> None:
    """An incomplete parcel: which fields its payout waits for, and how to enter them."""
    if parcel.missing:
        # The options of the fields missing, not always --weight (a parcel may miss only its item kind).
        options = " ".join(f"{PARCEL_FLAGS[name]} ..." for name in parcel.missing)
        out(
            _("Incomplete: the expected compensation is {unknown}; enter them with 'claimdesk parcel set {tracking} {options}'").format(
                unknown=unknown_payout_text(parcel.missing), tracking=parcel.tracking, options=options
            )
        )


def cmd_parcel_add(args: argparse.Namespace) -> int:
    desk = open_desk(args)
    fields = values.parcel_fields(
        {
            "tracking": args.tracking,
            "other_numbers": args.also,
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
        },
        _amounts(args, desk),
    )
    parcel = desk.add_parcel(fields)
    out(
        _("Added {tracking} ({service}, {status})").format(
            tracking=parcel.tracking, service=label("service", parcel.service), status=label("status", parcel.status)
        )
    )
    say_incomplete(parcel)
    return EXIT_OK


def cmd_parcel_list(args: argparse.Namespace) -> int:
    from claimdesk.domain.instants import iso
    from claimdesk.views import ParcelRow

    due_within = duration(args.due_within, "--due-within")
    query = {
        "status": values.word("status", args.status),
        "service": values.word("service", args.service),
        "stage": args.stage,
        "due_within": due_within,
        "archived": args.archived or args.all_years,
        "incomplete": args.incomplete,
    }
    filtered = any(value not in (None, False) for value in query.values())
    desk = open_desk(args)
    # The desk, then (with --all-years) each yearly archive file in turn, one in memory at a time.
    desks = chain([desk], desk.yearly_desks() if args.all_years else ())
    if args.json:
        found = [item for each in desks for item in each.parcels_json(**query)]
        sys.stdout.write(json.dumps(_first_copies(found), ensure_ascii=False, indent=2) + "\n")
        return EXIT_OK
    if filtered:
        rows = _first_copies(
            [
                ParcelRow(
                    parcel.tracking,
                    parcel.order,
                    parcel.service.value,
                    parcel.destination,
                    parcel.status.value,
                    parcel.carrier,
                    iso(parcel.created_at),
                    state.attempts_used,
                    incomplete=parcel.incomplete,
                )
                for each in desks
                for parcel, state in each.find_parcels(**query)
            ]
        )
    else:
        rows = desk.rows()
    if not rows:
        archived = 0 if filtered else desk.parcel_count()
        if filtered:
            out(_("No parcels match."))
        elif archived:
            out(
                ngettext(
                    "No parcels on the desk; {count} is archived ('claimdesk parcel list --archived').",
                    "No parcels on the desk; {count} are archived ('claimdesk parcel list --archived').",
                    archived,
                ).format(count=archived)
            )
        else:
            out(_("No parcels yet: add one with 'claimdesk parcel add' or import a CSV."))
        return EXIT_OK
    heads = [
        (_("TRACKING"), 20),
        (_("ORDER"), 18),
        (_("SERVICE"), 13),
        (_("DEST"), 4),
        (_("STATUS"), 15),
        (_("CREATED"), 16),
        (_("ATTEMPTS"), 0),
    ]
    out(" ".join(pad(head, width) for head, width in heads).rstrip())
    mark = "  " + _("incomplete")
    for row in rows:
        out(
            f"{row.tracking:<20} {pad(row.order, 18)} {pad(label('service', row.service), 13)} {row.destination:<4} "
            f"{pad(label('status', row.status), 15)} {row.created_at[:16].replace('T', ' '):<16} {row.attempts}/{MAX_ATTEMPTS}"
            + (mark if row.incomplete else "")
        )
    return EXIT_OK


def _first_copies(found: list[Any]) -> list[Any]:
    """Each parcel once: the desk's copy before a yearly file's (a move cut short leaves both)."""
    seen: set[str] = set()
    kept = []
    for item in found:
        tracking = item["tracking"] if isinstance(item, dict) else item.tracking
        if tracking not in seen:
            seen.add(tracking)
            kept.append(item)
    return kept


# `parcel set` options that edit a field, and the field each edits.
SET_FIELDS = {
    "created": "created_at",
    "collected": "collected_at",
    "service": "service",
    "order": "order",
    "item": "item",
    "declared_value": "declared_value",
    "weight": "weight",
    "shipping_fee": "shipping_fee",
    "inquiry_fee": "inquiry_fee",
    "carrier": "carrier",
    "destination": "destination",
}


def cmd_parcel_set(args: argparse.Namespace) -> int:
    """--status alone changes the status (as it always did); any other option edits those fields
    in one write: --also adds other numbers, --drop-also takes some away (the rest stay)."""
    fields = {field: getattr(args, option) for option, field in SET_FIELDS.items() if getattr(args, option) is not None}
    if args.status is None and not fields and not args.also and not args.drop_also:
        raise UsageError(_("say what to change: --status, --also, --drop-also or a field (see 'claimdesk parcel set --help')"))
    desk = open_desk(args)
    status = values.word("status", args.status)
    if not fields and not args.also and not args.drop_also:
        parcel = desk.set_status(args.tracking, status, instant(args.last_tracking, "--last-tracking"))
        out(_("{tracking} is now {status}").format(tracking=parcel.tracking, status=label("status", parcel.status)))
        return EXIT_OK
    fields = values.parcel_fields(fields, _amounts(args, desk))
    if status is not None:
        fields["status"] = status
    if args.last_tracking is not None:
        fields["last_tracking_at"] = args.last_tracking
    parcel = desk.edit_parcel(args.tracking, fields, add_numbers=args.also, drop_numbers=args.drop_also)
    out(_("{tracking} updated").format(tracking=parcel.tracking))
    if parcel.other_numbers:
        out(_("Other numbers: {numbers}").format(numbers=", ".join(parcel.other_numbers)))
    say_incomplete(parcel)
    return EXIT_OK


def cmd_parcel_show(args: argparse.Namespace) -> int:
    from claimdesk.views import detail_json

    desk = open_desk(args)
    detail = desk.detail(args.tracking)
    if args.json:
        sys.stdout.write(json.dumps(detail_json(detail), ensure_ascii=False, indent=2) + "\n")
        return EXIT_OK
    for line in detail_lines(detail):
        out(line)
    return EXIT_OK


def detail_lines(detail: ParcelDetail) -> list[str]:
    """`parcel show`: one field a line, then the expected compensation (or what it waits for)."""
    parcel, state = detail.parcel, detail.state
    unknown = _("unknown")

    def money_or_unknown(amount: Decimal | None) -> str:
        return format_cny(amount) if amount is not None else unknown

    pairs = [
        (_("Tracking number"), parcel.tracking),
        (_("Other numbers"), ", ".join(parcel.other_numbers) or "—"),
        (_("Order number"), parcel.order or "—"),
        (_("Service"), label("service", parcel.service)),
        (_("Carrier"), parcel.carrier or "—"),
        (_("Destination"), parcel.destination or "—"),
        (_("Status"), label("status", parcel.status)),
        (_("Created at"), when(parcel.created_at)),
        (_("Item kind"), label("item", parcel.item) if parcel.item is not None else unknown),
        (
            _("Declared value (CNY)"),
            money_or_unknown(parcel.declared_value)
            if "declared_value" in parcel.missing
            else format_cny(parcel.declared_value)
            if parcel.declared_value is not None
            else "—",
        ),
        (_("Weight (kg)"), str(parcel.weight) if parcel.weight is not None else unknown),
        (_("Shipping fee (CNY)"), money_or_unknown(parcel.shipping_fee)),
        (_("Attempts"), _("{used} of {limit} used").format(used=state.attempts_used, limit=MAX_ATTEMPTS)),
    ]
    if parcel.usd_rate is not None:  # amounts that came in US dollars: which rate converted them
        pairs.append((_("US $ rate"), _("{rate} yuan per US dollar").format(rate=parcel.usd_rate)))
    if parcel.archived_at is not None:
        pairs.append((_("Archived"), when(parcel.archived_at)))
    width = max(cell_len(name) for name, _value in pairs)
    lines = [f"{pad(name, width)}  {value}" for name, value in pairs]
    expected = detail.expected
    if parcel.missing:
        lines.append(_("Expected compensation: {text}").format(text=unknown_payout_text(parcel.missing)))
    elif isinstance(expected, Compensation) and detail.incident is not None:
        lines.append(
            _("Expected compensation ({incident}): {amount}, shortfall {shortfall}").format(
                incident=label("incident", detail.incident),
                amount=format_cny(expected.amount),
                shortfall=format_cny(expected.shortfall),
            )
        )
    return lines


def cmd_parcel_archive(args: argparse.Namespace) -> int:
    if args.to_yearly:
        return _move_to_yearly(args)
    if args.older_than is not None:
        raise UsageError(_("--older-than goes with --to-yearly (see 'claimdesk parcel archive --help')"))
    if (args.tracking is None) == (args.closed_before is None):
        raise UsageError(_("name a TRACKING number or --closed-before DATE (one of them) (see 'claimdesk parcel archive --help')"))
    desk = open_desk(args)
    if args.tracking is not None:
        parcel = desk.archive(args.tracking)
        out(
            _("{tracking} archived: out of the list, the countdowns and due; still in the file and the reports.").format(
                tracking=parcel.tracking
            )
        )
        return EXIT_OK
    from claimdesk.domain.instants import parse_instant

    before = parse_instant(args.closed_before, "--closed-before")  # '' is no date: exit 2, not "no limit"
    archived = desk.archive_finished(before)
    for tracking in archived:
        out(tracking)
    out(
        ngettext(
            "Archived {count} parcel finished before {when}.", "Archived {count} parcels finished before {when}.", len(archived)
        ).format(count=len(archived), when=when(before))
    )
    return EXIT_OK


def _move_to_yearly(args: argparse.Namespace) -> int:
    if args.tracking is not None or args.closed_before is not None:
        raise UsageError(_("--to-yearly moves archived parcels by age: name no TRACKING or --closed-before"))
    older_than = duration(args.older_than or "365d", "--older-than")
    assert older_than is not None
    desk = open_desk(args)
    moved = desk.move_to_yearly(older_than)
    files = desk.yearly_files()
    for year, count in moved.items():
        out(ngettext("{count} parcel to {file}", "{count} parcels to {file}", count).format(count=count, file=files[year]))
    total = sum(moved.values())
    out(
        ngettext(
            "Moved {count} archived parcel to yearly archive files; read them with --all-years.",
            "Moved {count} archived parcels to yearly archive files; read them with --all-years.",
            total,
        ).format(count=total)
    )
    return EXIT_OK


def cmd_parcel_unarchive(args: argparse.Namespace) -> int:
    parcel = open_desk(args).unarchive(args.tracking)
    out(_("{tracking} is back on the desk.").format(tracking=parcel.tracking))
    return EXIT_OK


def cmd_parcel_delete(args: argparse.Namespace) -> int:
    parcel = open_desk(args).delete_parcel(args.tracking)
    out(_("Deleted {tracking}.").format(tracking=parcel.tracking))
    return EXIT_OK


COMMANDS = {
    ("parcel", "add"): cmd_parcel_add,
    ("parcel", "list"): cmd_parcel_list,
    ("parcel", "set"): cmd_parcel_set,
    ("parcel", "show"): cmd_parcel_show,
    ("parcel", "archive"): cmd_parcel_archive,
    ("parcel", "unarchive"): cmd_parcel_unarchive,
    ("parcel", "delete"): cmd_parcel_delete,
}
