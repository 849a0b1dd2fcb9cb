"""The clock cache: each parcel's computed deadlines, kept in `.NAME.clocks` beside the data file.

A deadline's instant depends on the parcel, its complaints, the settings, the rules' code and
the `holidays` calendar, never on "now"; which deadlines are live does depend on now, but only
by comparisons with instants the computation reads or returns. So a parcel's computed
deadlines are kept with:

- what they were computed from: a digest of the parcel's stored record and of its complaints'
  records (a hand edit that keeps a record's `rev` still changes its digest); and, for the whole
  file, a key of the settings' record, the source of the rules (every `claimdesk/domain` module
  and the stored form) and the `holidays` release;
- the span of "now" over which they hold: from the instant they were computed at to the first
  instant after it at which any of those comparisons can turn, i.e. any instant found in the
  inputs or the result that lies ahead (or one microsecond after it, for `>` comparisons).

At that instant, or for a now before the span (a pinned clock), the parcel is computed again.
The cache is generic over the domain's function (`Compute`): it stores that function's
Deadlines field by field, so a new clock kind or field needs no change here, and a change of
the domain's code changes the key, which recomputes everything.

A cache that does not match (another key, a record's digest, a checksum that fails, any
damage at all) is recomputed, never trusted: the file's first line holds the sha256 of the
rest. Writing it goes through the store's atomic writer under the data file's lock, tried
without waiting: a busy lock or a failed write only means the next run computes again. Reading
it never fails the desk. When the data file's bytes are exactly those the cache was written
for (its sha256), the per-record digests are not recomputed.

A claimdesk write keeps it so: under the lock, after the atomic write, a cache written for the
bytes the write replaced is bound to the new ones, and the parcels whose records the write
changed are listed to compute (`rebind`, which reads and rewrites only the binding line and
copies the entries' bytes). Any other change of the file (a hand edit, another tool's write)
leaves the cache bound to bytes that are no longer there: every digest is computed again.
"""

from __future__ import annotations

import hashlib
import os
import typing
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import fields
from datetime import UTC, datetime, timedelta
from enum import Enum
from functools import cache
from itertools import repeat
from operator import methodcaller
from pathlib import Path
from stat import S_ISREG
from types import NoneType, UnionType
from typing import Any, Protocol
from zoneinfo import ZoneInfo

import orjson

from claimdesk.domain.complaints import Complaint
from claimdesk.domain.deadlines import Deadline
from claimdesk.domain.parcels import ClockSubject
from claimdesk.domain.settings import Settings

FORMAT = b"claimdesk-clocks 2"
# Compute(parcel, its complaints in filing order, now, settings) -> its live deadlines at now.
Compute = Callable[[ClockSubject, Sequence[Complaint], datetime, Settings], list[Deadline]]

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_MICROSECOND = timedelta(microseconds=1)
_FOREVER = -1  # a span with no end: no comparison with now can turn any more


def micros(at: datetime) -> int:
    """An instant as whole microseconds since the epoch (exact, unlike timestamp())."""
    return (at - _EPOCH) // _MICROSECOND


# ---------------------------------------------------------------------------- what binds it


@cache
def rules_digest() -> str:
    """The source of every module the clocks are computed by: any change recomputes all."""
    from claimdesk import domain
    from claimdesk.store import records

    digest = hashlib.sha256(FORMAT)
    folder = Path(domain.__file__).parent
    try:
        sources = [*sorted(folder.glob("*.py")), Path(records.__file__), Path(__file__)]
        for source in sources:
            digest.update(source.name.encode() + b"\0" + source.read_bytes())
    except OSError:  # no sources to read (a frozen build): the version stands in for them
        from importlib.metadata import version

        digest.update(version("claimdesk").encode())
    return digest.hexdigest()


