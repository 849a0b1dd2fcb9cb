"""What importing a file would do, before anything is written: the engine's one entry point.

    file -> Table (sources) -> header -> ProfileMatch (profiles) -> desk fields per row (fields)
         -> ImportPlan (added, updated, unchanged, incomplete, bad rows)  -> Desk.apply_import

Rows stream: only the parcels to write are kept, and of the bad rows the first KEPT_ERRORS in
full (the rest are counted), so a file of a million bad rows costs little memory. Good rows are
imported and bad ones reported (exit 0 when something was imported, 2 when nothing could be);
`all_or_nothing` refuses the whole file on any bad row (the app's choice).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from claimdesk.domain.errors import ValidationError
from claimdesk.domain.parcels import PARCEL_FIELDS, FieldErrors, Parcel, parcel_from_fields, parcel_to_fields
from claimdesk.domain.tracking import normalise
from claimdesk.i18n import _
from claimdesk.importing.fields import ReadOptions, RowReader, blank
from claimdesk.importing.profiles import CARRIER_AND_TRACKING, SHIPPED_AT, Profile, ProfileMatch, best_match, match
from claimdesk.importing.rows import ImportRefused, RowError
from claimdesk.importing.sources import Table, open_table

KEPT_ERRORS = 1000
REQUIRED = ("tracking", "service", "created_at")  # what a new parcel needs (docs/rules.md section 1)
_STANDS_FOR = {"tracking": CARRIER_AND_TRACKING, "created_at": SHIPPED_AT}

Progress = Callable[[int, int], None]
Lookup = Callable[[str], Parcel | None]


@dataclass(frozen=True)
class ParcelUpdate:
    """A row that changes a parcel on the desk: the parcel before and after."""

    line: int
    before: Parcel
    after: Parcel

    def changes(self) -> list[tuple[str, str, str]]:
        """(field, before, after) for every field that changes, as the CSV writes them."""
        was, now = parcel_to_fields(self.before), parcel_to_fields(self.after)
        return [(name, was[name], now[name]) for name in PARCEL_FIELDS if was[name] != now[name]]


@dataclass(frozen=True)
class ImportOptions:
    """What the seller asked for (the flags of `claimdesk import`)."""

    update: bool = False
    profile: str | None = None
    mapping: Path | None = None
    encoding: str | None = None
    sheet: str | None = None
    date_order: str | None = None
    usd_rate: Decimal | None = None
    # '23,50' and '1.234,50' read with a decimal comma: always in a ';' file, on request in any
    # other (Excel's 'Unicode text' from a decimal-comma locale is tab-separated).
    decimal_comma: bool = False
    all_or_nothing: bool = False


@dataclass
class ImportPlan:
    """What importing a file would do, and how the file was read."""

    added: list[Parcel] = field(default_factory=list)
    updated: list[ParcelUpdate] = field(default_factory=list)
    unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)  # the first KEPT_ERRORS bad rows
    bad: int = 0  # every bad row
    skipped: int = 0  # order-export rows without a tracking number: not shipped yet
    kind: str = ""
    encoding: str | None = None
    delimiter: str | None = None
    sheet: str | None = None
    profile: str = ""
    columns: dict[str, list[str]] = field(default_factory=dict)  # desk field -> header texts
    unplaced: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    usd_rate: Decimal | None = None
    # The US dollar columns left out for want of a rate (also said in `notes`, in the command
    # line's words: the app says it in its own).
    usd_left_out: list[str] = field(default_factory=list)

    @property
    def writes(self) -> bool:
        return bool(self.added or self.updated)

    @property
    def incomplete(self) -> int:
        """Parcels written that still miss a field the compensation needs (docs/rules.md section 1)."""
        return sum(1 for parcel in self._written() if parcel.incomplete)

    def _written(self) -> Iterator[Parcel]:
        yield from self.added
        yield from (change.after for change in self.updated)

    def add_error(self, error: RowError) -> None:
        self.bad += 1
        if len(self.errors) < KEPT_ERRORS:
            self.errors.append(error)


def read_header(table: Table) -> tuple[int, list[Any]]:
    """The header: the first row with any text (a sheet may start with blank rows)."""
    for line, row in table.rows:
        if isinstance(row, RowError):
            raise ImportRefused([row])
        if not blank(row):
            return line, row
    if len(table.sheets) > 1:
        raise ValidationError(
            "sheet",
            _("sheet {sheet!r} of {path} is empty; its sheets: {names} (choose one with --sheet NAME)").format(
                sheet=table.sheet, path=table.label, names=", ".join(table.sheets)
            ),
        )
    raise ValidationError("file", _("{path} has no header row: it is empty").format(path=table.label))


def choose_profile(header: list[Any], profiles: list[Profile], options: ImportOptions, label: str) -> ProfileMatch:
    """The profile the seller forced, else the one that recognises the header."""
    if options.profile is not None:
        chosen = next((profile for profile in profiles if profile.name == options.profile), None)
        if chosen is None:
            raise ValidationError(
                "profile",
                _("no profile {name!r} (profiles: {names}; see claimdesk import --profiles)").format(
                    name=options.profile, names=", ".join(profile.name for profile in profiles)
                ),
            )
        found = match(chosen, header)
        if not found.recognised:
            raise ValidationError(
                "profile", _("{path}: profile {name} finds no tracking number column in the header").format(path=label, name=chosen.name)
            )
        return found
    best = best_match(profiles, header)
    if best is None:
        shown = ", ".join(repr(str(cell).strip()[:30]) for cell in header if str(cell or "").strip())[:400]
        raise ValidationError(
            "file",
            _(
                "{path}: no profile recognises its columns ({columns}): pass --map MAPPING.toml naming the tracking number "
                "column, or --profile NAME (claimdesk import --profiles lists them)"
            ).format(path=label, columns=shown),
        )
    return best


def header_problems(found: ProfileMatch, update: bool) -> list[str]:
    problems = []
    for name, texts in found.columns().items():
        if len(texts) > 1 and name != "other_numbers":
            problems.append(
                _("column {column} appears {count} times ({names}): keep one").format(
                    column=name, count=len(texts), names=", ".join(repr(text[:30]) for text in texts)
                )
            )
    if not update:
        have = found.fields
        missing = [
            name
            for name in REQUIRED
            if name not in have
            and _STANDS_FOR.get(name) not in have
            and not (name == "service" and found.profile.service_default)
            and name not in found.profile.defaults
        ]
        if missing:
            problems.append(_("missing column(s) {names}").format(names=", ".join(missing)))
    return problems


def plan_file(
    path: Path,
    options: ImportOptions,
    *,
    profiles: list[Profile],
    lookup: Lookup,
    progress: Progress | None = None,
    now: datetime | None = None,
    label: str | None = None,
) -> ImportPlan:
    """Read and check the file without writing. `lookup` finds a parcel on the desk by a number."""
    with open_table(path, encoding=options.encoding, sheet=options.sheet, label=label) as table:
        plan = ImportPlan(kind=table.kind, encoding=table.encoding, delimiter=table.delimiter, sheet=table.sheet, usd_rate=options.usd_rate)
        _line, header = read_header(table)
        found = choose_profile(header, profiles, options, table.label)
        if found.profile.usd_amounts and options.usd_rate is None:
            dropped = {index: name for index, name in found.placed.items() if name in ("declared_value", "shipping_fee", "inquiry_fee")}
            if dropped:
                plan.usd_left_out = [str(found.header[i]).strip() for i in dropped]
                found = ProfileMatch(
                    found.profile,
                    found.header,
                    {i: n for i, n in found.placed.items() if i not in dropped},
                    (*found.unplaced, *(found.header[i] for i in dropped)),
                )
                plan.notes.append(
                    _("amounts in US dollars ({columns}) left out: pass --usd-rate RATE to keep them").format(
                        columns=", ".join(plan.usd_left_out)
                    )
                )
        plan.profile = found.profile.name
        plan.columns = found.columns()
        plan.unplaced = list(found.unplaced)
        problems = header_problems(found, options.update)
        if problems:
            if options.mapping is None:
                problems.append(
                    _("(read with profile {name}; pass --map MAPPING.toml to say which column is which)").format(name=found.profile.name)
                )
            plan.add_error(RowError(_line, "header", "; ".join(problems), stops=True))
            raise ImportRefused(plan.errors, plan.bad, plan)
        reader = RowReader(
            found, ReadOptions(options.date_order, options.usd_rate, decimal_comma=options.decimal_comma or table.delimiter == ";")
        )
        total = count_lines(path) if progress is not None and table.kind == "csv" and path.is_file() else 0
        _plan_rows(plan, table, reader, len(header), options, lookup, _Progress(progress, total) if progress else None, now)
    if (plan.bad and options.all_or_nothing) or any(error.stops for error in plan.errors):
        raise ImportRefused(plan.errors, plan.bad, plan)
    return plan


def count_lines(path: Path) -> int:
    """Physical lines, for the progress bar: one bounded pass over a regular file."""
    count = 0
    last = b""
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 20):
            count += chunk.count(b"\n") + chunk.count(b"\r") - chunk.count(b"\r\n") - (last == b"\r" and chunk[:1] == b"\n")
            last = chunk[-1:]
    return count


class _Progress:
    """Lines done out of the file's lines (when known: a regular text file), for a progress bar."""

    def __init__(self, report: Progress, total: int) -> None:
        self.report = report
        self.total = total

    def __call__(self, done: int, _total: int) -> None:
        self.report(done, max(self.total, done))


