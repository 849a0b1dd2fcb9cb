"""Settings: every number RULES.md marks as a *setting*, editable without a new release."""

from __future__ import annotations

from decimal import Decimal

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Static

from claimdesk.domain.errors import ClaimdeskError, ValidationError
from claimdesk.domain.numbers import parse_whole
from claimdesk.domain.settings import DEFAULT_WINDOW_OPENS_HOURS, Settings, parse_multiplier
from claimdesk.i18n import N_, _
from claimdesk.labels import label
from claimdesk.services import Desk
from claimdesk.ui.localize import localize_bindings
from claimdesk.ui.widgets.forms import Field

WHOLE = {  # labels translated where shown
    "filing_window_days": N_("Filing window closes after (days)"),
    "chamber_reply_days": N_("Chamber reply due after (days)"),
    "escalation_window_days": N_("Online appeal valid for (days)"),
    "intervention_working_days": N_("Cainiao intervenes within (working days)"),
    "third_party_follow_up_days": N_("Third-party follow-up after (days)"),
}


class SettingsScreen(ModalScreen[Settings | None]):
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
            yield Static(_("Filing window opens after (hours from its anchor)"), classes="hint")
            for ctype in DEFAULT_WINDOW_OPENS_HOURS:
                yield Field(f"  {label('type', ctype)}", Input(str(settings.window_opens_hours[ctype]), id=f"opens-{ctype}", type="integer"))
            yield Field(_("Special line × freight"), Input(f"{settings.special_line_multiplier.normalize():f}", id="multiplier"))
            carriers = ", ".join(f"{k}={v.normalize():f}" for k, v in settings.carrier_multipliers.items())
            yield Field(_("Per carrier (name=×, …)"), Input(carriers, id="carriers", placeholder="Yanwen=3, 4PX=2"))
            yield Static("", id="form-error", classes="error-line")
            with Horizontal(classes="buttons"):
                yield Button(_("Save") + "  ctrl+s", variant="primary", id="save")
                yield Button(_("Defaults"), id="defaults")
                yield Button(_("Cancel") + "  esc", id="cancel")

    def _number(self, widget_id: str, field: str) -> int:
        return parse_whole(self.query_one(f"#{widget_id}", Input).value, field)

    def _collect(self) -> dict[str, object]:
        changes: dict[str, object] = {name: self._number(name, name) for name in WHOLE}
        changes["window_opens_hours"] = {
            ctype: self._number(f"opens-{ctype}", _("opens {type}").format(type=label("type", ctype)))
            for ctype in DEFAULT_WINDOW_OPENS_HOURS
        }
        changes["special_line_multiplier"] = parse_multiplier(self.query_one("#multiplier", Input).value, "multiplier")
        carriers: dict[str, Decimal] = {}
        for part in self.query_one("#carriers", Input).value.split(","):
            if not part.strip():
                continue
            name, sep, value = part.partition("=")
            if not sep or not name.strip():
                raise ValidationError("carriers", _("write name=multiplier, not {part!r}").format(part=part.strip()))
            carriers[name.strip().casefold()] = parse_multiplier(value, _("carrier {name}").format(name=name.strip()))
        changes["carrier_multipliers"] = carriers
        return changes

    @on(Button.Pressed, "#save")
    def action_save(self) -> None:
        try:
            settings = self.desk.edit_settings(self._collect(), self.base)
        except ClaimdeskError as error:
            self.query_one("#form-error", Static).update(str(error))
            return
        self.dismiss(settings)

    @on(Button.Pressed, "#defaults")
    def _defaults(self) -> None:
        defaults = Settings()
        for name in WHOLE:
            self.query_one(f"#{name}", Input).value = str(getattr(defaults, name))
        for ctype, hours in defaults.window_opens_hours.items():
            self.query_one(f"#opens-{ctype}", Input).value = str(hours)
        self.query_one("#multiplier", Input).value = "2"
        self.query_one("#carriers", Input).value = ""

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
