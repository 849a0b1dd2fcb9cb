"""The desk's keys for the daily loop (issue 10): `u` undo with a confirmation, `n` the note,
`z` archive (and bring back on the archived view `v`), `d` delete after a confirmation.
Each test presses the real keys and checks what was stored."""

from __future__ import annotations

import io

from rich.console import Console

from claimdesk.domain.complaints import EventKind, Stage
from claimdesk.ui.screens.confirm import ConfirmWrite
from claimdesk.ui.screens.note import NoteEditor
from claimdesk.ui.widgets.countdown import CountdownPanel
from claimdesk.ui.widgets.parcel_detail import ParcelDetailView
from tests.ui._pilot import SIZE, lines_of, notes, reopen, s10, shanghai, text_of, until

TRACKING = "EE123456785CN"
OTHER = s10("22222222")


def detail_text(app) -> str:
    """What the detail pane shows, as plain text."""
    console = Console(width=160, file=io.StringIO(), record=True)
    console.print(app.query_one(ParcelDetailView).content)
    return console.export_text()


def listed(app) -> list[str]:
    return [row.tracking for row in app.main.table.items]


def clocks_of(app) -> list[tuple[str, str]]:
    return [(c.tracking, c.kind.value) for c in app.query_one(CountdownPanel).items]


async def test_u_retracts_the_latest_event_after_asking(make_app, add_parcel, desk, clock) -> None:
    add_parcel()
    desk.file_complaint(TRACKING, "loss", at=shanghai("2026-03-18 10:00"))
    desk.record_reply(TRACKING, agreed=False, at=shanghai("2026-03-19 10:00"))
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        assert clocks_of(app) == [(TRACKING, "escalation-window-closes")]
        await pilot.press("u")
        await until(pilot, lambda: isinstance(app.screen, ConfirmWrite), "the confirmation")
        message = text_of(app.screen.query_one("#message"))
        assert "chamber replied: no agreement" in message and "2026-03-19 10:00" in message
        await pilot.press("escape")  # cancelled: nothing retracted
        await until(pilot, lambda: len(app.screen_stack) == 1, "back on the desk")
        assert reopen(desk, clock).complaints(TRACKING)[-1].events[-1].retracted_at is None

        await pilot.press("u")
        await until(pilot, lambda: isinstance(app.screen, ConfirmWrite), "the confirmation again")
        await pilot.press(*"wrong parcel")
        await pilot.press("ctrl+s")
        await until(pilot, lambda: len(app.screen_stack) == 1, "back on the desk")
        assert clocks_of(app) == [(TRACKING, "chamber-reply")]  # as if the reply had not happened
        assert any("retracted" in message for message in notes(app))
        detail = detail_text(app)
        assert "retracted" in detail and "wrong parcel" in detail  # kept in the history, marked

    complaint = reopen(desk, clock).complaints(TRACKING)[-1]
    assert [e.kind for e in complaint.events] == [EventKind.FILED, EventKind.REPLY_NO_AGREEMENT]
    assert complaint.events[-1].retracted_at == shanghai("2026-03-20 10:00")
    assert complaint.events[-1].retraction_reason == "wrong parcel"


async def test_u_on_a_filing_gives_the_attempt_back(make_app, add_parcel, desk, clock) -> None:
    add_parcel()
    desk.file_complaint(TRACKING, "loss", at=shanghai("2026-03-18 10:00"))
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("u")
        await until(pilot, lambda: isinstance(app.screen, ConfirmWrite), "the confirmation")
        assert "no attempt" in text_of(app.screen.query_one("#message"))
        await pilot.press("ctrl+s")
        await until(pilot, lambda: len(app.screen_stack) == 1, "back on the desk")
        assert clocks_of(app) == [(TRACKING, "filing-window-closes")]
        await pilot.press("u")  # nothing left to undo: says so, opens nothing
        await pilot.pause()
        assert len(app.screen_stack) == 1
        assert any("no complaint" in message for message in notes(app))
    state = reopen(desk, clock).claim_state(TRACKING)
    assert state.attempts_used == 0
    assert state.history[0].retracted


async def test_n_edits_the_note(make_app, add_parcel, desk, clock) -> None:
    add_parcel()
    desk.file_complaint(TRACKING, "loss", at=shanghai("2026-03-18 10:00"), note="first")
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n")
        await until(pilot, lambda: isinstance(app.screen, NoteEditor), "the note editor")
        await pilot.press("ctrl+shift+a", *"buyer opened a dispute")
        await pilot.press("ctrl+s")
        await until(pilot, lambda: len(app.screen_stack) == 1, "back on the desk")
        assert "buyer opened a dispute" in detail_text(app)
    assert reopen(desk, clock).complaints(TRACKING)[-1].note == "buyer opened a dispute"