@cache
def holidays_release() -> str:
    """The installed `holidays` release, whose CN calendar the working days come from."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("holidays")
    except PackageNotFoundError:
        return "none"


def cache_key(settings_record: Any) -> str:
    """What every entry of the file was computed under: the settings, the rules, the calendar."""
    digest = hashlib.sha256(orjson.dumps(settings_record, option=orjson.OPT_SORT_KEYS))
    digest.update(b"\0" + rules_digest().encode() + b"\0" + holidays_release().encode())
    return digest.hexdigest()


def record_digest(parcel: Mapping[str, Any], complaints: Iterable[Mapping[str, Any]]) -> str:
    """The digest of a parcel's stored record and its complaints' records (in stored order)."""
    digest = hashlib.blake2b(orjson.dumps(parcel), digest_size=16)
    for complaint in complaints:
        digest.update(b"\0" + orjson.dumps(complaint))
    return digest.hexdigest()


# ---------------------------------------------------------------------------- when it turns


def _instants(value: Any) -> Iterable[datetime]:
    """Every instant inside a value: a datetime, or any found in its fields or items."""
    if isinstance(value, datetime):
        yield value
    elif isinstance(value, (tuple, list)):
        for item in value:
            yield from _instants(item)
    elif hasattr(value, "__dataclass_fields__"):
        for name in value.__dataclass_fields__:
            yield from _instants(getattr(value, name))


def turns_at(now: datetime, *values: Any) -> datetime | None:
    """The first instant after `now` at which a comparison of now with an instant of `values`
    can turn: `t` itself when t > now (for `now < t`, `now >= t`), or t + 1 µs when t == now
    (for `now > t`, `now <= t`). None when every instant lies behind now."""
    ahead = [at if at > now else at + _MICROSECOND for at in _instants(values) if at >= now]
    return min(ahead, default=None)


# ---------------------------------------------------------------------------- the stored form
#
# A Deadline is stored as the list of its fields but the tracking number (the entry's key); an
# instant takes two places: its ISO text with offset, and its zone's key (None for a fixed
# offset), so it reads back as the same wall time in the same tzinfo. Reading goes a column at
# a time (every `kind`, then every `due`...), in C where it can: ~22,000 deadlines at 100k.

Column = Callable[[Sequence[Any]], list[Any]]


def _instants_column(texts: Sequence[Any], zones: Sequence[Any]) -> list[datetime]:
    read = list(map(datetime.fromisoformat, texts))  # TypeError/ValueError on anything but ISO text
    keys = set(zones)
    if keys == {None}:
        return read
    if len(keys) == 1:
        (key,) = keys
        return list(map(methodcaller("replace", tzinfo=_zone(key)), read))
    return [at if key is None else at.replace(tzinfo=_zone(key)) for at, key in zip(read, zones, strict=True)]


@cache
def _zone(key: str) -> ZoneInfo:
    return ZoneInfo(key)


def _field(kind: Any) -> tuple[int, Column, Callable[[Any], list[Any]]]:
    """How a Deadline field of this type is stored: its width (places in the stored list), how
    a column of it is read back, and how one value is written."""
    if isinstance(kind, UnionType) or typing.get_origin(kind) is typing.Union:
        options = [arg for arg in typing.get_args(kind) if arg is not NoneType]
        if len(options) != 1:
            raise TypeError(f"cannot cache a field of type {kind}")
        width, column, write = _field(options[0])

        def optional_column(*parts: Sequence[Any]) -> list[Any]:
            rows = list(zip(*parts, strict=True))
            present = [row for row in rows if row[0] is not None]
            values = iter(column(*zip(*present, strict=True)) if present else ())
            return [next(values) if row[0] is not None else None for row in rows]

        return width, optional_column, lambda value: [None] * width if value is None else write(value)
    if kind is datetime:
        return 2, _instants_column, _write_instant  # type: ignore[return-value]
    if isinstance(kind, type) and issubclass(kind, Enum):
        members = {member.value: member for member in kind}
        return 1, lambda values: list(map(members.__getitem__, values)), lambda value: [value.value]
    if kind in (str, int, bool):

        def plain_column(values: Sequence[Any]) -> list[Any]:
            if not all(type(value) is kind for value in values):
                raise ValueError(f"not a {kind.__name__}")
            return list(values)

        return 1, plain_column, lambda value: [value]
    raise TypeError(f"cannot cache a field of type {kind}")


def _write_instant(at: datetime) -> list[Any]:
    if at.fold or at.tzinfo is None:
        raise ValueError("an ambiguous or naive instant is not cached")
    return [at.isoformat(), at.tzinfo.key if isinstance(at.tzinfo, ZoneInfo) else None]


class _Codec:
    """Deadlines to stored lists and back, generic over the domain's Deadline fields."""

    def __init__(self) -> None:
        hints = typing.get_type_hints(Deadline)
        self.names = [field.name for field in fields(Deadline)]
        self.fields = {name: _field(hints[name]) for name in self.names if name != "tracking"}
        self.width = sum(width for width, _, _ in self.fields.values())

    def encode(self, deadline: Deadline) -> list[Any]:
        stored: list[Any] = []
        for name, (_, _, write) in self.fields.items():
            stored += write(getattr(deadline, name))
        return stored

    def decode(self, trackings: Sequence[str], stored: Sequence[Any]) -> list[Deadline]:
        """The Deadlines of these stored lists (trackings[i] is stored[i]'s parcel).

        ValueError/TypeError/KeyError when any of them is not a stored Deadline."""
        if not stored:
            return []
        if not all(type(item) is list for item in stored) or set(map(len, stored)) != {self.width}:
            raise ValueError("not stored deadlines")
        places = list(zip(*stored, strict=True))
        columns: dict[str, list[Any]] = {"tracking": list(trackings)}
        at = 0
        for name, (width, column, _) in self.fields.items():
            columns[name] = column(*places[at : at + width])
            at += width
        return list(map(Deadline, *(columns[name] for name in self.names)))


