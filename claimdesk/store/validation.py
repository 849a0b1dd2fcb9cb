"""The one validator of stored records: loading refuses a damaged file with it, `doctor` lists
every problem it finds.

A record is damaged when a field the desk reads is missing or of the wrong type, an instant
has no UTC offset (or is no instant), a number is not finite or out of the domain's bounds,
money is not a string of yuan to the fen, an enum value is unknown, a complaint has no events
or events out of order, or a complaint names a parcel that is not on the desk. Each problem
is a `Damage`, shown as `complaints #3 (abc123): events: empty`.

Two ways through the same rules:
- `damage(data)` checks record by record and returns every problem (doctor; and the load
  path when the fast check fails, to name the first problem).
- `first_damage(data)` is the load path's: the parcels table (100,000 records) is checked
  column by column with C-level passes (types, enum sets, joined regular expressions, ISO
  parsing by `map`), which prove a sound table cheaply; anything unexpected falls back to
  `damage`, so the message is the same either way.

Extra keys are allowed (a newer field, a revision number): only what is known is checked.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from decimal import Decimal, InvalidOperation
from itertools import repeat
from operator import attrgetter, itemgetter
from pathlib import Path
from typing import Any

from claimdesk.domain.complaint_types import ComplaintType
from claimdesk.domain.complaints import Channel, EventKind, Outcome
from claimdesk.domain.errors import ValidationError
from claimdesk.domain.instants import EARLIEST_YEAR, LATEST_YEAR, from_iso
from claimdesk.domain.money import MAX_MONEY, MAX_USD_RATE, MAX_WEIGHT_KG
from claimdesk.domain.parcels import ItemKind, Service, Status
from claimdesk.domain.settings import WHOLE_BOUNDS
from claimdesk.i18n import _
from claimdesk.store import schema
from claimdesk.store.lazy_table import LazyTable
from claimdesk.store.records import REV, settings_from_record

# The tables whose records are parcels: the live ones and, when the workflow adds it, the
# archive (same layout). Every tracking number is unique across them.
PARCEL_TABLES = (schema.PARCELS,)

PARCEL_REQUIRED = ("tracking", "order", "service", "created_at", "status")
# Null when not known; item, weight and shipping fee too (an incomplete parcel: docs/rules.md section 1).
PARCEL_OPTIONAL = (
    "carrier",
    "destination",
    "collected_at",
    "last_tracking_at",
    "item",
    "declared_value",
    "weight",
    "shipping_fee",
    "inquiry_fee",
    "other_numbers",
)
# Written only when set (archived_at, usd_rate) or added later (rev): read with get, never required.
PARCEL_SOMETIMES = ("archived_at", "usd_rate", REV)
PARCEL_KEYS = PARCEL_REQUIRED + PARCEL_OPTIONAL

SERVICES = frozenset(member.value for member in Service)
ITEMS = frozenset(member.value for member in ItemKind)
STATUSES = frozenset(member.value for member in Status)
CHANNELS = frozenset(member.value for member in Channel)
TYPES = frozenset(member.value for member in ComplaintType)
EVENT_KINDS = frozenset(member.value for member in EventKind)
OUTCOMES = frozenset(member.value for member in Outcome)

# Stored forms (records.py writes them): money is money_str's '1200.00'; a weight str(Decimal)
# of what parse_weight accepted ('0.336'). Bounds are the domain's, checked on the value.
_MONEY = r"[0-9]{1,12}\.[0-9]{2}"
_WEIGHT = r"[0-9]{1,12}(?:\.[0-9]{1,3})?"
MONEY_FORM = re.compile(_MONEY)
WEIGHT_FORM = re.compile(_WEIGHT)
# A US dollar rate as str(Decimal) of what parse_usd_rate accepted ('7.10').
RATE_FORM = re.compile(r"[0-9]{1,4}(?:\.[0-9]{1,12})?")
# Text fields: no control characters (they garble a terminal and break CSV).
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_CONTROL_BUT_NEWLINE = re.compile(r"[\x00-\x09\x0b-\x1f\x7f-\x9f]")
_MAX_OFFSET = timedelta(hours=14)
# A parcel's other number as domain.tracking normalises it (no white space, upper case).
NUMBER_FORM = re.compile(r"[A-Z0-9][A-Z0-9-]{3,39}")
_NONE = type(None)


def _rules_key() -> str:
    """Names the rules a stamp was made under (SafeJSONStorage.is_stamped): the sources of this
    validator, of the record layout, of the parcels table's cut and of the domain modules whose
    values and bounds it checks.
    Any change to them, a new claimdesk version say, makes every stamp stale: validated again."""
    from claimdesk import domain

    here = Path(__file__).resolve().parent
    # lazy_table.py cuts the parcels table: a `split` stamp vouches for its cut (storage.py).
    sources = [here / "validation.py", here / "records.py", here / "schema.py", here / "lazy_table.py"]
    sources += [
        Path(domain.__path__[0]) / name
        for name in ("parcels.py", "complaints.py", "complaint_types.py", "settings.py", "money.py", "instants.py")
    ]
    digest = hashlib.sha256()
    for source in sources:
        try:
            digest.update(source.read_bytes())
        except OSError:
            digest.update(source.name.encode())
    return "claimdesk-validated-1:" + digest.hexdigest()[:32]


RULES_KEY = _rules_key()


@dataclass(frozen=True)
class Damage:
    """One problem of one stored record."""

    table: str
    doc_id: str
    name: str  # the parcel's tracking number or the complaint's id, when readable
    field: str
    problem: str

    def __str__(self) -> str:
        where = f"{self.table} #{self.doc_id}" + (f" ({self.name})" if self.name else "")
        return f"{where}: {self.field}: {self.problem}" if self.field else f"{where}: {self.problem}"


# ---------------------------------------------------------------------------- values


def instant_problem(value: Any) -> str | None:
    """Why a stored instant is not one (ISO 8601 with a UTC offset, years 2000-2100), or None."""
    if type(value) is not str:
        return _("not an instant (a {type})").format(type=_type_name(value))
    try:
        parsed = from_iso(value)
    except ValueError:
        return _("not an ISO 8601 instant: {value!r}").format(value=value[:40])
    offset = parsed.utcoffset()
    if offset is None:
        return _("{value!r} has no UTC offset").format(value=value[:40])
    if abs(offset) > _MAX_OFFSET:
        return _("{value!r} has an impossible UTC offset").format(value=value[:40])
    if not EARLIEST_YEAR <= parsed.year <= LATEST_YEAR:
        return _("{value!r} is outside the years {earliest}-{latest}").format(value=value[:40], earliest=EARLIEST_YEAR, latest=LATEST_YEAR)
    return None


def money_problem(value: Any) -> str | None:
    """Why a stored amount is not yuan to the fen as a string ('1200.00'), or None."""
    if type(value) is not str:
        return _("not an amount stored as text (a {type})").format(type=_type_name(value))
    if not MONEY_FORM.fullmatch(value):
        return _("not an amount in yuan to the fen: {value!r}").format(value=value[:40])
    if Decimal(value) > MAX_MONEY:
        return _("{value} is more than the largest amount the desk takes").format(value=value)
    return None


def weight_problem(value: Any) -> str | None:
    """Why a stored weight is not a finite number of kg, more than 0 (a string), or None."""
    if type(value) is not str:
        return _("not a weight stored as text (a {type})").format(type=_type_name(value))
    if not WEIGHT_FORM.fullmatch(value):
        return _("not a weight in kg: {value!r}").format(value=value[:40])
    weight = Decimal(value)
    if not 0 < weight <= MAX_WEIGHT_KG:
        return _("{value} kg is outside 0-{limit} kg").format(value=value, limit=MAX_WEIGHT_KG)
    return None


def usd_rate_problem(value: Any) -> str | None:
    """Why a stored US dollar rate is not yuan per dollar as text, more than 0, or None."""
    if type(value) is not str:
        return _("not a rate stored as text (a {type})").format(type=_type_name(value))
    if not RATE_FORM.fullmatch(value) or not 0 < Decimal(value) <= MAX_USD_RATE:
        return _("not a rate in yuan per US dollar: {value!r}").format(value=value[:40])
    return None


# Every whole number the file holds is bounded, so arithmetic on it (rev + 1 on the next write)
# stays a number every JSON reader takes exactly: 2^53 - 1, far beyond any count of writes.
MAX_REV = 2**53 - 1


def rev_problem(value: Any) -> str | None:
    """Why a stored revision (`rev`, records.py) is not a whole number from 0 to MAX_REV, or None."""
    if type(value) is not int or not 0 <= value <= MAX_REV:
        return _("not a whole number from 0 to {limit}: {value}").format(limit=MAX_REV, value=_short(value))
    return None


def other_numbers_problem(value: Any) -> str | None:
    """Why stored other numbers are not a list of tracking-number texts, each once, or None."""
    if type(value) is not list:
        return _("not a list (a {type})").format(type=_type_name(value))
    for number in value:
        if type(number) is not str or not NUMBER_FORM.fullmatch(number):
            return _("{value} is not a tracking number").format(value=_short(number))
    if len(set(value)) != len(value):
        return _("a number is listed twice")
    return None


def _choice_problem(value: Any, known: frozenset[str]) -> str | None:
    if type(value) is not str or value not in known:
        return _("{value} is not one of: {choices}").format(value=_short(value), choices=", ".join(sorted(known)))
    return None


def _text_problem(value: Any, *, required: bool, newlines: bool = False) -> str | None:
    if value is None and not required:
        return None
    if type(value) is not str:
        return _("not text (a {type})").format(type=_type_name(value))
    if required and not value.strip():
        return _("empty")
    if (_CONTROL_BUT_NEWLINE if newlines else _CONTROL).search(value):
        return _("contains control characters")
    return None


def _type_name(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, (int, float)):
        return "number"
    if isinstance(value, list):
        return "list"
    if isinstance(value, dict):
        return "object"
    return type(value).__name__


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


# ---------------------------------------------------------------------------- records

Check = Callable[[Any], "str | None"]

_PARCEL_FIELDS: tuple[tuple[str, bool, Check], ...] = (
    ("tracking", True, lambda v: _text_problem(v, required=True)),
    ("order", True, lambda v: _text_problem(v, required=False) if v is not None else _("not text (a null)")),  # may be empty
    ("service", True, lambda v: _choice_problem(v, SERVICES)),
    ("carrier", False, lambda v: _text_problem(v, required=False)),
    ("destination", False, lambda v: _text_problem(v, required=False)),
    ("created_at", True, instant_problem),
    ("collected_at", False, instant_problem),
    ("last_tracking_at", False, instant_problem),
    ("item", False, lambda v: _choice_problem(v, ITEMS)),
    ("declared_value", False, money_problem),
    ("weight", False, weight_problem),
    ("shipping_fee", False, money_problem),
    ("inquiry_fee", False, money_problem),
    ("status", True, lambda v: _choice_problem(v, STATUSES)),
    ("archived_at", False, instant_problem),  # set while the seller keeps the parcel archived
    ("other_numbers", False, other_numbers_problem),
    ("usd_rate", False, usd_rate_problem),  # set when its amounts came in US dollars
)


def parcel_damage(table: str, doc_id: str, record: Any) -> list[Damage]:
    """Every problem of one stored parcel."""
    if type(record) is not dict:
        return [Damage(table, doc_id, "", "", _("not a parcel record (a {type})").format(type=_type_name(record)))]
    name: str = record["tracking"] if type(record.get("tracking")) is str else ""
    found = []
    for field, required, check in _PARCEL_FIELDS:
        if field not in record:
            if required:
                found.append(Damage(table, doc_id, name, field, _("missing")))
            continue
        value = record[field]
        if value is None and not required:
            continue
        problem = check(value)
        if problem is not None:
            found.append(Damage(table, doc_id, name, field, problem))
    if name and type(record.get("other_numbers")) is list and name in record["other_numbers"]:
        found.append(
            Damage(table, doc_id, name, "other_numbers", _("{tracking} is the parcel's own tracking number").format(tracking=name))
        )
    if record.get(REV) is not None and rev_problem(record[REV]) is not None:  # null reads as none
        found.append(Damage(table, doc_id, name, REV, rev_problem(record[REV]) or ""))
    return found


def complaint_damage(doc_id: str, record: Any) -> list[Damage]:
    """Every problem of one stored complaint (the parcel it names is checked by `damage`)."""
    table = schema.COMPLAINTS
    if type(record) is not dict:
        return [Damage(table, doc_id, "", "", _("not a complaint record (a {type})").format(type=_type_name(record)))]
    name: str = record["id"] if type(record.get("id")) is str else ""
    found: list[Damage] = []

    def add(field: str, problem: str | None) -> None:
        if problem is not None:
            found.append(Damage(table, doc_id, name, field, problem))

    for field in ("id", "tracking"):
        add(field, _("missing") if field not in record else _text_problem(record[field], required=True))
    add("type", _("missing") if "type" not in record else _choice_problem(record["type"], TYPES))
    if "channel" in record:
        add("channel", _choice_problem(record["channel"], CHANNELS))
    if record.get(REV) is not None:
        add(REV, rev_problem(record[REV]))
    if "attempt" in record:
        attempt = record["attempt"]
        # bounded like rev (a number the desk can write back); the limit of two is doctor's rule check
        if type(attempt) is not int or not 0 <= attempt <= MAX_REV:
            add("attempt", _("not a whole number from 0 to {limit}: {value}").format(limit=MAX_REV, value=_short(attempt)))
    for field in ("note", "contact"):
        add(field, _text_problem(record.get(field), required=False, newlines=True))
    evidence = record.get("evidence")
    if evidence is not None:
        if type(evidence) is not list:
            add("evidence", _("not a list (a {type})").format(type=_type_name(evidence)))
        else:
            for index, item in enumerate(evidence):
                add(f"evidence[{index}]", _text_problem(item, required=False))
    if record.get("follow_up_at") is not None:
        add("follow_up_at", instant_problem(record["follow_up_at"]))
    if record.get("claimed") is not None:
        add("claimed", money_problem(record["claimed"]))
    events = record.get("events", ...)
    if events is ...:
        add("events", _("missing"))
    elif type(events) is not list:
        add("events", _("not a list (a {type})").format(type=_type_name(events)))
    elif not events:
        add("events", _("empty"))
    else:
        found += _event_damage(table, doc_id, name, events)
    return found


def _event_damage(table: str, doc_id: str, name: str, events: list[Any]) -> list[Damage]:
    found: list[Damage] = []
    previous: datetime | None = None
    for index, event in enumerate(events):
        where = f"events[{index}]"

        def add(field: str, problem: str | None, where: str = where) -> None:
            if problem is not None:
                found.append(Damage(table, doc_id, name, f"{where}.{field}" if field else where, problem))

        if type(event) is not dict:
            add("", _("not an event (a {type})").format(type=_type_name(event)))
            previous = None
            continue
        kind = event.get("kind")
        add("kind", _("missing") if "kind" not in event else _choice_problem(kind, EVENT_KINDS))
        if index == 0 and kind in EVENT_KINDS and kind != EventKind.FILED.value:
            add("kind", _("the first event must be the filing, not {kind!r}").format(kind=kind))
        for field in ("at", "recorded_at"):
            add(field, _("missing") if field not in event else instant_problem(event[field]))
        if event.get("outcome") is not None:
            add("outcome", _choice_problem(event["outcome"], OUTCOMES))
        for field in ("claimed", "received"):
            if event.get(field) is not None:
                add(field, money_problem(event[field]))
        add("note", _text_problem(event.get("note"), required=False, newlines=True))
        retracted = event.get("retracted_at")
        if retracted is not None:
            add("retracted_at", instant_problem(retracted))
            add("retraction_reason", _text_problem(event.get("retraction_reason"), required=False, newlines=True))
            continue  # a retracted event stays in the history and takes no part in the order
        at = from_iso(event["at"]) if instant_problem(event.get("at")) is None else None
        if at is not None and previous is not None and at < previous:
            add("at", _("before the event it follows: events out of order"))
        previous = at if at is not None else previous
    return found


def settings_damage(doc_id: str, record: Any) -> list[Damage]:
    """Problems of the stored settings: types first, then the domain's bounds (Settings.validate)."""
    table = schema.SETTINGS
    if type(record) is not dict:
        return [Damage(table, doc_id, "", "", _("not a settings record (a {type})").format(type=_type_name(record)))]
    found: list[Damage] = []
    if record.get(REV) is not None and rev_problem(record[REV]) is not None:
        found.append(Damage(table, doc_id, "", REV, rev_problem(record[REV]) or ""))
    for name in WHOLE_BOUNDS:
        if name in record and type(record[name]) is not int:
            found.append(Damage(table, doc_id, "", name, _("not a whole number: {value}").format(value=_short(record[name]))))
    opens = record.get("window_opens_hours", {})
    if type(opens) is not dict:
        found.append(Damage(table, doc_id, "", "window_opens_hours", _("not an object (a {type})").format(type=_type_name(opens))))
    else:
        for ctype, hours in opens.items():
            if type(hours) is not int:
                found.append(
                    Damage(table, doc_id, "", f"window_opens_hours.{ctype}", _("not a whole number: {value}").format(value=_short(hours)))
                )
    multipliers = record.get("carrier_multipliers", {})
    numbers = [("special_line_multiplier", record["special_line_multiplier"])] if "special_line_multiplier" in record else []
    if type(multipliers) is not dict:
        found.append(Damage(table, doc_id, "", "carrier_multipliers", _("not an object (a {type})").format(type=_type_name(multipliers))))
    else:
        numbers += [(f"carrier_multipliers.{carrier}", value) for carrier, value in multipliers.items()]
    for field, value in numbers:
        if not _is_number_text(value):
            found.append(Damage(table, doc_id, "", field, _("not a number stored as text: {value}").format(value=_short(value))))
    if record.get("usd_rate") is not None and usd_rate_problem(record["usd_rate"]) is not None:
        found.append(Damage(table, doc_id, "", "usd_rate", usd_rate_problem(record["usd_rate"]) or ""))
    if found:
        return found
    try:
        settings_from_record(record)
    except ValidationError as error:
        return [Damage(table, doc_id, "", error.field, error.message)]
    except (TypeError, ValueError, KeyError, AttributeError, ArithmeticError) as error:
        return [Damage(table, doc_id, "", "", f"{type(error).__name__}: {str(error)[:80]}")]
    return []


