"""Import parcels from the files sellers have (CSV, .xlsx, .xls): read the start of the file, send
columns no profile places to the mapping screen (import_mapping.py), read and check the whole file
(off the event loop, with a progress bar), show what will change before anything is written, then
the result with every bad row.

All or nothing unless the seller skips bad rows. With "update", a row whose tracking number is on
the desk changes that parcel (its non-empty cells); the preview shows each change as
field: before → after.
"""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from pathlib import Path
from typing import Any

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Checkbox, Footer, Input, Label, ProgressBar, Select, Static

from claimdesk.domain.errors import ClaimdeskError, ValidationError
from claimdesk.domain.numbers import parse_decimal
from claimdesk.domain.parcels import FIELD_LABELS
from claimdesk.i18n import N_, _, ngettext
from claimdesk.importing import ImportOptions, ImportPlan, ImportRefused, RowError
from claimdesk.importing.profiles import Profile
from claimdesk.importing.report import ImportReport
from claimdesk.importing.sample import ImportSample, placement_problems
from claimdesk.labels import label
from claimdesk.locations import config_folder
from claimdesk.services import Desk
from claimdesk.ui.localize import localize_bindings
from claimdesk.ui.messages import say
from claimdesk.ui.widgets.forms import Field
from claimdesk.ui.writing import WritingDialog

SHOWN_LINES = 400  # the preview lists this many parcels; the rest are counted


def _field_name(name: str) -> str:
    return _(FIELD_LABELS[name]) if name in FIELD_LABELS else name


def _shown_value(name: str, value: str) -> str:
    if not value:
        return "—"
    kinds = {"service": "service", "status": "status", "item": "item"}
    return label(kinds[name], value) if name in kinds else value


def bad_rows_text(errors: list[RowError]) -> Text:
    """Every bad row with its line and all of its errors, one per line under it."""
    text = Text()
    for error in errors:
        text.append(error.where + "\n", style="bold")
        for name, message in error.problems:
            text.append(f"  {_field_name(name)}: {message}\n" if name else f"  {message}\n")
    return text


def bad_rows_plain(errors: list[RowError]) -> str:
    """The same, as the file the seller saves (one error per line: 'line 3: weight: ...')."""
    return "".join(
        f"{error.where}: {name}: {message}\n" if name else f"{error.where}: {message}\n"
        for error in errors
        for name, message in error.problems
    )


class Tick(Checkbox, inherit_bindings=False):
    """A checkbox that `space` ticks and `enter` leaves alone: in a dialog, `enter` is the way on,
    and a seller who presses it on a ticked "Update parcels" must not untick it."""

    BINDINGS = [Binding("space", "toggle_button", N_("Toggle"), show=False)]


DATE_ORDERS = (
    (N_("year first, or refuse ambiguous dates"), ""),
    (N_("day/month/year (dmy)"), "dmy"),
    (N_("month/day/year (mdy)"), "mdy"),
)


