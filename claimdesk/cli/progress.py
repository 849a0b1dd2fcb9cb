"""The import's progress on standard error: rich's bar (rich comes with Textual), fed by the
import's (done, total) callback, so standard output stays the report alone."""

from __future__ import annotations

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

from claimdesk.i18n import _


class ProgressBar:
    """Call it with (done, total) lines; close() leaves the finished bar on its line."""

    def __init__(self, label: str) -> None:
        self._progress = Progress(
            TextColumn(label),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn(_("lines")),
            console=Console(stderr=True),
        )
        self._task = self._progress.add_task(label, total=None)
        self._progress.start()

    def __call__(self, done: int, total: int) -> None:
        self._progress.update(self._task, completed=done, total=total)

    def close(self) -> None:
        self._progress.stop()
