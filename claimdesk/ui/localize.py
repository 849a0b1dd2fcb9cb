"""The UI side of translation: key bindings in the active language.

Bindings are declared once per class with their English descriptions (marked with N_ for
extraction); each screen and widget re-creates its own bindings in the active language when
it is made, and the app does it again for itself when the language is switched.

Textual internal: both functions replace `DOMNode._bindings`. Textual 8.2.8 has no public way
to change a binding's description after the class is made (`App.set_keymap` changes only its
keys, by binding id); tests/ui/test_textual_internals.py shows the footer in Chinese and a
Confirm's ctrl+s as its button's word, and fails if that stops working.
"""

from __future__ import annotations

from dataclasses import replace

from textual.binding import BindingsMap
from textual.dom import DOMNode

from claimdesk.i18n import N_, _

# Descriptions of Textual's own bindings that show in the footer, and its command palette's
# system commands (Textual 8.2.8's wording): translated where they are shown.
TEXTUAL_BINDINGS = (N_("palette"), N_("Quit"), N_("Open the command palette"))
TEXTUAL_COMMANDS = (
    N_("Bell"),
    N_("Ring the bell"),
    N_("Theme"),
    N_("Change the current theme"),
    N_("Quit the application as soon as possible"),
    N_("Keys"),
    N_("Hide the keys and widget help panel"),
    N_("Show help for the focused widget and a summary of available keys"),
    N_("Minimize"),
    N_("Minimize the widget and restore to normal size"),
    N_("Maximize"),
    N_("Maximize the focused widget"),
    N_("Screenshot"),
    N_("Save an SVG 'screenshot' of the current screen"),
)


def localize_bindings(node: DOMNode) -> None:
    """Give `node` its bindings with descriptions and tooltips in the active language.

    The first call keeps the node's own (English) bindings, including any added when it was
    made (the app's command palette key); every call translates from those."""
    merged = getattr(node, "_claimdesk_source_bindings", None)
    if merged is None:
        merged = node._bindings.copy()
        node._claimdesk_source_bindings = merged  # type: ignore[attr-defined]
    keys = {
        key: [
            replace(
                binding,
                description=_(binding.description) if binding.description else binding.description,
                tooltip=_(binding.tooltip) if binding.tooltip else binding.tooltip,
            )
            for binding in bindings
        ]
        for key, bindings in merged.key_to_bindings.items()
    }
    node._bindings = BindingsMap.from_keys(keys)


def relabel(node: DOMNode, action: str, description: str) -> None:
    """Show `description` (already translated) for `action`'s key in the footer: a dialog's
    ctrl+s says what its button says ("Delete", "Discard"), not a generic "Confirm"."""
    keys = {
        key: [replace(binding, description=description) if binding.action == action else binding for binding in bindings]
        for key, bindings in node._bindings.key_to_bindings.items()
    }
    node._bindings = BindingsMap.from_keys(keys)