def _is_number_text(value: Any) -> bool:
    if type(value) is not str:
        return False
    try:
        number = Decimal(value)
    except InvalidOperation:
        return False
    return number.is_finite()


# ---------------------------------------------------------------------------- the whole file


def damage(data: Mapping[str, Any]) -> list[Damage]:
    """Every problem of every record, in table and record order (slow and thorough: doctor)."""
    found: list[Damage] = []
    trackings: dict[str, str] = {}  # tracking -> "table #id" of its first record
    for table in PARCEL_TABLES:
        records = data.get(table, {})
        found += _key_damage(table, records)
        for doc_id, record in records.items():
            problems = parcel_damage(table, doc_id, record)
            found += problems
            tracking = record.get("tracking") if type(record) is dict else None
            if type(tracking) is str and tracking.strip():
                first = trackings.setdefault(tracking, f"{table} #{doc_id}")
                if first != f"{table} #{doc_id}":
                    found.append(Damage(table, doc_id, tracking, "tracking", _("stored twice (also {first})").format(first=first)))
    # Every number, key or other, names one parcel (docs/rules.md section 1): after every key is known.
    numbers = {tracking: (where, "tracking") for tracking, where in trackings.items()}
    for table in PARCEL_TABLES:
        for doc_id, record in data.get(table, {}).items():
            others = record.get("other_numbers") if type(record) is dict else None
            if type(others) is not list or other_numbers_problem(others) is not None:
                continue
            name = record["tracking"] if type(record.get("tracking")) is str else ""
            here = f"{table} #{doc_id}"
            for number in others:
                where, how = numbers.setdefault(number, (here, "other_numbers"))
                if where != here:
                    found.append(
                        Damage(
                            table,
                            doc_id,
                            name,
                            "other_numbers",
                            _("{number} is also {where}'s {field}").format(
                                number=number, where=where, field=_("tracking number") if how == "tracking" else _("other number")
                            ),
                        )
                    )
    complaints = data.get(schema.COMPLAINTS, {})
    found += _key_damage(schema.COMPLAINTS, complaints)
    ids: dict[str, str] = {}
    for doc_id, record in complaints.items():
        found += complaint_damage(doc_id, record)
        if type(record) is not dict:
            continue
        tracking, complaint_id = record.get("tracking"), record.get("id")
        name = complaint_id if type(complaint_id) is str else ""
        if type(tracking) is str and tracking.strip() and tracking not in trackings:
            found.append(
                Damage(schema.COMPLAINTS, doc_id, name, "tracking", _("{tracking} is not a parcel on the desk").format(tracking=tracking))
            )
        if type(complaint_id) is str and complaint_id:
            first = ids.setdefault(complaint_id, doc_id)
            if first != doc_id:
                found.append(Damage(schema.COMPLAINTS, doc_id, name, "id", _("used twice (also complaints #{first})").format(first=first)))
    for doc_id, record in data.get(schema.SETTINGS, {}).items():
        found += settings_damage(doc_id, record)
    return found


