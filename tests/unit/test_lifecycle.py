"""Complaints: the two-attempt limit, one open complaint, the lifecycle and its clocks (docs/rules.md 2-3)."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from claimdesk.domain.complaint_types import ComplaintType
from claimdesk.domain.complaints import (
    CLOSABLE,
    MAX_ATTEMPTS,
    Channel,
    Complaint,
    EventKind,
    Outcome,
    Stage,
    can_file,
    claim_state,
    close,
    complaint_clocks,
    escalate,
    is_open,
    new_third_party_claim,
    open_complaint,
    platform_attempts,
    record_intervention,
    record_reply,
    recovery_rate,
    stage,
)
from claimdesk.domain.errors import RuleError, ValidationError
from claimdesk.domain.parcels import ItemKind, Service
from claimdesk.domain.settings import Settings
from claimdesk.labels import label
from claimdesk.store.records import complaint_from_record, complaint_to_record
from tests.unit._builders import DAY, DEFAULTS, FILED, SECOND, file, in_stage, make_parcel, sh

CHAMBER_DUE = sh("2026-03-22 10:00:00")  # FILED + 10 natural days
APPEAL_CLOSES = sh("2026-04-06 10:00:00")  # + 15 days
LATER = sh("2026-04-20 10:00:00")  # after the first attempt has expired


def offline_parcel():  # type: ignore[no-untyped-def]
    return make_parcel(service=Service.OFFLINE, tracking="SF1234567890", item=ItemKind.UNDECLARED, declared_value=None)


# ---------------------------------------------------------------------------- two attempts


def ended(name: str) -> tuple[Complaint, datetime]:
    """A first attempt that has ended the way `name` says, and an instant after it ended."""
    if name == "resolved":
        return in_stage("resolved")
    if name == "expired":
        return in_stage("expired")
    if name == "withdrawn":
        return in_stage("closed")
    complaint, when = in_stage("escalated")
    outcome = Outcome.REJECTED if name == "rejected" else Outcome.COMPENSATED
    received = Decimal("100") if name == "compensated" else None
    complaint = close(complaint, outcome, when, when, DEFAULTS, received=received)
    return complaint, when + SECOND


@pytest.mark.parametrize("how", ["resolved", "rejected", "withdrawn", "expired", "compensated"])
def test_the_second_attempt_can_be_filed_once_the_first_has_ended(how: str) -> None:
    first, after = ended(how)
    assert not is_open(first, after, DEFAULTS)
    second = file(make_parcel(), [first], ComplaintType.LOSS, at=after)
    assert second.attempt == 2
    assert second.id == "c2"
    assert second.channel is Channel.PLATFORM
    assert platform_attempts([first, second]) == 2


@pytest.mark.parametrize("ctype", list(ComplaintType))
def test_a_third_complaint_is_refused_whatever_its_type(ctype: ComplaintType) -> None:
    parcel = make_parcel()
    first, after = ended("withdrawn")
    second = file(parcel, [first], ComplaintType.LOSS, at=after)
    second = close(second, Outcome.WITHDRAWN, after + DAY, after + DAY, DEFAULTS)
    history = [first, second]
    when = sh("2026-04-10 10:00:00")  # every default window is open then
    assert open_complaint(history, when, DEFAULTS) is None
    with pytest.raises(RuleError) as caught:
        can_file(parcel, history, ctype, when, DEFAULTS)
    assert "both of its 2 complaint attempts" in str(caught.value)
    assert "no third complaint" in str(caught.value)
    # even outside the window, the attempt limit is what the seller is told
    with pytest.raises(RuleError, match="both of its 2"):
        can_file(parcel, history, ctype, sh("2027-01-01 00:00:00"), DEFAULTS)


def test_max_attempts_is_two() -> None:
    assert MAX_ATTEMPTS == 2


@pytest.mark.parametrize("name", ["filed", "may-escalate", "escalated", "under-review"])
def test_only_one_open_complaint_at_a_time(name: str) -> None:
    current, when = in_stage(name)
    assert is_open(current, when, DEFAULTS)
    with pytest.raises(RuleError) as caught:
        can_file(make_parcel(), [current], ComplaintType.OTHER, when, DEFAULTS)
    message = str(caught.value)
    assert "already has an open complaint" in message
    assert f"({label('type', current.complaint_type)}, {label('stage', name)})" in message
    assert "before attempt 2" in message


def test_every_filed_complaint_counts_whatever_its_outcome() -> None:
    withdrawn, _after = ended("withdrawn")
    rejected, _ = ended("rejected")
    claim = new_third_party_claim("t1", offline_parcel(), [], FILED, FILED, DEFAULTS, contact="SF")
    assert platform_attempts([withdrawn]) == 1
    assert platform_attempts([withdrawn, rejected]) == 2
    assert platform_attempts([claim]) == 0


# ---------------------------------------------------------------------------- offline delivery


def test_offline_parcels_get_no_platform_complaint() -> None:
    with pytest.raises(RuleError) as caught:
        can_file(offline_parcel(), [], ComplaintType.LOSS, FILED, DEFAULTS)
    assert "offline delivery" in str(caught.value)
    assert "third-party" in str(caught.value)


def test_offline_parcels_get_a_third_party_claim_that_uses_no_attempt() -> None:
    claim = new_third_party_claim("t1", offline_parcel(), [], FILED, FILED, DEFAULTS, contact="SF Express hotline", note="called")
    assert claim.channel is Channel.THIRD_PARTY
    assert claim.attempt == 0
    assert claim.contact == "SF Express hotline"
    assert claim.follow_up_at == FILED + timedelta(days=7)
    assert stage(claim, FILED + 30 * DAY, DEFAULTS) is Stage.FOLLOW_UP
    assert is_open(claim, FILED + 30 * DAY, DEFAULTS)
    assert platform_attempts([claim]) == 0
    assert claim_state([claim], FILED, DEFAULTS).attempts_used == 0


def test_third_party_follow_up_follows_the_setting_or_the_given_date() -> None:
    settings = DEFAULTS.with_changes(third_party_follow_up_days=3)
    claim = new_third_party_claim("t1", offline_parcel(), [], FILED, FILED, settings, contact="x")
    assert claim.follow_up_at == FILED + timedelta(days=3)
    chosen = new_third_party_claim("t1", offline_parcel(), [], FILED, FILED, settings, contact="x", follow_up_at=FILED)
    assert chosen.follow_up_at == FILED
    with pytest.raises(ValidationError) as caught:
        new_third_party_claim("t1", offline_parcel(), [], FILED, FILED, settings, contact="x", follow_up_at=FILED - SECOND)
    assert caught.value.field == "follow_up_at"


def test_one_open_third_party_claim_at_a_time() -> None:
    parcel = offline_parcel()
    first = new_third_party_claim("t1", parcel, [], FILED, FILED, DEFAULTS, contact="x")
    with pytest.raises(RuleError, match="already has an open third-party claim"):
        new_third_party_claim("t2", parcel, [first], FILED + DAY, FILED + DAY, DEFAULTS, contact="x")
    first = close(first, Outcome.COMPENSATED, FILED + DAY, FILED + DAY, DEFAULTS, received=Decimal("50"))
    second = new_third_party_claim("t2", parcel, [first], FILED + 2 * DAY, FILED + 2 * DAY, DEFAULTS, contact="x")
    assert second.attempt == 0
    assert platform_attempts([first, second]) == 0


def test_a_third_party_claim_is_only_for_offline_parcels() -> None:
    with pytest.raises(RuleError, match="not an offline-delivery parcel"):
        new_third_party_claim("t1", make_parcel(), [], FILED, FILED, DEFAULTS, contact="x")


def test_a_third_party_claim_has_no_chamber_reply() -> None:
    claim = new_third_party_claim("t1", offline_parcel(), [], FILED, FILED, DEFAULTS, contact="x")
    with pytest.raises(RuleError, match="third-party claim has no chamber reply"):
        record_reply(claim, True, FILED + DAY, FILED + DAY, DEFAULTS)
    with pytest.raises(RuleError, match="cannot be escalated"):
        escalate(claim, FILED + DAY, FILED + DAY, DEFAULTS)


# ---------------------------------------------------------------------------- clocks


def test_chamber_reply_is_due_10_natural_days_after_filing_and_the_appeal_lasts_15() -> None:
    clocks = complaint_clocks(file(make_parcel()), DEFAULTS)
    assert clocks.chamber_reply_due == CHAMBER_DUE
    assert clocks.escalation_opens == CHAMBER_DUE
    assert clocks.escalation_closes == APPEAL_CLOSES
    assert clocks.intervention_due is None


def test_stage_by_the_clock_to_the_second() -> None:
    complaint = file(make_parcel())
    assert stage(complaint, FILED, DEFAULTS) is Stage.FILED
    assert stage(complaint, CHAMBER_DUE - SECOND, DEFAULTS) is Stage.FILED
    assert stage(complaint, CHAMBER_DUE, DEFAULTS) is Stage.MAY_ESCALATE
    assert stage(complaint, APPEAL_CLOSES, DEFAULTS) is Stage.MAY_ESCALATE
    assert stage(complaint, APPEAL_CLOSES + SECOND, DEFAULTS) is Stage.EXPIRED
    assert not is_open(complaint, APPEAL_CLOSES + SECOND, DEFAULTS)


def test_a_no_agreement_reply_opens_the_appeal_early() -> None:
    replied_at = FILED + timedelta(days=3, hours=2)
    complaint = record_reply(file(make_parcel()), False, replied_at, replied_at, DEFAULTS)
    clocks = complaint_clocks(complaint, DEFAULTS)
    assert clocks.chamber_reply_due == CHAMBER_DUE
    assert clocks.escalation_opens == replied_at
    assert clocks.escalation_closes == replied_at + timedelta(days=15)
    assert stage(complaint, replied_at, DEFAULTS) is Stage.MAY_ESCALATE
    assert stage(complaint, replied_at + timedelta(days=15), DEFAULTS) is Stage.MAY_ESCALATE
    assert stage(complaint, replied_at + timedelta(days=15) + SECOND, DEFAULTS) is Stage.EXPIRED


def test_a_late_no_agreement_reply_does_not_move_the_appeal_window() -> None:
    late = CHAMBER_DUE + 2 * DAY
    complaint = record_reply(file(make_parcel()), False, late, late, DEFAULTS)
    clocks = complaint_clocks(complaint, DEFAULTS)
    assert clocks.escalation_opens == CHAMBER_DUE
    assert clocks.escalation_closes == APPEAL_CLOSES


def test_clock_settings_move_the_clocks() -> None:
    settings = DEFAULTS.with_changes(chamber_reply_days=7, escalation_window_days=30)
    clocks = complaint_clocks(file(make_parcel(), settings=settings), settings)
    assert clocks.chamber_reply_due == sh("2026-03-19 10:00:00")
    assert clocks.escalation_closes == sh("2026-04-18 10:00:00")


# ---------------------------------------------------------------------------- replies


def test_an_agreed_reply_resolves_the_complaint() -> None:
    complaint = record_reply(file(make_parcel()), True, FILED + DAY, FILED + DAY, DEFAULTS)
    assert stage(complaint, FILED + DAY, DEFAULTS) is Stage.RESOLVED
    assert stage(complaint, FILED + 100 * DAY, DEFAULTS) is Stage.RESOLVED
    assert not is_open(complaint, FILED + DAY, DEFAULTS)


def test_a_late_agreement_after_no_agreement_still_resolves() -> None:
    complaint, when = in_stage("may-escalate")
    complaint = record_reply(complaint, True, when, when, DEFAULTS)
    assert stage(complaint, when, DEFAULTS) is Stage.RESOLVED


def test_an_agreement_after_the_10_days_still_resolves() -> None:
    complaint = record_reply(file(make_parcel()), True, CHAMBER_DUE + DAY, CHAMBER_DUE + DAY, DEFAULTS)
    assert stage(complaint, CHAMBER_DUE + DAY, DEFAULTS) is Stage.RESOLVED


def test_no_agreement_cannot_be_recorded_twice() -> None:
    complaint, when = in_stage("may-escalate")
    with pytest.raises(RuleError, match="already recorded: escalate online next"):
        record_reply(complaint, False, when, when, DEFAULTS)


@pytest.mark.parametrize("name", ["escalated", "under-review", "resolved", "expired", "closed"])
def test_a_reply_cannot_be_recorded_after_the_chamber_stage(name: str) -> None:
    complaint, when = in_stage(name)
    with pytest.raises(RuleError) as caught:
        record_reply(complaint, True, when, when, DEFAULTS)
    assert str(caught.value) == f"a chamber reply cannot be recorded now (stage: {label('stage', name)})"


def test_refusals_name_the_stage_as_a_noun() -> None:
    """Issue 20 item 7: never 'the complaint is may escalate'; the stage is named after 'stage:'."""
    complaint, when = in_stage("may-escalate")
    with pytest.raises(RuleError) as caught:
        record_intervention(complaint, when, when, DEFAULTS)
    assert str(caught.value) == (f"Cainiao intervenes only after escalation (stage: {label('stage', 'may-escalate')})")


# ---------------------------------------------------------------------------- escalation


def test_escalating_before_the_window_opens_is_refused_with_the_date() -> None:
    complaint = file(make_parcel())
    with pytest.raises(RuleError) as caught:
        escalate(complaint, CHAMBER_DUE - SECOND, CHAMBER_DUE - SECOND, DEFAULTS)
    message = str(caught.value)
    assert message.startswith("too early to escalate")
    assert "2026-03-22 10:00:00 +08:00" in message
    assert "no agreement" in message


def test_escalating_after_the_window_closes_is_refused_with_the_date() -> None:
    complaint = file(make_parcel())
    with pytest.raises(RuleError) as caught:
        escalate(complaint, APPEAL_CLOSES + SECOND, APPEAL_CLOSES + SECOND, DEFAULTS)
    message = str(caught.value)
    assert message.startswith("too late to escalate")
    assert "closed 2026-04-06 10:00:00 +08:00" in message


@pytest.mark.parametrize("when", [CHAMBER_DUE, APPEAL_CLOSES])
def test_escalating_at_either_end_of_the_window_is_allowed(when: datetime) -> None:
    complaint = escalate(file(make_parcel()), when, when, DEFAULTS)
    assert complaint.events[-1].kind is EventKind.ESCALATED
    assert stage(complaint, when, DEFAULTS) is Stage.ESCALATED
    assert stage(complaint, when + 365 * DAY, DEFAULTS) is Stage.ESCALATED  # no expiry once escalated


def test_escalating_right_after_a_no_agreement_reply() -> None:
    replied_at = FILED + DAY
    complaint = record_reply(file(make_parcel()), False, replied_at, replied_at, DEFAULTS)
    complaint = escalate(complaint, replied_at, replied_at, DEFAULTS)
    assert stage(complaint, replied_at, DEFAULTS) is Stage.ESCALATED


@pytest.mark.parametrize("name", ["escalated", "under-review", "resolved", "closed"])
def test_escalating_from_other_stages_is_refused(name: str) -> None:
    complaint, when = in_stage(name)
    with pytest.raises(RuleError, match="cannot be escalated"):
        escalate(complaint, when, when, DEFAULTS)


@pytest.mark.parametrize(
    ("escalated_at", "due"),
    [
        ("2026-03-20 10:00:00", "2026-03-23 10:00:00"),  # Friday -> Monday, same time
        ("2026-03-21 10:00:00", "2026-03-23 23:59:59"),  # Saturday -> end of Monday
        ("2026-03-24 10:00:00", "2026-03-25 10:00:00"),  # Tuesday -> Wednesday
    ],
)
def test_intervention_is_due_one_working_day_after_escalation(escalated_at: str, due: str) -> None:
    complaint = file(make_parcel(), at=sh("2026-03-05 10:00:00"))  # appeal window 03-15 to 03-30
    complaint = escalate(complaint, sh(escalated_at), sh(escalated_at), DEFAULTS)
    assert complaint_clocks(complaint, DEFAULTS).intervention_due == sh(due)


@pytest.mark.parametrize(
    ("filed", "escalated_at", "due"),
    [
        ("2026-09-20 15:00:00", "2026-09-30 15:00:00", "2026-10-08 15:00:00"),  # National Day 2026
        ("2025-09-20 15:00:00", "2025-09-30 15:00:00", "2025-10-09 15:00:00"),  # National Day 2025
        ("2025-09-16 09:00:00", "2025-09-26 09:00:00", "2025-09-28 09:00:00"),  # working Sunday 2025-09-28
        ("2025-09-17 09:00:00", "2025-09-27 09:00:00", "2025-09-28 23:59:59"),  # Saturday -> end of that Sunday
        ("2026-09-29 11:00:00", "2026-10-09 11:00:00", "2026-10-10 11:00:00"),  # working Saturday 2026-10-10
    ],
)
def test_intervention_due_over_holidays_and_adjusted_weekends(filed: str, escalated_at: str, due: str) -> None:
    parcel = make_parcel(created_at=sh(filed) - 20 * DAY, collected_at=None)
    complaint = file(parcel, at=sh(filed))  # escalated exactly when the chamber's 10 days end
    complaint = escalate(complaint, sh(escalated_at), sh(escalated_at), DEFAULTS)
    assert complaint_clocks(complaint, DEFAULTS).intervention_due == sh(due)


def test_intervention_working_days_setting() -> None:
    settings = DEFAULTS.with_changes(intervention_working_days=2)
    complaint, _ = in_stage("escalated", settings=settings)  # escalated Saturday 2026-03-14 10:00
    assert complaint.last(EventKind.ESCALATED).at == sh("2026-03-14 10:00:00")  # type: ignore[union-attr]
    assert complaint_clocks(complaint, settings).intervention_due == sh("2026-03-17 23:59:59")


def test_intervention_moves_an_escalated_complaint_under_review() -> None:
    complaint, when = in_stage("escalated")
    complaint = record_intervention(complaint, when, when, DEFAULTS)
    assert stage(complaint, when, DEFAULTS) is Stage.UNDER_REVIEW
    assert is_open(complaint, when + 365 * DAY, DEFAULTS)


@pytest.mark.parametrize("name", ["filed", "may-escalate", "under-review", "resolved", "expired", "closed"])
def test_intervention_only_after_escalation(name: str) -> None:
    complaint, when = in_stage(name)
    with pytest.raises(RuleError, match="Cainiao intervenes only after escalation"):
        record_intervention(complaint, when, when, DEFAULTS)


# ---------------------------------------------------------------------------- closing

ALL_STAGES = ["filed", "may-escalate", "escalated", "under-review", "resolved", "expired", "closed"]


@pytest.mark.parametrize("name", ALL_STAGES)
@pytest.mark.parametrize("outcome", list(Outcome))
def test_close_outcomes_allowed_by_stage(name: str, outcome: Outcome) -> None:
    complaint, when = in_stage(name)
    current = stage(complaint, when, DEFAULTS)
    assert current.value == name
    allowed = CLOSABLE.get(current, set())
    if outcome in allowed:
        closed = close(complaint, outcome, when, when, DEFAULTS)
        assert closed.outcome is outcome
        assert stage(closed, when, DEFAULTS) is Stage.CLOSED
        assert not is_open(closed, when, DEFAULTS)
    else:
        with pytest.raises(RuleError) as caught:
            close(complaint, outcome, when, when, DEFAULTS)
        if allowed:
            assert f"the complaint can close as {', '.join(sorted(allowed))}, not {outcome}" in str(caught.value)
        else:
            assert "cannot be closed again" in str(caught.value)


def test_the_closable_table() -> None:
    assert CLOSABLE[Stage.FILED] == {Outcome.WITHDRAWN}
    assert CLOSABLE[Stage.MAY_ESCALATE] == {Outcome.WITHDRAWN}
    assert CLOSABLE[Stage.RESOLVED] == {Outcome.COMPENSATED}
    assert CLOSABLE[Stage.ESCALATED] == CLOSABLE[Stage.UNDER_REVIEW] == set(Outcome)
    assert CLOSABLE[Stage.FOLLOW_UP] == set(Outcome)
    assert Stage.EXPIRED not in CLOSABLE and Stage.CLOSED not in CLOSABLE


def test_closing_records_claimed_and_received() -> None:
    complaint = replace(file(make_parcel()), claimed=Decimal("800"))
    complaint = record_reply(complaint, True, FILED + DAY, FILED + DAY, DEFAULTS)
    closed = close(complaint, Outcome.COMPENSATED, FILED + 2 * DAY, FILED + 2 * DAY, DEFAULTS, received=Decimal("600"))
    assert closed.claimed_amount == Decimal("800")  # from filing
    assert closed.received == Decimal("600")
    assert recovery_rate(closed.claimed_amount, closed.received) == Decimal("0.75")
    override = close(
        complaint, Outcome.COMPENSATED, FILED + 2 * DAY, FILED + 2 * DAY, DEFAULTS, claimed=Decimal("700"), received=Decimal("700")
    )
    assert override.claimed_amount == Decimal("700")


def test_recovery_rate_without_a_claim_is_none() -> None:
    assert recovery_rate(Decimal("0"), Decimal("10")) is None
    assert recovery_rate(Decimal("200"), Decimal("0")) == Decimal("0")


@pytest.mark.parametrize("outcome", [Outcome.WITHDRAWN, Outcome.REJECTED])
def test_only_a_compensated_complaint_received_money(outcome: Outcome) -> None:
    complaint, when = in_stage("escalated")
    with pytest.raises(ValidationError) as caught:
        close(complaint, outcome, when, when, DEFAULTS, received=Decimal("10"))
    assert caught.value.field == "received"
    assert close(complaint, outcome, when, when, DEFAULTS, received=Decimal("0")).outcome is outcome


# ---------------------------------------------------------------------------- event order


@pytest.mark.parametrize("action", ["reply", "escalate", "intervene", "close"])
def test_an_event_before_the_previous_event_is_refused(action: str) -> None:
    complaint, when = in_stage("escalated" if action == "intervene" else "may-escalate")
    last = complaint.events[-1].at
    before = last - SECOND
    with pytest.raises(ValidationError) as caught:
        if action == "reply":
            record_reply(complaint, True, before, when, DEFAULTS)
        elif action == "escalate":
            escalate(complaint, before, when, DEFAULTS)
        elif action == "intervene":
            record_intervention(complaint, before, when, DEFAULTS)
        else:
            close(complaint, Outcome.WITHDRAWN, before, when, DEFAULTS)
    assert caught.value.field == "at"
    assert "before the complaint's last event" in caught.value.message
    assert last.strftime("%Y-%m-%d %H:%M:%S") in caught.value.message  # type: ignore[attr-defined]


def test_an_event_at_the_same_instant_as_the_previous_is_fine() -> None:
    complaint = file(make_parcel())
    assert stage(record_reply(complaint, False, FILED, FILED, DEFAULTS), FILED, DEFAULTS) is Stage.MAY_ESCALATE


def test_a_reply_before_filing_is_refused() -> None:
    with pytest.raises(ValidationError, match="before the complaint's last event"):
        record_reply(file(make_parcel()), False, FILED - SECOND, FILED, DEFAULTS)


# ---------------------------------------------------------------------------- records and state


def test_complaint_record_round_trip() -> None:
    complaint, when = in_stage("escalated")
    complaint = close(complaint, Outcome.COMPENSATED, when, when, DEFAULTS, claimed=Decimal("800"), received=Decimal("612.5"))
    record = complaint_to_record(complaint)
    assert record["events"][-1]["claimed"] == "800.00"
    assert record["events"][-1]["received"] == "612.50"
    assert record["events"][0]["at"] == "2026-03-12T10:00:00+08:00"
    assert complaint_from_record(record) == complaint


def test_claim_state_reports_attempts_and_the_open_complaint() -> None:
    first, after = ended("withdrawn")
    second = file(make_parcel(), [first], ComplaintType.LOSS, at=after)
    state = claim_state([first, second], after, DEFAULTS)
    assert state.attempts_used == 2
    assert state.open is second
    assert state.stage is Stage.FILED
    assert claim_state([first], after, DEFAULTS).open is None


# ---------------------------------------------------------------------------- properties

filing_instants = st.datetimes(min_value=datetime(2001, 1, 1), max_value=datetime(2098, 1, 1), timezones=st.just(ZoneInfo("Asia/Shanghai")))


@settings(max_examples=120, deadline=None)
@given(
    filed=filing_instants,
    reply_after=st.none() | st.integers(min_value=0, max_value=40 * 86400),
    escalate_after=st.integers(min_value=0, max_value=40 * 86400),
    chamber_days=st.integers(min_value=1, max_value=60),
    appeal_days=st.integers(min_value=1, max_value=60),
    working_days=st.integers(min_value=0, max_value=5),
)
def test_no_clock_is_due_before_it_starts(
    filed: datetime,
    reply_after: int | None,
    escalate_after: int,
    chamber_days: int,
    appeal_days: int,
    working_days: int,
) -> None:
    settings_ = Settings(chamber_reply_days=chamber_days, escalation_window_days=appeal_days, intervention_working_days=working_days)
    parcel = make_parcel(created_at=filed, collected_at=None)
    complaint = file(parcel, ctype=ComplaintType.OTHER, at=filed, settings=settings_)
    clocks = complaint_clocks(complaint, settings_)
    assert clocks.chamber_reply_due == filed + timedelta(days=chamber_days)
    if reply_after is not None:
        replied = filed + timedelta(seconds=reply_after)
        if stage(complaint, replied, settings_) in (Stage.FILED, Stage.MAY_ESCALATE):
            complaint = record_reply(complaint, False, replied, replied, settings_)
    clocks = complaint_clocks(complaint, settings_)
    assert filed <= clocks.escalation_opens <= clocks.chamber_reply_due
    assert clocks.escalation_closes == clocks.escalation_opens + timedelta(days=appeal_days)
    when = max(complaint.events[-1].at, filed + timedelta(seconds=escalate_after))
    if stage(complaint, when, settings_) is Stage.MAY_ESCALATE:
        complaint = escalate(complaint, when, when, settings_)
        due = complaint_clocks(complaint, settings_).intervention_due
        assert due is not None
        assert due >= when
        if working_days:
            assert due > when
    else:
        with pytest.raises(RuleError):
            escalate(complaint, when, when, settings_)


def test_the_last_attempt_is_the_limit() -> None:
    from claimdesk.domain.complaints import MAX_ATTEMPTS, is_last_attempt

    assert [is_last_attempt(attempt) for attempt in range(1, MAX_ATTEMPTS + 1)] == [False] * (MAX_ATTEMPTS - 1) + [True]
