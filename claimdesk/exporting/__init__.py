"""Files the desk writes for spreadsheets: the parcels, the complaint ledger and the dashboard's
figures, as CSV (UTF-8 with a byte-order mark by default, so Excel reads the Chinese right) or as
an .xlsx workbook (money as numbers to the fen, instants as real dates). Every text cell that a
spreadsheet would run as a formula is neutralised in both (cells.py); the import
(claimdesk.importing) reads every one of these files back unchanged, also after Excel re-saved it.

Writing the bytes to a file goes through `Desk.write_export` (the one checked target); `-` means
standard output, which the command line handles.
"""

from claimdesk.exporting.cells import FORMULA_STARTS, neutralise
from claimdesk.exporting.tables import Table, csv_bytes, table_bytes, xlsx_bytes

STDOUT = "-"  # FILE `-`: the export goes to standard output

__all__ = ["FORMULA_STARTS", "STDOUT", "Table", "csv_bytes", "neutralise", "table_bytes", "xlsx_bytes"]
