"""Issue 19 items 8-9: a clock that ended stays in the `.ics` for 30 days as STATUS:CANCELLED with
a higher SEQUENCE and the same UID; every event has SEQUENCE and LAST-MODIFIED; the file always
holds the VTIMEZONE of Asia/Shanghai. Parsed by icalendar and, independently, by vobject."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import vobject
from icalendar import Calendar

from claimdesk.calendar_export import CalendarEvent, calendar_ics, event_uid, events_for_parcel, parcel_events
from claimdesk.domain.clock_history import complaints_as_of, record_changes, shown_history
from claimdesk.domain.complaint_types import ComplaintType
from claimdesk.domain.complaints import Complaint, new_complaint, record_reply, retract_latest
from claimdesk.domain.deadlines import ClockKind, counting_deadlines, parcel_deadlines
from tests.unit._builders import DAY, DEFAULTS, FILED, SECOND, make_parcel, sh

CLOSES = sh("2026-06-29 10:00:00")
GRACE = 7 * DAY
KEPT = 30 * DAY


def events_at(parcel, complaints: list[Complaint], now: datetime, revision: int = 0) -> dict[str, CalendarEvent]:
    counting = counting_deadlines(parcel, complaints, now, DEFAULTS)
    found = events_for_parcel(parcel, complaints, counting, now, DEFAULTS, revision)
    # the replay agrees with the short cut: without the "lately" test the events are the same
    history = shown_history(parcel, complaints, DEFAULTS)
    live = parcel_deadlines(parcel, complaints, now, DEFAULTS)
    assert [e.deadline for e in found if not e.cancelled] == live
    full = parcel_events(history, now, revision, len(record_changes(parcel, complaints)), found[0].last_modified if found else now, live)
    assert [(e.deadline, e.cancelled, e.sequence) for e in full] == [(e.deadline, e.cancelled, e.sequence) for e in found]
    return {event_uid(event.deadline): event for event in found}


def filed() -> tuple:
    parcel = make_parcel()
    complaint = new_complaint("c1", parcel, [], ComplaintType.LOSS, FILED, FILED, DEFAULTS)
    return parcel, complaint


def test_a_reply_recorded_cancels_the_chamber_clock_with_a_higher_sequence() -> None:
    parcel, complaint = filed()
    before = events_at(parcel, [complaint], FILED + DAY)
    chamber = before["EE123456785CN-chamber-reply@claimdesk"]
    assert not chamber.cancelled
    replied_at = FILED + 2 * DAY
    replied = record_reply(complaint, False, replied_at, replied_at, DEFAULTS)
    after = events_at(parcel, [replied], replied_at + SECOND)
    ended = after["EE123456785CN-chamber-reply@claimdesk"]
    assert ended.cancelled and ended.sequence > chamber.sequence
    assert ended.last_modified == replied_at  # when the record changed
    appeal = after["EE123456785CN-escalation-window-closes@claimdesk"]
    assert appeal.last_modified == replied_at
    assert not appeal.cancelled and appeal.sequence > chamber.sequence
    # the filing window's event ended when the complaint was filed: cancelled too
    assert after["EE123456785CN-filing-window-closes@claimdesk"].cancelled
    # kept 30 days after it ended, to the second
    assert "EE123456785CN-chamber-reply@claimdesk" in events_at(parcel, [replied], replied_at + KEPT)
    assert "EE123456785CN-chamber-reply@claimdesk" not in events_at(parcel, [replied], replied_at + KEPT + SECOND)


def test_a_missed_window_is_cancelled_once_its_grace_is_over_and_kept_30_days() -> None:
    parcel = make_parcel()
    uid = "EE123456785CN-filing-window-closes@claimdesk"
    live = events_at(parcel, [], CLOSES + GRACE)[uid]
    assert not live.cancelled
    gone = events_at(parcel, [], CLOSES + GRACE + SECOND)[uid]
    assert gone.cancelled and gone.sequence > live.sequence
    assert uid in events_at(parcel, [], CLOSES + GRACE + KEPT)
    assert events_at(parcel, [], CLOSES + GRACE + KEPT + SECOND) == {}


def test_an_archived_parcel_cancels_its_events() -> None:
    archived_at = sh("2026-04-01 10:00:00")
    parcel = make_parcel(archived_at=archived_at)
    found = events_at(parcel, [], archived_at + DAY)
    assert {uid: event.cancelled for uid, event in found.items()} == {"EE123456785CN-filing-window-closes@claimdesk": True}
    assert found["EE123456785CN-filing-window-closes@claimdesk"].last_modified == archived_at


def test_a_retracted_filing_brings_the_filing_clock_back_live_with_a_higher_sequence() -> None:
    parcel, complaint = filed()
    cancelled = events_at(parcel, [complaint], FILED + DAY)["EE123456785CN-filing-window-closes@claimdesk"]
    assert cancelled.cancelled
    retracted, _event = retract_latest(complaint, FILED + 2 * DAY, "typed by mistake")
    back = events_at(parcel, [retracted], FILED + 3 * DAY)["EE123456785CN-filing-window-closes@claimdesk"]
    assert not back.cancelled and back.sequence > cancelled.sequence


def test_an_undated_change_raises_every_sequence_through_the_revision() -> None:
    parcel = make_parcel()
    one = events_at(parcel, [], FILED, revision=3)["EE123456785CN-filing-window-closes@claimdesk"]
    two = events_at(parcel, [], FILED, revision=4)["EE123456785CN-filing-window-closes@claimdesk"]
    assert two.sequence > one.sequence


def test_the_replay_sees_the_record_as_it_stood() -> None:
    parcel, complaint = filed()
    replied = record_reply(complaint, False, FILED + DAY, FILED + DAY, DEFAULTS)
    assert complaints_as_of([replied], FILED - SECOND) == []
    [as_filed] = complaints_as_of([replied], FILED)
    assert len(as_filed.events) == 1
    assert parcel_deadlines(parcel, [as_filed], FILED, DEFAULTS)[0].kind is ClockKind.CHAMBER_REPLY


def test_the_file_parses_in_two_independent_libraries() -> None:
    parcel, complaint = filed()
    replied = record_reply(complaint, False, FILED + 2 * DAY, FILED + 2 * DAY, DEFAULTS)
    now = FILED + 2 * DAY + SECOND
    payload = calendar_ics(events_at(parcel, [replied], now).values(), now)
    parsed = vobject.readOne(payload.decode("utf-8"))
    assert parsed.vtimezone.tzid.value == "Asia/Shanghai"
    by_uid = {event.uid.value: event for event in parsed.vevent_list}
    chamber = by_uid["EE123456785CN-chamber-reply@claimdesk"]
    assert chamber.status.value == "CANCELLED"
    assert not hasattr(chamber, "valarm")  # an ended event rings no more
    appeal = by_uid["EE123456785CN-escalation-window-closes@claimdesk"]
    assert appeal.status.value == "CONFIRMED"
    assert int(chamber.sequence.value) > 0 and int(appeal.sequence.value) > 0
    for event in parsed.vevent_list:
        assert event.last_modified.value <= now.astimezone(UTC)
    again = {str(event["uid"]): event for event in Calendar.from_ical(payload).walk("VEVENT")}
    assert set(again) == set(by_uid)
    assert int(again["EE123456785CN-chamber-reply@claimdesk"]["sequence"]) == int(chamber.sequence.value)
    assert "before the window closes" in str(again["EE123456785CN-escalation-window-closes@claimdesk"]["summary"])


def test_an_empty_desk_writes_a_valid_calendar_with_its_time_zone() -> None:
    payload = calendar_ics([], FILED)
    parsed = vobject.readOne(payload.decode("utf-8"))
    assert parsed.vtimezone.tzid.value == "Asia/Shanghai"
    calendar = Calendar.from_ical(payload)
    assert [component.name for component in calendar.subcomponents][:1] == ["VTIMEZONE"]


def test_a_missed_event_in_its_grace_says_it_was_missed_not_to_file() -> None:
    parcel = make_parcel()
    now = CLOSES + DAY
    payload = calendar_ics(events_at(parcel, [], now).values(), now)
    [event] = Calendar.from_ical(payload).walk("VEVENT")
    assert "missed" in str(event["summary"])
    assert "before the window closes" not in str(event["summary"])
    assert "File it on the platform" not in str(event["description"])


def test_every_event_carries_sequence_and_last_modified() -> None:
    parcel = replace(make_parcel(), tracking="RB123456785GB")
    now = FILED
    payload = calendar_ics(events_at(parcel, [], now).values(), now)
    for event in Calendar.from_ical(payload).walk("VEVENT"):
        assert "SEQUENCE" in event and "LAST-MODIFIED" in event
        assert event.decoded("last-modified") <= now
    assert timedelta(0) == timedelta(0)
