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
from typing import Any, NamedTuple, Protocol, TypeGuard
from zoneinfo import ZoneInfo

import orjson

from claimdesk.domain.clock_history import record_changes, shown_history
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
    """What the cache reads of the desk's data: the repository's parsed records, or single
    records read from the file's bytes (store/file_records.py)."""

    def record_digests(self, trackings: Iterable[str]) -> dict[str, str]: ...
    def clock_inputs(self, tracking: str) -> tuple[ClockSubject, Sequence[Complaint]]: ...
    def clock_facts(self, tracking: str) -> tuple[str, int]: ...  # (doc id, revision: see Facts)


class Facts(NamedTuple):
    """What the calendar reads of a parcel's records besides its clocks (calendar_export): kept
    in its entry, so the calendar needs no record either. Instants in UTC."""

    revision: int  # the parcel record's revision plus each of its complaints' revision + 1
    created_at: datetime
    changes: list[datetime]  # clock_history.record_changes


class Ended(NamedTuple):
    """A stretch of clock_history.shown_history that ended: the calendar's cancelled events."""

    deadline: Deadline
    end: datetime  # UTC
    version: int


# tracking -> [record digest, from (µs), until (µs, or -1: no end), [stored deadline, ...],
#              doc id, revision, created (µs), [change (µs), ...], [ended stretch, ...] or None]
# The ended stretches are computed when the calendar first needs them (None until then).
Entry = list[Any]
_ENTRY_LENGTH = 9
_DOC, _REVISION, _CREATED, _CHANGES, _ENDED = 4, 5, 6, 7, 8


def to_compute(doc: str | None) -> Entry:
    """The entry of a parcel to compute when next read (a write changed its records; `doc`:
    its doc id, or None when unknown)."""
    return [None, doc]


def is_computed(entry: Any) -> TypeGuard[Entry]:
    """The entry holds computed clocks (not a parcel left to compute)."""
    return type(entry) is list and len(entry) == _ENTRY_LENGTH and type(entry[0]) is str


def doc_ids(entries: Mapping[str, Entry]) -> dict[str, Any]:
    """tracking -> the parcel's doc id as its entry names it (for reading its record)."""
    return {
        tracking: entry[_DOC] if is_computed(entry) else entry[1] if type(entry) is list and len(entry) > 1 else None
        for tracking, entry in entries.items()
    }


def _from_micros(value: int) -> datetime:
    return _EPOCH + timedelta(microseconds=value)


# A large cache (a 1M desk's: 220,000 entries, 64 MB, ~1 s to rewrite) is not rewritten for
# entries computed again (deadlines) or stretches computed (ended) that are fewer than 1 entry
# in _RESAVE_SHARE: they are computed again next time. A smaller one is rewritten for any: its
# rewrite costs less than a recompute that builds a year's holiday calendar (~0.1 s).
_RESAVE_SHARE = 100
_FEW_KEPT_FROM = 100_000


def _few(computed: int, entries: int) -> bool:
    """Too few computed entries to rewrite the cache for (see _RESAVE_SHARE)."""
    return entries >= _FEW_KEPT_FROM and computed * _RESAVE_SHARE < entries


