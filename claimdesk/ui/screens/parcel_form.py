"""Add or edit a parcel: every field validated as it is typed, nothing invalid saved."""

from __future__ import annotations

from collections.abc import Mapping

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Footer, Input, Select, Static

from claimdesk.domain.errors import ValidationError
from claimdesk.domain.instants import from_iso, parse_instant
from claimdesk.domain.money import parse_money, parse_weight
from claimdesk.domain.parcels import (
    FIELD_LABELS,
    PARCEL_FIELDS,
    FieldErrors,
    ItemKind,
    Parcel,
    Service,
    Status,
    parcel_field_errors,
    parcel_from_fields,
    parcel_to_fields,
    reload_edit,
    validate_order,
)
from claimdesk.domain.revisions import ConflictError, Snapshot
from claimdesk.domain.tracking import normalise, validate_country, validate_other_numbers, validate_tracking
from claimdesk.i18n import N_, _
from claimdesk.labels import choices, label
from claimdesk.services import Desk
from claimdesk.ui.formatting import form_instant
from claimdesk.ui.localize import localize_bindings
from claimdesk.ui.messages import field_message, say
from claimdesk.ui.screens.conflict import Choice, ConflictScreen, conflict_lines
from claimdesk.ui.widgets.forms import DomainValidator, Field
from claimdesk.ui.writing import WritingDialog

TEXT_FIELDS = {  # (placeholder, translated where shown; optional)
    "tracking": ("EE123456785CN", False),
    "other_numbers": (N_("LP00..., 4PX... (optional, comma between)"), True),
    "order": ("8123456789012345", True),
    "carrier": (N_("e.g. Yanwen"), True),
    "destination": ("US", True),
    "created_at": (N_("2026-03-01 10:00 (Shanghai)"), False),
    "collected_at": (N_("2026-03-02 18:00 (Shanghai), optional"), True),
    "last_tracking_at": (N_("2026-03-05 09:00 (Shanghai), optional"), True),
    "declared_value": (N_("CNY, declared items only"), True),
    "weight": (N_("kg, e.g. 0.35 (may be left empty: the payout is unknown until entered)"), True),
    "shipping_fee": (N_("CNY (may be left empty until known)"), True),
    "inquiry_fee": (N_("CNY, optional"), True),
}
CHOICES = {"service": Service, "item": ItemKind, "status": Status}


def form_fields(parcel: Parcel) -> dict[str, str]:
    """A parcel's fields as the form shows them: instants as the add form takes them
    ('2026-03-01 10:00', Shanghai), not the stored ISO form."""
    fields = parcel_to_fields(parcel)
    for name in ("created_at", "collected_at", "last_tracking_at"):
        at = getattr(parcel, name)
        fields[name] = form_instant(at) if at is not None else ""
    return fields


