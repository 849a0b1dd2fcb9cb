"""Place the columns no profile placed: each column of the file beside a choice of desk field, the
first rows as the desk will read them (updated as the seller chooses), and the placement saved as
a profile (NAME.toml in the config folder) that reads the next export of the same kind by itself.

Only the engine reads the file and the cells (Desk.sample_import, importing.sample.preview); this
screen holds the seller's choices.
"""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path
from typing import Any

from rich.cells import cell_len
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, DataTable, Footer, Input, Label, Select, Static

from claimdesk.domain.errors import ClaimdeskError, ValidationError
from claimdesk.domain.instants import platform_text
from claimdesk.i18n import N_, _
from claimdesk.importing.fields import ReadOptions
from claimdesk.importing.mapping import check_profile_name
from claimdesk.importing.profiles import FIELDS, MANY, Profile
from claimdesk.importing.sample import ImportSample, field_name, placed_profile, placement_problems, preview
from claimdesk.labels import label
from claimdesk.services import Desk
from claimdesk.ui.localize import localize_bindings
from claimdesk.ui.messages import say
from claimdesk.ui.unsaved import DiscardGuard
from claimdesk.ui.widgets.forms import Field
from claimdesk.ui.widgets.tones import Tones

_WORDS = {"service": "service", "status": "status", "item": "item"}
PREVIEW_ERROR_WIDTH = 48
_INSTANTS = ("created_at", "collected_at", "last_tracking_at")


def suggested_name(path: str) -> str:
    """A profile name from the file's name: 'Cainiao orders 2026-11.csv' -> 'cainiao-orders-2026-11'."""
    stem = re.sub(r"[^A-Za-z0-9]+", "-", Path(path).stem).strip("-").lower()
    return (stem or "my-export")[:40].strip("-") or "my-export"


def shown_value(name: str, value: str) -> str:
    """A read cell as the desk shows it: labels for words, instants on the platform's clock."""
    if name in _WORDS:
        return label(_WORDS[name], value)
    if name in _INSTANTS:
        return platform_text(datetime.fromisoformat(value), offset=False)
    return value


