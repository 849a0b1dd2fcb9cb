"""`--also`: a parcel's other numbers from the command line (docs/rules.md section 1): stored beside
the tracking number, unique across the desk, and every command that takes a tracking number
finds the parcel by any of them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.cli.helpers import EMS, Run, add_args, assert_one_line_error, snapshot

YANWEN = "UG123456789YP"  # the S10 shape with a suffix that is no country: Yanwen's own number
CAINIAO = "LP00123456789012"
FIRST_MILE = "4PX3001234567890CN"


@pytest.fixture
def desk(run: Run) -> Run:
    result = run(*add_args(tracking=YANWEN.lower(), service="special-line", also="lp00 1234 5678 9012"), f"--also={FIRST_MILE}")
    assert result.code == 0, result.err
    assert result.out.startswith(f"Added {YANWEN} (special line, lost)")
    assert run(*add_args()).code == 0
    return run


def shown(run: Run, number: str) -> dict:
    result = run("parcel", "show", number, "--json")
    assert result.code == 0, result.err
    return json.loads(result.out)


def test_add_stores_the_other_numbers_normalised(desk: Run) -> None:
    assert shown(desk, YANWEN)["other_numbers"] == [CAINIAO, FIRST_MILE]
    [listed] = [p for p in json.loads(desk("parcel", "list", "--json").out) if p["tracking"] == YANWEN]
    assert listed["other_numbers"] == [CAINIAO, FIRST_MILE]


@pytest.mark.parametrize("number", [YANWEN, CAINIAO, FIRST_MILE, "lp00 1234 5678 9012", "4px3001234567890cn"])
def test_every_command_that_takes_a_tracking_number_finds_the_parcel_by_any_of_its_numbers(desk: Run, number: str) -> None:
    assert shown(desk, number)["tracking"] == YANWEN
    result = desk("parcel", "set", number, "--status", "damaged")
    assert result.code == 0, result.err
    assert result.out == f"{YANWEN} is now damaged\n"
    filed = desk("complaint", "file", number, "--type", "damage")
    assert filed.code == 0, filed.err
    assert YANWEN in filed.out
    assert shown(desk, YANWEN)["attempts_used"] == 1


@pytest.mark.parametrize(
    ("args", "flag", "words"),
    [
        pytest.param(
            {"tracking": "LP00999999999999", "service": "other", "also": EMS},
            "--also",
            f"{EMS} is already on the desk",
            id="other-number-is-a-key",
        ),
        pytest.param(
            {"tracking": "LP00999999999999", "service": "other", "also": FIRST_MILE},
            "--also",
            f"{FIRST_MILE} is already a number of {YANWEN}",
            id="other-number-taken",
        ),
        pytest.param(
            {"tracking": CAINIAO, "service": "other"},
            "--tracking",
            f"{CAINIAO} is already a number of {YANWEN}",
            id="key-is-an-other-number",
        ),
        pytest.param(
            {"tracking": "LP00999999999999", "service": "other", "also": "RB123456780GB"},
            "--also",
            "expected 5",
            id="other-number-is-checked",
        ),
        pytest.param(
            {"tracking": "LP00999999999999", "service": "other", "also": "lp00999999999999"},
            "--also",
            "the parcel's tracking number",
            id="own-key",
        ),
    ],
)
def test_a_number_that_is_taken_or_wrong_is_refused_and_nothing_is_written(desk: Run, db: Path, args: dict, flag: str, words: str) -> None:
    before = snapshot(db)
    assert_one_line_error(desk(*add_args(**args)), 2, flag, words)
    assert snapshot(db) == before


def test_set_also_adds_and_drop_also_removes(desk: Run) -> None:
    result = desk("parcel", "set", CAINIAO, "--also", "ZX-1234", "--drop-also", FIRST_MILE.lower())
    assert result.code == 0, result.err
    assert result.out == f"{YANWEN} updated\nOther numbers: {CAINIAO}, ZX-1234\n"
    assert shown(desk, "ZX-1234")["other_numbers"] == [CAINIAO, "ZX-1234"]
    assert desk("parcel", "show", FIRST_MILE).code == 2  # given up: it finds nothing now
    assert desk(*add_args(tracking=FIRST_MILE, service="other")).code == 0  # and is free for another parcel


def test_drop_also_of_a_number_the_parcel_does_not_have_is_refused(desk: Run, db: Path) -> None:
    before = snapshot(db)
    assert_one_line_error(
        desk("parcel", "set", YANWEN, "--drop-also", "LP00777777777777"),
        2,
        "--drop-also",
        f"LP00777777777777 is not one of {YANWEN}'s other numbers",
    )
    assert_one_line_error(desk("parcel", "set", EMS, "--also", CAINIAO), 2, "--also", f"already a number of {YANWEN}")
    assert snapshot(db) == before


def test_set_with_nothing_to_change_is_a_usage_error(desk: Run) -> None:
    assert_one_line_error(desk("parcel", "set", YANWEN), 2, "say what to change")


def test_show_names_the_numbers(desk: Run) -> None:
    result = desk("parcel", "show", CAINIAO)
    assert result.code == 0, result.err
    assert f"Other numbers         {CAINIAO}, {FIRST_MILE}" in result.out.splitlines()
    assert result.out.splitlines()[0] == f"Tracking number       {YANWEN}"


def test_an_unknown_number_is_not_found(desk: Run) -> None:
    result = desk("parcel", "show", "LP00000000000000")
    assert result.code == 2 and "no parcel with tracking number 'LP00000000000000'" in result.err
