"""A bad row of an import, and the refusal of a file that has nothing to import."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from claimdesk.domain.errors import ClaimdeskError, ValidationError
from claimdesk.domain.parcels import FieldErrors
from claimdesk.i18n import _, ngettext


@dataclass(frozen=True)
class RowError:
    """A bad row: its line and every problem found in it (field, message); `field` and
    `message` are the first."""

    line: int
    field: str
    message: str
    stops: bool = False  # reading ended here: the rest of the file was never read
    more: tuple[tuple[str, str], ...] = ()  # the problems after the first

    @classmethod
    def of(cls, line: int, error: ValidationError) -> RowError:
        """Every field error of a refused row (parcel_from_fields reports them all)."""
        problems = [(e.field, e.message) for e in error.errors] if isinstance(error, FieldErrors) else [(error.field, error.message)]
        (first_field, first_message), *rest = problems
        return cls(line, first_field, first_message, more=tuple(rest))

    @property
    def problems(self) -> tuple[tuple[str, str], ...]:
        return ((self.field, self.message), *self.more)

    @property
    def where(self) -> str:
        return _("line {line}").format(line=self.line) if self.line else _("file")

    def __str__(self) -> str:
        shown = "; ".join(f"{name}: {message}" if name else message for name, message in self.problems)
        return f"{self.where}: {shown}"


class ImportRefused(ClaimdeskError):
    """Nothing in the file could be imported (bad rows only, or a row that stopped the reading
    while all-or-nothing was asked): exit code 2. `errors` holds at most the first KEPT_ERRORS
    rows; `bad` counts them all."""

    exit_code = 2

    def __init__(self, errors: list[RowError], bad: int | None = None, plan: Any = None) -> None:
        self.errors = errors
        self.bad = len(errors) if bad is None else bad
        self.plan = plan  # the ImportPlan as far as it got: how the file was read, for --json
        head = ngettext("{count} bad row: nothing imported", "{count} bad rows: nothing imported", self.bad).format(count=self.bad)
        super().__init__(head + "\n" + "\n".join(map(str, errors[:20])))
