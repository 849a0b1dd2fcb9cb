"""Yearly archive files (store/yearly.py): archived parcels of past years moved beside the data
file, with their complaints, and read back by the reports and the listing on request."""

from __future__ import annotations

import csv
import io
from datetime import datetime, timedelta
from pathlib import Path

import orjson
import pytest

from claimdesk.clock import FixedClock
from claimdesk.demo import generate
from claimdesk.domain.errors import DataFileError
from claimdesk.reports import ledger
from claimdesk.services import Desk
from claimdesk.services.exporting import AllYears
from claimdesk.store import yearly
from claimdesk.store.repository import Repository
from tests.perf.datasets import write_data_file

NOW = datetime.fromisoformat("2026-03-20T10:00:00+08:00")
YEAR = timedelta(days=365)


@pytest.fixture
def desk(tmp_path: Path) -> Desk:
    """Parcels created from 2024 into 2025, the finished ones archived (as of NOW), and a few
    parcels of this year."""
    parcels, complaints = generate(240, datetime.fromisoformat("2025-01-10T10:00:00+08:00"), seed=5)
    path = tmp_path / "claimdesk.json"
    write_data_file(path, parcels, complaints)
    opened = Desk.open(path, FixedClock(NOW))
    assert opened.archive_finished(NOW)
    for serial in range(3):
        opened.add_parcel(
            {
                "tracking": f"LP00NEW{serial:05d}",
                "order": "1",
                "service": "special-line",
                "created_at": "2026-03-01",
                "item": "document",
                "weight": "1",
                "shipping_fee": "5",
            }
        )
    return opened


def _stored(path: Path) -> dict[str, dict[str, dict]]:
    return orjson.loads(path.read_bytes())


def test_old_archived_parcels_move_with_their_complaints_to_the_file_of_their_year(desk: Desk, tmp_path: Path) -> None:
    before = _stored(desk.path)
    cutoff = NOW - YEAR
    expected: dict[int, set[str]] = {}
    for record in before["parcels"].values():
        created = datetime.fromisoformat(record["created_at"])
        if record.get("archived_at") and created < cutoff:
            expected.setdefault(created.year, set()).add(record["tracking"])
    assert expected, "the data must have parcels to move"
    complaints_before = {c["id"]: c for c in before["complaints"].values()}

    moved = desk.move_to_yearly(YEAR)

    assert moved == {year: len(trackings) for year, trackings in sorted(expected.items())}
    files = desk.yearly_files()
    assert sorted(files) == sorted(expected)
    after = _stored(desk.path)
    gone = set().union(*expected.values())
    assert not gone & {record["tracking"] for record in after["parcels"].values()}
    assert not gone & {c["tracking"] for c in after["complaints"].values()}
    assert len(after["parcels"]) == len(before["parcels"]) - len(gone)
    for year, path in files.items():
        assert path == tmp_path / f"claimdesk.archive-{year}.json"
        stored = _stored(path)
        assert {record["tracking"] for record in stored["parcels"].values()} == expected[year]
        for complaint in stored["complaints"].values():
            assert complaint == complaints_before[complaint["id"]]  # moved as stored
        assert Desk.open(path).parcel_count() == len(expected[year])  # a claimdesk file like the first
    # every complaint is in exactly one file
    everywhere = [c["id"] for path in [desk.path, *files.values()] for c in _stored(path)["complaints"].values()]
    assert sorted(everywhere) == sorted(complaints_before)


def test_nothing_recent_or_live_moves(desk: Desk) -> None:
    assert desk.move_to_yearly(timedelta(days=3650)) == {}
    assert desk.yearly_files() == {}
    live = {row.tracking for row in desk.rows()}
    desk.move_to_yearly(timedelta(days=1))
    assert {row.tracking for row in desk.rows()} == live  # live parcels never move
    assert desk.has_parcel_on_desk("LP00NEW00000")


