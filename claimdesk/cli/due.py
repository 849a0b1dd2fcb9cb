"""`claimdesk due`: the live deadlines, as a list, JSON, a notification or a calendar file."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from claimdesk.cli.common import EXIT_DUE, EXIT_OK, CommandMaker, Parser, UsageError, duration, open_desk, out, when, write_stdout
from claimdesk.exporting import STDOUT
from claimdesk.i18n import _
from claimdesk.labels import label
from claimdesk.termtext import cell_len, pad


def add_commands(commands: Any, command: CommandMaker, common: Parser) -> None:
    due = command("due", _("list live deadlines, soonest first"))
    due.add_argument("--within", metavar="DURATION", help=_("e.g. 24h, 3d, 1w"))
    due.add_argument("--json", action="store_true")
    due.add_argument(
        "--notify",
        action="store_true",
        help=_("exit 1 when something is due (0 when nothing is) and show a desktop notification if possible"),
    )
    due.add_argument(
        "--ics",
        metavar="FILE.ics",
        help=_("write the clocks as a calendar file (one event each, an alarm 24 hours before); '-': standard output"),
    )
    due.add_argument("--force", action="store_true", help=_("with --ics: replace FILE.ics if it exists"))


def cmd_due(args: argparse.Namespace) -> int:
    from claimdesk.domain.deadlines import Urgency, is_missed, urgency
    from claimdesk.domain.instants import format_remaining, seconds_until
    from claimdesk.views import deadline_json

    within = duration(args.within, "--within")
    if args.ics is not None and args.json:
        raise UsageError(_("--ics writes a file, --json prints the clocks: use one of them (see 'claimdesk due --help')"))
    desk = open_desk(args, load=False)  # the clocks may come from the clock cache alone
    if args.ics == STDOUT:  # the calendar on standard output, and nothing else there
        count, pieces = desk.calendar_content(within)
        write_stdout(pieces)
        return EXIT_DUE if args.notify and count else EXIT_OK
    if args.ics is not None:
        count, written = desk.export_calendar(args.ics, within, overwrite=args.force)
        out(_("Wrote {count} deadline(s) to {file}: import it into your calendar.").format(count=count, file=written))
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
        out(_("Nothing due.") if within is None else _("Nothing due within {within}.").format(within=args.within))
        return status
    rows = []
    for deadline in deadlines:
        seconds = seconds_until(deadline.due, now)
        if is_missed(deadline.kind, deadline.due, now):
            state = _("OVERDUE (missed)")
        elif urgency(deadline.kind, seconds) is Urgency.OVERDUE:
            state = _("OVERDUE")
        else:
            state = ""
        rows.append((state, seconds, deadline))
    # columns measured in terminal cells (已逾期 is six), so every row's due time lines up
    state_width = max(cell_len(state) for state, _seconds, _deadline in rows)
    tracking_width = max(cell_len(deadline.tracking) for _state, _seconds, deadline in rows)
    for state, seconds, deadline in rows:
        lead = pad(state, state_width + 1) if state_width else ""
        out(
            f"{lead}{format_remaining(seconds):>14}  {when(deadline.due)}  {pad(deadline.tracking, tracking_width)}  "
            f"{label('clock', deadline.kind)} ({label('type', deadline.complaint_type)})"
        )
    return status


COMMANDS = {("due", None): cmd_due}
