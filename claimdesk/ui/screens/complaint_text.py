"""After filing: the complaint the desk drafts for the seller centre, ready to copy.

Shown when the wizard has recorded a platform complaint: the text in Chinese (the platform's
language) and in English, `t` / `T` copy one to the clipboard (as on the desk), esc or enter
closes. The text is the Desk's (`Desk.complaint_text`), drafted from the desk's data.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Footer, Static

from claimdesk.domain.complaint_types import where_to_file
from claimdesk.i18n import N_, _
from claimdesk.services import Desk
from claimdesk.ui.clipboard import copy
from claimdesk.ui.localize import localize_bindings


class ComplaintTextScreen(ModalScreen[None]):
    BINDINGS = [
        Binding(
            "t", "copy('zh')", N_("Copy text"), tooltip=N_("Copy its complaint, drafted in Chinese for the seller centre, to the clipboard")
        ),
        Binding("T", "copy('en')", N_("Copy text (English)"), tooltip=N_("Copy its complaint, drafted in English, to the clipboard")),
        Binding("ctrl+s", "copy('zh')", N_("Copy text"), show=False),  # the main action, as in every dialog
        Binding("escape,enter", "dismiss(None)", N_("Close")),
    ]

    def __init__(self, desk: Desk, tracking: str) -> None:
        super().__init__()
        localize_bindings(self)
        self.desk = desk
        self.tracking = tracking
        self.texts = {language: desk.complaint_text(tracking, language) for language in ("zh", "en")}
        self.where = where_to_file(desk.latest_complaint(tracking).complaint_type)

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="dialog", classes="dialog complaint-text") as dialog:
            dialog.border_title = _("Complaint text · {tracking}").format(tracking=self.tracking)
            yield Static(
                _("Paste this into the seller centre: {where}. t copies the Chinese, T the English; esc closes.").format(
                    where=_(self.where)
                ),
                classes="hint",
            )
            yield Static(Text(self.texts["zh"]), id="text-zh", classes="complaint-body")
            yield Static(Text(self.texts["en"]), id="text-en", classes="complaint-body")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(VerticalScroll).focus()

    def action_copy(self, language: str) -> None:
        if not copy(self.app, self.texts[language]):
            self.notify(not_copied(self.tracking), title=_("Complaint text"), severity="warning", timeout=10)
            return
        message = (
            _("The complaint for {tracking} is on the clipboard, in Chinese: paste it into the seller centre.")
            if language == "zh"
            else _("The complaint for {tracking} is on the clipboard, in English: paste it into the seller centre.")
        )
        self.notify(message.format(tracking=self.tracking), title=_("Complaint text"))


def not_copied(tracking: str) -> str:
    """No clipboard tool took the text and the terminal may ignore OSC 52: say so, never 'on the
    clipboard' (ui/clipboard.py)."""
    return _(
        "The complaint for {tracking} could not be put on the clipboard for sure (no clipboard tool "
        "here, and the terminal may not accept copied text): it is shown, select it to copy it by hand."
    ).format(tracking=tracking)
