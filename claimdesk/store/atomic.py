"""The one atomic file writer: the data file, its backups, CSV and calendar exports.

Temp file in the same folder, fsync, rename over the target, fsync the folder: a crash leaves
the old file or the new one, never half of one. Files are created 0600 (a seller's business
data). Any OS error (a full disk, a read-only folder) is a DataFileError (exit 4), and the
temp file is removed.

The folder may be shared (a sticky /tmp, a team folder): the temp file has an unpredictable
name and is created exclusively without following links (`tempfile.mkstemp`), so a file or
symlink another user placed there beforehand is never written into, appended to or truncated.
"""

from __future__ import annotations

import os
import stat
import tempfile
from collections.abc import Iterable
from pathlib import Path

from claimdesk.domain.errors import DataFileError
from claimdesk.i18n import _

FILE_MODE = 0o600

Piece = bytes | bytearray | memoryview
Payload = Piece | Iterable[Piece]  # pieces may come from a generator: an export streamed to the temp file


def temp_prefix(target: Path) -> str:
    """Temp files for target are `.NAME.<random>.tmp` in its folder (a sweep finds a dead writer's)."""
    return f".{target.name}."


TEMP_SUFFIX = ".tmp"


def write_atomic(target: Path, payload: Payload, *, keep_open: bool = False, durable: bool = True, keep_mode: bool = False) -> int | None:
    """Write payload to target atomically.

    The payload may be a sequence of pieces, written one after the other (no joined copy of a
    40 MB file). With keep_open, returns a descriptor of the file just written (the caller owns
    it); otherwise None. `durable=False` skips the fsyncs, for a file whose loss costs nothing
    (the validation stamp): still never half written, never through a link. With keep_mode, a
    regular file replaced keeps its permission bits (an export the seller made readable, say a
    calendar served to a phone, stays readable); a new file is 0600.
    """
    mode = _existing_mode(target) if keep_mode else None
    pieces = [payload] if isinstance(payload, (bytes, bytearray, memoryview)) else payload
    fd = -1
    tmp: Path | None = None
    try:
        # O_CREAT | O_EXCL | O_NOFOLLOW, mode 0600, a random name: nothing placed beforehand is used.
        fd, name = tempfile.mkstemp(prefix=temp_prefix(target), suffix=TEMP_SUFFIX, dir=target.parent)
        tmp = Path(name)
        if mode is not None:
            os.fchmod(fd, mode)
        for piece in pieces:
            view = memoryview(piece)
            while view:
                view = view[os.write(fd, view) :]
        if durable:
            os.fsync(fd)
        os.replace(tmp, target)  # replaces whatever entry the target is (a link itself, not what it names)
    except OSError as error:
        if fd >= 0:
            os.close(fd)
        if tmp is not None:
            tmp.unlink(missing_ok=True)
        raise DataFileError(
            _("cannot write {path}: {error}; nothing was changed").format(path=target, error=error.strerror or error)
        ) from None
    except BaseException:
        if fd >= 0:
            os.close(fd)
        if tmp is not None:
            tmp.unlink(missing_ok=True)
        raise
    if durable:
        fsync_folder(target.parent)
    if keep_open:
        return fd
    os.close(fd)
    return None


def _existing_mode(target: Path) -> int | None:
    """The permission bits of the regular file at target (not through a link), or None."""
    try:
        info = os.stat(target, follow_symlinks=False)
    except OSError:
        return None
    return stat.S_IMODE(info.st_mode) if stat.S_ISREG(info.st_mode) else None


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