class MappingScreen(DiscardGuard, ModalScreen[Profile | None], Tones):
    """Returns the saved profile, or None (back to the import dialog, nothing saved)."""

    # Textual collects component classes from the first base only: the tones are named here.
    COMPONENT_CLASSES = Tones.COMPONENT_CLASSES

    BINDINGS = [
        Binding(
            "ctrl+s", "save", N_("Save and read the file"), priority=True, tooltip=N_("Save the columns as a profile and read the file")
        ),
        Binding("escape", "back", N_("Back"), tooltip=N_("Back to the import dialog; nothing is saved")),
    ]

    def __init__(self, desk: Desk, sample: ImportSample, read: ReadOptions, *, update: bool, config: Path) -> None:
        super().__init__()
        localize_bindings(self)
        self.desk = desk
        self.sample = sample
        self.read = read
        self.update = update
        self.config = config
        self.placement = sample.placement()

    # ------------------------------------------------------------------ layout

    def compose(self) -> ComposeResult:
        sample = self.sample
        unplaced = [index for index, text in enumerate(sample.header) if text and index not in self.placement]
        placed = [index for index, text in enumerate(sample.header) if text and index in self.placement]
        with Vertical(id="dialog", classes="dialog import-mapping") as dialog:
            dialog.border_title = _("Place the columns of {file}").format(file=Path(sample.label).name)
            if sample.found is None:
                intro = _("No profile finds the tracking number in these columns: choose the desk field of each column you need.")
            else:
                intro = _("Read as {profile}. The columns it could not place come first: choose a desk field for those you need.").format(
                    profile=sample.found.profile.name
                )
            yield Static(intro, id="intro", classes="hint")
            options = [(field_name(name), name) for name in FIELDS]
            with VerticalScroll(id="columns"):
                for index in unplaced + placed:
                    with Horizontal(classes="column-row"):
                        yield Label(self._column_text(index), classes="column-name")
                        yield Select(
                            options,
                            prompt=_("not used"),
                            value=self.placement.get(index, Select.NULL),
                            id=f"column-{index}",
                            compact=True,
                        )
            yield Static("", id="problems", classes="error-line")
            yield Static(_("The first rows as the desk will read them:"), classes="preview-title")
            table: DataTable[Any] = DataTable(id="preview", show_cursor=False, zebra_stripes=True)
            yield table
            yield Field(_("Save as profile"), Input(value=suggested_name(sample.label), id="name"))
            with Horizontal(classes="buttons"):
                yield Button(_("Save and read the file") + "  ctrl+s", variant="primary", id="save")
                yield Button(_("Back") + "  esc", id="back")
        yield Footer()

    def _column_text(self, index: int) -> Text:
        text = Text(self.sample.header[index][:28], style="bold")
        example = self.sample.example(index)
        if example:
            text.append("  " + example[:24], style="dim")
        return text

    def on_mount(self) -> None:
        self.refresh_preview()
        first = self.query(Select)
        if first:
            first.first().focus()

    # ------------------------------------------------------------------ the seller's choices

    @on(Select.Changed)
    def _placed(self, event: Select.Changed) -> None:
        index = int(str(event.select.id).removeprefix("column-"))
        if event.value is Select.NULL:
            self.placement.pop(index, None)
        else:
            chosen = str(event.value)
            if chosen not in MANY:  # a field has one column: the column it was on is freed
                for other, name in list(self.placement.items()):
                    if name == chosen and other != index:
                        del self.placement[other]
                        self.query_one(f"#column-{other}", Select).value = Select.NULL
            self.placement[index] = chosen
        self.refresh_preview()

    def profile(self, name: str | None = None) -> Profile:
        return placed_profile(self.sample, self.placement, name or self.query_one("#name", Input).value.strip() or "unnamed")

    def refresh_preview(self) -> None:
        profile = self.profile()
        found, rows = preview(self.sample, profile, self.read)
        problems = placement_problems(self.sample, profile, update=self.update)
        self.query_one("#problems", Static).update("; ".join(problems))
        table = self.query_one("#preview", DataTable)
        table.clear(columns=True)
        fields = [name for name in FIELDS if name in found.fields]
        lines: list[list[Text]] = []
        for row in rows:
            cells = [Text(str(row.line))]
            for name in fields:
                if name in row.errors:
                    cells.append(Text("✗ " + row.errors[name], style=self.tone("error")))
                elif name in row.values:
                    cells.append(Text(shown_value(name, row.values[name])))
                else:
                    cells.append(Text("—", style="dim"))
            lines.append(cells)
        # Each column as wide as its widest cell (an error's up to PREVIEW_ERROR_WIDTH): the
        # table's own sizing keeps the header's width, which cuts a tracking number under 运单号.
        for position, (key, title) in enumerate([("line", _("Line")), *((name, field_name(name)) for name in fields)]):
            width = max([cell_len(title), *(line[position].cell_len for line in lines)])
            table.add_column(title, key=key, width=min(width, PREVIEW_ERROR_WIDTH))
        for line in lines:
            table.add_row(*line)

    # ------------------------------------------------------------------ actions

    @on(Button.Pressed, "#save")
    @on(Input.Submitted, "#name")
    def action_save(self) -> None:
        field = self.query_one(Field)
        try:
            name = check_profile_name(self.query_one("#name", Input).value.strip())
        except ValidationError as error:
            field.show_error(error.message)
            return
        field.show_error("")
        profile = self.profile(name)
        problems = placement_problems(self.sample, profile, update=self.update)
        if problems:
            self.query_one("#problems", Static).update("; ".join(problems))
            self.app.bell()
            return
        try:
            self.desk.save_import_profile(profile, config=self.config)
        except (ClaimdeskError, OSError) as error:
            self.query_one("#problems", Static).update(say(error) if isinstance(error, ClaimdeskError) else str(error))
            return
        self.dismiss(profile)

    @on(Button.Pressed, "#back")
    def action_back(self) -> None:
        self.close_or_ask(lambda: self.dismiss(None))
