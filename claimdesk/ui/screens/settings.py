"""Settings: every number docs/rules.md marks as a *setting*, editable without a new release."""

from __future__ import annotations

from decimal import Decimal

from rich.cells import cell_len
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Button, Footer, Input, Static

from claimdesk.domain.errors import ClaimdeskError, ValidationError
from claimdesk.domain.numbers import parse_whole
from claimdesk.domain.parcels import FieldErrors, clean_text
from claimdesk.domain.revisions import ConflictError, Snapshot
from claimdesk.domain.settings import (
    CARRIER_PREFIX,
    DEFAULT_WINDOW_OPENS_HOURS,
    OPENS_PREFIX,
    USD_RATE,
    Settings,
    opens_text,
    parse_multiplier,
    parse_opens,
    parse_setting,
    reload_settings,
)
from claimdesk.i18n import N_, _
from claimdesk.labels import label
from claimdesk.services import Desk
from claimdesk.ui.localize import localize_bindings
from claimdesk.ui.messages import say
from claimdesk.ui.screens.conflict import Choice, ConflictScreen, conflict_lines
from claimdesk.ui.widgets.forms import Field, mark_errors, parsed
from claimdesk.ui.writing import WritingDialog

WHOLE = {  # labels translated where shown
    "filing_window_days": N_("Filing window closes after (days)"),
    "chamber_reply_days": N_("Chamber reply due after (days)"),
    "escalation_window_days": N_("Online appeal valid for (days)"),
    "intervention_working_days": N_("Cainiao intervenes within (working days)"),
    "third_party_follow_up_days": N_("Third-party follow-up after (days)"),
    "missed_grace_days": N_("Missed deadlines shown for (days)"),
}

USD_RATE_LABEL = N_("US $ import rate (yuan per US dollar)")  # blank: none


def _opens_label(ctype: str) -> str:
    return _("{type}: opens after (days or hours)").format(type=label("type", ctype))