def test_a_move_cut_short_is_finished_by_the_next_one_and_read_once_meanwhile(desk: Desk, tmp_path: Path) -> None:
    rows_before = ledger(AllYears(desk))
    copy = tmp_path / "before.json"
    copy.write_bytes(desk.path.read_bytes())
    desk.move_to_yearly(YEAR)
    # as if the data file's write had not happened: the parcels are in both files
    desk.path.write_bytes(copy.read_bytes())
    (tmp_path / ".claimdesk.json.checked").unlink(missing_ok=True)
    again = Desk.open(desk.path, FixedClock(NOW))
    assert ledger(AllYears(again)) == rows_before  # each complaint once, the desk's copy in force
    again.move_to_yearly(YEAR)
    for path in again.yearly_files().values():
        trackings = [record["tracking"] for record in _stored(path)["parcels"].values()]
        assert len(trackings) == len(set(trackings))
    assert ledger(AllYears(again)) == rows_before


def test_reports_read_every_year_on_request(desk: Desk) -> None:
    everything = ledger(desk)
    desk.move_to_yearly(YEAR)
    on_desk = ledger(desk)
    assert len(on_desk) < len(everything)
    assert ledger(AllYears(desk)) == everything


def test_listing_every_year_finds_moved_parcels(desk: Desk) -> None:
    archived = {parcel.tracking for parcel, _ in desk.find_parcels(archived=True)}
    desk.move_to_yearly(YEAR)
    on_desk = {parcel.tracking for parcel, _ in desk.find_parcels(archived=True)}
    in_years = {parcel.tracking for year in desk.yearly_desks() for parcel, _ in year.find_parcels(archived=True)}
    assert on_desk | in_years == archived
    assert in_years and not on_desk & in_years


def test_a_yearly_file_read_with_the_others_is_never_written(desk: Desk) -> None:
    desk.move_to_yearly(YEAR)
    path = next(iter(desk.yearly_files().values()))
    before = path.read_bytes()
    for year in desk.yearly_desks():
        tracking = next(iter(year._repo.tracking_numbers()))
        with pytest.raises(DataFileError, match="yearly archive file"):
            year.unarchive(tracking)
    assert path.read_bytes() == before


def test_yearly_file_names() -> None:
    data = Path("/x/claimdesk.json")
    assert yearly.year_path(data, 2025) == Path("/x/claimdesk.archive-2025.json")
    assert yearly.is_year_file_name("claimdesk.archive-2025.json", "claimdesk.json")
    assert not yearly.is_year_file_name("claimdesk.archive-25.json", "claimdesk.json")
    assert not yearly.is_year_file_name("other.archive-2025.json", "claimdesk.json")
    assert Repository(data).own_file("/x/claimdesk.archive-2024.json") == "archive"


def test_the_ledger_csv_of_every_year(desk: Desk, tmp_path: Path) -> None:
    everything = ledger(desk)
    desk.move_to_yearly(YEAR)
    count, written = desk.export_complaints_csv(tmp_path / "ledger.csv", all_years=True)
    assert count == len(everything)
    rows = list(csv.DictReader(io.StringIO(written.read_text(encoding="utf-8-sig"))))
    assert [row["tracking"] for row in rows] == [row["tracking"] for row in everything]


def test_other_numbers_move_with_their_parcel(desk: Desk, tmp_path: Path) -> None:
    tracking = next(p.tracking for p, _ in desk.find_parcels(archived=True) if p.created_at < NOW - YEAR)
    data = _stored(desk.path)
    for record in data["parcels"].values():
        if record["tracking"] == tracking:
            record["other_numbers"] = ["LP00OTHER0001"]
    desk.path.write_bytes(orjson.dumps(data))
    (tmp_path / ".claimdesk.json.checked").unlink(missing_ok=True)
    desk = Desk.open(desk.path, FixedClock(NOW))
    desk.move_to_yearly(YEAR)
    assert desk._repo.owner_of("LP00OTHER0001") is None  # the desk no longer knows it
    in_years = [year._repo.owner_of("LP00OTHER0001") for year in desk.yearly_desks()]
    assert tracking in in_years
