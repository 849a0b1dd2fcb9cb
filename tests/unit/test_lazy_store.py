"""The parcels table read as record texts, parsed on access (store/lazy_table.py).

A file laid out as claimdesk writes it is cut into its records' texts as it is read; a record
is parsed when first read. These tests hold it to the parsed table it replaces: the same
answers, the same refusals, and byte for byte the same file after any change; a layout it does
not know, or a text it cannot prove, is read the old way.
"""

from __future__ import annotations

import json
import tempfile
from datetime import datetime
from pathlib import Path
from typing import Any

import orjson
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from claimdesk.demo import generate
from claimdesk.store import schema, validation
from claimdesk.store import storage as storage_module
from claimdesk.store.lazy_table import LazyTable, is_whole_member, split_parcels
from claimdesk.store.records import parcel_to_record
from claimdesk.store.repository import Repository
from claimdesk.store.storage import SafeJSONStorage
from tests.cli.helpers import invoke

NOW = datetime.fromisoformat("2026-03-20T10:00:00+08:00")
PARCELS, COMPLAINTS = generate(120, NOW, seed=11)
# Records whose text lists other numbers are parsed for the other-number index at once.
WITH_OTHER_NUMBERS = sum(1 for parcel in PARCELS[:50] if parcel.other_numbers)


