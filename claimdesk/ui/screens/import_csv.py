"""Import parcels from a CSV file with a progress bar; all or nothing unless told otherwise."""

from __future__ import annotations

from pathlib import Path

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Checkbox, Input, ProgressBar, Static

from claimdesk.domain.errors import ClaimdeskError
from claimdesk.domain.parcels import Parcel
from claimdesk.i18n import N_, _
from claimdesk.services import Desk
from claimdesk.transfer import RowError
from claimdesk.ui.localize import localize_bindings
from claimdesk.ui.widgets.forms import Field


class ImportScreen(ModalScreen[int | None]):
    """Returns the number of parcels imported, or None."""

    BINDINGS = [Binding("escape", "cancel", N_("Cancel"))]

    def __init__(self, desk: Desk) -> None:
        super().__init__()
        localize_bindings(self)
        self.desk = desk

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
            yield ProgressBar(total=100, id="progress", show_eta=False)
            yield Static("", id="form-error", classes="error-line")
            with Horizontal(classes="buttons"):
                yield Button(_("Import"), variant="primary", id="import")
                yield Button(_("Cancel") + "  esc", id="cancel")

    def on_mount(self) -> None:
        self.query_one("#path", Input).focus()

    @on(Input.Submitted, "#path")
    @on(Button.Pressed, "#import")
    def start(self) -> None:
        path = Path(self.query_one("#path", Input).value.strip()).expanduser()
        self.query_one("#import", Button).disabled = True
        # A snapshot of the numbers on the desk, taken here on the event loop: the worker must not
        # read the repository's dicts while the app may change them.
        known = self.desk.tracking_numbers()
        self.run_import(path, self.query_one("#skip", Checkbox).value, known)

    @work(thread=True, exclusive=True)
    def run_import(self, path: Path, skip: bool, known: frozenset[str]) -> None:
        # Parsing and validating is the slow part: it runs here, off the event loop. The write
        # happens back on the event loop (add_parcels re-checks the numbers under the lock).
        def progress(done: int, total: int) -> None:
            self.app.call_from_thread(self.query_one("#progress", ProgressBar).update, total=total, progress=done)

        try:
            parcels, errors = self.desk.read_csv(path, skip_invalid=skip, progress=progress, known=known)
        except ClaimdeskError as error:
            self.app.call_from_thread(self._failed, str(error))
            return
        self.app.call_from_thread(self._write, parcels, errors)

    def _write(self, parcels: list[Parcel], errors: list[RowError]) -> None:
        try:
            added = self.desk.add_parcels(parcels)
        except ClaimdeskError as error:
            self._failed(str(error))
            return
        message = _("Imported {count} parcel(s)").format(count=added)
        if errors:
            message += "; " + _("skipped {count} bad row(s), first: {first}").format(count=len(errors), first=errors[0])
        self.app.notify(message, title=_("Import"))
        self.dismiss(added)

    def _failed(self, message: str) -> None:
        lines = message.splitlines()
        more = "\n… " + _("{count} more").format(count=len(lines) - 6) if len(lines) > 6 else ""
        shown = "\n".join(lines[:6]) + more
        self.query_one("#form-error", Static).update(shown)
        self.query_one("#import", Button).disabled = False

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
