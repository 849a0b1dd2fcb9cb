"""Exports: the parcel CSV, the complaint ledger, the calendar, and the one check every file
the desk writes on request goes through."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable, Iterator
from datetime import datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

from claimdesk.domain.compensation import Compensation, Incident, UnknownCompensation
from claimdesk.domain.complaints import Complaint, Stage
from claimdesk.domain.deadlines import Deadline
from claimdesk.domain.errors import ValidationError
from claimdesk.domain.instants import platform_time
from claimdesk.domain.parcels import Parcel
from claimdesk.gc_pause import LASTING_FROM, gc_paused, keep_out_of_collections
from claimdesk.i18n import _
from claimdesk.services.compensation import CompensationUseCases
from claimdesk.services.deadlines import DeadlineUseCases

if TYPE_CHECKING:
    from claimdesk.calendar_export import CalendarEvent


def soonest_key(event: CalendarEvent) -> tuple[datetime, str, str]:
    """Events in `due`'s order: soonest first, then by tracking number and clock."""
    return event.deadline.due, event.deadline.tracking, event.deadline.kind


class ExportTargetExists(ValidationError):
    """The export's target file exists: replace it only when the seller says so (exit 2)."""


class AllYears:
    """The desk and its yearly archive files as one source for the reports (reports.ReportSource):
    the complaints of each file in turn, one file in memory at a time; the clocks, the stages and
    the calculator are the desk's, with its settings. A parcel still on the desk is read from the
    desk only (a move cut short leaves a copy in a yearly file)."""

    def __init__(self, desk: ExportUseCases) -> None:
        self._desk = desk

    def now(self) -> datetime:
        return self._desk.now()

    def complaints_by_parcel(self) -> Iterator[tuple[Parcel, list[Complaint]]]:
        yield from self._desk.complaints_by_parcel()
        on_desk = self._desk.has_parcel_on_desk
        for year in self._desk.yearly_desks():
            for parcel, complaints in year.complaints_by_parcel():
                if not on_desk(parcel.tracking):
                    yield parcel, complaints

    def stage(self, complaint: Complaint, at: datetime | None = None) -> Stage:
        return self._desk.stage(complaint, at)

    def expected_compensation(
        self, parcel: Parcel, incident: Incident | None = None, actual_loss: Decimal | None = None
    ) -> Compensation | UnknownCompensation:
        return self._desk.expected_compensation(parcel, incident, actual_loss)

    def write_export(self, path: str | Path, content: str | bytes, *, overwrite: bool = False) -> Path:
        return self._desk.write_export(path, content, overwrite=overwrite)


