"""Saving a form over a record someone else may have changed since it was opened.

Every stored record has a revision (`rev`), bumped by every write. A form keeps what it loaded
(a `Snapshot`: the value and its revision) and, when saved, writes only the fields the seller
changed, and only when nobody changed those same fields in the meantime. A field the seller did
not touch is never written back, so another writer's change to it survives; a field both changed
(to different values) is a conflict, and nothing is written until the seller chooses.

The rule is three-way and field by field: for each field, `loaded` (what the form showed),
`current` (what is stored now) and `mine` (what the seller left in the form).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from claimdesk.domain.errors import ClaimdeskError
from claimdesk.i18n import _

T = TypeVar("T")


@dataclass(frozen=True)
class Snapshot(Generic[T]):
    """A record as a form loaded it: its value and its stored revision."""

    value: T
    rev: int


@dataclass(frozen=True)
class FieldConflict:
    """One field both the seller and another writer changed, as text (the form's own form)."""

    field: str
    stored: str  # what is stored now: the other writer's value
    mine: str  # what the seller wants
    loaded: str  # what the form showed when it was opened


class ConflictError(ClaimdeskError):
    """The seller changed fields that another writer changed too since the form was opened.

    Nothing was written. `current` is the stored record the check was made against.
    `keep_mine` is the base to save the same form against to keep the seller's values on
    purpose: what the form loaded, except that the conflicting fields hold what the seller was
    shown as stored now. Against it, the conflicting fields count as the seller's changes (and
    win, unless they changed yet again), while fields the seller did not touch still keep what
    is stored. (Saving against `current` instead would count every field another writer
    changed as the seller's change and revert it.)
    """

    exit_code = 3

    def __init__(self, conflicts: Sequence[FieldConflict], current: Snapshot[Any], keep_mine: Snapshot[Any]) -> None:
        self.conflicts = tuple(conflicts)
        self.current = current
        self.keep_mine = keep_mine
        super().__init__(
            _("changed elsewhere since you opened it: {fields}; nothing was saved").format(
                fields=", ".join(conflict.field for conflict in self.conflicts)
            )
        )


@dataclass(frozen=True)
class FieldMerge:
    """What a save would write: `merged` is current with the seller's changes applied."""

    merged: dict[str, Any]
    changed: tuple[str, ...]  # the fields the seller changed
    conflicts: tuple[str, ...]  # of those, the ones another writer changed to something else
    keep_mine: dict[str, Any]  # loaded, with the conflicting fields as stored now (ConflictError.keep_mine)
    reloaded: dict[str, Any]  # what a reloaded form shows: stored now, plus the seller's other changes


def merge_fields(loaded: Mapping[str, Any], current: Mapping[str, Any], mine: Mapping[str, Any]) -> FieldMerge:
    """Three-way, field by field. A field missing from a mapping is None there (absent).

    - the seller did not change it (mine == loaded): current's value stays, whatever it is;
    - the seller changed it and nobody else did (current == loaded): the seller's value;
    - both changed it to the same value: no conflict;
    - both changed it to different values: a conflict.
    """
    names = list(dict.fromkeys([*current, *loaded, *mine]))
    merged = {name: current.get(name) for name in names}
    changed: list[str] = []
    conflicts: list[str] = []
    for name in names:
        was, now, wanted = loaded.get(name), current.get(name), mine.get(name)
        if wanted == was:
            continue
        changed.append(name)
        if now not in (was, wanted):
            conflicts.append(name)
        merged[name] = wanted
    stored_now = {name: current.get(name) for name in conflicts}
    keep_mine = {name: loaded.get(name) for name in names} | stored_now
    return FieldMerge(merged, tuple(changed), tuple(conflicts), keep_mine, merged | stored_now)


def conflicts_as_text(
    names: Sequence[str], loaded: Mapping[str, str], current: Mapping[str, str], mine: Mapping[str, str]
) -> list[FieldConflict]:
    """The conflicting fields with each side's value as text (the form's own text of it)."""
    return [FieldConflict(name, current.get(name, ""), mine.get(name, ""), loaded.get(name, "")) for name in names]
