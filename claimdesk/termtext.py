"""Text for a terminal: measured in cells (CJK and full-width characters take two), and made
safe to print (control characters from seller input shown, never obeyed).

One implementation for the CLI's tables and the app's columns (rich's cell widths, which
Textual uses to draw, so what is measured here is what is drawn).
"""

from __future__ import annotations

import unicodedata

from rich.cells import cell_len, set_cell_size

__all__ = ["cell_len", "fit", "one_line", "pad"]


def fit(text: str, width: int, right: bool = False) -> str:
    """`text` in exactly `width` terminal cells: cut with '…' when longer, padded when shorter.
    Control and formatting characters in it are shown escaped (`one_line`)."""
    text = one_line(text)
    if cell_len(text) > width:
        text = set_cell_size(text, max(0, width - 1)) + "…"
        text = set_cell_size(text, width)
    padding = " " * (width - cell_len(text))
    return padding + text if right else text + padding


def pad(text: str, width: int) -> str:
    """`text` padded with spaces to at least `width` cells (never cut); control and formatting
    characters in it shown escaped (`one_line`)."""
    text = one_line(text)
    return text + " " * max(0, width - cell_len(text))


def one_line(text: object) -> str:
    """Text safe to print as one terminal line: control characters (newlines, escape sequences)
    and invisible formatting ones (bidi overrides such as U+202E, zero-width characters) that
    came from the seller's input, or from a file written before they were refused, are shown
    escaped (`\\u202e`), never obeyed. Spaces of every width (an ideographic space) stay."""
    value = str(text)
    if value.isprintable():  # the common case, one C-level pass
        return value
    return "".join(
        ch if ch.isprintable() or unicodedata.category(ch) == "Zs" else ch.encode("unicode_escape").decode("ascii") for ch in value
    )
