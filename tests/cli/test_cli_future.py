"""Nothing is dated in the future, through the command line (issue 9, item 8; docs/rules.md section 5).

The clock is pinned at 2026-03-20 10:00 Shanghai (CLAIMDESK_NOW); the tolerance for clock
drift is FUTURE_TOLERANCE (5 minutes): 10:05:00 is accepted, 10:05:01 is exit 2 naming the
option, with the data file byte-identical.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from claimdesk.domain.instants import FUTURE_TOLERANCE
from tests.cli.helpers import EMS, Run, add_args, refused

EDGE = "2026-03-20T10:05:00+08:00"
LATE = "2026-03-20T10:05:01+08:00"


def test_the_edges_match_the_tolerance() -> None:
    assert FUTURE_TOLERANCE.total_seconds() == 5 * 60


def refused_as_future(run: Run, db: Path, flag: str, *args: str) -> None:
    refused(run, db, 2, *args, words=(f"claimdesk: {flag}: ", "in the future", "it is now 2026-03-20 10:00:00 +08:00"))


@pytest.mark.parametrize(
    "steps",
    [
        [["complaint", "file", EMS, "--type=loss"]],
        [["complaint", "file", EMS, "--type=loss", "--at=2026-03-19T10:00:00+08:00"], ["complaint", "reply", EMS, "--agreed"]],
        [
            ["complaint", "file", EMS, "--type=loss", "--at=2026-03-18T10:00:00+08:00"],
            ["complaint", "reply", EMS, "--no-agreement", "--at=2026-03-19T10:00:00+08:00"],
            ["complaint", "escalate", EMS],
        ],
        [
            ["complaint", "file", EMS, "--type=loss", "--at=2026-03-17T10:00:00+08:00"],
            ["complaint", "reply", EMS, "--no-agreement", "--at=2026-03-18T10:00:00+08:00"],
            ["complaint", "escalate", EMS, "--at=2026-03-19T10:00:00+08:00"],
            ["complaint", "intervene", EMS],
        ],
        [["complaint", "file", EMS, "--type=loss", "--at=2026-03-19T10:00:00+08:00"], ["complaint", "close", EMS, "--outcome=withdrawn"]],
    ],
    ids=["file", "reply", "escalate", "intervene", "close"],
)
def test_every_event_at_the_edge_is_accepted_and_one_second_later_refused(run: Run, db: Path, parcel: str, steps: list[list[str]]) -> None:
    *before, last = steps
    for step in before:
        assert run(*step).code == 0
    refused_as_future(run, db, "--at", *last, f"--at={LATE}")
    result = run(*last, f"--at={EDGE}")
    assert result.code == 0, result.err


def test_a_future_reply_no_longer_blocks_every_event_at_now(run: Run, db: Path, parcel: str) -> None:
    """The bug of issue 9: a reply dated tomorrow was accepted, then 'close' at now was refused."""
    assert run("complaint", "file", EMS, "--type=loss", "--at=2026-03-19T10:00:00+08:00").code == 0
    refused_as_future(run, db, "--at", "complaint", "reply", EMS, "--no-agreement", "--at=2026-03-21T10:00:00+08:00")
    assert run("complaint", "reply", EMS, "--no-agreement").code == 0
    result = run("complaint", "close", EMS, "--outcome=withdrawn")
    assert result.code == 0, result.err


@pytest.mark.parametrize(("field", "flag"), [("created", "--created"), ("collected", "--collected"), ("last_tracking", "--last-tracking")])
def test_parcel_add_refuses_a_future_instant_naming_the_option(run: Run, db: Path, field: str, flag: str) -> None:
    refused_as_future(run, db, flag, *add_args(**{field: LATE}))
    result = run(*add_args(**{field: EDGE}))
    assert result.code == 0, result.err


def test_parcel_set_refuses_a_future_last_tracking_update(run: Run, db: Path, parcel: str) -> None:
    refused_as_future(run, db, "--last-tracking", "parcel", "set", EMS, "--status=lost", f"--last-tracking={LATE}")
    assert run("parcel", "set", EMS, "--status=lost", f"--last-tracking={EDGE}").code == 0


def test_a_csv_row_created_in_the_future_is_a_bad_row(run: Run, db: Path, tmp_path: Path) -> None:
    header = "tracking,order,service,created_at,item,weight,shipping_fee"
    source = tmp_path / "in.csv"
    source.write_text(
        f"{header}\nLP0000000001,81,other,{EDGE},document,1,5\nLP0000000002,82,other,{LATE},document,1,5\n",
        encoding="utf-8",
    )
    result = run("import", source)
    assert result.code == 0, result.err
    assert result.err_lines == [result.err_lines[0]]
    assert result.err_lines[0].startswith("bad line 3: created_at: 2026-03-20 10:05:01 +08:00 is in the future")
    assert [p["tracking"] for p in json.loads(run("parcel", "list", "--json").out)] == ["LP0000000001"]
