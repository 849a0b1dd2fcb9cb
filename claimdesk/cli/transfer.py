"""`claimdesk import` and `claimdesk export`: parcels in and out as CSV, and the complaint ledger."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from claimdesk.cli.common import EXIT_OK, CommandMaker, Parser, UsageError, open_desk, out
from claimdesk.i18n import _
from claimdesk.termtext import one_line


def add_commands(commands: Any, command: CommandMaker, common: Parser) -> None:
    importer = command("import", _("import parcels from CSV (all or nothing)"))
    importer.add_argument("file", metavar="FILE.csv")
    importer.add_argument("--skip-invalid", action="store_true", help=_("import the good rows, report the bad"))
    importer.add_argument(
        "--update",
        action="store_true",
        help=_(
            "rows whose tracking number is on the desk update that parcel with their non-empty cells "
            "(any columns, e.g. tracking,status,last_tracking_at); new numbers need the full columns"
        ),
    )
    exporter = command("export", _("export parcels to CSV, or the complaint ledger"))
    exporter.add_argument("file", metavar="FILE.csv")
    exporter.add_argument("--force", action="store_true", help=_("replace FILE.csv if it exists"))
    exporter.add_argument(
        "--complaints",
        action="store_true",
        help=_("the complaint ledger: one row per complaint (stage or outcome, money, each event's instant)"),
    )
    exporter.add_argument(
        "--all-years", action="store_true", help=_("with --complaints: the yearly archive files' complaints too")
    )


def cmd_import(args: argparse.Namespace) -> int:
    desk = open_desk(args)
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
    out(
        message.format(
            count=report.added,
            added=report.added,
            updated=report.updated,
            unchanged=report.unchanged,
            file=args.file,
            skipped=len(report.skipped),
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
    desk = open_desk(args)
    if args.all_years and not args.complaints:
        raise UsageError(_("--all-years goes with --complaints (see 'claimdesk export --help')"))
    if args.complaints:
        complaints, written = desk.export_complaints_csv(args.file, overwrite=args.force, all_years=args.all_years)
        out(_("Exported {count} complaint(s) to {file}.").format(count=complaints, file=written))
        return EXIT_OK
    count = desk.export_csv(Path(args.file), overwrite=args.force)
    out(_("Exported {count} parcel(s) to {file}.").format(count=count, file=args.file))
    return EXIT_OK


COMMANDS = {
    ("import", None): cmd_import,
    ("export", None): cmd_export,
}
