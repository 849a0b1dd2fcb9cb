"""The one place that touches the data file: a TinyDB Storage that is safe to trust with money.

- Atomic writes: serialise with orjson to a temp file in the same folder, fsync it, os.replace
  it over the data file, fsync the folder. A crash leaves the old file or the new one, never half.
- A cross-process lock (filelock) around every read-modify-write, so two running copies never
  lose each other's work. The repository holds it for a whole use case (see `locked`).
- The parsed data stays in memory and is re-read only when the file changed on disk (inode,
  size and mtime of the open file), so a read is a stat, not a parse. The cached file is kept
  open so its inode number cannot be handed to a newer file while we compare against it.
- An older schema is migrated under the lock, after a dated 0600 backup copy of the file.
- A file that begins with a UTF-8 byte-order mark (Windows Notepad saves one) is read past it;
  reading writes nothing, and the next write leaves the mark out after the same kind of dated
  backup of the file as it was (`NAME.bom-STAMP.bak`).
- Writing re-serialises only the tables that changed: each table's orjson text is kept with
  the table it was made from, and a table is marked changed (`touch`) before TinyDB updates
  it. The file's bytes are exactly orjson.dumps(data); at 100k parcels filing a complaint no
  longer re-encodes the 38 MB parcels table.
- A file laid out as claimdesk writes it (from LAZY_MIN_BYTES up) is read a few MB at a time
  and its parcels table kept as each record's text, parsed on access (lazy_table.py): at
  1,000,000 parcels ~0.8 GB instead of 2.3 GB, and a record is parsed only when read.
  The texts are proved (parsed in pieces, each exactly orjson's text of itself) unless the
  validation stamp says `split`: these very bytes were proved so before. Anything unexpected
  reads the file whole, as before.
- Anything that is not valid claimdesk data raises DataFileError and is never overwritten.
- Files are created 0600: complaint records are a seller's business data.
"""

from __future__ import annotations

import hashlib
import io
import os
import re
import stat as stat_module
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from datetime import datetime
from pathlib import Path
from typing import Any

import orjson
from filelock import FileLock, Timeout
from tinydb.storages import Storage

from claimdesk.domain.errors import DataFileError
from claimdesk.i18n import _
from claimdesk.store import schema
from claimdesk.store.atomic import FILE_MODE, Payload, Piece, temp_prefix, write_atomic
from claimdesk.store.lazy_table import BOUNDARY, LazyTable, split_parcels
from claimdesk.store.yearly import is_year_file_name

LOCK_TIMEOUT_SECONDS = 15.0

Signature = tuple[int, int, int]
# A table's orjson text as a byte range (start, end) of the file held open.
Span = tuple[int, int]
# Tables at least this big are kept as a Span rather than as bytes in memory.
SPAN_MIN_BYTES = 1 << 20

# The UTF-8 byte-order mark an editor may put before the JSON (orjson refuses it).
UTF8_BOM = b"\xef\xbb\xbf"

# Windows cannot replace a file that is open, so the held-inode trick is POSIX only.
_HOLD_OPEN_FILE = os.name == "posix"


def _signature(stat: os.stat_result) -> Signature:
    return (stat.st_ino, stat.st_size, stat.st_mtime_ns)


def resolved(path: str | os.PathLike[str]) -> Path:
    """The file a path really names: absolute, `..` and every symlink (file or folder) resolved.

    A missing file resolves as far as it exists, so a dangling link names the file it will create.
    """
    return Path(os.path.realpath(os.path.abspath(os.fspath(path))))


def _own_name(name: str, data_name: str) -> str | None:
    """Which of the data file's own names `name` is (see SafeJSONStorage.own_file)."""
    if name == data_name:
        return "data"
    if name == data_name + ".lock":
        return "lock"
    if re.fullmatch(re.escape(data_name) + r"\.(schema[0-9]+|bom)-.*\.bak", name, re.DOTALL):
        return "backup"
    if re.fullmatch(r"\." + re.escape(data_name) + r"\..*\.tmp", name, re.DOTALL):
        return "temp"
    if name == f".{data_name}.checked":
        return "stamp"
    if name == f".{data_name}.clocks":
        return "cache"
    if is_year_file_name(name, data_name):
        return "archive"
    return None


def _special_kind(mode: int) -> str:
    """What a file that is not a regular one is, in words."""
    if stat_module.S_ISLNK(mode):
        return _("a symbolic link")
    if stat_module.S_ISDIR(mode):
        return _("a directory")
    if stat_module.S_ISFIFO(mode):
        return _("a FIFO (named pipe)")
    if stat_module.S_ISSOCK(mode):
        return _("a socket")
    if stat_module.S_ISCHR(mode) or stat_module.S_ISBLK(mode):
        return _("a device")
    return _("a special file, not a regular one")


_HEADER = re.compile(rb'^\s*\{.*"app"\s*:\s*"claimdesk"', re.DOTALL)


def _has_header(raw: bytes | bytearray) -> bool:
    """The bytes begin as a claimdesk data file does (`{"meta":{"1":{"app":"claimdesk",...`,
    spaces allowed): a file that does is ours even when damaged further on."""
    return _HEADER.match(bytes(raw[:1024])) is not None


