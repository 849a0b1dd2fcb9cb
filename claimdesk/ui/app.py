"""The claimdesk app: parcel list, detail, live countdown panel; wizard and calculator on keys."""

from __future__ import annotations

import time
from collections.abc import Iterable
from pathlib import Path

from textual import on
from textual.app import App, ComposeResult, SystemCommand
from textual.binding import Binding
from textual.command import Hit, Hits, Provider
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Footer, Header, Input, Static

from claimdesk.clock import Clock
from claimdesk.domain.complaints import Complaint
from claimdesk.domain.errors import ClaimdeskError
from claimdesk.domain.parcels import Service, parcel_to_fields
from claimdesk.services import Desk, DueClock
from claimdesk.store.errors import DataFileError
from claimdesk.ui.widgets.countdown import CLOCK_LABEL, CountdownPanel
from claimdesk.ui.widgets.parcel_detail import ParcelDetailView
from claimdesk.ui.widgets.parcel_table import ParcelTable

_STARTED = time.perf_counter()
RECOMPUTE_SECONDS = 30  # clocks change stage by time (e.g. chamber reply passes): rebuild this often


class ParcelCommands(Provider):
    """Jump to a parcel by tracking or order number from the command palette."""

    async def search(self, query: str) -> Hits:
        app = self.app
        assert isinstance(app, ClaimdeskApp)
        matcher = self.matcher(query)
        needle = query.strip().upper()
        if len(needle) < 2:
            return
        shown = 0
        for row in app.main.query_one(ParcelTable).all_rows:
            if needle in row.tracking or needle in row.order.upper():
                label = f"Go to parcel {row.tracking} ({row.status}, order {row.order})"
                yield Hit(matcher.match(label) or 0.5, matcher.highlight(label), lambda t=row.tracking: app.select_parcel(t))
                shown += 1
                if shown >= 20:
                    return


