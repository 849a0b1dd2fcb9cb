"""Pausing the cyclic garbage collector while 100,000s of long-lived objects are built."""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_lock = threading.Lock()
_pauses = 0
_was_enabled = False


@contextmanager
def gc_paused() -> Iterator[None]:
    """No cyclic garbage collection while a bulk load builds many long-lived objects.

    Each full collection walks every live object (~150 ms at 100k parcels) and the growing heap
    triggers several during a load: about half a second of a 100k start-up. Nothing collectable
    is made in these loads (records, rows, deadlines hold no cycles); reference counting still
    frees as usual. Nested and concurrent pauses are counted; collection resumes when the last
    one ends.
    """
    global _pauses, _was_enabled
    with _lock:
        if _pauses == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
        _pauses += 1
    try:
        yield
    finally:
        with _lock:
            _pauses -= 1
            if _pauses == 0 and _was_enabled:
                gc.enable()


# Records: a load at least this large is kept out of the collector's scans once made (Desk.open).
LASTING_FROM = 20_000


def keep_out_of_collections() -> None:
    """Leave every object alive now out of the cyclic collector's scans (gc.freeze).

    Once a large load that lasts is made: otherwise the first collections after it walk those
    100,000s of objects again (~0.1 s for a young generation, ~0.5 s for a full one at 100k
    parcels, in the middle of drawing the first screen). Frozen objects are still freed by
    reference counting when dropped; only a reference cycle that is garbage already would stay
    until back_into_collections (the loads make none).
    """
    gc.freeze()


def back_into_collections() -> None:
    """Undo keep_out_of_collections: the frozen objects are scanned (and collectable) again."""
    gc.unfreeze()
