"""How the app words a message for the seller: one approach everywhere the seller reads one.

The domain's messages are fragments ('enter a date and time, e.g. ...') tied to a field name
('created_at'), so the CLI and CSV reports can prefix them as they need. The app shows a
ValidationError as the field's name in words, a colon, and the fragment ("Service: choose
one"), and any other message as a sentence that starts with a capital letter.
"""

from __future__ import annotations

from claimdesk.domain.errors import ValidationError
from claimdesk.domain.parcels import FIELD_LABELS
from claimdesk.i18n import _
from claimdesk.labels import TABLES, label


def sentence(text: str) -> str:
    """`text` starting with a capital letter (Chinese and text starting otherwise unchanged)."""
    text = text.strip()
    return text[:1].upper() + text[1:] if text[:1].islower() else text


def field_name(field: str) -> str:
    """A field's name in words: 'created_at' -> 'Created at', 'actual_loss' -> 'Actual loss'."""
    if field in FIELD_LABELS:
        return _(FIELD_LABELS[field])
    if field in TABLES["field"][1]:
        return label("field", field)
    return sentence(field.replace("_", " "))


def field_message(error: ValidationError) -> str:
    """'Service: choose one (ems, ...)'."""
    return f"{field_name(error.field)}: {error.message}" if error.field else sentence(error.message)


def say(error: BaseException) -> str:
    """Any error as the app shows it."""
    if isinstance(error, ValidationError):
        return field_message(error)
    return sentence(str(error))
