"""Money received for a complaint that closed compensated (r, then 'Money received').

The attempts offered are the ones the Desk says can take a payment (the latest highlighted);
the payment goes through `Desk.record_received`, as `claimdesk complaint received` does. One
that takes the total above the amount claimed is asked about once more, naming both amounts.
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

from claimdesk.domain.complaints import Complaint, PaymentAboveClaimed
from claimdesk.domain.errors import ValidationError
from claimdesk.domain.instants import parse_instant
from claimdesk.domain.money import money_str, parse_money
from claimdesk.i18n import N_, _
from claimdesk.labels import label
from claimdesk.services import Desk
from claimdesk.ui.formatting import form_instant
from claimdesk.ui.localize import localize_bindings
from claimdesk.ui.messages import say
from claimdesk.ui.widgets.forms import DomainValidator, Field, mark_errors, parsed
from claimdesk.ui.writing import WritingDialog


def attempt_text(complaint: Complaint) -> str:
    """One line per compensated complaint: which attempt, what was claimed and what arrived."""
    kind = _("third-party claim") if complaint.attempt == 0 else _("attempt {attempt}").format(attempt=complaint.attempt)
    return _("{kind} · {type} · claimed {claimed}, received {received}").format(
        kind=kind,
        type=label("type", complaint.complaint_type),
        claimed=money_str(complaint.claimed_amount) if complaint.claimed_amount is not None else "-",
        received=money_str(complaint.received) if complaint.received is not None else "0.00",
    )


class RecordPayment(WritingDialog[Complaint | None]):
    BINDINGS = [
        Binding("escape", "cancel", N_("Cancel")),
        Binding("ctrl+s", "save", N_("Save"), priority=True),
    ]

    def __init__(self, desk: Desk, tracking: str, complaints: list[Complaint]) -> None:
        super().__init__()
        localize_bindings(self)
        self.desk = desk
        self.tracking = tracking
        self.complaints = complaints  # what Desk.payable_complaints offered, oldest first
        self.recording: tuple[Decimal, datetime, int] | None = None  # (amount, at, attempt) of the write in flight

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog", classes="dialog") as dialog:
            dialog.border_title = _("Money received · {tracking}").format(tracking=self.tracking)
            yield Static(_("Which compensated complaint did the money arrive for?"), classes="hint")
            yield OptionList(*(Option(attempt_text(c), id=str(c.attempt)) for c in self.complaints), id="attempts")
            yield Field(_("Amount received (CNY)"), Input(id="amount", validators=[DomainValidator(lambda v: parse_money(v, "amount"))]))
            yield Field(
                _("When it arrived (Shanghai)"),
                Input(value=form_instant(self.desk.now()), id="at", validators=[DomainValidator(lambda v: parse_instant(v, "at"))]),
            )
            yield Static("", id="form-error", classes="error-line")
            with Horizontal(classes="buttons"):
                yield Button(_("Save") + "  ctrl+s", variant="primary", id="save")
                yield Button(_("Cancel") + "  esc", id="cancel")
        yield Footer()

    def on_mount(self) -> None:
        attempts = self.query_one("#attempts", OptionList)
        attempts.highlighted = len(self.complaints) - 1  # the latest compensated, as the CLI's default
        self.query_one("#amount", Input).focus()

    @property
    def attempt(self) -> int:
        attempts = self.query_one("#attempts", OptionList)
        return self.complaints[attempts.highlighted if attempts.highlighted is not None else -1].attempt

    @on(OptionList.OptionSelected, "#attempts")
    def _chosen(self) -> None:
        self.query_one("#amount", Input).focus()

    @on(Button.Pressed, "#save")
    def action_save(self) -> None:
        errors: list[ValidationError] = []
        amount = parsed(self.query_one("#amount", Input), parse_money, errors)
        at = parsed(self.query_one("#at", Input), parse_instant, errors)
        lines, _elsewhere = mark_errors(self.query(Field), errors)
        self.query_one("#form-error", Static).update("\n".join(lines))
        if errors or amount is None or at is None:
            first = next((field for field in self.query(Field) if field.has_class("-invalid")), None)
            if first is not None:
                first.input.focus()
            return
        self._record(amount, at, self.attempt, confirmed=False)

    def _record(self, amount: Decimal, at: datetime, attempt: int, *, confirmed: bool) -> None:
        """Record off the UI thread (ui/writing.py); what is being recorded is kept for a second
        question (above the amount claimed)."""
        tracking = self.tracking
        if not self.writing:  # (a second write is refused by write(), the first one's kept)
            self.recording = (amount, at, attempt)
        self.write(lambda: self.desk.record_received(tracking, amount, at, attempt=attempt, confirmed=confirmed))

    def on_writing_dialog_saved(self, message: WritingDialog.Saved) -> None:
        self.dismiss(message.result)

    def on_writing_dialog_failed(self, message: WritingDialog.Failed) -> None:
        error = message.error
        if not isinstance(error, PaymentAboveClaimed):
            self.query_one("#form-error", Static).update(say(error))
            return
        from claimdesk.ui.screens.confirm import Confirm

        assert self.recording is not None  # set by _record, before the write
        amount, at, attempt = self.recording

        def answered(answer: str | None) -> None:
            if answer is not None:
                self._record(amount, at, attempt, confirmed=True)

        self.app.push_screen(
            Confirm(
                _("Above the amount claimed"),
                _("{amount} would bring the money received to {total}, above the {claimed} claimed. Record it anyway?").format(
                    amount=money_str(error.amount), total=money_str(error.total), claimed=money_str(error.claimed)
                ),
                _("Record it"),
            ),
            answered,
        )

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.cancel()