class SettingsScreen(WritingDialog[Settings | None]):
    BINDINGS = [Binding("escape", "cancel", N_("Cancel")), Binding("ctrl+s", "save", N_("Save"), priority=True)]
    AUTO_FOCUS = "Input"  # not the focusable dialog: the first keys go to the first setting

    def __init__(self, desk: Desk) -> None:
        super().__init__()
        localize_bindings(self)
        self.desk = desk
        # What the screen shows and saves against: only the settings the seller changes are
        # written (see Desk.edit_settings).
        self.base = desk.settings_snapshot()

    def compose(self) -> ComposeResult:
        settings = self.base.value
        with VerticalScroll(id="dialog", classes="dialog settings") as dialog:
            dialog.border_title = _("Settings (platform rules change: adjust here)")
            for name, text in WHOLE.items():
                yield Field(_(text), Input(str(getattr(settings, name)), id=name, type="integer"))
            yield Static(
                _(
                    "Each filing window opens this long after its anchor (collection, last update or creation): 10d is 10 days, 36h is 36 hours."
                ),
                classes="hint",
            )
            for ctype in DEFAULT_WINDOW_OPENS_HOURS:
                yield Field(_opens_label(ctype), Input(opens_text(settings.window_opens_hours[ctype]), id=f"opens-{ctype}"))
            yield Field(_("Special line cap (× freight)"), Input(f"{settings.special_line_multiplier.normalize():f}", id="multiplier"))
            yield Field(_("Per carrier cap (× freight)"), Input(_carriers_text(settings), id="carriers", placeholder="Yanwen=3, 4PX=2"))
            yield Field(_(USD_RATE_LABEL), Input(_rate_text(settings), id=USD_RATE, placeholder="7.10"))
            yield Static("", id="form-error", classes="error-line")
            with Horizontal(classes="buttons"):
                yield Button(_("Save") + "  ctrl+s", variant="primary", id="save")
                yield Button(_("Defaults"), id="defaults")
                yield Button(_("Cancel") + "  esc", id="cancel")
        yield Footer()

    def on_mount(self) -> None:
        # The labels are long ('Cainiao intervenes within (working days)'): their column is as wide
        # as the longest in the language shown (and its padding), up to half the dialog, past
        # which a label wraps at its spaces.
        fields = list(self.query(Field))
        longest = max(cell_len(field.label) for field in fields) + 1
        width = min(longest, max(24, self.query_one("#dialog").size.width // 2 or self.app.size.width // 2))
        for field in fields:
            field.set_label_width(width)

    def _input(self, widget_id: str) -> Input:
        return self.query_one(f"#{widget_id}", Input)

    def _collect(self) -> dict[str, object]:
        """Every setting as typed; raises FieldErrors naming every wrong field at once."""
        errors: list[ValidationError] = []
        changes: dict[str, object] = {name: parsed(self._input(name), parse_whole, errors) for name in WHOLE}
        changes["window_opens_hours"] = {
            ctype: parsed(self._input(f"opens-{ctype}"), parse_opens, errors) for ctype in DEFAULT_WINDOW_OPENS_HOURS
        }
        changes["special_line_multiplier"] = parsed(self._input("multiplier"), parse_multiplier, errors)
        changes["carrier_multipliers"] = parsed(self._input("carriers"), _parse_carriers, errors)
        changes[USD_RATE] = parsed(self._input(USD_RATE), lambda text, _field: parse_setting(USD_RATE, text), errors)
        if errors:
            raise FieldErrors(errors)
        return changes

    @on(Button.Pressed, "#save")
    def action_save(self) -> None:
        """Save off the UI thread (ui/writing.py): the screen stays as typed until it is stored."""
        self._save(self.base)

    def _save(self, base: Snapshot[Settings]) -> None:
        for each in self.query(Field):
            each.show_error("")
        try:
            changes = self._collect()
        except FieldErrors as errors:
            self._show_errors(list(errors.errors))
            return
        except ClaimdeskError as error:
            self.query_one("#form-error", Static).update(say(error))
            return
        self.write(lambda: self.desk.edit_settings(changes, base))

    def on_writing_dialog_saved(self, message: WritingDialog.Saved) -> None:
        self.dismiss(message.result)

    def on_writing_dialog_failed(self, message: WritingDialog.Failed) -> None:
        error = message.error
        if isinstance(error, ConflictError):
            lines = conflict_lines(error.conflicts, _setting_label, lambda _name, value: value)
            self.app.push_screen(ConflictScreen(lines), lambda choice: self._resolve(error, choice))
            return
        if isinstance(error, FieldErrors):
            self._show_errors(list(error.errors))
            return
        if isinstance(error, ValidationError):
            self._show_errors([error])
            return
        self.query_one("#form-error", Static).update(say(error))

    def _show_errors(self, errors: list[ValidationError]) -> None:
        """Every error at once: each next to its setting and named by its label above the buttons
        (one worded by ui/messages when it names no field here); the first wrong field gets the focus."""
        lines, elsewhere = mark_errors(self.query(Field), errors)
        lines.extend(say(error) for error in elsewhere)
        self.query_one("#form-error", Static).update("\n".join(lines))
        first = next((each for each in self.query(Field) if each.has_class("-invalid")), None)  # in screen order
        if first is not None:
            first.input.focus()

    def _resolve(self, conflict: ConflictError, choice: Choice | None) -> None:
        """The seller's answer to the conflict dialog; nothing was saved before it."""
        error_line = self.query_one("#form-error", Static)
        if choice == "keep":  # the seller's values, on purpose, over what the dialog showed
            self._save(conflict.keep_mine)
        elif choice == "reload":
            current = self.desk.settings_snapshot()
            try:
                mine = self.base.value.with_changes(**self._collect())
            except ClaimdeskError:  # cannot happen (it was saved as typed); show what is stored
                mine = self.base.value
            self._show(reload_settings(self.base.value, current.value, mine))
            self.base = current
            fields = ", ".join(_setting_label(c.field) for c in conflict.conflicts)
            error_line.update(
                _("Reloaded: {fields} now show what is stored; your other changes are still here. Save to store them.").format(
                    fields=fields
                )
            )
        else:
            error_line.update(_("Nothing was saved. Save again to choose, or cancel."))

    def _show(self, settings: Settings) -> None:
        for name in WHOLE:
            self.query_one(f"#{name}", Input).value = str(getattr(settings, name))
        for ctype, hours in settings.window_opens_hours.items():
            self.query_one(f"#opens-{ctype}", Input).value = opens_text(hours)
        self.query_one("#multiplier", Input).value = f"{settings.special_line_multiplier.normalize():f}"
        self.query_one("#carriers", Input).value = _carriers_text(settings)
        self.query_one(f"#{USD_RATE}", Input).value = _rate_text(settings)

    @on(Button.Pressed, "#defaults")
    def _defaults(self) -> None:
        self._show(Settings())

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.cancel()


def _parse_carriers(text: str, field: str) -> dict[str, Decimal]:
    """'Yanwen=3, 4PX=2' as {carrier folded: multiplier}; a bad pair raises ValidationError naming it."""
    carriers: dict[str, Decimal] = {}
    for part in text.split(","):
        if not part.strip():
            continue
        name, sep, value = part.partition("=")
        if not sep or not name.strip():
            raise ValidationError(field, _("write name=multiplier, not {part!r}").format(part=part.strip()))
        try:
            carriers[clean_text(name, field, max_length=80).casefold()] = parse_multiplier(value, field)
        except ValidationError as error:
            raise ValidationError(field, f"{name.strip()}: {error.message}") from None
    return carriers


def _carriers_text(settings: Settings) -> str:
    return ", ".join(f"{k}={v.normalize():f}" for k, v in settings.carrier_multipliers.items())


def _rate_text(settings: Settings) -> str:
    return "" if settings.usd_rate is None else f"{settings.usd_rate.normalize():f}"


def _setting_label(name: str) -> str:
    """A setting's name as the screen labels it (one per complaint type and per carrier)."""
    if name in WHOLE:
        return _(WHOLE[name])
    if name.startswith(OPENS_PREFIX):
        return _opens_label(name.removeprefix(OPENS_PREFIX))
    if name.startswith(CARRIER_PREFIX):
        return _("Per carrier cap (× freight)") + f": {name.removeprefix(CARRIER_PREFIX)}"
    if name == USD_RATE:
        return _(USD_RATE_LABEL)
    return _("Special line cap (× freight)")
