"""Errors the domain raises. Each maps to one CLI exit code and one UI message."""


class ClaimdeskError(Exception):
    """Base class: the message is meant for the seller, one line, no traceback."""

    exit_code = 1


class ValidationError(ClaimdeskError):
    """Bad input: nothing is written. Names the field so forms and CSV rows can point at it."""

    exit_code = 2

    def __init__(self, field: str, message: str) -> None:
        self.field = field
        self.message = message
        super().__init__(f"{field}: {message}" if field else message)


class RuleError(ClaimdeskError):
    """Refused by a platform rule (attempt limit, filing window, lifecycle stage)."""

    exit_code = 3


class NotFoundError(ClaimdeskError):
    """A tracking number the desk does not know: bad input, so exit code 2."""

    exit_code = 2


class DataFileError(ClaimdeskError):
    """The data file is missing a piece, damaged, foreign, too new or locked, or a file cannot be
    written: exit code 4. The data file is left untouched."""

    exit_code = 4
