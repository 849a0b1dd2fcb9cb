"""Edit the note of a parcel's latest complaint (`n`)."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Footer, Input, Static

from claimdesk.domain.complaints import Complaint
from claimdesk.domain.revisions import ConflictError, Snapshot
from claimdesk.i18n import N_, _
from claimdesk.labels import label
from claimdesk.services import Desk
from claimdesk.ui.localize import localize_bindings
from claimdesk.ui.messages import say
from claimdesk.ui.screens.conflict import Choice, ConflictScreen, conflict_lines
from claimdesk.ui.widgets.forms import Field
from claimdesk.ui.writing import WritingDialog


class NoteEditor(WritingDialog[Complaint | None]):
    BINDINGS = [
        Binding("escape", "cancel", N_("Cancel")),
        Binding("ctrl+s", "save", N_("Save"), priority=True),
    ]

    def __init__(self, desk: Desk, complaint: Complaint) -> None:
        super().__init__()
        localize_bindings(self)
        self.desk = desk
        # What the editor shows and saves against: a note changed elsewhere meanwhile is a
        # conflict, never silently overwritten (Desk.set_note with base).
        self.base = desk.complaint_snapshot(complaint.tracking)
        self.complaint = self.base.value

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog", classes="dialog") as dialog:
            dialog.border_title = _("Note · {tracking}").format(tracking=self.complaint.tracking)
            yield Static(
                _("The note of its latest complaint ({type}); leave it empty to clear it.").format(
                    type=label("type", self.complaint.complaint_type)
                ),
                classes="hint",
            )
            yield Field(_("Note"), Input(value=self.complaint.note, id="note"))
            yield Static("", id="form-error", classes="error-line")
            with Horizontal(classes="buttons"):
                yield Button(_("Save") + "  ctrl+s", variant="primary", id="save")
                yield Button(_("Cancel") + "  esc", id="cancel")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#note", Input).focus()

    @on(Button.Pressed, "#save")
    @on(Input.Submitted, "#note")
    def action_save(self) -> None:
        self._save(self.base)

    def _save(self, base: Snapshot[Complaint]) -> None:
        """Save off the UI thread (ui/writing.py): the editor stays as typed until it is stored."""
        tracking, note = self.complaint.tracking, self.query_one("#note", Input).value
        self.write(lambda: self.desk.set_note(tracking, note, base))

    def on_writing_dialog_saved(self, message: WritingDialog.Saved) -> None:
        self.dismiss(message.result)

    def on_writing_dialog_failed(self, message: WritingDialog.Failed) -> None:
        error = message.error
        if isinstance(error, ConflictError):
            lines = conflict_lines(error.conflicts, lambda _field: _("Note"), lambda _field, value: value)
            self.app.push_screen(ConflictScreen(lines), lambda choice: self._resolve(error, choice))
            return
        self.query_one("#form-error", Static).update(say(error))

    def _resolve(self, conflict: ConflictError, choice: Choice | None) -> None:
        if choice == "keep":
            self._save(conflict.keep_mine)
        elif choice == "reload":
            self.base = conflict.current
            self.query_one("#note", Input).value = self.base.value.note
            self.query_one("#form-error", Static).update(_("Reloaded: the note now shows what is stored."))
        else:
            self.query_one("#form-error", Static).update(_("Nothing was saved. Save again to choose, or cancel."))

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.cancel()