class ParcelForm(WritingDialog[Parcel | None]):
    """Returns the saved Parcel, or None when cancelled."""

    # The fields sit in a focusable VerticalScroll: without this it takes the focus and the seller's
    # first keys go nowhere. The first enabled input (tracking; order when editing) gets them.
    AUTO_FOCUS = "Input"
    BINDINGS = [
        Binding("escape", "cancel", N_("Cancel"), tooltip=N_("Close without saving")),
        Binding("ctrl+s", "save", N_("Save"), priority=True, tooltip=N_("Save the parcel")),
    ]

    def __init__(self, desk: Desk, existing: Mapping[str, str] | None = None) -> None:
        super().__init__()
        localize_bindings(self)
        self.desk = desk
        # Editing: the form shows the parcel as stored now, and saves against that snapshot
        # (only the fields the seller changes are written; see Desk.edit_parcel).
        self.base: Snapshot[Parcel] | None = desk.parcel_snapshot(existing["tracking"]) if existing else None
        self.existing = form_fields(self.base.value) if self.base else None

    def _validators(self, name: str) -> list[DomainValidator]:
        service = lambda: self._choice("service") or "other"  # noqa: E731 - read at validation time
        parsers = {
            "tracking": lambda v: validate_tracking(v, service()),
            "other_numbers": lambda v: validate_other_numbers(v, normalise(self._text("tracking"))),
            "order": validate_order,
            "destination": validate_country,
            "created_at": lambda v: parse_instant(v, "created_at"),
            "collected_at": lambda v: parse_instant(v, "collected_at"),
            "last_tracking_at": lambda v: parse_instant(v, "last_tracking_at"),
            "declared_value": lambda v: parse_money(v, "declared_value"),
            "weight": parse_weight,
            "shipping_fee": lambda v: parse_money(v, "shipping_fee"),
            "inquiry_fee": lambda v: parse_money(v, "inquiry_fee"),
        }
        if name not in parsers:
            return []
        return [DomainValidator(parsers[name], optional=TEXT_FIELDS[name][1])]

    def compose(self) -> ComposeResult:
        values = self.existing or {}
        title = _("Edit parcel {tracking}").format(tracking=values["tracking"]) if self.existing else _("Add a parcel")
        with Vertical(id="dialog", classes="dialog parcel-form") as dialog:
            dialog.border_title = title
            yield Static("", id="form-error", classes="error-line")
            with VerticalScroll(classes="form-fields"):
                yield from self._fields_widgets(values)
            with Horizontal(classes="buttons"):
                yield Button(_("Save") + "  ctrl+s", variant="primary", id="save")
                yield Button(_("Cancel") + "  esc", id="cancel")
        yield Footer()

    def _fields_widgets(self, values: Mapping[str, str]) -> ComposeResult:
        for name in PARCEL_FIELDS:
            if name in CHOICES:
                options = choices(name, CHOICES[name])
                default = values.get(name) or ("in-transit" if name == "status" else Select.NULL)
                select = Select(options, value=default, id=f"f-{name}", allow_blank=name != "status")
                yield Field(_(FIELD_LABELS[name]), select)  # type: ignore[arg-type]
                continue
            placeholder = TEXT_FIELDS[name][0]
            field_input = Input(
                value=values.get(name, ""),
                placeholder=_(placeholder),
                id=f"f-{name}",
                validators=self._validators(name),
                valid_empty=TEXT_FIELDS[name][1],
                disabled=bool(self.existing) and name == "tracking",
            )
            yield Field(_(FIELD_LABELS[name]), field_input)

    def _choice(self, name: str) -> str:
        selects = self.query(f"#f-{name}").results(Select)
        select = next(selects, None)
        if select is None:
            # Editing: each Input validates its prefilled value while the form is still being
            # composed, before the Selects exist. Use the parcel's stored choice until then.
            return (self.existing or {}).get(name, "")
        value = select.value
        return "" if value is Select.NULL else str(value)

    def _text(self, name: str) -> str:
        inputs = self.query(f"#f-{name}").results(Input)
        found = next(inputs, None)
        return found.value if found is not None else (self.existing or {}).get(name, "")

    def _fields(self) -> dict[str, str]:
        fields = {name: self.query_one(f"#f-{name}", Input).value for name in TEXT_FIELDS}
        fields.update({name: self._choice(name) for name in CHOICES})
        return fields

    @on(Input.Changed)
    def _show_error(self, event: Input.Changed) -> None:
        """As the seller types: the field's own error, next to it."""
        result = event.validation_result
        message = "" if result is None or result.is_valid else "; ".join(result.failure_descriptions)
        field = self._field_of(event.input.id)
        if field is not None:
            field.show_error(message)
        self._summarise()

    @on(Select.Changed)
    def _choice_changed(self, event: Select.Changed) -> None:
        field = self._field_of(event.select.id)
        if field is not None and event.value is not Select.NULL:
            field.show_error("")
            self._summarise()

    def _field_of(self, widget_id: str | None) -> Field | None:
        if not widget_id:
            return None
        return next((field for field in self.query(Field) if field.input.id == widget_id), None)

    def _summarise(self) -> None:
        """The line above the fields: which fields need attention (each says why next to it)."""
        invalid = [field.label for field in self.query(Field) if field.has_class("-invalid")]
        text = _("Check {count} field(s): {fields}").format(count=len(invalid), fields=", ".join(invalid)) if invalid else ""
        self.query_one("#form-error", Static).update(text)

    def show_errors(self, errors: list[ValidationError]) -> None:
        """Every field's error at once, next to its field; the first wrong field gets the focus."""
        by_field: dict[str, list[str]] = {}
        for error in errors:
            by_field.setdefault(error.field, []).append(error.message)
        for field in self.query(Field):
            name = (field.input.id or "").removeprefix("f-")
            field.show_error("; ".join(by_field.get(name, [])))
        self._summarise()
        unplaced = [error for error in errors if not self.query(f"#f-{error.field}")]
        if unplaced:
            self.query_one("#form-error", Static).update(field_message(unplaced[0]))
        first = next((field for field in self.query(Field) if field.has_class("-invalid")), None)  # in form order
        if first is not None:
            first.input.focus()

    @on(Button.Pressed, "#save")
    def action_save(self) -> None:
        """Save off the UI thread (ui/writing.py): the form stays as typed until it is stored."""
        self._save(self.base)

    def _save(self, base: Snapshot[Parcel] | None) -> None:
        fields = self._fields()
        errors = parcel_field_errors(fields, now=self.desk.now())  # every wrong field at once, before writing
        if errors:
            self.show_errors(errors)
            return
        if base is not None:
            tracking = base.value.tracking
            self.write(lambda: self.desk.edit_parcel(tracking, fields, base))
        else:
            self.write(lambda: self.desk.add_parcel(fields))

    def on_writing_dialog_saved(self, message: WritingDialog.Saved) -> None:
        self.dismiss(message.result)

    def on_writing_dialog_failed(self, message: WritingDialog.Failed) -> None:
        error = message.error
        if isinstance(error, ConflictError):
            lines = conflict_lines(error.conflicts, lambda name: _(FIELD_LABELS[name]), _value_text)
            self.app.push_screen(ConflictScreen(lines), lambda choice: self._resolve(error, choice))
            return
        if isinstance(error, FieldErrors):
            self.show_errors(list(error.errors))
            return
        if isinstance(error, ValidationError):
            self.show_errors([error])
            return
        self.query_one("#form-error", Static).update(say(error))

    def _resolve(self, conflict: ConflictError, choice: Choice | None) -> None:
        """The seller's answer to the conflict dialog; nothing was saved before it."""
        error_line = self.query_one("#form-error", Static)
        if choice == "keep":  # the seller's values, on purpose, over what the dialog showed
            self._save(conflict.keep_mine)
        elif choice == "reload" and self.base is not None:
            current = self.desk.parcel_snapshot(self.base.value.tracking)
            try:
                mine = parcel_from_fields(self._fields())
            except ValidationError:  # cannot happen (it was saved as typed); show what is stored
                mine = self.base.value
            self._show(form_fields(reload_edit(self.base.value, current.value, mine)))
            self.base = current
            fields = ", ".join(_(FIELD_LABELS[c.field]) for c in conflict.conflicts)
            error_line.update(
                _("Reloaded: {fields} now show what is stored; your other changes are still here. Save to store them.").format(
                    fields=fields
                )
            )
        else:
            error_line.update(_("Nothing was saved. Save again to choose, or cancel."))

    def _show(self, values: Mapping[str, str]) -> None:
        for name in PARCEL_FIELDS:
            widget = self.query_one(f"#f-{name}")
            if isinstance(widget, Select):
                widget.value = values[name] or Select.NULL
            elif isinstance(widget, Input):
                widget.value = values[name]

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.cancel()


INSTANTS = ("created_at", "collected_at", "last_tracking_at")


def _value_text(name: str, value: str) -> str:
    """A field's value in the seller's words: choices by their labels, instants as the form writes them."""
    if name in CHOICES:
        return label(name, value)
    return form_instant(from_iso(value)) if name in INSTANTS else value
