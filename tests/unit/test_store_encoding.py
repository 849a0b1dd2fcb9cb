"""The storage re-encodes only what changed, and the file is always exactly orjson.dumps(data).

A table's text is kept after a write (or found in the file just read, when that file is in
the form claimdesk writes): in memory when small, as a byte range of the file held open when
big (read back with pread), with members added at its end since written after it.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import orjson
import pytest

from claimdesk.demo import generate
from claimdesk.domain.parcels import Status
from claimdesk.store import schema
from claimdesk.store import storage as storage_module
from claimdesk.store.repository import Repository

NOW = datetime.fromisoformat("2026-03-20T10:00:00+08:00")
PARCELS, COMPLAINTS = generate(400, NOW, seed=4)


@pytest.fixture(autouse=True)
def small_spans(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tables from 1 KB up are kept as byte ranges, so these small files exercise that path."""
    monkeypatch.setattr(storage_module, "SPAN_MIN_BYTES", 1024)


def exact(path: Path) -> None:
    on_disk = path.read_bytes()
    assert on_disk == orjson.dumps(orjson.loads(on_disk))
    fresh = Repository(path)
    assert orjson.dumps(fresh.raw_data()) == on_disk
    fresh.storage.close()


def complaints_of(trackings: set[str]) -> list:  # type: ignore[type-arg]
    return [c for c in COMPLAINTS if c.tracking in trackings]


