"""The clock cache (store/clock_cache.py): the cached clocks always equal the computed ones.

The reference computes every parcel's deadlines from whole Parcels with the domain's function,
with no cache anywhere; the desk under test takes them from `.NAME.clocks` where it holds. Each
example changes one input (a record, by the desk or by hand; a setting; the holiday calendar
and its release) and moves "now", including onto the very instants where a clock turns.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import Callable
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import orjson
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from claimdesk.clock import FixedClock
from claimdesk.demo import generate
from claimdesk.domain import workdays
from claimdesk.domain.deadlines import Deadline, parcel_deadlines, soonest_first
from claimdesk.domain.errors import RuleError
from claimdesk.domain.instants import platform_time
from claimdesk.services import Desk
from claimdesk.store import clock_cache
from tests.perf.datasets import write_data_file

NOW = datetime.fromisoformat("2026-03-20T10:00:00+08:00")
MICRO = timedelta(microseconds=1)


def reference(path: Path, now: datetime) -> list[tuple[Any, ...]]:
    """Every live deadline at now, computed from scratch (no cache read or written)."""
    desk = Desk.open(path, FixedClock(now))
    settings_ = desk.settings
    found: list[Deadline] = []
    for parcel in desk._repo.parcels():
        found.extend(parcel_deadlines(parcel, desk.complaints(parcel.tracking), platform_time(now), settings_))
    desk.close()
    return _plain(soonest_first(found))


def _plain(deadlines: list[Deadline]) -> list[tuple[Any, ...]]:
    return [(d.tracking, d.kind, d.complaint_type, d.due, d.due.isoformat(), d.due.utcoffset()) for d in deadlines]


def cached(path: Path, now: datetime) -> tuple[list[tuple[Any, ...]], int]:
    """Desk.due at now through the cache, in a desk opened afresh (as a new process would);
    and how many parcels it computed rather than took from the cache."""
    desk = Desk.open(path, FixedClock(now))
    result = _plain(desk.due(now=now))
    computed = desk._repo.clock_cache.computed if desk._repo.clock_cache else -1
    desk.close()
    return result, computed


@pytest.fixture(scope="module")
def base_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    parcels, complaints = generate(400, NOW, seed=11)
    path = tmp_path_factory.mktemp("clocks") / "claimdesk.json"
    write_data_file(path, parcels, complaints)
    return path


def _copy(base: Path, folder: Path) -> Path:
    path = folder / "claimdesk.json"
    shutil.copyfile(base, path)
    return path


# --------------------------------------------------------------------------- the inputs changed


def _edit_file(path: Path, change: Callable[[dict[str, Any]], None]) -> None:
    """Change the file by hand (as a text editor would), revisions untouched."""
    data = orjson.loads(path.read_bytes())
    change(data)
    path.write_bytes(orjson.dumps(data))


def _hand_edit_parcel(path: Path, pick: int, days: int) -> None:
    def change(data: dict[str, Any]) -> None:
        records = list(data["parcels"].values())
        record = records[pick % len(records)]
        created = datetime.fromisoformat(record["created_at"]) + timedelta(days=days)
        record["created_at"] = created.isoformat()
        for name in ("collected_at", "last_tracking_at"):
            if record.get(name) and datetime.fromisoformat(record[name]) < created:
                record[name] = created.isoformat()
        record["status"] = ["lost", "damaged", "delayed", "in-transit", "delivered"][pick % 5]

    _edit_file(path, change)


def _hand_edit_complaint(path: Path, pick: int, days: int) -> None:
    def change(data: dict[str, Any]) -> None:
        records = list(data["complaints"].values())
        record = records[pick % len(records)]
        first = record["events"][0]
        first["at"] = (datetime.fromisoformat(first["at"]) - timedelta(days=days)).isoformat()

    _edit_file(path, change)


def _desk_change(path: Path, pick: int, now: datetime) -> None:
    """A change through the desk: a status, or a complaint filed on a parcel that can take one."""
    desk = Desk.open(path, FixedClock(now))
    trackings = sorted(desk._repo.tracking_numbers())
    tracking = trackings[pick % len(trackings)]
    if pick % 2:
        desk.set_status(tracking, ["lost", "damaged", "delayed", "delivered"][pick % 4])
    else:
        for row_tracking in trackings[pick % len(trackings) :] + trackings:
            options = [o for o in desk.filing_options(row_tracking) if o.can_file]
            if options:
                try:
                    desk.file_complaint(row_tracking, options[0].complaint_type.value)
                except RuleError:
                    continue  # an option offered that filing still refuses (an open complaint)
                break
    desk.close()


def _setting_change(path: Path, days: int) -> None:
    desk = Desk.open(path, FixedClock(NOW))
    desk.update_settings(chamber_reply_days=days % 30 + 1, filing_window_days=60 + days % 120)
    desk.close()


# --------------------------------------------------------------------------- the property

CHANGES = st.sampled_from(["none", "hand-parcel", "hand-complaint", "desk", "desk+hand", "hand+desk", "setting", "holidays"])


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    change=CHANGES,
    pick=st.integers(0, 10_000),
    days=st.integers(1, 40),
    shift=st.integers(-150, 150),
    on_clock=st.sampled_from([None, -1, 0, 1]),
)
def test_cached_clocks_equal_computed_ones(
    base_file: Path, monkeypatch: pytest.MonkeyPatch, change: str, pick: int, days: int, shift: int, on_clock: int | None
) -> None:
    with tempfile.TemporaryDirectory() as folder, monkeypatch.context() as patch:
        path = _copy(base_file, Path(folder))
        first, _ = cached(path, NOW)  # fills the cache
        assert first == reference(path, NOW)
        if change == "hand-parcel":
            _hand_edit_parcel(path, pick, days)
        elif change == "hand-complaint":
            _hand_edit_complaint(path, pick, days)
        elif change == "desk":
            _desk_change(path, pick, NOW)
        elif change == "desk+hand":  # the write rebinds the cache; the hand edit after it does not
            _desk_change(path, pick, NOW)
            _hand_edit_parcel(path, pick + 1, days)
        elif change == "hand+desk":  # the write starts from bytes the cache was not written for
            _hand_edit_parcel(path, pick + 1, days)
            _desk_change(path, pick, NOW)
        elif change == "setting":
            _setting_change(path, days)
        elif change == "holidays":
            # A new release of the calendar: every day off is now a working day, or the reverse.
            patch.setattr(clock_cache, "holidays_release", lambda: "999.0-test")
            patch.setattr(workdays, "is_working_day", lambda day: day.toordinal() % 3 != pick % 3)
        now = NOW + timedelta(days=shift)
        if on_clock is not None:
            clocks = reference(path, now) or reference(path, NOW)
            if clocks:
                now = clocks[pick % len(clocks)][3] + on_clock * MICRO
        got, _ = cached(path, now)
        assert got == reference(path, now)
        again, computed = cached(path, now)  # the cache just written, read back
        assert again == got
        assert computed == 0
        after, _ = cached(path, now + MICRO)  # a clock that turns just after `now`
        assert after == reference(path, now + MICRO)


def test_recomputes_exactly_the_parcels_whose_inputs_changed(base_file: Path, tmp_path: Path) -> None:
    path = _copy(base_file, tmp_path)
    cached(path, NOW)
    _, computed = cached(path, NOW)
    assert computed == 0
    desk = Desk.open(path, FixedClock(NOW))
    tracking = next(d.tracking for d in desk.due())
    desk.set_status(tracking, "delayed")
    desk.close()
    got, computed = cached(path, NOW)
    assert computed == 1
    assert got == reference(path, NOW)


def test_a_setting_or_the_holiday_release_recomputes_every_parcel(base_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = _copy(base_file, tmp_path)
    everything, _ = cached(path, NOW)
    candidates = len({row[0] for row in everything})
    monkeypatch.setattr(clock_cache, "holidays_release", lambda: "999.0-test")
    _, computed = cached(path, NOW)
    assert computed >= candidates
    _setting_change(path, 5)
    got, computed = cached(path, NOW)
    assert computed >= candidates
    assert got == reference(path, NOW)


@pytest.mark.parametrize(
    "damage",
    [
        b"",
        b"\x00\xff garbage",
        b"claimdesk-clocks 2 0000 0000\n{}\n{}",
        "truncate",
        "flip",
        "valid checksum, wrong shape",
    ],
)
def test_a_damaged_cache_is_recomputed_and_never_breaks_the_desk(base_file: Path, tmp_path: Path, damage: bytes | str) -> None:
    path = _copy(base_file, tmp_path)
    cache_file = tmp_path / ".claimdesk.json.clocks"
    good, _ = cached(path, NOW)
    raw = cache_file.read_bytes()
    if damage == "truncate":
        cache_file.write_bytes(raw[: len(raw) // 2])
    elif damage == "flip":
        middle = len(raw) // 2
        cache_file.write_bytes(raw[:middle] + bytes([raw[middle] ^ 0x01]) + raw[middle + 1 :])
    elif damage == "valid checksum, wrong shape":
        import hashlib

        binding, body = orjson.dumps({"key": 1, "file": [], "todo": "x"}), orjson.dumps(["x"])
        digests = hashlib.sha256(binding).hexdigest() + " " + hashlib.sha256(body).hexdigest()
        cache_file.write_bytes(b"claimdesk-clocks 2 " + digests.encode() + b"\n" + binding + b"\n" + body)
    else:
        assert isinstance(damage, bytes)
        cache_file.write_bytes(damage)
    data_before = path.read_bytes()
    got, computed = cached(path, NOW)
    assert got == good == reference(path, NOW)
    assert computed > 0
    assert path.read_bytes() == data_before  # the data file is never the cache
    assert cache_file.read_bytes().startswith(b"claimdesk-clocks 2 ")  # rewritten whole


def test_the_cache_file_is_private_and_written_beside_the_data_file(base_file: Path, tmp_path: Path) -> None:
    path = _copy(base_file, tmp_path)
    cached(path, NOW)
    cache_file = tmp_path / ".claimdesk.json.clocks"
    assert cache_file.exists()
    assert (os.stat(cache_file).st_mode & 0o777) == 0o600
    assert not [name for name in os.listdir(tmp_path) if name.endswith(".tmp")]


def test_a_fifo_in_the_caches_place_is_never_read(base_file: Path, tmp_path: Path) -> None:
    path = _copy(base_file, tmp_path)
    os.mkfifo(tmp_path / ".claimdesk.json.clocks")  # opening it for reading would wait forever
    got, computed = cached(path, NOW)
    assert got == reference(path, NOW)
    assert computed > 0


def test_an_unwritable_cache_only_means_computing_again(base_file: Path, tmp_path: Path) -> None:
    path = _copy(base_file, tmp_path)
    (tmp_path / ".claimdesk.json.clocks").mkdir()  # something that is not a file is in the way
    got, computed = cached(path, NOW)
    assert got == reference(path, NOW)
    _, computed_again = cached(path, NOW)
    assert computed_again == computed > 0


def test_the_entry_holds_until_the_first_instant_a_comparison_can_turn() -> None:
    at = datetime(2026, 3, 20, 10, 0, tzinfo=NOW.tzinfo)
    later = at + timedelta(days=2)
    assert clock_cache.turns_at(at, [later, at - timedelta(days=1)]) == later
    assert clock_cache.turns_at(at, (at,)) == at + MICRO  # `now > t` turns just after t
    assert clock_cache.turns_at(at, [at - MICRO]) is None
    assert clock_cache.turns_at(at, date(2030, 1, 1)) is None  # a date is no instant


def test_temp_files_of_a_writer_killed_while_writing_the_cache_or_stamp_are_swept(base_file: Path, tmp_path: Path) -> None:
    path = _copy(base_file, tmp_path)
    names = ["..claimdesk.json.clocks.x1y2.tmp", "..claimdesk.json.checked.x1y2.tmp", ".claimdesk.json.x1y2.tmp"]
    for name in names:
        (tmp_path / name).write_bytes(b"half written")
    (tmp_path / "..other.json.clocks.x1y2.tmp").write_bytes(b"not ours")
    desk = Desk.open(path, FixedClock(NOW))
    desk.set_status(sorted(desk._repo.tracking_numbers())[0], "lost")  # a write sweeps, under the lock
    desk.close()
    assert sorted(name for name in os.listdir(tmp_path) if name.endswith(".tmp")) == ["..other.json.clocks.x1y2.tmp"]


def _cache_binding(folder: Path) -> str | None:
    """The sha256 of the data file the cache beside it was written for."""
    raw = (folder / ".claimdesk.json.clocks").read_bytes()
    return orjson.loads(raw.split(b"\n")[1])["file"]


def _digests_asked(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every tracking number whose record digest the repository computes from here on."""
    from claimdesk.store.repository import Repository

    asked: list[str] = []
    original = Repository.record_digests

    def counting(self: Repository, trackings: Any) -> dict[str, str]:
        trackings = list(trackings)
        asked.extend(trackings)
        return original(self, trackings)

    monkeypatch.setattr(Repository, "record_digests", counting)
    return asked