# Files at least this big have their parcels table parsed a few MB at a time.
CHUNKED_MIN_BYTES = 8 << 20
# Files at least this big keep their parcel records as texts, parsed on access (lazy_table.py).
LAZY_MIN_BYTES = 1 << 20
CHUNK_BYTES = 1 << 20
_PARCELS_KEY = b',"parcels":{"'
_BOUNDARY = BOUNDARY  # `},"ID":{`: one record's end and the next one's start


def parse_in_chunks(raw: bytes | bytearray) -> dict[str, Any] | None:
    """orjson.loads(raw), with the parcels table parsed in pieces of a few MB: the same data
    without the parse tree of the whole file in memory at once (about 90 MB at 100,000 parcels,
    which set the app's peak memory). None when the file is not laid out the way claimdesk
    writes it: the caller then parses it whole (and reports any JSON error).

    orjson writes a parcel record as a flat object, and a `"` inside a string escaped, so in the
    parcels table `}},"` can only be where the last record and the table end, and `},"ID":{`
    only where one record ends and the next begins. The table is cut there into pieces of
    whole records; every piece must parse as an object by itself, and the rest of the file,
    with the table emptied, must parse and name "parcels" once. Any doubt: None.
    """
    found = raw.find(_PARCELS_KEY, 0, 1 << 16)
    if found < 0:
        return None
    table = found + len(_PARCELS_KEY) - 2  # the table's opening brace
    last = raw.find(b'}},"', table)  # the last record's closing brace
    if last < 0:
        if raw[-3:] != b"}}}":  # the parcels may be the file's last table
            return None
        last = len(raw) - 3
    parcels: dict[str, Any] = {}
    begin = table + 1
    try:
        while begin <= last:
            cut = _BOUNDARY.search(raw, min(begin + CHUNK_BYTES, last + 1), last + 1)
            end = cut.start() if cut is not None else last  # the closing brace of the piece's last record
            piece = orjson.loads(b"{" + bytes(raw[begin : end + 1]) + b"}")
            if type(piece) is not dict:
                return None
            parcels.update(piece)
            begin = end + 2  # past the comma: the next record's key
        rest_bytes = bytes(raw[: table + 1]) + bytes(raw[last + 1 :])  # the table as `{}`
        if rest_bytes.count(b'"parcels":') != 1:
            return None
        rest = orjson.loads(rest_bytes)
    except orjson.JSONDecodeError:
        return None
    if type(rest) is not dict or rest.get(schema.PARCELS) != {}:
        return None
    rest[schema.PARCELS] = parcels
    return rest


def read_range(fd: int, start: int, end: int) -> bytes | None:
    """Bytes start..end of an open file (pread: the descriptor's offset is left alone); None
    when the file is shorter or cannot be read."""
    try:
        chunks = []
        while start < end:
            chunk = os.pread(fd, end - start, start)
            if not chunk:
                return None
            chunks.append(chunk)
            start += len(chunk)
    except OSError:
        return None
    return chunks[0] if len(chunks) == 1 else b"".join(chunks)


def _layout_of(data: dict[str, Any], raw: bytes | bytearray) -> dict[str, tuple[Any, Span, bytes | None]] | None:
    """Where each table's text lies in the raw bytes just parsed, when the file is in the form
    claimdesk writes (orjson.dumps of the data), else None.

    Every table but the parcels is encoded (they are small) and must match the raw bytes
    before and after the parcels' text exactly; the parcels' text is then what lies between,
    and needs no encoding. Costs a few milliseconds at 100,000 parcels, and saves the first
    write there from encoding the 38 MB parcels table again.
    """
    if schema.PARCELS not in data or not all(type(name) is str for name in data):
        return None
    texts: dict[str, bytes] = {}
    head, tail = [b"{"], []
    for index, (name, table) in enumerate(data.items()):
        key = (b"," if index else b"") + orjson.dumps(name) + b":"
        if name == schema.PARCELS:
            head.append(key)
            tail = [b""]  # from here on, what follows the parcels
            continue
        try:
            texts[name] = orjson.dumps(table)
        except orjson.JSONEncodeError:
            return None
        (tail if tail else head).extend((key, texts[name]))
    tail.append(b"}")
    before, after = b"".join(head), b"".join(tail)
    view = memoryview(raw)
    if len(raw) < len(before) + len(after) + 2 or view[: len(before)] != before or view[len(raw) - len(after) :] != after:
        return None
    layout: dict[str, tuple[Any, Span, bytes | None]] = {}
    offset = 1
    for index, (name, table) in enumerate(data.items()):
        offset += (1 if index else 0) + len(orjson.dumps(name)) + 1
        if name == schema.PARCELS:
            end = len(raw) - len(after)  # the parcels' text ends where what follows begins
            layout[name] = (table, (offset, end), None)
        else:
            end = offset + len(texts[name])
            layout[name] = (table, (offset, end), texts[name])
        offset = end
    return layout


def _plain(value: Any) -> Any:
    """orjson's `default`: a LazyTable is encoded as the dict of its records."""
    if isinstance(value, LazyTable):
        return dict(value.items())
    raise TypeError(type(value).__name__)


def _encoded(table: Any) -> list[Piece]:
    """orjson.dumps(table), in pieces: a LazyTable's unparsed records copied as their texts."""
    if isinstance(table, LazyTable):
        return list(table.encoded())
    return [orjson.dumps(table)]


