"""What a large desk's first screen reads without loading the file (Repository.first_screen):
the records it shows, their complaints and the settings, equal to what the loaded desk says, or None whenever the file is not what the stamp and the clock cache vouch for."""

from __future__ import annotations

from pathlib import Path

import pytest

from claimdesk.clock import FixedClock
from claimdesk.demo import generate
from claimdesk.services import Desk
from tests.seeding import seed


def archivable(desk: Desk) -> list[str]:
    return [row.tracking for row in desk.rows() if not desk.complaints(row.tracking)]


@pytest.fixture
def demo(tmp_path: Path, clock: FixedClock) -> Desk:
    path = tmp_path / "desk.json"
    parcels, complaints = generate(400, clock.now(), seed=5)
    seed(path, parcels, complaints)
    desk = Desk.open(path, clock)
    for tracking in archivable(desk)[::7]:  # some archived: rows as the loaded desk makes them
        desk.archive(tracking)
    Desk.open(path, clock).due()  # the stamp and a clock cache for these very bytes
    return desk


def test_the_first_screen_reads_what_the_loaded_desk_holds(demo: Desk, clock: FixedClock) -> None:
    loaded = Desk.open(demo.path, clock)
    wanted = [deadline.tracking for deadline in loaded.due()][:30]
    quick = Desk.open(demo.path, clock, load=False)
    found = quick.first_screen_rows(wanted)
    assert found is not None and not quick.is_loaded()
    assert found == loaded.rows_of(wanted)
    assert any(row.tracking not in wanted for row in loaded.rows())  # not every row was read
    quick.refresh()
    assert quick.first_seen()


def test_nothing_is_read_quickly_from_bytes_the_stamp_does_not_name(demo: Desk, clock: FixedClock) -> None:
    wanted = [deadline.tracking for deadline in Desk.open(demo.path, clock).due()][:5]
    other = Desk.open(demo.path, clock)
    quick = Desk.open(demo.path, clock, load=False)
    other.archive(archivable(other)[0])  # another process writes: new bytes (the cache is rebound, the stamp too)
    found = quick.first_screen_rows(wanted)
    if found is not None:  # read from the new bytes, which the stamp and the cache name
        assert found == Desk.open(demo.path, clock).rows_of(wanted)
    demo.path.write_bytes(demo.path.read_bytes().replace(b'"rev":', b'"rev" :', 1))  # a hand edit
    assert Desk.open(demo.path, clock, load=False).first_screen_rows(wanted) is None


def test_a_desk_read_since_its_first_screen_knows_whether_the_file_changed(demo: Desk, clock: FixedClock) -> None:
    wanted = [deadline.tracking for deadline in Desk.open(demo.path, clock).due()][:5]
    quick = Desk.open(demo.path, clock, load=False)
    assert quick.first_screen_rows(wanted) is not None
    other = Desk.open(demo.path, clock)
    other.archive(archivable(other)[0])
    quick.refresh()
    assert not quick.first_seen()
