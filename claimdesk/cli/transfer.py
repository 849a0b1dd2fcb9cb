"""`claimdesk import` and `claimdesk export`: parcels in and out as CSV, and the complaint ledger."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from claimdesk.cli.common import EXIT_OK, CommandMaker, Parser, UsageError, open_desk, out, write_stdout
from claimdesk.exporting import STDOUT
from claimdesk.i18n import _

if TYPE_CHECKING:
    from claimdesk.cli.progress import ProgressBar


def add_commands(commands: Any, command: CommandMaker, common: Parser) -> None:
    importer = command(
        "import",
        _("import parcels from a seller centre, logistics or forwarder export (.xlsx, .xls, CSV/TSV/TXT), or the desk's own export"),
    )
    importer.add_argument("file", metavar="FILE", nargs="?", help=_("the file to import ('-' reads standard input)"))
    importer.add_argument(
        "--update",
        action="store_true",
        help=_(
            "rows whose number (tracking or another of its numbers) is on the desk update that parcel with their "
            "non-empty cells; new numbers are added"
        ),
    )
    importer.add_argument("--profile", metavar="NAME", help=_("read the file with this profile (default: recognised from the header)"))
    importer.add_argument("--map", metavar="MAPPING.toml", help=_("read the file with your own column mapping"))
    importer.add_argument("--encoding", metavar="NAME", help=_("the text file's encoding (default: detected), e.g. gb18030"))
    importer.add_argument("--sheet", metavar="NAME", help=_("the workbook's sheet to read (default: the first)"))
    importer.add_argument("--date-order", choices=("ymd", "dmy", "mdy"), help=_("how to read dates like 11/03/2026 (never guessed)"))
    importer.add_argument("--usd-rate", metavar="RATE", help=_("yuan per US dollar, to convert US $ amounts"))
    importer.add_argument(
        "--decimal-comma", action="store_true", help=_("numbers use a decimal comma (23,50; 1.234,50); a ';' file always does")
    )
    importer.add_argument("--dry-run", action="store_true", help=_("read and report, write nothing"))
    importer.add_argument("--json", action="store_true", help=_("the report as JSON"))
    importer.add_argument("--profiles", action="store_true", help=_("list the profiles known here and the headers each reads"))
    importer.add_argument("--skip-invalid", action="store_true", help=argparse.SUPPRESS)  # the default now; kept for old scripts
    exporter = command("export", _("export parcels (or the complaint ledger) to CSV, or to a workbook for FILE.xlsx"))
    exporter.add_argument("file", metavar="FILE", help=_("FILE.csv, FILE.xlsx, or '-' for standard output (CSV)"))
    exporter.add_argument("--force", action="store_true", help=_("replace FILE if it exists"))
    exporter.add_argument(
        "--no-bom",
        action="store_true",
        help=_("CSV without the UTF-8 byte-order mark (Excel needs it to read Chinese; some tools dislike it)"),
    )
    exporter.add_argument(
        "--complaints",
        action="store_true",
        help=_("the complaint ledger: one row per complaint (stage or outcome, money, each event's instant)"),
    )
    exporter.add_argument("--all-years", action="store_true", help=_("with --complaints: the yearly archive files' complaints too"))


def cmd_import(args: argparse.Namespace) -> int:
    from claimdesk.cli.importing import list_profiles, run_import

    if args.profiles:
        return list_profiles(args)
    return run_import(args, open_desk(args), _progress_bar(_("Importing")) if sys.stderr.isatty() and not args.json else None)


def _progress_bar(label: str) -> ProgressBar:
    from claimdesk.cli.progress import ProgressBar

    return ProgressBar(label)


def cmd_export(args: argparse.Namespace) -> int:
    desk = open_desk(args)
    if args.all_years and not args.complaints:
        raise UsageError(_("--all-years goes with --complaints (see 'claimdesk export --help')"))
    bom = not args.no_bom
    if args.file == STDOUT:  # the file's bytes on standard output, and nothing else there
        if args.complaints:
            _count, content = desk.complaints_export("export.csv", all_years=args.all_years, bom=bom)
        else:
            _count, content = desk.parcels_export("export.csv", bom=bom)
        write_stdout(content)
        return EXIT_OK
    if args.complaints:
        complaints, written = desk.export_complaints_csv(args.file, overwrite=args.force, all_years=args.all_years, bom=bom)
        out(_("Exported {count} complaint(s) to {file}.").format(count=complaints, file=written))
        return EXIT_OK
    count = desk.export_csv(Path(args.file), overwrite=args.force, bom=bom)
    out(_("Exported {count} parcel(s) to {file}.").format(count=count, file=args.file))
    return EXIT_OK


COMMANDS = {
    ("import", None): cmd_import,
    ("export", None): cmd_export,
}