def test_every_write_after_reopening_is_exact(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "d.json"
    repo = Repository(path)
    with repo.transaction():
        repo.add_parcels(PARCELS[:100])
    exact(path)
    encodes: list[int] = []
    real_dumps = storage_module.orjson.dumps

    def counting(value, *args, **kwargs):  # type: ignore[no-untyped-def]
        if isinstance(value, dict) and len(value) >= 100:
            encodes.append(len(value))
        return real_dumps(value, *args, **kwargs)

    monkeypatch.setattr(storage_module.orjson, "dumps", counting)
    # A new process: the parcels' text is found in the file, not encoded again.
    repo = Repository(path)
    with repo.transaction():
        repo.add_parcels(PARCELS[100:103])
    assert encodes == []  # the 100-parcel table was read back, and the three appended
    exact(path)
    with repo.transaction():  # several appends in one unit, twice
        repo.add_parcels(PARCELS[103:110])
        repo.add_parcels(PARCELS[110:111])
    exact(path)
    assert encodes == []
    with repo.transaction():  # appends to the empty complaints table, then to it again
        for complaint in complaints_of({p.tracking for p in PARCELS[:111]})[:3]:
            repo.add_complaint(complaint)
    exact(path)
    with repo.transaction():
        repo.add_parcels(PARCELS[111:112])
        repo.update_parcel(repo.parcel(PARCELS[0].tracking).with_changes(status=Status.LOST))
        repo.add_parcels(PARCELS[112:113])
    assert encodes == [113]  # an update in place: the table is encoded once, with everything
    exact(path)
    monkeypatch.undo()


def test_a_file_not_in_claimdesks_form_is_encoded_in_full(tmp_path: Path) -> None:
    path = tmp_path / "d.json"
    repo = Repository(path)
    with repo.transaction():
        repo.add_parcels(PARCELS[:50])
    data = orjson.loads(path.read_bytes())
    path.write_bytes(orjson.dumps(data, option=orjson.OPT_INDENT_2))  # a hand-tidied file
    repo = Repository(path)
    with repo.transaction():
        repo.add_parcels(PARCELS[50:52])
    exact(path)
    # tables in another order, and an extra one, survive too
    reordered = {
        "settings": data["settings"],
        "parcels": data["parcels"],
        "meta": data["meta"],
        "complaints": {},
        "notes": {"1": {"text": "mine"}},
    }
    path.write_bytes(orjson.dumps(reordered))
    repo = Repository(path)
    with repo.transaction():
        repo.add_parcels(PARCELS[60:61])
    exact(path)
    assert orjson.loads(path.read_bytes())["notes"] == {"1": {"text": "mine"}}


def test_another_process_write_then_an_append(tmp_path: Path) -> None:
    path = tmp_path / "d.json"
    first, second = Repository(path), Repository(path)
    with first.transaction():
        first.add_parcels(PARCELS[:30])
    with second.transaction():
        second.add_parcels(PARCELS[30:40])
    with first.transaction():  # first re-reads: its kept text belonged to the old file
        first.add_parcels(PARCELS[40:45])
    exact(path)
    assert len(orjson.loads(path.read_bytes())[schema.PARCELS]) == 45


def test_an_exception_after_appends_forgets_them(tmp_path: Path) -> None:
    path = tmp_path / "d.json"
    repo = Repository(path)
    with repo.transaction():
        repo.add_parcels(PARCELS[:20])
    with pytest.raises(RuntimeError), repo.transaction():
        repo.add_parcels(PARCELS[20:25])
        raise RuntimeError("no")
    with repo.transaction():
        repo.add_parcels(PARCELS[25:26])
    exact(path)
    assert len(orjson.loads(path.read_bytes())[schema.PARCELS]) == 21


# ------------------------------------------------------------------ parsing in pieces


def big_data(count: int = 300) -> dict:
    data = {**schema.new_data()}
    parcels = {str(i): _record(p) for i, p in enumerate(PARCELS[:count], 1)}
    data[schema.PARCELS] = parcels
    data[schema.COMPLAINTS] = {"1": {"id": "x", "tracking": PARCELS[0].tracking, "events": [{"a": {"1": {"b": '}},"'}}}]}}
    return data


def _record(parcel) -> dict:  # type: ignore[no-untyped-def]
    from claimdesk.store.records import parcel_to_record

    return parcel_to_record(parcel)


@pytest.mark.parametrize("piece", [64, 500, 1 << 20])
def test_parsing_in_pieces_gives_exactly_what_one_parse_gives(piece: int, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(storage_module, "CHUNK_BYTES", piece)
    data = big_data()
    # Text that looks like structure, inside strings: quotes are escaped, braces are not.
    data[schema.PARCELS]["7"]["order"] = 'a},"8":{"b}},"c'
    data[schema.PARCELS]["9"]["carrier"] = "中国邮政 }}} 📦"
    raw = orjson.dumps(data)
    assert storage_module.parse_in_chunks(bytearray(raw)) == orjson.loads(raw)
    assert list(storage_module.parse_in_chunks(raw)[schema.PARCELS]) == list(data[schema.PARCELS])
    # the parcels as the last table, and as the only one besides the header
    last = {"meta": data["meta"], "complaints": {}, "parcels": data[schema.PARCELS]}
    assert storage_module.parse_in_chunks(orjson.dumps(last)) == last
    only = {"meta": data["meta"], "parcels": data[schema.PARCELS]}
    assert storage_module.parse_in_chunks(orjson.dumps(only)) == only


@pytest.mark.parametrize(
    "edit",
    [
        pytest.param(lambda raw: raw.replace(b'"parcels":{', b'"parcels" : {'), id="spaces"),
        pytest.param(lambda raw: orjson.dumps(orjson.loads(raw), option=orjson.OPT_INDENT_2), id="indented"),
        pytest.param(lambda raw: raw.replace(b',"status":"lost"', b',"nested":{"1":{"x":1}},"status":"lost"', 1), id="nested"),
        pytest.param(lambda raw: raw[:-1] + b',"parcels":{}}', id="parcels-twice"),
        pytest.param(lambda raw: raw.replace(b'"weight":"', b'"weight":', 1), id="broken-json"),
        pytest.param(lambda raw: raw[: len(raw) // 2], id="truncated"),
    ],
)
def test_anything_unexpected_is_left_to_one_parse(edit, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(storage_module, "CHUNK_BYTES", 200)
    raw = edit(orjson.dumps(big_data()))
    try:
        expected = orjson.loads(raw)
    except orjson.JSONDecodeError:
        assert storage_module.parse_in_chunks(raw) is None
        return
    got = storage_module.parse_in_chunks(raw)
    assert got is None or got == expected


def test_a_big_file_is_read_in_pieces_and_a_broken_one_still_named(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from claimdesk.domain.errors import DataFileError

    monkeypatch.setattr(storage_module, "CHUNKED_MIN_BYTES", 1024)
    monkeypatch.setattr(storage_module, "CHUNK_BYTES", 2048)
    path = tmp_path / "d.json"
    repo = Repository(path)
    with repo.transaction():
        repo.add_parcels(PARCELS[:200])
    pieces = []
    real = storage_module.parse_in_chunks
    monkeypatch.setattr(storage_module, "parse_in_chunks", lambda raw: pieces.append(1) or real(raw))
    assert Repository(path).count() == 200 and pieces == [1]
    raw = path.read_bytes()
    path.write_bytes(raw.replace(b'"weight":"', b'"weight":', 1))
    with pytest.raises(DataFileError, match="not valid JSON"):
        Repository(path).count()
