"""One parcel, the whole of it (enter on a row): fields, clocks, complaint history, expected
compensation, and the actions on it. The actions are the desk's own (MainScreen's), run on
this parcel; the page redraws when a dialog closes."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Footer, Header

from claimdesk.i18n import N_, _
from claimdesk.services import Desk
from claimdesk.ui.localize import localize_bindings
from claimdesk.ui.widgets.parcel_detail import ParcelDetailView


class ParcelScreen(Screen[None]):
    BINDINGS = [
        Binding("escape", "app.pop_screen", N_("Back"), tooltip=N_("Back to the parcels")),
        Binding("e", "desk('edit_parcel')", N_("Edit"), tooltip=N_("Edit the selected parcel")),
        Binding("c", "desk('complaint')", N_("Complain"), tooltip=N_("Complaint wizard for the selected parcel")),
        Binding("r", "desk('record')", N_("Record"), tooltip=N_("Record progress on its complaint")),
        Binding("k", "desk('calculator')", N_("Calc"), tooltip=N_("Compensation calculator")),
        Binding(
            "u",
            "desk('undo')",
            N_("Undo"),
            tooltip=N_("Retract the latest event of its complaint (it stays in the history, marked retracted)"),
        ),
        Binding("n", "desk('note')", N_("Note"), tooltip=N_("Edit the note of its complaint")),
        Binding(
            "t",
            "desk(\"copy_complaint('zh')\")",
            N_("Copy text"),
            tooltip=N_("Copy its complaint, drafted in Chinese for the seller centre, to the clipboard"),
        ),
        Binding(
            "T",
            "desk(\"copy_complaint('en')\")",
            N_("Copy text (English)"),
            show=False,
            tooltip=N_("Copy its complaint, drafted in English, to the clipboard"),
        ),
    ]

    def __init__(self, desk: Desk, tracking: str, *, tick_seconds: float = 1.0) -> None:
        super().__init__()
        localize_bindings(self)
        self.desk = desk
        self.tracking = tracking
        self.tick_seconds = tick_seconds
        self.title = _("Parcel {tracking}").format(tracking=tracking)

    def compose(self) -> ComposeResult:
        yield Header()
        yield ParcelDetailView(id="parcel-page", classes="parcel-page")
        yield Footer()

    @property
    def view(self) -> ParcelDetailView:
        return self.query_one(ParcelDetailView)

    def on_mount(self) -> None:
        self.refresh_parcel()
        self.view.focus()
        self.set_interval(self.tick_seconds, self._tick)

    def on_screen_resume(self) -> None:
        self.refresh_parcel()  # a dialog on top may have changed it

    def refresh_parcel(self) -> None:
        self.view.show(self.desk.detail(self.tracking), self.desk.now())

    def _tick(self) -> None:
        if self.is_current:
            self.view.tick(self.desk.now())

    async def action_desk(self, action: str) -> None:
        """Run one of the desk's actions on this parcel (its dialogs open over this page)."""
        main = self.app.screen_stack[0]
        select = getattr(main, "select_parcel", None)
        if select is not None:
            select(self.tracking, focus=False)
        await main.run_action(action)