class ExportUseCases(DeadlineUseCases, CompensationUseCases):
    def export_complaints_csv(
        self, path: str | Path, *, overwrite: bool = False, all_years: bool = False, bom: bool = True
    ) -> tuple[int, Path]:
        """The complaint ledger (reports.ledger) as CSV (or a workbook for FILE.xlsx), through the
        checked export; returns the number of complaints and the file written. `all_years`: the
        yearly archive files' too."""
        self.check_export_target(path, overwrite=overwrite)  # refused before reading every year
        count, content = self.complaints_export(path, all_years=all_years, bom=bom)
        return count, self.write_export(path, content, overwrite=overwrite)

    def complaints_export(self, name: str | Path, *, all_years: bool = False, bom: bool = True) -> tuple[int, bytes]:
        """The complaint ledger's bytes as file `name` wants them (.xlsx: a workbook; else CSV):
        for standard output, or write_export."""
        from claimdesk.exporting import table_bytes
        from claimdesk.reports import ledger, ledger_table

        rows = ledger(AllYears(self) if all_years else self)
        return len(rows), table_bytes(ledger_table(rows), name, bom=bom)

    def export_calendar(self, path: str | Path, within: timedelta | None = None, *, overwrite: bool = False) -> tuple[int, Path]:
        """The clocks `due` lists (within `within`), as an iCalendar file through the checked
        export; returns the number of events and the file written."""
        self.check_export_target(path, overwrite=overwrite)  # refused before any clock is read
        live, pieces = self.calendar_content(within)
        return live, self.write_export(path, pieces, overwrite=overwrite)

    def calendar_content(self, within: timedelta | None = None) -> tuple[int, Iterator[bytes]]:
        """The calendar file's live event count and its bytes, in pieces: streamed, each event
        made as it is written (to the temp file of write_export, or standard output for `-`)."""
        now = self.now()
        with gc_paused():  # 300,000 events at 1M parcels, none in a reference cycle
            events = self.calendar_events(within, now)
            if len(events) >= LASTING_FROM:
                # Kept until written, with the clock cache's entries: out of the collector's
                # scans, or the pause's end walks them all (1.7 million objects, ~0.5 s at 1M).
                keep_out_of_collections()
        live = sum(1 for event in events if not event.cancelled)
        return live, _paused_pieces(events, now)

    def calendar_events(self, within: timedelta | None, now: datetime) -> list[CalendarEvent]:
        """The calendar's events at `now`: the clocks `due` lists (within `within`), soonest
        first, then each clock that ended in the last 30 days, cancelled (calendar_export)."""
        from claimdesk.calendar_export import ended_lately, events_from_record

        now = platform_time(now)
        clocks = self.counting_clocks(now, lambda facts, counting, settings: ended_lately(facts.changes, counting, now, settings))
        counting: dict[str, list[Deadline]] = {}
        for deadline in clocks.deadlines:
            counting.setdefault(deadline.tracking, []).append(deadline)
        live: list[CalendarEvent] = []
        ended: list[CalendarEvent] = []
        for tracking, facts in clocks.facts.items():
            history = clocks.ended.get(tracking, [])
            revision = clocks.settings_rev + facts.revision
            for event in events_from_record(
                history, facts.changes, facts.created_at, counting.get(tracking, []), now, clocks.settings, revision
            ):
                (ended if event.cancelled else live).append(event)
        if within is not None:
            live = [event for event in live if event.deadline.due <= now + within]
        live.sort(key=soonest_key)
        ended.sort(key=soonest_key)
        return live + ended

    def export_csv(self, path: str | Path, *, overwrite: bool = False, bom: bool = True) -> int:
        """Every parcel as CSV (UTF-8 with a BOM unless bom=False) or, for FILE.xlsx, a workbook,
        through the checked export (see write_export)."""
        self.check_export_target(path, overwrite=overwrite)
        count, content = self.parcels_export(path, bom=bom)
        self.write_export(path, content, overwrite=overwrite)
        return count

    def parcels_export(self, name: str | Path, *, bom: bool = True) -> tuple[int, bytes]:
        """Every parcel's bytes as file `name` wants them (.xlsx: a workbook; else CSV)."""
        from claimdesk.exporting import table_bytes
        from claimdesk.exporting.parcels import parcel_table

        parcels = list(self._repo.parcels())
        return len(parcels), table_bytes(parcel_table(parcels), name, bom=bom)

    # ------------------------------------------------------------------ exports

    def check_export_target(self, path: str | Path, *, overwrite: bool = False) -> Path:
        """The file an export to `path` would write (symlinks and `..` resolved), or why not.

        The one check every file the desk writes on request goes through (the parcel CSV, the
        dashboard, the complaint ledger, the calendar): refused (ValidationError, exit 2) when
        it is the data file, its lock, a backup or a temp file of the store, a folder, or in a
        folder that does not exist; ExportTargetExists when the file is there and `overwrite`
        is off.
        """
        text = str(path).strip()
        if not text:
            raise ValidationError("file", _("name the file to write"))
        target = Path(text).expanduser()
        own = self._repo.own_file(target)
        if own is not None:
            what = {
                "data": _("is claimdesk's data file {data}"),
                "lock": _("is the lock file of claimdesk's data file {data}"),
                "backup": _("is a backup of claimdesk's data file {data}"),
                "temp": _("is a temporary file of claimdesk's data file {data}"),
                "stamp": _("is the validation stamp of claimdesk's data file {data}"),
                "cache": _("is the clock cache of claimdesk's data file {data}"),
                "archive": _("is a yearly archive file of claimdesk's data file {data}"),
            }[own].format(data=self.path)
            raise ValidationError("file", _("{path} {what}: refusing to write over it; choose another file").format(path=target, what=what))
        real = Path(os.path.realpath(target))
        if os.path.islink(target) and not os.path.exists(target):
            # A dangling link: creating the file it names would let whoever placed the link (in a
            # shared folder) choose where the export lands. Refused; the seller names the file.
            raise ValidationError(
                "file",
                _(
                    "{path} is a symbolic link to {real}, which does not exist: claimdesk does not create a file "
                    "through a link; name the file itself"
                ).format(path=target, real=os.readlink(target)),
            )
        if _is_special(target):
            # /dev/stdout, a terminal, a pipe: realpath names /proc/.../pipe:[...], which cannot be
            # replaced. An export is a file written whole, then renamed into place.
            raise ValidationError(
                "file", _("{path} is not a regular file (a terminal, a pipe or a device): name a file to write").format(path=target)
            )
        if real.is_dir():
            raise ValidationError("file", _("{path} is a directory: name a file in it").format(path=target))
        if not real.parent.is_dir():
            raise ValidationError("file", _("folder {folder} does not exist").format(folder=target.parent))
        if os.path.lexists(real):
            if not real.is_file():
                raise ValidationError("file", _("{path} exists and is not a regular file").format(path=target))
            if not overwrite:
                raise ExportTargetExists("file", _("{path} already exists: add --force to replace it").format(path=target))
        return real

    def write_export(self, path: str | Path, content: str | bytes | Iterable[bytes], *, overwrite: bool = False) -> Path:
        """Write an export atomically and 0600 after check_export_target; returns the file written.
        `content` may be pieces of bytes (a generator: written as they come).

        A full disk or a read-only folder is DataFileError (exit 4), with nothing changed.
        """
        from claimdesk.store.atomic import write_atomic

        target = self.check_export_target(path, overwrite=overwrite)
        write_atomic(target, content.encode("utf-8") if isinstance(content, str) else content)
        return target


def _paused_pieces(events: list[CalendarEvent], now: datetime) -> Iterator[bytes]:
    """calendar_pieces, written with the collector paused (each piece is garbage once written)."""
    from claimdesk.calendar_export import calendar_pieces

    with gc_paused():
        yield from calendar_pieces(events, now)


def _is_special(path: Path) -> bool:
    """The path names (through any link) something that exists and is neither a regular file nor
    a folder: a device, a FIFO, a socket, a pipe."""
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return False
    return not (stat.S_ISREG(mode) or stat.S_ISDIR(mode))
