"""Ask once more before a step that is hard to take back: retracting an event, deleting a parcel,
recording an outcome that ends a complaint.

The dialog returns what the seller confirmed: the reason typed (may be empty) when it asks for
one, "" otherwise; None when cancelled. Cancel has the focus, so `enter` alone changes nothing.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Footer, Input, Static

from claimdesk.i18n import N_, _
from claimdesk.ui.localize import localize_bindings, relabel
from claimdesk.ui.widgets.forms import Field


class Confirm(ModalScreen[str | None]):
    BINDINGS = [
        Binding("escape", "cancel", N_("Cancel")),
        Binding("ctrl+s", "confirm", N_("Confirm"), priority=True),
    ]

    def __init__(
        self, title: str, message: str, confirm_label: str, *, reason_label: str | None = None, cancel_label: str | None = None
    ) -> None:
        super().__init__()
        self.cancel_label = cancel_label
        localize_bindings(self)
        relabel(self, "confirm", confirm_label)
        self.title_text = title
        self.message = message
        self.confirm_label = confirm_label
        self.reason_label = reason_label

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog", classes="dialog confirm") as dialog:
            dialog.border_title = self.title_text
            yield Static(self.message, id="message", markup=False)
            if self.reason_label is not None:
                yield Field(self.reason_label, Input(id="reason"))
            with Horizontal(classes="buttons"):
                yield Button(self.confirm_label + "  ctrl+s", variant="warning", id="confirm")
                yield Button((self.cancel_label or _("Cancel")) + "  esc", id="cancel")
        yield Footer()

    def on_mount(self) -> None:
        if self.reason_label is not None:
            self.query_one("#reason", Input).focus()
        else:
            self.query_one("#cancel", Button).focus()

    @on(Button.Pressed, "#confirm")
    @on(Input.Submitted, "#reason")
    def action_confirm(self) -> None:
        reason = self.query_one("#reason", Input).value if self.reason_label is not None else ""
        self.dismiss(reason)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
