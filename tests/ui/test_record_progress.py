"""`r`: record progress. Only the steps the domain allows at the instant typed, nothing preselected,
one more question before an outcome that ends the complaint, money received after closing."""

from __future__ import annotations

from decimal import Decimal

from textual.widgets import Input, OptionList

from claimdesk.domain.complaints import EventKind, Outcome, Step
from claimdesk.ui.screens.confirm import Confirm
from claimdesk.ui.screens.payment import RecordPayment
from claimdesk.ui.screens.progress import RecordProgress
from claimdesk.ui.widgets.countdown import CountdownPanel
from tests.ui._pilot import SIZE, lines_of, notes, reopen, shanghai, text_of, type_into, until

TRACKING = "EE123456785CN"


def clocks_of(app) -> list[tuple[str, str]]:
    return [(c.tracking, c.kind.value) for c in app.query_one(CountdownPanel).items]


def offered(screen: RecordProgress) -> list[str]:
    steps = screen.query_one("#steps", OptionList)
    return [steps.get_option_at_index(index).id for index in range(steps.option_count)]


async def choose(pilot, screen: RecordProgress, step: Step) -> None:
    """Move the highlight with the arrow keys to `step` (the list starts with nothing highlighted)."""
    screen.query_one("#steps", OptionList).focus()
    for _ in range(len(Step) + 1):
        if screen.chosen is step:
            return
        await pilot.press("down")
    assert screen.chosen is step, (screen.chosen, step)


async def open_dialog(pilot, app) -> RecordProgress:
    await pilot.press("r")
    await until(pilot, lambda: isinstance(app.screen, RecordProgress), "the record-progress dialog")
    return app.screen


async def test_only_allowed_steps_are_offered_and_none_is_chosen(make_app, add_parcel, desk, clock) -> None:
    add_parcel()
    desk.file_complaint(TRACKING, "loss", at=shanghai("2026-03-18 10:00"))
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_dialog(pilot, app)
        assert offered(screen) == [step.value for step in desk.allowed_steps(TRACKING)]
        assert offered(screen) == ["agreed", "no-agreement", "withdrawn"]  # no escalation before the reply
        assert screen.query_one("#steps", OptionList).highlighted is None
        assert app.focused is screen.query_one("#steps", OptionList)

        await pilot.press("ctrl+s")  # r, ctrl+s records nothing
        await pilot.pause()
        assert app.screen is screen
        assert "Choose what happened" in text_of(screen.query_one("#form-error"))
        await pilot.press("escape")
    assert [e.kind for e in reopen(desk, clock).complaints(TRACKING)[-1].events] == [EventKind.FILED]


async def test_the_steps_follow_the_instant_typed(make_app, add_parcel, desk, clock) -> None:
    add_parcel()
    desk.file_complaint(TRACKING, "damage", at=shanghai("2026-03-09 10:00"))
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_dialog(pilot, app)
        # Now (+11 days) the chamber's 10 days have passed: may escalate, and a late "no agreement"
        # can still be recorded (the domain says so; the dialog offers exactly that).
        assert offered(screen) == ["agreed", "no-agreement", "escalated", "withdrawn"]
        await type_into(pilot, "#at", "2026-03-10 10:00")  # the day after filing: no appeal yet
        await until(pilot, lambda: "escalated" not in offered(screen), "the steps at the typed instant")
        assert offered(screen) == ["agreed", "no-agreement", "withdrawn"]
        await pilot.press("ctrl+shift+a", *"2026-03-01 10:00")  # before the filing: nothing at all
        await until(pilot, lambda: offered(screen) == [], "no step before the filing")
        assert "Nothing can be recorded" in text_of(screen.query_one("#no-steps"))


async def test_no_agreement_then_escalation(make_app, add_parcel, desk, clock) -> None:
    add_parcel()
    desk.file_complaint(TRACKING, "loss", at=shanghai("2026-03-18 10:00"))
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        panel = app.query_one(CountdownPanel)
        assert clocks_of(app) == [(TRACKING, "chamber-reply")]

        screen = await open_dialog(pilot, app)
        assert "filed" in text_of(screen.query_one(".hint"))
        await choose(pilot, screen, Step.NO_AGREEMENT)
        await pilot.press("enter")
        at = screen.query_one("#at", Input)
        assert app.focused is at
        assert at.value == "2026-03-20 10:00"  # as every form writes an instant (Shanghai time)
        await pilot.press("ctrl+s")  # not an ending step: no second question
        await until(pilot, lambda: not isinstance(app.screen, RecordProgress), "the dialog closed")

        assert clocks_of(app) == [(TRACKING, "escalation-window-closes")]
        assert panel.items[0].due == shanghai("2026-04-04 10:00")  # reply + 15 natural days
        assert any("appeal window closes" in line for line in lines_of(panel))
        assert any("chamber replied: no agreement" in message for message in notes(app))
        assert not any("reply-no-agreement" in message for message in notes(app))  # plain words

        clock.advance(hours=1)  # Friday 11:00: the seller appeals online
        screen = await open_dialog(pilot, app)
        assert "no-agreement" not in offered(screen)
        await choose(pilot, screen, Step.ESCALATED)
        await pilot.press("enter", "ctrl+s")
        await until(pilot, lambda: not isinstance(app.screen, RecordProgress), "the dialog closed")
        assert clocks_of(app) == [(TRACKING, "intervention")]
        # 1 working day after Friday 11:00 is Monday 2026-03-23 11:00.
        assert panel.items[0].due == shanghai("2026-03-23 11:00")

    complaint = reopen(desk, clock).complaints(TRACKING)[-1]
    assert [e.kind for e in complaint.events] == [EventKind.FILED, EventKind.REPLY_NO_AGREEMENT, EventKind.ESCALATED]
    assert complaint.events[-1].at == shanghai("2026-03-20 11:00")


