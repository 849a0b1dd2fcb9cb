"""The parcels table read from the data file without parsing it: each record's JSON text kept
under its doc id, parsed when first read (docs/performance.md, "`Desk.open` at 1M").

A parsed parcel record costs ~1.7 KB of Python objects, its text ~435 bytes: at 1,000,000
parcels that is 2.2 GB against ~0.5 GB. The texts are cut from the file as it is read, a few
MB at a time (`split_parcels`), at the boundaries claimdesk's own writes make: orjson writes a
parcel as a flat object and escapes every `"` inside a string, so `},"ID":{` is only where one
record ends and the next begins. What is cut is trusted only once it is proved (`verify`: each
piece parses to exactly those doc ids, and orjson writes exactly that text back), or when the
validation stamp says these very bytes were proved so before.

`LazyTable` is a Mapping (not a dict: `.values()` never hands out a text): reading a record
parses it and keeps the parsed dict in its place, so later reads and in-place changes see the
same dict. The writer copies an unparsed record's text as it is: byte for byte what orjson
would write for it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, MutableMapping
from dataclasses import dataclass
from itertools import repeat
from typing import Any

import orjson

# One record's end and the next one's doc id and start (file_records.py searches the same).
BOUNDARY = re.compile(rb'\},"([0-9]+)":\{')
FIRST = re.compile(rb'\{"([0-9]+)":\{')
_PARCELS_KEY = b',"parcels":{"'
_HEAD_LIMIT = 1 << 16  # the parcels table starts within the file's first 64 KB (meta, settings)
PIECE_BYTES = 1 << 20  # records parsed together when many are read at once
_BATCH = 1 << 16  # records whose values are picked out of their texts at once
# records.parcel_to_record writes the tracking number first, and an empty list as `[]`.
_TRACKING = re.compile(rb'"tracking":"([^"\\]*)"')
_TRACKING_FIRST = b'"tracking":"'
_NO_OTHER_NUMBERS = b'"other_numbers":[]'


class LazyTable(MutableMapping[str, Any]):
    """doc id -> record, in file order; a record is its text (bytes, between its braces) until
    first read. Every text held is proved (see the module's docstring)."""

    __slots__ = ("_items", "checked", "cut_right", "flat")

    def __init__(self, items: dict[str, Any]) -> None:
        self._items = items
        # Every record encoded since (by `encoded`, or added at the end: `note_added`) is cut
        # from a file at its own boundaries, as the texts held are: the file written from this
        # table needs no proof when read again (the stamp says so).
        self.cut_right = True
        self.flat = False  # every text is known to hold no `{` (see _flat_texts)
        # What the validator found in a pass over every piece (validation.PieceCheck), while the
        # table is as it was read: any change forgets it.
        self.checked: object = None

    def __getitem__(self, key: str) -> Any:
        value = self._items[key]
        if type(value) is bytes:
            value = self._items[key] = orjson.loads(b"{" + value + b"}")
        return value

    def __setitem__(self, key: str, value: Any) -> None:
        if type(value) is bytes:  # a text here would be taken for a record's
            raise TypeError("a record, not bytes")
        self.checked = None
        self._items[key] = value

    def __delitem__(self, key: str) -> None:
        self.checked = None
        del self._items[key]

    def __contains__(self, key: object) -> bool:
        return key in self._items

    def __iter__(self) -> Iterator[str]:
        return iter(self._items)

    def __len__(self) -> int:
        return len(self._items)

    def __repr__(self) -> str:
        return f"LazyTable({len(self._items)} records, {self.unparsed()} unparsed)"

    # Going through every record parses all of them first, in pieces (C speed), and then
    # hands out the dict's own views: every value in them is a parsed record.
    def values(self) -> Any:
        self.parse_all()
        return self._items.values()

    def items(self) -> Any:
        self.parse_all()
        return self._items.items()

    def unparsed(self) -> int:
        """How many records are still texts."""
        return list(map(type, self._items.values())).count(bytes)

    def parse_all(self) -> None:
        """Parse every record still a text, a piece at a time, each in its place."""
        if not self.unparsed():
            return
        items = self._items
        unparsed = [key for key, value in items.items() if type(value) is bytes]
        # Each text is let go as its piece is parsed: never every text and every record at once.
        for _keys, joined in _pieces((key, items[key]) for key in unparsed):
            self._items.update(orjson.loads(joined))  # the same keys: each value in its place

    def pieces(self) -> Iterator[dict[str, Any]]:
        """The records a piece at a time, in order, as fresh dicts parsed from their texts (a
        record already parsed is encoded and parsed again): for a pass over every record
        that keeps none of them (the load's validation)."""
        for _keys, joined in _pieces(self._items.items()):
            yield orjson.loads(joined)

    def verify(self, each: Callable[[dict[str, Any]], object] | None = None) -> bool:
        """Whether every text is one record under its doc id, exactly as orjson writes it;
        `each` is given every piece parsed on the way (the load's validation: one parse for both)."""
        for keys, joined in _pieces(self._items.items()):
            try:
                parsed = orjson.loads(joined)
            except orjson.JSONDecodeError:
                return False
            if type(parsed) is not dict or list(parsed) != keys or set(map(type, parsed.values())) != {dict}:
                return False
            if orjson.dumps(parsed) != joined:
                return False
            if each is not None:
                each(parsed)
        return True

    def trackings(self) -> list[str]:
        """Every record's tracking number, in order, read from the texts (a text without the
        tracking number first, as a plain string, is parsed)."""
        values = list(self._items.values())
        if values and set(map(type, values)) == {bytes} and all(map(bytes.startswith, values, repeat(_TRACKING_FIRST))):
            found = _decoded_strings(values, b'"tracking":')  # the first key: the top level's
            if found is not None:
                return found
        return [self._tracking_of(key, value) for key, value in self._items.items()]

    def _tracking_of(self, key: str, value: Any) -> Any:
        if type(value) is bytes:
            found = _TRACKING.match(value)
            if found is not None:
                return found[1].decode()
        return self[key]["tracking"]

    def other_numbers(self) -> list[tuple[str, str]]:
        """(other number, tracking number) of every record that has other numbers: a flat
        record whose text says `"other_numbers":[]` has none, any other one is parsed."""
        found = []
        for key, none in zip(self._items, self._flat_and_saying(_NO_OTHER_NUMBERS), strict=True):
            if not none:
                record = self[key]
                for number in record.get("other_numbers") or ():
                    found.append((number, record["tracking"]))
        return found

    def column(self, name: str) -> list[Any]:
        """record.get(name) of every record, in order: read from the texts where the record is
        flat (no `{` in its text: each key named once, at the top level) and the value a plain
        string or the key absent (None); from the parsed record otherwise."""
        key = b'"%s":' % name.encode()
        values = list(self._items.values())
        if self._flat_texts(values):  # passes in C over the texts, parsing none
            if not any(map(bytes.__contains__, values, repeat(key))):  # the key in no record
                return [None] * len(values)
            found = _decoded_strings(values, key)
            if found is not None:
                return found
        return [self._value_of(doc, value, key, name) for doc, value in self._items.items()]

    def _value_of(self, doc: str, value: Any, key: bytes, name: str) -> Any:
        if type(value) is bytes and b"{" not in value:
            if key not in value:
                return None
            found = _strings_after([value], key)
            if found is not None:
                return found[0].decode()
        return self[doc].get(name)

    def _flat_and_saying(self, form: bytes) -> list[bool]:
        """For each record: its text is flat (no `{` in it: the key `form` starts with is named
        once, at the top level) and holds `form`. False for a parsed record."""
        values = list(self._items.values())
        if not self._flat_texts(values):
            return [type(value) is bytes and b"{" not in value and form in value for value in values]
        return list(map(bytes.__contains__, values, repeat(form)))

    def _flat_texts(self, values: list[Any]) -> bool:
        """Every value a text and none holds a `{` (a nested object, or one in a string): every
        key in them is named once, at the top level. Kept once true: texts never change."""
        if not values or set(map(type, values)) != {bytes}:
            return False
        if not self.flat:
            self.flat = not any(map(bytes.__contains__, values, repeat(b"{")))
        return self.flat

    def encoded(self) -> list[bytes]:
        """orjson.dumps of the table (every record parsed) in pieces: the texts copied as they
        are, each run of parsed records encoded by orjson in one call (C speed: an app that has
        parsed all 100,000 writes them as fast as a dict)."""
        if not self.unparsed():  # every record parsed (the app's list filled): the dict itself
            text = orjson.dumps(self._items)
            self._note_run(text, len(self._items) + 1)  # the table's own `}` too
            return [text]
        pieces: list[bytes] = []
        texts: list[bytes] = []
        parsed: dict[str, Any] = {}
        for key, value in self._items.items():
            if type(value) is bytes:
                if parsed:
                    pieces.append(self._run_text(parsed))
                    parsed = {}
                texts.append(_member(key, value))
                if len(texts) >= _BATCH:
                    pieces.append(b",".join(texts))
                    texts = []
            else:
                if texts:
                    pieces.append(b",".join(texts))
                    texts = []
                parsed[key] = value
        if texts:
            pieces.append(b",".join(texts))
        if parsed:
            pieces.append(self._run_text(parsed))
        return [b"{", *_commas(pieces), b"}"]

    def _run_text(self, run: dict[str, Any]) -> bytes:
        """The members of a run of parsed records as orjson writes them (`"ID":{...},...`)."""
        text = orjson.dumps(run)[1:-1]
        self._note_run(text, len(run))
        return text

    def _note_run(self, text: bytes, braces: int) -> None:
        """Whether the records encoded as `text` are cut at their own boundaries: a flat record
        holds one `}`, its own; any more (nested, or one in a string) is a record to prove when
        the file is read again. A count of one byte, at memchr speed."""
        if self.cut_right and text.count(b"}") != braces:
            self.cut_right = False

    def note_added(self, member: bytes) -> None:
        """`"ID":{...}` was written for one of the records: is it cut at its own boundaries?"""
        if self.cut_right and not is_whole_member(member):
            self.cut_right = False


def is_whole_member(member: bytes) -> bool:
    """An encoded member (`"ID":{...}`) is one record that split_parcels cuts as one: a flat
    object, or at least one with no boundary and no table end inside its text."""
    opening = member.find(b":{")
    if opening < 0 or member.endswith(b"}}") or b'}},"' in member:  # `}},"` ends the table
        return False
    return BOUNDARY.search(member, opening + 2) is None


def _commas(pieces: list[bytes]) -> Iterator[bytes]:
    for index, piece in enumerate(pieces):
        if index:
            yield b","
        yield piece


def _decoded_strings(values: list[bytes], key: bytes) -> list[str] | None:
    """_strings_after, decoded, a batch of texts at a time (its lists of positions and slices
    are ~100 bytes a record while they last)."""
    column: list[str] = []
    for start in range(0, len(values), _BATCH):
        found = _strings_after(values[start : start + _BATCH], key)
        if found is None:
            return None
        column += map(bytes.decode, found)
    return column


def _strings_after(values: list[bytes], key: bytes) -> list[bytes] | None:
    """The plain JSON string value of `key` (`"name":`) in each text, found by passes in C;
    None when a text lacks the key, its value is not a string, or a value holds a `\\` (an
    escape: that record is parsed instead). The texts must be flat (one `key` each at most)."""
    starts = list(map(bytes.find, values, repeat(key + b'"')))
    if -1 in starts:
        return None
    firsts = list(map(int.__add__, starts, repeat(len(key) + 1)))
    ends = list(map(bytes.find, values, repeat(b'"'), firsts))
    if -1 in ends:
        return None
    found = list(map(bytes.__getitem__, values, map(slice, firsts, ends)))
    if b"\\" in b"".join(found):
        return None
    return found


def _member(key: str, value: Any) -> bytes:
    """`"ID":{...}` as orjson writes a table's member: a text between braces, a record encoded."""
    if type(value) is bytes:
        return b'"%s":{%s}' % (key.encode(), value)
    return b'"%s":%s' % (key.encode(), orjson.dumps(value))


def _pieces(items: Iterable[tuple[str, Any]]) -> Iterator[tuple[list[str], bytes]]:
    """(doc ids, the JSON object of their records) about PIECE_BYTES at a time, in order."""
    keys: list[str] = []
    part: list[bytes] = []
    size = 0
    for key, value in items:
        text = _member(key, value)
        keys.append(key)
        part.append(text)
        size += len(text)
        if size >= PIECE_BYTES:
            yield keys, b"{" + b",".join(part) + b"}"
            keys, part, size = [], [], 0
    if part:
        yield keys, b"{" + b",".join(part) + b"}"


@dataclass
class Split:
    """A data file cut around its parcels table: `head` up to and with the table's `{`, the
    records' texts by doc id, `tail` after the table's `}`, and the file's size."""

    head: bytes
    texts: dict[str, bytes]
    tail: bytes
    size: int

    @property
    def rest(self) -> bytes:
        """The file with the parcels table emptied (`{}`)."""
        return self.head + b"}" + self.tail

    @property
    def table_span(self) -> tuple[int, int]:
        """Where the parcels table's text (`{` to `}`) lies in the file."""
        return len(self.head) - 1, self.size - len(self.tail)


def split_parcels(chunks: Iterable[bytes]) -> Split | None:
    """Cut a data file, read as `chunks` in order, into the parcels' texts and the rest,
    holding only the texts and one chunk at a time. None when the file is not laid out as
    claimdesk writes it (the parcels table, not empty, within the first 64 KB; doc ids as
    text digits, once each): the caller parses the file whole. What is cut is not proved here
    (LazyTable.verify, and the rest must parse with the table empty)."""
    stream = iter(chunks)
    buffer, size = b"", 0
    found = -1
    for chunk in stream:
        buffer += chunk
        size += len(chunk)
        if found < 0:
            found = buffer.find(_PARCELS_KEY, 0, _HEAD_LIMIT)
        if found < 0 and len(buffer) >= _HEAD_LIMIT:
            return None
        if found >= 0 and len(buffer) > found + 64:  # the first record's doc id read too
            break
    if found < 0:
        return None
    opening = found + len(_PARCELS_KEY) - 2
    first = FIRST.match(buffer, opening)
    if first is None:
        return None
    head = buffer[: opening + 1]
    texts: dict[str, bytes] = {}
    count = 0
    key = first[1].decode()
    carry = buffer[first.end() :]  # the text of record `key` so far, and what follows
    del buffer
    ended = False
    while True:
        end = carry.find(b'}},"')  # the last record's `}`, then the table's
        if end < 0 and ended:
            if not carry.endswith(b"}}}"):  # the parcels may be the file's last table
                return None
            end = len(carry) - 3
        parts = BOUNDARY.split(carry if end < 0 else carry[:end])
        keys = [key, *map(bytes.decode, parts[1::2])]
        values = parts[0::2]
        if end < 0:  # the last text is not whole yet: carried on to the next chunk
            key, last = keys.pop(), values.pop()
        texts.update(zip(keys, values, strict=True))
        count += len(keys)
        if end >= 0:
            tail_parts = [carry[end + 2 :]]
            for chunk in stream:
                tail_parts.append(chunk)
                size += len(chunk)
            tail = b"".join(tail_parts)
            break
        carry = last
        more = next(stream, None)
        if more is None:
            ended = True
        else:
            carry += more
            size += len(more)
    if len(texts) != count:  # a doc id twice
        return None
    return Split(head, texts, tail, size)


__all__ = ["BOUNDARY", "FIRST", "LazyTable", "Split", "split_parcels"]
