"""The one atomic file writer: the data file, its backups, CSV and calendar exports.

Temp file in the same folder, fsync, rename over the target, fsync the folder: a crash leaves
the old file or the new one, never half of one. Files are created 0600 (a seller's business
data). Any OS error (a full disk, a read-only folder) is a DataFileError (exit 4), and the
temp file is removed.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

from claimdesk.domain.errors import DataFileError
from claimdesk.i18n import _

FILE_MODE = 0o600

Piece = bytes | bytearray | memoryview
Payload = Piece | Sequence[Piece]


def temp_path(target: Path) -> Path:
    """Where a write to target is prepared: `.NAME.PID.tmp` in the same folder."""
    return target.with_name(f".{target.name}.{os.getpid()}.tmp")


def write_atomic(target: Path, payload: Payload, *, keep_open: bool = False) -> int | None:
    """Write payload to target atomically.

    The payload may be a sequence of pieces, written one after the other (no joined copy of a
    40 MB file). With keep_open, returns a descriptor of the file just written (the caller owns
    it); otherwise None.
    """
    tmp = temp_path(target)
    pieces = [payload] if isinstance(payload, (bytes, bytearray, memoryview)) else payload
    fd = -1
    try:
        fd = os.open(tmp, os.O_RDWR | os.O_CREAT | os.O_TRUNC, FILE_MODE)
        for piece in pieces:
            view = memoryview(piece)
            while view:
                view = view[os.write(fd, view) :]
        os.fsync(fd)
        os.replace(tmp, target)
    except OSError as error:
        if fd >= 0:
            os.close(fd)
        tmp.unlink(missing_ok=True)
        raise DataFileError(
            _("cannot write {path}: {error}; nothing was changed").format(path=target, error=error.strerror or error)
        ) from None
    except BaseException:
        if fd >= 0:
            os.close(fd)
        tmp.unlink(missing_ok=True)
        raise
    fsync_folder(target.parent)
    if keep_open:
        return fd
    os.close(fd)
    return None


def fsync_folder(folder: Path) -> None:
    """Make a rename in the folder durable."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
