"""Help: the bundled guide, rendered as Markdown, in the active language, with its key lists made
from the bindings (and the seller's keymap) and its numbers from the settings in force.

help.md / help.zh_CN.md hold the prose only: a key or a rule number written there by hand would
go stale the day the seller changes a setting or a key (issue 21, item 2).
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from importlib.resources import files

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.dom import DOMNode
from textual.screen import ModalScreen
from textual.widgets import Footer, Markdown

from claimdesk.domain import compensation
from claimdesk.domain.complaint_types import TYPE_SPECS, WHERE_TO_FILE, Anchor
from claimdesk.domain.complaints import MAX_ATTEMPTS
from claimdesk.domain.settings import Settings
from claimdesk.i18n import N_, _, get_language, ngettext
from claimdesk.labels import label
from claimdesk.ui.formatting import duration, join_clauses, join_items
from claimdesk.ui.keys import key_list, key_text
from claimdesk.ui.localize import localize_bindings
from claimdesk.ui.urgency import bands_text

ANCHORS = {  # translated where shown
    Anchor.CREATED: N_("{delay} after creation"),
    Anchor.COLLECTED: N_("{delay} after collection"),
    Anchor.LAST_TRACKING: N_("{delay} after the last tracking update (or creation)"),
}


def _template(language: str) -> str:
    """help.<language>.md when it is bundled (help.zh_CN.md), help.md (English) otherwise."""
    package = files("claimdesk.ui")
    translated = package.joinpath(f"help.{language}.md")
    source = translated if translated.is_file() else package.joinpath("help.md")
    return source.read_text(encoding="utf-8")


def openings(settings: Settings) -> str:
    """When each type's window opens, from the settings: types opening at once grouped."""
    at_once = []
    parts = []
    for ctype, spec in TYPE_SPECS.items():
        hours = settings.window_opens_hours.get(ctype.value, spec.opens_hours)
        if hours == 0:
            at_once.append(label("type", ctype))
        else:
            when = _(ANCHORS[spec.anchor]).format(delay=duration(hours))
            parts.append(_("{type}: {when}").format(type=label("type", ctype), when=when))
    if at_once:
        parts.append(_("{types}: at once").format(types=join_items(at_once)))
    return join_clauses(parts)


def _number(value: Decimal) -> str:
    return f"{value.normalize():f}"


def rule_numbers(settings: Settings) -> dict[str, str]:
    carriers = join_items([f"{name} {_number(cap)}×" for name, cap in settings.carrier_multipliers.items()])
    return {
        "max_attempts": str(MAX_ATTEMPTS),
        "filing_window_days": str(settings.filing_window_days),
        "openings": openings(settings),
        "chamber_reply_days": str(settings.chamber_reply_days),
        "escalation_window_days": str(settings.escalation_window_days),
        "intervention": ngettext("{n} working day", "{n} working days", settings.intervention_working_days).format(
            n=settings.intervention_working_days
        ),
        "third_party_follow_up_days": str(settings.third_party_follow_up_days),
        "ems_delay_percent": _number(compensation.EMS_DELAY_REFUND * 100),
        "ems_per_piece": _number(compensation.EMS_PER_PIECE),
        "ems_cap_base": _number(compensation.EMS_CAP_BASE),
        "ems_cap_per_kg": _number(compensation.EMS_CAP_PER_KG),
        "special_line_multiplier": _number(settings.special_line_multiplier),
        "carrier_caps": join_clauses(["", carriers]) if carriers else "",
        "where_to_file": _(WHERE_TO_FILE),
        "bands": bands_text(),
    }


def desk_keys(app: App[object], keymap: Mapping[str, str]) -> str:
    """The desk's keys: the app's, the desk's and the list's bindings, in the seller's keymap."""
    from claimdesk.ui.screens.main import MainScreen
    from claimdesk.ui.widgets.parcel_table import ParcelTable
    from claimdesk.ui.widgets.virtual_list import VirtualList

    def bindings(owner: type[DOMNode]) -> list[Binding]:
        return [binding for binding in owner.BINDINGS if isinstance(binding, Binding)]

    by_id = {b.id: b for b in bindings(type(app))}
    lines = [key_list([by_id["help"]], keymap)]
    lines.append(key_list([b for b in bindings(MainScreen) if b.id], keymap))
    lines.append(key_list([b for b in bindings(ParcelTable) if b.id], keymap))
    moves = " ".join(key_text(b.key) for b in bindings(VirtualList))
    lines.append(f"- `{moves}`  " + _("move in a list"))
    panes = [b for b in bindings(MainScreen) if not b.id]
    lines.append(f"- `{' / '.join(key_text(b.key) for b in panes)}`  " + _("next / previous pane: the list, the detail, the deadlines"))
    lines.append(
        f"- `{key_text(app.COMMAND_PALETTE_BINDING)}`  "
        + _("command palette: every action with its key, a parcel by number, themes, the language")
    )
    lines.append(key_list([by_id["quit"]], keymap))
    return "\n".join(lines)


def dialog_keys(keymap: Mapping[str, str]) -> str:
    """The keys every form dialog shares, and the wizard's steps: from their bindings."""
    from claimdesk.ui.screens.parcel_form import ParcelForm
    from claimdesk.ui.screens.wizard import ComplaintWizard

    seen: dict[str, Binding] = {}
    for owner in (ParcelForm, ComplaintWizard):
        for binding in owner.BINDINGS:
            if isinstance(binding, Binding) and binding.key not in seen:
                seen[binding.key] = binding
    return "\n".join(f"- `{key_text(b.key)}`  {_(b.description)}" for b in seen.values())


def help_text(app: App[object], settings: Settings, keymap: Mapping[str, str], language: str | None = None) -> str:
    return _template(language or get_language()).format_map(
        {**rule_numbers(settings), "desk_keys": desk_keys(app, keymap), "dialog_keys": dialog_keys(keymap)}
    )


class HelpScreen(ModalScreen[None]):
    BINDINGS = [
        Binding("escape,q,question_mark,f1", "dismiss(None)", N_("Close help")),
    ]

    def __init__(self, settings: Settings, keymap: Mapping[str, str] | None = None) -> None:
        super().__init__()
        localize_bindings(self)
        self.settings = settings
        self.keymap = dict(keymap or {})

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="dialog", classes="dialog help") as dialog:
            dialog.border_title = _("claimdesk help · esc to close")
            yield Markdown(help_text(self.app, self.settings, self.keymap))
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(VerticalScroll).focus()
