"""Storage errors: the data file cannot be used as it is, and is left untouched."""

from claimdesk.domain.errors import ClaimdeskError


class DataFileError(ClaimdeskError):
    """The data file is missing a piece, damaged, foreign, too new or locked: exit code 4."""

    exit_code = 4
