"""Filing windows, to the second (docs/rules.md section 2, 'Timeliness')."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from claimdesk.domain.complaint_types import (
    GROUPS,
    TYPE_FOR_STATUS,
    ComplaintType,
    FilingWindow,
    filing_window,
    filing_windows,
)
from claimdesk.domain.complaints import can_file
from claimdesk.domain.errors import RuleError
from claimdesk.domain.parcels import Status
from claimdesk.domain.settings import DEFAULT_WINDOW_OPENS_HOURS
from tests.unit._builders import CREATED, DEFAULTS, SECOND, make_parcel, sh

CLOSES = sh("2026-06-29 10:00:00")  # 2026-03-01 10:00 + 120 natural days
AT_CREATION = [
    ComplaintType.DAMAGE,
    ComplaintType.PARTIAL_LOSS,
    ComplaintType.FEE_DISPUTE,
    ComplaintType.WEIGHT_DISCREPANCY,
    ComplaintType.SIZE_DISCREPANCY,
    ComplaintType.OTHER,
]


def test_the_120_days_close() -> None:
    assert CREATED + timedelta(days=120) == CLOSES


@pytest.mark.parametrize("ctype", list(ComplaintType))
def test_every_window_closes_120_natural_days_after_creation(ctype: ComplaintType) -> None:
    parcel = make_parcel(last_tracking_at=sh("2026-03-05 08:00:00"))
    assert filing_window(parcel, ctype, DEFAULTS).closes == CLOSES


@pytest.mark.parametrize("ctype", AT_CREATION)
def test_these_types_open_at_creation(ctype: ComplaintType) -> None:
    assert filing_window(make_parcel(), ctype, DEFAULTS).opens == CREATED


def test_not_warehoused_opens_48_hours_after_collection() -> None:
    parcel = make_parcel(collected_at=sh("2026-03-02 09:00:00"))
    assert filing_window(parcel, ComplaintType.NOT_WAREHOUSED, DEFAULTS).opens == sh("2026-03-04 09:00:00")


def test_not_warehoused_needs_the_collection_time() -> None:
    window = filing_window(make_parcel(collected_at=None), ComplaintType.NOT_WAREHOUSED, DEFAULTS)
    assert window.opens is None
    assert window.closes == CLOSES
    assert window.state(sh("2026-04-01 00:00:00")) == "never"
    assert "collected" in window.why_not


def test_loss_opens_10_days_after_the_last_tracking_update() -> None:
    parcel = make_parcel(last_tracking_at=sh("2026-03-05 08:30:15"))
    assert filing_window(parcel, ComplaintType.LOSS, DEFAULTS).opens == sh("2026-03-15 08:30:15")


def test_loss_opens_10_days_after_creation_when_tracking_never_updated() -> None:
    parcel = make_parcel(last_tracking_at=None)
    assert filing_window(parcel, ComplaintType.LOSS, DEFAULTS).opens == sh("2026-03-11 10:00:00")


def test_delay_opens_30_days_after_creation() -> None:
    parcel = make_parcel(last_tracking_at=sh("2026-03-20 08:00:00"))  # tracking does not matter for delay
    assert filing_window(parcel, ComplaintType.DELAY, DEFAULTS).opens == sh("2026-03-31 10:00:00")


def boundary_cases() -> list[tuple[ComplaintType, datetime]]:
    return [
        (ComplaintType.NOT_WAREHOUSED, sh("2026-03-04 09:00:00")),
        (ComplaintType.LOSS, sh("2026-03-11 10:00:00")),
        (ComplaintType.DELAY, sh("2026-03-31 10:00:00")),
        *((ctype, CREATED) for ctype in AT_CREATION),
    ]


@pytest.mark.parametrize(("ctype", "opens"), boundary_cases())
def test_both_ends_are_inside_the_window(ctype: ComplaintType, opens: datetime) -> None:
    window = filing_window(make_parcel(), ctype, DEFAULTS)
    assert (window.opens, window.closes) == (opens, CLOSES)
    assert window.state(opens - SECOND) == "not-open-yet"
    assert window.state(opens) == "open"
    assert window.state(opens + SECOND) == "open"
    assert window.state(CLOSES - SECOND) == "open"
    assert window.state(CLOSES) == "open"
    assert window.state(CLOSES + SECOND) == "closed"
    assert window.is_open(CLOSES) and not window.is_open(CLOSES + SECOND)


@pytest.mark.parametrize(("ctype", "opens"), boundary_cases())
def test_filing_is_refused_outside_the_window_with_the_exact_dates(ctype: ComplaintType, opens: datetime) -> None:
    parcel = make_parcel()
    assert can_file(parcel, [], ctype, opens, DEFAULTS) == 1
    assert can_file(parcel, [], ctype, CLOSES, DEFAULTS) == 1
    if opens > CREATED:
        with pytest.raises(RuleError) as early:
            can_file(parcel, [], ctype, opens - SECOND, DEFAULTS)
        message = str(early.value)
        assert message.startswith("too early")
        assert opens.strftime("%Y-%m-%d %H:%M:%S") in message
        assert "2026-06-29 10:00:00 +08:00" in message
    with pytest.raises(RuleError) as late:
        can_file(parcel, [], ctype, CLOSES + SECOND, DEFAULTS)
    message = str(late.value)
    assert message.startswith("too late")
    assert "closed 2026-06-29 10:00:00 +08:00" in message
    assert opens.strftime("%Y-%m-%d %H:%M:%S") in message


def test_filing_not_warehoused_without_collection_is_refused_saying_why() -> None:
    with pytest.raises(RuleError, match="record when the carrier collected the parcel"):
        can_file(make_parcel(collected_at=None), [], ComplaintType.NOT_WAREHOUSED, sh("2026-03-10"), DEFAULTS)


def test_a_window_that_would_open_after_closing_never_opens() -> None:
    parcel = make_parcel(last_tracking_at=sh("2026-06-25 10:00:00"))  # + 10 days is past 2026-06-29
    window = filing_window(parcel, ComplaintType.LOSS, DEFAULTS)
    assert window.opens == sh("2026-07-05 10:00:00")
    assert window.state(sh("2026-06-28 10:00:00")) == "never"
    assert window.state(sh("2026-07-06 10:00:00")) == "never"
    assert "after every window has closed" in window.why_not
    with pytest.raises(RuleError) as refused:
        can_file(parcel, [], ComplaintType.LOSS, sh("2026-06-28 10:00:00"), DEFAULTS)
    assert str(refused.value) == (
        "the loss filing window for EE123456785CN never opens: it would open 2026-07-05 10:00:00 +08:00, "
        "after every window closes 2026-06-29 10:00:00 +08:00."
    )


def test_a_window_of_a_single_instant_is_open_at_that_instant() -> None:
    window = FilingWindow(ComplaintType.OTHER, CREATED, CREATED)
    assert window.state(CREATED) == "open"
    assert window.state(CREATED - SECOND) == "not-open-yet"
    assert window.state(CREATED + SECOND) == "closed"


def test_filing_window_days_setting_moves_every_close() -> None:
    settings = DEFAULTS.with_changes(filing_window_days=90)
    for window in filing_windows(make_parcel(), settings):
        assert window.closes == sh("2026-05-30 10:00:00")
        assert window.state(sh("2026-05-30 10:00:01")) in {"closed", "never"}


def test_window_opens_hours_setting_moves_the_openings() -> None:
    hours = {**DEFAULT_WINDOW_OPENS_HOURS, "loss": 5 * 24, "delay": 0, "not-warehoused": 72, "damage": 1}
    settings = DEFAULTS.with_changes(window_opens_hours=hours)
    parcel = make_parcel(last_tracking_at=None)
    opens = {w.complaint_type: w.opens for w in filing_windows(parcel, settings)}
    assert opens[ComplaintType.LOSS] == sh("2026-03-06 10:00:00")
    assert opens[ComplaintType.DELAY] == CREATED
    assert opens[ComplaintType.NOT_WAREHOUSED] == sh("2026-03-05 09:00:00")
    assert opens[ComplaintType.DAMAGE] == sh("2026-03-01 11:00:00")
    assert can_file(parcel, [], ComplaintType.DELAY, CREATED, settings) == 1


def test_closing_counts_natural_days_from_an_instant_in_any_zone() -> None:
    created = datetime(2026, 3, 1, 20, 0, tzinfo=UTC)  # 2026-03-02 04:00 in Shanghai
    window = filing_window(make_parcel(created_at=created), ComplaintType.OTHER, DEFAULTS)
    assert window.closes == sh("2026-06-30 04:00:00")


def test_groups_match_the_rules_table() -> None:
    assert {ctype.value: group for ctype, group in GROUPS.items()} == {
        "not-warehoused": "goods",
        "loss": "goods",
        "damage": "goods",
        "partial-loss": "goods",
        "delay": "timeliness",
        "fee-dispute": "fees",
        "weight-discrepancy": "fees",
        "size-discrepancy": "fees",
        "other": "other",
    }


def test_the_type_a_status_calls_for() -> None:
    assert TYPE_FOR_STATUS == {
        Status.LOST: ComplaintType.LOSS,
        Status.DAMAGED: ComplaintType.DAMAGE,
        Status.PARTIALLY_LOST: ComplaintType.PARTIAL_LOSS,
        Status.DELAYED: ComplaintType.DELAY,
    }


@settings(max_examples=150, deadline=None)
@given(
    created_offset=st.integers(min_value=0, max_value=10**8),
    collected_after=st.integers(min_value=0, max_value=10**7),
    tracking_after=st.none() | st.integers(min_value=0, max_value=10**7),
    days=st.integers(min_value=1, max_value=3650),
    ctype=st.sampled_from(list(ComplaintType)),
)
def test_a_window_never_closes_before_the_order_was_created(
    created_offset: int, collected_after: int, tracking_after: int | None, days: int, ctype: ComplaintType
) -> None:
    created = sh("2020-01-01 00:00:00") + timedelta(seconds=created_offset)
    parcel = make_parcel(
        created_at=created,
        collected_at=created + timedelta(seconds=collected_after),
        last_tracking_at=None if tracking_after is None else created + timedelta(seconds=tracking_after),
    )
    window = filing_window(parcel, ctype, DEFAULTS.with_changes(filing_window_days=days))
    assert window.closes == created + timedelta(days=days)
    assert window.closes > created
    assert window.opens is not None and window.opens >= created
    if window.opens <= window.closes:
        assert window.state(window.opens) == window.state(window.closes) == "open"
    else:
        assert window.state(window.opens) == "never"