def _key_damage(table: str, records: Mapping[str, Any]) -> list[Damage]:
    """TinyDB's document ids are whole numbers written as text."""
    return [
        Damage(table, str(doc_id), "", "", _("the record's id is not a whole number"))
        for doc_id in records
        if type(doc_id) is not str or not (doc_id.isascii() and doc_id.isdigit())
    ]


@dataclass
class Checked:
    """What a sound file's check leaves behind for the indexes: each parcel table's tracking
    numbers, in the table's order."""

    trackings: dict[str, list[str]]


class Damaged(Exception):
    def __init__(self, first: Damage) -> None:
        super().__init__(str(first))
        self.first = first


def check(data: Mapping[str, Any]) -> Checked:
    """The load path: prove the file sound quickly, or raise Damaged naming its first problem."""
    trackings = {}
    for table in PARCEL_TABLES:
        column = _fast_parcels_of(data.get(table, {}))
        if column is None:
            break
        trackings[table] = column
    else:
        known = set()
        for column in trackings.values():
            known.update(column)
        if (
            len(known) == sum(map(len, trackings.values()))
            and _numbers_unique(known, [data.get(table, {}) for table in PARCEL_TABLES])
            and _fast_complaints(data.get(schema.COMPLAINTS, {}), known)
        ):
            settings = data.get(schema.SETTINGS, {})
            if not any(settings_damage(doc_id, record) for doc_id, record in settings.items()):
                return Checked(trackings)
    found = damage(data)
    if not found:  # the fast path was only unsure (an optional field left out, say): sound
        return Checked({table: _tracking_column(data.get(table, {})) for table in PARCEL_TABLES})
    raise Damaged(found[0])


