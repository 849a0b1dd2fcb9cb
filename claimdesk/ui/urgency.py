"""Each urgency band's sign: urgency that reads without colour (NO_COLOR, a monochrome terminal,
colour blindness). The colours go from calm to alarming with the band; the sign says the same
thing in characters, so the list, the detail and the countdown never rely on colour alone."""

from __future__ import annotations

from claimdesk.domain.deadlines import Urgency
from claimdesk.i18n import N_, _
from claimdesk.ui.formatting import join_clauses

# The sign written before a remaining time: two cells in every band, so the times align and an
# 80-column list keeps its columns. Overdue shares `!!` with the last 24 hours; its time is
# negative ('-0d 02:00:00') and the countdown says OVERDUE in words.
SIGNS: dict[Urgency, str] = {
    Urgency.OVERDUE: "!!",
    Urgency.URGENT: "!!",
    Urgency.SOON: "! ",
    Urgency.OK: "  ",
    Urgency.PENDING: "⏳",
}
SIGN_WIDTH = 2

BAND_NAMES: dict[Urgency, str] = {  # translated where shown
    Urgency.OK: N_("more than 3 days"),
    Urgency.SOON: N_("within 3 days"),
    Urgency.URGENT: N_("within 24 hours"),
    Urgency.OVERDUE: N_("overdue (the time is negative)"),
    Urgency.PENDING: N_("a window that has not opened yet"),
}


def sign(level: Urgency) -> str:
    """Two cells: '!!', '! ', '  ', '⏳' (a band added later without a sign: blank)."""
    return SIGNS.get(level, " " * SIGN_WIDTH)


def bands_text() -> str:
    """'more than 3 days (no sign), `!` within 3 days, ...' for the help."""
    parts = []
    for level in (Urgency.OK, Urgency.SOON, Urgency.URGENT, Urgency.OVERDUE, Urgency.PENDING):  # calm to alarming
        mark = SIGNS[level].strip()
        name = _(BAND_NAMES[level])
        parts.append(f"`{mark}` {name}" if mark else _("{band} (no sign)").format(band=name))
    return join_clauses(parts)
