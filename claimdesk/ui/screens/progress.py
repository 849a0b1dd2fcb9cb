"""Record progress on a parcel's complaint: the chamber's reply, escalation, Cainiao, closing,
money received later.

Only what the domain accepts at the instant typed is offered (`desk.allowed_steps`), and nothing
is chosen for the seller: one keystroke must not record an event nobody picked. A step that ends
the complaint (an agreement, an outcome) is confirmed once more before it is written.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Footer, Input, OptionList, Static
from textual.widgets.option_list import Option

from claimdesk.domain.complaints import Complaint, Step
from claimdesk.domain.errors import ClaimdeskError, ValidationError
from claimdesk.domain.instants import parse_instant
from claimdesk.domain.money import money_str, parse_money, parse_optional_money
from claimdesk.i18n import N_, _
from claimdesk.labels import label
from claimdesk.services import Desk
from claimdesk.ui.formatting import form_instant, when
from claimdesk.ui.localize import localize_bindings
from claimdesk.ui.messages import say
from claimdesk.ui.widgets.forms import DomainValidator, Field, mark_errors, parsed
from claimdesk.ui.writing import WritingDialog

# Which amounts each step takes.
CLAIMED_STEPS = frozenset({Step.COMPENSATED, Step.REJECTED})
RECEIVED_STEPS = frozenset({Step.COMPENSATED})  # later money: its own dialog (screens/payment.py)


class RecordProgress(WritingDialog[Complaint | None]):
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
        # What the rules accept at the instant typed; the domain decides, the dialog only offers it.
        self.allowed: tuple[Step, ...] = desk.allowed_steps(complaint.tracking, self.opened_at)
        # Money received goes to any complaint that closed compensated, not only the latest.
        self.payable = desk.payable_complaints(complaint.tracking)

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog", classes="dialog") as dialog:
            dialog.border_title = _("Record progress · {tracking}").format(tracking=self.complaint.tracking)
            kind = _("third-party claim") if self.complaint.attempt == 0 else _("attempt {attempt}").format(attempt=self.complaint.attempt)
            yield Static(
                _("{type} complaint ({kind}), stage: {stage}. What happened?").format(
                    type=label("type", self.complaint.complaint_type), kind=kind, stage=label("stage", self.stage)
                ),
                classes="hint",
            )
            yield OptionList(*self._options(), id="steps")
            yield Static("", id="no-steps", classes="hint")
            yield Field(
                _("When it happened (Shanghai)"),
                Input(value=form_instant(self.opened_at), id="at", validators=[DomainValidator(lambda v: parse_instant(v, "at"))]),
            )
            claimed = self.complaint.claimed_amount
            money_check = [DomainValidator(lambda v: parse_money(v, "amount"), optional=True)]
            yield Field(
                _("Amount claimed (CNY)"),
                Input(value=money_str(claimed) if claimed is not None else "", id="claimed", validators=money_check, valid_empty=True),
            )
            yield Field(_("Amount received (CNY)"), Input(id="received", validators=money_check, valid_empty=True))
            yield Static("", id="form-error", classes="error-line")
            with Horizontal(classes="buttons"):
                yield Button(_("Save") + "  ctrl+s", variant="primary", id="save")
                yield Button(_("Cancel") + "  esc", id="cancel")
        yield Footer()

    @property
    def steps(self) -> list[Step]:
        """The steps offered: the latest complaint's, and money received while any complaint of
        the parcel can take it (Desk.payable_complaints)."""
        offered: list[Step] = [step for step in self.allowed if step is not Step.RECEIVED]
        return [*offered, Step.RECEIVED] if self.payable else offered

    def _options(self) -> list[Option]:
        return [Option(label("step", step), id=step.value) for step in self.steps]

    def on_mount(self) -> None:
        steps = self.query_one("#steps", OptionList)
        steps.highlighted = None  # nothing preselected
        self._show_amounts()
        self._say_if_empty()
        steps.focus()

    @property
    def chosen(self) -> Step | None:
        steps = self.query_one("#steps", OptionList)
        if steps.highlighted is None:
            return None
        option_id = steps.get_option_at_index(steps.highlighted).id
        return Step(option_id) if option_id else None

    def _say_if_empty(self) -> None:
        if self.steps:
            said = ""
        elif self.payable:
            said = _("Nothing can be recorded on this complaint at that instant.")
        else:
            said = _(
                "Nothing can be recorded on this complaint at that instant, and no complaint of this parcel "
                "closed compensated, so no money received either."
            )
        self.query_one("#no-steps", Static).update(said)

    def _show_amounts(self) -> None:
        step = self.chosen
        self.query_one("#claimed", Input).parent.display = step in CLAIMED_STEPS  # type: ignore[union-attr]
        self.query_one("#received", Input).parent.display = step in RECEIVED_STEPS  # type: ignore[union-attr]

    @on(OptionList.OptionHighlighted, "#steps")
    def _highlighted(self) -> None:
        self._show_amounts()

    @on(OptionList.OptionSelected, "#steps")
    def _chosen(self) -> None:
        if self.chosen is Step.RECEIVED:
            self._open_payment()
            return
        self._show_amounts()
        self.query_one("#at", Input).focus()

    def _open_payment(self) -> None:
        """Money received has its own dialog: which compensated attempt, the amount, and a second
        question above the amount claimed."""
        from claimdesk.ui.screens.payment import RecordPayment

        def recorded(complaint: Complaint | None) -> None:
            if complaint is not None:
                self.dismiss(complaint)

        self.app.push_screen(RecordPayment(self.desk, self.complaint.tracking, self.payable), recorded)

    @on(Input.Changed, "#at")
    def _instant_changed(self, event: Input.Changed) -> None:
        """The steps on offer are the ones the rules take at the instant typed."""
        try:
            at = parse_instant(event.value, "at")
        except ClaimdeskError:
            return
        allowed = self.desk.allowed_steps(self.complaint.tracking, at)
        if allowed == self.allowed:
            return
        kept = self.chosen
        self.allowed = allowed
        steps = self.query_one("#steps", OptionList)
        steps.clear_options()
        steps.add_options(self._options())
        steps.highlighted = self.steps.index(kept) if kept in self.steps else None
        self._show_amounts()
        self._say_if_empty()

    @on(Button.Pressed, "#save")
    def action_save(self) -> None:
        step = self.chosen
        if step is None:
            self.query_one("#form-error", Static).update(_("Choose what happened."))
            self.query_one("#steps", OptionList).focus()
            return
        if step is Step.RECEIVED:
            self._open_payment()
            return
        errors: list[ValidationError] = []
        at = parsed(self.query_one("#at", Input), parse_instant, errors)
        claimed = parsed(self.query_one("#claimed", Input), parse_optional_money, errors) if step in CLAIMED_STEPS else None
        received = parsed(self.query_one("#received", Input), parse_optional_money, errors) if step in RECEIVED_STEPS else None
        lines, _elsewhere = mark_errors(self.query(Field), errors)  # every field names its own
        self.query_one("#form-error", Static).update("\n".join(lines))
        if errors or at is None:
            first = next((field for field in self.query(Field) if field.has_class("-invalid")), None)
            if first is not None:
                first.input.focus()
            return
        if step.ends_complaint:
            self._confirm_end(step, at, claimed, received)
            return
        self._record(step, at, claimed, received)

    def _confirm_end(self, step: Step, at: datetime, claimed: Decimal | None, received: Decimal | None) -> None:
        from claimdesk.ui.screens.confirm import Confirm

        def answered(answer: str | None) -> None:
            if answer is not None:
                self._record(step, at, claimed, received)

        self.app.push_screen(
            Confirm(
                _("Ends the complaint"),
                _(
                    "Record '{step}' at {when}? This ends the complaint: no more replies, appeals or outcomes "
                    "can be recorded on it (u retracts it if it was a mistake)."
                ).format(step=label("step", step), when=when(at)),
                _("Record it"),
            ),
            answered,
        )

    def _record(self, step: Step, at: datetime, claimed: Decimal | None, received: Decimal | None) -> None:
        tracking, shown = self.complaint.tracking, self.complaint  # written off the UI thread (ui/writing.py)
        # On the complaint this dialog offered the steps of: changed elsewhere since, nothing is recorded.
        self.write(lambda: self.desk.record_step(tracking, step, at, claimed=claimed, received=received, shown=shown))

    def on_writing_dialog_saved(self, message: WritingDialog.Saved) -> None:
        self.dismiss(message.result)

    def on_writing_dialog_failed(self, message: WritingDialog.Failed) -> None:
        self.query_one("#form-error", Static).update(say(message.error))

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.cancel()