class ImportScreen(WritingDialog[int | None]):
    """Returns the number of parcels added or updated, or None."""

    BINDINGS = [
        Binding("ctrl+s", "read", N_("Read the file"), priority=True, tooltip=N_("Read the file and show what it would change")),
        Binding("enter", "read", N_("Read the file"), show=False),
        Binding("escape", "cancel", N_("Cancel")),
    ]

    def __init__(self, desk: Desk) -> None:
        super().__init__()
        localize_bindings(self)
        self.desk = desk
        self.written: int | None = None
        self.sample: ImportSample | None = None

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog", classes="dialog import-file") as dialog:
            dialog.border_title = _("Import parcels")
            yield Static(
                _(
                    "A Seller Center export, a forwarder's list or the desk's own: CSV, .xlsx or .xls. You place the columns the desk does not know."
                ),
                classes="hint",
            )
            yield Field(_("File"), Input(placeholder="/path/to/orders.xlsx", id="path"))
            yield Field(_("USD rate (¥ per $)"), Input(placeholder="7.10", id="usd-rate"))
            with Horizontal(classes="field-row select-row"):
                yield Label(_("Dates like 11/03/2026"), classes="field-label")
                yield Select([(_(text), value) for text, value in DATE_ORDERS], value="", allow_blank=False, id="date-order", compact=True)
            yield Tick(_("Skip bad rows and import the rest"), id="skip", compact=True)
            yield Tick(_("Update parcels already on the desk"), id="update", compact=True)
            yield ProgressBar(total=100, id="progress", show_eta=False)
            yield Static("", id="form-error", classes="error-line")
            with Horizontal(classes="buttons"):
                yield Button(_("Read the file") + "  ctrl+s", variant="primary", id="import")
                yield Button(_("Cancel") + "  esc", id="cancel")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#path", Input).focus()

    def _options(self) -> ImportOptions | None:
        """What the seller asked for, or None after saying what is wrong with it."""
        rate_text = self.query_one("#usd-rate", Input).value.strip()
        rate: Decimal | None = None
        if rate_text:
            try:
                rate = parse_decimal(rate_text, "usd_rate", example="7.10")
                if rate <= 0:
                    raise ValidationError("usd_rate", _("the rate must be more than 0"))
            except ValidationError as error:
                self._failed(_("US dollar rate: {problem}").format(problem=error.message))
                return None
        order = self.query_one("#date-order", Select).value
        return ImportOptions(
            update=self.query_one("#update", Checkbox).value,
            all_or_nothing=not self.query_one("#skip", Checkbox).value,
            usd_rate=rate,
            date_order=str(order) if order else None,
        )

    @on(Input.Submitted)
    @on(Button.Pressed, "#import")
    def action_read(self) -> None:
        if self.writing or self.query_one("#import", Button).disabled:
            return
        path = Path(self.query_one("#path", Input).value.strip()).expanduser()
        options = self._options()
        if options is None:
            return
        self.query_one("#import", Button).disabled = True
        self.query_one("#form-error", Static).update("")
        self.read_file(path, options)

    def _reading(self) -> dict[str, Any]:
        # Taken here on the event loop: the worker must not read the repository's dicts while the
        # app may change them. apply_import checks again, under the lock, that nothing changed.
        return {"snapshot": self.desk.import_snapshot(), "config": config_folder()}

    @work(thread=True, exclusive=True)
    def read_file(self, path: Path, options: ImportOptions) -> None:
        """The start of the file first: columns no profile places go to the mapping screen; else
        the whole file is planned (the slow part, here off the event loop)."""
        try:
            sample = self.desk.sample_import(path, options, config=config_folder())
        except ClaimdeskError as error:
            self.app.call_from_thread(self._failed, say(error))
            return
        self.sample = sample
        if sample.found is None or placement_problems(sample, sample.found.profile, update=options.update):
            self.app.call_from_thread(self._map, path, options)
            return
        self.app.call_from_thread(self._plan, path, options)

    def _plan(self, path: Path, options: ImportOptions) -> None:
        self.run_import(path, options, self._reading())

    @work(thread=True, exclusive=True)
    def run_import(self, path: Path, options: ImportOptions, reading: dict[str, Any]) -> None:
        # Nothing is written until the seller has seen the preview.
        def progress(done: int, total: int) -> None:
            self.app.call_from_thread(self.query_one("#progress", ProgressBar).update, total=total, progress=done)

        try:
            plan = self.desk.plan_import(path, options, progress=progress, **reading)
        except ImportRefused as refused:
            self.app.call_from_thread(self._refused, refused.errors)
            return
        except ClaimdeskError as error:
            self.app.call_from_thread(self._failed, say(error))
            return
        self.app.call_from_thread(self._preview, plan, path, options)

    def _map(self, path: Path, options: ImportOptions) -> None:
        """The mapping screen; its saved profile then reads the whole file."""
        from claimdesk.importing.fields import ReadOptions
        from claimdesk.ui.screens.import_mapping import MappingScreen

        sample = self.sample
        assert sample is not None

        def placed(profile: Profile | None) -> None:
            if profile is None:
                self.query_one("#import", Button).disabled = False
                return
            self.notify(_("Saved the columns as profile {name}").format(name=profile.name), timeout=4)
            self._plan(path, replace(options, profile=profile.name))

        read = ReadOptions(options.date_order, options.usd_rate, decimal_comma=sample.decimal_comma)
        self.app.push_screen(MappingScreen(self.desk, sample, read, update=options.update, config=config_folder()), placed)

    def _refused(self, errors: list[RowError]) -> None:
        count = len(errors)
        self._failed(ngettext("{count} bad row: nothing imported", "{count} bad rows: nothing imported", count).format(count=count))
        self.app.push_screen(ImportResults(self.desk, None, errors))

    def _preview(self, plan: ImportPlan, path: Path, options: ImportOptions) -> None:
        def answered(choice: str | None) -> None:
            if choice == "write":
                self._write(plan)
            elif choice == "map":
                self._map(path, options)
            else:
                self.query_one("#import", Button).disabled = False

        self.app.push_screen(ImportPreview(plan, can_map=self.sample is not None), answered)

    def _write(self, plan: ImportPlan) -> None:
        # Off the UI thread, like every dialog's write (ui/writing.py).
        self.write(lambda: self.desk.apply_import(plan))

    def on_writing_dialog_saved(self, message: WritingDialog.Saved) -> None:
        report: ImportReport = message.result
        self.written = report.added + report.updated

        def closed(_result: None) -> None:
            self.dismiss(self.written)

        self.app.push_screen(ImportResults(self.desk, report, report.errors), closed)

    def on_writing_dialog_failed(self, message: WritingDialog.Failed) -> None:
        self._failed(say(message.error))

    def _failed(self, message: str) -> None:
        self.query_one("#form-error", Static).update(message)
        self.query_one("#import", Button).disabled = False

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.cancel()


