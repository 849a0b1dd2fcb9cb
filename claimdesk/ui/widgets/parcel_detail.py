"""The selected parcel: its fields, clocks, complaint history and expected compensation.

A scrollable pane (tab reaches it; the arrow keys and PgUp/PgDn scroll it), so everything is
readable at 120x36 and 80x24. The fields are two label/value pairs a row when they fit the
pane's width and one pair a row when they do not; that is decided when the fields are drawn,
at the width they are drawn at, so the first draw is already right. The clocks tick with the
countdown panel and the list: the same `seconds_until`, `format_remaining` and `urgency`,
coloured by the theme (component classes, styled in claimdesk.tcss).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.measure import Measurement
from rich.style import Style
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static

from claimdesk.domain.compensation import UnknownCompensation
from claimdesk.domain.complaints import MAX_ATTEMPTS, Channel
from claimdesk.domain.deadlines import Urgency, advice, is_missed, urgency
from claimdesk.domain.instants import seconds_until
from claimdesk.domain.parcels import unknown_payout_text
from claimdesk.i18n import _
from claimdesk.labels import label
from claimdesk.termtext import one_line
from claimdesk.ui.formatting import money, remaining, when, when_short
from claimdesk.ui.urgency import sign
from claimdesk.views import ParcelDetail

URGENCY_CLASSES = {level: f"detail--{level.value}" for level in Urgency}


class FieldGrid:
    """Label/value pairs: two pairs a row when they fit the width they are drawn at, else one."""

    def __init__(self, pairs: Sequence[tuple[str, str]], label_style: Style | str = "dim") -> None:
        self.pairs = list(pairs)
        self.label_style = label_style

    def _grid(self, columns: int) -> Table:
        grid = Table.grid(padding=(0, 2))
        for _column in range(columns):
            grid.add_column(style=self.label_style, no_wrap=True)
            grid.add_column()
        for start in range(0, len(self.pairs), columns):
            cells: list[str] = []
            for name, value in self.pairs[start : start + columns]:
                cells += [name, value]
            grid.add_row(*cells)
        return grid

    def layout(self, console: Console, width: int) -> Table:
        wide = self._grid(2)
        # Measured without a limit: a table's measurement is clamped to the width it is given.
        if Measurement.get(console, console.options.update_width(10_000), wide).maximum <= width:
            return wide
        return self._grid(1)

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield self.layout(console, options.max_width)

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        return Measurement.get(console, options, self.layout(console, options.max_width))


class ParcelDetailView(VerticalScroll, can_focus=True):
    COMPONENT_CLASSES = {
        "detail--label",
        "detail--pending",
        "detail--ok",
        "detail--soon",
        "detail--urgent",
        "detail--overdue",
        "detail--shortfall",
    }

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.detail: ParcelDetail | None = None
        self._parts: dict[str, RenderableType] = {}

    @property
    def content(self) -> RenderableType:
        """Everything the pane shows, as one renderable (fields, clocks, history, compensation)."""
        return Group(*(self._parts.get(name, "") for name in ("fields", "clocks", "history", "compensation")))

    def _set(self, name: str, renderable: RenderableType) -> None:
        self._parts[name] = renderable
        self.query_one(f"#detail-{name}", Static).update(renderable)

    def compose(self) -> ComposeResult:
        yield Static(Text(_("No parcel selected. Press a to add one, i to import a CSV."), style="dim"), id="detail-fields")
        yield Static("", id="detail-clocks")
        yield Static("", id="detail-history")
        yield Static("", id="detail-compensation")

    def show(self, detail: ParcelDetail | None, now: datetime | None = None) -> None:
        self.detail = detail
        if detail is None:
            self.border_title = ""
            self._set("fields", Text(_("No parcel selected. Press a to add one, i to import a CSV."), style="dim"))
            for part in ("clocks", "history", "compensation"):
                self._set(part, "")
            return
        self.border_title = _("{tracking} · attempts {used}/{limit}").format(
            tracking=detail.parcel.tracking, used=detail.state.attempts_used, limit=MAX_ATTEMPTS
        )
        grid = FieldGrid(field_pairs(detail), self.get_component_rich_style("detail--label"))
        parcel = detail.parcel
        if parcel.archived_at is not None:
            archived = Text("\n" + _("Archived {when}: no clocks; z brings it back.").format(when=when(parcel.archived_at)), style="italic")
            self._set("fields", Group(grid, archived))
        else:
            self._set("fields", grid)
        self.tick(now)
        self._set("history", history(detail))
        self._set("compensation", compensation(detail, self.get_component_rich_style("detail--shortfall")))

    def tick(self, now: datetime | None) -> None:
        """Redraw the clocks at `now` (the rest does not change with time)."""
        clocks = self.query_one("#detail-clocks", Static)
        detail = self.detail
        if detail is None or not (detail.deadlines or detail.missed) or now is None:
            self._set("clocks", "")
            clocks.display = False
            return
        clocks.display = True
        styles = {level: self.get_component_rich_style(name) for level, name in URGENCY_CLASSES.items()}
        self._set("clocks", clock_lines(detail, now, styles))


def field_pairs(detail: ParcelDetail) -> list[tuple[str, str]]:
    parcel, state = detail.parcel, detail.state
    unknown = _("unknown")
    return [
        (_("Tracking"), parcel.tracking),
        (_("Order"), one_line(parcel.order) or "—"),
        (_("Service"), label("service", parcel.service)),
        (_("Carrier"), one_line(parcel.carrier) or "—"),
        (_("Status"), label("status", parcel.status)),
        (_("Destination"), parcel.destination or "—"),
        (_("Created"), when_short(parcel.created_at)),
        (_("Age"), _("{days} days").format(days=detail.age_days)),
        (_("Collected"), when_short(parcel.collected_at) if parcel.collected_at else "—"),
        (_("Last tracking"), when_short(parcel.last_tracking_at) if parcel.last_tracking_at else "—"),
        (_("Item"), label("item", parcel.item) if parcel.item is not None else unknown),
        (_("Declared"), money(parcel.declared_value)),
        (_("Weight"), f"{parcel.weight} kg" if parcel.weight is not None else unknown),
        (_("Shipping fee"), money(parcel.shipping_fee) if parcel.shipping_fee is not None else unknown),
        (_("Inquiry fee"), money(parcel.inquiry_fee)),
        (_("Attempts"), _("{used} of {limit} used").format(used=state.attempts_used, limit=MAX_ATTEMPTS)),
        # The parcel's other numbers, when it has some (each finds it: search, filter, commands).
        *([(_("Other numbers"), ", ".join(parcel.other_numbers))] if parcel.other_numbers else []),
        # Amounts that came in US dollars: the rate that converted them (docs/rules.md section 6).
        *([(_("US $ rate"), _("{rate} yuan per US dollar").format(rate=parcel.usd_rate))] if parcel.usd_rate is not None else []),
    ]


def clock_lines(detail: ParcelDetail, now: datetime, styles: dict[Urgency, Style]) -> RenderableType:
    """Each live clock: remaining time in its band's colour, what it is, and when (wraps, never cut)."""
    table = Table.grid(padding=(0, 2))
    table.add_column(no_wrap=True, justify="right")
    table.add_column()
    shown = list(detail.deadlines)
    shown += [deadline for deadline in detail.missed if deadline not in shown]  # past the grace: kept here
    for deadline in shown:
        seconds = seconds_until(deadline.due, now)
        what = f"{label('clock', deadline.kind)} ({label('type', deadline.complaint_type)}) · {when(deadline.due)}"
        if is_missed(deadline.kind, deadline.due, now):
            table.add_row(Text(_("MISSED"), style=styles[Urgency.OVERDUE]), f"{what}\n{advice(deadline, now)}")
            continue
        level = urgency(deadline.kind, seconds)
        table.add_row(Text(sign(level) + remaining(seconds), style=styles[level]), what)
    return Group(Text("\n" + _("Clocks"), style="bold"), table)


