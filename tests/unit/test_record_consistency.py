"""docs/rules.md section 5, "the record stays consistent" (issue 10, items 2 to 6): order in time to the
second, retraction instead of erasure, money received later, finished parcels stop asking,
third-party follow-up clocks, archived parcels out of the clocks."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from claimdesk.domain import archiving
from claimdesk.domain.complaint_types import ComplaintType
from claimdesk.domain.complaints import (
    EventKind,
    Outcome,
    Stage,
    Step,
    allowed_steps,
    close,
    complaint_clocks,
    ended_at,
    escalate,
    new_complaint,
    new_third_party_claim,
    next_attempt,
    platform_attempts,
    record_intervention,
    record_received,
    record_reply,
    retract_latest,
    stage,
)
from claimdesk.domain.deadlines import ClockKind, parcel_deadlines
from claimdesk.domain.errors import RuleError, ValidationError
from claimdesk.domain.parcels import ItemKind, Service, Status
from claimdesk.store.records import complaint_from_record, complaint_to_record, parcel_from_record, parcel_to_record
from tests.unit._builders import DAY, DEFAULTS, FILED, SECOND, file, make_parcel, sh

PARCEL = make_parcel()
WITHDRAWN_AT = FILED + 2 * DAY  # 2026-03-14 10:00


def withdrawn_first():  # type: ignore[no-untyped-def]
    return close(file(PARCEL), Outcome.WITHDRAWN, WITHDRAWN_AT, WITHDRAWN_AT, DEFAULTS)


def second(history, at):  # type: ignore[no-untyped-def]
    return new_complaint("c2", PARCEL, history, ComplaintType.DAMAGE, at, at + DAY, DEFAULTS)


def kinds(deadlines):  # type: ignore[no-untyped-def]
    return [(d.kind, d.due) for d in deadlines]


# ---------------------------------------------------------------------------- item 5: order in time


def test_attempt_two_cannot_be_dated_before_attempt_one_was_withdrawn() -> None:
    first = withdrawn_first()
    with pytest.raises(RuleError) as refused:
        second([first], WITHDRAWN_AT - SECOND)
    message = str(refused.value)
    assert "2026-03-14 09:59:59" in message and "ended 2026-03-14 10:00:00" in message  # both dates
    assert second([first], WITHDRAWN_AT).attempt == 2  # the same second is not before


def test_attempt_two_cannot_be_dated_before_attempt_one_was_filed() -> None:
    first = file(PARCEL)  # expires at FILED + 25 days unless someone acts
    later = FILED + timedelta(days=30)
    with pytest.raises(RuleError, match="was filed 2026-03-12 10:00:00"):
        new_complaint("c2", PARCEL, [first], ComplaintType.DAMAGE, FILED - SECOND, later, DEFAULTS)


def test_an_expired_attempt_ends_with_its_appeal_window() -> None:
    first = file(PARCEL)
    closes = complaint_clocks(first, DEFAULTS).escalation_closes
    assert ended_at(first, DEFAULTS) == closes
    now = closes + DAY
    with pytest.raises(RuleError, match="open complaint"):  # at `closes` itself the appeal was still open
        new_complaint("c2", PARCEL, [first], ComplaintType.DAMAGE, closes, now, DEFAULTS)
    assert new_complaint("c2", PARCEL, [first], ComplaintType.DAMAGE, closes + SECOND, now, DEFAULTS).attempt == 2


def test_a_resolved_attempt_ends_when_the_chamber_agreed() -> None:
    agreed_at = FILED + 3 * DAY
    first = record_reply(file(PARCEL), True, agreed_at, agreed_at, DEFAULTS)
    with pytest.raises(RuleError, match="ended 2026-03-15 10:00:00"):
        second([first], agreed_at - SECOND)
    assert second([first], agreed_at).attempt == 2


@hsettings(max_examples=60, deadline=None)
@given(offset=st.integers(min_value=-3 * 86_400, max_value=3 * 86_400))
def test_attempt_two_is_accepted_exactly_from_the_end_of_attempt_one(offset: int) -> None:
    first = withdrawn_first()
    at = WITHDRAWN_AT + timedelta(seconds=offset)
    if offset < 0:
        with pytest.raises(RuleError):
            second([first], at)
    else:
        assert second([first], at).filed_at == at


def test_no_event_before_the_previous_event_to_the_second() -> None:
    replied = record_reply(file(PARCEL), False, FILED + DAY, FILED + DAY, DEFAULTS)
    with pytest.raises(ValidationError) as refused:
        escalate(replied, FILED + DAY - SECOND, FILED + 2 * DAY, DEFAULTS)
    assert refused.value.field == "at"
    assert "2026-03-13 09:59:59" in refused.value.message and "2026-03-13 10:00:00" in refused.value.message
    assert escalate(replied, FILED + DAY, FILED + 2 * DAY, DEFAULTS).events[-1].kind is EventKind.ESCALATED


# ---------------------------------------------------------------------------- item 2: retraction


def test_a_retracted_filing_is_kept_marked_and_is_no_attempt() -> None:
    recorded = FILED + DAY
    complaint, event = retract_latest(file(PARCEL), recorded, "clicked by mistake")
    assert event.kind is EventKind.FILED
    assert complaint.events[0].retracted_at == recorded
    assert complaint.events[0].retraction_reason == "clicked by mistake"
    assert complaint.retracted and stage(complaint, recorded, DEFAULTS) is Stage.RETRACTED
    assert platform_attempts([complaint]) == 0
    assert next_attempt(PARCEL, [complaint], recorded, DEFAULTS) == 1
    assert allowed_steps(complaint, recorded, DEFAULTS) == ()
    # the filing clocks come back as if it had never been filed
    assert [d.kind for d in parcel_deadlines(PARCEL, [complaint], recorded, DEFAULTS)] == [ClockKind.FILING_WINDOW_CLOSES]
    with pytest.raises(RuleError, match="nothing to undo"):
        retract_latest(complaint, recorded, "")


def test_two_attempts_used_then_one_retracted_leaves_one() -> None:
    first = withdrawn_first()
    attempt_two = second([first], WITHDRAWN_AT + DAY)
    with pytest.raises(RuleError, match="both of its 2"):
        next_attempt(
            PARCEL,
            [first, close(attempt_two, Outcome.WITHDRAWN, WITHDRAWN_AT + 2 * DAY, WITHDRAWN_AT + 2 * DAY, DEFAULTS)],
            WITHDRAWN_AT + 3 * DAY,
            DEFAULTS,
        )
    retracted, _event = retract_latest(attempt_two, WITHDRAWN_AT + DAY, "never filed on the platform")
    history = [first, retracted]
    assert platform_attempts(history) == 1
    again = new_complaint("c3", PARCEL, history, ComplaintType.DAMAGE, WITHDRAWN_AT + DAY, WITHDRAWN_AT + DAY, DEFAULTS)
    assert again.attempt == 2


def test_the_clocks_run_as_if_a_retracted_reply_had_not_happened() -> None:
    reply_at = FILED + DAY
    replied = record_reply(file(PARCEL), False, reply_at, reply_at, DEFAULTS)
    assert complaint_clocks(replied, DEFAULTS).escalation_opens == reply_at
    undone, event = retract_latest(replied, FILED + 2 * DAY, "")
    assert event.kind is EventKind.REPLY_NO_AGREEMENT
    assert [e.kind for e in undone.events] == [EventKind.FILED, EventKind.REPLY_NO_AGREEMENT]  # kept
    assert undone.live_events == undone.events[:1]
    assert complaint_clocks(undone, DEFAULTS).escalation_opens == FILED + 10 * DAY
    assert stage(undone, FILED + 2 * DAY, DEFAULTS) is Stage.FILED
    # a retracted event no longer bounds the next one: the right reply, dated earlier, is taken
    redone = record_reply(undone, True, reply_at - SECOND, FILED + 2 * DAY, DEFAULTS)
    assert stage(redone, FILED + 2 * DAY, DEFAULTS) is Stage.RESOLVED


def test_a_retracted_closing_reopens_the_complaint_and_its_clocks() -> None:
    first = withdrawn_first()
    assert parcel_deadlines(PARCEL, [first], WITHDRAWN_AT + SECOND, DEFAULTS)[0].kind is ClockKind.FILING_WINDOW_CLOSES
    reopened, _event = retract_latest(first, WITHDRAWN_AT + SECOND, "withdrawn on the wrong parcel")
    assert stage(reopened, WITHDRAWN_AT + SECOND, DEFAULTS) is Stage.FILED
    assert [d.kind for d in parcel_deadlines(PARCEL, [reopened], WITHDRAWN_AT + SECOND, DEFAULTS)] == [ClockKind.CHAMBER_REPLY]


def test_retraction_survives_the_stored_record() -> None:
    complaint, _event = retract_latest(file(PARCEL), FILED + DAY, "typo")
    assert complaint_from_record(complaint_to_record(complaint)) == complaint


# ---------------------------------------------------------------------------- item 3: money received later


def compensated(received: Decimal | None = None):  # type: ignore[no-untyped-def]
    complaint = record_reply(file(PARCEL, ctype=ComplaintType.LOSS), False, FILED + DAY, FILED + DAY, DEFAULTS)
    complaint = escalate(complaint, FILED + 2 * DAY, FILED + 2 * DAY, DEFAULTS)
    complaint = record_intervention(complaint, FILED + 3 * DAY, FILED + 3 * DAY, DEFAULTS)
    return close(complaint, Outcome.COMPENSATED, FILED + 4 * DAY, FILED + 4 * DAY, DEFAULTS, claimed=Decimal("800"), received=received)


def test_money_received_adds_up_after_closing_as_compensated() -> None:
    closed = compensated()
    assert closed.received is None
    assert Step.RECEIVED in allowed_steps(closed, FILED + 5 * DAY, DEFAULTS)
    paid = record_received(closed, Decimal("620"), FILED + 5 * DAY, FILED + 5 * DAY, DEFAULTS)
    paid = record_received(paid, Decimal("180"), FILED + 6 * DAY, FILED + 6 * DAY, DEFAULTS)
    assert paid.received == Decimal("800")
    assert compensated(Decimal("100")).received == Decimal("100")
    undone, _event = retract_latest(paid, FILED + 7 * DAY, "")
    assert undone.received == Decimal("620")


def test_money_received_is_refused_unless_compensated_and_after_the_closing() -> None:
    with pytest.raises(RuleError, match="closed as compensated"):
        record_received(file(PARCEL), Decimal("1"), FILED + DAY, FILED + DAY, DEFAULTS)
    with pytest.raises(RuleError, match="withdrawn"):
        record_received(withdrawn_first(), Decimal("1"), WITHDRAWN_AT, WITHDRAWN_AT, DEFAULTS)
    assert Step.RECEIVED not in allowed_steps(file(PARCEL), FILED + DAY, DEFAULTS)
    closed = compensated()
    with pytest.raises(ValidationError, match="before the complaint's last event"):
        record_received(closed, Decimal("1"), FILED + 4 * DAY - SECOND, FILED + 5 * DAY, DEFAULTS)
    for amount in (Decimal("0"), Decimal("-5")):
        with pytest.raises(ValidationError):
            record_received(closed, amount, FILED + 5 * DAY, FILED + 5 * DAY, DEFAULTS)


# ---------------------------------------------------------------------------- item 4: finished parcels stop asking


@pytest.mark.parametrize("outcome", ["compensated", "resolved"])
def test_a_settled_incident_stops_its_filing_clocks(outcome: str) -> None:
    loss = file(PARCEL, ctype=ComplaintType.LOSS)
    if outcome == "resolved":
        done = record_reply(loss, True, FILED + DAY, FILED + DAY, DEFAULTS)
    else:
        done = close(
            record_reply(loss, True, FILED + DAY, FILED + DAY, DEFAULTS), Outcome.COMPENSATED, FILED + 2 * DAY, FILED + 2 * DAY, DEFAULTS
        )
    now = FILED + 3 * DAY
    assert parcel_deadlines(PARCEL, [done], now, DEFAULTS) == []
    assert next_attempt(PARCEL, [done], now, DEFAULTS) == 2  # the seller may still choose a second attempt
    # another incident on the same parcel still asks
    partial = replace(PARCEL, status=Status.PARTIALLY_LOST)
    assert [d.kind for d in parcel_deadlines(partial, [done], now, DEFAULTS)] == [ClockKind.FILING_WINDOW_CLOSES]


def test_a_rejected_or_retracted_complaint_does_not_settle_anything() -> None:
    loss = file(PARCEL, ctype=ComplaintType.LOSS)
    rejected = close(
        escalate(record_reply(loss, False, FILED + DAY, FILED + DAY, DEFAULTS), FILED + 2 * DAY, FILED + 2 * DAY, DEFAULTS),
        Outcome.REJECTED,
        FILED + 3 * DAY,
        FILED + 3 * DAY,
        DEFAULTS,
    )
    now = FILED + 4 * DAY
    assert [d.kind for d in parcel_deadlines(PARCEL, [rejected], now, DEFAULTS)] == [ClockKind.FILING_WINDOW_CLOSES]
    agreed = record_reply(loss, True, FILED + DAY, FILED + DAY, DEFAULTS)
    undone, _event = retract_latest(agreed, FILED + 2 * DAY, "")
    undone, _event = retract_latest(undone, FILED + 2 * DAY, "")
    assert [d.kind for d in parcel_deadlines(PARCEL, [undone], now, DEFAULTS)] == [ClockKind.FILING_WINDOW_CLOSES]


def test_not_warehoused_compensated_settles_the_loss_incident() -> None:
    parcel = make_parcel(collected_at=sh("2026-03-02 09:00:00"))
    done = record_reply(file(parcel, ctype=ComplaintType.NOT_WAREHOUSED), True, FILED + DAY, FILED + DAY, DEFAULTS)
    assert parcel_deadlines(parcel, [done], FILED + 2 * DAY, DEFAULTS) == []


@hsettings(max_examples=60, deadline=None)
@given(days=st.integers(min_value=0, max_value=200))
def test_an_opening_clock_always_opens_before_its_window_closes(days: int) -> None:
    parcel = make_parcel(last_tracking_at=sh("2026-03-01 10:00:00") + timedelta(days=days))
    deadlines = parcel_deadlines(parcel, [], sh("2026-03-01 10:00:00"), DEFAULTS)
    opens = [d.due for d in deadlines if d.kind is ClockKind.FILING_WINDOW_OPENS]
    closes = [d.due for d in deadlines if d.kind is ClockKind.FILING_WINDOW_CLOSES]
    if opens:
        assert closes and opens[0] <= closes[0]
    if not closes:
        assert not opens  # a window that would open after it closes gets no clock at all


# ---------------------------------------------------------------------------- item 6: third-party follow-up


OFFLINE = make_parcel(service=Service.OFFLINE, tracking="SF1234567890", item=ItemKind.UNDECLARED, declared_value=None)


def test_a_third_party_claim_counts_down_to_its_follow_up() -> None:
    follow = FILED + 5 * DAY
    claim = new_third_party_claim("t1", OFFLINE, [], FILED, FILED, DEFAULTS, contact="SF", follow_up_at=follow)
    assert kinds(parcel_deadlines(OFFLINE, [claim], FILED + DAY, DEFAULTS)) == [(ClockKind.FOLLOW_UP, follow)]
    assert kinds(parcel_deadlines(OFFLINE, [claim], follow + DAY, DEFAULTS)) == [(ClockKind.FOLLOW_UP, follow)]  # overdue stays
    closed = close(claim, Outcome.COMPENSATED, FILED + DAY, FILED + DAY, DEFAULTS)
    assert parcel_deadlines(OFFLINE, [closed], FILED + 2 * DAY, DEFAULTS) == []
    retracted, _event = retract_latest(claim, FILED + DAY, "")
    assert parcel_deadlines(OFFLINE, [retracted], FILED + 2 * DAY, DEFAULTS) == []


def test_a_second_third_party_claim_cannot_be_dated_before_the_first_closed() -> None:
    claim = new_third_party_claim("t1", OFFLINE, [], FILED, FILED, DEFAULTS, contact="SF")
    closed = close(claim, Outcome.REJECTED, FILED + DAY, FILED + DAY, DEFAULTS)
    with pytest.raises(RuleError, match="ended"):
        new_third_party_claim("t2", OFFLINE, [closed], FILED + DAY - SECOND, FILED + 2 * DAY, DEFAULTS, contact="SF")


# ---------------------------------------------------------------------------- archive and delete


def test_an_archived_parcel_has_no_clocks_and_takes_no_complaint() -> None:
    archived = archiving.archive(PARCEL, [], FILED, DEFAULTS)
    assert archived.archived_at == FILED
    assert parcel_deadlines(archived, [], FILED, DEFAULTS) == []
    with pytest.raises(RuleError, match="archived"):
        next_attempt(archived, [], FILED, DEFAULTS)
    with pytest.raises(RuleError, match=r"archived \(since"):
        archiving.archive(archived, [], FILED, DEFAULTS)
    assert archiving.unarchive(archived) == PARCEL
    with pytest.raises(RuleError, match="not archived"):
        archiving.unarchive(PARCEL)
    assert parcel_from_record(parcel_to_record(archived)) == archived
    assert "archived_at" not in parcel_to_record(PARCEL)


def test_a_parcel_with_an_open_complaint_is_not_archived() -> None:
    with pytest.raises(RuleError, match="open complaint"):
        archiving.archive(PARCEL, [file(PARCEL)], FILED + DAY, DEFAULTS)


def test_only_a_parcel_without_complaints_is_deleted() -> None:
    archiving.check_deletable(PARCEL, [])
    retracted, _event = retract_latest(file(PARCEL), FILED, "")
    with pytest.raises(RuleError, match="1 complaint on record"):
        archiving.check_deletable(PARCEL, [retracted])  # even a retracted one is part of the record


def test_finished_at() -> None:
    delivered = make_parcel(status=Status.DELIVERED, last_tracking_at=sh("2026-03-05 10:00:00"))
    assert archiving.finished_at(delivered, [], FILED, DEFAULTS) == sh("2026-03-05 10:00:00")
    assert archiving.finished_at(replace(delivered, last_tracking_at=None), [], FILED, DEFAULTS) == delivered.created_at
    assert archiving.finished_at(PARCEL, [], FILED, DEFAULTS) is None  # lost, never complained: still asking
    assert archiving.finished_at(make_parcel(status=Status.IN_TRANSIT), [], FILED, DEFAULTS) is None
    assert archiving.finished_at(PARCEL, [file(PARCEL)], FILED + DAY, DEFAULTS) is None  # open complaint
    paid = record_received(compensated(), Decimal("620"), FILED + 9 * DAY, FILED + 9 * DAY, DEFAULTS)
    assert archiving.finished_at(PARCEL, [paid], FILED + 10 * DAY, DEFAULTS) == FILED + 9 * DAY  # the money came last
    # withdrawn with an attempt left and the window open: the parcel still asks for a complaint
    assert archiving.finished_at(PARCEL, [withdrawn_first()], WITHDRAWN_AT + DAY, DEFAULTS) is None
