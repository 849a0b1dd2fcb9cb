"""Form pieces: inputs validated as the seller types by the domain's own validators."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.containers import Horizontal
from textual.validation import ValidationResult, Validator
from textual.widgets import Input, Label

from claimdesk.domain.errors import ValidationError


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


class Field(Horizontal):
    """A label, an input and the input's current error, on one row."""

    DEFAULT_CSS = """
    Field { height: auto; margin-bottom: 1; }
    Field > Label.field-label { width: 24; padding: 0 1 0 0; text-align: right; color: $text-muted; }
    Field > Input, Field > Select { width: 1fr; }
    """

    def __init__(self, label: str, field_input: Input) -> None:
        super().__init__(classes="field")
        self.label = label
        self.input = field_input
        # Borderless inputs: a 14-field form fits an 80x24 terminal.
        field_input.compact = True

    def compose(self):  # type: ignore[no-untyped-def]
        yield Label(self.label, classes="field-label")
        yield self.input


def error_text(input_widget: Input) -> str:
    """The message of the first failing validator, or ''."""
    result = input_widget.validate(input_widget.value)
    if result is None or result.is_valid:
        return ""
    return "; ".join(result.failure_descriptions)
