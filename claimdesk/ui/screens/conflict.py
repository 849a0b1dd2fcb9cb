"""Someone else changed what the seller changed: say what, and let the seller choose.

A form's save found fields another writer (another claimdesk, a cron job running the CLI)
changed since the form was opened, to something else than the seller's value. Nothing was
saved. The seller chooses, explicitly: reload (the form shows what is stored now, keeping the
seller's other changes), or keep mine (save the seller's values over the other writer's, on
purpose). esc goes back to the form with nothing saved. Never a silent revert.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Literal

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Footer, Static

from claimdesk.domain.revisions import FieldConflict
from claimdesk.i18n import N_, _
from claimdesk.ui.localize import localize_bindings

Choice = Literal["reload", "keep"]


def conflict_lines(
    conflicts: Sequence[FieldConflict], field_label: Callable[[str], str], value_text: Callable[[str, str], str]
) -> list[str]:
    """One line per field, in words: 'Status: now lost (changed elsewhere), yours delayed'."""

    def shown(field: str, value: str) -> str:
        return value_text(field, value) if value else _("(empty)")

    return [
        _("{field}: now {stored} (changed elsewhere), yours {mine}").format(
            field=field_label(conflict.field),
            stored=shown(conflict.field, conflict.stored),
            mine=shown(conflict.field, conflict.mine),
        )
        for conflict in conflicts
    ]


class ConflictScreen(ModalScreen[Choice | None]):
    """Returns "reload", "keep", or None (back to the form, nothing saved)."""

    BINDINGS = [
        Binding("r", "choose('reload')", N_("Reload"), tooltip=N_("Show what is stored now; keep your other changes")),
        Binding("k", "choose('keep')", N_("Keep mine"), tooltip=N_("Save your values over the other change, on purpose")),
        Binding("escape", "back", N_("Back"), tooltip=N_("Back to the form; nothing is saved")),
    ]

    def __init__(self, lines: Sequence[str]) -> None:
        super().__init__()
        localize_bindings(self)
        self.lines = list(lines)

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog", classes="dialog conflict") as dialog:
            dialog.border_title = _("Changed elsewhere since you opened this form")
            yield Static(
                _("Another writer (another claimdesk, or a script such as a cron job) changed what you changed. Nothing was saved."),
                classes="hint",
            )
            yield Static("\n".join(self.lines), id="conflicts", classes="warning-text", markup=False)
            yield Static(
                _(
                    "Reload: the form shows what is stored now; your changes to other fields stay in it.\n"
                    "Keep mine: your values are saved over the other change, on purpose."
                ),
                classes="hint",
            )
            with Horizontal(classes="buttons"):
                yield Button(_("Reload") + "  r", variant="primary", id="reload")
                yield Button(_("Keep mine") + "  k", variant="warning", id="keep")
                yield Button(_("Back") + "  esc", id="back")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#reload", Button).focus()

    def action_choose(self, choice: Choice) -> None:
        self.dismiss(choice)

    @on(Button.Pressed, "#reload")
    def _reload(self) -> None:
        self.dismiss("reload")

    @on(Button.Pressed, "#keep")
    def _keep(self) -> None:
        self.dismiss("keep")

    @on(Button.Pressed, "#back")
    def action_back(self) -> None:
        self.dismiss(None)