def _plan_rows(
    plan: ImportPlan,
    table: Table,
    reader: RowReader,
    width: int,
    options: ImportOptions,
    lookup: Lookup,
    progress: Progress | None,
    now: datetime | None,
) -> None:
    seen: dict[str, int] = {}
    skips = reader.found.profile.skips_unshipped
    line = 0
    for index, (line, row) in enumerate(table.rows):
        if progress is not None and index % 2000 == 0:
            progress(line, line)
        if isinstance(row, RowError):
            plan.add_error(row)
            if row.stops:
                break
            continue
        if blank(row):
            continue
        if table.kind == "csv" and len(row) > width and any(str(cell).strip() for cell in row[width:]):
            plan.add_error(RowError(line, "", _("expected {expected} cells, found {found}").format(expected=width, found=len(row))))
            continue
        fields, errors = reader.read(row)
        if not fields.get("tracking") and skips and not any(error.field in ("tracking", CARRIER_AND_TRACKING) for error in errors):
            plan.skipped += 1  # an order not shipped yet: no parcel
            continue
        if errors:
            plan.add_error(RowError.of(line, FieldErrors(_with_field_errors(errors, fields, now))))
            continue
        if not fields.get("tracking"):
            plan.add_error(RowError(line, "tracking", _("no tracking number")))
            continue
        _plan_row(plan, line, fields, seen, options, lookup, now)
    if progress is not None:
        progress(line, line)


