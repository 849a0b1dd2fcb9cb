"""The claimdesk app: parcel list, detail, live countdown panel; wizard and calculator on keys."""

from __future__ import annotations

import time
from collections.abc import Iterable
from datetime import datetime
from pathlib import Path

from rich.markup import escape
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
from claimdesk.i18n import CHINESE, ENGLISH, N_, _, get_language, set_language
from claimdesk.labels import label
from claimdesk.services import Desk, DueClock
from claimdesk.store.errors import DataFileError
from claimdesk.ui.localize import localize_bindings
from claimdesk.ui.widgets.countdown import CLOCK_LABEL, CountdownPanel
from claimdesk.ui.widgets.parcel_detail import ParcelDetailView
from claimdesk.ui.widgets.parcel_table import ParcelTable

_STARTED = time.perf_counter()
# How often to look for other processes' writes and for clocks that have passed; both checks
# are a stat and a comparison unless something changed.
RECOMPUTE_SECONDS = 5


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
                text = _("Go to parcel {tracking} ({status}, order {order})").format(
                    tracking=row.tracking, status=label("status", row.status), order=row.order
                )
                yield Hit(matcher.match(text) or 0.5, matcher.highlight(text), lambda t=row.tracking: app.select_parcel(t))
                shown += 1
                if shown >= 20:
                    return


