"""The selected parcel: its fields, complaint history, clocks and expected compensation."""

from __future__ import annotations

from datetime import datetime

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text
from textual.widgets import Static

from claimdesk.domain.complaints import MAX_ATTEMPTS, Channel
from claimdesk.domain.deadlines import urgency
from claimdesk.domain.instants import format_remaining, seconds_until
from claimdesk.i18n import _
from claimdesk.labels import label
from claimdesk.ui.formatting import money, when, when_short
from claimdesk.views import ParcelDetail

URGENCY_STYLE = {"pending": "cyan", "ok": "green", "soon": "yellow", "urgent": "bold dark_orange", "overdue": "bold red"}


class ParcelDetailView(Static):
    def show(self, detail: ParcelDetail | None, now: datetime | None = None) -> None:
        if detail is None:
            self.update(Text(_("No parcel selected. Press a to add one, i to import a CSV."), style="dim"))
            return
        self.border_title = _("{tracking} · attempts {used}/{limit}").format(
            tracking=detail.parcel.tracking, used=detail.state.attempts_used, limit=MAX_ATTEMPTS
        )
        self.update(self.render_detail(detail, now, wide=self.size.width >= 90 or not self.size.width))

    @staticmethod
    def render_detail(detail: ParcelDetail, now: datetime | None, wide: bool = True) -> RenderableType:
        parcel = detail.parcel
        state = detail.state
        fields = Table.grid(padding=(0, 2))
        fields.add_column(style="dim")
        fields.add_column()
        fields.add_column(style="dim")
        fields.add_column()
        rows = [
            (_("Tracking"), parcel.tracking, _("Order"), parcel.order),
            (_("Service"), label("service", parcel.service), _("Carrier"), parcel.carrier or "—"),
            (_("Status"), label("status", parcel.status), _("Destination"), parcel.destination or "—"),
            (_("Created"), when_short(parcel.created_at), _("Age"), _("{days} days").format(days=detail.age_days)),
            (_("Collected"), when_short(parcel.collected_at) if parcel.collected_at else "—",
             _("Last tracking"), when_short(parcel.last_tracking_at) if parcel.last_tracking_at else "—"),
            (_("Item"), label("item", parcel.item), _("Declared"), money(parcel.declared_value)),
            (_("Weight"), f"{parcel.weight} kg", _("Shipping fee"), money(parcel.shipping_fee)),
            (_("Inquiry fee"), money(parcel.inquiry_fee), _("Attempts"),
             _("{used} of {limit} used").format(used=state.attempts_used, limit=MAX_ATTEMPTS)),
        ]
        if wide:
            for row in rows:
                fields.add_row(*row)
        else:
            fields = Table.grid(padding=(0, 2))
            fields.add_column(style="dim")
            fields.add_column()
            for row in rows:
                fields.add_row(row[0], row[1])
                fields.add_row(row[2], row[3])
        parts: list[RenderableType] = [fields]
        if parcel.archived_at is not None:
            parts.append(Text("\n" + _("Archived {when}: no clocks; z brings it back.").format(when=when(parcel.archived_at)),
                              style="italic"))

        if detail.deadlines and now is not None:
            parts.append(Text("\n" + _("Clocks"), style="bold"))
            for deadline in detail.deadlines:
                seconds = seconds_until(deadline.due, now)
                text = Text("  ")
                text.append(format_remaining(seconds).rjust(13), style=URGENCY_STYLE[urgency(deadline.kind, seconds).value])
                text.append(f"  {label('clock', deadline.kind)} ({label('type', deadline.complaint_type)}) · {when(deadline.due)}")
                parts.append(text)

        parts.append(Text("\n" + _("Complaints"), style="bold"))
        if not state.history:
            parts.append(Text("  " + _("none filed yet"), style="dim"))
        for complaint in state.history:
            title = Text("  ")
            if complaint.channel is Channel.PLATFORM:
                title.append(
                    _("Attempt {attempt}: {type}").format(
                        attempt=complaint.attempt, type=label("type", complaint.complaint_type)
                    ),
                    style="bold",
                )
            else:
                title.append(_("Third-party claim ({contact})").format(contact=complaint.contact), style="bold")
            if complaint is state.open and state.stage is not None:
                title.append(f"  — {label('stage', state.stage)}", style="italic")
            elif complaint.retracted:
                title.append(f"  — {label('stage', 'retracted')}", style="italic")
            elif complaint.outcome is not None:
                title.append(f"  — {label('outcome', complaint.outcome)}", style="italic")
            parts.append(title)
            for event in complaint.events:
                line = f"    {when(event.at)}  {label('event', event.kind)}"
                if event.outcome:
                    line += f" ({label('outcome', event.outcome)})"
                if event.kind.value == "received":
                    line += f"  {money(event.received)}"
                elif event.claimed is not None or event.received is not None:
                    line += "  " + _("claimed {claimed}, received {received}").format(
                        claimed=money(event.claimed), received=money(event.received)
                    )
                if event.retracted_at is not None:  # kept in the history, marked; the rules skip it
                    parts.append(Text(line, style="strike dim"))
                    why = f": {event.retraction_reason}" if event.retraction_reason else ""
                    parts.append(Text("      " + _("retracted {when}").format(when=when(event.retracted_at)) + why, style="dim"))
                    continue
                parts.append(Text(line))
            if complaint.follow_up_at:
                parts.append(
                    Text("    " + _("follow up with the carrier by {when}").format(when=when(complaint.follow_up_at)))
                )
            if complaint.note:
                parts.append(Text("    " + _("note: {note}").format(note=complaint.note), style="dim"))

        if detail.expected is not None and detail.incident is not None:
            result = detail.expected
            parts.append(
                Text("\n" + _("Expected compensation ({incident})").format(incident=label("incident", detail.incident)),
                     style="bold")
            )
            for rule_line in result.lines:
                parts.append(Text(f"  {money(rule_line.amount):>12}  {rule_line.rule}"))
            summary = Text("  ")
            summary.append(f"{money(result.amount):>12}", style="bold")
            summary.append("  " + _("total · shortfall") + " ")
            summary.append(money(result.shortfall), style="bold red" if result.shortfall else "")
            parts.append(summary)
            for note in result.notes:
                parts.append(Text(f"  {note}", style="dim"))
        return Group(*parts)
