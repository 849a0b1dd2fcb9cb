"""The desk's keys as the seller sees them: the footer's order and the help's key list, both
from the bindings themselves (and the seller's keymap), never from a second hand-written copy.

The footer shows the keys of the focused widget, then its screen, then the app, in the order
they were declared; at 80 columns that cut `? Help` and `q Quit` off. `by_use` reorders them:
help first, then the keys a seller presses most in a day.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from textual.binding import ActiveBinding, Binding

from claimdesk.i18n import _

# Binding ids, most used first: what the footer shows first (help always; quit while a new
# seller still looks for it, before the keys of a weekly task).
FOOTER_ORDER = (
    "help",
    "add",
    "complaint",
    "record",
    "filter",
    "edit",
    "calculator",
    "quit",
    "import",
    "dashboard",
    "settings",
    "sort",
)

# How a key is written for the seller: Textual's names for the few that are not what is printed on
# the key.
KEY_NAMES = {
    "question_mark": "?",
    "slash": "/",
    "escape": "esc",
    "pageup": "PgUp",
    "pagedown": "PgDn",
    "home": "Home",
    "end": "End",
    "up": "↑",
    "down": "↓",
}


def key_text(keys: str) -> str:
    """'question_mark,f1' -> '? / f1'."""
    return " / ".join(KEY_NAMES.get(key.strip(), key.strip()) for key in keys.split(","))


def by_use(active: Mapping[str, ActiveBinding]) -> dict[str, ActiveBinding]:
    """`active` (as Screen.active_bindings gives it) with the bindings in FOOTER_ORDER first, in
    that order; the others after them, as they were (sorted() is stable)."""
    rank = {binding_id: index for index, binding_id in enumerate(FOOTER_ORDER)}
    return dict(sorted(active.items(), key=lambda item: rank.get(item[1].binding.id or "", len(rank))))


def key_list(bindings: Sequence[Binding], keymap: Mapping[str, str]) -> str:
    """A Markdown list, one line per binding: its keys (the seller's keymap first) and what it
    does (its tooltip, or its description), in the active language. A list, not a table: at 80
    columns a table squeezed the key column to one character in Chinese."""
    lines = []
    for binding in bindings:
        keys = keymap.get(binding.id, binding.key) if binding.id else binding.key
        text = binding.tooltip or binding.description
        lines.append(f"- `{key_text(keys)}`  {_(text)}")
    return "\n".join(lines)
