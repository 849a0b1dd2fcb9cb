"""Issue 5, crash: SIGKILL writers at random moments; every acknowledged write must survive.

A writer process adds parcels, files complaints and changes statuses through the services
and prints each write once the service call returned. The test kills it with SIGKILL (no
clean-up, no atexit) at a random moment, then demands every printed write back from a file
that opens cleanly and passes `doctor`. The suite does a dozen kills; `make torture` hundreds.
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from claimdesk.store import schema
from tests import reliability_worker as worker

ROUNDS = 6  # two writers per round, each killed: 12 kills


def test_sigkilled_writers_never_lose_an_acknowledged_write(tmp_path: Path) -> None:
    db = tmp_path / "data" / "claimdesk.json"
    rng = random.Random(20260320)
    acknowledged = 0
    for round_number in range(ROUNDS):
        delays = [rng.uniform(0.0, 0.3), rng.uniform(0.0, 0.3)]
        prefixes = [f"K{round_number:02d}A", f"K{round_number:02d}B"]
        # Each writer is killed at a random moment after its first 3-5 acknowledged writes.
        lines, problems = worker.kill_writers(db, prefixes, delays, after_lines=[rng.randint(3, 5), rng.randint(3, 5)])
        assert problems == [], problems
        assert worker.check_acknowledged(db, lines) == []
        acknowledged += len(lines)
    # The kills landed while work was going on, not before the first write.
    assert acknowledged >= ROUNDS * 6
    # A writer killed mid-write leaves its temp file; the next writer sweeps it away.
    lines, problems = worker.run_writers(db, ["CLEAN"], 1)
    assert problems == []
    assert sorted(path.name for path in db.parent.iterdir()) == [".claimdesk.json.checked", "claimdesk.json", "claimdesk.json.lock"]


def test_a_kill_at_any_moment_leaves_no_half_file(tmp_path: Path) -> None:
    """The file after a kill is always one complete version: it parses, it is claimdesk data."""
    import orjson

    db = tmp_path / "claimdesk.json"
    for delay in (0.0, 0.12):
        lines, problems = worker.kill_writers(db, [f"H{int(delay * 100):02d}A"], [delay])
        assert problems == []
        data = orjson.loads(db.read_bytes()) if db.exists() else None
        if data is not None:
            assert data["meta"]["1"] == {"app": "claimdesk", "schema": schema.SCHEMA_VERSION}
        assert worker.check_acknowledged(db, lines) == []
        # The next writer continues on the same file, so it must not trip over the leftovers.
        lines, problems = worker.kill_writers(db, [f"H{int(delay * 100):02d}B"], [0.05])
        assert problems == []
        assert worker.check_acknowledged(db, lines) == []


@pytest.mark.torture
def test_torture_many_kills(tmp_path: Path) -> None:
    db = tmp_path / "claimdesk.json"
    rng = random.Random(7)
    for round_number in range(100):
        lines, problems = worker.kill_writers(db, [f"T{round_number:03d}"], [rng.uniform(0.0, 0.5)])
        assert problems == []
        assert worker.check_acknowledged(db, lines) == []