class ClaimdeskApp(App[int]):
    TITLE = "claimdesk"
    CSS_PATH = "claimdesk.tcss"
    COMMANDS = App.COMMANDS | {ParcelCommands}
    BINDINGS = [
        Binding("a", "add_parcel", "Add", id="add", tooltip="Add a parcel"),
        Binding("e", "edit_parcel", "Edit", id="edit", tooltip="Edit the selected parcel"),
        Binding("c", "complaint", "Complain", id="complaint", tooltip="Complaint wizard for the selected parcel"),
        Binding("r", "record", "Record", id="record", tooltip="Record progress on its complaint"),
        Binding("k", "calculator", "Calc", id="calculator", tooltip="Compensation calculator"),
        Binding("i", "import_csv", "Import", id="import", tooltip="Import parcels from CSV"),
        Binding("g", "dashboard", "Dashboard", id="dashboard", tooltip="Recovery dashboard: claimed vs received"),
        Binding("slash", "filter", "Filter", id="filter", tooltip="Filter the list as you type"),
        Binding("s", "settings", "Settings", id="settings", tooltip="Rule settings"),
        Binding("tab", "focus_next", "Next pane", show=False),
        Binding("question_mark,f1", "help", "Help", id="help", key_display="?", tooltip="Keys and rules"),
        Binding("q", "quit", "Quit", id="quit", tooltip="Quit claimdesk"),
    ]

    # Actions that act on the parcel list: only while the main screen is on top.
    MAIN_ONLY = frozenset(
        {"add_parcel", "edit_parcel", "complaint", "record", "calculator", "import_csv", "filter",
         "settings", "dashboard"}
    )

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in self.MAIN_ONLY and len(self.screen_stack) > 1:
            return False
        return True

    def __init__(self, desk: Desk, *, tick_seconds: float = 1.0) -> None:
        super().__init__()
        self.desk = desk
        self.tick_seconds = tick_seconds
        self.startup_seconds: float | None = None

    @property
    def main(self) -> Screen:
        """The desk itself, under any dialog: timers and callbacks work on it, not on the top screen."""
        return self.screen_stack[0]

    # ---------------------------------------------------------------- layout

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="main"):
            with Vertical(id="left"):
                yield Input(placeholder="Filter: tracking, order, carrier, destination, status   (esc clears)", id="filter")
                yield ParcelTable(id="parcels")
                yield ParcelDetailView(id="detail")
            yield CountdownPanel(id="countdown")
        yield Footer()

    def on_resize(self, event: object) -> None:
        size = getattr(event, "size", None)
        if size is not None:
            self.set_class(size.width < 100, "-narrow")
            self.set_class(size.width >= 160, "-wide")

    def on_mount(self) -> None:
        self.sub_title = str(self.desk.repo.path)
        self.main.query_one("#filter", Input).display = False
        self.reload()
        self.main.query_one(ParcelTable).focus()
        self.set_interval(self.tick_seconds, self.tick)
        self.set_interval(RECOMPUTE_SECONDS, self.reload_clocks)

    def on_ready(self) -> None:
        self.startup_seconds = time.perf_counter() - _STARTED
        self.log(f"claimdesk ready in {self.startup_seconds:.3f} s")
        self._announce_today()

    # ---------------------------------------------------------------- data

    def reload(self) -> None:
        """Rows and clocks from the services (after a write or another process's change)."""
        now = self.desk.now()
        clocks = self.desk.due(now=now)
        table = self.main.query_one(ParcelTable)
        table.load(self.desk.rows(), self._soonest(clocks), now)
        self.main.query_one(CountdownPanel).load(clocks, now)
        self.show_detail()

    def reload_clocks(self) -> None:
        try:
            self.desk.repo.refresh()
        except DataFileError as error:
            self.notify(str(error), severity="error", timeout=10)
            return
        now = self.desk.now()
        clocks = self.desk.due(now=now)
        table = self.main.query_one(ParcelTable)
        if len(table.all_rows) != self.desk.repo.count():
            self.reload()
            return
        table.update_deadlines(self._soonest(clocks), now)
        self.main.query_one(CountdownPanel).load(clocks, now)

    @staticmethod
    def _soonest(clocks: Iterable[DueClock]) -> dict[str, DueClock]:
        soonest: dict[str, DueClock] = {}
        for clock in clocks:  # already soonest first
            soonest.setdefault(clock.tracking, clock)
        return soonest

    def tick(self) -> None:
        now = self.desk.now()
        panels = self.main.query(CountdownPanel)
        if not panels:  # shutting down: the desk's widgets are already gone
            return
        for clock, level in panels.first().tick(now):
            what = "is OVERDUE" if level == "overdue" else "is due within 24 hours"
            self.notify(
                f"{clock.tracking}: {CLOCK_LABEL[clock.clock.value]} {what}. {CountdownPanel.advice(clock)}.",
                title="Deadline",
                severity="error" if level == "overdue" else "warning",
                timeout=15,
            )

    def _announce_today(self) -> None:
        panel = self.main.query_one(CountdownPanel)
        now = self.desk.now()
        overdue = [c for c in panel.items if c.remaining_seconds < 0 and c.clock.value != "filing-window-opens"]
        today = [c for c in panel.items if 0 <= (c.due - now).total_seconds() <= 86400]
        if not panel.items:
            self.notify("No live deadlines. Press a to add a parcel or i to import a CSV.", title="Today")
            return
        message = f"{len(today)} due within 24 hours, {len(overdue)} overdue, {len(panel.items)} live clocks."
        if today:
            message += f" Next: {today[0].tracking} ({CLOCK_LABEL[today[0].clock.value]})."
        self.notify(message, title="Today", severity="warning" if today or overdue else "information", timeout=6)

    # ---------------------------------------------------------------- selection

    @property
    def selected_tracking(self) -> str | None:
        row = self.main.query_one(ParcelTable).current
        return row.tracking if row else None

    @on(ParcelTable.Highlighted, "#parcels")
    def _parcel_highlighted(self) -> None:
        self.show_detail()

    @on(CountdownPanel.Highlighted, "#countdown")
    def _clock_highlighted(self, event: CountdownPanel.Highlighted) -> None:
        if isinstance(event.item, DueClock) and self.main.query_one(CountdownPanel).has_focus:
            self.select_parcel(event.item.tracking, focus=False)

    def select_parcel(self, tracking: str, focus: bool = True) -> None:
        table = self.main.query_one(ParcelTable)
        index = table.index_of(tracking)
        if index is None and table.query_text:
            self._clear_filter()
            index = table.index_of(tracking)
        if index is not None:
            table.cursor = index
        if focus:
            table.focus()

    def show_detail(self) -> None:
        tracking = self.selected_tracking
        view = self.main.query_one(ParcelDetailView)
        view.show(self.desk.detail(tracking) if tracking else None)

    # ---------------------------------------------------------------- filter

    def action_filter(self) -> None:
        field = self.main.query_one("#filter", Input)
        field.display = True
        field.focus()

    @on(Input.Changed, "#filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        self.main.query_one(ParcelTable).filter(event.value)

    @on(Input.Submitted, "#filter")
    def _filter_done(self) -> None:
        self.main.query_one(ParcelTable).focus()

    def _clear_filter(self) -> None:
        field = self.main.query_one("#filter", Input)
        field.value = ""
        field.display = False
        self.main.query_one(ParcelTable).filter("")

    def on_key(self, event: object) -> None:
        key = getattr(event, "key", "")
        if key == "escape" and self.screen is self.screen_stack[0] and self.main.query_one("#filter", Input).display:
            self._clear_filter()
            self.main.query_one(ParcelTable).focus()

    # ---------------------------------------------------------------- actions

    def _need_parcel(self) -> str | None:
        tracking = self.selected_tracking
        if tracking is None:
            self.notify("Select a parcel first (or press a to add one).", severity="warning")
        return tracking

    def action_add_parcel(self) -> None:
        from claimdesk.ui.screens.parcel_form import ParcelForm

        def saved(parcel: object) -> None:
            if parcel is not None:
                self.reload()
                self.select_parcel(parcel.tracking)  # type: ignore[attr-defined]
                self.notify(f"Added {parcel.tracking}", title="Parcel")  # type: ignore[attr-defined]

        self.push_screen(ParcelForm(self.desk), saved)

    def action_edit_parcel(self) -> None:
        from claimdesk.ui.screens.parcel_form import ParcelForm

        tracking = self._need_parcel()
        if tracking is None:
            return

        def saved(parcel: object) -> None:
            if parcel is not None:
                self.reload()
                self.notify(f"Saved {tracking}", title="Parcel")

        self.push_screen(ParcelForm(self.desk, parcel_to_fields(self.desk.parcel(tracking))), saved)

    def action_complaint(self) -> None:
        tracking = self._need_parcel()
        if tracking is None:
            return
        parcel = self.desk.parcel(tracking)
        if parcel.service is Service.OFFLINE:
            from claimdesk.ui.screens.third_party import ThirdPartyClaim

            try:
                self.desk.repo.refresh()
            except ClaimdeskError as error:
                self.notify(str(error), severity="error")
                return
            self.push_screen(ThirdPartyClaim(self.desk, tracking), self._complaint_done)
            return
        state = self.desk.claim_state(tracking)
        if state.attempts_used >= 2:
            self.notify(
                f"{tracking} has used both complaint attempts: the platform allows no third complaint "
                "on a logistics order, whatever its type.",
                title="No attempts left",
                severity="error",
                timeout=8,
            )
            return
        if state.open is not None:
            self.notify(
                f"{tracking} already has an open {state.open.complaint_type} complaint: record its progress "
                "with r; a new attempt can be filed once it has ended.",
                title="Complaint open",
                severity="warning",
                timeout=8,
            )
            return
        from claimdesk.ui.screens.wizard import ComplaintWizard

        self.push_screen(ComplaintWizard(self.desk, tracking, state.attempts_used + 1), self._complaint_done)

    def _complaint_done(self, complaint: Complaint | None) -> None:
        if complaint is None:
            return
        self.reload()
        self.select_parcel(complaint.tracking)
        if complaint.attempt:
            self.notify(
                f"Attempt {complaint.attempt} of 2 recorded for {complaint.tracking} ({complaint.complaint_type}). "
                "Now file it on the platform: Logistics → International Parcel Order → Transaction → Complaint.",
                title="Complaint filed",
                timeout=12,
            )
        else:
            self.notify(f"Third-party claim recorded for {complaint.tracking}.", title="Claim")

    def action_record(self) -> None:
        tracking = self._need_parcel()
        if tracking is None:
            return
        history = self.desk.repo.complaints(tracking)
        if not history:
            self.notify(f"{tracking} has no complaint yet: press c to file one.", severity="warning")
            return
        from claimdesk.ui.screens.progress import RecordProgress

        def saved(complaint: Complaint | None) -> None:
            if complaint is not None:
                self.reload()
                self.notify(f"{tracking}: progress recorded ({complaint.events[-1].kind.value}).", title="Complaint")

        self.push_screen(RecordProgress(self.desk, history[-1]), saved)

    def action_calculator(self) -> None:
        from claimdesk.ui.screens.calculator import CalculatorScreen

        tracking = self.selected_tracking
        self.push_screen(CalculatorScreen(self.desk, self.desk.parcel(tracking) if tracking else None))

    def action_import_csv(self) -> None:
        from claimdesk.ui.screens.import_csv import ImportScreen

        def done(count: int | None) -> None:
            if count:
                self.reload()

        self.push_screen(ImportScreen(self.desk), done)

    def action_dashboard(self) -> None:
        from claimdesk.ui.screens.dashboard import DashboardScreen

        self.push_screen(DashboardScreen(self.desk))

    def action_settings(self) -> None:
        from claimdesk.ui.screens.settings import SettingsScreen

        def saved(settings: object) -> None:
            if settings is not None:
                self.reload()
                self.notify("Settings saved; every clock was recomputed.", title="Settings")

        self.push_screen(SettingsScreen(self.desk), saved)

    def action_help(self) -> None:
        from claimdesk.ui.screens.help import HelpScreen

        if not isinstance(self.screen, Screen) or type(self.screen).__name__ != "HelpScreen":
            self.push_screen(HelpScreen())

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        for binding in self.BINDINGS:
            if isinstance(binding, Binding) and binding.id and binding.id != "quit":
                yield SystemCommand(binding.description, binding.tooltip, lambda a=binding.action: self.run_action(a))

    async def action_quit(self) -> None:
        self.exit(0)


class DataErrorApp(App[int]):
    """Shown instead of the desk when the data file cannot be used; the file is left as it is."""

    CSS = """
    Screen { align: center middle; }
    #error { width: 80%; max-width: 100; border: heavy $error; padding: 1 2; height: auto; }
    """
    BINDINGS = [Binding("q,escape,enter", "quit", "Quit")]

    def __init__(self, message: str) -> None:
        super().__init__()
        self.message = message

    def compose(self) -> ComposeResult:
        yield Static(
            f"[b]claimdesk cannot open its data file[/b]\n\n{self.message}\n\n"
            "The file was not changed. Restore a backup, move the file away, or start with "
            "--db PATH for another file.\n\n[dim]Press q to quit.[/dim]",
            id="error",
        )

    def action_quit(self) -> None:  # type: ignore[override]
        self.exit(4)


def run_app(path: Path, clock: Clock) -> int:
    try:
        desk = Desk.open(path, clock)
    except DataFileError as error:
        DataErrorApp(str(error)).run()
        return 4
    result = ClaimdeskApp(desk).run()
    return int(result or 0)
