"""`esc` on a form with changes asks before discarding them.

A seller who typed fourteen fields and pressed `esc` by habit lost them all. A dialog that
mixes in `DiscardGuard` remembers what its fields showed once it was set up; `close_or_ask()`
closes at once when nothing changed, and otherwise asks first ("Discard" on ctrl+s, `esc`
back to the form with everything as typed).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual import events
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Checkbox, Input, Select, SelectionList, TextArea

from claimdesk.i18n import _


def field_value(widget: Widget) -> object:
    """What a form widget holds, comparable with ==; None for a widget that holds nothing typed."""
    if isinstance(widget, Input):
        return widget.value
    if isinstance(widget, TextArea):
        return widget.text
    if isinstance(widget, Select | Checkbox):
        return widget.value
    if isinstance(widget, SelectionList):
        return frozenset(str(value) for value in widget.selected)
    return None


def form_values(root: Widget | Screen[Any]) -> dict[Widget, object]:
    """Every value-holding widget under `root`, with its value."""
    return {widget: value for widget in root.query("*").results(Widget) if (value := field_value(widget)) is not None}


class DiscardGuard:
    """Mixed into a form dialog (a ModalScreen): asks before `esc` throws typed values away."""

    _form_baseline: dict[Widget, object] | None = None

    def _on_mount(self, _event: events.Mount) -> None:
        # Textual calls each class's handler along the MRO, this one after the dialog's own.
        # After the dialog's own on_mount has filled its fields: those are not the seller's changes.
        screen: Screen[Any] = self  # type: ignore[assignment]
        screen.call_after_refresh(self.remember_form)

    def remember_form(self) -> None:
        """What the fields show now is what 'unchanged' means (call again after a save or reload)."""
        self._form_baseline = form_values(self)  # type: ignore[arg-type]

    @property
    def form_remembered(self) -> bool:
        """The fields as set up are remembered: from now on an edit counts as a change."""
        return self._form_baseline is not None

    @property
    def form_changed(self) -> bool:
        """True when a field the dialog had when it was set up now holds something else."""
        baseline = self._form_baseline
        if baseline is None:
            return False
        current = form_values(self)  # type: ignore[arg-type]
        return any(widget in current and current[widget] != value for widget, value in baseline.items())

    def close_or_ask(self, close: Callable[[], object]) -> None:
        """`close()` now when nothing changed; otherwise after the seller says to discard."""
        if not self.form_changed:
            close()
            return
        from claimdesk.ui.screens.confirm import Confirm

        def answered(answer: str | None) -> None:
            if answer is not None:
                close()

        screen: Screen[Any] = self  # type: ignore[assignment]
        screen.app.push_screen(
            Confirm(
                _("Discard your changes?"),
                _("This form has changes that are not saved. Discard them and close it?"),
                _("Discard"),
                cancel_label=_("Keep editing"),
            ),
            answered,
        )