def history(detail: ParcelDetail) -> RenderableType:
    state = detail.state
    parts: list[RenderableType] = [Text("\n" + _("Complaints"), style="bold")]
    if not state.history:
        parts.append(Text("  " + _("None filed yet."), style="dim"))
    for complaint in state.history:
        title = Text("  ")
        if complaint.channel is Channel.PLATFORM:
            title.append(
                _("Attempt {attempt}: {type}").format(attempt=complaint.attempt, type=label("type", complaint.complaint_type)),
                style="bold",
            )
        else:
            title.append(_("Third-party claim ({contact})").format(contact=one_line(complaint.contact)), style="bold")
        if complaint is state.open and state.stage is not None:
            title.append(f"  — {label('stage', state.stage)}", style="italic")
        elif complaint.retracted:
            title.append(f"  — {label('stage', 'retracted')}", style="italic")
        elif complaint.outcome is not None:
            title.append(f"  — {label('outcome', complaint.outcome)}", style="italic")
        parts.append(title)
        events = Table.grid(padding=(0, 2))
        events.add_column(no_wrap=True)
        events.add_column()
        for event in complaint.events:
            what = label("event", event.kind)
            if event.outcome:
                what += f" ({label('outcome', event.outcome)})"
            if event.kind.value == "received":
                what += f"  {money(event.received)}"
            elif event.claimed is not None or event.received is not None:
                what += "  " + _("claimed {claimed}, received {received}").format(
                    claimed=money(event.claimed), received=money(event.received)
                )
            if event.retracted_at is not None:  # kept in the history, marked; the rules skip it
                why = f": {one_line(event.retraction_reason)}" if event.retraction_reason else ""
                retracted = Text(what, style="strike dim")
                retracted.append("\n" + _("retracted {when}").format(when=when(event.retracted_at)) + why, style="dim")
                events.add_row(Text("    " + when_short(event.at), style="strike dim"), retracted)
                continue
            events.add_row("    " + when_short(event.at), what)
        parts.append(events)
        missed = detail.appeal_missed.get(complaint.id)
        if missed is not None:
            parts.append(Text("    " + _("Missed: the appeal window closed {when}.").format(when=when(missed)), style="italic"))
        if complaint.follow_up_at:
            parts.append(Text("    " + _("Follow up with the carrier by {when}.").format(when=when(complaint.follow_up_at))))
        if complaint.note:
            parts.append(Text("    " + _("Note: {note}").format(note=one_line(complaint.note)), style="dim"))
    return Group(*parts)


