"""`claimdesk import FILE` and `claimdesk import --profiles`: the words around the import engine.

Exit 0 when rows were imported (or were on the desk already), 2 when nothing could be; with
--dry-run nothing is written and the exit status says what the import would do.
"""

from __future__ import annotations

import argparse
import json
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any

from claimdesk.cli.common import EXIT_INPUT, EXIT_OK, out
from claimdesk.domain.errors import ValidationError
from claimdesk.i18n import _, ngettext
from claimdesk.termtext import one_line

SHOWN_BAD_ROWS = 20  # on the terminal; --json has the first 1,000


def _usd_rate(text: str | None) -> Decimal | None:
    from claimdesk.domain.money import parse_usd_rate

    return None if text is None else parse_usd_rate(text, "--usd-rate")


def _source(file: str) -> tuple[Path, str]:
    if file == "-":
        return Path("/dev/stdin"), _("standard input")
    return Path(file), file


def run_import(args: argparse.Namespace, desk: Any, progress: Any) -> int:
    from claimdesk.importing import ImportOptions, ImportRefused
    from claimdesk.importing.report import ImportReport
    from claimdesk.locations import config_folder

    if not args.file:
        raise ValidationError("FILE", _("name the file to import (or --profiles to list the profiles)"))
    path, label = _source(args.file)
    options = ImportOptions(
        update=args.update,
        profile=args.profile,
        mapping=Path(args.map) if args.map else None,
        encoding=args.encoding,
        sheet=args.sheet,
        date_order=args.date_order,
        usd_rate=_usd_rate(args.usd_rate),
        decimal_comma=args.decimal_comma,
    )
    try:
        report = desk.import_file(path, options, config=config_folder(), dry_run=args.dry_run, progress=progress, label=label)
    except ImportRefused as refused:
        if not args.json or refused.plan is None:
            raise
        report = ImportReport.of(refused.plan, written=False)
        _print_json(report, label)
        _print_bad_rows(report)
        return EXIT_INPUT
    finally:
        if progress is not None:
            progress.close()
    if args.json:
        _print_json(report, label)
    else:
        _print_text(report, label, args.dry_run)
    _print_bad_rows(report)
    if report.imported:
        return EXIT_OK
    if not report.bad:
        print("claimdesk: " + _("{file} has no parcels to import").format(file=label), file=sys.stderr)
    return EXIT_INPUT


def _print_json(report: Any, label: str) -> None:
    from claimdesk.importing.report import report_json

    sys.stdout.write(json.dumps(report_json(report, label), ensure_ascii=False, indent=2) + "\n")


def _how_read(plan: Any) -> str:
    if plan.kind == "csv":
        how = _("{encoding} text, {delimiter}-separated").format(encoding=plan.encoding, delimiter=_delimiter_name(plan.delimiter))
    else:
        how = _("sheet {sheet!r} of the workbook").format(sheet=plan.sheet)
    return _("{how}, profile {profile}").format(how=how, profile=plan.profile)


def _delimiter_name(delimiter: str | None) -> str:
    return {",": _("comma"), ";": _("semicolon"), "\t": _("tab"), "|": _("pipe")}.get(delimiter or ",", delimiter or ",")


def _print_text(report: Any, label: str, dry_run: bool) -> None:
    plan = report.plan
    out(_("Read {file}: {how}.").format(file=label, how=_how_read(plan)))
    if plan.unplaced:
        out(_("Columns not read: {names}").format(names=", ".join(plan.unplaced)))
    for note in plan.notes:
        out(_("Note: {note}").format(note=note))
    counts = _("{added} added, {updated} updated, {unchanged} unchanged, {incomplete} incomplete, {bad} bad").format(
        added=report.added, updated=report.updated, unchanged=report.unchanged, incomplete=report.incomplete, bad=report.bad
    )
    if report.not_shipped:
        counts += "; " + ngettext(
            "{count} order not shipped yet (no tracking number)", "{count} orders not shipped yet (no tracking number)", report.not_shipped
        ).format(count=report.not_shipped)
    if dry_run:
        out(_("Dry run, nothing written: {file} would give {counts}.").format(file=label, counts=counts))
    else:
        out(_("Imported {file}: {counts}.").format(file=label, counts=counts))
    if report.incomplete:
        out(_("Incomplete parcels miss what the compensation needs: 'claimdesk parcel list --incomplete' lists them."))


def _print_bad_rows(report: Any) -> None:
    for error in report.errors[:SHOWN_BAD_ROWS]:
        print(_("bad {row}").format(row=one_line(error)), file=sys.stderr)
    more = report.bad - min(len(report.errors), SHOWN_BAD_ROWS)
    if more > 0:
        print(_("… and {count} more bad row(s) (import --json lists the first 1,000)").format(count=more), file=sys.stderr)


def list_profiles(args: argparse.Namespace) -> int:
    """`import --profiles`: every profile known here and the headers each reads."""
    from claimdesk.importing.mapping import all_profiles
    from claimdesk.locations import config_folder

    folder = config_folder()
    profiles, problems = all_profiles(folder)
    if args.json:
        payload = {
            "config_folder": str(folder),
            "profiles": [
                {
                    "name": p.name,
                    "title": _(p.title),
                    "source": p.source,
                    "columns": {k: list(v) for k, v in p.columns.items()},
                    "words": {k: dict(v) for k, v in p.words.items()},
                }
                for p in profiles
            ],
            "problems": problems,
        }
        sys.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2) + "\n")
        return EXIT_OK
    for profile in profiles:
        source = _("built in") if profile.source == "built in" else profile.source
        out(f"{profile.name}: {_(profile.title)} ({source})")
        for field, texts in profile.columns.items():
            out(f"  {field}: " + " | ".join(texts))
    out(_("Mappings saved as NAME.toml in {folder} are profiles too (README: 'Your own mapping').").format(folder=folder))
    for problem in problems:
        print("claimdesk: " + problem, file=sys.stderr)
    return EXIT_OK
