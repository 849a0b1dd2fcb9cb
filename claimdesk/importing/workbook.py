"""Excel workbooks (.xlsx and .xls) through python-calamine: the first sheet unless one is named,
rows as calamine gives them (text as str, numbers as float, dates as date/datetime)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from claimdesk.domain.errors import ValidationError
from claimdesk.i18n import _
from claimdesk.importing.delimited import MAX_ROW
from claimdesk.importing.rows import RowError
from claimdesk.importing.sources import Table


def _rows(sheet: Any) -> Iterator[tuple[int, list[Any] | RowError]]:
    for index, row in enumerate(sheet.iter_rows()):
        if sum(len(cell) for cell in row if isinstance(cell, str)) > MAX_ROW:
            yield index + 1, RowError(index + 1, "", _("the row is longer than {limit} characters").format(limit=f"{MAX_ROW:,}"))
            continue
        yield index + 1, list(row)


def workbook_table(path: Any, kind: str, sheet: str | None, label: str) -> Table:
    from python_calamine import CalamineWorkbook

    try:
        workbook = CalamineWorkbook.from_path(str(path))
    except Exception as error:  # noqa: BLE001 - calamine raises its own error types and ValueError for damaged files
        what = _("an Excel workbook") if kind == "xlsx" else _("an Excel 97 workbook")
        raise ValidationError(
            "file",
            _("{path} looks like {kind} but cannot be read ({error}): open it in Excel and save it again").format(
                path=label, kind=what, error=str(error)[:120] or type(error).__name__
            ),
        ) from None
    names = tuple(workbook.sheet_names)
    if not names:
        raise ValidationError("file", _("{path} has no sheets").format(path=label))
    if sheet is not None and sheet not in names:
        raise ValidationError(
            "sheet", _("{path} has no sheet {sheet!r}; its sheets: {names}").format(path=label, sheet=sheet, names=", ".join(names))
        )
    name = sheet if sheet is not None else names[0]
    return Table(label, kind, _rows(workbook.get_sheet_by_name(name)), sheet=name, sheets=names)
