"""`r`: record the chamber's "no agreement" reply, then the online appeal; the new clocks show at once."""

from __future__ import annotations

from textual.widgets import Input, OptionList

from claimdesk.domain.complaints import EventKind
from claimdesk.ui.screens.progress import RecordProgress
from claimdesk.ui.widgets.countdown import CountdownPanel
from tests.ui._pilot import SIZE, lines_of, notes, reopen, shanghai, text_of

TRACKING = "EE123456785CN"


def clocks_of(app) -> list[tuple[str, str]]:
    return [(c.tracking, c.kind.value) for c in app.query_one(CountdownPanel).items]


async def test_no_agreement_then_escalation(make_app, add_parcel, desk, clock) -> None:
    add_parcel()
    desk.file_complaint(TRACKING, "loss", at=shanghai("2026-03-18 10:00"))
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        panel = app.query_one(CountdownPanel)
        assert clocks_of(app) == [(TRACKING, "chamber-reply")]

        await pilot.press("r")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, RecordProgress)
        assert "filed" in text_of(screen.query_one(".hint"))
        steps = screen.query_one("#steps", OptionList)
        assert app.focused is steps
        assert steps.get_option("escalated").disabled, "cannot escalate before the chamber's reply"
        await pilot.press("down")
        assert steps.get_option_at_index(steps.highlighted).id == "no-agreement"
        await pilot.press("enter")
        at = screen.query_one("#at", Input)
        assert app.focused is at
        assert at.value.startswith("2026-03-20T10:00:00")
        await pilot.press("ctrl+s")
        await pilot.pause()

        assert not isinstance(app.screen, RecordProgress)
        assert clocks_of(app) == [(TRACKING, "escalation-window-closes")]
        assert panel.items[0].due == shanghai("2026-04-04 10:00")  # reply + 15 natural days
        assert any("appeal window closes" in line for line in lines_of(panel))
        assert any("chamber replied: no agreement" in message for message in notes(app))
        assert not any("reply-no-agreement" in message for message in notes(app))  # plain words

        complaint = reopen(desk, clock).complaints(TRACKING)[-1]
        assert [e.kind for e in complaint.events] == [EventKind.FILED, EventKind.REPLY_NO_AGREEMENT]
        assert complaint.events[-1].at == shanghai("2026-03-20 10:00")

        clock.advance(hours=1)  # Friday 11:00: the seller appeals online
        await pilot.press("r")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, RecordProgress)
        steps = screen.query_one("#steps", OptionList)
        assert steps.get_option("no-agreement").disabled
        assert not steps.get_option("escalated").disabled
        while steps.get_option_at_index(steps.highlighted).id != "escalated":
            before = steps.highlighted
            await pilot.press("down")
            assert steps.highlighted != before, "down did not move to the escalation"
        await pilot.press("enter", "ctrl+s")
        await pilot.pause()

        assert not isinstance(app.screen, RecordProgress)
        assert clocks_of(app) == [(TRACKING, "intervention")]
        # 1 working day after Friday 11:00 is Monday 2026-03-23 11:00.
        assert panel.items[0].due == shanghai("2026-03-23 11:00")
        assert any("Cainiao intervention due" in line for line in lines_of(panel))

    complaint = reopen(desk, clock).complaints(TRACKING)[-1]
    assert [e.kind for e in complaint.events] == [
        EventKind.FILED,
        EventKind.REPLY_NO_AGREEMENT,
        EventKind.ESCALATED,
    ]
    assert complaint.events[-1].at == shanghai("2026-03-20 11:00")


async def test_a_bad_instant_is_refused_and_nothing_is_recorded(make_app, add_parcel, desk, clock) -> None:
    add_parcel()
    desk.file_complaint(TRACKING, "loss", at=shanghai("2026-03-18 10:00"))
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("r")
        await pilot.pause()
        await pilot.press("down", "enter")
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
