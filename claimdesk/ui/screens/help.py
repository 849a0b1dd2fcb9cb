"""Help: the bundled keys-and-rules guide, rendered as Markdown, in the active language."""

from __future__ import annotations

from importlib.resources import files

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Footer, Markdown

from claimdesk.i18n import N_, _, get_language
from claimdesk.ui.localize import localize_bindings


def help_text(language: str | None = None) -> str:
    """help.<language>.md when it is bundled (help.zh_CN.md), help.md (English) otherwise."""
    package = files("claimdesk.ui")
    translated = package.joinpath(f"help.{language or get_language()}.md")
    source = translated if translated.is_file() else package.joinpath("help.md")
    return source.read_text(encoding="utf-8")


class HelpScreen(ModalScreen[None]):
    BINDINGS = [
        Binding("escape,q,question_mark,f1", "dismiss(None)", N_("Close help")),
    ]

    def __init__(self) -> None:
        super().__init__()
        localize_bindings(self)

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="dialog", classes="dialog help") as dialog:
            dialog.border_title = _("claimdesk help · esc to close")
            yield Markdown(help_text())
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(VerticalScroll).focus()
