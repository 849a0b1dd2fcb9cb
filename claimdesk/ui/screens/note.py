"""Edit the note of a parcel's latest complaint (`n`)."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Static

from claimdesk.domain.complaints import Complaint
from claimdesk.domain.errors import ClaimdeskError
from claimdesk.i18n import N_, _
from claimdesk.labels import label
from claimdesk.services import Desk
from claimdesk.ui.localize import localize_bindings
from claimdesk.ui.messages import say
from claimdesk.ui.widgets.forms import Field


class NoteEditor(ModalScreen[Complaint | None]):
    BINDINGS = [
        Binding("escape", "cancel", N_("Cancel")),
        Binding("ctrl+s", "save", N_("Save"), priority=True),
    ]

    def __init__(self, desk: Desk, complaint: Complaint) -> None:
        super().__init__()
        localize_bindings(self)
        self.desk = desk
        self.complaint = complaint

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

    def on_mount(self) -> None:
        self.query_one("#note", Input).focus()

    @on(Button.Pressed, "#save")
    @on(Input.Submitted, "#note")
    def action_save(self) -> None:
        try:
            updated = self.desk.set_note(self.complaint.tracking, self.query_one("#note", Input).value)
        except ClaimdeskError as error:
            self.query_one("#form-error", Static).update(say(error))
            return
        self.dismiss(updated)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
