"""Record progress on a parcel's complaint: the chamber's reply, escalation, Cainiao, closing."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, OptionList, Static
from textual.widgets.option_list import Option

from claimdesk.domain.complaints import Complaint, Step
from claimdesk.domain.errors import ClaimdeskError
from claimdesk.domain.instants import iso, parse_instant
from claimdesk.domain.money import money_str, parse_money, parse_optional_money
from claimdesk.i18n import N_, _
from claimdesk.labels import label
from claimdesk.services import Desk
from claimdesk.ui.localize import localize_bindings
from claimdesk.ui.widgets.forms import DomainValidator, Field

STEPS = tuple(Step)


class RecordProgress(ModalScreen[Complaint | None]):
    BINDINGS = [
        Binding("escape", "cancel", N_("Cancel")),
        Binding("ctrl+s", "save", N_("Save"), priority=True),
    ]

    def __init__(self, desk: Desk, complaint: Complaint) -> None:
        super().__init__()
        localize_bindings(self)
        self.desk = desk
        self.complaint = complaint
        self.opened_at = desk.now()
        self.stage = desk.stage(complaint, self.opened_at)
        # What the rules accept now; the domain decides, the dialog only offers it.
        self.allowed = desk.allowed_steps(complaint.tracking, self.opened_at)

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog", classes="dialog") as dialog:
            dialog.border_title = _("Record progress · {tracking}").format(tracking=self.complaint.tracking)
            kind = (
                _("third-party claim")
                if self.complaint.attempt == 0
                else _("attempt {attempt}").format(attempt=self.complaint.attempt)
            )
            yield Static(
                _("{type} complaint ({kind}) is {stage}. What happened?").format(
                    type=label("type", self.complaint.complaint_type), kind=kind, stage=label("stage", self.stage)
                ),
                classes="hint",
            )
            options = [Option(label("step", step), id=step.value, disabled=step not in self.allowed) for step in STEPS]
            yield OptionList(*options, id="steps")
            yield Field(_("When it happened"), Input(value=iso(self.opened_at), id="at",
                                                 validators=[DomainValidator(lambda v: parse_instant(v, "at"))]))
            claimed = self.complaint.claimed_amount
            money_check = [DomainValidator(lambda v: parse_money(v, "amount"), optional=True)]
            yield Field(_("Amount claimed (CNY)"), Input(value=money_str(claimed) if claimed is not None else "", id="claimed",
                                                      validators=money_check, valid_empty=True))
            yield Field(_("Amount received (CNY)"), Input(id="received", validators=money_check, valid_empty=True))
            yield Static("", id="form-error", classes="error-line")
            with Horizontal(classes="buttons"):
                yield Button(_("Save") + "  ctrl+s", variant="primary", id="save")
                yield Button(_("Cancel") + "  esc", id="cancel")

    def on_mount(self) -> None:
        steps = self.query_one("#steps", OptionList)
        for index, step in enumerate(STEPS):
            if step in self.allowed:
                steps.highlighted = index
                break
        steps.focus()

    @on(OptionList.OptionSelected, "#steps")
    def _chosen(self) -> None:
        self.query_one("#at", Input).focus()

    @on(Button.Pressed, "#save")
    def action_save(self) -> None:
        steps = self.query_one("#steps", OptionList)
        if steps.highlighted is None:
            self.query_one("#form-error", Static).update(_("Choose what happened."))
            return
        step = STEPS[steps.highlighted]
        try:
            at = parse_instant(self.query_one("#at", Input).value, "at")
            closing = step.outcome is not None
            updated = self.desk.record_step(
                self.complaint.tracking,
                step,
                at,
                claimed=parse_optional_money(self.query_one("#claimed", Input).value, "claimed") if closing else None,
                received=parse_optional_money(self.query_one("#received", Input).value, "received") if closing else None,
            )
        except ClaimdeskError as error:
            self.query_one("#form-error", Static).update(str(error))
            return
        self.dismiss(updated)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
