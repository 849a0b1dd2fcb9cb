"""Importing the files sellers already have (issue 17; docs/rules.md section 6).

The engine, in the order a file goes through it:

- `sources.open_table`: what kind of file it is (by its bytes), its encoding and delimiter, or
  its sheet; the rows streamed.
- `profiles` / `mapping`: which header texts mean which desk field (built-in profiles, a
  seller's TOML mapping, mappings saved in the config folder).
- `fields.RowReader`: one row as desk fields, through the cell vocabulary (`cells`: pure
  functions, one per kind of cell; docs/cell-vocabulary.md).
- `plan.plan_file`: the ImportPlan (added, updated, unchanged, bad rows), written by
  `Desk.apply_import`; `report` words it for the CLI and as JSON.
"""

from claimdesk.importing.plan import ImportOptions, ImportPlan, ParcelUpdate, plan_file
from claimdesk.importing.rows import ImportRefused, RowError

__all__ = ["ImportOptions", "ImportPlan", "ImportRefused", "ParcelUpdate", "RowError", "plan_file"]
