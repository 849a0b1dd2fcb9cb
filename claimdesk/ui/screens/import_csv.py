"""Import parcels from a CSV file: read and check it (off the event loop, with a progress bar),
show what will change before anything is written, then the result with every bad row.

All or nothing unless the seller skips bad rows. With "update", a row whose tracking number is on
the desk changes that parcel (its non-empty cells); the preview shows each change as
field: before → after.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Checkbox, Input, ProgressBar, Static

from claimdesk.domain.errors import ClaimdeskError
from claimdesk.domain.parcels import FIELD_LABELS
from claimdesk.i18n import N_, _, ngettext
from claimdesk.importing import ImportOptions, ImportPlan, ImportRefused, RowError
from claimdesk.importing.report import ImportReport
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
    return "".join(f"{error.where}: {name}: {message}\n" if name else f"{error.where}: {message}\n"
                   for error in errors for name, message in error.problems)


class ImportScreen(WritingDialog[int | None]):
    """Returns the number of parcels added or updated, or None."""

    BINDINGS = [Binding("escape", "cancel", N_("Cancel"))]

    def __init__(self, desk: Desk) -> None:
        super().__init__()
        localize_bindings(self)
        self.desk = desk
        self.written: int | None = None

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog", classes="dialog") as dialog:
            dialog.border_title = _("Import parcels from CSV")
            yield Static(
                _("Columns: {columns}. Nothing is imported if any row is bad, unless you skip bad rows.").format(
                    columns="tracking, order, service, carrier, destination, created_at, collected_at, "
                    "last_tracking_at, item, declared_value, weight, shipping_fee, inquiry_fee, status"
                ),
                classes="hint",
            )
            yield Field(_("CSV file"), Input(placeholder="/path/to/parcels.csv", id="path"))
            yield Checkbox(_("Skip bad rows and import the rest"), id="skip")
            yield Checkbox(
                _("Update parcels already on the desk (their non-empty cells; any columns, e.g. tracking,status)"),
                id="update",
            )
            yield ProgressBar(total=100, id="progress", show_eta=False)
            yield Static("", id="form-error", classes="error-line")
            with Horizontal(classes="buttons"):
                yield Button(_("Read the file"), variant="primary", id="import")
                yield Button(_("Cancel") + "  esc", id="cancel")

    def on_mount(self) -> None:
        self.query_one("#path", Input).focus()

    @on(Input.Submitted, "#path")
    @on(Button.Pressed, "#import")
    def start(self) -> None:
        path = Path(self.query_one("#path", Input).value.strip()).expanduser()
        self.query_one("#import", Button).disabled = True
        self.query_one("#form-error", Static).update("")
        update = self.query_one("#update", Checkbox).value
        # Taken here on the event loop: the worker must not read the repository's dicts while the
        # app may change them. apply_import checks again, under the lock, that nothing changed.
        options: dict[str, Any] = {"snapshot": self.desk.import_snapshot(), "config": config_folder()}
        self.run_import(path, self.query_one("#skip", Checkbox).value, update, options)

    @work(thread=True, exclusive=True)
    def run_import(self, path: Path, skip: bool, update: bool, options: dict[str, Any]) -> None:
        # Reading and checking is the slow part: it runs here, off the event loop. Nothing is
        # written until the seller has seen the preview.
        def progress(done: int, total: int) -> None:
            self.app.call_from_thread(self.query_one("#progress", ProgressBar).update, total=total, progress=done)

        try:
            plan = self.desk.plan_import(path, ImportOptions(update=update, all_or_nothing=not skip), progress=progress, **options)
        except ImportRefused as refused:
            self.app.call_from_thread(self._refused, refused.errors)
            return
        except ClaimdeskError as error:
            self.app.call_from_thread(self._failed, say(error))
            return
        self.app.call_from_thread(self._preview, plan)

    def _refused(self, errors: list[RowError]) -> None:
        count = len(errors)
        self._failed(ngettext("{count} bad row: nothing imported", "{count} bad rows: nothing imported", count).format(count=count))
        self.app.push_screen(ImportResults(self.desk, None, errors))

    def _preview(self, plan: ImportPlan) -> None:
        def answered(write: bool | None) -> None:
            if write:
                self._write(plan)
            else:
                self.query_one("#import", Button).disabled = False

        self.app.push_screen(ImportPreview(plan), answered)

    def _write(self, plan: ImportPlan) -> None:
        # Off the UI thread, like every dialog's write (ui/writing.py).
        self.write(lambda: self.desk.apply_import(plan), self._written, lambda error: self._failed(say(error)))

    def _written(self, report: ImportReport) -> None:
        self.written = report.added + report.updated

        def closed(_result: None) -> None:
            self.dismiss(self.written)

        self.app.push_screen(ImportResults(self.desk, report, report.errors), closed)

    def _failed(self, message: str) -> None:
        self.query_one("#form-error", Static).update(message)
        self.query_one("#import", Button).disabled = False

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.cancel()


class ImportPreview(ModalScreen[bool]):
    """What the import will add and change, field by field, before anything is written."""

    BINDINGS = [
        Binding("escape", "back", N_("Back")),
        Binding("ctrl+s", "write", N_("Import"), priority=True),
    ]

    def __init__(self, plan: ImportPlan) -> None:
        super().__init__()
        localize_bindings(self)
        self.plan = plan

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
            with VerticalScroll(id="changes"):
                yield Static(self._changes(), id="change-list")
            with Horizontal(classes="buttons"):
                yield Button(_("Import") + "  ctrl+s", variant="primary", id="write", disabled=not plan.writes)
                yield Button(_("Back") + "  esc", id="back")

    def _changes(self) -> Text:
        plan = self.plan
        text = Text()
        shown = 0
        for change in plan.updated:
            if shown >= SHOWN_LINES:
                break
            shown += 1
            text.append(_("{tracking} (line {line}) changes:").format(tracking=change.before.tracking, line=change.line) + "\n",
                        style="bold")
            for name, before, after in change.changes():
                text.append(f"  {_field_name(name)}: {_shown_value(name, before)} → {_shown_value(name, after)}\n")
        for parcel in plan.added:
            if shown >= SHOWN_LINES:
                break
            shown += 1
            text.append(_("{tracking} is new ({service}, {status})").format(
                tracking=parcel.tracking, service=label("service", parcel.service), status=label("status", parcel.status)
            ) + "\n")
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

    @on(Button.Pressed, "#write")
    def action_write(self) -> None:
        if self.plan.writes:
            self.dismiss(True)

    @on(Button.Pressed, "#back")
    def action_back(self) -> None:
        self.dismiss(False)


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
                self.desk, title=_("Save the bad rows"), file_name="claimdesk-import-errors.txt",
                write=lambda path, overwrite: self.desk.write_export(path, text, overwrite=overwrite),
            ),
            written,
        )

    @on(Button.Pressed, "#close")
    def action_close(self) -> None:
        self.dismiss(None)