def compensation(detail: ParcelDetail, shortfall_style: Style | str = "bold") -> RenderableType:
    missing = detail.parcel.missing
    if missing and (detail.expected is None or isinstance(detail.expected, UnknownCompensation)):
        # An incomplete parcel: its payout is unknown (never 0) until the seller enters these.
        head = Text("\n" + _("Expected compensation"), style="bold")
        return Group(head, Text("  " + unknown_payout_text(missing), style=shortfall_style))
    if detail.expected is None or detail.incident is None:
        return ""
    result = detail.expected
    if isinstance(result, UnknownCompensation):
        return Group(Text("\n" + _("Expected compensation"), style="bold"), Text("  " + unknown_payout_text(result.missing)))
    parts: list[RenderableType] = [
        Text("\n" + _("Expected compensation ({incident})").format(incident=label("incident", detail.incident)), style="bold")
    ]
    for rule_line in result.lines:
        parts.append(Text(f"  {money(rule_line.amount):>12}  {rule_line.rule}"))
    summary = Text("  ")
    summary.append(f"{money(result.amount):>12}", style="bold")
    summary.append("  " + _("total · shortfall") + " ")
    summary.append(money(result.shortfall), style=shortfall_style if result.shortfall else "")
    parts.append(summary)
    for note in result.notes:
        parts.append(Text(f"  {note}", style="dim"))
    return Group(*parts)
