"""The complaint wizard: attempts, type and window, evidence, expected payout, confirm.

A wrong type burns one of only two attempts, so the wizard shows every window with its
exact dates, lets only open types be chosen, and asks for an explicit confirmation.
Escape cancels at any step and writes nothing.
"""

from __future__ import annotations

from decimal import Decimal

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Checkbox, ContentSwitcher, Input, OptionList, SelectionList, Static
from textual.widgets.option_list import Option

from claimdesk.domain.compensation import asks_actual_loss
from claimdesk.domain.complaint_types import TYPE_FOR_STATUS, WHERE_TO_FILE, ComplaintType, WindowState
from claimdesk.domain.complaints import MAX_ATTEMPTS, Complaint
from claimdesk.domain.errors import ClaimdeskError, ValidationError
from claimdesk.domain.instants import format_remaining
from claimdesk.domain.money import parse_money
from claimdesk.i18n import N_, _, pgettext
from claimdesk.labels import label
from claimdesk.services import Desk
from claimdesk.termtext import fit
from claimdesk.ui.formatting import money, when, when_short
from claimdesk.ui.localize import localize_bindings
from claimdesk.ui.widgets.forms import DomainValidator, error_text
from claimdesk.views import TypeOption

STEPS = ("step-attempt", "step-type", "step-evidence", "step-payout", "step-review")


def step_title(index: int) -> str:
    """A step's title in the progress line (short words, so the line fits 80 columns)."""
    return (
        pgettext("wizard step", "Attempts"),
        pgettext("wizard step", "Complaint type"),
        pgettext("wizard step", "Evidence"),
        pgettext("wizard step", "Expected compensation"),
        pgettext("wizard step", "Review and file"),
    )[index]

EVIDENCE = [
    ("tracking", N_("Tracking number and the logistics order page")),
    ("history", N_("Tracking history showing the problem (no scan, no update, late)")),
    ("buyer", N_("The buyer's message or dispute (not received / damaged)")),
    ("photos", N_("Photos of the parcel and goods (damage, partial loss)")),
    ("value", N_("Proof of value: invoice or the details sheet's declared value")),
    ("fees", N_("Shipping fee receipt; scale or tape photos (fee, weight, size)")),
]
NOT_PAID = [
    ("force", N_("Force majeure (unless insured)")),
    ("customs", N_("Confiscated or seized by the destination country's customs")),
    ("sender", N_("The sender's own fault: prohibited or badly packed goods")),
    ("signed", N_("Signed for with the outer packaging intact and no evidence of damage")),
    ("inquiry", N_("No inquiry made within the inquiry period")),
]