class ImportPreview(ModalScreen[str | None]):
    """What the import will add and change, field by field, before anything is written, and how
    the file was read. Returns "write", "map" (place the columns) or None (back)."""

    BINDINGS = [
        Binding("ctrl+s", "write", N_("Import"), priority=True),
        Binding("m", "map", N_("Place columns"), tooltip=N_("Choose the desk field of each column, and save that as a profile")),
        Binding("escape", "back", N_("Back")),
    ]

    def __init__(self, plan: ImportPlan, *, can_map: bool = False) -> None:
        super().__init__()
        localize_bindings(self)
        self.plan = plan
        self.can_map = can_map

    def compose(self) -> ComposeResult:
        plan = self.plan
        with Vertical(id="dialog", classes="dialog import-review") as dialog:
            dialog.border_title = _("Before anything is written")
            yield Static(
                _("{added} new, {updated} updated, {unchanged} unchanged, {skipped} bad row(s) skipped.").format(
                    added=len(plan.added), updated=len(plan.updated), unchanged=plan.unchanged, skipped=plan.bad
                ),
                id="summary",
            )
            yield Static(self._how_read(), id="how-read", classes="hint")
            with VerticalScroll(id="changes"):
                yield Static(self._changes(), id="change-list")
            with Horizontal(classes="buttons"):
                yield Button(_("Import") + "  ctrl+s", variant="primary", id="write", disabled=not plan.writes)
                if self.can_map:
                    yield Button(_("Place columns") + "  m", id="map")
                yield Button(_("Back") + "  esc", id="back")
        yield Footer()

    def _how_read(self) -> Text:
        plan = self.plan
        text = Text(_("Read as {profile}").format(profile=plan.profile or "?"))
        if plan.encoding:
            text.append(f" ({plan.encoding})")
        if plan.unplaced:
            text.append("; " + _("columns not used: {columns}").format(columns=", ".join(plan.unplaced)[:300]))
        usd_note = _("amounts in US dollars ({columns}) left out: pass --usd-rate RATE to keep them").format(
            columns=", ".join(plan.usd_left_out)
        )
        in_app_words = _(
            "amounts in US dollars ({columns}) left out: go back (esc), enter the USD rate and read the file again to keep them"
        ).format(columns=", ".join(plan.usd_left_out))
        for note in plan.notes:
            # The plan's note is in the command line's words (--usd-rate); here it is the rate field.
            text.append("\n" + (in_app_words if plan.usd_left_out and note == usd_note else note), style="bold")
        return text

    def _changes(self) -> Text:
        plan = self.plan
        text = Text()
        shown = 0
        for change in plan.updated:
            if shown >= SHOWN_LINES:
                break
            shown += 1
            text.append(
                _("{tracking} (line {line}) changes:").format(tracking=change.before.tracking, line=change.line) + "\n", style="bold"
            )
            for name, before, after in change.changes():
                text.append(f"  {_field_name(name)}: {_shown_value(name, before)} → {_shown_value(name, after)}\n")
        for parcel in plan.added:
            if shown >= SHOWN_LINES:
                break
            shown += 1
            text.append(
                _("{tracking} is new ({service}, {status})").format(
                    tracking=parcel.tracking, service=label("service", parcel.service), status=label("status", parcel.status)
                )
                + "\n"
            )
        more = len(plan.updated) + len(plan.added) - shown
        if more > 0:
            text.append(_("… and {count} more").format(count=more) + "\n", style="dim")
        if plan.errors:
            text.append("\n" + _("Bad rows, skipped:") + "\n", style="bold")
            text.append_text(bad_rows_text(plan.errors))
        if not plan.writes:
            text.append(_("Nothing to write: every row matches the desk.") + "\n", style="italic")
        return text

    def on_mount(self) -> None:
        button = self.query_one("#write", Button)
        (button if not button.disabled else self.query_one("#back", Button)).focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return self.can_map if action == "map" else True

    @on(Button.Pressed, "#write")
    def action_write(self) -> None:
        if self.plan.writes:
            self.dismiss("write")

    @on(Button.Pressed, "#map")
    def action_map(self) -> None:
        if self.can_map:
            self.dismiss("map")

    @on(Button.Pressed, "#back")
    def action_back(self) -> None:
        self.dismiss(None)


