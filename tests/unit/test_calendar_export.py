"""`due --ics`: one VEVENT per clock, a UID stable per parcel and clock, an alarm 24 hours before."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st
from icalendar import Calendar

from claimdesk.calendar_export import _folded, _folded_octets, _utc, _UtcTexts, calendar_ics, calendar_pieces
from claimdesk.domain.complaint_types import ComplaintType
from claimdesk.domain.deadlines import ClockKind, Deadline
from claimdesk.labels import label
from tests.unit._builders import sh

NOW = sh("2026-03-20 10:00:00")
CLOCKS = [
    Deadline("EE123456785CN", ClockKind.CHAMBER_REPLY, ComplaintType.LOSS, sh("2026-03-28 10:00:00")),
    Deadline("EE123456785CN", ClockKind.FILING_WINDOW_CLOSES, ComplaintType.LOSS, sh("2026-06-29 10:00:00")),
    Deadline("SF1234567890", ClockKind.FOLLOW_UP, ComplaintType.LOSS, sh("2026-03-27 10:00:00")),
]


def events(payload: bytes) -> list:
    return list(Calendar.from_ical(payload).walk("VEVENT"))


def test_one_event_per_clock_with_title_time_and_alarm() -> None:
    found = events(calendar_ics(CLOCKS, NOW))
    assert [str(event["uid"]) for event in found] == [
        "EE123456785CN-chamber-reply@claimdesk",
        "EE123456785CN-filing-window-closes@claimdesk",
        "SF1234567890-follow-up@claimdesk",
    ]
    first = found[0]
    assert str(first["summary"]) == "EE123456785CN: the chamber must reply by then; record its reply"
    assert first.decoded("dtstart") == sh("2026-03-28 10:00:00")
    assert first.to_ical().decode().count("DTSTART:20260328T020000Z") == 1  # written in UTC
    [alarm] = first.walk("VALARM")
    assert alarm.decoded("trigger") == -timedelta(hours=24)
    assert str(alarm["action"]) == "DISPLAY"
    assert "File it on the platform" in str(found[1]["description"])  # a filing clock says where


def test_the_same_clock_keeps_its_uid_when_the_date_moves() -> None:
    moved = [Deadline("EE123456785CN", ClockKind.CHAMBER_REPLY, ComplaintType.DAMAGE, sh("2026-04-02 10:00:00"))]
    before = events(calendar_ics(CLOCKS[:1], NOW))[0]
    after = events(calendar_ics(moved, NOW + timedelta(days=1)))[0]
    assert before["uid"] == after["uid"]
    assert after.decoded("dtstamp") > before.decoded("dtstamp")  # the newer copy wins on re-import


def test_no_clocks_is_still_a_valid_calendar() -> None:
    calendar = Calendar.from_ical(calendar_ics([], NOW))
    assert str(calendar["version"]) == "2.0" and events(calendar_ics([], NOW)) == []


def test_chinese_text_long_lines_and_rfc_5545_specials_read_back_whole() -> None:
    from claimdesk.i18n import set_language

    odd = Deadline("LP00,12;3\\4" + "9" * 60, ClockKind.FILING_WINDOW_OPENS, ComplaintType.DAMAGE, sh("2026-04-02 10:00:00"))
    set_language("zh_CN")
    try:
        payload = calendar_ics([*CLOCKS, odd], NOW)
        expected = [f"{d.tracking}: {label('clock_advice', d.kind)}" for d in [*CLOCKS, odd]]
        descriptions = [f"{label('clock', d.kind)} ({label('type', d.complaint_type)})" for d in [*CLOCKS, odd]]
    finally:
        set_language("en")
    assert all(len(line) <= 75 for line in payload.split(b"\r\n"))  # folded
    unfolded = payload.replace(b"\r\n ", b"")
    assert b"UID:LP00\\,12\\;3\\\\4" in unfolded  # RFC 5545 escapes (icalendar reads them either way)
    payload.decode("utf-8")  # never cut inside a character
    found = events(payload)
    assert [str(event["summary"]) for event in found] == expected
    assert [str(event["description"]).splitlines()[0] for event in found] == descriptions
    assert str(found[-1]["uid"]) == odd.tracking + "-filing-window-opens@claimdesk"
    assert all(event.walk("VALARM")[0].decoded("trigger") == -timedelta(hours=24) for event in found)


# --------------------------------------------------------------------------- the writer's quick forms

ZONES = st.sampled_from([UTC, ZoneInfo("Asia/Shanghai"), ZoneInfo("America/New_York"), timezone(timedelta(hours=-3, minutes=-30))])


@given(
    at=st.datetimes(min_value=datetime(1000, 1, 2), max_value=datetime(9999, 12, 30), timezones=ZONES),
    length=st.sampled_from([0, 1, 1800, 86399, 86400 * 400]),
)
def test_utc_texts_are_the_iso_digits_of_every_instant(at: datetime, length: int) -> None:
    texts = _UtcTexts()
    assert texts.text(at) == _utc(at)
    assert texts.span(at, length) == (_utc(at), _utc(at.astimezone(UTC) + timedelta(seconds=length)))  # elapsed seconds
    assert texts.text(at) == _utc(at)  # kept digits give the same text the second time


@pytest.mark.parametrize(
    "at",
    [
        datetime(1970, 1, 1, tzinfo=UTC),
        datetime(1969, 12, 31, 23, 59, 59, 999_999, tzinfo=UTC),
        datetime(2026, 3, 28, 1, 59, 59, 999_999, tzinfo=UTC),  # the last microsecond of a second
        datetime(2106, 2, 7, 6, 28, 15, 999_999, tzinfo=UTC),  # 2**32 s - 1 µs: still the quick form
        datetime(2106, 2, 7, 6, 28, 16, tzinfo=UTC),  # 2**32 s: the ISO form
        datetime(9999, 12, 31, 23, 29, 59, 999_999, tzinfo=UTC),
        datetime(1991, 4, 14, 2, 0, fold=1, tzinfo=ZoneInfo("Asia/Shanghai")),  # a wall time that came twice
        datetime(2026, 11, 1, 1, 30, fold=1, tzinfo=ZoneInfo("America/New_York")),
    ],
)
def test_utc_texts_at_the_edges_of_the_quick_form(at: datetime) -> None:
    assert _UtcTexts().text(at) == _utc(at)
    assert _UtcTexts().span(at, 1800) == (_utc(at), _utc(at.astimezone(UTC) + timedelta(minutes=30)))


def test_an_event_lasts_30_minutes_across_a_change_of_summer_time() -> None:
    """DTEND is 30 elapsed minutes after DTSTART, not 30 minutes added to the due wall time (which
    an hour apart when the clocks go back in between)."""
    due = datetime(2026, 11, 1, 1, 45, tzinfo=ZoneInfo("America/New_York"))  # EDT; 02:15 wall is EST
    [event] = events(calendar_ics([Deadline("EE123456785CN", ClockKind.CHAMBER_REPLY, ComplaintType.LOSS, due)], NOW))
    assert event.decoded("dtend") - event.decoded("dtstart") == timedelta(minutes=30)
    assert b"DTSTART:20261101T054500Z\r\nDTEND:20261101T061500Z\r\n" in calendar_ics(
        [Deadline("EE123456785CN", ClockKind.CHAMBER_REPLY, ComplaintType.LOSS, due)], NOW
    )


@given(content=st.text(st.characters(codec="utf-8"), max_size=400) | st.text(st.characters(max_codepoint=127), max_size=400))
def test_folding_by_characters_is_folding_by_octets(content: str) -> None:
    assert _folded(content) == _folded_octets(content)


def test_events_written_in_pieces_are_the_events_written_one_by_one() -> None:
    clocks = [
        Deadline(f"LP{n:08d}CN", kind, ComplaintType.LOSS, sh("2026-03-20 10:00:00") + timedelta(minutes=7 * n))
        for n in range(1_100)
        for kind in (ClockKind.CHAMBER_REPLY, ClockKind.FILING_WINDOW_CLOSES)
    ]
    whole = calendar_ics(clocks, NOW)
    one_by_one = [calendar_ics([clock], NOW) for clock in clocks]
    head, _, _ = one_by_one[0].partition(b"BEGIN:VEVENT")
    bodies = [payload[len(head) : -len(b"END:VCALENDAR\r\n")] for payload in one_by_one]
    assert whole == head + b"".join(bodies) + b"END:VCALENDAR\r\n"
    assert len(list(calendar_pieces(clocks, NOW))) > 3  # the header, several pieces of events, the end
    assert len(events(whole)) == len(clocks)
