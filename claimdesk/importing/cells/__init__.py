"""The cell vocabulary: what one cell of a seller's file means (docs/rules.md section 6).

Pure functions, one per kind of cell, shared by every file reader and profile: no file, no
store, no UI. Each returns None for a blank cell and raises CellError, with a one-line message
naming the value and what is wrong, for a cell it cannot read. The readings each makes are
listed in docs/cell-vocabulary.md.
"""

from claimdesk.importing.cells.dates import DATE_ORDERS, instant
from claimdesk.importing.cells.errors import CellError
from claimdesk.importing.cells.excel import identifier, text
from claimdesk.importing.cells.money import Money, money
from claimdesk.importing.cells.places import country
from claimdesk.importing.cells.weights import weight_kg
from claimdesk.importing.cells.words import item_kind, service, status

__all__ = [
    "DATE_ORDERS",
    "CellError",
    "Money",
    "country",
    "identifier",
    "instant",
    "item_kind",
    "money",
    "service",
    "status",
    "text",
    "weight_kg",
]
