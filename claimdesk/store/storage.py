"""The one place that touches the data file: a TinyDB Storage that is safe to trust with money.

- Atomic writes: serialise with orjson to a temp file in the same folder, fsync it, os.replace
  it over the data file, fsync the folder. A crash leaves the old file or the new one, never half.
- A cross-process lock (filelock) around every read-modify-write, so two running copies never
  lose each other's work. The repository holds it for a whole use case (see `locked`).
- The parsed data stays in memory and is re-read only when the file changed on disk (inode,
  size and mtime of the open file), so a read is a stat, not a parse.
- Anything that is not valid claimdesk data raises DataFileError and is never overwritten.
- Files are created 0600: complaint records are a seller's business data.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any

import orjson
from filelock import FileLock, Timeout
from tinydb.storages import Storage

from claimdesk.store import schema
from claimdesk.store.errors import DataFileError

FILE_MODE = 0o600
LOCK_TIMEOUT_SECONDS = 15.0

Signature = tuple[int, int, int]


def _signature(stat: os.stat_result) -> Signature:
    return (stat.st_ino, stat.st_size, stat.st_mtime_ns)


class SafeJSONStorage(Storage):
    def __init__(self, path: str | os.PathLike[str], lock_timeout: float = LOCK_TIMEOUT_SECONDS) -> None:
        self.path = Path(path)
        self._lock = FileLock(
            str(self.path) + ".lock", timeout=lock_timeout, mode=FILE_MODE, thread_local=False
        )
        self._data: dict[str, Any] | None = None
        self._signature: Signature | None = None
        # Bumped whenever the data in memory changes (our write or another process's):
        # the repository rebuilds its indexes and TinyDB's table caches when it moves.
        self.generation = 0

    # ------------------------------------------------------------------ locking

    @contextmanager
    def locked(self) -> Iterator[None]:
        """Hold the cross-process lock (re-entrant) for a read-check-write sequence."""
        self.path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        try:
            self._lock.acquire()
        except Timeout:
            raise DataFileError(
                f"{self.path} is locked by another claimdesk (waited {self._lock.timeout:.0f} s): "
                "close the other copy or try again"
            ) from None
        except OSError as error:
            raise DataFileError(f"cannot lock {self.path}: {error.strerror or error}") from None
        try:
            yield
        finally:
            self._lock.release()

    # ------------------------------------------------------------------ reading

    def read(self) -> dict[str, Any] | None:
        """The file's data (cached while the file is unchanged); None when there is no file yet."""
        try:
            fd = os.open(self.path, os.O_RDONLY)
        except FileNotFoundError:
            if self._data is not None and self._signature is not None:
                raise DataFileError(f"{self.path} disappeared while claimdesk was using it") from None
            return None
        except IsADirectoryError:
            raise DataFileError(f"{self.path} is a directory, not a claimdesk data file") from None
        except OSError as error:
            raise DataFileError(f"cannot open {self.path}: {error.strerror or error}") from None
        try:
            stat = os.fstat(fd)
            if _signature(stat) == self._signature and self._data is not None:
                return self._data
            with os.fdopen(fd, "rb", closefd=False) as handle:
                try:
                    raw = handle.read()
                except IsADirectoryError:
                    raise DataFileError(f"{self.path} is a directory, not a claimdesk data file") from None
                except OSError as error:
                    raise DataFileError(f"cannot read {self.path}: {error.strerror or error}") from None
        finally:
            os.close(fd)
        data = self._parse(raw)
        version = schema.schema_version(data, str(self.path))
        if version < schema.SCHEMA_VERSION:
            data = self._migrate(data, version, raw)
            stat = os.stat(self.path)
        self._data, self._signature = data, _signature(stat)
        self.generation += 1
        return data

    def _parse(self, raw: bytes) -> Any:
        if not raw.strip():
            raise DataFileError(f"{self.path} is empty: not a claimdesk data file (left untouched)")
        try:
            return orjson.loads(raw)
        except orjson.JSONDecodeError as error:
            raise DataFileError(
                f"{self.path} is damaged: not valid JSON ({error.msg} at byte {error.pos}); "
                "left untouched: restore a backup or move it away"
            ) from None

    def _migrate(self, data: dict[str, Any], version: int, raw: bytes) -> dict[str, Any]:
        """Upgrade an older schema: a dated backup copy first, then the migrated file."""
        with self.locked():
            stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
            backup = self.path.with_name(f"{self.path.name}.schema{version}-{stamp}.bak")
            self._write_bytes(backup, raw)
            migrated = schema.migrate(data, version)
            self._write_bytes(self.path, orjson.dumps(migrated))
        return migrated

    # ------------------------------------------------------------------ writing

    def write(self, data: dict[str, Any]) -> None:
        with self.locked():
            if self.path.exists() and self._on_disk_signature() != self._signature:
                # The data we were given was built on a file that has changed since: writing it
                # would lose another process's work. The repository re-reads under the lock, so
                # reaching this means a bug, and refusing is the safe answer.
                raise DataFileError(f"{self.path} changed on disk during a write; nothing was written")
            if schema.META not in data:
                data = {**schema.new_data(), **data}
            try:
                self._write_bytes(self.path, orjson.dumps(data))
            except BaseException:
                # TinyDB changed the cached data in place before calling us: forget it, so the
                # next read comes from the file, which still holds the last good state.
                self._data, self._signature = None, None
                self.generation += 1
                raise
            self._data, self._signature = data, self._on_disk_signature()
            self.generation += 1

    def _on_disk_signature(self) -> Signature | None:
        try:
            return _signature(os.stat(self.path))
        except FileNotFoundError:
            return None

    def _write_bytes(self, target: Path, payload: bytes) -> None:
        tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
        try:
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, FILE_MODE)
            try:
                view = memoryview(payload)
                while view:
                    view = view[os.write(fd, view) :]
                os.fsync(fd)
            finally:
                os.close(fd)
            os.replace(tmp, target)
        except OSError as error:
            tmp.unlink(missing_ok=True)
            raise DataFileError(f"cannot write {target}: {error.strerror or error}; nothing was changed") from None
        self._fsync_dir(target.parent)

    @staticmethod
    def _fsync_dir(folder: Path) -> None:
        """Make the rename itself durable."""
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

    def backup(self, target: Path) -> None:
        """A consistent copy of the file (taken under the lock), created 0600."""
        with self.locked():
            with open(self.path, "rb") as source:
                self._write_bytes(target, source.read())

    def close(self) -> None:
        pass

