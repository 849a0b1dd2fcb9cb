"""How a refusal reaches the seller: one line on stderr, naming the option they typed."""

from __future__ import annotations

import argparse

from claimdesk.domain.errors import ClaimdeskError, ValidationError
from claimdesk.i18n import _, ngettext
from claimdesk.termtext import one_line

# The option that carries each parcel field, so a refusal names what the seller typed.
PARCEL_FLAGS = {
    "tracking": "--tracking",
    "other_numbers": "--also",
    "drop_also": "--drop-also",
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
    "usd_rate": "--usd-rate",
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
    "complaint received": {"received": "--amount", "amount": "--amount", "attempt": "--attempt", "at": "--at"},
    "complaint third-party": {"follow_up_at": "--follow-up", "note": "--note", "contact": "--contact", "at": "--at"},
    "complaint undo": {"reason": "--reason"},
    "complaint note": {"note": "--set"},
    "parcel list": {"status": "--status", "service": "--service", "stage": "--stage"},
    "import": {"map": "--map", "profile": "--profile", "encoding": "--encoding", "sheet": "--sheet", "usd_rate": "--usd-rate"},
}


def as_flag(error: ValidationError, args: argparse.Namespace | None) -> ValidationError:
    """The same refusal, naming the command-line option the seller typed rather than the field."""
    command = getattr(args, "command", None) or ""
    flags = FIELD_FLAGS.get(f"{command} {getattr(args, 'action', None)}") or FIELD_FLAGS.get(command, {})
    flag = flags.get(error.field)
    return ValidationError(flag, error.message) if flag else error


def report_lines(error: ClaimdeskError) -> list[str]:
    """An error as printed: one line; a refused import adds one line per bad row."""
    from claimdesk.importing import ImportRefused

    if isinstance(error, ImportRefused):
        count = error.bad
        head = "claimdesk: " + ngettext("{count} bad row: nothing imported", "{count} bad rows: nothing imported", count).format(
            count=count
        )
        lines = [head, *(one_line(row) for row in error.errors[:20])]
        if count > 20:
            lines.append(_("… and {count} more bad row(s) (import --json lists the first 1,000)").format(count=count - 20))
        return lines
    return [f"claimdesk: {one_line(error)}"]


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
        f"\\x{ord(ch) - 0xDC00:02x}" if "\udc80" <= ch <= "\udcff" else f"\\u{ord(ch):04x}" if "\ud800" <= ch <= "\udfff" else ch
        for ch in text
    )


def refuse_undecodable(parser: argparse.ArgumentParser, args: argparse.Namespace) -> None:
    """An argument that was not UTF-8 (`--carrier $'Yan\\xffwen'`) is exit 2 before any command
    runs: its bytes reach Python as lone surrogates, which no UTF-8 file can hold."""
    from claimdesk.domain.parcels import has_undecodable

    for dest, value in vars(args).items():
        if dest in _PATH_DESTS or not isinstance(value, str) or not has_undecodable(value):
            continue
        shown = _shown_bytes(value[:40])
        raise ValidationError(_argument_name(parser, args, dest), _("not valid UTF-8 text: {text}").format(text=f"'{shown}'"))
