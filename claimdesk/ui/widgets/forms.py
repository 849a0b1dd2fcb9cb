"""Form pieces: inputs validated as the seller types by the domain's own validators."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any, TypeVar

from textual.containers import Horizontal, Vertical
from textual.validation import ValidationResult, Validator
from textual.widgets import Input, Label, Static

from claimdesk.domain.errors import ValidationError

T = TypeVar("T")


class DomainValidator(Validator):
    """Runs a domain parser; its ValidationError message is what the field shows."""

    def __init__(self, parse: Callable[[str], Any], *, optional: bool = False) -> None:
        super().__init__()
        self.parse = parse
        self.optional = optional

    def validate(self, value: str) -> ValidationResult:
        if self.optional and not value.strip():
            return self.success()
        try:
            self.parse(value)
        except ValidationError as error:
            return self.failure(error.message)
        return self.success()


class Field(Vertical):
    """A label and an input on one row, and the input's error (when it has one) under the input."""

    DEFAULT_CSS = """
    Field { height: auto; margin-bottom: 1; }
    Field > .field-row { height: auto; }
    Field > .field-row > Label.field-label { width: 24; padding: 0 1 0 0; text-align: right; color: $text-muted; }
    Field > .field-row > Input, Field > .field-row > Select { width: 1fr; }
    Field > .field-error { color: $error; padding: 0 0 0 24; height: auto; display: none; }
    Field.-invalid > .field-error { display: block; }
    """

    def __init__(self, label: str, field_input: Input) -> None:
        super().__init__(classes="field")
        self.label = label
        self.input = field_input
        # Borderless inputs: a 14-field form fits an 80x24 terminal.
        field_input.compact = True

    def compose(self):  # type: ignore[no-untyped-def]
        with Horizontal(classes="field-row"):
            yield Label(self.label, classes="field-label")
            yield self.input
        yield Static("", classes="field-error")

    def set_label_width(self, width: int) -> None:
        """The label column `width` cells wide (the error under the input follows it): a form of
        long labels gives every field the width of its longest, so none wraps inside a word."""
        self.query_one(".field-label", Label).styles.width = width
        self.query_one(".field-error", Static).styles.padding = (0, 0, 0, width)

    def show_error(self, message: str) -> None:
        """Show `message` under the input ('' hides it)."""
        self.query_one(".field-error", Static).update(message)
        self.set_class(bool(message), "-invalid")

    @property
    def error(self) -> str:
        return str(self.query_one(".field-error", Static).render()) if self.has_class("-invalid") else ""


def parsed(field_input: Input, parse: Callable[[str, str], T], errors: list[ValidationError]) -> T | None:
    """The input's value parsed (the input's id names the field), or None with the error added to
    `errors`: a form reads every field before it says what is wrong (see mark_errors)."""
    try:
        return parse(field_input.value, field_input.id or "")
    except ValidationError as error:
        errors.append(ValidationError(field_input.id or "", error.message))
        return None


def mark_errors(fields: Iterable[Field], errors: Sequence[ValidationError]) -> tuple[list[str], list[ValidationError]]:
    """Every error at once: each field shows its own (the others are cleared). Returns the
    'Label: message' lines in field order, and the errors that name none of these fields."""
    by_field: dict[str, list[str]] = {}
    for error in errors:
        by_field.setdefault(error.field, []).append(error.message)
    lines: list[str] = []
    for field in fields:
        messages = by_field.pop(field.input.id or "", [])
        field.show_error("; ".join(messages))
        lines.extend(f"{field.label}: {message}" for message in messages)
    return lines, [error for error in errors if error.field in by_field]


def error_text(input_widget: Input) -> str:
    """The message of the first failing validator, or ''."""
    result = input_widget.validate(input_widget.value)
    if result is None or result.is_valid:
        return ""
    return "; ".join(result.failure_descriptions)
