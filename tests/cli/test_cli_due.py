"""`claimdesk due [--within] [--json]`: every live clock, soonest first, overdue ones negative.

Now is pinned at Friday 2026-03-20 10:00 Shanghai.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.cli.helpers import EMS, Run, add_args, assert_one_line_error, snapshot

DAY = 86400
KEYS = {"tracking", "clock", "complaint_type", "due", "remaining_seconds", "missed"}


def special(tracking: str, status: str, created: str = "2026-03-01T10:00:00+08:00") -> list[str]:
    return add_args(tracking=tracking, service="special-line", status=status, created=created, carrier="Yanwen")


@pytest.fixture
def desk_with_clocks(run: Run) -> None:
    def ok(*args: str) -> None:
        result = run(*args)
        assert result.code == 0, (args, result.err)

    ok(*add_args())  # lost EMS parcel, no complaint: its loss window closes 2026-06-29 10:00
    ok(*special("LP0000000002", "delayed", created="2026-03-10T10:00:00+08:00"))  # delay opens 04-09
    ok(*special("LP0000000003", "damaged"))
    ok("complaint", "file", "LP0000000003", "--type", "damage", "--at", "2026-03-12T10:00:00+08:00")
    ok("complaint", "reply", "LP0000000003", "--no-agreement", "--at", "2026-03-13T10:00:00+08:00")
    ok("complaint", "escalate", "LP0000000003", "--at", "2026-03-16T10:00:00+08:00")  # Monday: due Tue 03-17
    ok(*special("LP0000000004", "partially-lost"))
    ok("complaint", "file", "LP0000000004", "--type", "partial-loss")  # chamber due 03-30
    ok(*special("LP0000000005", "lost"))
    ok("complaint", "file", "LP0000000005", "--type", "loss", "--at", "2026-03-11T10:00:00+08:00")
    ok("complaint", "reply", "LP0000000005", "--no-agreement", "--at", "2026-03-12T10:00:00+08:00")  # appeal by 03-27
    ok(*special("LP0000000006", "in-transit"))  # nothing due
    ok(*special("LP0000000007", "delivered"))  # nothing due
    ok(*add_args(tracking="DHL-0000000008", service="offline", status="lost"))  # not a platform complaint


EXPECTED = [
    ("LP0000000003", "intervention", "damage", "2026-03-17T10:00:00+08:00", -3 * DAY),
    ("LP0000000005", "escalation-window-closes", "loss", "2026-03-27T10:00:00+08:00", 7 * DAY),
    ("LP0000000004", "chamber-reply", "partial-loss", "2026-03-30T10:00:00+08:00", 10 * DAY),
    ("LP0000000002", "filing-window-opens", "delay", "2026-04-09T10:00:00+08:00", 20 * DAY),
    (EMS, "filing-window-closes", "loss", "2026-06-29T10:00:00+08:00", 101 * DAY),
    ("LP0000000002", "filing-window-closes", "delay", "2026-07-08T10:00:00+08:00", 110 * DAY),
]


def due_json(run: Run, *args: str) -> list[dict]:
    result = run("due", "--json", *args)
    assert result.code == 0, result.err
    assert result.err == ""
    return json.loads(result.out)


@pytest.mark.usefixtures("desk_with_clocks")
def test_due_json_lists_every_clock_soonest_first(run: Run, db: Path) -> None:
    before = snapshot(db)
    clocks = due_json(run)
    assert all(set(clock) == KEYS for clock in clocks)
    assert [
        tuple(clock[key] for key in ("tracking", "clock", "complaint_type", "due", "remaining_seconds")) for clock in clocks
    ] == EXPECTED
    assert snapshot(db) == before  # listing writes nothing


@pytest.mark.usefixtures("desk_with_clocks")
@pytest.mark.parametrize(
    ("within", "count"),
    [("0s", 1), ("7d", 2), ("8d", 2), ("P10D", 3), ("1w3d", 3), ("240h", 3), ("20d", 4), ("52w", 6)],
)
def test_within_keeps_clocks_due_by_then_overdue_included(run: Run, within: str, count: int) -> None:
    clocks = due_json(run, "--within", within)
    assert [clock["due"] for clock in clocks] == [row[3] for row in EXPECTED[:count]]


@pytest.mark.usefixtures("desk_with_clocks")
def test_due_text_marks_overdue_clocks(run: Run) -> None:
    result = run("due", "--within", "8d")
    assert result.code == 0
    lines = result.out.splitlines()
    assert len(lines) == 2
    assert lines[0].startswith("OVERDUE") and "LP0000000003" in lines[0] and "intervention" in lines[0]
    assert "-3d 00:00:00" in lines[0]
    assert not lines[1].startswith("OVERDUE") and "7d 00:00:00" in lines[1]


def test_nothing_due(run: Run) -> None:
    assert run("due").out == "Nothing due.\n"
    assert run("due", "--within", "1d").out == "Nothing due within 1d.\n"
    assert due_json(run) == []


def test_overdue_clock_stays_until_the_complaint_moves_on(run: Run) -> None:
    assert run(*special("LP0000000009", "lost")).code == 0
    assert run("complaint", "file", "LP0000000009", "--type", "loss", "--at", "2026-03-11T10:00:00+08:00").code == 0
    assert run("complaint", "reply", "LP0000000009", "--no-agreement", "--at", "2026-03-12T09:00:00+08:00").code == 0
    assert run("complaint", "escalate", "LP0000000009", "--at", "2026-03-13T09:00:00+08:00").code == 0  # Fri -> Mon
    [overdue] = due_json(run)
    assert (overdue["clock"], overdue["due"], overdue["remaining_seconds"]) == (
        "intervention",
        "2026-03-16T09:00:00+08:00",
        -(4 * DAY + 3600),
    )
    assert run("complaint", "close", "LP0000000009", "--outcome", "rejected").code == 0
    assert due_json(run)[0]["clock"] == "filing-window-closes"  # one attempt left


@pytest.mark.parametrize("within", ["soon", "-3d", "3 days", "3d!", "P", "99999999999999w", "999999999d", "", None])
def test_bad_within_is_exit_2(run: Run, db: Path, within: str | None) -> None:
    assert run(*add_args()).code == 0
    before = snapshot(db)
    result = run("due", "--within", within) if within is not None else run("due", "--within")
    assert_one_line_error(result, 2, "--within")
    assert snapshot(db) == before


@pytest.mark.usefixtures("desk_with_clocks")
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_due_columns_line_up_after_the_overdue_word(run: Run, lang: str) -> None:
    """Issue 20 item 7: the OVERDUE/已逾期 word (two cells a Chinese character) does not push
    its row's columns right; every row's due time starts in the same terminal cell."""
    from rich.cells import cell_len

    lines = run("--lang", lang, "due", "--within", "20d").out.splitlines()
    assert len(lines) == 4
    starts = {cell_len(line[: line.index("2026-")]) for line in lines}
    assert len(starts) == 1, lines
    trackings = {cell_len(line[: line.index("LP0")]) for line in lines}
    assert len(trackings) == 1, lines
