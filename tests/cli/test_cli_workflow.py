"""The seller's daily loop from the command line (issue 10): undo and notes, money received later,
back-dating refused, third-party claims, archive and delete, `parcel list` filters.

docs/rules.md's EMS example parcel, created 2026-03-01 10:00 Shanghai and lost; the clock is pinned at
2026-03-20 10:00. Every refusal is one line on stderr and leaves the file byte-identical.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.cli.helpers import EMS, Run, add_args, refused
from tests.ui._pilot import s10

OTHER = s10("22222222")
OFFLINE = "SF1234567890"


def ok(run: Run, *args: str) -> str:
    result = run(*args)
    assert result.code == 0, (args, result.err)
    return result.out


def listed(run: Run, *args: str) -> list[dict]:
    return json.loads(ok(run, "parcel", "list", "--json", *args))


def clocks(run: Run) -> list[tuple[str, str]]:
    return [(clock["tracking"], clock["clock"]) for clock in json.loads(ok(run, "due", "--json"))]


# ---------------------------------------------------------------------------- undo, note


def test_undo_a_mistaken_filing_gives_the_attempt_back(run: Run, db: Path, parcel: str) -> None:
    ok(run, "complaint", "file", parcel, "--type", "loss", "--at", "2026-03-18T10:00:00+08:00")
    assert listed(run)[0]["attempts_used"] == 1
    out = ok(run, "complaint", "undo", parcel, "--reason", "recorded on the wrong parcel")
    assert out == (
        f"{EMS}: retracted 'filed' of 2026-03-18 10:00 +08:00; it stays in the history, marked retracted.\n"
        "The filing no longer counts as an attempt: 0 of 2 used.\n"
    )
    [record] = listed(run)
    # the parcel's stage is its latest complaint's: a retracted filing (issue 19, item 3)
    assert (record["attempts_used"], record["stage"], record["latest_stage"]) == (0, None, "retracted")
    assert clocks(run) == [(EMS, "filing-window-closes")]  # as if it had never been filed
    stored = json.loads(db.read_text(encoding="utf-8"))
    [event] = next(iter(stored["complaints"].values()))["events"]
    assert event["retracted_at"] == "2026-03-20T10:00:00+08:00"
    assert event["retraction_reason"] == "recorded on the wrong parcel"
    refused(run, db, 3, "complaint", "undo", parcel, words=("no complaint",))


def test_undo_a_reply_reopens_the_complaint(run: Run, parcel: str) -> None:
    ok(run, "complaint", "file", parcel, "--type", "loss", "--at", "2026-03-18T10:00:00+08:00")
    ok(run, "complaint", "reply", parcel, "--agreed", "--at", "2026-03-19T10:00:00+08:00")
    assert clocks(run) == []
    out = ok(run, "complaint", "undo", parcel)
    assert out == f"{EMS}: retracted 'chamber replied: agreed' of 2026-03-19 10:00 +08:00; it stays in the history, marked retracted.\n"
    assert clocks(run) == [(EMS, "chamber-reply")]
    assert listed(run)[0]["stage"] == "filed"


def test_the_note_can_be_read_changed_and_cleared(run: Run, db: Path, parcel: str) -> None:
    refused(run, db, 3, "complaint", "note", parcel, "--set", "x", words=("file one first",))
    ok(run, "complaint", "file", parcel, "--type", "loss", "--note", "first words")
    assert ok(run, "complaint", "note", parcel) == "first words\n"
    assert ok(run, "complaint", "note", parcel, "--set", "buyer opened a dispute") == f"{EMS}: note saved.\n"
    assert ok(run, "complaint", "note", parcel) == "buyer opened a dispute\n"
    refused(run, db, 2, "complaint", "note", parcel, "--set", "bad\x07bell", words=("--set",))
    assert ok(run, "complaint", "note", parcel, "--set", "") == f"{EMS}: note cleared.\n"
    assert ok(run, "complaint", "note", parcel) == ""


# ---------------------------------------------------------------------------- money received later


def test_money_received_after_closing_as_compensated(run: Run, db: Path, parcel: str) -> None:
    ok(run, "complaint", "file", parcel, "--type", "loss", "--at", "2026-03-16T10:00:00+08:00")
    refused(run, db, 3, "complaint", "received", parcel, "--amount", "620", words=("closed as compensated",))
    ok(run, "complaint", "reply", parcel, "--agreed", "--at", "2026-03-17T10:00:00+08:00")
    ok(run, "complaint", "close", parcel, "--outcome", "compensated", "--claimed", "800", "--at", "2026-03-18T10:00:00+08:00")
    refused(run, db, 2, "complaint", "received", parcel, "--amount", "abc", words=("--amount",))
    refused(run, db, 2, "complaint", "received", parcel, "--amount", "0", words=("--amount",))
    refused(
        run,
        db,
        2,
        "complaint",
        "received",
        parcel,
        "--amount",
        "620",
        "--at",
        "2026-03-17T10:00:00+08:00",
        words=("--at", "2026-03-17 10:00:00", "2026-03-18 10:00:00"),
    )
    out = ok(run, "complaint", "received", parcel, "--amount", "620", "--at", "2026-03-19T09:00:00+08:00")
    assert out == f"{EMS}: received ¥620.00; ¥620.00 of ¥800.00 claimed has arrived.\n"
    out = ok(run, "complaint", "received", parcel, "--amount", "180")
    assert out == f"{EMS}: received ¥180.00; ¥800.00 of ¥800.00 claimed has arrived.\n"


# ---------------------------------------------------------------------------- no back-dated attempts


def test_attempt_two_before_attempt_one_ended_is_refused_with_the_dates(run: Run, db: Path, parcel: str) -> None:
    ok(run, "complaint", "file", parcel, "--type", "loss", "--at", "2026-03-12T10:00:00+08:00")
    ok(run, "complaint", "close", parcel, "--outcome", "withdrawn", "--at", "2026-03-15T10:00:00+08:00")
    refused(
        run,
        db,
        3,
        "complaint",
        "file",
        parcel,
        "--type",
        "damage",
        "--at",
        "2026-03-14T10:00:00+08:00",
        words=("2026-03-14 10:00:00", "ended 2026-03-15 10:00:00"),
    )
    refused(
        run,
        db,
        3,
        "complaint",
        "file",
        parcel,
        "--type",
        "damage",
        "--at",
        "2026-03-15T09:59:59+08:00",
        words=("ended 2026-03-15 10:00:00",),
    )
    ok(run, "complaint", "file", parcel, "--type", "damage", "--at", "2026-03-15T10:00:00+08:00")


def test_an_event_before_the_previous_one_is_exit_2_with_the_dates(run: Run, db: Path, parcel: str) -> None:
    ok(run, "complaint", "file", parcel, "--type", "loss", "--at", "2026-03-18T10:00:00+08:00")
    refused(
        run,
        db,
        2,
        "complaint",
        "reply",
        parcel,
        "--no-agreement",
        "--at",
        "2026-03-18T09:59:59+08:00",
        words=("--at", "2026-03-18 09:59:59", "2026-03-18 10:00:00"),
    )


# ---------------------------------------------------------------------------- third-party claims


def test_third_party_claim_with_its_follow_up_clock(run: Run, db: Path, parcel: str) -> None:
    assert run(*add_args(tracking=OFFLINE, service="offline", item="undeclared", declared_value=None, carrier="Anneng Express")).code == 0
    refused(run, db, 3, "complaint", "third-party", parcel, "--follow-up", "2026-03-27", words=("not an offline",))
    refused(run, db, 2, "complaint", "third-party", OFFLINE, "--follow-up", "next week", words=("--follow-up",))
    out = ok(run, "complaint", "third-party", OFFLINE, "--follow-up", "2026-03-27 10:00", "--note", "called them")
    assert out == (
        f"Recorded a third-party claim on {OFFLINE} with Anneng Express; follow up by 2026-03-27 10:00 +08:00. "
        "No platform attempt was used.\n"
    )
    [clock] = [c for c in json.loads(ok(run, "due", "--json")) if c["tracking"] == OFFLINE]
    assert (clock["clock"], clock["due"], clock["remaining_seconds"]) == ("follow-up", "2026-03-27T10:00:00+08:00", 7 * 86400)
    assert "follow up with the carrier" in ok(run, "due")
    record = next(p for p in listed(run) if p["tracking"] == OFFLINE)
    assert (record["attempts_used"], record["stage"]) == (0, "follow-up")
    refused(run, db, 3, "complaint", "third-party", OFFLINE, "--follow-up", "2026-03-28", words=("open third-party",))
    ok(run, "complaint", "close", OFFLINE, "--outcome", "compensated", "--received", "50")
    assert [c for c in json.loads(ok(run, "due", "--json")) if c["tracking"] == OFFLINE] == []


# ---------------------------------------------------------------------------- archive, delete


def test_archive_unarchive_and_the_archived_list(run: Run, db: Path, parcel: str) -> None:
    assert clocks(run) == [(EMS, "filing-window-closes")]
    out = ok(run, "parcel", "archive", parcel)
    assert out == f"{EMS} archived: out of the list, the countdowns and due; still in the file and the reports.\n"
    assert listed(run) == []
    assert clocks(run) == []
    assert "1 is archived" in ok(run, "parcel", "list")
    [archived] = listed(run, "--archived")
    assert (archived["tracking"], archived["archived_at"]) == (EMS, "2026-03-20T10:00:00+08:00")
    refused(run, db, 3, "parcel", "archive", parcel, words=("archived",))
    refused(run, db, 3, "complaint", "file", parcel, "--type", "loss", words=("archived", "unarchive it first"))
    assert ok(run, "parcel", "unarchive", parcel) == f"{EMS} is back on the desk.\n"
    assert "archived_at" not in next(iter(json.loads(db.read_text(encoding="utf-8"))["parcels"].values()))
    assert [p["tracking"] for p in listed(run)] == [EMS]
    assert clocks(run) == [(EMS, "filing-window-closes")]
    refused(run, db, 3, "parcel", "unarchive", parcel, words=("not archived",))


def test_a_parcel_with_an_open_complaint_is_not_archived(run: Run, db: Path, parcel: str) -> None:
    ok(run, "complaint", "file", parcel, "--type", "loss")
    refused(run, db, 3, "parcel", "archive", parcel, words=("open complaint",))


def test_archive_closed_before_takes_only_finished_parcels(run: Run, parcel: str) -> None:
    # EMS: compensated on 2026-03-18; OTHER: delivered, last update 2026-03-10; a third still lost.
    ok(run, "complaint", "file", parcel, "--type", "loss", "--at", "2026-03-16T10:00:00+08:00")
    ok(run, "complaint", "reply", parcel, "--agreed", "--at", "2026-03-18T10:00:00+08:00")
    assert run(*add_args(tracking=OTHER, status="delivered", last_tracking="2026-03-10T10:00:00+08:00")).code == 0
    assert run(*add_args(tracking=s10("33333333"))).code == 0
    out = ok(run, "parcel", "archive", "--closed-before", "2026-03-15")
    assert out == f"{OTHER}\nArchived 1 parcel finished before 2026-03-15 00:00 +08:00.\n"
    out = ok(run, "parcel", "archive", "--closed-before", "2026-03-20")
    assert out == f"{EMS}\nArchived 1 parcel finished before 2026-03-20 00:00 +08:00.\n"
    assert [p["tracking"] for p in listed(run)] == [s10("33333333")]
    assert sorted(p["tracking"] for p in listed(run, "--archived")) == sorted([EMS, OTHER])


@pytest.mark.parametrize(
    ("args", "code", "words"),
    [
        ((), 2, ("TRACKING", "--closed-before")),
        ((EMS, "--closed-before", "2026-03-01"), 2, ("one of them",)),
        (("--closed-before", "soon"), 2, ("--closed-before",)),
    ],
)
def test_archive_needs_one_parcel_or_one_date(run: Run, db: Path, parcel: str, args, code, words) -> None:
    refused(run, db, code, "parcel", "archive", *args, words=words)


def test_delete_only_without_complaints(run: Run, db: Path, parcel: str) -> None:
    assert run(*add_args(tracking=OTHER)).code == 0
    ok(run, "complaint", "file", parcel, "--type", "loss")
    refused(run, db, 3, "parcel", "delete", parcel, words=("1 complaint on record", "archive it instead"))
    refused(run, db, 2, "parcel", "delete", "EE000000000CN", words=("EE000000000CN",))
    assert ok(run, "parcel", "delete", OTHER) == f"Deleted {OTHER}.\n"
    assert [p["tracking"] for p in listed(run)] == [EMS]


# ---------------------------------------------------------------------------- parcel list filters


@pytest.fixture
def several(run: Run) -> None:
    assert run(*add_args()).code == 0  # EMS, lost, loss complaint filed (stage filed)
    assert run("complaint", "file", EMS, "--type", "loss", "--at", "2026-03-18T10:00:00+08:00").code == 0
    assert run(*add_args(tracking=OTHER, service="special-line", status="delivered")).code == 0
    assert run(*add_args(tracking=s10("33333333"), status="delayed")).code == 0  # delay window opens 03-31
    assert run(*add_args(tracking=OFFLINE, service="offline", item="undeclared", declared_value=None)).code == 0


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (("--status", "lost"), [EMS, OFFLINE]),
        (("--status", "LOST", "--service", "ems"), [EMS]),
        (("--service", "special-line"), [OTHER]),
        (("--stage", "filed"), [EMS]),
        (("--stage", "none", "--service", "ems"), [s10("33333333")]),
        (("--due-within", "9d"), [EMS]),  # chamber reply due 03-28
        (("--due-within", "11d"), [EMS, s10("33333333")]),  # + the delay window opens 03-31
        (("--status", "delivered", "--stage", "filed"), []),
        (("--archived",), []),
    ],
)
def test_list_filters_narrow_together(run: Run, several: None, args: tuple[str, ...], expected: list[str]) -> None:
    assert sorted(p["tracking"] for p in listed(run, *args)) == sorted(expected)
    text = ok(run, "parcel", "list", *args)
    shown = [line.split()[0] for line in text.splitlines()[1:]] if expected else []
    assert sorted(shown) == sorted(expected)
    if not expected:
        assert text == "No parcels match.\n"


@pytest.mark.parametrize(
    ("args", "flag"),
    [
        (("--status", "gone"), "--status"),
        (("--service", "pigeon"), "--service"),
        (("--stage", "lost"), "--stage"),
        (("--due-within", "soon"), "--due-within"),
        (("--due-within", "999999999d"), "--due-within"),
    ],
)
def test_bad_filters_are_exit_2_naming_the_option(run: Run, db: Path, several: None, args, flag: str) -> None:
    refused(run, db, 2, "parcel", "list", *args, words=(flag,))