@cache
def _codec() -> _Codec:
    return _Codec()


# ---------------------------------------------------------------------------- the cache


class Source(Protocol):
    """What the cache reads of the desk's data (the repository provides it)."""

    def record_digests(self, trackings: Iterable[str]) -> dict[str, str]: ...
    def clock_inputs(self, tracking: str) -> tuple[ClockSubject, Sequence[Complaint]]: ...


# tracking -> [record digest, from (µs), until (µs, or -1: no end), [stored deadline, ...]]
Entry = list[Any]
# The entry of a parcel whose records a write changed (or added): computed when next read.
_TO_COMPUTE: Entry = [None]


def _digest_of(entry: Any) -> bool:
    """The entry names the record digest it was computed from."""
    return type(entry) is list and bool(entry) and type(entry[0]) is str


class ClockCache:
    """The cache of one data file (see the module's docstring)."""

    def __init__(self, path: Path, write: Callable[[Path, list[bytes]], bool]) -> None:
        self.path = path  # `.NAME.clocks` beside the real data file
        self._write = write  # the store's atomic, locked writer; False when it did not write
        self._loaded: tuple[tuple[int, int, int], str, str | None, dict[str, Entry]] | None = None
        self.computed = 0  # parcels computed (not taken from the cache) by the last call: for tests

    def _read(self) -> tuple[tuple[int, int, int], bytes, dict[str, Any], bytes] | None:
        """(signature, entries' digest, what binds them, their bytes) as stored, the binding
        checked against its digest (the entries' is checked when they are parsed); None when
        missing or damaged. The file is three lines: FORMAT, the two sha256s; the binding
        (JSON); the entries (JSON). A write rebinds them without reading the entries."""
        try:
            stat = os.lstat(self.path)
            if not S_ISREG(stat.st_mode):  # a FIFO would block a read; a link or a folder is not ours
                return None
            fd = os.open(self.path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
            with open(fd, "rb") as handle:
                raw = handle.read(stat.st_size + 1)
        except OSError:
            return None
        head, _, rest = raw.partition(b"\n")
        binding, _, body = rest.partition(b"\n")
        parts = head.split(b" ")
        if len(parts) != 4 or b" ".join(parts[:2]) != FORMAT or parts[2] != hashlib.sha256(binding).hexdigest().encode():
            return None
        try:
            bound = orjson.loads(binding)
        except orjson.JSONDecodeError:
            return None
        if type(bound) is not dict:
            return None
        return (stat.st_ino, stat.st_size, stat.st_mtime_ns), parts[3], bound, body

    def _load(self) -> tuple[str, str | None, dict[str, Entry]]:
        """(key, data file digest, entries) as stored; empty when missing, damaged or foreign.
        The parcels a write changed since (`todo`) come back as entries to compute."""
        empty: tuple[str, str | None, dict[str, Entry]] = ("", None, {})
        try:
            stat = os.lstat(self.path)
        except OSError:
            return empty
        if self._loaded is not None and self._loaded[0] == (stat.st_ino, stat.st_size, stat.st_mtime_ns) and S_ISREG(stat.st_mode):
            return self._loaded[1:]
        read = self._read()
        if read is None:
            return empty
        signature, body_digest, bound, body = read
        if hashlib.sha256(body).hexdigest().encode() != body_digest:
            return empty
        try:
            entries = orjson.loads(body)
        except orjson.JSONDecodeError:
            return empty
        key, digest, todo = bound.get("key"), bound.get("file"), bound.get("todo")
        if type(key) is not str or (digest is not None and type(digest) is not str) or type(entries) is not dict or type(todo) is not list:
            return empty
        for tracking in todo:
            if type(tracking) is str:
                entries[tracking] = _TO_COMPUTE
        self._loaded = (signature, key, digest, entries)
        return key, digest, entries

    def deadlines(
        self,
        trackings: Iterable[str],
        now: datetime,
        settings: Settings,
        settings_record: Any,
        file_digest: str | None,
        source: Source,
        compute: Compute,
    ) -> list[Deadline]:
        """compute(...) of every parcel in `trackings` at now, taken from the cache where it holds.

        `file_digest`: the sha256 of the data file the desk holds (None while unsaved changes
        are pending): when the cache was written for those very bytes, its record digests hold.
        """
        key = cache_key(settings_record)
        stored_key, stored_digest, stored = self._load()
        if stored_key != key:
            stored = {}
        trackings = list(trackings)
        digests: dict[str, str] | None = None
        if file_digest is None or stored_digest != file_digest or not stored:
            digests = source.record_digests(trackings)
        at = micros(now)
        codec = _codec()
        entries: dict[str, Entry] = {}
        held_trackings: list[str] = []
        held: list[Any] = []
        todo: list[str] = []
        for tracking in trackings:
            entry = stored.get(tracking)
            if (
                type(entry) is list
                and len(entry) == 4
                and type(entry[0]) is str
                and (digests is None or entry[0] == digests.get(tracking))
                and type(entry[1]) is int
                and type(entry[2]) is int
                and entry[1] <= at
                and (entry[2] == _FOREVER or at < entry[2])
                and type(entry[3]) is list
            ):
                entries[tracking] = entry
                held_trackings += repeat(tracking, len(entry[3]))
                held += entry[3]
            else:
                todo.append(tracking)
        try:
            result = codec.decode(held_trackings, held)
        except (ValueError, TypeError, KeyError):  # damaged somewhere: entry by entry, computing what fails
            result = []
            for tracking, entry in list(entries.items()):
                try:
                    result += codec.decode([tracking] * len(entry[3]), entry[3])
                except (ValueError, TypeError, KeyError):
                    del entries[tracking]
                    todo.append(tracking)
        changed = stored_digest != file_digest or stored_key != key or bool(todo)
        self.computed = len(todo)
        if digests is None:  # the file is the one the cache was written for: its digests hold
            digests = {tracking: stored[tracking][0] for tracking in todo if _digest_of(stored.get(tracking))}
            digests.update(source.record_digests([tracking for tracking in todo if tracking not in digests]))
        for tracking in todo:
            subject, complaints = source.clock_inputs(tracking)
            found = compute(subject, complaints, now, settings)
            result += found
            digest = digests[tracking]
            entry = self._entry(digest, now, subject, complaints, found, codec)
            if entry is not None:
                entries[tracking] = entry
        if len(entries) != len(stored):
            changed = True
        if changed and file_digest is not None:
            self._save(key, file_digest, entries)
        return result

    def rebind(self, replaced: str, digest: str, changed: Iterable[str]) -> None:
        """The data file's bytes `replaced` were just replaced by bytes of sha256 `digest` by a
        write that changed the records of the parcels `changed` and nothing else the clocks
        read (called under the data file's lock). A cache written for the replaced bytes is
        bound to the new ones, with those parcels' entries left to compute (a new parcel's
        too): every other entry's record digest is unchanged, so the next `due` takes it
        without reading every record again. A cache for other bytes is left alone. Only the
        binding line is read and written anew; the entries' bytes are copied as they are."""
        read = self._read()
        if read is None:
            return
        _, body_digest, bound, body = read
        todo = bound.get("todo")
        if bound.get("file") != replaced or type(todo) is not list:
            return
        bound = {**bound, "file": digest, "todo": sorted({*todo, *changed})}
        self._write_file(bound, body_digest, body)

    @staticmethod
    def _entry(
        digest: str, now: datetime, subject: Any, complaints: Sequence[Complaint], found: list[Deadline], codec: _Codec
    ) -> Entry | None:
        try:
            ends = turns_at(now, subject, complaints, found)
            return [digest, micros(now), _FOREVER if ends is None else micros(ends), [codec.encode(d) for d in found]]
        except (ValueError, TypeError):
            return None  # something the stored form cannot hold: computed every time

    def _save(self, key: str, file_digest: str, entries: dict[str, Entry]) -> None:
        body = orjson.dumps(entries)
        if self._write_file({"key": key, "file": file_digest, "todo": []}, hashlib.sha256(body).hexdigest().encode(), body):
            try:
                stat = os.stat(self.path)
                self._loaded = ((stat.st_ino, stat.st_size, stat.st_mtime_ns), key, file_digest, entries)
            except OSError:
                self._loaded = None

    def _write_file(self, bound: dict[str, Any], body_digest: bytes, body: bytes) -> bool:
        binding = orjson.dumps(bound)
        head = b" ".join((FORMAT, hashlib.sha256(binding).hexdigest().encode(), body_digest)) + b"\n"
        self._loaded = None
        return self._write(self.path, [head, binding, b"\n", body])