def _cache_then_change_a_parcel(path: Path) -> str:
    """Fill the cache, then change one parcel with clocks through the desk; its tracking number."""
    cached(path, NOW)
    desk = Desk.open(path, FixedClock(NOW))
    tracking = next(d.tracking for d in desk.due())
    desk.set_status(tracking, "delayed")
    desk.close()
    return tracking


def test_a_write_keeps_the_cache_bound_to_the_file_it_wrote(base_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import hashlib

    path = _copy(base_file, tmp_path)
    tracking = _cache_then_change_a_parcel(path)
    assert _cache_binding(tmp_path) == hashlib.sha256(path.read_bytes()).hexdigest()
    asked = _digests_asked(monkeypatch)
    got, computed = cached(path, NOW)
    assert got == reference(path, NOW)
    assert computed == 1  # the parcel written, and no other
    assert asked == [tracking]  # the untouched parcels' digests are not computed again
    again, computed = cached(path, NOW)
    assert (again, computed) == (got, 0)


def test_a_complaint_filed_and_a_parcel_added_are_computed_after_the_write(base_file: Path, tmp_path: Path) -> None:
    path = _copy(base_file, tmp_path)
    cached(path, NOW)
    _desk_change(path, 0, NOW)  # files a complaint
    desk = Desk.open(path, FixedClock(NOW))
    desk.add_parcel({"tracking": "LP0000009999999", "service": "special-line", "created_at": "2026-01-02T10:00:00+08:00", "status": "lost"})
    desk.close()
    got, computed = cached(path, NOW)
    assert got == reference(path, NOW)
    assert 1 <= computed <= 2
    assert any(row[0] == "LP0000009999999" for row in got)


def test_a_hand_edit_after_a_write_is_still_recomputed(base_file: Path, tmp_path: Path) -> None:
    path = _copy(base_file, tmp_path)
    cached(path, NOW)
    desk = Desk.open(path, FixedClock(NOW))
    desk.set_status(next(d.tracking for d in desk.due()), "lost")
    desk.close()
    for pick in range(5):  # some parcel whose clocks the edit changes
        _hand_edit_parcel(path, pick, 20 + pick)
    got, computed = cached(path, NOW)
    assert got == reference(path, NOW)
    assert computed >= 1


def test_a_write_on_bytes_the_cache_was_not_written_for_leaves_it_unbound(base_file: Path, tmp_path: Path) -> None:
    path = _copy(base_file, tmp_path)
    cached(path, NOW)
    before = _cache_binding(tmp_path)
    _hand_edit_parcel(path, 3, 30)  # no `due` in between: the cache names the bytes before the edit
    desk = Desk.open(path, FixedClock(NOW))
    desk.set_status(sorted(desk._repo.tracking_numbers())[7], "lost")
    desk.close()
    assert _cache_binding(tmp_path) == before
    got, _ = cached(path, NOW)
    assert got == reference(path, NOW)


# --------------------------------------------------------------------------- the quick path


def _outputs(path: Path, now: datetime, *, load: bool) -> tuple[bytes, bytes, bool]:
    """`due --json`'s and `due --ics -`'s bytes at now from a desk opened as the CLI opens it
    (load=False: the quick path when the cache allows) or loaded first (the records path);
    and whether the desk read every record."""
    import json

    from claimdesk.views import deadline_json

    desk = Desk.open(path, FixedClock(now), load=load)
    due = json.dumps([deadline_json(d, now) for d in desk.due(None, now)], ensure_ascii=False).encode()
    desk.close()
    desk = Desk.open(path, FixedClock(now), load=load)
    _, pieces = desk.calendar_content()
    ics = b"".join(pieces)
    loaded = desk._repo._generation != -1
    desk.close()
    return due, ics, loaded


QUICK_CHANGES = st.sampled_from(["none", "desk", "desk+hand", "hand", "setting", "archive"])


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(change=QUICK_CHANGES, pick=st.integers(0, 10_000), days=st.integers(1, 40), shift=st.integers(-60, 90))
def test_the_quick_path_writes_the_same_bytes_as_the_records_path(base_file: Path, change: str, pick: int, days: int, shift: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = _copy(base_file, Path(folder))
        cached(path, NOW)  # the cache as a `due` leaves it
        _outputs(path, NOW, load=False)  # ...and a calendar (the ended stretches it keeps)
        if change in ("desk", "desk+hand"):
            _desk_change(path, pick, NOW)
        if change in ("hand", "desk+hand"):
            _hand_edit_parcel(path, pick + 1, days)
        elif change == "setting":
            _setting_change(path, days)
        elif change == "archive":
            desk = Desk.open(path, FixedClock(NOW))
            tracking = sorted(desk._repo.tracking_numbers())[pick % 400]
            with contextlib.suppress(RuleError):
                desk.archive(tracking)
            desk.close()
        now = NOW + timedelta(days=shift)
        records = _outputs(path, now, load=True)
        for _ in range(2):  # the first run may compute and rewrite the cache; the second reads it
            quick = _outputs(path, now, load=False)
            assert quick[:2] == records[:2]
        assert not quick[2]  # the second run read no file records


def test_after_a_write_the_quick_path_reads_only_the_written_parcel(base_file: Path, tmp_path: Path) -> None:
    path = _copy(base_file, tmp_path)
    _cache_then_change_a_parcel(path)
    desk = Desk.open(path, FixedClock(NOW), load=False)
    got = _plain(desk.due(now=NOW))
    assert desk._repo._generation == -1  # the file's records were never all parsed
    assert desk._repo.clock_cache is not None and desk._repo.clock_cache.computed == 1
    desk.close()
    assert got == reference(path, NOW)


@pytest.mark.parametrize("spoil", ["no stamp", "hand edit", "no cache", "other rules"])
def test_the_quick_path_is_never_taken_on_doubt(base_file: Path, tmp_path: Path, spoil: str, monkeypatch: pytest.MonkeyPatch) -> None:
    path = _copy(base_file, tmp_path)
    cached(path, NOW)
    if spoil == "no stamp":
        (tmp_path / ".claimdesk.json.checked").unlink()
    elif spoil == "hand edit":
        _hand_edit_parcel(path, 5, 12)
    elif spoil == "no cache":
        (tmp_path / ".claimdesk.json.clocks").unlink()
    else:
        monkeypatch.setattr(clock_cache, "holidays_release", lambda: "999.0-test")
    desk = Desk.open(path, FixedClock(NOW), load=False)
    got = _plain(desk.due(now=NOW))
    assert desk._repo._generation != -1  # loaded the whole file
    desk.close()
    assert got == reference(path, NOW)


def test_records_are_found_by_doc_id_in_the_files_bytes(tmp_path: Path) -> None:
    from claimdesk.store.file_records import FileRecords, NotFound

    parcels, complaints = generate(3000, NOW, seed=5)
    path = tmp_path / "claimdesk.json"
    write_data_file(path, parcels, complaints)
    desk = Desk.open(path, FixedClock(NOW))
    trackings = sorted(desk._repo.tracking_numbers())
    for number, tracking in enumerate(trackings[::7]):  # holes in the ids, and records of other lengths
        if desk.complaints(tracking):
            continue
        if number % 2:
            desk._repo.remove_parcel(tracking)
        else:
            desk.archive(tracking)
    desk.close()
    data = orjson.loads(path.read_bytes())
    desk = Desk.open(path)
    spans = {name: list(span) for name, span in desk._repo.storage.spans.items()}
    desk.close()
    docs = {record["tracking"]: doc for doc, record in data["parcels"].items()}
    with open(path, "rb") as handle:
        records = FileRecords(handle.fileno(), spans, docs)
        for record in data["parcels"].values():
            assert records.parcel(record["tracking"]) == record
            assert records.complaints(record["tracking"]) == desk.complaints(record["tracking"])
        wrong = FileRecords(handle.fileno(), spans, {trackings[1]: "999999"})
        with pytest.raises(NotFound):
            wrong.parcel(trackings[1])
        swapped = FileRecords(handle.fileno(), spans, {trackings[1]: next(iter(data["parcels"]))})
        with pytest.raises(NotFound):
            swapped.parcel(trackings[1])


@settings(max_examples=30, deadline=None)
@given(order=st.randoms(use_true_random=False), lengths=st.lists(st.integers(0, 3000), min_size=1, max_size=400))
def test_records_of_any_length_are_found_in_any_order(tmp_path_factory: pytest.TempPathFactory, order: Any, lengths: list[int]) -> None:
    """The search for a doc id over the table's bytes, on records of very uneven lengths (a
    note of 0 to 3,000 characters, several windows long together) and ids with holes."""
    from claimdesk.store.file_records import FileRecords, NotFound

    docs = [str(1 + 3 * number + number % 2) for number in range(len(lengths))]
    table = {doc: {"tracking": f"T{doc}", "note": "x" * length} for doc, length in zip(docs, lengths, strict=True)}
    raw = orjson.dumps({"meta": {"1": {"app": "claimdesk"}}, "parcels": table})
    start = raw.index(b'"parcels":') + len(b'"parcels":')
    path = tmp_path_factory.mktemp("records") / "claimdesk.json"
    path.write_bytes(raw)
    wanted = list(docs)
    order.shuffle(wanted)
    with open(path, "rb") as handle:
        records = FileRecords(handle.fileno(), {"parcels": [start, len(raw) - 1]}, {f"T{doc}": doc for doc in docs} | {"gone": "3"})
        for doc in wanted:
            assert records.parcel(f"T{doc}") == table[doc]
        with pytest.raises(NotFound):
            records.parcel("gone")  # id 3 lies between two records: in no table


def test_a_few_entries_computed_again_are_not_worth_a_rewrite_and_stay_exact(
    base_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """In a large cache, the clocks that turned since the last run are computed again from
    their records each run until they are 1 entry in 100 (clock_cache._RESAVE_SHARE): the
    cache file is not rewritten for a few of them, and the answer is still exactly the
    records'. A small cache is rewritten for any (the suite's other tests)."""
    path = _copy(base_file, tmp_path)
    cached(path, NOW)  # the cache, written
    cache_file = path.with_name(f".{path.name}.clocks")
    written = cache_file.read_bytes()
    later = NOW + timedelta(days=3)  # some clocks turned: their entries are computed again
    monkeypatch.setattr(clock_cache, "_FEW_KEPT_FROM", 0)  # a large cache, as at 1M parcels
    monkeypatch.setattr(clock_cache, "_RESAVE_SHARE", 1)  # "few": fewer than every entry
    for _ in range(2):
        result, computed = cached(path, later)
        assert 0 < computed < 400
        assert result == reference(path, later)
        assert cache_file.read_bytes() == written  # not rewritten for them
    monkeypatch.setattr(clock_cache, "_RESAVE_SHARE", 100_000)  # "many"
    assert cached(path, later)[0] == reference(path, later)
    assert cache_file.read_bytes() != written
    assert cached(path, later)[1] == 0  # kept: none computed again