def _fast_parcels_of(records: Mapping[str, Any]) -> list[str] | None:
    """_fast_parcels of a table; a LazyTable's a piece at a time, parsed from its texts and
    dropped (the records stay texts: a 1,000,000-parcel file is checked in ~1 MB of objects)."""
    if not isinstance(records, LazyTable):
        return _fast_parcels(records)
    checked, records.checked = records.checked, None
    if not isinstance(checked, PieceCheck):  # not checked while it was read: a pass of its own
        checked = PieceCheck()
        for piece in records.pieces():
            checked.add(piece)
    column = checked.column
    return column if column is not None and len(set(column)) == len(column) else None


class PieceCheck:
    """_fast_parcels of a LazyTable, fed its pieces one at a time: by the storage as it proves
    the texts of a file it read (SafeJSONStorage.piece_check), so they are parsed once for both."""

    def __init__(self) -> None:
        self.column: list[str] | None = []  # None once a piece is not proved sound

    def add(self, piece: Mapping[str, Any]) -> None:
        if self.column is not None:
            found = _fast_parcels(piece)
            if found is None:
                self.column = None
            else:
                self.column += found


def other_numbers_of(records: Mapping[str, Any]) -> list[tuple[str, str]]:
    """(other number, the parcel's tracking number) for every other number of a sound parcels
    table: one pass in C over the records, then only the few parcels that have some (a
    LazyTable's read from its texts: only a record whose text lists some is parsed)."""
    if isinstance(records, LazyTable):
        return records.other_numbers()
    lists = map(dict.get, records.values(), repeat("other_numbers"))
    return [(number, record["tracking"]) for record, numbers in zip(records.values(), lists, strict=True) if numbers for number in numbers]