def _with_field_errors(errors: list[ValidationError], fields: dict[str, str], now: datetime | None) -> list[ValidationError]:
    """A row with unreadable cells: those, and what the desk finds wrong in its other cells, in
    field order, so the seller fixes the row once."""
    bad = {error.field for error in errors}
    try:
        parcel_from_fields(fields, now)
    except FieldErrors as refused:
        errors = errors + [error for error in refused.errors if error.field not in bad]
    except ValidationError as refused:
        errors = errors + ([refused] if refused.field not in bad else [])
    order = {name: index for index, name in enumerate(PARCEL_FIELDS)}
    return sorted(errors, key=lambda error: order.get(error.field, len(order)))


def _numbers(fields: dict[str, str]) -> list[str]:
    others = fields.get("other_numbers", "")
    return [normalise(number) for number in (fields["tracking"], *others.replace(",", " ").split()) if number.strip()]


def _plan_row(
    plan: ImportPlan,
    line: int,
    fields: dict[str, str],
    seen: dict[str, int],
    options: ImportOptions,
    lookup: Lookup,
    now: datetime | None,
) -> None:
    numbers = _numbers(fields)
    before = next((found for number in numbers if (found := lookup(number)) is not None), None)
    if before is not None:
        # Found by any of its numbers: the parcel keeps its tracking number, and the row's other
        # numbers join those it has.
        known = dict.fromkeys((*before.other_numbers, *(n for n in numbers if n != before.tracking)))
        fields = {**fields, "tracking": before.tracking}
        if known:
            fields["other_numbers"] = ", ".join(known)
    try:
        if before is not None:
            parcel = parcel_from_fields({**parcel_to_fields(before), **fields}, now).with_changes(archived_at=before.archived_at)
        else:
            parcel = parcel_from_fields(fields, now)
    except ValidationError as error:
        bad = RowError.of(line, error)
        if options.update and before is None:  # why a new number needs more columns
            missing = [name for name in REQUIRED if not fields.get(name, "").strip()]
            if missing:
                head = _("{tracking} is not on the desk: a new parcel needs {columns}").format(
                    tracking=numbers[0][:30], columns=", ".join(missing)
                )
                bad = RowError(line, "tracking", head, more=bad.problems)
        plan.add_error(bad)
        return
    key = before.tracking if before is not None else parcel.tracking
    twice = next((number for number in (key, *numbers) if number in seen), None)
    if twice is not None:
        plan.add_error(
            RowError(line, "tracking", _("{tracking} appears twice (first on line {first})").format(tracking=twice, first=seen[twice]))
        )
        return
    seen.update(dict.fromkeys((key, *numbers), line))
    if before is None:
        plan.added.append(parcel)
    elif parcel == before:
        plan.unchanged += 1
    elif before.archived_at is not None:
        plan.add_error(RowError(line, "tracking", _("{tracking} is archived: unarchive it to change it").format(tracking=key)))
    elif not options.update:
        plan.add_error(RowError(line, "tracking", _("{tracking} is already on the desk (import --update changes it)").format(tracking=key)))
    else:
        plan.updated.append(ParcelUpdate(line, before, parcel))