class ImportResults(ModalScreen[None]):
    """After an import, or a refusal: the counts and every bad row with its line and all of its
    errors; `s` saves the bad rows to a file."""

    BINDINGS = [
        Binding("escape,enter", "close", N_("Close")),
        Binding("s", "save", N_("Save the errors")),
    ]

    def __init__(self, desk: Desk, report: ImportReport | None, errors: list[RowError]) -> None:
        super().__init__()
        localize_bindings(self)
        self.desk = desk
        self.report = report
        self.errors = errors

    def compose(self) -> ComposeResult:
        report = self.report
        with Vertical(id="dialog", classes="dialog import-review") as dialog:
            if report is None:
                dialog.border_title = _("Import refused")
                count = len(self.errors)
                summary = ngettext(
                    "{count} bad row: nothing imported. Fix it (or tick 'skip bad rows') and import again.",
                    "{count} bad rows: nothing imported. Fix them (or tick 'skip bad rows') and import again.",
                    count,
                ).format(count=count)
            else:
                dialog.border_title = _("Import done")
                summary = _("{added} added, {updated} updated, {unchanged} unchanged, {skipped} bad row(s) skipped.").format(
                    added=report.added, updated=report.updated, unchanged=report.unchanged, skipped=report.bad
                )
            yield Static(summary, id="summary")
            with VerticalScroll(id="errors"):
                yield Static(bad_rows_text(self.errors) if self.errors else Text(_("No bad rows."), style="dim"), id="error-list")
            yield Static("", id="saved", classes="hint")
            with Horizontal(classes="buttons"):
                if self.errors:
                    yield Button(_("Save the errors") + "  s", id="save")
                yield Button(_("Close") + "  esc", variant="primary", id="close")
        yield Footer()  # its own keys: without it the import form's footer showed through ("^s Read the file")

    def on_mount(self) -> None:
        self.query_one("#close", Button).focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return bool(self.errors) if action == "save" else True

    @on(Button.Pressed, "#save")
    def action_save(self) -> None:
        from claimdesk.ui.screens.export import ExportDialog

        text = bad_rows_plain(self.errors)

        def written(path: Path | None) -> None:
            if path is not None:
                self.query_one("#saved", Static).update(_("Saved the bad rows to {path}").format(path=path))

        self.app.push_screen(
            ExportDialog(
                self.desk,
                title=_("Save the bad rows"),
                file_name="claimdesk-import-errors.txt",
                write=lambda path, overwrite: self.desk.write_export(path, text, overwrite=overwrite),
            ),
            written,
        )

    @on(Button.Pressed, "#close")
    def action_close(self) -> None:
        self.dismiss(None)