class SafeJSONStorage(Storage):
    def __init__(self, path: str | os.PathLike[str], lock_timeout: float | None = None) -> None:
        self.path = Path(path)  # as the seller named it: used in messages
        self.read_only = False  # a yearly archive file read with the others: write() refuses
        # The real file (symlinks resolved): locked, read, replaced and backed up. Two copies that
        # reach it through different paths (a link and its target) share one lock, and a write
        # replaces the target, so the link stays a link.
        self.real = resolved(self.path)
        self._lock = FileLock(
            str(self.lock_path),
            timeout=LOCK_TIMEOUT_SECONDS if lock_timeout is None else lock_timeout,
            mode=FILE_MODE,
            thread_local=False,
        )
        self._data: dict[str, Any] | None = None
        self._signature: Signature | None = None
        # The cached data's file stays open (POSIX): while we hold its inode, no file written
        # later can be given the same inode number, so "same inode, size and mtime" really
        # means "same file" even where mtime has coarse (jiffy) resolution.
        self._held_fd: int | None = None
        self._swept = False  # leftover temp files of killed writers removed yet?
        # Bumped whenever the data in memory changes (our write or another process's):
        # the repository rebuilds its indexes and TinyDB's table caches when it moves.
        self.generation = 0
        # Table name -> (the table dict, its orjson text), valid while that table is unchanged:
        # the text itself for a small table, or where it lies in the file we hold open (a Span)
        # for a big one, read back with pread when the next write needs it (no 40 MB kept).
        self._encoded: dict[str, tuple[Any, bytes | Span]] = {}
        # Table name -> members added at its end since (`"key":record`), written after its text.
        self._appends: dict[str, list[bytes]] = {}
        # Inside `deferred()`: how deep, and the data written there but not yet on disk.
        self._deferring = 0
        self._pending: dict[str, Any] | None = None
        self._unit_failed = False  # a step of the current unit of work failed half way
        self._unit_touched = False  # a table in memory was changed in the current unit of work
        self._unit_vouched = True  # every write of the current unit of work was vouched for
        # sha256 of the bytes of the data in memory (as read, or as written), and the key of the
        # validator's rules: with both, a stamp says "these exact bytes were validated".
        self.digest: str | None = None
        self.stamp_key: str | None = None
        # Called under the lock after each write, with the digest of the bytes it replaced and
        # whether the writer vouched for it: the repository keeps the clock cache in step.
        self.after_write: Callable[[str | None, bool], None] | None = None
        # Where each table's text lies in the file of `digest` (empty when not laid out as
        # claimdesk writes it): the clock cache reads single records there (store/file_records.py).
        self.spans: dict[str, Span] = {}
        # (inode, size, mtime, ctime) of the file `snapshot` last hashed, and its sha256.
        self._snapshot_seen: tuple[tuple[int, int, int, int], str] | None = None
        # The file in memory began with a byte-order mark: the next write backs it up first.
        self._bom = False
        # Read the parcels table as record texts, parsed on access (store/lazy_table.py), when
        # the file is laid out for it (False: always parsed whole, as before; for comparisons).
        self.lazy = True
        # Makes the validator's piece-by-piece check (validation.PieceCheck), fed the pieces
        # parsed while proving a lazily read file's texts (the repository sets it).
        self.piece_check: Callable[[], Any] | None = None

    # ------------------------------------------------------------------ locking

    @contextmanager
    def locked(self) -> Iterator[None]:
        """Hold the cross-process lock (re-entrant) for a read-check-write sequence."""
        try:
            self.real.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        except OSError as error:
            raise DataFileError(
                _("cannot create the folder of {path}: {error}").format(path=self.path, error=error.strerror or error)
            ) from None
        if not self._lock.is_locked:
            self._refuse_odd_lock()
        try:
            self._lock.acquire()
        except Timeout:
            raise DataFileError(
                _("{path} is locked by another claimdesk (waited {seconds} s): close the other copy or try again").format(
                    path=self.path, seconds=f"{self._lock.timeout:.0f}"
                )
            ) from None
        except OSError as error:
            raise DataFileError(_("cannot lock {path}: {error}").format(path=self.path, error=error.strerror or error)) from None
        try:
            yield
        finally:
            self._lock.release()

    @property
    def lock_path(self) -> Path:
        return Path(str(self.real) + ".lock")

    def _refuse_odd_lock(self) -> None:
        """A lock that is not a regular file is never opened: a symlink (placed by another user of
        a shared folder) would make the lock open, and an old filelock truncate, the file it names;
        a FIFO or a device is no lock at all. filelock opens with O_NOFOLLOW since 3.20.1; this says
        what is wrong in words, for any version."""
        problem = self._odd_companion(self.lock_path)
        if problem is not None:
            raise DataFileError(problem)

    def _odd_companion(self, path: Path) -> str | None:
        """Why `path` (the lock or the stamp) cannot be used, or None: it is absent or a regular file."""
        try:
            info = os.lstat(path)
        except FileNotFoundError:
            return None
        except OSError as error:
            return _("cannot check {path}: {error}").format(path=path, error=error.strerror or error)
        if stat_module.S_ISREG(info.st_mode):
            return None
        return _("{path} is {kind}, not a file claimdesk made; it was not used: remove it").format(
            path=path, kind=_special_kind(info.st_mode)
        )

    def odd_companions(self) -> list[str]:
        """The data file's lock and validation stamp when something other than a regular file is in
        their place (for `doctor`): one line each."""
        found = (self._odd_companion(path) for path in (self.lock_path, self.stamp_path))
        return [problem for problem in found if problem is not None]

    @contextmanager
    def deferred(self) -> Iterator[None]:
        """A unit of work: writes inside reach the file in one atomic write when the outermost
        `deferred` ends, and none at all if it ends with an exception.

        Hold the lock around it (the repository's transaction does): the data written inside is
        kept in memory, and read() returns it, until the end.
        """
        self._deferring += 1
        try:
            yield
        except BaseException:
            self._deferring -= 1
            if self._deferring == 0:
                touched = self._unit_touched or self._pending is not None
                self._unit_failed = self._unit_touched = False
                self._unit_vouched = True
                if touched:
                    # The tables in memory hold changes that must not reach the file: forget
                    # them; the next read comes from the file, which holds the last good state.
                    self._forget()
            raise
        self._deferring -= 1
        if self._deferring == 0:
            failed, self._unit_failed, self._unit_touched = self._unit_failed, False, False
            vouched, self._unit_vouched = self._unit_vouched, True
            if failed:  # a step failed and its error was swallowed: the rest must not be written alone
                raise DataFileError(_("a step of this change failed; nothing was written to {path}").format(path=self.path))
            if self._pending is not None:
                pending, self._pending = self._pending, None
                self._write_now(pending, vouched=vouched)

    @property
    def has_pending(self) -> bool:
        """Writes made in the current unit of work that are not on disk yet."""
        return self._pending is not None

    # ------------------------------------------------------------------ reading

    def read(self) -> dict[str, Any] | None:
        """The file's data (cached while the file is unchanged); None when there is no file yet."""
        if self._pending is not None:
            return self._pending
        fd = self._open()
        if fd is None:
            return None
        kept = False
        try:
            stat = os.fstat(fd)
            if _signature(stat) == self._signature and self._data is not None:
                return self._data
            lazy = self._read_lazily(fd) if self.lazy and stat.st_size >= LAZY_MIN_BYTES else None
            if lazy is not None:
                data, digest, layout = lazy
                if schema.schema_version(data, str(self.path)) < schema.SCHEMA_VERSION:
                    return self._migrate()
                self._remember(data, fd, stat, digest, layout)
                self._bom = False  # a file with the mark is never read this way: its rest is no JSON
                kept = True
                if self.stamp_names(digest) and not self.stamp_names(digest, split=True):
                    self.stamp()  # found sound before, and its records proved cut right now
                return data
            os.lseek(fd, 0, os.SEEK_SET)
            raw = self._read_all(fd)
            data = self._parse(raw)
            version = schema.schema_version(data, str(self.path))
            if version < schema.SCHEMA_VERSION:
                return self._migrate()
            self._remember(data, fd, stat, hashlib.sha256(raw).hexdigest(), _layout_of(data, raw))
            self._bom = raw[:3] == UTF8_BOM
            kept = True
            return data
        finally:
            if not kept:
                os.close(fd)

    def _read_lazily(self, fd: int) -> tuple[dict[str, Any], str, dict[str, tuple[Any, Span, bytes | None]]] | None:
        """The file's data with the parcels table a LazyTable (store/lazy_table.py), its sha256
        and its layout, read a few MB at a time (never the whole file and the records at once);
        None when the file is not laid out as claimdesk writes it, or anything cut from it is
        not proved: the caller reads it the usual way (which also names any damage)."""
        digest = hashlib.sha256()
        split = split_parcels(self._chunks(fd, digest))
        if split is None:
            return None
        rest_bytes = split.rest
        try:
            data = orjson.loads(rest_bytes)
        except orjson.JSONDecodeError:
            return None
        if type(data) is not dict or data.get(schema.PARCELS) != {} or rest_bytes.count(b'"parcels":') != 1:
            return None
        layout = _layout_of(data, rest_bytes)
        if layout is None:
            return None
        table = LazyTable(split.texts)
        hexdigest = digest.hexdigest()
        if not self.stamp_names(hexdigest, split=True):
            # Proving the texts parses every piece: the validator (when it will run) checks them on the way.
            check = self.piece_check() if self.piece_check is not None and not self.stamp_names(hexdigest) else None
            if not table.verify(None if check is None else check.add):
                return None
            table.checked = check
        data[schema.PARCELS] = table  # in the empty table's place: the tables keep their order
        start, end = split.table_span
        shift = end - start - 2  # the table's text in place of `{}`
        moved: dict[str, tuple[Any, Span, bytes | None]] = {}
        after = False
        for name, (kept, (first, last), text) in layout.items():
            if name == schema.PARCELS:
                moved[name] = (table, (start, end), None)
                after = True
            else:
                moved[name] = (kept, (first + shift, last + shift) if after else (first, last), text)
        return data, hexdigest, moved

    def _chunks(self, fd: int, digest: Any) -> Iterator[bytes]:
        """The open file from its start, CHUNK_BYTES * 4 at a time, each fed to `digest`."""
        offset = 0
        try:
            while chunk := os.pread(fd, CHUNK_BYTES * 4, offset):
                digest.update(chunk)
                offset += len(chunk)
                yield chunk
        except IsADirectoryError:
            raise DataFileError(_("{path} is a directory, not a claimdesk data file").format(path=self.path)) from None
        except OSError as error:
            raise DataFileError(_("cannot read {path}: {error}").format(path=self.path, error=error.strerror or error)) from None

    def peek(self) -> tuple[Any, int] | None:
        """The file's parsed data and schema version, read fresh and never migrated or cached.

        For `doctor`, which must not change the file; None when there is no file.
        """
        fd = self._open()
        if fd is None:
            return None
        try:
            raw = self._read_all(fd)
        finally:
            os.close(fd)
        data = self._parse(raw)
        return data, schema.schema_version(data, str(self.path))

    def _open(self) -> int | None:
        """A read-only descriptor of the data file, or None when there is none yet.

        Anything but a regular file (a FIFO, a device such as /dev/zero, a socket, a folder) is
        refused from its stat, before it is opened: opening a FIFO for reading would wait for a
        writer forever. The open itself is non-blocking and checked again, in case the file was
        swapped between the two.
        """
        try:
            info = os.stat(self.real)
        except FileNotFoundError:
            if self._data is not None and self._signature is not None:
                raise DataFileError(_("{path} disappeared while claimdesk was using it").format(path=self.path)) from None
            return None
        except OSError as error:
            raise DataFileError(_("cannot open {path}: {error}").format(path=self.path, error=error.strerror or error)) from None
        self._refuse_unless_regular(info)
        try:
            fd = os.open(self.real, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
        except FileNotFoundError:
            if self._data is not None and self._signature is not None:
                raise DataFileError(_("{path} disappeared while claimdesk was using it").format(path=self.path)) from None
            return None
        except IsADirectoryError:
            raise DataFileError(_("{path} is a directory, not a claimdesk data file").format(path=self.path)) from None
        except OSError as error:
            raise DataFileError(_("cannot open {path}: {error}").format(path=self.path, error=error.strerror or error)) from None
        try:
            self._refuse_unless_regular(os.fstat(fd))
        except BaseException:
            os.close(fd)
            raise
        return fd

    def _refuse_unless_regular(self, info: os.stat_result) -> None:
        mode = info.st_mode
        if stat_module.S_ISREG(mode):
            return
        if stat_module.S_ISDIR(mode):
            raise DataFileError(_("{path} is a directory, not a claimdesk data file").format(path=self.path))
        raise DataFileError(
            _("{path} is {kind}, not a claimdesk data file; it was not opened").format(path=self.path, kind=_special_kind(mode))
        )

    def _read_all(self, fd: int) -> bytearray:
        """The whole file, read into one buffer of its size (no chunks joined into a second
        copy: at 100k parcels that copy was 40 MB of peak memory)."""
        info = os.fstat(fd)
        if stat_module.S_ISDIR(info.st_mode):
            raise DataFileError(_("{path} is a directory, not a claimdesk data file").format(path=self.path))
        buffer = bytearray(info.st_size)
        got = 0
        try:
            with io.FileIO(fd, "rb", closefd=False) as handle:
                with memoryview(buffer) as view:
                    while got < len(buffer):
                        count = handle.readinto(view[got:])
                        if not count:
                            break
                        got += count
                del buffer[got:]  # the file shrank while we read it
                while chunk := handle.read(1 << 20):  # ...or grew
                    buffer += chunk
        except IsADirectoryError:
            raise DataFileError(_("{path} is a directory, not a claimdesk data file").format(path=self.path)) from None
        except OSError as error:
            raise DataFileError(_("cannot read {path}: {error}").format(path=self.path, error=error.strerror or error)) from None
        return buffer

    def _remember(
        self,
        data: dict[str, Any],
        fd: int,
        stat: os.stat_result,
        digest: str | None = None,
        layout: dict[str, tuple[Any, Span, bytes | None]] | None = None,
    ) -> None:
        """Cache data read from (or written to) the open file fd; takes ownership of fd.

        `layout`: where each table's orjson text lies in that file (and the text of the small
        ones), when known: the next write reuses the text of every table it does not change.
        """
        self._release_held()
        if _HOLD_OPEN_FILE:
            self._held_fd = fd
        else:
            os.close(fd)
        self._data, self._signature, self.digest = data, _signature(stat), digest
        self.generation += 1
        self._encoded, self._appends = {}, {}
        self.spans = {name: span for name, (_, span, _) in (layout or {}).items()}
        for name, (table, span, text) in (layout or {}).items():
            if text is not None and (span[1] - span[0] < SPAN_MIN_BYTES or not _HOLD_OPEN_FILE):
                self._encoded[name] = (table, text)
            elif _HOLD_OPEN_FILE:
                self._encoded[name] = (table, span)

    def _forget(self) -> None:
        if self._deferring:
            self._unit_failed = True  # the unit's earlier changes went with the memory
        self._pending = None
        self._release_held()
        self._data, self._signature, self.digest = None, None, None
        self.spans = {}
        self._encoded.clear()
        self._appends.clear()
        self.generation += 1

    def _release_held(self) -> None:
        fd = getattr(self, "_held_fd", None)
        if fd is not None:
            self._held_fd = None
            with suppress(OSError):
                os.close(fd)

    def _parse(self, raw: bytes | bytearray) -> Any:
        if raw[:3] == UTF8_BOM:
            raw = raw[3:]  # a copy, for a file an editor saved: claimdesk never writes the mark
        if not raw or raw.isspace():  # as `not raw.strip()`, without copying the file
            raise DataFileError(_("{path} is empty: not a claimdesk data file (left untouched)").format(path=self.path))
        if len(raw) >= CHUNKED_MIN_BYTES:
            data = parse_in_chunks(raw)
            if data is not None:
                return data
        try:
            return orjson.loads(raw)
        except orjson.JSONDecodeError as error:
            if not _has_header(raw):
                # Some other file (`--db /etc/passwd`): say so, and never advise moving a file
                # claimdesk did not create.
                raise DataFileError(
                    _(
                        "{path} is not a claimdesk data file: not valid JSON ({problem} at byte {byte}) and no "
                        "claimdesk header; left untouched: check --db or CLAIMDESK_DB"
                    ).format(path=self.path, problem=error.msg, byte=error.pos)
                ) from None
            raise DataFileError(
                _("{path} is damaged: not valid JSON ({problem} at byte {byte}); left untouched: restore a backup or move it away").format(
                    path=self.path, problem=error.msg, byte=error.pos
                )
            ) from None

    def _migrate(self) -> dict[str, Any]:
        """Upgrade an older schema: a dated backup copy first, then the migrated file.

        Done under the lock and from a fresh read, so two copies opening the same old file
        migrate it once and never write over each other.
        """
        with self.locked():
            fd = self._open()
            if fd is None:
                raise DataFileError(_("{path} disappeared while claimdesk was migrating it").format(path=self.path))
            try:
                stat = os.fstat(fd)
                raw = self._read_all(fd)
            except BaseException:
                os.close(fd)
                raise
            try:
                data = self._parse(raw)
                version = schema.schema_version(data, str(self.path))
            except BaseException:
                os.close(fd)
                raise
            if version >= schema.SCHEMA_VERSION:  # another copy migrated it meanwhile
                self._remember(data, fd, stat, hashlib.sha256(raw).hexdigest())
                return data
            os.close(fd)
            migrated = schema.migrate(data, version)  # DataFileError when no step exists: nothing written
            self._write_bytes(self._backup_path(version), raw)
            encoded = orjson.dumps(migrated)
            new_fd = self._write_bytes(self.real, encoded, keep_open=True)
            assert new_fd is not None
            self._remember(migrated, new_fd, os.fstat(new_fd), hashlib.sha256(encoded).hexdigest())
            self._bom = False  # the backup kept the mark; the migrated file has none
            return migrated

    def _backup_path(self, version: int | str) -> Path:
        """A new dated backup name beside the file: `NAME.schema3-STAMP.bak` before a migration
        from schema 3, `NAME.bom-STAMP.bak` before the write that drops a byte-order mark."""
        kind = f"schema{version}" if isinstance(version, int) else version
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        candidate = self.real.with_name(f"{self.real.name}.{kind}-{stamp}.bak")
        counter = 1
        while os.path.lexists(candidate):  # a dangling link counts: its name is taken
            candidate = self.real.with_name(f"{self.real.name}.{kind}-{stamp}-{counter}.bak")
            counter += 1
        return candidate

    def _back_up_bom_file(self) -> None:
        """Before the first write to a file read with a byte-order mark (under the lock, the file
        unchanged since it was read): its bytes as they are, to a dated backup, as a migration
        keeps the older file. The write then leaves the mark out."""
        with open(self.real, "rb") as source:
            raw = source.read()
        if raw[:3] == UTF8_BOM:
            self._write_bytes(self._backup_path("bom"), raw)

    # ------------------------------------------------------------------ writing

    def write(self, data: dict[str, Any], *, vouched: bool = False) -> None:
        """Write the data (atomically, under the lock); inside `deferred()` only at its end.

        A storage opened read-only (a yearly archive file read with the others) refuses.

        `vouched`: the writer checked every change it made with the validator, so the file
        written is sound and is stamped as such (TinyDB's own writes are not vouched for).
        """
        if self.read_only:
            raise DataFileError(_("{path} is a yearly archive file, read with the others: it is not changed").format(path=self.path))
        if self._deferring:
            self._unit_vouched = self._unit_vouched and vouched
            if self._unit_failed:
                raise DataFileError(_("a step of this change failed; nothing was written to {path}").format(path=self.path))
            if schema.META not in data:
                data = {**schema.new_data(), **data}
            self._pending = data
            return
        self._write_now(data, vouched=vouched)

    def _write_now(self, data: dict[str, Any], *, vouched: bool = False) -> None:
        with self.locked():
            if self._on_disk_signature() not in (None, self._signature):
                # The data we were given was built on a file that has changed since: writing it
                # would lose another process's work. The repository re-reads under the lock, so
                # reaching this means a bug, and refusing is the safe answer.
                self._forget()
                raise DataFileError(_("{path} changed on disk during a write; nothing was written").format(path=self.path))
            if schema.META not in data:
                data = {**schema.new_data(), **data}
            parcels = data.get(schema.PARCELS)
            if isinstance(parcels, LazyTable):
                parcels.checked = None  # what was checked on reading is not what is written
            if not self._swept:
                self._sweep_temp_files()
            if self._bom:
                self._back_up_bom_file()  # DataFileError if it cannot be: nothing written
                self._bom = False
            try:
                pieces, layout = self._encode(data)
                digest = hashlib.sha256()
                for piece in pieces:
                    digest.update(piece)
                fd = self._write_bytes(self.real, pieces, keep_open=True)
            except BaseException:
                # TinyDB changed the cached data in place before calling us: forget it, so the
                # next read comes from the file, which still holds the last good state.
                self._forget()
                raise
            assert fd is not None
            replaced = self.digest
            self._remember(data, fd, os.fstat(fd), digest.hexdigest(), layout)
            if vouched:
                self.stamp()
            if self.after_write is not None:
                self.after_write(replaced, vouched)

    def touch(self, table: str) -> None:
        """The table is about to change in place: its kept orjson text is no longer valid (and
        inside a unit of work, an exception must now forget the data in memory)."""
        self._encoded.pop(table, None)
        self._appends.pop(table, None)
        if self._deferring:
            self._unit_touched = True

    def appended(self, table: str, key: str, record: Any) -> None:
        """`record` was just added to the end of `table` under `key` (a new key: dicts keep
        insertion order, so orjson writes it last): its text goes after the table's kept text,
        which stays valid. Otherwise the same as touch()."""
        if self._deferring:
            self._unit_touched = True
        if table in self._encoded:
            member = orjson.dumps(key) + b":" + orjson.dumps(record)
            self._appends.setdefault(table, []).append(member)
            stored = (self._pending or self._data or {}).get(table)
            if isinstance(stored, LazyTable):
                stored.note_added(member)

    def _encode(self, data: dict[str, Any]) -> tuple[list[Piece], dict[str, tuple[Any, Span, bytes | None]]]:
        """orjson.dumps(data) in pieces, and where each table's text lies in them.

        Only tables changed (or replaced) since the last write are encoded again; an unchanged
        one is its kept text (read back from the file held open if it is big), plus the members
        added at its end since. The pieces are written in order, never joined (a 40 MB copy).
        orjson writes an object as `{` key `:` value, `,`-separated, `}` with no spaces, so the
        tables' own texts put together that way give the same bytes as orjson.dumps(data).
        """
        if not all(type(name) is str for name in data):
            self._encoded.clear()
            self._appends.clear()
            return [orjson.dumps(data, default=_plain)], {}  # whatever orjson makes of it (it refuses non-str keys)
        pieces: list[Piece] = [b"{"]
        offset = 1
        layout: dict[str, tuple[Any, Span, bytes | None]] = {}
        for name, table in data.items():
            if len(pieces) > 1:
                pieces.append(b",")
                offset += 1
            key = orjson.dumps(name) + b":"
            pieces.append(key)
            offset += len(key)
            parts = self._table_text(name, table)
            size = sum(len(part) for part in parts)
            small = size < SPAN_MIN_BYTES or not _HOLD_OPEN_FILE
            layout[name] = (table, (offset, offset + size), b"".join(parts) if small else None)
            pieces += parts
            offset += size
        pieces.append(b"}")
        return pieces, layout

    def _table_text(self, name: str, table: Any) -> list[Piece]:
        kept = self._encoded.get(name)
        if kept is None or kept[0] is not table:
            return _encoded(table)
        base = kept[1] if isinstance(kept[1], bytes) else self._read_span(kept[1])
        if base is None:
            return _encoded(table)
        extra = self._appends.get(name)
        if not extra:
            return [base]
        members = b",".join(extra)
        if base == b"{}":
            return [b"{", members, b"}"]
        return [memoryview(base)[:-1], b",", members, b"}"]

    def _read_span(self, span: Span) -> bytes | None:
        """A kept table's text, read back from the file held open (None if it cannot be)."""
        fd = self._held_fd
        if fd is None:
            return None
        return read_range(fd, *span)

    def snapshot(self) -> tuple[int, str] | None:
        """The data file as it is now, without parsing it: a read-only descriptor (the caller
        closes it) and the sha256 of its bytes, read a few MB at a time (never held whole).
        None when there is no file, or it is not a regular file or cannot be read (the caller
        then loads it the usual way, which says what is wrong)."""
        try:
            fd = self._open()
        except DataFileError:
            return None
        if fd is None:
            return None
        stat = os.fstat(fd)
        # The same file as last time (a replaced file is a new inode, a change in place a new
        # mtime and ctime): its digest again, not a second pass over the bytes at start-up.
        seen = (stat.st_ino, stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns)
        if self._snapshot_seen is not None and self._snapshot_seen[0] == seen:
            return fd, self._snapshot_seen[1]
        digest = hashlib.sha256()
        buffer = bytearray(CHUNK_BYTES * 4)
        try:
            with io.FileIO(fd, "rb", closefd=False) as handle, memoryview(buffer) as view:
                while count := handle.readinto(view):
                    digest.update(view[:count])
        except OSError:
            os.close(fd)
            return None
        self._snapshot_seen = (seen, digest.hexdigest())
        return fd, self._snapshot_seen[1]

    def _sweep_temp_files(self) -> None:
        """Remove temp files a killed writer left behind (once per storage, under the lock).

        Only a lock holder writes `.NAME.<random>.tmp` next to the data file, and we hold the lock,
        so any such file now is a dead writer's unfinished write: never part of the data.
        """
        self._swept = True
        # The data file's own temp files, and those of the stamp and the clock cache beside it
        # (`..NAME.checked.<random>.tmp`): a writer killed while writing one leaves it too.
        prefixes = tuple(temp_prefix(path) for path in (self.real, self.stamp_path, self.clocks_path))
        try:
            with os.scandir(self.real.parent) as entries:
                leftovers = [e.path for e in entries if e.name.startswith(prefixes) and e.name.endswith(".tmp")]
        except OSError:
            return
        for leftover in leftovers:
            with suppress(OSError):
                os.unlink(leftover)

    def _on_disk_signature(self) -> Signature | None:
        try:
            return _signature(os.stat(self.real))
        except FileNotFoundError:
            return None

    def _write_bytes(self, target: Path, payload: Payload, *, keep_open: bool = False) -> int | None:
        return write_atomic(target, payload, keep_open=keep_open)

    def backup(self, target: Path) -> None:
        """A consistent copy of the file (taken under the lock), created 0600."""
        with self.locked(), open(self.real, "rb") as source:
            self._write_bytes(target, source.read())

    # ------------------------------------------------------------------ files beside it

    @property
    def clocks_path(self) -> Path:
        """`.NAME.clocks` beside the real file: the clock cache (store/clock_cache.py)."""
        return self.real.with_name(f".{self.real.name}.clocks")

    def write_beside(self, target: Path, payload: Payload) -> bool:
        """Write a file the desk can do without (a cache) atomically, under the data file's lock
        if it is free now: never waits, and never fails the caller. True when written."""
        try:
            self._lock.acquire(timeout=0)  # re-entrant: held by this storage already is fine
        except (Timeout, OSError):
            return False  # another claimdesk is writing: the next run writes the cache
        try:
            return self._write_quietly(target, payload)
        finally:
            self._lock.release()

    def _write_quietly(self, target: Path, payload: Payload) -> bool:
        try:
            write_atomic(target, payload, durable=False)  # losing it costs a recomputation: no fsync
        except DataFileError:
            return False
        return True

    # ------------------------------------------------------------------ the validation stamp

    @property
    def stamp_path(self) -> Path:
        """`.NAME.checked` beside the real file: the sha256 of the last bytes found sound."""
        return self.real.with_name(f".{self.real.name}.checked")

    def is_stamped(self) -> bool:
        """The data in memory is exactly what was last validated (by this copy or another one)
        under the same rules: the stamp names these bytes' sha256 and the rules' key.

        Only a regular file of this user's counts, opened without following a link and without
        waiting (a FIFO placed there would block a plain open for ever): anything else is no
        stamp, and the data is validated again."""
        if self.digest is None or self._pending is not None:
            return False
        return self.stamp_names(self.digest)

    def stamp_names(self, digest: str, *, split: bool = False) -> bool:
        """The validation stamp names the bytes of sha256 `digest` under the current rules;
        with `split`, it also says their parcels table was proved cut right into record texts
        (lazy_table.py), so they can be trusted as cut without parsing them."""
        if self.stamp_key is None:
            return False
        flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NOCTTY", 0)
        try:
            fd = os.open(self.stamp_path, flags)
        except OSError:
            return False
        try:
            info = os.fstat(fd)
            if not stat_module.S_ISREG(info.st_mode) or (hasattr(os, "geteuid") and info.st_uid != os.geteuid()):
                return False
            text = os.read(fd, 200)
        except OSError:
            return False
        finally:
            os.close(fd)
        line = f"{self.stamp_key} {digest}"
        return text == f"{line} split\n".encode() or (not split and text == f"{line}\n".encode())

    def stamp(self) -> None:
        """Record that the data in memory (as on disk) is sound: a new file renamed into place,
        without fsync (a lost or stale stamp names other bytes and costs one validation, nothing
        more). Never written through whatever else is in its place; failing to stamp is silent."""
        if self.stamp_key is None or self.digest is None or self._pending is not None:
            return
        # The parcels held as proved texts: the bytes were cut right (a write copies the texts).
        table = (self._data or {}).get(schema.PARCELS)
        split = " split" if isinstance(table, LazyTable) and table.cut_right else ""
        with suppress(DataFileError):
            write_atomic(self.stamp_path, f"{self.stamp_key} {self.digest}{split}\n".encode(), durable=False)

    def own_file(self, target: str | os.PathLike[str]) -> str | None:
        """What of this storage's own files `target` would write over, or None.

        'data' (the data file), 'lock', 'backup' (`NAME.schemaN-*.bak`, `NAME.bom-*.bak`) or 'temp'
        (`.NAME.*.tmp`), for the data file as named and as resolved; the target is resolved
        first (symlinks, `..`, relative paths), and an existing target that is the same file
        as the data file or its lock (a hard link, a case-insensitive name) counts too.
        """
        candidate = resolved(target)
        for base in dict.fromkeys((self.real, Path(os.path.abspath(self.path)))):
            if os.path.normcase(candidate.parent) != os.path.normcase(base.parent):
                continue
            kind = _own_name(os.path.normcase(candidate.name), os.path.normcase(base.name))
            if kind is not None:
                return kind
        try:
            found = os.stat(candidate)
        except OSError:
            return None
        for kind, own in (("data", self.real), ("lock", self.lock_path)):
            with suppress(OSError):
                if os.path.samestat(found, os.stat(own)):
                    return kind
        return None

    def close(self) -> None:
        self._release_held()

    def __del__(self) -> None:
        self._release_held()