def _numbers_unique(trackings: set[str], tables: list[Mapping[str, Any]]) -> bool:
    """No other number is stored twice or is also a tracking number (the fast path's check)."""
    others = [number for table in tables for number, _tracking in other_numbers_of(table)]
    return len(set(others)) == len(others) and trackings.isdisjoint(others)


def _tracking_column(records: Mapping[str, Any]) -> list[str]:
    if isinstance(records, LazyTable):
        return records.trackings()  # from the texts: none parsed
    return list(map(_TRACKING, records.values()))


_TRACKING = itemgetter("tracking")


def trusted(data: Mapping[str, Any]) -> Checked:
    """What `check` leaves behind, for data already found sound (its bytes carry a valid stamp)."""
    return Checked({table: _tracking_column(data.get(table, {})) for table in PARCEL_TABLES})


def new_parcels_damage(
    records: list[dict[str, Any]], known: Mapping[str, Any], known_others: Mapping[str, Any] | None = None
) -> Damage | None:
    """The first problem of parcel records about to be added (records.py built them from the
    domain's objects, so this is a guard), or None; `known`: the tracking numbers on the desk,
    `known_others`: its other numbers (no number of a new parcel may be one of either).
    Column by column when there are many (an import of 100,000 rows), like the load."""
    table = {str(number): record for number, record in enumerate(records, 1)}
    column = _fast_parcels(table) if len(records) > 50 else None
    if column is None:
        for doc_id, record in table.items():
            found = parcel_damage(schema.PARCELS, doc_id, record)
            if found:
                return found[0]
        column = _tracking_column(table)
        if len(set(column)) != len(column):
            return Damage(schema.PARCELS, "", "", "tracking", _("a tracking number is added twice"))
    others = known_others or {}
    taken = next((tracking for tracking in column if tracking in known or tracking in others), None)
    if taken is not None:
        return Damage(schema.PARCELS, "", taken, "tracking", _("{tracking} is already on the desk").format(tracking=taken))
    new_others = [number for number, _tracking in other_numbers_of(table)]
    if new_others:
        numbers = set(column)
        for number in new_others:
            if number in known or number in others or number in numbers:
                return Damage(schema.PARCELS, "", number, "other_numbers", _("{tracking} is already on the desk").format(tracking=number))
            numbers.add(number)
    return None


