"""Colours from the theme, for text drawn with Rich (Text, Table) rather than styled by CSS.

A screen or widget that mixes in Tones gets component classes (`tone--error`, ...) styled in
claimdesk.tcss with the theme's variables ($error, $warning, $success, $accent, $text-muted),
so every theme, dark or light, colours the figures; no colour name is written in Python.
"""

from __future__ import annotations

from rich.style import Style
from textual.widget import Widget

TONES = ("error", "warning", "success", "accent", "muted", "strong", "alert")


class Tones(Widget):
    COMPONENT_CLASSES = {f"tone--{name}" for name in TONES}

    def tone(self, name: str) -> Style:
        """The Rich style of a tone in the current theme ('error', 'warning', 'success'...)."""
        return self.get_component_rich_style(f"tone--{name}", partial=True)