class ClockCache:
    """The cache of one data file (see the module's docstring)."""

    def __init__(self, path: Path, write: Callable[[Path, list[bytes]], bool]) -> None:
        self.path = path  # `.NAME.clocks` beside the real data file
        self._write = write  # the store's atomic, locked writer; False when it did not write
        self._loaded: tuple[tuple[int, int, int], dict[str, Any], dict[str, Entry]] | None = None
        # The last call's entries and what binds them (for facts() and ended()).
        self._last: tuple[dict[str, Any], dict[str, Entry]] | None = None
        self.computed = 0  # parcels computed (not taken from the cache) by the last call: for tests

    def _read(self) -> tuple[tuple[int, int, int], bytes, dict[str, Any], bytes] | None:
        """(signature, entries' digest, what binds them, their bytes) as stored, the binding
        checked against its digest (the entries' is checked when they are parsed); None when
        missing or damaged. The file is three lines: FORMAT, the two sha256s; the binding
        (JSON: key, file, todo, settings, tables); the entries (JSON). A write rebinds them
        without reading the entries."""
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
        if (
            type(bound) is not dict
            or type(bound.get("key")) is not str
            or type(bound.get("todo")) is not dict
            or not (bound.get("file") is None or type(bound.get("file")) is str)
        ):
            return None
        return (stat.st_ino, stat.st_size, stat.st_mtime_ns), parts[3], bound, body

    def _load(self) -> tuple[dict[str, Any], dict[str, Entry]]:
        """(what binds the entries, the entries) as stored; ({}, {}) when missing, damaged or
        foreign. The parcels a write changed since (`todo`) come back as entries to compute,
        those it removed not at all."""
        empty: tuple[dict[str, Any], dict[str, Entry]] = ({}, {})
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
        if type(entries) is not dict:
            return empty
        for tracking, doc in bound["todo"].items():
            if doc is None:
                entries.pop(tracking, None)
            else:
                entries[tracking] = to_compute(doc)
        self._loaded = (signature, bound, entries)
        return bound, entries

    def written_for(self, file_digest: str) -> tuple[dict[str, Any], dict[str, Entry]] | None:
        """(what binds the entries, the entries) when the cache was written for the data file
        of sha256 `file_digest` (or rebound to it by a write), else None."""
        bound, entries = self._load()
        return (bound, entries) if bound.get("file") == file_digest and entries else None

    def deadlines(
        self,
        trackings: Iterable[str],
        now: datetime,
        settings: Settings,
        settings_record: Any,
        file_digest: str | None,
        source: Source,
        compute: Compute,
        binding: Mapping[str, Any] | None = None,
    ) -> list[Deadline]:
        """compute(...) of every parcel in `trackings` at now, taken from the cache where it holds.

        `file_digest`: the sha256 of the data file the desk holds (None while unsaved changes
        are pending): when the cache was written for those very bytes, its record digests hold.
        `binding`: what else the cache keeps of that file (its settings record and where its
        tables lie), for the quick path that reads no record (Repository.clocks).
        """
        key = cache_key(settings_record)
        bound, stored = self._load()
        stored_key, stored_digest = bound.get("key"), bound.get("file")
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
                is_computed(entry)
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
        # A few entries computed again (the clocks that turned since the last run) are not worth
        # rewriting the whole cache for: they are computed again next time until they are many.
        changed = stored_digest != file_digest or stored_key != key or not _few(len(todo), len(stored)) or bool(bound.get("todo"))
        self.computed = len(todo)
        if digests is None:  # the file is the one the cache was written for: its digests hold
            digests = {tracking: stored[tracking][0] for tracking in todo if is_computed(stored.get(tracking))}
            unknown = [tracking for tracking in todo if tracking not in digests]
            if unknown:
                digests.update(source.record_digests(unknown))
        for tracking in todo:
            subject, complaints = source.clock_inputs(tracking)
            found = compute(subject, complaints, now, settings)
            result += found
            entries[tracking] = self._entry(digests[tracking], now, subject, complaints, found, codec, source.clock_facts(tracking))
        if len(entries) != len(stored):
            changed = True
        new_binding = {"key": key, "file": file_digest, "todo": {}, **(binding or {})}
        self._last = (new_binding, entries)
        if changed and file_digest is not None:
            self._save(new_binding, entries)
        return result

    def facts(self, source: Source) -> dict[str, Facts]:
        """The Facts of every parcel of the last deadlines() call (from `source` for an entry
        that could not be stored)."""
        if self._last is None:
            return {}
        found: dict[str, Facts] = {}
        for tracking, entry in self._last[1].items():
            if is_computed(entry):
                found[tracking] = Facts(entry[_REVISION], _from_micros(entry[_CREATED]), list(map(_from_micros, entry[_CHANGES])))
            else:
                subject, complaints = source.clock_inputs(tracking)
                found[tracking] = Facts(source.clock_facts(tracking)[1], subject.created_at, record_changes(subject, complaints))
        return found

    def ended(self, trackings: Iterable[str], settings: Settings, source: Source) -> dict[str, list[Ended]]:
        """The ended stretches of these parcels' shown_history (of the last deadlines() call's
        parcels), computed once per entry and kept with it."""
        if self._last is None:
            return {}
        bound, entries = self._last
        codec = _codec()
        found: dict[str, list[Ended]] = {}
        kept: dict[str, list[Any]] = {}
        todo: list[str] = []
        for tracking in trackings:
            entry = entries.get(tracking)
            if entry is None:
                continue
            stored = entry[_ENDED] if is_computed(entry) else None
            if type(stored) is list and all(
                type(item) is list and len(item) == codec.width + 2 and type(item[-2]) is int and type(item[-1]) is int for item in stored
            ):
                kept[tracking] = stored
            else:
                todo.append(tracking)
        try:  # every kept stretch at once, a column at a time (as the deadlines)
            items = [item for stored in kept.values() for item in stored]
            deadlines = iter(codec.decode([t for t, stored in kept.items() for _ in stored], [item[:-2] for item in items]))
            ends = iter(map(_from_micros, [item[-2] for item in items]))
            for tracking, stored in kept.items():
                found[tracking] = [Ended(next(deadlines), next(ends), item[-1]) for item in stored]
        except (ValueError, TypeError, KeyError, OverflowError):  # damaged somewhere: computed again
            found = {}
            todo = [*kept, *todo]
        computed = False
        for tracking in todo:
            entry = entries[tracking]
            subject, complaints = source.clock_inputs(tracking)
            shown = shown_history(subject, complaints, settings)
            found[tracking] = [Ended(item.deadline, item.end, item.version) for item in shown if item.end is not None]
            if not is_computed(entry):
                continue
            try:
                entry[_ENDED] = [[*codec.encode(item.deadline), micros(item.end), item.version] for item in shown if item.end is not None]
                computed = True
            except (ValueError, TypeError):
                pass  # not storable: computed again next time
        # Kept for next time when they are many (a first calendar); a few parcels' stretches (a
        # day's clocks that turned) are cheaper to compute again than the whole cache to rewrite
        # (64 MB and ~1 s at 1M parcels).
        if computed and bound.get("file") is not None and not _few(len(todo), len(entries)):
            self._save(bound, entries)
        return found

    def rebind(self, replaced: str, digest: str, changed: Mapping[str, str | None], tables: Mapping[str, Any]) -> None:
        """The data file's bytes `replaced` were just replaced by bytes of sha256 `digest` by a
        write that changed the records of the parcels `changed` (tracking -> its doc id now, or
        None: removed) and nothing else the clocks read (called under the data file's lock).
        A cache written for the replaced bytes is bound to the new ones, with those parcels'
        entries left to compute (a new parcel's too) and `tables`, where the new file's tables
        lie: every other entry's record digest is unchanged, so the next `due` takes it
        without reading every record again. A cache for other bytes is left alone. Only the
        binding line is read and written anew; the entries' bytes are copied as they are."""
        read = self._read()
        if read is None:
            return
        _, body_digest, bound, body = read
        if bound.get("file") != replaced:
            return
        bound = {**bound, "file": digest, "todo": {**bound["todo"], **changed}, "tables": dict(tables)}
        self._write_file(bound, body_digest, body)

    @staticmethod
    def _entry(
        digest: str,
        now: datetime,
        subject: ClockSubject,
        complaints: Sequence[Complaint],
        found: list[Deadline],
        codec: _Codec,
        facts: tuple[str, int],
    ) -> Entry:
        doc, revision = facts
        try:
            ends = turns_at(now, subject, complaints, found)
            stored = [codec.encode(d) for d in found]
            changes = list(map(micros, record_changes(subject, complaints)))
            return [
                digest,
                micros(now),
                _FOREVER if ends is None else micros(ends),
                stored,
                doc,
                revision,
                micros(subject.created_at),
                changes,
                None,
            ]
        except (ValueError, TypeError):
            return to_compute(doc)  # something the stored form cannot hold: computed every time

    def _save(self, bound: dict[str, Any], entries: dict[str, Entry]) -> None:
        body = orjson.dumps(entries)
        if self._write_file(bound, hashlib.sha256(body).hexdigest().encode(), body):
            try:
                stat = os.stat(self.path)
                self._loaded = ((stat.st_ino, stat.st_size, stat.st_mtime_ns), bound, entries)
            except OSError:
                self._loaded = None

    def _write_file(self, bound: dict[str, Any], body_digest: bytes, body: bytes) -> bool:
        binding = orjson.dumps(bound)
        head = b" ".join((FORMAT, hashlib.sha256(binding).hexdigest().encode(), body_digest)) + b"\n"
        self._loaded = None
        return self._write(self.path, [head, binding, b"\n", body])