_ALL_PARCEL_FIELDS = itemgetter(*PARCEL_KEYS)
_INDEX = {name: index for index, name in enumerate(PARCEL_KEYS)}

# The fast path's stored forms of numbers, one value per line. Each accepts only values the
# record-by-record checks above accept too (anything else goes to those checks): money under
# 100,000,000 yuan, a weight of more than 0 and under 1000 kg.
_FAST_MONEY = re.compile(r"(?:[0-9]{1,8}\.[0-9]{2}\n)*")
_FAST_WEIGHT = re.compile(r"(?:(?:[1-9][0-9]{0,2}(?:\.[0-9]{1,3})?|0\.(?!0{1,3}\n)[0-9]{1,3})\n)*")
_TZINFO = attrgetter("tzinfo")


def _fast_parcels(records: Mapping[str, Any]) -> list[str] | None:
    """The tracking numbers of a sound parcels table, proved column by column with C-level
    passes; None when anything is unexpected (then `damage` decides, record by record).

    Every record must have the 16 keys records.py writes. A join raises TypeError on a value
    that is not text, a set TypeError on one that cannot be hashed (a list): both mean "look
    closer". `str.isprintable` on the joined text proves there is no control character (it is
    stricter: an ideographic space also sends the table to the slow path, which accepts it).
    """
    if not records:
        return []
    keys = "".join(records)
    if "" in records or not (keys.isascii() and keys.isdigit()):
        return None
    values = list(records.values())
    if set(map(type, values)) != {dict}:
        return None
    try:
        rows = list(map(_ALL_PARCEL_FIELDS, values))
    except KeyError:  # a key left out: the slow path knows which are optional
        return None
    columns = list(zip(*rows, strict=True))
    del rows
    revs = list(map(dict.get, values, repeat(REV)))  # None where a record predates revisions
    archived = list(map(dict.get, values, repeat("archived_at")))  # None for a live parcel
    rates = [rate for rate in map(dict.get, values, repeat("usd_rate")) if rate is not None]

    def column(name: str) -> tuple[Any, ...]:
        return columns[_INDEX[name]]

    try:
        tracking = column("tracking")
        for name in ("tracking", "order"):
            col = column(name)
            if not "".join(col).isprintable() or any(map(str.isspace, col)):
                return None
        if "" in tracking:  # the order number may be empty (not known yet), the key not
            return None
        if len(set(tracking)) != len(tracking):
            return None
        present_revs = [r for r in revs if r is not None]
        if not set(map(type, revs)) <= {int, _NONE} or not 0 <= min(present_revs, default=0) <= max(present_revs, default=0) <= MAX_REV:
            return None
        for name, known in (("service", SERVICES), ("item", ITEMS | {None}), ("status", STATUSES)):
            if not set(column(name)) <= known:
                return None
        if not _fast_other_numbers(column("other_numbers")):
            return None
        for name in ("carrier", "destination"):
            present = _present(column(name), required=False)
            if present is None or not "".join(present).isprintable():
                return None
        for name, required in (("created_at", True), ("collected_at", False), ("last_tracking_at", False)):
            present = _present(column(name), required)
            if present is None or not _fast_instants(present):
                return None
        present = _present(tuple(archived), required=False)
        if present is None or not _fast_instants(present):
            return None
        if rates and any(map(usd_rate_problem, set(rates))):  # an export's parcels share a few rates
            return None
        for name, required, form in (
            ("shipping_fee", False, _FAST_MONEY),
            ("declared_value", False, _FAST_MONEY),
            ("inquiry_fee", False, _FAST_MONEY),
            ("weight", False, _FAST_WEIGHT),
        ):
            present = _present(column(name), required)
            if present is None:
                return None
            if not present:  # every value null: nothing to check (an optional column)
                continue
            joined = "\n".join(present)
            # One line per value (a value holding a newline would pass as two), each in form.
            if joined.count("\n") != len(present) - 1 or not form.fullmatch(joined + "\n"):
                return None
    except (TypeError, ValueError):  # not text (a join, fromisoformat), unhashable (a set), no instant
        return None
    return list(tracking)


