"""What an import did (or, with --dry-run, would do): counts, how the file was read, bad rows."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from claimdesk.importing.plan import KEPT_ERRORS, ImportPlan
from claimdesk.importing.rows import RowError


@dataclass
class ImportReport:
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    incomplete: int = 0
    bad: int = 0  # every bad row; `errors` keeps the first KEPT_ERRORS
    errors: list[RowError] = field(default_factory=list)
    not_shipped: int = 0
    written: bool = False
    plan: ImportPlan | None = None

    @classmethod
    def of(cls, plan: ImportPlan, *, written: bool) -> ImportReport:
        return cls(
            added=len(plan.added),
            updated=len(plan.updated),
            unchanged=plan.unchanged,
            incomplete=plan.incomplete,
            bad=plan.bad,
            errors=plan.errors,
            not_shipped=plan.skipped,
            written=written,
            plan=plan,
        )

    @property
    def imported(self) -> bool:
        """Rows were read into the desk (added, updated, or found already there)."""
        return bool(self.added or self.updated or self.unchanged)


def error_json(error: RowError) -> dict[str, Any]:
    return {"line": error.line, "problems": [{"field": name, "message": message} for name, message in error.problems]}


def report_json(report: ImportReport, file: str) -> dict[str, Any]:
    """The report as `import --json` prints it (README lists the keys)."""
    plan = report.plan or ImportPlan()
    return {
        "file": file,
        "dry_run": not report.written,
        "kind": plan.kind,
        "encoding": plan.encoding,
        "delimiter": plan.delimiter,
        "sheet": plan.sheet,
        "profile": plan.profile,
        "columns": plan.columns,
        "unplaced": plan.unplaced,
        "usd_rate": str(plan.usd_rate) if plan.usd_rate is not None else None,
        "added": report.added,
        "updated": report.updated,
        "unchanged": report.unchanged,
        "incomplete": report.incomplete,
        "not_shipped": report.not_shipped,
        "bad": report.bad,
        "bad_rows": [error_json(error) for error in report.errors],
        "bad_rows_kept": KEPT_ERRORS,
        "notes": plan.notes,
    }