@pytest.fixture(autouse=True)
def lazy_from_the_first_byte(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every file here is small: read them lazily all the same, in small pieces."""
    monkeypatch.setattr(storage_module, "LAZY_MIN_BYTES", 0)
    monkeypatch.setattr(storage_module, "CHUNK_BYTES", 512)  # read 2 KB at a time: records cross chunks
    monkeypatch.setattr("claimdesk.store.lazy_table.PIECE_BYTES", 3000)


def records(count: int) -> dict[str, Any]:
    found = {str(index): parcel_to_record(parcel) for index, parcel in enumerate(PARCELS[:count], 1)}
    if "2" in found:
        found["2"]["other_numbers"] = ["OTHER0002A", "OTHER0002B"]
    return found


def write_file(path: Path, parcels: dict[str, Any]) -> bytes:
    data = schema.new_data()
    data[schema.PARCELS] = parcels
    raw = orjson.dumps(data)
    path.write_bytes(raw)
    return raw


def plain(path: Path) -> SafeJSONStorage:
    storage = SafeJSONStorage(path)
    storage.lazy = False  # how main reads: the whole file parsed
    return storage


# ---------------------------------------------------------------------------- cutting the file


def test_a_file_is_cut_into_its_records_texts(tmp_path: Path) -> None:
    path = tmp_path / "d.json"
    raw = write_file(path, records(40))
    storage = SafeJSONStorage(path)
    data = storage.read()
    assert data is not None
    table = data[schema.PARCELS]
    assert type(table) is LazyTable and not isinstance(table, dict)
    assert table.unparsed() == 40
    assert data == orjson.loads(raw)  # the Mapping equals the parsed table (parsing it)
    assert storage.spans[schema.PARCELS] == (raw.index(b'"parcels":') + 10, raw.index(b',"complaints"'))


@pytest.mark.parametrize("chunk", [1, 7, 64, 1 << 20])
def test_the_cut_does_not_depend_on_where_the_chunks_end(tmp_path: Path, chunk: int) -> None:
    raw = orjson.dumps({**schema.new_data(), schema.PARCELS: records(30)})
    split = split_parcels(raw[start : start + chunk] for start in range(0, len(raw), chunk))
    assert split is not None
    assert split.size == len(raw) and split.rest == orjson.dumps(schema.new_data())
    start, end = split.table_span
    assert raw[start:end] == orjson.dumps(records(30))
    assert {key: orjson.loads(b"{" + text + b"}") for key, text in split.texts.items()} == records(30)


def test_reading_a_record_parses_it_once_and_keeps_it_in_place(tmp_path: Path) -> None:
    path = tmp_path / "d.json"
    write_file(path, records(10))
    table = SafeJSONStorage(path).read()[schema.PARCELS]  # type: ignore[index]
    first = table["5"]
    assert first is table["5"] and table.unparsed() == 9
    assert list(table) == [str(index) for index in range(1, 11)]  # the file's order, unchanged
    assert all(type(record) is dict for record in table.values()) and table.unparsed() == 0
    assert table["5"] is first


def test_the_index_comes_from_the_texts_without_parsing(tmp_path: Path) -> None:
    path = tmp_path / "d.json"
    parcels = records(60)
    write_file(path, parcels)
    table = SafeJSONStorage(path).read()[schema.PARCELS]  # type: ignore[index]
    assert validation.trusted({schema.PARCELS: table}).trackings[schema.PARCELS] == [r["tracking"] for r in parcels.values()]
    assert validation.other_numbers_of(table) == [("OTHER0002A", parcels["2"]["tracking"]), ("OTHER0002B", parcels["2"]["tracking"])]
    assert table.unparsed() == 59  # only the record that lists other numbers


@pytest.mark.parametrize(
    "layout",
    [
        pytest.param(lambda data: json.dumps(data).encode(), id="tinydb-json-dump"),
        pytest.param(lambda data: json.dumps(data, indent=2).encode(), id="hand-edited-indented"),
        pytest.param(lambda data: orjson.dumps(data) + b"\n", id="trailing-newline"),
        pytest.param(lambda data: storage_module.UTF8_BOM + orjson.dumps(data), id="a-byte-order-mark"),
        pytest.param(lambda data: orjson.dumps(data).replace(b'"order":"', b'"order":"\\u0041', 1), id="an-escape-orjson-would-not-write"),
        pytest.param(lambda data: orjson.dumps(data).replace(b'"rev":0}', b'"rev":0,"x":{"a":1},"9":{"b":2}}', 1), id="a-nested-extra-key"),
        pytest.param(lambda data: orjson.dumps(data).replace(b'"2":{', b'"1":{', 1), id="a-doc-id-twice"),
        pytest.param(lambda data: orjson.dumps({**data, "extra": 1}).replace(b'{"meta"', b'{"meta" ', 1), id="a-space-in-the-head"),
    ],
)
def test_a_layout_it_does_not_know_is_parsed_whole(tmp_path: Path, layout: Any) -> None:
    data = {**schema.new_data(), schema.PARCELS: records(20)}
    path = tmp_path / "d.json"
    path.write_bytes(layout(data))
    read = SafeJSONStorage(path).read()
    assert read is not None and type(read[schema.PARCELS]) is dict
    assert read == plain(path).read()


# ---------------------------------------------------------------------------- the same answers, the same bytes

_FIELDS = st.sampled_from(["order", "carrier", "destination", "status"])
_TEXT = st.text(st.characters(codec="utf-8"), max_size=12)
_OPERATION = st.one_of(
    st.tuples(st.just("read"), st.integers(0, 200)),
    st.tuples(st.just("change"), st.integers(0, 200), _FIELDS, _TEXT),
    st.tuples(st.just("nested"), st.integers(0, 200)),
    st.tuples(st.just("replace"), st.integers(0, 200), st.integers(0, 119)),
    st.tuples(st.just("add"), st.integers(0, 119)),
    st.tuples(st.just("remove"), st.integers(0, 200)),
)


def _apply(storage: SafeJSONStorage, operations: list[tuple[Any, ...]]) -> None:
    data = storage.read()
    assert data is not None
    table = data[schema.PARCELS]
    for operation in operations:
        kind = operation[0]
        keys = list(table)
        key = keys[operation[1] % len(keys)] if keys and kind != "add" else None
        if kind == "read" and key is not None:
            assert type(table[key]) is dict
        elif kind in ("change", "nested", "replace", "remove") and key is not None:
            storage.touch(schema.PARCELS)
            if kind == "change":
                table[key][operation[2]] = operation[3]
            elif kind == "nested":  # an extra key the validator allows: no longer one flat object
                table[key]["x"] = {"a": {"b": 1}, "7": {}}
            elif kind == "replace":
                table[key] = parcel_to_record(PARCELS[operation[2]], 3)
            else:
                del table[key]
        elif kind == "add":
            new = str(max(map(int, keys), default=0) + 1)
            table[new] = parcel_to_record(PARCELS[operation[1]], 1)
            storage.appended(schema.PARCELS, new, table[new])
    storage.write(data)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.integers(1, 40), st.lists(_OPERATION, max_size=12), st.lists(_OPERATION, max_size=6))
def test_a_lazy_table_answers_and_writes_exactly_as_the_parsed_one(count: int, first: list[Any], second: list[Any]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        lazy_path, plain_path = Path(folder) / "lazy.json", Path(folder) / "plain.json"
        write_file(lazy_path, records(count))
        write_file(plain_path, records(count))
        for round, operations in enumerate((first, second)):  # the second round reads what the first wrote
            lazy_storage, plain_storage = SafeJSONStorage(lazy_path), plain(plain_path)
            assert round or type(lazy_storage.read()[schema.PARCELS]) is LazyTable  # type: ignore[index]
            _apply(lazy_storage, operations)
            _apply(plain_storage, operations)
            assert lazy_path.read_bytes() == plain_path.read_bytes()
            assert lazy_storage.read() == plain_storage.read()
            lazy_storage.close()
            plain_storage.close()


def test_a_record_that_is_no_longer_one_flat_object_is_not_trusted_as_cut(tmp_path: Path) -> None:
    path = tmp_path / "d.json"
    write_file(path, records(10))
    storage = SafeJSONStorage(path)
    storage.stamp_key = "test-rules"
    data = storage.read()
    assert data is not None
    storage.write(data, vouched=True)
    assert storage.stamp_path.read_text().endswith(" split\n")  # texts copied as proved
    storage.touch(schema.PARCELS)
    data[schema.PARCELS]["3"]["x"] = {"a": 1, "4": {"b": 2}}  # `},"4":{` inside the record
    storage.write(data, vouched=True)
    assert not storage.stamp_path.read_text().endswith(" split\n")
    again = SafeJSONStorage(path)
    again.stamp_key = "test-rules"
    read = again.read()
    assert read is not None and type(read[schema.PARCELS]) is dict  # cut wrong: parsed whole
    assert read[schema.PARCELS]["3"]["x"] == {"a": 1, "4": {"b": 2}}
    assert not is_whole_member(b'"3":{"x":{"a":1},"4":{"b":2}}') and is_whole_member(b'"3":{"x":["}","a"]}')


# ---------------------------------------------------------------------------- the repository and the CLI


def desk(tmp_path: Path, count: int = 50) -> Path:
    path = tmp_path / "claimdesk.json"
    repo = Repository(path)
    with repo.transaction():
        repo.add_parcels(PARCELS[:count])
    repo.storage.close()
    Repository(path).count()  # read again: the records' texts proved, the stamp says so
    return path


def test_a_stamped_file_is_opened_without_parsing_a_record(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = desk(tmp_path)
    assert path.with_name(f".{path.name}.checked").read_text().endswith(" split\n")
    monkeypatch.setattr(LazyTable, "verify", lambda self: pytest.fail("proved again"))
    monkeypatch.setattr(validation, "check", lambda data: pytest.fail("validated again"))
    repo = Repository(path)
    assert repo.count() == 50 and repo.has_parcel(PARCELS[7].tracking)
    table = repo.parcel_table()
    assert type(table) is LazyTable and table.unparsed() == 50 - WITH_OTHER_NUMBERS
    assert repo.parcel(PARCELS[7].tracking).order == PARCELS[7].order
    assert table.unparsed() == 50 - WITH_OTHER_NUMBERS - (0 if PARCELS[7].other_numbers else 1)


def test_an_unstamped_file_is_validated_in_pieces_parsed_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = desk(tmp_path)
    path.with_name(f".{path.name}.checked").unlink()
    storage = SafeJSONStorage(path)  # no validator fed on the way: the check makes its own pass
    assert validation.check(storage.read()).trackings[schema.PARCELS] == [parcel.tracking for parcel in PARCELS[:50]]  # type: ignore[arg-type]
    storage.close()
    fed: list[int] = []
    real_add = validation.PieceCheck.add
    monkeypatch.setattr(validation.PieceCheck, "add", lambda self, piece: fed.append(len(piece)) or real_add(self, piece))
    monkeypatch.setattr(LazyTable, "pieces", lambda self: pytest.fail("parsed a second time"))
    repo = Repository(path)
    assert repo.count() == 50 and len(fed) > 1 and sum(fed) == 50
    assert repo.parcel_table().unparsed() == 50 - WITH_OTHER_NUMBERS  # the objects were dropped
    assert path.with_name(f".{path.name}.checked").read_text().endswith(" split\n")


@pytest.mark.parametrize(
    ("damage", "said"),
    [
        (lambda text: text.replace(b'"status":"', b'"status":"bogus', 1), "status: 'bogus"),
        (lambda text: text.replace(b'"status":"', b'"status":', 1), "not valid JSON"),
        (lambda text: text.replace(b'"rev":0', b'"rev":-1', 1), "rev: not a whole number"),
    ],
)
def test_a_damaged_record_in_a_stamped_file_is_still_reported(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, damage: Any, said: str
) -> None:
    path = desk(tmp_path)
    raw = path.read_bytes()
    at = raw.index(b',"31":{')  # a record far from the first screen's
    damaged = raw[:at] + damage(raw[at:])
    path.write_bytes(damaged)
    result = invoke(capsys, "--db", path, "parcel", "list")
    assert result.code == 4 and said in result.err
    assert path.read_bytes() == damaged  # left untouched
    monkeypatch.setattr(storage_module, "LAZY_MIN_BYTES", 1 << 40)  # main's way: the whole file parsed
    assert invoke(capsys, "--db", path, "parcel", "list") == result  # refused exactly the same


def test_every_kind_of_write_gives_the_bytes_a_parsed_table_gives(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    lazy_path = desk(tmp_path / "lazy")
    plain_path = tmp_path / "plain" / "claimdesk.json"
    plain_path.parent.mkdir()
    plain_path.write_bytes(lazy_path.read_bytes())

    def changes(path: Path) -> bytes:
        repo = Repository(path)
        with repo.transaction():
            repo.update_parcel(repo.parcel(PARCELS[3].tracking).with_changes(order="ORDER-CHANGED"))
        with repo.transaction():
            repo.add_parcels(PARCELS[50:53])
        with repo.transaction():
            repo.remove_parcel(PARCELS[9].tracking)
        with repo.transaction():
            repo.put_records(repo.records_of([PARCELS[4].tracking]))
        repo.storage.close()
        return path.read_bytes()

    lazy_bytes = changes(lazy_path)
    monkeypatch.setattr(storage_module, "LAZY_MIN_BYTES", 1 << 40)
    assert lazy_bytes == changes(plain_path)


_VALUE = st.recursive(
    st.none() | st.integers(-5, 5) | st.text(st.sampled_from('ab{}[]"\\:,é'), max_size=6),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.sampled_from(["status", "archived_at", "other_numbers", "y"]), inner, max_size=3)
    ),
    max_leaves=6,
)
# Records the validator might pass: other_numbers a list of texts when there; anything else
# anywhere, nested objects naming the same keys, escapes, `{` in strings.
_RECORD = st.builds(
    lambda tracking, rest, others: {"tracking": tracking, **rest, **others},
    st.text(st.sampled_from('AB1"\\é{'), min_size=1, max_size=5),
    st.dictionaries(st.sampled_from(["status", "archived_at", "x"]), _VALUE),
    st.dictionaries(st.just("other_numbers"), st.lists(st.text('AB"{', max_size=2), max_size=2)),
)


@settings(max_examples=150, deadline=None)
@given(st.lists(_RECORD, max_size=8), st.lists(st.integers(0, 7), max_size=3))
def test_columns_read_from_the_texts_are_the_records_values(stored: list[dict[str, Any]], parsed_first: list[int]) -> None:
    table = LazyTable({str(index): orjson.dumps(record)[1:-1] for index, record in enumerate(stored, 1)})
    for index in parsed_first:  # some records parsed already: the rest still texts
        if str(index) in table:
            assert table[str(index)] == stored[index - 1]
    for name in ("status", "archived_at", "x", "missing"):
        assert table.column(name) == [record.get(name) for record in stored]
    assert table.trackings() == [record["tracking"] for record in stored]
    others = [(number, r["tracking"]) for r in stored if type(r.get("other_numbers")) is list for number in r["other_numbers"]]
    assert table.other_numbers() == others
    assert dict(table.items()) == {str(index): record for index, record in enumerate(stored, 1)}