_FAST_NUMBERS = re.compile(r"(?:[A-Z0-9][A-Z0-9-]{3,39}\n)*")


def _fast_other_numbers(col: tuple[Any, ...]) -> bool:
    """Every value a list of tracking-number texts, none twice in one list (raises TypeError on
    a value that is not text, as the other columns' joins do)."""
    if set(map(type, col)) != {list}:
        return False
    lists = [numbers for numbers in col if numbers]
    flat = [number for numbers in lists for number in numbers]
    if not flat:
        return True
    joined = "\n".join(flat)
    if joined.count("\n") != len(flat) - 1 or not _FAST_NUMBERS.fullmatch(joined + "\n"):
        return False
    return all(len(set(numbers)) == len(numbers) for numbers in lists)


def _fast_instants(present: tuple[Any, ...] | list[Any]) -> bool:
    """Every value an ISO 8601 instant with an offset of at most 14 hours, in 2000-2100 as
    written (what instant_problem checks, mapped in C; raises TypeError / ValueError)."""
    if not present:
        return True
    parsed = list(map(datetime.fromisoformat, present))  # what from_iso does
    for zone in set(map(_TZINFO, parsed)):  # equal offsets make one entry
        if not isinstance(zone, timezone) or abs(zone.utcoffset(None)) > _MAX_OFFSET:
            return False
    # fromisoformat took each one, so each starts with its 4-digit year: as text, the smallest
    # and largest value hold the earliest and latest year.
    return str(EARLIEST_YEAR) <= min(present)[:4] and max(present)[:4] <= str(LATEST_YEAR)


def _present(col: tuple[Any, ...], required: bool) -> tuple[Any, ...] | list[Any] | None:
    """The values of a column that are there: all of them for a required field (None if one is
    empty), the ones that are not null for an optional one (None if one is empty or falsy)."""
    if required:
        return None if "" in col else col
    present = list(filter(None, col))
    if len(present) + col.count(None) != len(col):  # "", 0, false, [] or {}: not null, not a value
        return None
    return present


def _fast_complaints(records: Mapping[str, Any], trackings: set[str]) -> bool:
    """A sound complaints table (record by record: a few thousand, each with its events)."""
    for doc_id, record in records.items():
        if complaint_damage(doc_id, record):
            return False
        if record["tracking"] not in trackings:
            return False
    ids = [record["id"] for record in records.values()]
    keys = "".join(records)
    return len(set(ids)) == len(ids) and "" not in records and (not keys or (keys.isascii() and keys.isdigit()))


__all__ = [
    "Checked",
    "Damage",
    "Damaged",
    "check",
    "complaint_damage",
    "damage",
    "instant_problem",
    "money_problem",
    "parcel_damage",
    "settings_damage",
    "weight_problem",
]
