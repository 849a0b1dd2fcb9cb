"""Offline delivery: not a platform complaint. Record the contact with the carrier and a follow-up date."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Footer, Input, Static

from claimdesk.domain.complaints import Complaint
from claimdesk.domain.errors import ClaimdeskError
from claimdesk.domain.instants import parse_instant, parse_optional_instant
from claimdesk.i18n import N_, _
from claimdesk.services import Desk
from claimdesk.ui.formatting import form_instant
from claimdesk.ui.localize import localize_bindings
from claimdesk.ui.messages import say
from claimdesk.ui.widgets.forms import DomainValidator, Field
from claimdesk.ui.writing import WritingDialog


class ThirdPartyClaim(WritingDialog[Complaint | None]):
    BINDINGS = [
        Binding("escape", "cancel", N_("Cancel")),
        Binding("ctrl+s", "save", N_("Save"), priority=True),
    ]

    def __init__(self, desk: Desk, tracking: str) -> None:
        super().__init__()
        localize_bindings(self)
        self.desk = desk
        self.parcel = desk.parcel(tracking)

    def compose(self) -> ComposeResult:
        follow_up = self.desk.default_follow_up()
        with Vertical(id="dialog", classes="dialog") as dialog:
            dialog.border_title = _("Offline delivery · {tracking}").format(tracking=self.parcel.tracking)
            yield Static(
                _(
                    "{tracking} went by offline (seller-arranged) delivery. A lost parcel here is "
                    "not a platform complaint and uses none of your two attempts."
                ).format(tracking=self.parcel.tracking)
                + "\n\n"
                + _(
                    "Contact the third-party logistics company ({carrier}) to seek a "
                    "solution, then record the contact and when to follow up."
                ).format(carrier=self.parcel.carrier or _("your carrier")),
                classes="hint",
            )
            yield Field(_("Who you contacted"), Input(value=self.parcel.carrier, id="contact"))
            yield Field(
                _("Follow up by"),
                Input(
                    value=form_instant(follow_up), id="follow-up", validators=[DomainValidator(lambda v: parse_instant(v, "follow_up_at"))]
                ),
            )
            yield Field(_("Note"), Input(id="note"))
            yield Static("", id="form-error", classes="error-line")
            with Horizontal(classes="buttons"):
                yield Button(_("Record claim") + "  ctrl+s", variant="primary", id="save")
                yield Button(_("Cancel") + "  esc", id="cancel")
        yield Footer()

    @on(Button.Pressed, "#save")
    def action_save(self) -> None:
        """Record off the UI thread (ui/writing.py): the dialog stays as typed until it is stored."""
        try:
            follow_up = parse_optional_instant(self.query_one("#follow-up", Input).value, "follow_up_at")
        except ClaimdeskError as error:
            self._show_error(error)
            return
        tracking, contact, note = self.parcel.tracking, self.query_one("#contact", Input).value, self.query_one("#note", Input).value
        self.write(lambda: self.desk.record_third_party_claim(tracking, contact, follow_up_at=follow_up, note=note))

    def on_writing_dialog_saved(self, message: WritingDialog.Saved) -> None:
        self.dismiss(message.result)

    def on_writing_dialog_failed(self, message: WritingDialog.Failed) -> None:
        self._show_error(message.error)

    def _show_error(self, error: ClaimdeskError) -> None:
        self.query_one("#form-error", Static).update(say(error))

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.cancel()
