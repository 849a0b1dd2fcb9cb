"""The desk's keys as the seller sees them: the footer's order and the help's key list, both
from the bindings themselves (and the seller's keymap), never from a second hand-written copy.

The footer shows the keys of the focused widget, then its screen, then the app, in the order
they were declared; at 80 columns that cut `? Help` and `q Quit` off. `by_use` reorders them:
help first, then the keys a seller presses most in a day.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace

from textual.binding import ActiveBinding, Binding

from claimdesk.i18n import _
from claimdesk.termtext import cell_len

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


# Columns a footer key takes besides its key and description (Textual's Footer CSS): compact, the
# space between them and the margin after; otherwise a space each side of the key and after the
# description. The command palette's key sits at the right, behind a one-column border.
_KEY_EXTRA = {True: 2, False: 3}
_PALETTE_EXTRA = {True: 2, False: 4}


def fit_footer(
    active: Mapping[str, ActiveBinding],
    width: int,
    *,
    compact: bool,
    key_display: Callable[[Binding], str],
    palette_key: str | None = None,
) -> dict[str, ActiveBinding]:
    """`active` with the footer keys that would not fit in `width` columns hidden (show=False):
    the first that does not fit and every one after it, so the footer never ends in a cut word
    ("i Imp" at 80 columns). Hidden keys still work, and the help (`?`) lists them all.
    `palette_key`: the command palette's key, which the footer shows at its right."""
    if width <= 0:  # not laid out yet
        return dict(active)
    room = width
    palette = active.get(palette_key) if palette_key else None
    if palette is not None:
        room -= cell_len(key_display(palette.binding)) + cell_len(palette.binding.description) + _PALETTE_EXTRA[compact]
    fitted: dict[str, ActiveBinding] = {}
    actions: set[str] = set()
    full = False
    for key, each in active.items():
        binding = each.binding
        if binding.show and key != palette_key and binding.action not in actions:
            actions.add(binding.action)  # the footer shows one key per action
            needed = cell_len(key_display(binding)) + cell_len(binding.description) + _KEY_EXTRA[compact]
            full = full or needed > room
            room -= needed
            if full:
                fitted[key] = each._replace(binding=replace(binding, show=False))
                continue
        fitted[key] = each
    return fitted


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