class ComplaintWizard(ModalScreen[Complaint | None]):
    BINDINGS = [
        Binding("escape", "cancel", N_("Cancel"), tooltip=N_("Leave the wizard; nothing is filed")),
        Binding("ctrl+n", "next", N_("Next"), priority=True, tooltip=N_("Next step")),
        Binding("ctrl+b", "back", N_("Back"), priority=True, tooltip=N_("Previous step")),
    ]

    def __init__(self, desk: Desk, tracking: str, attempt: int) -> None:
        super().__init__()
        localize_bindings(self)
        self.desk = desk
        self.parcel = desk.parcel(tracking)
        self.attempt = attempt
        self.step = 0
        self.opened_at = desk.now()
        self.options: list[TypeOption] = desk.filing_options(tracking, self.opened_at)
        self.chosen: ComplaintType | None = None
        self.expected_amount: Decimal | None = None

    # ---------------------------------------------------------------- layout

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog", classes="dialog wizard") as dialog:
            dialog.border_title = _("File a complaint · {tracking}").format(tracking=self.parcel.tracking)
            yield Static(id="wizard-steps")
            with ContentSwitcher(initial=STEPS[0], id="wizard-body"):
                with VerticalScroll(id="step-attempt"):
                    yield Static(self._attempt_text(), id="attempt-text")
                with Vertical(id="step-type"):
                    yield Static(_("Choose the type. Only types whose filing window is open now can be chosen."), classes="hint")
                    yield OptionList(*self._type_options(), id="types")
                with VerticalScroll(id="step-evidence"):
                    yield Static(_("What the platform asks for (tick what you have):"), classes="hint")
                    yield SelectionList[str](*[(_(text), key) for key, text in EVIDENCE], id="evidence")
                    yield Static(_("Not paid when (tick any that applies — then think twice before filing):"), classes="hint warning-text")
                    yield SelectionList[str](*[(_(text), key) for key, text in NOT_PAID], id="not-paid")
                    yield Input(placeholder=_("Evidence files, comma-separated (paths are only recorded)"), id="evidence-files")
                    yield Input(placeholder=_("Note for your records"), id="note")
                with VerticalScroll(id="step-payout"):
                    yield Input(
                        placeholder=_("Actual loss in CNY (damage or partial loss)"),
                        id="actual-loss",
                        validators=[DomainValidator(lambda v: parse_money(v, "actual_loss"), optional=True)],
                        valid_empty=True,
                    )
                    yield Static(id="payout")
                with VerticalScroll(id="step-review"):
                    yield Static(id="review")
                    yield Checkbox(_("I checked the complaint type and understand this uses an attempt"), id="confirm")
            yield Static("", id="wizard-error", classes="error-line")
            with Horizontal(classes="buttons"):
                yield Button(_("Back") + "  ctrl+b", id="back")
                yield Button(_("Next") + "  ctrl+n", variant="primary", id="next")
                yield Button(_("File complaint"), variant="error", id="file", disabled=True)
                yield Button(_("Cancel") + "  esc", id="cancel")

    def on_mount(self) -> None:
        self._show_step()

    def _attempt_text(self) -> Text:
        text = Text()
        if self.attempt == MAX_ATTEMPTS:
            text.append(_("Attempt {attempt} of {limit} — last attempt").format(attempt=self.attempt, limit=MAX_ATTEMPTS) + "\n", style="bold red")
            text.append(_("After this one the platform accepts no further complaint on this logistics order.") + "\n\n")
        else:
            text.append(_("Attempt {attempt} of {limit}").format(attempt=self.attempt, limit=MAX_ATTEMPTS) + "\n", style="bold")
            text.append(_("Each logistics order has only two complaint opportunities. A wrong type burns one.") + "\n\n")
        p = self.parcel
        text.append(
            _("Parcel   {tracking}  ({service}, {status})").format(
                tracking=p.tracking, service=label("service", p.service), status=label("status", p.status)
            ) + "\n"
        )
        text.append(_("Created  {when}").format(when=when(p.created_at)) + "\n")
        if p.collected_at:
            text.append(_("Collected {when}").format(when=when(p.collected_at)) + "\n")
        if p.last_tracking_at:
            text.append(_("Last tracking update {when}").format(when=when(p.last_tracking_at)) + "\n")
        return text

    def _type_options(self) -> list[Option]:
        options = []
        now = self.opened_at
        for option in self.options:
            window = option.window
            prompt = Text()
            prompt.append(fit(label("type", option.complaint_type), 19), style="bold" if option.can_file else "dim")
            prompt.append(fit(label("group", option.group), 11))
            style = {"open": "green", "not-open-yet": "yellow", "closed": "red", "never": "red"}[option.state.value]
            prompt.append(fit(label("window", option.state), 13), style=style)
            seconds_to_open = option.seconds_to_open(now)
            if option.state is WindowState.OPEN:
                prompt.append(_("closes in {remaining}").format(remaining=format_remaining(option.seconds_to_close(now))))
            elif option.state is WindowState.NOT_OPEN_YET and seconds_to_open is not None:
                prompt.append(_("opens in {remaining}").format(remaining=format_remaining(seconds_to_open)))
            elif option.state is WindowState.NEVER:
                prompt.append(_(window.why_not))
            opens = when_short(window.opens) if window.opens else "—"
            prompt.append(
                "\n   "
                + _("{description}; opens {opens}, closes {closes} (Shanghai)").format(
                    description=label("type_description", option.complaint_type), opens=opens, closes=when_short(window.closes)
                ),
                style="dim",
            )
            options.append(Option(prompt, id=option.complaint_type.value, disabled=not option.can_file))
        return options

    # ---------------------------------------------------------------- steps

    def _show_step(self) -> None:
        self.query_one(ContentSwitcher).current = STEPS[self.step]
        marks = []
        for index in range(len(STEPS)):
            marker = "●" if index == self.step else ("✓" if index < self.step else "○")
            marks.append(f"{marker} {index + 1} {step_title(index)}")
        self.query_one("#wizard-steps", Static).update("   ".join(marks))
        self.query_one("#back", Button).disabled = self.step == 0
        self.query_one("#next", Button).display = self.step < len(STEPS) - 1
        self.query_one("#file", Button).display = self.step == len(STEPS) - 1
        self._error("")
        if STEPS[self.step] == "step-type":
            types = self.query_one("#types", OptionList)
            preferred = TYPE_FOR_STATUS.get(self.parcel.status)
            target = self.chosen or preferred
            for index, option in enumerate(self.options):
                if option.complaint_type == target and option.can_file:
                    types.highlighted = index
                    break
            types.focus()
        elif STEPS[self.step] == "step-evidence":
            self.query_one("#evidence", SelectionList).focus()
        elif STEPS[self.step] == "step-payout":
            self._update_payout()
            loss = self.query_one("#actual-loss", Input)
            loss.display = self._needs_actual_loss()
            (loss if loss.display else self.query_one("#next", Button)).focus()
        elif STEPS[self.step] == "step-review":
            self.query_one("#review", Static).update(self._review_text())
            self.query_one("#confirm", Checkbox).value = False
            self.query_one("#file", Button).disabled = True
            confirm = self.query_one("#confirm", Checkbox)
            confirm.focus()
            # The step was only just switched in: focusing scrolled on the old layout, so at 80x24
            # the box stayed below the fold. Scroll it into view once the new layout is in place.
            self.call_after_refresh(confirm.scroll_visible, animate=False)
        else:
            self.query_one("#next", Button).focus()

    def _error(self, message: str) -> None:
        self.query_one("#wizard-error", Static).update(message)

    def action_next(self) -> None:
        if STEPS[self.step] == "step-type":
            types = self.query_one("#types", OptionList)
            highlighted = types.highlighted
            if highlighted is None or not self.options[highlighted].can_file:
                self._error(_("Choose a complaint type whose filing window is open."))
                return
            self.chosen = self.options[highlighted].complaint_type
        if STEPS[self.step] == "step-payout":
            # The field's own validator (the domain's parse_money) says what is wrong.
            problem = error_text(self.query_one("#actual-loss", Input))
            if problem:
                self._error(_("Actual loss: {message}").format(message=problem))
                return
        if self.step < len(STEPS) - 1:
            self.step += 1
            self._show_step()

    def action_back(self) -> None:
        if self.step > 0:
            self.step -= 1
            self._show_step()

    @on(Button.Pressed, "#next")
    def _next_pressed(self) -> None:
        self.action_next()

    @on(Button.Pressed, "#back")
    def _back_pressed(self) -> None:
        self.action_back()

    @on(OptionList.OptionSelected, "#types")
    def _type_selected(self) -> None:
        self.action_next()

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)

    # ---------------------------------------------------------------- payout

    def _needs_actual_loss(self) -> bool:
        incident = self.desk.incident_for(self.chosen) if self.chosen else None
        return incident is not None and asks_actual_loss(incident, self.parcel.item)

    def _actual_loss(self) -> Decimal | None:
        value = self.query_one("#actual-loss", Input).value
        try:
            return parse_money(value, "actual_loss") if value.strip() else None
        except ValidationError:
            return None

    @on(Input.Changed, "#actual-loss")
    def _loss_changed(self) -> None:
        self._update_payout()

    def _update_payout(self) -> None:
        text = Text()
        incident = self.desk.incident_for(self.chosen) if self.chosen else None
        self.expected_amount = None
        if incident is None:
            text.append(
                _("{type}: a fee or other complaint has no goods compensation rule.").format(type=label("type", self.chosen))
                + "\n",
                style="bold",
            )
            text.append(_("The carrier corrects or refunds the disputed charge."))
        else:
            result = self.desk.expected_compensation(self.parcel, incident, self._actual_loss())
            if result is None:
                text.append(_("Enter the actual loss to see the figure."), style="dim")
            else:
                self.expected_amount = result.amount
                text.append(_("Incident: {incident}").format(incident=label("incident", incident)) + "\n\n", style="bold")
                for line in result.lines:
                    text.append(f"{money(line.amount):>12}  {line.rule}\n")
                text.append(f"{money(result.amount):>12}  " + _("expected compensation") + "\n", style="bold")
                text.append(f"{money(result.shortfall):>12}  " + _("shortfall: value the rules leave uncovered") + "\n",
                            style="bold red" if result.shortfall else "")
                for note in result.notes:
                    text.append(f"\n{note}", style="dim")
        self.query_one("#payout", Static).update(text)

    # ---------------------------------------------------------------- review

    def _review_text(self) -> Text:
        text = Text()
        last = self.attempt == MAX_ATTEMPTS
        heading = (
            _("This uses attempt {attempt} of {limit} — your LAST attempt on this order.")
            if last
            else _("This uses attempt {attempt} of {limit}.")
        )
        text.append(heading.format(attempt=self.attempt, limit=MAX_ATTEMPTS) + "\n\n", style="bold red" if last else "bold yellow")
        option = next(o for o in self.options if o.complaint_type == self.chosen)
        chosen = label("type", self.chosen)
        text.append(fit(_("Type"), 10))
        text.append(f"{chosen}\n", style="bold reverse")
        text.append(
            _("Window    closes {when} (in {remaining})").format(
                when=when(option.window.closes), remaining=format_remaining(option.seconds_to_close(self.desk.now()))
            ) + "\n"
        )
        text.append(_("Expected  {amount}").format(amount=money(self.expected_amount)) + "\n")
        ticked = self.query_one("#evidence", SelectionList).selected
        text.append(_("Evidence  {ticked} of {total} items ticked").format(ticked=len(ticked), total=len(EVIDENCE)) + "\n")
        warnings = self.query_one("#not-paid", SelectionList).selected
        if warnings:
            text.append(
                _("Warning   {count} 'not paid' case(s) ticked: compensation is unlikely").format(count=len(warnings))
                + "\n",
                style="bold red",
            )
        text.append("\n" + _("Then file it on the platform: {where}").format(where=_(WHERE_TO_FILE)) + "\n", style="italic")
        text.append(
            _("paste {tracking}, choose '{type}', attach the evidence.").format(tracking=self.parcel.tracking, type=chosen)
        )
        return text

    @on(Checkbox.Changed, "#confirm")
    def _confirm_changed(self, event: Checkbox.Changed) -> None:
        self.query_one("#file", Button).disabled = not event.value

    @on(Button.Pressed, "#file")
    def file(self) -> None:
        if not self.query_one("#confirm", Checkbox).value or self.chosen is None:
            self._error(_("Tick the confirmation first."))
            return
        files = [part.strip() for part in self.query_one("#evidence-files", Input).value.split(",")]
        ticked = [text for key, text in EVIDENCE if key in self.query_one("#evidence", SelectionList).selected]
        try:
            complaint = self.desk.file_complaint(
                self.parcel.tracking,
                self.chosen,
                note=self.query_one("#note", Input).value,
                evidence=ticked + [f for f in files if f],
                claimed=self.expected_amount,
            )
        except ClaimdeskError as error:
            self._error(str(error))
            return
        self.dismiss(complaint)