class ClaimdeskApp(App[int]):
    TITLE = "claimdesk"
    CSS_PATH = "claimdesk.tcss"
    COMMANDS = App.COMMANDS | {ParcelCommands}
    BINDINGS = [
        Binding("a", "add_parcel", N_("Add"), id="add", tooltip=N_("Add a parcel")),
        Binding("e", "edit_parcel", N_("Edit"), id="edit", tooltip=N_("Edit the selected parcel")),
        Binding("c", "complaint", N_("Complain"), id="complaint", tooltip=N_("Complaint wizard for the selected parcel")),
        Binding("r", "record", N_("Record"), id="record", tooltip=N_("Record progress on its complaint")),
        Binding("k", "calculator", N_("Calc"), id="calculator", tooltip=N_("Compensation calculator")),
        Binding("i", "import_csv", N_("Import"), id="import", tooltip=N_("Import parcels from CSV")),
        Binding("g", "dashboard", N_("Dashboard"), id="dashboard", tooltip=N_("Recovery dashboard: claimed vs received")),
        Binding("slash", "filter", N_("Filter"), id="filter", tooltip=N_("Filter the list as you type")),
        Binding("s", "settings", N_("Settings"), id="settings", tooltip=N_("Rule settings")),
        Binding("tab", "focus_next", N_("Next pane"), show=False),
        Binding("question_mark,f1", "help", N_("Help"), id="help", key_display="?", tooltip=N_("Keys and rules")),
        Binding("q", "quit", N_("Quit"), id="quit", tooltip=N_("Quit claimdesk")),
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
        self._loaded_generation = -1
        self._next_transition: datetime | None = None
        self._detail_tracking: str | None = None
        localize_bindings(self)

    @property
    def main(self) -> Screen:
        """The desk itself, under any dialog: timers and callbacks work on it, not on the top screen."""
        return self.screen_stack[0]

    # ---------------------------------------------------------------- layout

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="main"):
            with Vertical(id="left"):
                yield Input(placeholder=_("Filter: tracking, order, carrier, destination, status   (esc clears)"), id="filter")
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
        self._setup_desk()
        self.set_interval(self.tick_seconds, self.tick)
        self.set_interval(RECOMPUTE_SECONDS, self.reload_clocks)

    def _setup_desk(self) -> None:
        self.main.query_one("#filter", Input).display = False
        self.reload()
        self.main.query_one(ParcelTable).focus()

    # ---------------------------------------------------------------- language

    async def switch_language(self, code: str) -> None:
        """Show the desk in another language: rebuild its bindings and widgets, close dialogs."""
        set_language(code)
        while len(self.screen_stack) > 1:
            await self.pop_screen()
        localize_bindings(self)
        await self.recompose()
        self._setup_desk()
        self.refresh_bindings()
        self.notify(_("Language: English") if get_language() == ENGLISH else _("Language: Simplified Chinese"))

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
        self._loaded_generation = self.desk.repo.storage.generation
        self._next_transition = self._first_after(clocks, now)
        self.show_detail(force=True)

    def reload_clocks(self) -> None:
        """Every few seconds: pick up other processes' writes, and recompute the clocks only
        when one of them has passed (a stage changes only at a clock's due instant)."""
        try:
            self.desk.repo.refresh()
        except DataFileError as error:
            self.notify(str(error), severity="error", timeout=10)
            return
        if self.desk.repo.storage.generation != self._loaded_generation:
            self.reload()
            return
        now = self.desk.now()
        if self._next_transition is None or now < self._next_transition:
            return
        clocks = self.desk.due(now=now)
        self.main.query_one(ParcelTable).update_deadlines(self._soonest(clocks), now)
        self.main.query_one(CountdownPanel).load(clocks, now)
        self._next_transition = self._first_after(clocks, now)
        self.show_detail(force=True)

    @staticmethod
    def _first_after(clocks: list[DueClock], now: datetime) -> datetime | None:
        """The next instant a clock passes (clocks come soonest first)."""
        return next((clock.due for clock in clocks if clock.due > now), None)

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
            template = (
                _("{tracking}: {clock} is OVERDUE. {advice}.")
                if level == "overdue"
                else _("{tracking}: {clock} is due within 24 hours. {advice}.")
            )
            self.notify(
                template.format(
                    tracking=clock.tracking, clock=_(CLOCK_LABEL[clock.clock.value]), advice=CountdownPanel.advice(clock)
                ),
                title=_("Deadline"),
                severity="error" if level == "overdue" else "warning",
                timeout=15,
            )

    def _announce_today(self) -> None:
        panel = self.main.query_one(CountdownPanel)
        now = self.desk.now()
        overdue = [c for c in panel.items if c.remaining_seconds < 0 and c.clock.value != "filing-window-opens"]
        today = [c for c in panel.items if 0 <= c.remaining_seconds <= 86400]
        if not panel.items:
            self.notify(_("No live deadlines. Press a to add a parcel or i to import a CSV."), title=_("Today"))
            return
        message = _("{today} due within 24 hours, {overdue} overdue, {live} live clocks.").format(
            today=len(today), overdue=len(overdue), live=len(panel.items)
        )
        if today:
            message += " " + _("Next: {tracking} ({clock}).").format(
                tracking=today[0].tracking, clock=_(CLOCK_LABEL[today[0].clock.value])
            )
        self.notify(message, title=_("Today"), severity="warning" if today or overdue else "information", timeout=6)

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

    def show_detail(self, force: bool = False) -> None:
        """Redraw the detail when the selected parcel changes (not on every filter keystroke)."""
        tracking = self.selected_tracking
        if tracking == self._detail_tracking and not force:
            return
        self._detail_tracking = tracking
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
            self.notify(_("Select a parcel first (or press a to add one)."), severity="warning")
        return tracking

    def action_add_parcel(self) -> None:
        from claimdesk.ui.screens.parcel_form import ParcelForm

        def saved(parcel: object) -> None:
            if parcel is not None:
                self.reload()
                self.select_parcel(parcel.tracking)  # type: ignore[attr-defined]
                self.notify(_("Added {tracking}").format(tracking=parcel.tracking), title=_("Parcel"))  # type: ignore[attr-defined]

        self.push_screen(ParcelForm(self.desk), saved)

    def action_edit_parcel(self) -> None:
        from claimdesk.ui.screens.parcel_form import ParcelForm

        tracking = self._need_parcel()
        if tracking is None:
            return

        def saved(parcel: object) -> None:
            if parcel is not None:
                self.reload()
                self.notify(_("Saved {tracking}").format(tracking=tracking), title=_("Parcel"))

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
                _(
                    "{tracking} has used both complaint attempts: the platform allows no third complaint "
                    "on a logistics order, whatever its type."
                ).format(tracking=tracking),
                title=_("No attempts left"),
                severity="error",
                timeout=8,
            )
            return
        if state.open is not None:
            self.notify(
                _(
                    "{tracking} already has an open {type} complaint: record its progress "
                    "with r; a new attempt can be filed once it has ended."
                ).format(tracking=tracking, type=label("type", state.open.complaint_type)),
                title=_("Complaint open"),
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
                _(
                    "Attempt {attempt} of 2 recorded for {tracking} ({type}). "
                    "Now file it on the platform: Logistics → International Parcel Order → Transaction → Complaint."
                ).format(attempt=complaint.attempt, tracking=complaint.tracking, type=label("type", complaint.complaint_type)),
                title=_("Complaint filed"),
                timeout=12,
            )
        else:
            self.notify(
                _("Third-party claim recorded for {tracking}.").format(tracking=complaint.tracking), title=_("Claim")
            )

    def action_record(self) -> None:
        tracking = self._need_parcel()
        if tracking is None:
            return
        history = self.desk.repo.complaints(tracking)
        if not history:
            self.notify(_("{tracking} has no complaint yet: press c to file one.").format(tracking=tracking), severity="warning")
            return
        from claimdesk.ui.screens.progress import RecordProgress

        def saved(complaint: Complaint | None) -> None:
            if complaint is not None:
                self.reload()
                self.notify(
                    _("{tracking}: progress recorded ({event}).").format(
                        tracking=tracking, event=label("event", complaint.events[-1].kind.value)
                    ),
                    title=_("Complaint"),
                )

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
                self.notify(_("Settings saved; every clock was recomputed."), title=_("Settings"))

        self.push_screen(SettingsScreen(self.desk), saved)

    def action_help(self) -> None:
        from claimdesk.ui.screens.help import HelpScreen

        if not isinstance(self.screen, Screen) or type(self.screen).__name__ != "HelpScreen":
            self.push_screen(HelpScreen())

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        for command in super().get_system_commands(screen):  # Textual's own, in the active language
            yield command._replace(
                title=_(command.title) if command.title else command.title,
                help=_(command.help) if command.help else command.help,
            )
        for binding in self.BINDINGS:
            if isinstance(binding, Binding) and binding.id and binding.id != "quit":
                yield SystemCommand(
                    _(binding.description), _(binding.tooltip), lambda a=binding.action: self.run_action(a)
                )
        # Each language is offered in its own words, so a seller finds it whatever is shown now.
        yield SystemCommand(
            "Language: English", _("Show claimdesk in English"), lambda: self.run_worker(self.switch_language(ENGLISH))
        )
        yield SystemCommand(
            "语言：简体中文", _("Show claimdesk in Simplified Chinese"), lambda: self.run_worker(self.switch_language(CHINESE))
        )

    async def action_quit(self) -> None:
        self.exit(0)


class DataErrorApp(App[int]):
    """Shown instead of the desk when the data file cannot be used; the file is left as it is."""

    CSS = """
    Screen { align: center middle; }
    #error { width: 80%; max-width: 100; border: heavy $error; padding: 1 2; height: auto; }
    """
    BINDINGS = [Binding("q,escape,enter", "quit", N_("Quit"))]

    def __init__(self, message: str) -> None:
        super().__init__()
        self.message = message
        localize_bindings(self)

    def compose(self) -> ComposeResult:
        head = _("claimdesk cannot open its data file")
        body = _(
            "The file was not changed. Restore a backup, move the file away, or start with "
            "--db PATH for another file."
        )
        quit_hint = _("Press q to quit.")
        yield Static(
            f"[b]{escape(head)}[/b]\n\n{escape(self.message)}\n\n{escape(body)}\n\n[dim]{escape(quit_hint)}[/dim]",
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
