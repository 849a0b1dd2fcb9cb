"""The recovery dashboard (g): claimed vs received by month, service and type; outcomes."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

from rich.console import Console, ConsoleOptions, Group, RenderResult
from rich.measure import Measurement
from rich.style import Style
from rich.table import Table
from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Header, Static

from claimdesk.i18n import N_, _
from claimdesk.labels import label
from claimdesk.reports import OUTCOMES, Bucket, Recovery, export_csv, recovery
from claimdesk.services import Desk
from claimdesk.ui import breakpoints
from claimdesk.ui.formatting import money
from claimdesk.ui.localize import localize_bindings
from claimdesk.ui.widgets.tones import Tones

BAR = 24


class Bars:
    """Claimed over received, as two bars as wide as the column gets (at most BAR cells): the
    figures beside them keep their whole width at 120 columns."""

    def __init__(self, claimed: Decimal, received: Decimal, largest: Decimal, styles: tuple[Style | str, Style | str]) -> None:
        self.values = (claimed, received)
        self.largest = largest
        self.styles = styles

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        return Measurement(6, min(BAR, options.max_width))

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        width = max(1, min(BAR, options.max_width))
        for value, style in zip(self.values, self.styles, strict=True):
            filled = int(width * value / self.largest) if self.largest > 0 else 0
            yield Text("█" * filled + "·" * (width - filled), style=style, no_wrap=True, end="\n")


def _rate(bucket: Bucket) -> str:
    rate = bucket.recovery
    return "—" if rate is None else f"{rate * 100:.0f}%"


def bucket_table(
    title: str, buckets: dict[str, Bucket], kind: str | None = None, tones: Callable[[str], Style | str] = lambda name: ""
) -> Table:
    """Claimed (upper bar) against received (lower bar) for each key, with the figures beside.

    `kind` names what the keys are ('service', 'type') so they are shown in the active language;
    `tones` gives the theme's styles ('warning' for claimed, 'success' for received)."""
    table = Table(title=title, title_justify="left", expand=True, box=None, padding=(0, 1))
    table.add_column("", no_wrap=True)
    table.add_column(_("claimed / received"), no_wrap=True, ratio=1)
    table.add_column(_("figures"), justify="right", no_wrap=True)
    largest = max((b.claimed for b in buckets.values()), default=Decimal(0))
    largest = max([largest, *(b.received for b in buckets.values())])
    for key in sorted(buckets):
        bucket = buckets[key]
        bars = Bars(bucket.claimed, bucket.received, largest, (tones("warning"), tones("success")))
        figures = f"{money(bucket.claimed)}\n{money(bucket.received)} ({_rate(bucket)})"
        name = label(kind, key) if kind else key
        table.add_row(name + "\n" + _("{count} filed").format(count=bucket.complaints), bars, figures)
    if not buckets:
        table.add_row(_("no complaints yet"), "", "")
    return table


def summary(report: Recovery, tones: Callable[[str], Style | str] = lambda name: "") -> Group:
    total = report.total
    text = Text()
    text.append(_("Recovery rate") + " ", style="bold")
    text.append(_rate(total), style=tones("success") if (total.recovery or 0) >= Decimal("0.5") else tones("error"))
    text.append(
        "   " + _("claimed {claimed}   received {received}").format(claimed=money(total.claimed), received=money(total.received)) + "\n"
    )
    text.append(_("Total shortfall") + " ", style="bold")
    text.append(money(total.shortfall), style=tones("error") if total.shortfall else "")
    text.append("  " + _("(the goods' value the rules leave uncovered)") + "\n")
    text.append(_("Outcomes") + "  ", style="bold")
    text.append("   ".join(f"{label('outcome', name)} {total.outcomes[name]}" for name in OUTCOMES))
    text.append("\n" + _("Attempts burned without payout") + " ", style="bold")
    text.append(str(report.burned_without_payout), style=tones("error") if report.burned_without_payout else "")
    return Group(text)


class DashboardScreen(Tones, Screen[None]):
    BINDINGS = [
        Binding("escape,g", "app.pop_screen", N_("Back"), tooltip=N_("Back to the parcels")),
        Binding("x", "export", N_("Export CSV"), tooltip=N_("Export these figures as CSV")),
        Binding("l", "export_ledger", N_("Ledger"), tooltip=N_("Export the complaint ledger: one row per complaint")),
    ]

    def __init__(self, desk: Desk) -> None:
        super().__init__()
        self.title = _("Recovery dashboard")
        localize_bindings(self)
        self.desk = desk
        self.report = recovery(desk)

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="dashboard"):
            yield Static(id="dash-summary", classes="dash-box")
            with Grid(id="dash-grid"):
                yield Static(id="dash-month", classes="dash-box")
                yield Static(id="dash-service", classes="dash-box")
                yield Static(id="dash-type", classes="dash-box")
        yield Footer()

    def on_resize(self, event: events.Resize) -> None:
        self.set_class(event.size.width < breakpoints.NARROW_BELOW, "-narrow")  # one table a row: no figure is cut

    def on_mount(self) -> None:
        """Drawn once mounted: the figures' colours are the theme's (component classes)."""
        report, tones = self.report, self.tone
        self.query_one("#dash-summary", Static).update(summary(report, tones))
        self.query_one("#dash-month", Static).update(bucket_table(_("By month filed"), report.by_month, tones=tones))
        self.query_one("#dash-service", Static).update(bucket_table(_("By service"), report.by_service, "service", tones))
        self.query_one("#dash-type", Static).update(bucket_table(_("By complaint type"), report.by_type, "type", tones))

    def action_export(self) -> None:
        from claimdesk.ui.screens.export import ExportDialog

        def write(path: Path, overwrite: bool) -> Path:
            return export_csv(self.desk, self.report, path, overwrite=overwrite)

        def done(path: Path | None) -> None:
            if path:
                self.notify(_("Exported the dashboard to {path}").format(path=path), title=_("Dashboard"))

        self.app.push_screen(
            ExportDialog(self.desk, title=_("Export the dashboard as CSV"), file_name="claimdesk-recovery.csv", write=write),
            done,
        )

    def action_export_ledger(self) -> None:
        from claimdesk.ui.screens.export import ExportDialog

        def write(path: Path, overwrite: bool) -> Path:
            return self.desk.export_complaints_csv(path, overwrite=overwrite)[1]

        def done(path: Path | None) -> None:
            if path:
                self.notify(_("Exported the complaint ledger to {path}").format(path=path), title=_("Dashboard"))

        self.app.push_screen(
            ExportDialog(self.desk, title=_("Export the complaint ledger as CSV"), file_name="claimdesk-complaints.csv", write=write),
            done,
        )
