"""`claimdesk parcel add / list / set` and `claimdesk demo`."""

from __future__ import annotations

import json
import stat
from pathlib import Path

import pytest

from tests.cli.helpers import EMS, Run, add_args, assert_one_line_error, snapshot

OTHER = "LP00112233445566"  # a special-line number: not S10-shaped, so only its shape is checked


def listed(run: Run) -> list[dict]:
    result = run("parcel", "list", "--json")
    assert result.code == 0, result.err
    return json.loads(result.out)


def test_add_stores_every_field_normalised(run: Run, db: Path) -> None:
    result = run(
        *add_args(
            tracking="ee 1234 5678 5cn",
            collected="2026-03-01 18:00",
            last_tracking="2026-03-05T09:30:00Z",
            inquiry_fee="12.5",
            carrier="China Post EMS",
            destination="es",
        )
    )
    assert result.code == 0, result.err
    assert result.out == f"Added {EMS} (EMS, lost)\n"
    assert result.err == ""
    assert stat.S_IMODE(db.stat().st_mode) == 0o600
    [parcel] = listed(run)
    assert parcel == {
        "tracking": EMS,
        "order": "8100000000000001",
        "service": "ems",
        "carrier": "China Post EMS",
        "destination": "ES",
        "created_at": "2026-03-01T10:00:00+08:00",
        "collected_at": "2026-03-01T18:00:00+08:00",  # no offset given: Shanghai time
        "last_tracking_at": "2026-03-05T17:30:00+08:00",  # stored on the platform's clock
        "item": "declared",
        "declared_value": "1200.00",
        "weight": "1.3",
        "shipping_fee": "180.00",
        "inquiry_fee": "12.50",
        "status": "lost",
        "attempts_used": 0,
        "attempts_left": 2,
        "stage": None,
        "latest_stage": None,
        "archived_at": None,
        "usd_rate": None,
        "other_numbers": [],
        "incomplete": False,
        "missing": [],
    }


BAD_FIELDS = [
    pytest.param({"tracking": "EE123456784CN"}, "--tracking", "expected 5", id="s10-check-digit"),
    pytest.param({"tracking": "EE123456785XX"}, "--tracking", "country", id="s10-unknown-country"),
    pytest.param({"tracking": "12345"}, "--tracking", "S10", id="ems-needs-s10"),
    pytest.param({"tracking": "  "}, "--tracking", "", id="tracking-blank"),
    pytest.param({"order": "8" * 41}, "--order", "at most", id="order-too-long"),
    pytest.param({"service": "bicycle"}, "--service", "bicycle", id="service"),
    pytest.param({"created": "2026-02-30T10:00:00+08:00"}, "--created", "", id="created-impossible-date"),
    pytest.param({"created": "2026-03-01T10:00:00+25:00"}, "--created", "", id="created-bad-offset"),
    pytest.param({"created": "1999-12-31T10:00:00+08:00"}, "--created", "year", id="created-implausible-year"),
    pytest.param({"collected": "2026-02-28T10:00:00+08:00"}, "--collected", "before", id="collected-before-created"),
    pytest.param({"last_tracking": "2026-02-01"}, "--last-tracking", "before", id="last-tracking-before-created"),
    pytest.param({"item": "box"}, "--item", "box", id="item"),
    pytest.param({"declared_value": "-5"}, "--declared-value", "negative", id="declared-value-negative"),
    pytest.param({"item": "document"}, "--declared-value", "only declared", id="declared-value-on-document"),
    pytest.param({"weight": "0"}, "--weight", "greater than 0", id="weight-zero"),
    pytest.param({"weight": "-1"}, "--weight", "", id="weight-negative"),
    pytest.param({"weight": "1.0001"}, "--weight", "decimals", id="weight-too-precise"),
    pytest.param({"weight": "NaN"}, "--weight", "", id="weight-nan"),
    pytest.param({"weight": "1e3"}, "--weight", "", id="weight-exponent"),
    pytest.param({"shipping_fee": "180.001"}, "--shipping-fee", "decimals", id="fee-too-precise"),
    pytest.param({"shipping_fee": "Infinity"}, "--shipping-fee", "", id="fee-infinity"),
    pytest.param({"shipping_fee": "1" + "0" * 30}, "--shipping-fee", "", id="fee-huge"),
    pytest.param({"inquiry_fee": "-0.01"}, "--inquiry-fee", "negative", id="inquiry-fee-negative"),
    pytest.param({"carrier": "Yan\x1bwen"}, "--carrier", "control", id="carrier-escape-sequence"),
    pytest.param({"carrier": "x" * 81}, "--carrier", "at most", id="carrier-too-long"),
    pytest.param({"destination": "XX"}, "--destination", "XX", id="destination-unknown"),
    pytest.param({"destination": "火星"}, "--destination", "火星", id="destination-cjk"),  # 中国 reads as CN (cli/values.py)
    pytest.param({"status": "vanished"}, "--status", "vanished", id="status"),
]