async def test_z_archives_and_z_on_the_archived_view_brings_it_back(make_app, add_parcel, desk, clock) -> None:
    add_parcel()
    add_parcel(tracking=OTHER, status="delivered")
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        app.main.select_parcel(TRACKING)
        assert clocks_of(app) == [(TRACKING, "filing-window-closes")]
        await pilot.press("z")
        await until(pilot, lambda: TRACKING not in listed(app), "the parcel left the list")
        assert listed(app) == [OTHER]
        assert clocks_of(app) == []  # and the countdown
        assert any("archived" in message and "press v" in message for message in notes(app))
        assert reopen(desk, clock).parcel(TRACKING).archived_at == shanghai("2026-03-20 10:00")

        await pilot.press("v")  # the archived parcels, on request
        await until(pilot, lambda: listed(app) == [TRACKING], "the archived view")
        assert "Archived parcels" in app.main.sub_title
        await pilot.press("z")  # the same key brings it back
        await until(pilot, lambda: listed(app) == [], "it left the archived view")
        await pilot.press("v")
        await until(pilot, lambda: sorted(listed(app)) == sorted([TRACKING, OTHER]), "back on the desk")
        assert clocks_of(app) == [(TRACKING, "filing-window-closes")]
    assert reopen(desk, clock).parcel(TRACKING).archived_at is None


async def test_z_refuses_a_parcel_with_an_open_complaint(make_app, add_parcel, desk, clock) -> None:
    add_parcel()
    desk.file_complaint(TRACKING, "loss", at=shanghai("2026-03-18 10:00"))
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("z")
        await until(pilot, lambda: any("open complaint" in message for message in notes(app)), "the refusal")
        assert listed(app) == [TRACKING]
    assert reopen(desk, clock).parcel(TRACKING).archived_at is None


async def test_d_deletes_after_a_confirmation_and_only_without_complaints(make_app, add_parcel, desk, clock) -> None:
    add_parcel()
    add_parcel(tracking=OTHER)
    desk.file_complaint(TRACKING, "loss", at=shanghai("2026-03-18 10:00"))
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        app.main.select_parcel(TRACKING)
        await pilot.press("d")  # has a complaint: refused before asking
        await pilot.pause()
        assert len(app.screen_stack) == 1
        assert any("only a parcel without complaints" in message for message in notes(app))

        app.main.select_parcel(OTHER)
        await pilot.press("d")
        await until(pilot, lambda: isinstance(app.screen, ConfirmWrite), "the confirmation")
        await pilot.press("enter")  # the focus is on Cancel
        await until(pilot, lambda: len(app.screen_stack) == 1, "cancelled")
        assert OTHER in reopen(desk, clock).tracking_numbers()

        await pilot.press("d")
        await until(pilot, lambda: isinstance(app.screen, ConfirmWrite), "the confirmation again")
        await pilot.press("ctrl+s")
        await until(pilot, lambda: OTHER not in listed(app), "deleted")
    assert reopen(desk, clock).tracking_numbers() == frozenset({TRACKING})
    assert reopen(desk, clock).claim_state(TRACKING).latest_stage is Stage.FILED


async def test_a_third_party_follow_up_counts_down_in_the_panel_and_the_list(make_app, add_parcel, desk) -> None:
    add_parcel(tracking="SF1234567890", service="offline", item="undeclared", declared_value="", carrier="SF Express")
    desk.record_third_party_claim("SF1234567890", None, follow_up_at=shanghai("2026-03-22 10:00"))
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert clocks_of(app) == [("SF1234567890", "follow-up")]
        assert any("follow up with the carrier" in line for line in lines_of(app.query_one(CountdownPanel)))
        assert any("SF1234567890" in line and "follow up" in line for line in lines_of(app.main.table))


async def test_x_writes_the_deadlines_as_a_calendar_file(make_app, add_parcel, desk, tmp_path) -> None:
    from icalendar import Calendar
    from textual.widgets import Input

    add_parcel()
    desk.file_complaint(TRACKING, "loss", at=shanghai("2026-03-18 10:00"))
    target = tmp_path / "claimdesk.ics"
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("x")
        await until(pilot, lambda: len(app.screen_stack) == 2, "the export dialog")
        app.screen.query_one("#path", Input).value = str(target)
        await pilot.press("enter")
        await until(pilot, lambda: len(app.screen_stack) == 1, "written")
        assert any("import it into your calendar" in message for message in notes(app))
    events = list(Calendar.from_ical(target.read_bytes()).walk("VEVENT"))
    [event] = [event for event in events if str(event["status"]) != "CANCELLED"]
    assert str(event["uid"]) == f"{TRACKING}-chamber-reply@claimdesk"
    # the filing window's clock ended with the filing: kept, cancelled, for calendars that had it
    assert {str(event["uid"]) for event in events if event is not events[0] and str(event["status"]) == "CANCELLED"} <= {
        f"{TRACKING}-filing-window-closes@claimdesk",
        f"{TRACKING}-filing-window-opens@claimdesk",
    }
