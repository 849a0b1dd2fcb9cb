"""The one error a cell reader raises."""

from __future__ import annotations


class CellError(ValueError):
    """A cell the desk cannot read: `message` is one line for the seller, naming the value and
    what is wrong with it (the import adds the line and the column)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def shown(value: object, limit: int = 40) -> str:
    """A cell value as a message quotes it: cut short, so a pasted paragraph stays one line."""
    text = " ".join(str(value).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
