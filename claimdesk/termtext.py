"""Text for a terminal: measured in cells (CJK and full-width characters take two), and made
safe to print (control characters from seller input shown, never obeyed).

One implementation for the CLI's tables and the app's columns (rich's cell widths, which
Textual uses to draw, so what is measured here is what is drawn).
"""

from __future__ import annotations

from rich.cells import cell_len, set_cell_size

__all__ = ["cell_len", "fit", "one_line", "pad"]


def fit(text: str, width: int, right: bool = False) -> str:
    """`text` in exactly `width` terminal cells: cut with '…' when longer, padded when shorter."""
    if cell_len(text) > width:
        text = set_cell_size(text, max(0, width - 1)) + "…"
        text = set_cell_size(text, width)
    padding = " " * (width - cell_len(text))
    return padding + text if right else text + padding


def pad(text: str, width: int) -> str:
    """`text` padded with spaces to at least `width` cells (never cut)."""
    return text + " " * max(0, width - cell_len(text))


def one_line(text: object) -> str:
    """Text safe to print as one terminal line: control characters (newlines, escape sequences,
    bidi overrides) that came from the seller's input are shown escaped, never obeyed."""
    return "".join(
        ch if ch.isprintable() or ch == " " else ch.encode("unicode_escape").decode("ascii") for ch in str(text)
    )
