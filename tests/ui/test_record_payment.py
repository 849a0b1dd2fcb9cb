"""Issue 19, item 1 in the app: `r`, then 'Money received', records a payment through
Desk.record_received (as `claimdesk complaint received` does): to any complaint that closed
compensated (the latest by default, another picked with the keys), and one that takes the total
above the amount claimed only after a second question naming both amounts. Now is pinned at
2026-03-20 10:00 Shanghai."""

from __future__ import annotations

from decimal import Decimal

from textual.widgets import OptionList

from claimdesk.domain.complaints import EventKind, Step
from claimdesk.ui.screens.confirm import Confirm
from claimdesk.ui.screens.payment import RecordPayment
from claimdesk.ui.screens.progress import RecordProgress
from tests.ui._pilot import SIZE, reopen, shanghai, text_of, until

TRACKING = "EE123456785CN"


def payments(desk, clock, attempt: int) -> list[Decimal | None]:
    complaint = next(c for c in reopen(desk, clock).complaints(TRACKING) if c.attempt == attempt)
    return [e.received for e in complaint.events if e.kind is EventKind.RECEIVED]


def compensated(desk, day: int) -> None:
    desk.file_complaint(TRACKING, "damage", at=shanghai(f"2026-03-{day:02d} 10:00"))
    desk.record_reply(TRACKING, agreed=True, at=shanghai(f"2026-03-{day + 1:02d} 10:00"))
    desk.close_complaint(TRACKING, "compensated", claimed=Decimal("800"), at=shanghai(f"2026-03-{day + 2:02d} 10:00"))


async def open_payment(pilot, app) -> RecordPayment:
    await pilot.press("r")
    await until(pilot, lambda: isinstance(app.screen, RecordProgress), "the record-progress dialog")
    progress = app.screen
    for _ in range(len(Step) + 1):
        if progress.chosen is Step.RECEIVED:
            break
        await pilot.press("down")
    await pilot.press("enter")
    await until(pilot, lambda: isinstance(app.screen, RecordPayment), "the money-received dialog")
    return app.screen


async def test_a_payment_goes_to_attempt_1_after_attempt_2_was_filed(make_app, add_parcel, desk, clock) -> None:
    add_parcel()
    compensated(desk, 2)
    compensated(desk, 10)  # attempt 2, also compensated: both are offered, the latest highlighted
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_payment(pilot, app)
        attempts = screen.query_one("#attempts", OptionList)
        assert attempts.option_count == 2 and attempts.highlighted == 1
        await pilot.press(*"300")
        await pilot.press("shift+tab", "up")  # to the list, then attempt 1
        assert screen.attempt == 1
        await pilot.press("ctrl+s")
        await until(pilot, lambda: len(app.screen_stack) == 1, "both dialogs closed")
    assert payments(desk, clock, 1) == [Decimal("300")]
    assert payments(desk, clock, 2) == []


async def test_above_the_claim_asks_naming_both_amounts(make_app, add_parcel, desk, clock) -> None:
    add_parcel()
    compensated(desk, 2)
    desk.record_received(TRACKING, Decimal("700"), shanghai("2026-03-05 10:00"))
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_payment(pilot, app)
        await pilot.press(*"150", "ctrl+s")
        await until(pilot, lambda: isinstance(app.screen, Confirm), "the second question")
        said = text_of(app.screen.query_one("#message"))
        assert "850.00" in said and "800.00" in said, said
        await pilot.press("escape")  # declined: nothing written
        await until(pilot, lambda: app.screen is screen, "back to the payment")
        assert payments(desk, clock, 1) == [Decimal("700")]
        await pilot.press("ctrl+s")
        await until(pilot, lambda: isinstance(app.screen, Confirm), "the second question again")
        await pilot.press("ctrl+s")  # confirmed: recorded
        await until(pilot, lambda: len(app.screen_stack) == 1, "both dialogs closed")
    assert payments(desk, clock, 1) == [Decimal("700"), Decimal("150")]


async def test_no_compensated_complaint_says_so(make_app, add_parcel, desk, clock) -> None:
    add_parcel()
    desk.file_complaint(TRACKING, "damage", at=shanghai("2026-03-02 10:00"))
    desk.close_complaint(TRACKING, "withdrawn", at=shanghai("2026-03-04 10:00"))
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("r")
        await until(pilot, lambda: isinstance(app.screen, RecordProgress), "the record-progress dialog")
        assert "received" not in [
            app.screen.query_one("#steps", OptionList).get_option_at_index(i).id
            for i in range(app.screen.query_one("#steps", OptionList).option_count)
        ]
        assert "no complaint of this parcel closed compensated" in text_of(app.screen.query_one("#no-steps"))
