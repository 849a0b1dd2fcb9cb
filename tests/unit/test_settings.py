"""The seller's settings: docs/rules.md's *setting* defaults, bounds and storage."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from claimdesk.domain.complaint_types import ComplaintType
from claimdesk.domain.errors import ValidationError
from claimdesk.domain.settings import DEFAULT_WINDOW_OPENS_HOURS, Settings
from claimdesk.store.records import settings_from_record, settings_to_record


def test_defaults_are_the_rules_numbers() -> None:
    settings = Settings()
    assert settings.filing_window_days == 120
    assert settings.chamber_reply_days == 10
    assert settings.escalation_window_days == 15
    assert settings.intervention_working_days == 1
    assert settings.special_line_multiplier == Decimal("2")
    assert settings.window_opens_hours == {
        "not-warehoused": 48,
        "loss": 240,
        "damage": 0,
        "partial-loss": 0,
        "delay": 720,
        "fee-dispute": 0,
        "weight-discrepancy": 0,
        "size-discrepancy": 0,
        "other": 0,
    }
    assert set(settings.window_opens_hours) == {ctype.value for ctype in ComplaintType}
    settings.validate()


def test_each_settings_object_has_its_own_window_table() -> None:
    first, second = Settings(), Settings()
    first.window_opens_hours["loss"] = 1
    assert second.window_opens_hours["loss"] == 240
    assert DEFAULT_WINDOW_OPENS_HOURS["loss"] == 240


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"filing_window_days": 0}, "filing_window_days"),
        ({"filing_window_days": 3651}, "filing_window_days"),
        ({"filing_window_days": "120"}, "filing_window_days"),
        ({"chamber_reply_days": 0}, "chamber_reply_days"),
        ({"escalation_window_days": 366}, "escalation_window_days"),
        ({"intervention_working_days": -1}, "intervention_working_days"),
        ({"intervention_working_days": 61}, "intervention_working_days"),
        ({"third_party_follow_up_days": 0}, "third_party_follow_up_days"),
        ({"special_line_multiplier": Decimal("0")}, "special_line_multiplier"),
        ({"special_line_multiplier": Decimal("10.5")}, "special_line_multiplier"),
        ({"carrier_multipliers": {"yanwen": Decimal("-1")}}, "carrier_multipliers.yanwen"),
        ({"window_opens_hours": {"loss": -1}}, "window_opens_hours.loss"),
        ({"window_opens_hours": {"loss": 1.5}}, "window_opens_hours.loss"),
        ({"window_opens_hours": {"theft": 0}}, "window_opens_hours"),
    ],
)
def test_with_changes_refuses_out_of_bounds_values(changes: dict[str, Any], field: str) -> None:
    with pytest.raises(ValidationError) as caught:
        Settings().with_changes(**changes)
    assert caught.value.field == field


def test_with_changes_returns_a_new_object() -> None:
    base = Settings()
    changed = base.with_changes(filing_window_days=90, intervention_working_days=0)
    assert changed.filing_window_days == 90
    assert changed.intervention_working_days == 0
    assert base.filing_window_days == 120


def test_multiplier_per_carrier_falls_back_to_the_default() -> None:
    settings = Settings(special_line_multiplier=Decimal("2.5"), carrier_multipliers={"yanwen": Decimal("3")})
    assert settings.multiplier_for("  Yanwen ") == Decimal("3")
    assert settings.multiplier_for("YANWEN") == Decimal("3")
    assert settings.multiplier_for("4PX") == Decimal("2.5")
    assert settings.multiplier_for(None) == Decimal("2.5")
    assert settings.multiplier_for("") == Decimal("2.5")


def test_record_round_trip() -> None:
    settings = Settings(
        filing_window_days=90,
        window_opens_hours={**DEFAULT_WINDOW_OPENS_HOURS, "loss": 120},
        special_line_multiplier=Decimal("3"),
        carrier_multipliers={"yanwen": Decimal("2.5")},
    )
    record = settings_to_record(settings)
    assert record["special_line_multiplier"] == "3"
    assert record["carrier_multipliers"] == {"yanwen": "2.5"}
    assert settings_from_record(record) == settings


def test_from_record_fills_defaults_ignores_unknown_keys_and_folds_carriers() -> None:
    settings = settings_from_record({"window_opens_hours": {"delay": 24}, "carrier_multipliers": {"YunExpress": "3"}, "from_the_future": 1})
    assert settings.window_opens_hours["delay"] == 24
    assert settings.window_opens_hours["loss"] == 240
    assert settings.multiplier_for("yunexpress") == Decimal("3")
    assert settings.filing_window_days == 120


def test_from_record_validates() -> None:
    with pytest.raises(ValidationError) as caught:
        settings_from_record({"chamber_reply_days": 0})
    assert "from 1 to 365" in caught.value.message


# ---------------------------------------------------------------- by name (claimdesk settings)


def test_settings_by_name_are_checked_by_the_domain_bounds_and_all_named() -> None:
    from claimdesk.domain.settings import settings_with_text

    changed = settings_with_text(
        Settings(), [("filing_window_days", "3650"), ("window_opens_hours.delay", "0"), ("carrier_multipliers. YanWen ", "2.5")]
    )
    assert (changed.filing_window_days, changed.window_opens_hours["delay"]) == (3650, 0)
    assert changed.carrier_multipliers == {"yanwen": Decimal("2.5")}
    with pytest.raises(ValidationError) as refused:
        settings_with_text(
            Settings(),
            [
                ("filing_window_days", "3651"),
                ("intervention_working_days", "0"),
                ("window_opens_hours.nope", "1"),
                ("carrier_multipliers.x", "0"),
            ],
        )
    message = refused.value.message
    assert "filing_window_days: must be a whole number from 1 to 3650 (got 3651)" in message
    assert "intervention_working_days" not in message  # 0 is allowed
    assert "window_opens_hours.nope: no such setting" in message and "carrier_multipliers.x: must be more than 0" in message


def test_reset_by_name_removes_a_carrier_and_knows_no_other_names() -> None:
    from claimdesk.domain.settings import settings_reset

    settings = Settings(filing_window_days=90, carrier_multipliers={"yanwen": Decimal(3)}, usd_rate=Decimal("7.1"))
    assert settings_reset(settings, ["carrier_multipliers.Yanwen", "usd_rate"]) == Settings(filing_window_days=90)
    assert settings_reset(settings, []) == Settings()
    with pytest.raises(ValidationError, match=r"carrier_multipliers\.4px: no such setting"):
        settings_reset(settings, ["carrier_multipliers.4px"])


@pytest.mark.parametrize("rate", [Decimal(0), Decimal(-1), Decimal("NaN"), Decimal(10**9)])
def test_a_usd_rate_out_of_bounds_is_refused(rate: Decimal) -> None:
    with pytest.raises(ValidationError):
        Settings(usd_rate=rate).validate()


def test_the_usd_rate_is_stored_as_text_only_when_set() -> None:
    assert "usd_rate" not in settings_to_record(Settings())
    record = settings_to_record(Settings(usd_rate=Decimal("7.10")))
    assert record["usd_rate"] == "7.10"
    assert settings_from_record(record).usd_rate == Decimal("7.10")


def test_a_damaged_stored_usd_rate_is_named() -> None:
    from claimdesk.store.validation import settings_damage

    record = settings_to_record(Settings()) | {"usd_rate": 7.1}
    [damage] = settings_damage("1", record)
    assert damage.field == "usd_rate"
