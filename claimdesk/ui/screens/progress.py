"""Record progress on a parcel's complaint: the chamber's reply, escalation, Cainiao, closing."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, OptionList, Static
from textual.widgets.option_list import Option

from claimdesk.domain.complaints import CLOSABLE, STAGE_LABELS, Complaint, Outcome, Stage
from claimdesk.domain.errors import ClaimdeskError
from claimdesk.domain.instants import iso, parse_instant
from claimdesk.domain.money import money_str, parse_money, parse_optional_money
from claimdesk.i18n import N_, _
from claimdesk.labels import label
from claimdesk.services import Desk
from claimdesk.ui.localize import localize_bindings
from claimdesk.ui.widgets.forms import DomainValidator, Field

# (id, label, stages where it applies); the labels are translated where they are shown
STEPS = [
    ("agreed", N_("Chamber replied: agreed"), {Stage.FILED, Stage.MAY_ESCALATE}),
    ("no-agreement", N_("Chamber replied: no agreement"), {Stage.FILED}),
    ("escalated", N_("Escalated: appealed online"), {Stage.MAY_ESCALATE}),
    ("intervened", N_("Cainiao intervened"), {Stage.ESCALATED}),
    ("compensated", N_("Closed: compensated"), {s for s, o in CLOSABLE.items() if Outcome.COMPENSATED in o}),
    ("rejected", N_("Closed: rejected"), {s for s, o in CLOSABLE.items() if Outcome.REJECTED in o}),
    ("withdrawn", N_("Withdrawn by me"), {s for s, o in CLOSABLE.items() if Outcome.WITHDRAWN in o}),
]


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
        self.stage = desk.stage(complaint)

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
                    type=label("type", self.complaint.complaint_type), kind=kind, stage=_(STAGE_LABELS[self.stage])
                ),
                classes="hint",
            )
            options = [Option(_(text), id=key, disabled=self.stage not in stages) for key, text, stages in STEPS]
            yield OptionList(*options, id="steps")
            yield Field(_("When it happened"), Input(value=iso(self.desk.now()), id="at",
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
        for index, (_key, _text, stages) in enumerate(STEPS):
            if self.stage in stages:
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
        key = STEPS[steps.highlighted][0]
        tracking = self.complaint.tracking
        try:
            at = parse_instant(self.query_one("#at", Input).value, "at")
            if key in ("agreed", "no-agreement"):
                updated = self.desk.record_reply(tracking, agreed=key == "agreed", at=at)
            elif key == "escalated":
                updated = self.desk.escalate(tracking, at=at)
            elif key == "intervened":
                updated = self.desk.record_intervention(tracking, at=at)
            else:
                updated = self.desk.close_complaint(
                    tracking,
                    key,
                    claimed=parse_optional_money(self.query_one("#claimed", Input).value, "claimed"),
                    received=parse_optional_money(self.query_one("#received", Input).value, "received"),
                    at=at,
                )
        except ClaimdeskError as error:
            self.query_one("#form-error", Static).update(str(error))
            return
        self.dismiss(updated)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
