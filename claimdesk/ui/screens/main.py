"""The desk itself: the parcel list, the selected parcel's detail and the ticking deadlines.

Its keys (add, edit, complain, record, calculator, import, dashboard, settings, filter) belong
to this screen, so a dialog on top of it takes every key itself: nothing typed into a dialog
reaches the list behind it.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterable
from datetime import datetime

from textual import events, on
from textual.app import ComposeResult
from textual.binding import ActiveBinding, Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Footer, Header, Input

from claimdesk.domain.complaint_types import where_to_file
from claimdesk.domain.complaints import MAX_ATTEMPTS, Complaint, Event, EventKind
from claimdesk.domain.deadlines import Deadline, Urgency, advice
from claimdesk.domain.errors import ClaimdeskError, DataFileError
from claimdesk.domain.parcels import Parcel, Service, parcel_to_fields
from claimdesk.domain.settings import Settings
from claimdesk.gc_pause import gc_paused, keep_out_of_collections
from claimdesk.i18n import N_, _
from claimdesk.labels import label
from claimdesk.services import Desk
from claimdesk.ui import breakpoints
from claimdesk.ui.keys import by_use, fit_footer
from claimdesk.ui.localize import localize_bindings
from claimdesk.ui.messages import say, sentence
from claimdesk.ui.parcel_index import row_haystacks
from claimdesk.ui.widgets.countdown import CountdownPanel
from claimdesk.ui.widgets.parcel_detail import ParcelDetailView
from claimdesk.ui.widgets.parcel_table import NOT_COUNTED_YET, ParcelTable
from claimdesk.ui.writing import WritingScreen, desk_write_running, refused_while_writing
from claimdesk.views import ParcelRow

# How often to look for other processes' writes and for deadlines that have passed; both checks
# are a stat and a comparison unless something changed.
RECOMPUTE_SECONDS = 5
# From this many parcels in the file, the desk opens on the rows of its first screen and builds
# the whole list after that first frame, FILL_PART stored records between two frames (at 100,000
# the whole list costs ~0.4 s; below this it costs less than one frame's worth of waiting).
FIRST_SCREEN_FROM = 20_000
FILL_PART = 10_000


class MainScreen(WritingScreen[None]):
    BINDINGS = [
        Binding("a", "add_parcel", N_("Add"), id="add", tooltip=N_("Add a parcel")),
        Binding("e", "edit_parcel", N_("Edit"), id="edit", tooltip=N_("Edit the selected parcel")),
        Binding("c", "complaint", N_("Complain"), id="complaint", tooltip=N_("Complaint wizard for the selected parcel")),
        Binding("r", "record", N_("Record"), id="record", tooltip=N_("Record progress on its complaint")),
        Binding("k", "calculator", N_("Calc"), id="calculator", tooltip=N_("Compensation calculator")),
        Binding("i", "import_csv", N_("Import"), id="import", tooltip=N_("Import parcels from a CSV or Excel export")),
        Binding("g", "dashboard", N_("Dashboard"), id="dashboard", tooltip=N_("Recovery dashboard: claimed vs received")),
        Binding("slash", "filter", N_("Filter"), id="filter", tooltip=N_("Filter the list as you type")),
        Binding("s", "settings", N_("Settings"), id="settings", tooltip=N_("Rule settings")),
        Binding(
            "u",
            "undo",
            N_("Undo"),
            id="undo",
            show=False,
            tooltip=N_("Retract the latest event of its complaint (it stays in the history, marked retracted)"),
        ),
        Binding("n", "note", N_("Note"), id="note", show=False, tooltip=N_("Edit the note of its complaint")),
        Binding(
            "z",
            "archive",
            N_("Archive"),
            id="archive",
            show=False,
            tooltip=N_("Archive the selected parcel; on the archived view, bring it back"),
        ),
        Binding(
            "v",
            "toggle_archived",
            N_("Archived"),
            id="archived",
            show=False,
            tooltip=N_("Show the archived parcels, or go back to the desk"),
        ),
        Binding(
            "d", "delete", N_("Delete"), id="delete", show=False, tooltip=N_("Delete the selected parcel (only one without complaints)")
        ),
        Binding(
            "x",
            "export_calendar",
            N_("Calendar"),
            id="calendar",
            show=False,
            tooltip=N_("Export the deadlines as a calendar file (.ics) for your phone"),
        ),
        Binding(
            "t",
            "copy_complaint('zh')",
            N_("Copy text"),
            id="copy-text",
            show=False,
            tooltip=N_("Copy its complaint, drafted in Chinese for the seller centre, to the clipboard"),
        ),
        Binding(
            "T",
            "copy_complaint('en')",
            N_("Copy text (English)"),
            id="copy-text-en",
            show=False,
            tooltip=N_("Copy its complaint, drafted in English, to the clipboard"),
        ),
        Binding(
            "enter",
            "open_parcel",
            N_("Open"),
            id="open",
            show=False,
            tooltip=N_("The whole parcel: history, clocks, compensation, actions"),
        ),
        Binding("tab", "app.focus_next", N_("Next pane"), show=False),
        Binding("shift+tab", "app.focus_previous", N_("Previous pane"), show=False),
    ]

    def __init__(self, desk: Desk, *, tick_seconds: float = 1.0) -> None:
        super().__init__()
        localize_bindings(self)
        self.desk = desk
        self.tick_seconds = tick_seconds
        self._loaded_generation = -1
        self._loads = 0  # reloads so far: a fill scheduled by an earlier one never starts
        self._pending_fill: tuple[int, list[Deadline], datetime] | None = None  # (load, clocks, now)
        self._first_unread = False  # the first screen was drawn without the desk's records (_fill reads them)
        self._next_transition: datetime | None = None
        self._detail_tracking: str | None = None
        self.showing_archived = False  # `v`: the list shows the archived parcels instead

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

    @property
    def active_bindings(self) -> dict[str, ActiveBinding]:
        """The footer's keys, most used first and `?` always (ui/keys.py): in declaration order
        an 80-column footer ended at "g Da" and never showed help. Those that do not fit the
        width are left out of the footer (still keys, and in the help): no "i Imp" at 80."""
        width = self.size.width
        return fit_footer(
            by_use(super().active_bindings),
            width,
            compact=width < breakpoints.NARROW_BELOW,
            key_display=self.app.get_key_display,
            palette_key=self.app.COMMAND_PALETTE_BINDING if self.app.ENABLE_COMMAND_PALETTE else None,
        )

    @property
    def table(self) -> ParcelTable:
        return self.query_one(ParcelTable)

    @property
    def countdown(self) -> CountdownPanel:
        return self.query_one(CountdownPanel)

    def on_resize(self, event: events.Resize) -> None:
        self.set_class(event.size.width < breakpoints.NARROW_BELOW, "-narrow")
        # Under 100 columns the footer's keys sit closer, so `q Quit` still shows at 80.
        self.query_one(Footer).compact = event.size.width < breakpoints.NARROW_BELOW
        self.refresh_bindings()  # the footer keys that fit the new width
        self.set_class(event.size.width >= breakpoints.WIDE_FROM, "-wide")

    def on_mount(self) -> None:
        self.sub_title = str(self.desk.path)
        self.setup(first_screen_first=True)
        self.set_interval(self.tick_seconds, self.tick)
        self.set_interval(RECOMPUTE_SECONDS, self.reload_deadlines)

    def setup(self, *, first_screen_first: bool = False) -> None:
        """Fill the desk's widgets (after mounting, and after a language switch rebuilt them)."""
        self.query_one("#filter", Input).display = False
        self.reload(first_screen_first=first_screen_first)
        self.table.focus()

    # ---------------------------------------------------------------- data

    def reload(self, *, first_screen_first: bool = False) -> None:
        """Rows and deadlines from the Desk (after a write or another process's change).

        With first_screen_first (opening a large desk): the countdown gets every clock, the list
        only the rows its first screen shows, and the rest of the list is built after the first
        frame (`_fill`), a part between two frames, so keys work meanwhile."""
        self.workers.cancel_group(self, "fill")  # a list half built from older records: never finished
        self._loads += 1
        self._pending_fill = None
        self._first_unread = False
        with gc_paused():  # ~100,000 rows and clocks made to last: no collection walks them meanwhile
            now = self.desk.now()
            deadlines = self.desk.due(now=now)
            soonest = self._soonest(deadlines)
            first = self._first_rows(soonest) if first_screen_first else None
            if first is None:
                self.table.load(self.desk.rows(archived=self.showing_archived), soonest, now)
            else:
                self.table.load(first[0], soonest, now, loading_total=first[1])
            self.countdown.load(deadlines, now)
            if first is not None:  # opening a large desk: what was just made lasts
                keep_out_of_collections()
        self._loaded_generation = self.desk.generation
        if first is None:
            self._next_transition = self.desk.next_change(deadlines, now)
            self.show_detail(force=True)
        else:
            self._next_transition = None  # the fill's first step
            self._pending_fill = (self._loads, deadlines, now)

    def fill_the_rest(self) -> None:
        """Once the app is ready (its first frame drawn): build what the first screen left out."""
        pending, self._pending_fill = self._pending_fill, None
        if pending is not None and pending[0] == self._loads:  # no reload came since
            self.run_worker(self._fill(pending[1], pending[2]), group="fill", exclusive=True)

    def _first_rows(self, soonest: dict[str, Deadline]) -> tuple[list[ParcelRow], int] | None:
        """The rows the list's first screen shows and how many rows there will be, when the desk
        is large and they can be told without building every row; None otherwise. A desk the
        app opened without reading its records (Desk.open_for_app) reads only these."""
        loaded = self.desk.is_loaded()
        if self.showing_archived or (loaded and self.desk.parcel_count() < FIRST_SCREEN_FROM):
            return None
        trackings = self.table.index.first_trackings(soonest, self.app.size.height)
        if trackings is None:
            return None
        if not loaded:  # counted after the first frame (_fill): the count reads the whole table's bytes
            rows = self.desk.first_screen_rows(trackings)
            self._first_unread = rows is not None
            return None if rows is None else (rows, NOT_COUNTED_YET)
        return self.desk.rows_of(trackings), self.desk.live_count()

    def _read_the_records(self) -> bool:
        """The records a first screen drawn without them left unread: read now. Whether the
        fill goes on: not when the file is damaged or changed since (all drawn again)."""
        if not self._first_unread:
            return True
        self._first_unread = False
        try:
            self.desk.refresh()
        except DataFileError as error:
            self.notify(say(error), severity="error", timeout=10)
            return False
        if not self.desk.first_seen():  # another process wrote in between: draw it all from the file
            self.call_later(self.reload)
            return False
        self._loaded_generation = self.desk.generation
        return True

    async def _fill(self, deadlines: list[Deadline], now: datetime) -> None:
        """The rest of the desk, after the first frame: when the clocks next change, the detail,
        then the rows a part at a time, sorted and filtered as the list stands then (its sort,
        filter and cursor)."""
        await self._between_parts()
        with gc_paused():
            if not self._read_the_records():
                return
        self.table.counted(self.desk.live_count())
        self._next_transition = self.desk.next_change(deadlines, now)
        self.show_detail(force=True)
        rows: list[ParcelRow] = []
        haystacks: list[str] = []  # what the filter searches, made here too rather than in one go after
        with gc_paused():
            for part in self.desk.rows_in_parts(archived=self.showing_archived, part=FILL_PART):
                rows += part
                await self._between_parts()
                haystacks += row_haystacks(part)
                await self._between_parts()
            table = self.table
            table.load(rows, table.deadlines, table.now or self.desk.now(), haystacks=haystacks)
            keep_out_of_collections()
        self.show_detail()

    async def _between_parts(self) -> None:
        """Let the app draw and take keys between two parts of the fill."""
        await asyncio.sleep(0)

    def reload_deadlines(self) -> None:
        """Every few seconds: pick up other processes' writes, and recompute the deadlines only
        when one of them has passed (a stage changes only at a deadline's due instant)."""
        if desk_write_running(self.app):  # a write is running in its thread: not now (ui/writing.py)
            return
        try:
            generation = self.desk.refresh()
        except DataFileError as error:
            self.notify(say(error), severity="error", timeout=10)
            return
        if generation != self._loaded_generation:
            self.reload()
            return
        now = self.desk.now()
        if self._next_transition is None or now < self._next_transition:
            return
        deadlines = self.desk.due(now=now)
        self.table.update_deadlines(self._soonest(deadlines), now)
        self.countdown.load(deadlines, now)
        self._next_transition = self.desk.next_change(deadlines, now)
        self.show_detail(force=True)

    @staticmethod
    def _soonest(deadlines: Iterable[Deadline]) -> dict[str, Deadline]:
        soonest: dict[str, Deadline] = {}
        for deadline in deadlines:  # already soonest first
            soonest.setdefault(deadline.tracking, deadline)
        return soonest

    def tick(self) -> None:
        """Every second: the countdown, the list's deadline column and the detail's clocks, all
        from the same instant."""
        if not self.is_mounted:  # shutting down: the desk's widgets are already gone
            return
        panels = self.query(CountdownPanel)
        if not panels:
            return
        now = self.desk.now()
        self.table.tick(now)
        self.query_one(ParcelDetailView).tick(now)
        for deadline, level in panels.first().tick(now):
            template = (
                _("{tracking}: {clock} is OVERDUE. {advice}.")
                if level is Urgency.OVERDUE
                else _("{tracking}: {clock} is due within 24 hours. {advice}.")
            )
            self.notify(
                template.format(
                    tracking=deadline.tracking,
                    clock=label("clock", deadline.kind),
                    # a missed window: that it closed, not "file before"; after a full stop, a capital
                    advice=sentence(advice(deadline, now)),
                ),
                title=_("Deadline"),
                severity="error" if level is Urgency.OVERDUE else "warning",
                timeout=15,
            )

    def announce_today(self) -> None:
        panel = self.countdown
        if not panel.items:
            self.notify(_("No live deadlines. Press a to add a parcel or i to import a CSV."), title=_("Today"))
            return
        levels = [panel.level(index) for index in range(len(panel.items))]
        overdue = levels.count(Urgency.OVERDUE)
        today = [deadline for deadline, level in zip(panel.items, levels, strict=True) if level is Urgency.URGENT]
        message = _("{today} due within 24 hours, {overdue} overdue, {live} live clocks.").format(
            today=len(today), overdue=overdue, live=len(panel.items)
        )
        if today:
            message += " " + _("Next: {tracking} ({clock}).").format(tracking=today[0].tracking, clock=label("clock", today[0].kind))
        self.notify(message, title=_("Today"), severity="warning" if today or overdue else "information", timeout=6)

    # ---------------------------------------------------------------- selection

    @property
    def selected_tracking(self) -> str | None:
        row = self.table.current
        return row.tracking if row else None

    @on(ParcelTable.Highlighted, "#parcels")
    def _parcel_highlighted(self) -> None:
        self.show_detail()

    @on(CountdownPanel.Highlighted, "#countdown")
    def _deadline_highlighted(self, event: CountdownPanel.Highlighted) -> None:
        if isinstance(event.item, Deadline) and self.countdown.has_focus:
            self.select_parcel(event.item.tracking, focus=False)

    def select_parcel(self, tracking: str, focus: bool = True) -> None:
        table = self.table
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
        if self._pending_fill is not None or self._first_unread:  # a large desk's first frame comes first (_fill)
            return
        if desk_write_running(self.app):  # `z` is writing in its thread: the Desk is not read meanwhile
            return  # (the reload after the write, or the next highlight, shows it)
        tracking = self.selected_tracking
        if tracking == self._detail_tracking and not force:
            return
        self._detail_tracking = tracking
        now = self.desk.now()
        self.query_one(ParcelDetailView).show(self.desk.detail(tracking) if tracking else None, now)

    # ---------------------------------------------------------------- filter

    def action_filter(self) -> None:
        field = self.query_one("#filter", Input)
        field.display = True
        field.focus()

    @on(Input.Changed, "#filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        self.table.filter(event.value)

    @on(Input.Submitted, "#filter")
    def _filter_done(self) -> None:
        self.table.focus()

    def _clear_filter(self) -> None:
        field = self.query_one("#filter", Input)
        field.value = ""
        field.display = False
        self.table.filter("")

    def on_key(self, event: events.Key) -> None:
        if event.key == "escape" and self.query_one("#filter", Input).display:
            self._clear_filter()
            self.table.focus()

    # ---------------------------------------------------------------- actions

    def _need_parcel(self) -> str | None:
        tracking = self.selected_tracking
        if tracking is None:
            self.notify(_("Select a parcel first (or press a to add one)."), severity="warning")
        return tracking

    @refused_while_writing
    def action_open_parcel(self) -> None:
        from claimdesk.ui.screens.parcel import ParcelScreen

        tracking = self._need_parcel()
        if tracking is not None:
            self.app.push_screen(ParcelScreen(self.desk, tracking, tick_seconds=self.tick_seconds))

    @refused_while_writing
    def action_add_parcel(self) -> None:
        from claimdesk.ui.screens.parcel_form import ParcelForm

        def saved(parcel: Parcel | None) -> None:
            if parcel is not None:
                self.reload()
                self.select_parcel(parcel.tracking)
                self.notify(_("Added {tracking}").format(tracking=parcel.tracking), title=_("Parcel"))

        self.app.push_screen(ParcelForm(self.desk), saved)

    @refused_while_writing
    def action_edit_parcel(self) -> None:
        from claimdesk.ui.screens.parcel_form import ParcelForm

        tracking = self._need_parcel()
        if tracking is None:
            return

        def saved(parcel: Parcel | None) -> None:
            if parcel is not None:
                self.reload()
                self.notify(_("Saved {tracking}").format(tracking=tracking), title=_("Parcel"))

        self.app.push_screen(ParcelForm(self.desk, parcel_to_fields(self.desk.parcel(tracking))), saved)

    @refused_while_writing
    def action_complaint(self) -> None:
        tracking = self._need_parcel()
        if tracking is None:
            return
        parcel = self.desk.parcel(tracking)
        if parcel.service is Service.OFFLINE:
            from claimdesk.ui.screens.third_party import ThirdPartyClaim

            self.app.push_screen(ThirdPartyClaim(self.desk, tracking), self._complaint_done)
            return
        try:
            attempt = self.desk.next_attempt(tracking)
        except ClaimdeskError as error:  # both attempts used, or one still open: the domain says why
            self.notify(say(error), title=_("No complaint can be filed now"), severity="warning", timeout=8)
            return
        closed = self.desk.why_none_open(tracking)
        if closed is not None:  # no type can be chosen: say why instead of a wizard of closed types
            self.notify(f"{tracking}: {closed}.", title=_("No complaint can be filed now"), severity="warning", timeout=8)
            return
        from claimdesk.ui.screens.wizard import ComplaintWizard

        self.app.push_screen(ComplaintWizard(self.desk, tracking, attempt), self._complaint_done)

    def _complaint_done(self, complaint: Complaint | None) -> None:
        if complaint is None:
            return
        self.reload()
        self.select_parcel(complaint.tracking)
        if complaint.attempt:
            self.notify(
                _("Attempt {attempt} of {limit} recorded for {tracking} ({type}). Now file it on the platform: {where}.").format(
                    attempt=complaint.attempt,
                    limit=MAX_ATTEMPTS,
                    tracking=complaint.tracking,
                    type=label("type", complaint.complaint_type),
                    where=_(where_to_file(complaint.complaint_type)),
                ),
                title=_("Complaint filed"),
                timeout=12,
            )
            from claimdesk.ui.screens.complaint_text import ComplaintTextScreen

            self.app.push_screen(ComplaintTextScreen(self.desk, complaint.tracking))  # the text to paste, ready to copy
        else:
            self.notify(_("Third-party claim recorded for {tracking}.").format(tracking=complaint.tracking), title=_("Claim"))

    @refused_while_writing
    def action_record(self) -> None:
        tracking = self._need_parcel()
        if tracking is None:
            return
        try:
            latest = self.desk.latest_complaint(tracking)
        except ClaimdeskError:
            self.notify(_("{tracking} has no complaint yet: press c to file one.").format(tracking=tracking), severity="warning")
            return
        from claimdesk.ui.screens.progress import RecordProgress

        def saved(complaint: Complaint | None) -> None:
            if complaint is not None:
                self.reload()
                self.notify(
                    _("{tracking}: progress recorded ({event}).").format(
                        tracking=tracking, event=label("event", complaint.events[-1].kind)
                    ),
                    title=_("Complaint"),
                )

        self.app.push_screen(RecordProgress(self.desk, latest), saved)

    @refused_while_writing
    def action_undo(self) -> None:
        from claimdesk.ui.formatting import when
        from claimdesk.ui.screens.confirm import ConfirmWrite

        tracking = self._need_parcel()
        if tracking is None:
            return
        try:
            complaint, event = self.desk.undo_preview(tracking)
        except ClaimdeskError as error:
            self.notify(say(error), title=_("Nothing to undo"), severity="warning")
            return
        message = _(
            "Retract '{event}' of {when} on its {type} complaint? It stays in the history, marked retracted, "
            "and the clocks run as if it had not happened."
        ).format(event=label("event", event.kind), when=when(event.at), type=label("type", complaint.complaint_type))
        if event.kind is EventKind.FILED and complaint.attempt:
            message += " " + _("A retracted filing (recorded by mistake, never filed on the platform) is no attempt.")

        def done(outcome: tuple[Complaint, Event] | ClaimdeskError | None) -> None:
            if outcome is None:
                return
            if isinstance(outcome, ClaimdeskError):
                self.notify(say(outcome), title=_("Nothing to undo"), severity="warning", timeout=12)
                return
            updated, retracted = outcome
            self.reload()
            self.notify(
                _("{tracking}: '{event}' retracted; it stays in the history.").format(
                    tracking=updated.tracking, event=label("event", retracted.kind)
                ),
                title=_("Undo"),
            )

        desk = self.desk
        self.app.push_screen(
            ConfirmWrite(
                desk,
                _("Undo · {tracking}").format(tracking=tracking),
                message,
                _("Retract"),
                # Acts on what the question named: changed elsewhere since, nothing is retracted.
                lambda reason: desk.undo(tracking, reason, shown=complaint),
                reason_label=_("Why (optional)"),
            ),
            done,
        )

    @refused_while_writing
    def action_note(self) -> None:
        from claimdesk.ui.screens.note import NoteEditor

        tracking = self._need_parcel()
        if tracking is None:
            return
        try:
            complaint = self.desk.latest_complaint(tracking)
        except ClaimdeskError:
            self.notify(_("{tracking} has no complaint yet: press c to file one.").format(tracking=tracking), severity="warning")
            return

        def saved(updated: Complaint | None) -> None:
            if updated is not None:
                self.reload()
                self.notify(_("{tracking}: note saved.").format(tracking=tracking), title=_("Complaint"))

        self.app.push_screen(NoteEditor(self.desk, complaint), saved)

    @refused_while_writing
    def action_archive(self) -> None:
        tracking = self._need_parcel()
        if tracking is None:
            return
        # Off the UI thread (ui/writing.py): the lock may be held by another writer for seconds.
        write = self.desk.unarchive if self.showing_archived else self.desk.archive
        self.write_now(tracking, lambda: write(tracking))

    def on_writing_screen_saved(self, message: WritingScreen.Saved) -> None:
        """`z` wrote (the view cannot have changed meanwhile: `v` waits for the write)."""
        tracking = message.tracking
        self.reload()
        if self.showing_archived:
            self.notify(_("{tracking} is back on the desk.").format(tracking=tracking), title=_("Archive"))
        else:
            self.notify(
                _(
                    "{tracking} archived: out of the list and the countdowns. To undo, press v for the archived parcels, then z on it."
                ).format(tracking=tracking),
                title=_("Archive"),
                timeout=10,
            )

    def on_writing_screen_failed(self, message: WritingScreen.Failed) -> None:
        self.notify(say(message.error), severity="warning", timeout=8)
        self.show_detail()  # what a highlight during the write did not show

    @refused_while_writing
    def action_toggle_archived(self) -> None:
        self.showing_archived = not self.showing_archived
        self._clear_filter()
        self.reload()
        self.sub_title = _("Archived parcels · z brings one back · v returns to the desk") if self.showing_archived else str(self.desk.path)
        self.table.focus()

    @refused_while_writing
    def action_delete(self) -> None:
        from claimdesk.ui.screens.confirm import ConfirmWrite

        tracking = self._need_parcel()
        if tracking is None:
            return
        try:
            self.desk.check_deletable(tracking)
            shown = self.desk.parcel_snapshot(tracking)
        except ClaimdeskError as error:
            self.notify(say(error), title=_("Cannot delete"), severity="warning", timeout=10)
            return

        def done(outcome: Parcel | ClaimdeskError | None) -> None:
            if outcome is None:
                return
            if isinstance(outcome, ClaimdeskError):
                self.notify(say(outcome), title=_("Cannot delete"), severity="warning", timeout=10)
                return
            self.reload()
            self.notify(_("Deleted {tracking}.").format(tracking=tracking), title=_("Parcel"))

        desk = self.desk
        self.app.push_screen(
            ConfirmWrite(
                desk,
                _("Delete · {tracking}").format(tracking=tracking),
                _(
                    "Delete {tracking} from the file? It has no complaints. This cannot be undone: to only set it aside, archive it with z."
                ).format(tracking=tracking),
                _("Delete"),
                lambda _reason: desk.delete_parcel(tracking, shown),  # changed elsewhere since the question: kept
            ),
            done,
        )

    @refused_while_writing
    def action_export_calendar(self) -> None:
        from pathlib import Path

        from claimdesk.ui.screens.export import ExportDialog

        def write(path: Path, overwrite: bool) -> Path:
            return self.desk.export_calendar(path, overwrite=overwrite)[1]

        def done(path: Path | None) -> None:
            if path is not None:
                self.notify(
                    _("Wrote the deadlines to {path}: import it into your calendar (README: on a phone).").format(path=path),
                    title=_("Calendar"),
                )

        self.app.push_screen(
            ExportDialog(self.desk, title=_("Export the deadlines as a calendar (.ics)"), file_name="claimdesk.ics", write=write),
            done,
        )

    @refused_while_writing
    def action_copy_complaint(self, language: str) -> None:
        tracking = self._need_parcel()
        if tracking is None:
            return
        try:
            text = self.desk.complaint_text(tracking, language)
        except ClaimdeskError as error:
            self.notify(say(error), severity="warning")
            return
        from claimdesk.ui.clipboard import copy

        if not copy(self.app, text):  # no clipboard tool: the terminal may have ignored it
            from claimdesk.ui.screens.complaint_text import ComplaintTextScreen, not_copied

            self.notify(not_copied(tracking), title=_("Complaint text"), severity="warning", timeout=10)
            self.app.push_screen(ComplaintTextScreen(self.desk, tracking))
            return
        message = (
            _("The complaint for {tracking} is on the clipboard, in Chinese: paste it into the seller centre.")
            if language == "zh"
            else _("The complaint for {tracking} is on the clipboard, in English: paste it into the seller centre.")
        )
        self.notify(message.format(tracking=tracking), title=_("Complaint text"))

    @refused_while_writing
    def action_calculator(self) -> None:
        from claimdesk.ui.screens.calculator import CalculatorScreen

        tracking = self.selected_tracking
        self.app.push_screen(CalculatorScreen(self.desk, self.desk.parcel(tracking) if tracking else None))

    @refused_while_writing
    def action_import_csv(self) -> None:
        from claimdesk.ui.screens.import_csv import ImportScreen

        def done(count: int | None) -> None:
            if count:
                self.reload()

        self.app.push_screen(ImportScreen(self.desk), done)

    @refused_while_writing
    def action_dashboard(self) -> None:
        from claimdesk.ui.screens.dashboard import DashboardScreen

        self.app.push_screen(DashboardScreen(self.desk))

    @refused_while_writing
    def action_settings(self) -> None:
        from claimdesk.ui.screens.settings import SettingsScreen

        def saved(settings: Settings | None) -> None:
            if settings is not None:
                self.reload()
                self.notify(_("Settings saved; every clock was recomputed."), title=_("Settings"))

        self.app.push_screen(SettingsScreen(self.desk), saved)