async def test_an_ending_outcome_is_asked_once_more(make_app, add_parcel, desk, clock) -> None:
    add_parcel()
    desk.file_complaint(TRACKING, "loss", at=shanghai("2026-03-18 10:00"))
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_dialog(pilot, app)
        await choose(pilot, screen, Step.WITHDRAWN)
        await pilot.press("ctrl+s")
        await until(pilot, lambda: isinstance(app.screen, Confirm), "the second question")
        assert "ends the complaint" in text_of(app.screen.query_one("#message"))
        assert "Withdrawn by me" in text_of(app.screen.query_one("#message"))
        await pilot.press("enter")  # the focus is on Cancel: enter alone records nothing
        await until(pilot, lambda: app.screen is screen, "back in the dialog")
        assert [e.kind for e in reopen(desk, clock).complaints(TRACKING)[-1].events] == [EventKind.FILED]

        await pilot.press("ctrl+s")
        await until(pilot, lambda: isinstance(app.screen, Confirm), "the second question again")
        await pilot.press("ctrl+s")
        await until(pilot, lambda: len(app.screen_stack) == 1, "both dialogs closed")
    complaint = reopen(desk, clock).complaints(TRACKING)[-1]
    assert complaint.outcome is Outcome.WITHDRAWN


async def test_money_received_after_closing_as_compensated(make_app, add_parcel, desk, clock) -> None:
    add_parcel()
    desk.file_complaint(TRACKING, "damage", at=shanghai("2026-03-10 10:00"))
    desk.record_reply(TRACKING, agreed=True, at=shanghai("2026-03-12 10:00"))
    desk.close_complaint(TRACKING, "compensated", claimed=Decimal("800"), at=shanghai("2026-03-13 10:00"))
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_dialog(pilot, app)
        assert offered(screen) == ["received"]
        await choose(pilot, screen, Step.RECEIVED)
        await pilot.press("ctrl+s")  # money received has its own dialog (tests/ui/test_record_payment.py)
        await until(pilot, lambda: isinstance(app.screen, RecordPayment), "the money-received dialog")
        await pilot.press("ctrl+s")
        await until(pilot, lambda: text_of(app.screen.query_one("#form-error")) != "", "the amount's error")
        assert "amount" in text_of(app.screen.query_one("#form-error"))
        await type_into(pilot, "#amount", "620")
        await pilot.press("ctrl+s")  # within the claim: no second question
        await until(pilot, lambda: len(app.screen_stack) == 1, "the dialog closed")
        assert any("money received" in message for message in notes(app))
    complaint = reopen(desk, clock).complaints(TRACKING)[-1]
    assert complaint.received == Decimal("620")
    assert complaint.events[-1].kind is EventKind.RECEIVED
    assert complaint.events[-1].at == shanghai("2026-03-20 10:00")


async def test_a_bad_instant_is_refused_and_nothing_is_recorded(make_app, add_parcel, desk, clock) -> None:
    add_parcel()
    desk.file_complaint(TRACKING, "loss", at=shanghai("2026-03-18 10:00"))
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_dialog(pilot, app)
        await choose(pilot, screen, Step.NO_AGREEMENT)
        await pilot.press("enter")
        await pilot.press("ctrl+shift+a", *"yesterday")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, RecordProgress)
        assert text_of(app.screen.query_one("#form-error")) != ""
        await pilot.press("escape")
        await pilot.pause()
        assert clocks_of(app) == [(TRACKING, "chamber-reply")]
    complaint = reopen(desk, clock).complaints(TRACKING)[-1]
    assert [e.kind for e in complaint.events] == [EventKind.FILED]


async def test_r_without_a_complaint_says_to_file_one(make_app, add_parcel) -> None:
    add_parcel()
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("r")
        await pilot.pause()
        assert len(app.screen_stack) == 1
        assert any("press c to file one" in message for message in notes(app))


async def test_two_bad_fields_are_both_named_and_nothing_is_recorded(make_app, add_parcel, desk, clock) -> None:
    """Issue 20, item 6: a bad instant and a bad amount are named together, each next to its field."""
    add_parcel()
    desk.file_complaint(TRACKING, "damage", at=shanghai("2026-03-10 10:00"))
    desk.record_reply(TRACKING, agreed=True, at=shanghai("2026-03-12 10:00"))
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_dialog(pilot, app)
        await choose(pilot, screen, Step.COMPENSATED)
        await type_into(pilot, "#at", "yesterday")
        await type_into(pilot, "#claimed", "lots")
        await pilot.press("ctrl+s")
        await until(pilot, lambda: bool(text_of(screen.query_one("#form-error"))), "the save was refused")
        assert app.screen is screen
        summary = text_of(screen.query_one("#form-error"))
        assert "When it happened (Shanghai)" in summary
        assert "Amount claimed (CNY)" in summary
        assert [field.input.id for field in screen.query(".field.-invalid")] == ["at", "claimed"]  # type: ignore[attr-defined]
        assert app.focused is screen.query_one("#at", Input), "the first wrong field is ready to correct"
    complaint = reopen(desk, clock).complaints(TRACKING)[-1]
    assert [e.kind for e in complaint.events] == [EventKind.FILED, EventKind.REPLY_AGREED]
