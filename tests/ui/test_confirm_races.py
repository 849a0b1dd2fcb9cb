"""Issue 18, item 2: a confirmation acts on what its dialog showed.

The undo question names the event it will retract ("Retract 'appealed online'..."). If the CLI
(run here in-process, on the same file, as cron or a second terminal would) records another event
between the question and ctrl+s, nothing is retracted and the app says what changed; before,
the CLI's event was retracted instead (13 of 13 tries in the attack; also with a payment and with
a second filing, whose attempt silently stopped counting). The same for record progress (`r`) and
delete (`d`). Archive (`z`) asks nothing: it acts at once on the parcel as stored, under the lock.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from textual.pilot import Pilot

from claimdesk.cli import main as cli
from claimdesk.domain.complaints import EventKind, Step
from claimdesk.ui.screens.confirm import Confirm, ConfirmWrite
from claimdesk.ui.screens.progress import RecordProgress
from tests.conftest import NOW
from tests.ui._pilot import SIZE, notes, reopen, shanghai, text_of, until

TRACKING = "EE123456785CN"


@pytest.fixture(autouse=True)
def pinned_cli_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CLAIMDESK_NOW", NOW.isoformat())


def the_cli(path: Path, *args: str) -> None:
    """Another writer on the same file, between the question and the answer."""
    assert cli(["--db", str(path), *args]) == 0


async def ask_undo(pilot: Pilot, names: str) -> None:
    await pilot.press("u")
    await until(pilot, lambda: isinstance(pilot.app.screen, ConfirmWrite), "the undo question")
    assert names in text_of(pilot.app.screen.query_one("#message"))


async def answer_yes(pilot: Pilot) -> None:
    await pilot.press("ctrl+s")
    await until(pilot, lambda: len(pilot.app.screen_stack) == 1, "back on the desk")


def live_kinds(desk, clock) -> list[list[EventKind]]:  # type: ignore[no-untyped-def]
    return [[event.kind for event in c.live_events] for c in reopen(desk, clock).complaints(TRACKING)]


async def test_undo_retracts_nothing_when_the_cli_recorded_an_intervention_meanwhile(make_app, add_parcel, desk, clock) -> None:
    add_parcel()
    desk.file_complaint(TRACKING, "loss", at=shanghai("2026-03-18 10:00"))
    desk.record_reply(TRACKING, agreed=False, at=shanghai("2026-03-19 10:00"))
    desk.escalate(TRACKING, at=shanghai("2026-03-19 12:00"))
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await ask_undo(pilot, "appealed online")
        the_cli(desk.path, "complaint", "intervene", TRACKING)
        await answer_yes(pilot)
        said = " ".join(notes(app)).lower()
        assert "nothing was retracted" in said and "cainiao intervened" in said and "2026-03-20 10:00" in said, said
    assert live_kinds(desk, clock) == [[EventKind.FILED, EventKind.REPLY_NO_AGREEMENT, EventKind.ESCALATED, EventKind.INTERVENED]]


async def test_undo_retracts_nothing_when_the_cli_recorded_a_payment_meanwhile(make_app, add_parcel, desk, clock) -> None:
    add_parcel()
    desk.file_complaint(TRACKING, "loss", at=shanghai("2026-03-18 10:00"))
    desk.record_reply(TRACKING, agreed=True, at=shanghai("2026-03-19 10:00"))
    desk.close_complaint(TRACKING, "compensated", at=shanghai("2026-03-19 12:00"), claimed=Decimal("300"))
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await ask_undo(pilot, "closed")
        the_cli(desk.path, "complaint", "received", TRACKING, "--amount", "120")
        await answer_yes(pilot)
        said = " ".join(notes(app)).lower()
        assert "nothing was retracted" in said and "money received" in said, said
    assert live_kinds(desk, clock) == [[EventKind.FILED, EventKind.REPLY_AGREED, EventKind.CLOSED, EventKind.RECEIVED]]


async def test_undo_retracts_nothing_when_the_cli_filed_a_second_complaint_meanwhile(make_app, add_parcel, desk, clock) -> None:
    add_parcel()
    desk.file_complaint(TRACKING, "loss", at=shanghai("2026-03-18 10:00"))
    desk.close_complaint(TRACKING, "withdrawn", at=shanghai("2026-03-19 10:00"))
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await ask_undo(pilot, "closed")
        the_cli(desk.path, "complaint", "file", TRACKING, "--type", "loss")
        await answer_yes(pilot)
        said = " ".join(notes(app)).lower()
        assert "nothing was retracted" in said and "attempt 2" in said, said
    state = reopen(desk, clock).claim_state(TRACKING)
    assert state.attempts_used == 2  # the second filing still counts
    assert live_kinds(desk, clock) == [[EventKind.FILED, EventKind.CLOSED], [EventKind.FILED]]


async def test_undo_still_retracts_when_only_the_note_changed_meanwhile(make_app, add_parcel, desk, clock) -> None:
    add_parcel()
    desk.file_complaint(TRACKING, "loss", at=shanghai("2026-03-18 10:00"))
    desk.record_reply(TRACKING, agreed=False, at=shanghai("2026-03-19 10:00"))
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await ask_undo(pilot, "no agreement")
        the_cli(desk.path, "complaint", "note", TRACKING, "--set", "called the chamber")
        await answer_yes(pilot)
        assert any("retracted; it stays in the history" in note for note in notes(app))
    assert live_kinds(desk, clock) == [[EventKind.FILED]]


async def test_record_progress_records_nothing_when_the_cli_recorded_a_step_meanwhile(make_app, add_parcel, desk, clock) -> None:
    add_parcel()
    desk.file_complaint(TRACKING, "loss", at=shanghai("2026-03-18 10:00"))
    desk.record_reply(TRACKING, agreed=False, at=shanghai("2026-03-19 10:00"))
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("r")
        await until(pilot, lambda: isinstance(app.screen, RecordProgress), "the record-progress dialog")
        screen = app.screen
        assert isinstance(screen, RecordProgress)
        the_cli(desk.path, "complaint", "escalate", TRACKING, "--at", "2026-03-19T12:00:00+08:00")
        screen.query_one("#steps").highlighted = screen.allowed.index(Step.WITHDRAWN)
        await until(pilot, lambda: screen.chosen is Step.WITHDRAWN, "withdrawn chosen")
        await pilot.press("ctrl+s")
        await until(pilot, lambda: isinstance(app.screen, Confirm), "the ends-the-complaint question")
        await pilot.press("ctrl+s")
        await until(
            pilot,
            lambda: isinstance(app.screen, RecordProgress) and "nothing was recorded" in text_of(screen.query_one("#form-error")).lower(),
            "the dialog says what changed",
        )
        error = text_of(screen.query_one("#form-error"))
        assert "appealed online" in error and "2026-03-19 12:00" in error, error
    assert live_kinds(desk, clock) == [[EventKind.FILED, EventKind.REPLY_NO_AGREEMENT, EventKind.ESCALATED]]


async def test_delete_deletes_nothing_when_the_cli_changed_the_parcel_meanwhile(make_app, add_parcel, desk, clock) -> None:
    add_parcel(status="in-transit")
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("d")
        await until(pilot, lambda: isinstance(app.screen, ConfirmWrite), "the delete question")
        the_cli(desk.path, "parcel", "set", TRACKING, "--status", "lost")
        await answer_yes(pilot)
        said = " ".join(notes(app)).lower()
        assert "nothing was deleted" in said and "status" in said, said
    assert str(reopen(desk, clock).parcel(TRACKING).status) == "lost"
