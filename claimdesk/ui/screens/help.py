"""Help: the bundled keys-and-rules guide, rendered as Markdown."""

from __future__ import annotations

from importlib.resources import files

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Markdown


class HelpScreen(ModalScreen[None]):
    BINDINGS = [
        Binding("escape,q,question_mark,f1", "dismiss(None)", "Close help"),
    ]

    def compose(self) -> ComposeResult:
        text = files("claimdesk.ui").joinpath("help.md").read_text(encoding="utf-8")
        with VerticalScroll(id="dialog", classes="dialog help") as dialog:
            dialog.border_title = "claimdesk help · esc to close"
            yield Markdown(text)

    def on_mount(self) -> None:
        self.query_one(VerticalScroll).focus()
