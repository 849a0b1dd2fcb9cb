"""`claimdesk settings show / set / reset`: the settings screen's numbers on the command line.

The clock is pinned at 2026-03-20 10:00 Shanghai; the EMS example parcel was created 2026-03-01
10:00, so its loss window closes 120 days later (2026-06-29 10:00) unless the setting says otherwise.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.cli.helpers import Run, add_args, refused, snapshot


def shown(run: Run) -> dict[str, dict[str, object]]:
    result = run("settings", "show", "--json")
    assert result.code == 0, result.err
    return json.loads(result.out)


def test_show_lists_every_setting_with_value_default_and_unit(run: Run, db: Path) -> None:
    payload = shown(run)
    assert payload["filing_window_days"] == {"value": 120, "default": 120, "unit": "days"}
    assert payload["intervention_working_days"]["unit"] == "working days"
    assert payload["window_opens_hours.loss"] == {"value": 240, "default": 240, "unit": "hours"}
    assert payload["special_line_multiplier"] == {"value": "2", "default": "2", "unit": "× freight"}
    assert {"chamber_reply_days", "escalation_window_days", "third_party_follow_up_days", "missed_grace_days"} <= set(payload)
    text = run("settings")
    assert text.code == 0
    assert any(line.split()[:3] == ["filing_window_days", "120", "days"] for line in text.out.splitlines())


def test_set_changes_several_at_once_and_reset_brings_them_back(run: Run, db: Path) -> None:
    result = run("settings", "set", "filing_window_days=90", "window_opens_hours.loss=48", "carrier_multipliers.Yanwen=3")
    assert result.code == 0, result.err
    payload = shown(run)
    assert payload["filing_window_days"]["value"] == 90
    assert payload["window_opens_hours.loss"]["value"] == 48
    assert payload["carrier_multipliers.yanwen"] == {"value": "3", "default": None, "unit": "× freight"}
    assert run("settings", "reset", "filing_window_days", "carrier_multipliers.yanwen").code == 0
    payload = shown(run)
    assert payload["filing_window_days"]["value"] == 120
    assert payload["window_opens_hours.loss"]["value"] == 48
    assert "carrier_multipliers.yanwen" not in payload
    assert run("settings", "reset").code == 0
    assert shown(run)["window_opens_hours.loss"]["value"] == 240


@pytest.mark.parametrize(
    "pairs",
    [
        ["filing_window_days=0", "special_line_multiplier=11", "no_such=1", "window_opens_hours.loss=-1", "missed_grace_days=x"],
        ["filing_window_days", "chamber_reply_days=5"],
    ],
)
def test_bad_values_are_all_named_exit_2_and_nothing_written(run: Run, db: Path, pairs: list[str]) -> None:
    assert run("settings", "set", "chamber_reply_days=12").code == 0
    before = snapshot(db)
    result = run("settings", "set", *pairs)
    assert result.code == 2
    assert len(result.err.splitlines()) == 1
    for pair in pairs:
        if pair != "chamber_reply_days=5":
            assert pair.partition("=")[0] in result.err
    assert snapshot(db) == before
    assert shown(run)["chamber_reply_days"]["value"] == 12


def test_reset_of_an_unknown_name_is_refused(run: Run, db: Path) -> None:
    assert run("settings", "set", "chamber_reply_days=12").code == 0
    refused(run, db, 2, "settings", "reset", "chamber_reply_days", "nonsense", words=("nonsense", "no such setting"))


def test_a_shorter_filing_window_refuses_day_100_with_the_new_date(run: Run, db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert run(*add_args(carrier="China Post")).code == 0
    assert run("settings", "set", "filing_window_days=90").code == 0
    monkeypatch.setenv("CLAIMDESK_NOW", "2026-06-09T10:00:00+08:00")  # day 100 after creation
    refused(run, db, 3, "complaint", "file", "EE123456785CN", "--type", "loss", words=("too late", "closed 2026-05-30 10:00:00 +08:00"))
    assert run("settings", "reset", "filing_window_days").code == 0
    assert run("complaint", "file", "EE123456785CN", "--type", "loss").code == 0


def test_the_missed_grace_setting_keeps_a_missed_window_listed(run: Run, db: Path) -> None:
    assert run(*add_args(created="2025-11-13T09:59:59+08:00")).code == 0  # missed 7 days and 1 s ago
    assert json.loads(run("due", "--json").out) == []
    assert run("settings", "set", "missed_grace_days=8").code == 0
    [row] = json.loads(run("due", "--json").out)
    assert row["missed"] is True


def test_the_multiplier_setting_changes_calc(run: Run, db: Path) -> None:
    args = [
        "calc",
        "--service",
        "special-line",
        "--incident",
        "loss",
        "--item",
        "declared",
        "--declared-value",
        "1200",
        "--weight",
        "2",
        "--shipping-fee",
        "100",
        "--json",
    ]
    assert json.loads(run(*args).out)["amount"] == "200.00"
    assert run("settings", "set", "special_line_multiplier=3").code == 0
    assert json.loads(run(*args).out)["amount"] == "300.00"


def test_the_usd_rate_setting_is_the_import_fallback_and_recorded(run: Run, db: Path, tmp_path: Path) -> None:
    from tests.fixtures.seller_files import aliexpress_rows, write_xlsx

    header, rows = aliexpress_rows("zh", as_text=False)
    source = write_xlsx(tmp_path / "orders.xlsx", header, rows)
    assert run("settings", "set", "usd_rate=7.10").code == 0
    result = run("import", source, "--json")
    assert result.code == 0, result.err
    assert json.loads(result.out)["usd_rate"] == "7.10"
    first = next(p for p in json.loads(run("parcel", "list", "--json").out) if p["tracking"] == "LP00123456789012")
    assert (first["declared_value"], first["usd_rate"]) == ("130.64", "7.10")  # US $18.40 at 7.10

    again = write_xlsx(tmp_path / "again.xlsx", header, rows)
    result = run("import", again, "--update", "--usd-rate", "7.00", "--json")  # the option beats the setting
    assert result.code == 0, result.err
    first = next(p for p in json.loads(run("parcel", "list", "--json").out) if p["tracking"] == "LP00123456789012")
    assert (first["declared_value"], first["usd_rate"]) == ("128.80", "7.00")


def test_a_bad_usd_rate_is_refused_and_blank_clears_it(run: Run, db: Path) -> None:
    assert run("settings", "set", "usd_rate=7,10").code == 0
    assert shown(run)["usd_rate"] == {"value": "7.1", "default": None, "unit": "yuan per US dollar"}
    refused(run, db, 2, "settings", "set", "usd_rate=0", words=("usd_rate", "not a rate"))
    assert run("settings", "set", "usd_rate=").code == 0
    assert shown(run)["usd_rate"]["value"] is None


def test_a_count_of_one_is_shown_in_the_singular(run: Run, db: Path) -> None:
    assert run("settings", "set", "intervention_working_days=1", "missed_grace_days=1", "window_opens_hours.loss=1").code == 0
    lines = {line.split()[0]: line for line in run("settings").out.splitlines()}
    assert "  1 working day  " in lines["intervention_working_days"]
    assert "  1 day  " in lines["missed_grace_days"]
    assert "  1 hour  " in lines["window_opens_hours.loss"]
    assert "  120 days  " in lines["filing_window_days"]


def test_name_space_value_reads_as_name_equals_value(run: Run, db: Path) -> None:
    result = run("settings", "set", "chamber_reply_days", "12", "usd_rate=7.1")
    assert result.code == 0, result.err
    payload = shown(run)
    assert payload["chamber_reply_days"]["value"] == 12 and payload["usd_rate"]["value"] == "7.1"
    before = snapshot(db)
    lone = run("settings", "set", "chamber_reply_days")
    assert lone.code == 2 and "NAME=VALUE" in lone.err and snapshot(db) == before
