"""The selected parcel: its fields, complaint history, clocks and expected compensation."""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text
from textual.widgets import Static

from claimdesk.domain.complaints import STAGE_LABELS, Channel
from claimdesk.services import ParcelDetail
from claimdesk.ui.formatting import format_remaining, money, urgency, when, when_short
from claimdesk.ui.widgets.countdown import CLOCK_LABEL

URGENCY_STYLE = {"ok": "green", "soon": "yellow", "urgent": "bold dark_orange", "overdue": "bold red"}


class ParcelDetailView(Static):
    def show(self, detail: ParcelDetail | None) -> None:
        if detail is None:
            self.update(Text("No parcel selected. Press a to add one, i to import a CSV.", style="dim"))
            return
        self.border_title = f"{detail.parcel.tracking} · attempts {detail.state.attempts_used}/2"
        self.update(self.render_detail(detail, wide=self.size.width >= 90 or not self.size.width))

    @staticmethod
    def render_detail(detail: ParcelDetail, wide: bool = True) -> RenderableType:
        parcel = detail.parcel
        state = detail.state
        fields = Table.grid(padding=(0, 2))
        fields.add_column(style="dim")
        fields.add_column()
        fields.add_column(style="dim")
        fields.add_column()
        rows = [
            ("Tracking", parcel.tracking, "Order", parcel.order),
            ("Service", parcel.service.value, "Carrier", parcel.carrier or "—"),
            ("Status", parcel.status.value, "Destination", parcel.destination or "—"),
            ("Created", when_short(parcel.created_at), "Age", f"{detail.age_days} days"),
            ("Collected", when_short(parcel.collected_at) if parcel.collected_at else "—",
             "Last tracking", when_short(parcel.last_tracking_at) if parcel.last_tracking_at else "—"),
            ("Item", parcel.item.value, "Declared", money(parcel.declared_value)),
            ("Weight", f"{parcel.weight} kg", "Shipping fee", money(parcel.shipping_fee)),
            ("Inquiry fee", money(parcel.inquiry_fee), "Attempts", f"{state.attempts_used} of 2 used"),
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

        if detail.clocks:
            parts.append(Text("\nClocks", style="bold"))
            for clock in detail.clocks:
                seconds = clock.remaining_seconds
                line = Text("  ")
                line.append(format_remaining(seconds).rjust(13), style=URGENCY_STYLE[urgency(seconds)])
                line.append(f"  {CLOCK_LABEL[clock.clock.value]} ({clock.complaint_type}) · {when(clock.due)}")
                parts.append(line)

        parts.append(Text("\nComplaints", style="bold"))
        if not state.history:
            parts.append(Text("  none filed yet", style="dim"))
        for complaint in state.history:
            title = Text("  ")
            if complaint.channel is Channel.PLATFORM:
                title.append(f"Attempt {complaint.attempt}: {complaint.complaint_type}", style="bold")
            else:
                title.append(f"Third-party claim ({complaint.contact})", style="bold")
            if complaint is state.open and state.stage is not None:
                title.append(f"  — {STAGE_LABELS[state.stage]}", style="italic")
            elif complaint.outcome is not None:
                title.append(f"  — {complaint.outcome.value}", style="italic")
            parts.append(title)
            for event in complaint.events:
                text = f"    {when(event.at)}  {event.kind.value}"
                if event.outcome:
                    text += f" ({event.outcome.value})"
                if event.claimed is not None or event.received is not None:
                    text += f"  claimed {money(event.claimed)}, received {money(event.received)}"
                parts.append(Text(text))
            if complaint.follow_up_at:
                parts.append(Text(f"    follow up with the carrier by {when(complaint.follow_up_at)}"))
            if complaint.note:
                parts.append(Text(f"    note: {complaint.note}", style="dim"))

        if detail.expected is not None and detail.incident is not None:
            result = detail.expected
            parts.append(Text(f"\nExpected compensation ({detail.incident.value})", style="bold"))
            for line in result.lines:
                parts.append(Text(f"  {money(line.amount):>12}  {line.rule}"))
            summary = Text("  ")
            summary.append(f"{money(result.amount):>12}", style="bold")
            summary.append("  total · shortfall ")
            summary.append(money(result.shortfall), style="bold red" if result.shortfall else "")
            parts.append(summary)
            for note in result.notes:
                parts.append(Text(f"  {note}", style="dim"))
        return Group(*parts)
