"""Issue 13, item 1: a transaction is a unit of work.

What a `repo.transaction()` (every Desk use case) changes reaches the file in ONE atomic write
when it ends, and nothing reaches it when it ends with an exception; memory then matches the
file again. Nested transactions write once, at the outermost end.
"""

from __future__ import annotations

import contextlib
import errno
from datetime import datetime
from pathlib import Path

import pytest

from claimdesk.clock import FixedClock
from claimdesk.demo import generate
from claimdesk.domain.errors import DataFileError
from claimdesk.services import Desk
from claimdesk.store import schema
from claimdesk.store import storage as storage_module
from claimdesk.store.repository import Repository
from tests import reliability_worker as worker

NOW = datetime.fromisoformat(worker.NOW_TEXT)
PARCELS, COMPLAINTS = generate(40, NOW, seed=11)


@pytest.fixture
def writes(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """Every atomic write of a data file (the storage's one writer), in order."""
    seen: list[Path] = []
    real = storage_module.SafeJSONStorage._write_bytes

    def counted(self, target, payload, *, keep_open=False):  # type: ignore[no-untyped-def]
        seen.append(target)
        return real(self, target, payload, keep_open=keep_open)

    monkeypatch.setattr(storage_module.SafeJSONStorage, "_write_bytes", counted)
    return seen


def test_the_demo_is_one_write(tmp_path: Path, writes: list[Path]) -> None:
    desk = Desk.open(tmp_path / "d.json", FixedClock(NOW))
    added = desk.add_demo_data(200, seed=3)
    assert added == 200
    assert len(writes) == 1
    assert Desk.open(tmp_path / "d.json", FixedClock(NOW)).parcel_count() == 200
    assert sum(len(v) for v in Repository(tmp_path / "d.json").complaints_by_tracking().values()) > 5


def test_many_changes_in_one_transaction_are_one_write(tmp_path: Path, writes: list[Path]) -> None:
    repo = Repository(tmp_path / "d.json")
    with repo.transaction():
        repo.add_parcels(PARCELS[:20])
        for complaint in COMPLAINTS:
            if repo.has_parcel(complaint.tracking):
                repo.add_complaint(complaint)
        repo.save_settings(repo.settings().with_changes(chamber_reply_days=11))
        repo.update_parcel(PARCELS[0].with_changes(order="changed"))
        assert writes == []  # nothing on disk until the end
        assert not (tmp_path / "d.json").exists()
    assert len(writes) == 1
    fresh = Repository(tmp_path / "d.json")
    assert fresh.count() == 20 and fresh.settings().chamber_reply_days == 11
    assert fresh.parcel(PARCELS[0].tracking).order == "changed"


def test_an_exception_writes_nothing_and_memory_follows_the_file(tmp_path: Path, writes: list[Path]) -> None:
    path = tmp_path / "d.json"
    repo = Repository(path)
    with repo.transaction():
        repo.add_parcels(PARCELS[:5])
    before = path.read_bytes()
    writes.clear()
    with pytest.raises(RuntimeError), repo.transaction():
        repo.add_parcels(PARCELS[5:10])
        repo.update_parcel(PARCELS[0].with_changes(order="never stored"))
        repo.save_settings(repo.settings().with_changes(chamber_reply_days=30))
        raise RuntimeError("the rule said no half way")
    assert writes == []
    assert path.read_bytes() == before
    assert repo.count() == 5 and not repo.has_parcel(PARCELS[7].tracking)
    assert repo.parcel(PARCELS[0].tracking).order == PARCELS[0].order
    assert repo.settings().chamber_reply_days != 30
    with repo.transaction():  # and the next transaction starts from the file
        repo.add_parcels(PARCELS[10:11])
    assert Repository(path).count() == 6


def test_a_refused_use_case_writes_nothing(tmp_path: Path, writes: list[Path]) -> None:
    desk = Desk.open(tmp_path / "d.json", FixedClock(NOW))
    desk.add_parcels(PARCELS[:3])
    before = (tmp_path / "d.json").read_bytes()
    writes.clear()
    with pytest.raises(Exception, match="already on the desk"):
        desk.add_parcels([*PARCELS[3:6], PARCELS[0]])
    assert writes == [] and (tmp_path / "d.json").read_bytes() == before
    assert desk.parcel_count() == 3


def test_nested_transactions_write_once_at_the_outer_end(tmp_path: Path, writes: list[Path]) -> None:
    repo = Repository(tmp_path / "d.json")
    with repo.transaction():
        repo.add_parcels(PARCELS[:2])
        with repo.transaction():
            repo.add_parcels(PARCELS[2:4])
        assert writes == []
        repo.add_parcels(PARCELS[4:6])
    assert len(writes) == 1 and Repository(tmp_path / "d.json").count() == 6


def test_a_full_disk_at_the_end_writes_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "d.json"
    repo = Repository(path)
    with repo.transaction():
        repo.add_parcels(PARCELS[:3])
    before = path.read_bytes()

    def full(*args: object, **kwargs: object) -> int:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr("claimdesk.store.atomic.os.write", full)
    with pytest.raises(DataFileError, match="No space left"), repo.transaction():
        repo.add_parcels(PARCELS[3:6])
    monkeypatch.undo()
    assert path.read_bytes() == before
    assert repo.count() == 3  # memory forgot the unwritten parcels
    assert not [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_a_swallowed_half_done_step_stops_the_whole_unit(tmp_path: Path) -> None:
    path = tmp_path / "d.json"
    repo = Repository(path)
    with repo.transaction():
        repo.add_parcels(PARCELS[:2])
    before = path.read_bytes()

    def half(document: dict) -> None:
        raise RuntimeError("interrupted")

    with pytest.raises(DataFileError, match="nothing was written"), repo.transaction():
        repo.add_parcels(PARCELS[2:4])
        with contextlib.suppress(RuntimeError):  # swallowed: the parcels added before it went too
            repo.db.table(schema.PARCELS).update(half, doc_ids=[1])
    assert path.read_bytes() == before and repo.count() == 2
