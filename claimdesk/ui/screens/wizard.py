"""The complaint wizard: attempts, type and window, evidence, expected payout, confirm.

A wrong type burns one of only two attempts, so the wizard starts on the type the parcel's
status calls for (lost -> loss), shows every window with its exact dates (the "closes in"
counts down), lets only open types be chosen, and asks for an explicit confirmation; when the
status's own type is not open yet it says when it opens and asks once more before another
type is chosen. The evidence offered is the type's (its domain TypeSpec). A complaint
already filed on the platform is recorded with the instant it was filed ("filed at"). The
last attempt without any evidence needs its own acknowledgement. Escape cancels at any step
and writes nothing.

The step shown is the reactive `step`: changing it redraws the wizard (`watch_step`). Both of
its writes (filing, and a missing field saved to the parcel) run off the UI thread
(ui/writing.py) and come back as `Saved` / `Failed` messages.
"""

from __future__ import annotations

from decimal import Decimal

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.reactive import reactive
from textual.widgets import Button, Checkbox, ContentSwitcher, Footer, Input, OptionList, Select, SelectionList, Static
from textual.widgets.option_list import Option

from claimdesk.domain.compensation import UnknownCompensation, asks_actual_loss
from claimdesk.domain.complaint_types import TYPE_FOR_STATUS, TYPE_SPECS, ComplaintType, NotPaid, WindowState, where_to_file
from claimdesk.domain.complaints import MAX_ATTEMPTS, Complaint, is_last_attempt
from claimdesk.domain.errors import ValidationError
from claimdesk.domain.instants import parse_instant
from claimdesk.domain.money import parse_money, parse_weight
from claimdesk.domain.parcels import FIELD_LABELS, ItemKind, Parcel, unknown_payout_text
from claimdesk.i18n import N_, _, pgettext
from claimdesk.labels import choices, english, label
from claimdesk.services import Desk
from claimdesk.termtext import cell_len, fit
from claimdesk.ui import breakpoints
from claimdesk.ui.formatting import form_instant, money, remaining, when, when_short
from claimdesk.ui.localize import localize_bindings
from claimdesk.ui.messages import say
from claimdesk.ui.widgets.forms import DomainValidator, Field, error_text
from claimdesk.ui.widgets.tones import Tones
from claimdesk.ui.writing import WritingDialog
from claimdesk.views import TypeOption

# A type's second line starts under its name; an option's text has a column of padding each side.
TYPE_INDENT = "   "
TYPE_OPTION_PADDING = 2
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


