"""The one export dialog: where to write a file the desk exports, and whether to replace one.

Any export of the app uses it (the dashboard's figures, the complaint ledger...): the caller
gives a title, a file name and a `write(path, overwrite)` that exports through the Desk. The
path is offered in the folder the seller last exported to (the documents folder the first time). The Desk's check (`check_export_target`)
refuses the data file, its lock and backups: the refusal is shown here and the dialog stays
open. A file that exists is replaced only after an explicit confirmation step (y / n).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Footer, Input, Static

from claimdesk.domain.errors import ClaimdeskError
from claimdesk.i18n import N_, _
from claimdesk.locations import config_folder, default_export_folder
from claimdesk.services import Desk, ExportTargetExists
from claimdesk.ui.localize import localize_bindings
from claimdesk.ui.messages import say
from claimdesk.ui.widgets.forms import Field

Write = Callable[[Path, bool], Path]  # (path as typed, overwrite) -> the file written

LAST_FOLDER_FILE = "last-export-folder"  # in the config folder: one line, the folder last exported to


def export_folder() -> Path:
    """Where the next export is offered: the folder the seller exported to last (kept across
    sessions in the config folder), the documents folder the first time or once it is gone."""
    try:
        remembered = Path((config_folder() / LAST_FOLDER_FILE).read_text(encoding="utf-8").strip())
    except (OSError, UnicodeDecodeError, ValueError):
        return default_export_folder()
    return remembered if remembered.is_absolute() and remembered.is_dir() else default_export_folder()


def remember_folder(written: Path) -> None:
    """After an export: its folder is the next one offered. Not being able to note it is no error."""
    try:
        folder = config_folder()
        folder.mkdir(parents=True, exist_ok=True)
        (folder / LAST_FOLDER_FILE).write_text(str(written.absolute().parent) + "\n", encoding="utf-8")
    except OSError:
        pass


class ExportDialog(ModalScreen[Path | None]):
    """Returns the file written, or None when cancelled."""

    BINDINGS = [
        Binding("ctrl+s", "export", N_("Export"), priority=True, tooltip=N_("Write the file")),
        Binding("escape", "cancel", N_("Cancel"), tooltip=N_("Close without writing anything")),
        Binding("y", "replace", N_("Replace")),  # shown while it asks (check_action)
        Binding("n", "keep", N_("Keep the file")),
    ]
    AUTO_FOCUS = "#path"

    def __init__(self, desk: Desk, *, title: str, file_name: str, write: Write) -> None:
        super().__init__()
        localize_bindings(self)
        self.desk = desk
        self.dialog_title = title
        self.file_name = file_name
        self.write = write
        self.confirming: Path | None = None  # the existing file the seller is asked about

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="dialog", classes="dialog export") as dialog:
            dialog.border_title = self.dialog_title
            with Vertical(id="ask"):
                yield Field(_("File"), Input(value=str(export_folder() / self.file_name), id="path"))
                yield Static("", id="form-error", classes="error-line")
                with Horizontal(classes="buttons"):
                    yield Button(_("Export") + "  ctrl+s", variant="primary", id="export")
                    yield Button(_("Cancel") + "  esc", id="cancel")
            with Vertical(id="confirm-replace"):
                yield Static("", id="replace-question")
                with Horizontal(classes="buttons"):
                    yield Button(_("Replace it") + "  y", variant="warning", id="replace")
                    yield Button(_("Keep it") + "  n", id="keep")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#confirm-replace").display = False

    @property
    def path_text(self) -> str:
        return self.query_one("#path", Input).value

    def _error(self, text: str) -> None:
        self.query_one("#form-error", Static).update(text)

    @on(Input.Submitted, "#path")
    @on(Button.Pressed, "#export")
    def action_export(self) -> None:
        if self.confirming is not None:
            return
        try:
            self.desk.check_export_target(self.path_text)
        except ExportTargetExists:
            self._ask_to_replace(Path(self.path_text.strip()).expanduser())
            return
        except ClaimdeskError as error:
            self._error(say(error))
            return
        self._write(overwrite=False)

    def _ask_to_replace(self, path: Path) -> None:
        self.confirming = path
        self.query_one("#replace-question", Static).update(
            _("{path} already exists. Replace it with this export? (y replaces it, n keeps it)").format(path=path)
        )
        self.query_one("#ask").display = False
        self.query_one("#confirm-replace").display = True
        self.refresh_bindings()
        self.query_one("#keep", Button).focus()

    def _back_to_path(self) -> None:
        self.confirming = None
        self.refresh_bindings()
        self.query_one("#confirm-replace").display = False
        self.query_one("#ask").display = True
        self.query_one("#path", Input).focus()

    def _write(self, *, overwrite: bool) -> None:
        try:
            written = self.write(Path(self.path_text.strip()).expanduser(), overwrite)
        except ClaimdeskError as error:
            self._back_to_path()
            self._error(say(error))
            return
        remember_folder(written)
        self.dismiss(written)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("replace", "keep"):
            return self.confirming is not None
        if action == "export":
            return self.confirming is None
        return True

    @on(Button.Pressed, "#replace")
    def action_replace(self) -> None:
        if self.confirming is not None:
            self._write(overwrite=True)

    @on(Button.Pressed, "#keep")
    def action_keep(self) -> None:
        if self.confirming is not None:
            self._back_to_path()
            self._error(_("{path} was kept; choose another file name").format(path=self.path_text.strip()))

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        if self.confirming is not None:
            self.action_keep()
            return
        self.dismiss(None)
