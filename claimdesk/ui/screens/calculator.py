"""The compensation calculator: every input of docs/rules.md section 4, the result as you type."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Header, Input, Select, Static

from claimdesk.domain.compensation import CompensationInput, Incident
from claimdesk.domain.errors import ValidationError
from claimdesk.domain.money import money_str, parse_money, parse_optional_money, parse_weight
from claimdesk.domain.parcels import ItemKind, Parcel, Service, missing_text
from claimdesk.domain.settings import parse_multiplier
from claimdesk.i18n import N_, _
from claimdesk.labels import choices
from claimdesk.services import Desk
from claimdesk.ui.formatting import money
from claimdesk.ui.localize import localize_bindings
from claimdesk.ui.messages import field_name
from claimdesk.ui.widgets.forms import DomainValidator, Field
from claimdesk.ui.widgets.tones import Tones

AMOUNT_COLUMN = 14  # an amount right-aligned in 12 cells, then two spaces: where its words begin
MIN_WORDS_ROOM = 12
MONEY_INPUTS = ("declared_value", "actual_loss", "shipping_fee", "inquiry_fee")
LABELS = {  # translated where shown
    "declared_value": N_("Declared value (CNY)"),
    "actual_loss": N_("Actual loss (CNY)"),
    "weight": N_("Weight (kg)"),
    "shipping_fee": N_("Shipping fee (CNY)"),
    "inquiry_fee": N_("Inquiry fee (CNY)"),
}


class CalculatorScreen(Tones, Screen[None]):
    BINDINGS = [Binding("escape", "app.pop_screen", N_("Back"), tooltip=N_("Back to the parcels"))]

    def __init__(self, desk: Desk, parcel: Parcel | None = None) -> None:
        super().__init__()
        self.title = _("Compensation calculator")
        localize_bindings(self)
        self.desk = desk
        self.parcel = parcel

    def compose(self) -> ComposeResult:
        p = self.parcel
        incident = self.desk.default_incident(p).value if p else "loss"
        yield Header()
        with Horizontal(id="calculator"):
            with VerticalScroll(id="calc-inputs") as inputs:
                inputs.border_title = _("Inputs") + (f" · {p.tracking}" if p else "")
                yield Field(
                    _("Service"),
                    Select(choices("service", Service), value=p.service.value if p else "ems", allow_blank=False, id="service"),  # type: ignore[arg-type]
                )
                yield Field(_("Incident"), Select(choices("incident", Incident), value=incident, allow_blank=False, id="incident"))  # type: ignore[arg-type]
                yield Field(
                    _("Item kind"),
                    Select(choices("item", ItemKind), value=p.item.value if p and p.item else "declared", allow_blank=False, id="item"),  # type: ignore[arg-type]
                )
                values = {
                    "declared_value": money_str(p.declared_value) if p and p.declared_value is not None else "",
                    "actual_loss": "",
                    "weight": str(p.weight) if p and p.weight is not None else "",
                    "shipping_fee": money_str(p.shipping_fee) if p and p.shipping_fee is not None else "",
                    "inquiry_fee": money_str(p.inquiry_fee) if p and p.inquiry_fee is not None else "",
                }
                for name in ("declared_value", "actual_loss", "weight", "shipping_fee", "inquiry_fee"):
                    parser = parse_weight if name == "weight" else (lambda v, n=name: parse_money(v, n))
                    optional = name in ("declared_value", "actual_loss", "inquiry_fee")
                    yield Field(
                        _(LABELS[name]),
                        Input(value=values[name], id=name, valid_empty=optional, validators=[DomainValidator(parser, optional=optional)]),
                    )
                # The seller's multiplier for this carrier, any the settings allow (not only 2 or 3).
                multiplier = self.desk.multiplier_for(p.carrier if p else None)
                yield Field(
                    _("Special line × freight"),
                    Input(
                        value=f"{multiplier.normalize():f}",
                        id="multiplier",
                        validators=[DomainValidator(lambda v: parse_multiplier(v, "multiplier"))],
                    ),
                )
            with VerticalScroll(id="calc-result") as result:
                result.border_title = _("Expected compensation")
                yield Static(id="result")
        yield Footer()

    def on_mount(self) -> None:
        self.recalculate()
        self.query_one("#service", Select).focus()

    def _select(self, name: str) -> str:
        return str(self.query_one(f"#{name}", Select).value)

    def _input(self, name: str) -> str:
        return self.query_one(f"#{name}", Input).value

    def _incomplete_note(self) -> Text:
        """Prefilled from an incomplete parcel: which of its fields the desk does not know (the
        parcel's own payout stays unknown until they are entered on the parcel)."""
        if self.parcel is None or not self.parcel.missing:
            return Text()
        return Text(
            _("{tracking} is incomplete: {fields} not known yet.").format(
                tracking=self.parcel.tracking, fields=missing_text(self.parcel.missing)
            )
            + "\n\n",
            style=self.tone("warning"),
        )

    def _beside_amount(self, words: str) -> str:
        """`words` as they follow an amount: wrapped under themselves, not under the amount (at 80
        columns a rule's second line began at the panel's edge, under the figures)."""
        room = self.query_one("#result", Static).content_region.width - AMOUNT_COLUMN
        if room < MIN_WORDS_ROOM:  # not laid out yet, or too narrow to help
            return words
        lines = Text(words).wrap(self.app.console, room)
        return ("\n" + " " * AMOUNT_COLUMN).join(line.plain.rstrip() for line in lines)

    def on_resize(self) -> None:
        self.call_after_refresh(self.recalculate)  # the rules' lines wrapped to the new width

    @on(Input.Changed)
    @on(Select.Changed)
    def recalculate(self) -> None:
        output = self.query_one("#result", Static)
        try:
            given = CompensationInput(
                service=Service(self._select("service")),
                incident=Incident(self._select("incident")),
                item=ItemKind(self._select("item")),
                weight=parse_weight(self._input("weight") or "0"),
                shipping_fee=parse_money(self._input("shipping_fee") or "0", "shipping_fee"),
                declared_value=parse_optional_money(self._input("declared_value"), "declared_value"),
                actual_loss=parse_optional_money(self._input("actual_loss"), "actual_loss"),
                inquiry_fee=parse_optional_money(self._input("inquiry_fee"), "inquiry_fee"),
                multiplier=parse_multiplier(self._input("multiplier"), "multiplier"),
            )
            result = self.desk.calculate(given)
        except ValidationError as error:
            name = _(LABELS[error.field]) if error.field in LABELS else field_name(error.field)
            text = self._incomplete_note()
            text.append(f"{name}: {error.message}", style=self.tone("error"))
            output.update(text)
            return
        text = self._incomplete_note()
        text.append(f"{money(result.amount)}\n", style=self.tone("success"))
        text.append(_("expected compensation") + "\n\n", style="dim")
        for line in result.lines:
            text.append(f"{money(line.amount):>12}  {self._beside_amount(line.rule)}\n")
        text.append("\n")
        text.append(f"{money(result.shortfall):>12}  ", style=self.tone("error") if result.shortfall else "bold")
        text.append(self._beside_amount(_("shortfall: the goods' value the rules leave uncovered")) + "\n")
        if result.value_at_stake is not None:
            text.append(
                f"{money(result.value_at_stake):>12}  "
                + self._beside_amount(_("value at stake; goods paid {paid}").format(paid=money(result.goods_paid)))
                + "\n",
                style="dim",
            )
        if result.range:
            text.append("\n" + _("Special line range") + "\n", style="bold")
            for multiplier, amount in result.range:
                text.append(
                    f"{money(amount):>12}  " + _("at {multiplier} × freight").format(multiplier=f"{multiplier.normalize():f}") + "\n"
                )
        # With a special line range the notes are that range, already shown above.
        for note in () if result.range else result.notes:
            text.append(f"\n{note}", style="italic")
        output.update(text)
