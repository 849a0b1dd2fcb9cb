"""Ask once more before a step that is hard to take back: retracting an event, deleting a parcel,
recording an outcome that ends a complaint.

`Confirm` returns what the seller confirmed: the reason typed (may be empty) when it asks for
one, "" otherwise; None when cancelled. `ConfirmWrite` asks the same way and then makes the
write itself, while it is still shown (a writing dialog, ui/writing.py: off the UI thread, it
says when it waits for another writer, esc and ctrl+s answer "Still saving"); it returns the
write's result, the ClaimdeskError that refused it (nothing written), or None when cancelled.
Cancel has the focus, so `enter` alone changes nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Generic, TypeVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.dom import DOMNode
from textual.screen import ModalScreen
from textual.widgets import Button, Footer, Input, Static

from claimdesk.domain.errors import ClaimdeskError
from claimdesk.i18n import N_, _
from claimdesk.services import Desk
from claimdesk.ui.localize import localize_bindings, relabel
from claimdesk.ui.widgets.forms import Field
from claimdesk.ui.writing import WritingDialog

ResultT = TypeVar("ResultT")

CONFIRM_BINDINGS: list[Binding | tuple[str, str] | tuple[str, str, str]] = [
    Binding("escape", "cancel", N_("Cancel")),
    Binding("ctrl+s", "confirm", N_("Confirm"), priority=True),
]


class Question:
    """What a confirmation shows: its title, message, the two buttons, an optional reason."""

    def __init__(
        self, title: str, message: str, confirm_label: str, *, reason_label: str | None = None, cancel_label: str | None = None
    ) -> None:
        self.title_text = title
        self.message = message
        self.confirm_label = confirm_label
        self.reason_label = reason_label
        self.cancel_label = cancel_label

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog", classes="dialog confirm") as dialog:
            dialog.border_title = self.title_text
            yield Static(self.message, id="message", markup=False)
            if self.reason_label is not None:
                yield Field(self.reason_label, Input(id="reason"))
            with Horizontal(classes="buttons"):
                yield Button(self.confirm_label + "  ctrl+s", variant="warning", id="confirm")
                yield Button((self.cancel_label or _("Cancel")) + "  esc", id="cancel")
        yield Footer()

    def focus_first(self, screen: DOMNode) -> None:
        if self.reason_label is not None:
            screen.query_one("#reason", Input).focus()
        else:
            screen.query_one("#cancel", Button).focus()

    def answer(self, screen: DOMNode) -> str:
        """The reason typed, or "" when the question asks for none."""
        return screen.query_one("#reason", Input).value if self.reason_label is not None else ""


class Confirm(ModalScreen[str | None]):
    BINDINGS = list(CONFIRM_BINDINGS)

    def __init__(
        self, title: str, message: str, confirm_label: str, *, reason_label: str | None = None, cancel_label: str | None = None
    ) -> None:
        super().__init__()
        self.question = Question(title, message, confirm_label, reason_label=reason_label, cancel_label=cancel_label)
        localize_bindings(self)
        relabel(self, "confirm", confirm_label)
        if cancel_label is not None:  # esc says what its button says too ("Keep editing", not "Cancel")
            relabel(self, "cancel", cancel_label)

    def compose(self) -> ComposeResult:
        yield from self.question.compose()

    def on_mount(self) -> None:
        self.question.focus_first(self)

    @on(Button.Pressed, "#confirm")
    @on(Input.Submitted, "#reason")
    def action_confirm(self) -> None:
        self.dismiss(self.question.answer(self))

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)


class ConfirmWrite(WritingDialog[ResultT | ClaimdeskError | None], Generic[ResultT]):
    """A Confirm whose yes runs `write(reason)` before it closes (the desk's `u` and `d`)."""

    BINDINGS = list(CONFIRM_BINDINGS)

    def __init__(
        self,
        desk: Desk,
        title: str,
        message: str,
        confirm_label: str,
        write: Callable[[str], ResultT],
        *,
        reason_label: str | None = None,
    ) -> None:
        super().__init__()
        self.desk = desk
        self.question = Question(title, message, confirm_label, reason_label=reason_label)
        self._write = write
        localize_bindings(self)
        relabel(self, "confirm", confirm_label)

    def compose(self) -> ComposeResult:
        yield from self.question.compose()

    def on_mount(self) -> None:
        self.question.focus_first(self)

    @on(Button.Pressed, "#confirm")
    @on(Input.Submitted, "#reason")
    def action_confirm(self) -> None:
        reason, write = self.question.answer(self), self._write
        self.write(lambda: write(reason))

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        # Cancel closes at once, as Confirm's does (a typed reason is not worth a second question).
        if self.writing:
            self.still_writing()
            return
        self.dismiss(None)

    def still_writing_words(self) -> str:
        return _("Still saving: this question stays open until {path} is free or the wait ends.").format(path=self.desk.path)

    def waiting_words(self) -> str:
        return _(
            "Waiting for the other writer… {path} is in use by another claimdesk or a script. "
            "Your answer is carried out as soon as the file is free."
        ).format(path=self.desk.path)

    def on_writing_dialog_saved(self, message: WritingDialog.Saved) -> None:
        self.dismiss(message.result)

    def on_writing_dialog_failed(self, message: WritingDialog.Failed) -> None:
        self.dismiss(message.error)  # the desk says it, in words, as it did before the write moved here