@pytest.mark.parametrize("existing", [False, True], ids=["no-file-yet", "file-exists"])
@pytest.mark.parametrize(("overrides", "flag", "words"), BAD_FIELDS)
def test_add_refuses_each_bad_field_and_writes_nothing(run: Run, db: Path, overrides: dict, flag: str, words: str, existing: bool) -> None:
    if existing:
        assert run(*add_args(tracking=OTHER, service="special-line")).code == 0
    before = snapshot(db)
    result = run(*add_args(**overrides))
    assert_one_line_error(result, 2, f"claimdesk: {flag}: ", words)
    assert result.out == ""
    assert snapshot(db) == before
    if not existing:
        assert not db.exists()


def test_add_refuses_a_number_already_on_the_desk(run: Run, db: Path) -> None:
    assert run(*add_args()).code == 0
    before = snapshot(db)
    result = run(*add_args(tracking="ee123456785cn", order="another"))
    assert_one_line_error(result, 2, "--tracking", "already on the desk")
    assert snapshot(db) == before


@pytest.mark.parametrize("missing", ["--tracking", "--service", "--created"])
def test_add_without_a_required_option_is_a_usage_error(run: Run, db: Path, missing: str) -> None:
    result = run(*add_args(**{missing.removeprefix("--").replace("-", "_"): None}))
    assert_one_line_error(result, 2, missing)
    assert not db.exists()


def test_list_shows_a_table_and_an_empty_desk_says_so(run: Run) -> None:
    empty = run("parcel", "list")
    assert empty.code == 0
    assert "No parcels yet" in empty.out
    assert run(*add_args()).code == 0
    assert run(*add_args(tracking=OTHER, service="special-line", status="in-transit")).code == 0
    lines = run("parcel", "list").out.splitlines()
    assert lines[0].split()[:2] == ["TRACKING", "ORDER"]
    rows = {line.split()[0]: line for line in lines[1:]}
    assert set(rows) == {EMS, OTHER}
    assert rows[EMS].endswith("0/2")
    assert "lost" in rows[EMS]


def test_list_json_counts_attempts(run: Run) -> None:
    assert run(*add_args()).code == 0
    assert run("complaint", "file", EMS, "--type", "loss").code == 0
    [parcel] = listed(run)
    assert parcel["attempts_used"] == 1


def test_set_changes_status_and_last_tracking(run: Run) -> None:
    assert run(*add_args(status="in-transit")).code == 0
    result = run("parcel", "set", "ee123456785cn", "--status", "DELAYED", "--last-tracking", "2026-03-05T08:00:00+08:00")
    assert result.code == 0, result.err
    assert result.out == f"{EMS} is now delayed\n"
    [parcel] = listed(run)
    assert (parcel["status"], parcel["last_tracking_at"]) == ("delayed", "2026-03-05T08:00:00+08:00")


@pytest.mark.parametrize(
    ("args", "code", "words"),
    [
        pytest.param(["UNKNOWN123", "--status", "lost"], 2, "UNKNOWN123", id="unknown-tracking"),
        pytest.param([EMS, "--status", "evaporated"], 2, "--status", id="bad-status"),
        pytest.param([EMS, "--status", "lost", "--last-tracking", "2026-02-01"], 2, "--last-tracking", id="before-created"),
        pytest.param([EMS, "--status", "lost", "--last-tracking", "soon"], 2, "--last-tracking", id="not-a-date"),
    ],
)
def test_set_refuses_bad_input_and_writes_nothing(run: Run, db: Path, args: list[str], code: int, words: str) -> None:
    assert run(*add_args(status="in-transit")).code == 0
    before = snapshot(db)
    result = run("parcel", "set", *args)
    assert_one_line_error(result, code, words)
    assert snapshot(db) == before


def test_demo_adds_the_requested_number_of_valid_parcels(run: Run, db: Path) -> None:
    result = run("demo", "--parcels", "40")
    assert result.code == 0, result.err
    assert result.out.startswith("Added 40 sample parcels")
    parcels = listed(run)
    assert len(parcels) == 40
    assert len({parcel["status"] for parcel in parcels}) >= 3
    assert run("doctor").code == 0  # demo data obeys the rules (attempts, references, order)
    again = run("demo", "--parcels", "40")  # same seed, same numbers: nothing new, nothing doubled
    assert again.code == 0
    assert again.out.startswith("Added 0 sample parcels")
    assert len(listed(run)) == 40


@pytest.mark.parametrize("count", ["0", "-3", "many", "2000000"])
def test_demo_refuses_a_bad_count(run: Run, db: Path, count: str) -> None:
    result = run("demo", "--parcels", count)
    assert_one_line_error(result, 2, "--parcels")
    assert not db.exists()
