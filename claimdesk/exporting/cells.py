"""Formula neutralisation (OWASP "CSV injection"): a cell that a spreadsheet would run as a
formula gets a leading apostrophe, which Excel shows as text and the import takes off again.

A formula starts with = + - @ (or a tab or carriage return, which some spreadsheets skip before
one), also in their full-width forms (＝ ＋ －, what a Chinese IME types and Excel accepts), and
also behind white space or invisible characters (zero-width space, joiners, the byte-order mark,
any format character) that a spreadsheet skips or a reader does not see.
"""

from __future__ import annotations

import unicodedata

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")
# Leading characters that hide what follows: spaces (ASCII, no-break, ideographic) and format
# characters (Unicode category Cf: zero-width space/joiners, word joiner, BOM, bidi marks).
_SPACES = " \u00a0\u3000"


def _hidden(char: str) -> bool:
    return char in _SPACES or unicodedata.category(char) == "Cf"


def neutralise(cell: str) -> str:
    """`cell` as written to a spreadsheet: with one more leading apostrophe when, after the
    apostrophes already there and anything hidden, it starts a formula. The import takes exactly
    one apostrophe off, so every value survives export then import: a value that starts with an
    apostrophe gets one more too."""
    if cell.startswith("'"):
        return "'" + cell
    rest = cell
    start = 0
    while start < len(rest) and _hidden(rest[start]):
        start += 1
    return "'" + cell if rest[start : start + 1] in FORMULA_STARTS and start < len(rest) else cell
