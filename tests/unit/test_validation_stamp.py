"""The validation stamp: bytes found sound once are not validated again.

After the repository validated a file, or wrote one whose every change it validated, it
records the sha256 of those bytes (and the key of the rules) in `.NAME.checked`. A load whose
bytes have that digest skips the validator; any other bytes (a hand edit, another program,
TinyDB's own writes, a garbage or stale stamp, new rules) are validated in full.
"""

from __future__ import annotations

import hashlib
from decimal import Decimal
from pathlib import Path

import orjson
import pytest

from claimdesk.clock import FixedClock
from claimdesk.domain.errors import DataFileError
from claimdesk.services import Desk
from claimdesk.store import schema, validation
from claimdesk.store.repository import Repository
from tests import reliability_worker as worker
from tests.cli.helpers import invoke

NOW = worker.NOW_TEXT


@pytest.fixture
def desk_path(tmp_path: Path) -> Path:
    from datetime import datetime

    path = tmp_path / "claimdesk.json"
    desk = Desk.open(path, FixedClock(datetime.fromisoformat(NOW)))
    desk.add_parcel(worker.parcel_fields("LP0000000001"))
    desk.file_complaint("LP0000000001", "damage")
    desk.close()
    return path


@pytest.fixture
def validations(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    calls: list[int] = []
    real = validation.check

    def counted(data):  # type: ignore[no-untyped-def]
        calls.append(1)
        return real(data)

    monkeypatch.setattr(validation, "check", counted)
    return calls


def stamp_of(path: Path) -> bytes:
    return path.with_name(f".{path.name}.checked").read_bytes()


def test_a_write_stamps_its_bytes_and_the_next_load_trusts_them(desk_path: Path, validations: list[int]) -> None:
    digest = hashlib.sha256(desk_path.read_bytes()).hexdigest()
    assert stamp_of(desk_path) == f"{validation.RULES_KEY} {digest}\n".encode()
    assert Repository(desk_path).count() == 1
    assert validations == []


def test_a_hand_edit_is_validated_even_with_a_stamp_beside_it(
    desk_path: Path, validations: list[int], capsys: pytest.CaptureFixture[str]
) -> None:
    data = orjson.loads(desk_path.read_bytes())
    data["parcels"]["1"]["weight"] = "NaN"
    desk_path.write_bytes(orjson.dumps(data))
    result = invoke(capsys, "--db", desk_path, "parcel", "list")
    assert result.code == 4 and "weight: not a weight in kg: 'NaN'" in result.err
    assert validations == [1]


@pytest.mark.parametrize("stamp", [b"", b"garbage\n", b"claimdesk-validated-1:0000 " + b"0" * 64 + b"\n"])
def test_a_garbage_or_stale_stamp_means_a_full_validation(desk_path: Path, validations: list[int], stamp: bytes) -> None:
    desk_path.with_name(f".{desk_path.name}.checked").write_bytes(stamp)
    assert Repository(desk_path).count() == 1
    assert validations == [1]
    assert stamp_of(desk_path).startswith(validation.RULES_KEY.encode())  # found sound: stamped again


def test_other_rules_mean_a_full_validation(desk_path: Path, validations: list[int], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(validation, "RULES_KEY", "claimdesk-validated-1:another-version")
    assert Repository(desk_path).count() == 1
    assert validations == [1]


def test_tinydbs_own_writes_are_not_vouched_for(desk_path: Path, validations: list[int]) -> None:
    repo = Repository(desk_path)
    repo.db.table(schema.PARCELS).update({"weight": "-5"}, doc_ids=[1])  # past the repository's guard
    with pytest.raises(DataFileError, match="weight"):
        Repository(desk_path).count()


def test_the_repository_refuses_to_write_a_damaged_record(desk_path: Path) -> None:
    repo = Repository(desk_path)
    before = desk_path.read_bytes()
    parcel = repo.parcel("LP0000000001")
    with pytest.raises(DataFileError, match="refusing to write a damaged record"), repo.transaction():
        repo.update_parcel(parcel.with_changes(weight=Decimal("NaN")))
    assert desk_path.read_bytes() == before
    with pytest.raises(DataFileError, match="is not a parcel on the desk"), repo.transaction():
        complaint = repo.complaints("LP0000000001")[0]
        repo.add_complaint(
            complaint.__class__(**{**{f: getattr(complaint, f) for f in complaint.__slots__}, "id": "other", "tracking": "ZZ0000000000"})
        )
    assert desk_path.read_bytes() == before
