"""Keep double-width (CJK) characters whole where another widget's edge lies under them.

Textual's compositor cuts every screen line at every widget's left and right edge, and
divides each widget's line at all the cuts inside it. A double-width character that straddles
a cut is split, and Rich replaces both halves with spaces. That is harmless between two
widgets side by side (a widget's own text never crosses its edge), but an overlay drawn on top
of them - a notification, a dialog, a dropdown - has the edges of the widgets *under* it
inside its lines: the Chinese start-up summary showed 已  期 instead of 已逾期 where the
countdown panel's edge lay under the toast (Textual issue #6357, open in 8.2.8).

The fix here divides a widget's line only where the next piece of the line belongs to another
widget (one painted on top of it), and gives the cuts inside a whole piece an empty strip so
no widget underneath claims them. A partial update then needs the real end of each piece,
not the next cut. Installed for the Textual version claimdesk pins; tests/ui/test_wide_chars.py
renders every translated string over a layout with edges at every column and fails if a
character goes missing, so a Textual upgrade that changes the compositor is noticed.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

import textual
from textual._compositor import ChopsUpdate, Compositor
from textual.geometry import Region
from textual.strip import Strip

PATCHED_FOR = "8.2.8"
_EMPTY = Strip([], 0)


def _render_chops(self: Compositor, crop: Region, is_rendered_line: Callable[[int], bool]) -> Sequence[Mapping[int, Strip | None]]:
    """Compositor._render_chops, dividing a widget's line only where ownership changes."""
    cuts = self.cuts
    chops: list[dict[int, Strip | None]] = [dict.fromkeys(cut_set[:-1]) for cut_set in cuts]
    for region, clip, strips in self._get_renders(crop):
        render_region = region.intersection(clip)
        render_x = render_region.x
        first_cut, last_cut = render_region.column_span
        for y, strip in zip(render_region.line_range, strips, strict=False):
            if not is_rendered_line(y):
                continue
            line = chops[y]
            starts = [cut for cut in cuts[y] if first_cut <= cut < last_cut]
            if not starts:
                continue
            # Runs of consecutive pieces that are all free (or all taken by a widget in front).
            runs: list[tuple[bool, list[int]]] = []
            for cut in starts:
                free = line.get(cut) is None
                if runs and runs[-1][0] == free:
                    runs[-1][1].append(cut)
                else:
                    runs.append((free, [cut]))
            ends = [run[1][0] - render_x for run in runs[1:]] + [last_cut - render_x]
            for (free, run_cuts), piece in zip(runs, strip.divide(ends), strict=False):
                if not free:
                    continue
                line[run_cuts[0]] = piece
                for inner in run_cuts[1:]:
                    line[inner] = _EMPTY  # covered by the piece before it
    return chops


_original_partial_update = Compositor.render_partial_update


def _render_partial_update(self: Compositor) -> ChopsUpdate | None:
    """Compositor.render_partial_update, with each piece's real end (a piece may span cuts)."""
    update = _original_partial_update(self)
    if update is None:
        return None
    for line, ends in zip(update.chops, update.chop_ends, strict=False):
        for index, (x, strip) in enumerate(line.items()):
            if strip is not None and index < len(ends):
                ends[index] = x + strip.cell_length
    return update


def install() -> bool:
    """Patch the compositor of the pinned Textual; True when it was patched."""
    if textual.__version__ != PATCHED_FOR:
        return False
    Compositor._render_chops = _render_chops  # type: ignore[method-assign,assignment]
    Compositor.render_partial_update = _render_partial_update  # type: ignore[method-assign]
    return True