class ComplaintWizard(WritingDialog[Complaint | None], Tones):
    # The screen first: Textual takes CSS (ModalScreen's centring and dimming) and component
    # classes from the first base only, so Tones' component classes are named here.
    COMPONENT_CLASSES = Tones.COMPONENT_CLASSES
    BINDINGS = [
        Binding("escape", "cancel", N_("Cancel"), tooltip=N_("Leave the wizard; nothing is filed")),
        Binding("ctrl+n", "next", N_("Next"), priority=True, tooltip=N_("Next step")),
        Binding("ctrl+b", "back", N_("Back"), priority=True, tooltip=N_("Previous step")),
        Binding("ctrl+s", "file", N_("File complaint"), priority=True, tooltip=N_("File the complaint (last step, once confirmed)")),
    ]

    # The step shown (an index into STEPS). Every change redraws the wizard (watch_step), the
    # first one once it is mounted.
    step: reactive[int] = reactive(0)

    def __init__(self, desk: Desk, tracking: str, attempt: int) -> None:
        super().__init__()
        localize_bindings(self)
        self.desk = desk
        self.parcel = desk.parcel(tracking)
        self.attempt = attempt
        self.opened_at = desk.now()
        self.options: list[TypeOption] = desk.filing_options(tracking, self.opened_at)
        self.chosen: ComplaintType | None = None
        self.expected_amount: Decimal | None = None
        # The type the parcel's status calls for, and whether it can be filed now.
        self.preferred: TypeOption | None = next(
            (o for o in self.options if o.complaint_type == TYPE_FOR_STATUS.get(self.parcel.status)), None
        )

    # ---------------------------------------------------------------- layout

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog", classes="dialog wizard") as dialog:
            dialog.border_title = _("File a complaint · {tracking}").format(tracking=self.parcel.tracking)
            yield Static(id="wizard-steps")
            with ContentSwitcher(initial=STEPS[0], id="wizard-body"):
                with VerticalScroll(id="step-attempt"):
                    yield Static(id="attempt-text")
                with Vertical(id="step-type"):
                    yield Static(_("Choose the type. Only types whose filing window is open now can be chosen."), classes="hint")
                    yield Static("", id="type-notice", classes="warning-text")
                    yield Checkbox(self._other_type_text(), id="other-type-ok", compact=True)
                    yield OptionList(id="types")
                with VerticalScroll(id="step-evidence"):
                    yield Static(_("What the platform asks for (tick what you have):"), classes="hint")
                    yield SelectionList[str](id="evidence")
                    yield Static(_("Not paid when (tick any that applies — then think twice before filing):"), classes="hint warning-text")
                    yield SelectionList[str](id="not-paid")
                    yield Input(placeholder=_("Evidence files, comma-separated (paths are only recorded)"), id="evidence-files")
                    yield Input(placeholder=_("Note for your records"), id="note")
                with VerticalScroll(id="step-payout"):
                    yield from self._missing_fields()
                    yield Input(
                        placeholder=_("Actual loss in CNY (damage or partial loss)"),
                        id="actual-loss",
                        validators=[DomainValidator(lambda v: parse_money(v, "actual_loss"), optional=True)],
                        valid_empty=True,
                    )
                    yield Static(id="payout")
                with VerticalScroll(id="step-review"):
                    yield Static(id="review")
                    yield Field(
                        _("Filed at (Shanghai)"),
                        Input(
                            form_instant(self.opened_at),
                            id="filed-at",
                            validators=[DomainValidator(lambda v: parse_instant(v, "filed_at"))],
                        ),
                    )
                    yield Static(_("Already filed on the platform? Enter when; otherwise leave now."), classes="hint field-hint")
                    yield Checkbox(_("I file my last attempt without any evidence"), id="no-evidence-ok")
                    yield Checkbox(_("I checked the complaint type and understand this uses an attempt"), id="confirm")
            yield Static("", id="wizard-error", classes="error-line")
            with Horizontal(classes="buttons"):
                yield Button(_("Back") + "  ctrl+b", id="back")
                yield Button(_("Next") + "  ctrl+n", variant="primary", id="next")
                yield Button(_("File complaint") + "  ctrl+s", variant="error", id="file", disabled=True)
                yield Button(_("Cancel") + "  esc", id="cancel")
        yield Footer()

    def _missing_fields(self) -> ComposeResult:
        """An incomplete parcel's unknown fields, asked here (filing is not blocked: the payout
        stays unknown until they are entered; docs/rules.md section 1)."""
        with Vertical(id="missing-fields"):
            yield Static(id="missing-hint", classes="hint warning-text")
            yield Field(_(FIELD_LABELS["item"]), Select(choices("item", ItemKind), id="m-item", compact=True))  # type: ignore[arg-type]
            for name, parse in (
                ("declared_value", lambda v: parse_money(v, "declared_value")),
                ("weight", parse_weight),
                ("shipping_fee", lambda v: parse_money(v, "shipping_fee")),
            ):
                yield Field(
                    _(FIELD_LABELS[name]), Input(id=f"m-{name}", valid_empty=True, validators=[DomainValidator(parse, optional=True)])
                )
            yield Button(_("Save to the parcel"), id="save-missing")

    def _show_missing(self) -> None:
        missing = self.parcel.missing
        box = self.query_one("#missing-fields", Vertical)
        box.display = bool(missing)
        if not missing:
            return
        self.query_one("#missing-hint", Static).update(
            _("{tracking} is incomplete: enter what you know, then save it to the parcel. You may also file without it.").format(
                tracking=self.parcel.tracking
            )
        )
        item = self.query_one("#m-item", Select)
        chosen_declared = item.value == ItemKind.DECLARED.value
        shown = {
            "item": "item" in missing,
            "declared_value": "declared_value" in missing or chosen_declared,
            "weight": "weight" in missing,
            "shipping_fee": "shipping_fee" in missing,
        }
        for name, visible in shown.items():
            widget = item if name == "item" else self.query_one(f"#m-{name}", Input)
            field = widget.parent.parent if widget.parent is not None else None
            if isinstance(field, Field):
                field.display = visible

    @on(Select.Changed, "#m-item")
    def _item_chosen(self) -> None:
        self._show_missing()

    @on(Button.Pressed, "#save-missing")
    def action_save_missing(self) -> None:
        """Write the fields entered to the parcel (a normal edit: checked, merged, one write), off
        the UI thread like the filing (ui/writing.py); the wizard stays on this step."""
        fields = {name: self.query_one(f"#m-{name}", Input).value.strip() for name in ("declared_value", "weight", "shipping_fee")}
        fields = {name: value for name, value in fields.items() if value}
        item = self.query_one("#m-item", Select).value
        if item is not Select.NULL:
            fields["item"] = str(item)
        if not fields:
            self._error(_("Enter a missing field first."))
            return
        tracking = self.parcel.tracking
        self.write(lambda: self.desk.edit_parcel(tracking, fields))

    def _missing_saved(self, parcel: Parcel) -> None:
        self.parcel = parcel
        self._error("")
        self._show_missing()
        loss = self.query_one("#actual-loss", Input)
        loss.display = self._needs_actual_loss()
        self._update_payout()

    def on_mount(self) -> None:
        self.query_one("#attempt-text", Static).update(self._attempt_text())
        types = self.query_one("#types", OptionList)
        types.add_options(self._type_options())
        self._type_notice()
        self.set_interval(1, self.tick)

    def on_resize(self, event: events.Resize) -> None:
        self.call_after_refresh(self._refresh_type_prompts)  # the lines that fit the new width
        # A terminal of 24 rows or 80 columns: the wizard takes the whole screen and its buttons
        # one row each, so the type list shows several options whole rather than one, wrapped.
        short = event.size.height < breakpoints.SHORT_BELOW
        self.set_class(event.size.width < breakpoints.NARROW_BELOW, "-small-width")
        self.set_class(short, "-small-height")
        for button in self.query(".buttons Button").results(Button):
            button.compact = short

    def tick(self) -> None:
        """Every second: the windows' 'closes in' / 'opens in' and the review's remaining time."""
        if self.writing:  # the filing runs in its thread: no Desk call until it ends
            return
        self._refresh_type_prompts()
        self._type_notice()  # its "opens … (in 4d 15:34:38)" counts down with the list
        if STEPS[self.step] == "step-review":
            self.query_one("#review", Static).update(self._review_text())

    def _refresh_type_prompts(self) -> None:
        if self.writing:
            return
        types = self.query_one("#types", OptionList)
        for index, prompt in enumerate(self._type_prompts()):
            types.replace_option_prompt_at_index(index, prompt)

    def _other_type_text(self) -> str:
        preferred = self.preferred
        if preferred is None or preferred.can_file:
            return ""
        return _("Choose another type now ({type} matches this parcel)").format(type=label("type", preferred.complaint_type))

    def _type_notice(self) -> None:
        """When the status's own type cannot be filed now: say when it opens, and ask before another."""
        notice = self.query_one("#type-notice", Static)
        other = self.query_one("#other-type-ok", Checkbox)
        preferred = self.preferred
        if preferred is None or preferred.can_file:
            notice.display = other.display = False
            return
        ctype = label("type", preferred.complaint_type)
        window = preferred.window
        if preferred.state is WindowState.NOT_OPEN_YET and window.opens is not None:
            text = _(
                "This parcel is {status}: its complaint is {type}, which opens on {opens} (in {remaining}). "
                "Another type filed now uses one of your two attempts."
            ).format(
                status=label("status", self.parcel.status),
                type=ctype,
                opens=f"{when_short(window.opens)} {_('CST')}",
                remaining=remaining(preferred.seconds_to_open(self.desk.now()) or 0),
            )
        elif preferred.state is WindowState.CLOSED:
            text = _("This parcel is {status}: its complaint is {type}, whose window closed on {closes}.").format(
                status=label("status", self.parcel.status), type=ctype, closes=f"{when_short(window.closes)} {_('CST')}"
            )
        else:
            text = _("This parcel is {status}: its complaint is {type}, which cannot be filed: {why}.").format(
                status=label("status", self.parcel.status), type=ctype, why=_(window.why_not)
            )
        notice.update(text)

    def _attempt_text(self) -> Text:
        text = Text()
        if is_last_attempt(self.attempt):
            text.append(
                _("Attempt {attempt} of {limit} — last attempt").format(attempt=self.attempt, limit=MAX_ATTEMPTS) + "\n",
                style=self.tone("error"),
            )
            text.append(_("After this one the platform accepts no further complaint on this logistics order.") + "\n\n")
        else:
            text.append(_("Attempt {attempt} of {limit}").format(attempt=self.attempt, limit=MAX_ATTEMPTS) + "\n", style="bold")
            text.append(_("Each logistics order has only two complaint opportunities. A wrong type burns one.") + "\n\n")
        p = self.parcel
        text.append(
            _("Parcel   {tracking}  ({service}, {status})").format(
                tracking=p.tracking, service=label("service", p.service), status=label("status", p.status)
            )
            + "\n"
        )
        text.append(_("Created  {when}").format(when=when(p.created_at)) + "\n")
        if p.collected_at:
            text.append(_("Collected {when}").format(when=when(p.collected_at)) + "\n")
        if p.last_tracking_at:
            text.append(_("Last tracking update {when}").format(when=when(p.last_tracking_at)) + "\n")
        return text

    def _type_options(self) -> list[Option]:
        return [
            Option(prompt, id=option.complaint_type.value, disabled=not option.can_file)
            for option, prompt in zip(self.options, self._type_prompts(), strict=True)
        ]

    def _type_prompts(self) -> list[Text]:
        now = self.desk.now()
        room = self._type_room()
        tone = {"open": "success", "not-open-yet": "warning", "closed": "error", "never": "error"}
        prompts = []
        for option in self.options:
            window = option.window
            prompt = Text()
            prompt.append(fit(label("type", option.complaint_type), 19), style="bold" if option.can_file else self.tone("muted"))
            prompt.append(fit(label("group", option.group), 11))
            prompt.append(fit(label("window", option.state), 13), style=self.tone(tone[option.state.value]))
            seconds_to_open = option.seconds_to_open(now)
            if option.state is WindowState.OPEN:
                prompt.append(_("closes in {remaining}").format(remaining=remaining(option.seconds_to_close(now))))
            elif option.state is WindowState.NOT_OPEN_YET and seconds_to_open is not None:
                prompt.append(_("opens in {remaining}").format(remaining=remaining(seconds_to_open)))
            elif option.state is WindowState.NEVER:
                prompt.append(_(window.why_not))
            opens = when_short(window.opens) if window.opens else "—"
            description = label("type_description", option.complaint_type)
            line = _("{description}; opens {opens}, closes {closes} (Shanghai)").format(
                description=description, opens=opens, closes=when_short(window.closes)
            )
            if room and cell_len(TYPE_INDENT + line) > room:  # wrapped, "(Shanghai)" began a line of its own at 80 columns
                dates = _("opens {opens}, closes {closes} (Shanghai)").format(opens=opens, closes=when_short(window.closes))
                line = description + "\n" + TYPE_INDENT + dates
            prompt.append("\n" + TYPE_INDENT + line, style=self.tone("muted"))
            prompts.append(prompt)
        return prompts

    def _type_room(self) -> int:
        """Columns an option of the type list has for its text (0 before the list is laid out)."""
        types = self.query_one("#types", OptionList)
        return max(0, types.scrollable_content_region.width - TYPE_OPTION_PADDING)

    # ---------------------------------------------------------------- steps

    def watch_step(self) -> None:
        """Show the step: its body, the progress line, the buttons and keys, and its focus."""
        self.query_one(ContentSwitcher).current = STEPS[self.step]
        marks = []
        for index in range(len(STEPS)):
            marker = "●" if index == self.step else ("✓" if index < self.step else "○")
            marks.append(f"{marker} {index + 1} {step_title(index)}")
        self.query_one("#wizard-steps", Static).update("   ".join(marks))
        self.query_one("#back", Button).disabled = self.step == 0
        self.query_one("#next", Button).display = self.step < len(STEPS) - 1
        self.query_one("#file", Button).display = self.step == len(STEPS) - 1
        self.refresh_bindings()  # the footer's ctrl+s / ctrl+n / ctrl+b follow the step
        self._error("")
        if STEPS[self.step] == "step-type":
            types = self.query_one("#types", OptionList)
            target = self.chosen or (self.preferred.complaint_type if self.preferred else None)
            filable = [index for index, option in enumerate(self.options) if option.can_file]
            chosen = [index for index in filable if self.options[index].complaint_type == target]
            # The status's type when it is open; otherwise the first open one, highlighted only:
            # choosing it still needs the confirmation above the list.
            if chosen or filable:
                types.highlighted = (chosen or filable)[0]
            types.focus()
            self.call_after_refresh(self._refresh_type_prompts)  # its lines as they fit, now that it has a width
        elif STEPS[self.step] == "step-evidence":
            self._offer_evidence()
            self.query_one("#evidence", SelectionList).focus()
        elif STEPS[self.step] == "step-payout":
            self._show_missing()
            self._update_payout()
            loss = self.query_one("#actual-loss", Input)
            loss.display = self._needs_actual_loss()
            (loss if loss.display else self.query_one("#next", Button)).focus()
        elif STEPS[self.step] == "step-review":
            self.query_one("#review", Static).update(self._review_text())
            self.query_one("#confirm", Checkbox).value = False
            no_evidence = self.query_one("#no-evidence-ok", Checkbox)
            no_evidence.value = False
            no_evidence.display = self._needs_evidence_warning()
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
            chosen = self.options[highlighted].complaint_type
            preferred = self.preferred
            if (
                preferred is not None
                and not preferred.can_file
                and chosen != preferred.complaint_type
                and not self.query_one("#other-type-ok", Checkbox).value
            ):
                self._error(
                    _("{type} matches this parcel but is not open. Tick the box above to file {chosen} instead.").format(
                        type=label("type", preferred.complaint_type), chosen=label("type", chosen)
                    )
                )
                self.query_one("#other-type-ok", Checkbox).focus()
                return
            self.chosen = chosen
        if STEPS[self.step] == "step-payout":
            # The field's own validator (the domain's parse_money) says what is wrong.
            problem = error_text(self.query_one("#actual-loss", Input))
            if problem:
                self._error(_("Actual loss: {message}").format(message=problem))
                return
        if self.step < len(STEPS) - 1:
            self.step += 1

    def action_back(self) -> None:
        if self.step > 0:
            self.step -= 1

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
        self.cancel()

    # ---------------------------------------------------------------- payout

    def _needs_actual_loss(self) -> bool:
        incident = self.desk.incident_for(self.chosen) if self.chosen else None
        item = self.parcel.item
        return incident is not None and item is not None and asks_actual_loss(incident, item)

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
                _("{type}: a fee or other complaint has no goods compensation rule.").format(type=label("type", self.chosen)) + "\n",
                style="bold",
            )
            text.append(_("The carrier corrects or refunds the disputed charge."))
        else:
            result = self.desk.expected_compensation(self.parcel, incident, self._actual_loss())
            if isinstance(result, UnknownCompensation) and result.missing == ("actual_loss",):
                text.append(_("Enter the actual loss to see the figure."), style=self.tone("muted"))
            elif isinstance(result, UnknownCompensation):
                text.append(_("Expected compensation") + ": ", style="bold")
                text.append(unknown_payout_text(result.missing), style=self.tone("warning"))
            else:
                self.expected_amount = result.amount
                text.append(_("Incident: {incident}").format(incident=label("incident", incident)) + "\n\n", style="bold")
                for line in result.lines:
                    text.append(f"{money(line.amount):>12}  {line.rule}\n")
                text.append(f"{money(result.amount):>12}  " + _("expected compensation") + "\n", style="bold")
                text.append(
                    f"{money(result.shortfall):>12}  " + _("shortfall: value the rules leave uncovered") + "\n",
                    style=self.tone("error") if result.shortfall else "",
                )
                for note in result.notes:
                    text.append(f"\n{note}", style=self.tone("muted"))
        self.query_one("#payout", Static).update(text)

    # ---------------------------------------------------------------- review

    def _review_text(self) -> Text:
        text = Text()
        last = is_last_attempt(self.attempt)
        heading = (
            _("This uses attempt {attempt} of {limit} — your LAST attempt on this order.")
            if last
            else _("This uses attempt {attempt} of {limit}.")
        )
        text.append(heading.format(attempt=self.attempt, limit=MAX_ATTEMPTS) + "\n\n", style=self.tone("error" if last else "warning"))
        option = next(o for o in self.options if o.complaint_type == self.chosen)
        chosen = label("type", self.chosen)
        text.append(fit(_("Type"), 10))
        text.append(f"{chosen}\n", style=self.tone("strong"))
        text.append(
            _("Window    closes {when} (in {remaining})").format(
                when=when(option.window.closes), remaining=remaining(option.seconds_to_close(self.desk.now()))
            )
            + "\n"
        )
        text.append(_("Expected  {amount}").format(amount=money(self.expected_amount)) + "\n")
        ticked = self._ticked_evidence()
        offered = TYPE_SPECS[self.chosen].evidence if self.chosen else ()
        text.append(_("Evidence  {ticked} of {total} items ticked").format(ticked=len(ticked), total=len(offered)) + "\n")
        if self._needs_evidence_warning():
            text.append(
                _("Warning   This is your last attempt and no evidence is ticked: it is likely to be rejected.") + "\n",
                style=self.tone("error"),
            )
        warnings = self.query_one("#not-paid", SelectionList).selected
        if warnings:
            text.append(
                _("Warning   {count} 'not paid' case(s) ticked: compensation is unlikely").format(count=len(warnings)) + "\n",
                style=self.tone("error"),
            )
            for case in NotPaid:
                if case.value in warnings:
                    text.append(f"          · {label('not_paid', case)}\n", style=self.tone("alert"))
        where = _(where_to_file(self.chosen)) if self.chosen else ""
        text.append("\n" + _("Then file it on the platform: {where}").format(where=where) + "\n", style="italic")
        text.append(_("paste {tracking}, choose '{type}', attach the evidence.").format(tracking=self.parcel.tracking, type=chosen))
        return text

    # ---------------------------------------------------------------- evidence

    def _offer_evidence(self) -> None:
        """The chosen type's evidence (a loss has no damage or scale photos) and the cases in
        which it is not paid (its TypeSpec's), ticks kept."""
        spec = TYPE_SPECS[self.chosen] if self.chosen else None
        self._offer("#evidence", "evidence", spec.evidence if spec else ())
        self._offer("#not-paid", "not_paid", spec.not_paid if spec else ())

    def _offer(self, selector: str, kind: str, offered: tuple[str, ...]) -> None:
        choices = self.query_one(selector, SelectionList)
        kept = set(choices.selected)
        shown = [str(choices.get_option_at_index(index).value) for index in range(choices.option_count)]
        if shown == list(offered):
            return
        choices.clear_options()
        choices.add_options([(label(kind, item), str(item), str(item) in kept) for item in offered])
        choices.highlighted = 0 if offered else None

    def _ticked_evidence(self) -> list[str]:
        return [str(key) for key in self.query_one("#evidence", SelectionList).selected]

    def _needs_evidence_warning(self) -> bool:
        """The last attempt with no evidence ticked: filing it needs its own acknowledgement."""
        return is_last_attempt(self.attempt) and not self._ticked_evidence()

    @on(Checkbox.Changed, "#confirm")
    @on(Checkbox.Changed, "#no-evidence-ok")
    def _confirm_changed(self) -> None:
        self.query_one("#file", Button).disabled = not self._ready_to_file()

    def _ready_to_file(self) -> bool:
        acknowledged = not self._needs_evidence_warning() or self.query_one("#no-evidence-ok", Checkbox).value
        return bool(self.query_one("#confirm", Checkbox).value) and acknowledged

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """ctrl+s files, on the last step only (not offered before it); next and back dimmed where there is none."""
        if action == "file":
            return STEPS[self.step] == "step-review"
        if action == "next":
            return True if self.step < len(STEPS) - 1 else None
        if action == "back":
            return True if self.step > 0 else None
        return True

    @on(Button.Pressed, "#file")
    def action_file(self) -> None:
        if not self._ready_to_file() or self.chosen is None:
            self._error(_("Tick the confirmation first."))
            return
        filed_at = self.query_one("#filed-at", Input)
        problem = error_text(filed_at)
        if problem:
            self._error(_("Filed at: {message}").format(message=problem))
            filed_at.focus()
            return
        files = [part.strip() for part in self.query_one("#evidence-files", Input).value.split(",")]
        # The English words are stored, as the complaint's record of what was attached.
        ticked = [english("evidence", key) for key in self._ticked_evidence()]
        tracking, chosen, note, claimed = self.parcel.tracking, self.chosen, self.query_one("#note", Input).value, self.expected_amount
        try:
            at = parse_instant(filed_at.value, "filed_at")
        except ValidationError as error:
            self._error(say(error))
            return
        evidence = ticked + [f for f in files if f]
        # Off the UI thread (ui/writing.py): the wizard stays as it is until the complaint is stored.
        self.write(lambda: self.desk.file_complaint(tracking, chosen, at, note=note, evidence=evidence, claimed=claimed))

    def on_writing_dialog_saved(self, message: WritingDialog.Saved) -> None:
        if isinstance(message.result, Parcel):  # the missing fields, saved to the parcel
            self._missing_saved(message.result)
            return
        self.dismiss(message.result)  # the complaint, filed

    def on_writing_dialog_failed(self, message: WritingDialog.Failed) -> None:
        self._error(say(message.error))
