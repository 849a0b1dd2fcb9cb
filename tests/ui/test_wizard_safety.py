"""The wizard makes the wrong move hard (issue 11, item 2): it starts on the status's type and
asks before another when that one is not open yet; evidence per type; 'filed at'; the review
names the 'not paid' cases; the last attempt without evidence needs its own tick; the windows'
'closes in' ticks."""

from __future__ import annotations

from textual.widgets import Button, Checkbox, Input, OptionList, SelectionList

from claimdesk.domain.complaint_types import EVIDENCE_FOR_TYPE, ComplaintType, Evidence
from claimdesk.labels import label
from claimdesk.ui.screens.wizard import ComplaintWizard
from tests.ui._pilot import SIZE, open_wizard, reopen, shanghai, text_of, type_into, until

TRACKING = "EE123456785CN"


def step(app) -> str:  # type: ignore[no-untyped-def]
    return app.screen.query_one("#wizard-body").current


async def test_a_lost_parcel_whose_loss_window_is_not_open_says_when_and_asks_before_another(make_app, add_parcel, desk, clock) -> None:  # type: ignore[no-untyped-def]
    # Lost, last tracking update two days ago: loss opens 10 days after it, on 2026-03-28 10:00.
    add_parcel(last_tracking_at="2026-03-18 10:00")
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        wizard = await open_wizard(pilot)
        await pilot.press("ctrl+n")
        assert step(app) == "step-type"
        notice = text_of(wizard.query_one("#type-notice"))
        assert "loss, which opens on 2026-03-28 10:00" in notice and "uses one of your two attempts" in notice
        types = wizard.query_one("#types", OptionList)
        assert types.get_option("loss").disabled
        chosen = types.get_option_at_index(types.highlighted)
        assert chosen.id == "damage"  # the first open type is offered, but not taken silently

        clock.advance(seconds=5)
        wizard.tick()
        assert "(in 8d 00:00:00)" in notice
        assert "(in 7d 23:59:55)" in text_of(wizard.query_one("#type-notice")), "the notice counts down"
        await pilot.press("enter")
        assert step(app) == "step-type", "another type needs the explicit confirmation"
        assert "Tick the box above to file damage instead" in text_of(wizard.query_one("#wizard-error"))
        assert app.focused is wizard.query_one("#other-type-ok", Checkbox)
        await pilot.press("space")
        await pilot.press("ctrl+n")
        assert step(app) == "step-evidence" and wizard.chosen is ComplaintType.DAMAGE


async def test_the_status_type_open_goes_on_without_the_extra_question(make_app, add_parcel) -> None:  # type: ignore[no-untyped-def]
    add_parcel()  # lost, no tracking update: loss opened long ago
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("c", "ctrl+n")
        wizard = app.screen
        assert not wizard.query_one("#type-notice").display and not wizard.query_one("#other-type-ok").display
        await pilot.press("enter")
        assert step(app) == "step-evidence" and wizard.chosen is ComplaintType.LOSS


async def test_evidence_is_the_chosen_type_s(make_app, add_parcel) -> None:  # type: ignore[no-untyped-def]
    add_parcel()
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("c", "ctrl+n", "enter")
        wizard = app.screen
        evidence = wizard.query_one("#evidence", SelectionList)
        offered = [str(evidence.get_option_at_index(i).value) for i in range(evidence.option_count)]
        assert offered == [item.value for item in EVIDENCE_FOR_TYPE[ComplaintType.LOSS]]
        assert Evidence.PHOTOS.value not in offered and Evidence.SCALE.value not in offered  # no photos for a loss
        await pilot.press("ctrl+b")  # back to the type: choose damage
        types = wizard.query_one("#types", OptionList)
        types.highlighted = next(i for i in range(types.option_count) if types.get_option_at_index(i).id == "damage")
        await pilot.press("enter")
        offered = [str(evidence.get_option_at_index(i).value) for i in range(evidence.option_count)]
        assert Evidence.PHOTOS.value in offered


async def test_filed_at_records_when_it_was_filed_on_the_platform_and_the_review_names_not_paid_cases(
    make_app, add_parcel, desk, clock
) -> None:  # type: ignore[no-untyped-def]
    add_parcel()
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("c", "ctrl+n", "enter")
        wizard = app.screen
        not_paid = wizard.query_one("#not-paid", SelectionList)
        not_paid.focus()
        await pilot.press("down", "space")  # the second case: customs
        await pilot.press("ctrl+n", "ctrl+n")
        assert step(app) == "step-review"
        review = text_of(wizard.query_one("#review"))
        assert "1 'not paid' case(s) ticked" in review
        assert "Confiscated or seized by the destination country's customs" in review
        filed_at = wizard.query_one("#filed-at", Input)
        assert filed_at.value == "2026-03-20 10:00"  # now, as the forms write an instant
        await type_into(pilot, "#filed-at", "2026-03-18 09:30")
        wizard.query_one("#confirm", Checkbox).focus()
        await pilot.press("space")
        wizard.query_one("#file", Button).press()
        await until(pilot, lambda: not isinstance(app.screen, ComplaintWizard), "the dialog closed")
    [complaint] = reopen(desk, clock).complaints(TRACKING)
    assert complaint.filed_at == shanghai("2026-03-18 09:30")


async def test_the_last_attempt_without_evidence_needs_an_acknowledged_warning(make_app, add_parcel, desk, clock) -> None:  # type: ignore[no-untyped-def]
    add_parcel()
    desk.file_complaint(TRACKING, "loss", at=shanghai("2026-03-12 10:00"))
    desk.close_complaint(TRACKING, "withdrawn", at=shanghai("2026-03-13 10:00"))
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("c", "ctrl+n", "enter", "ctrl+n", "ctrl+n")  # no evidence ticked
        wizard = app.screen
        assert step(app) == "step-review"
        assert "no evidence is ticked" in text_of(wizard.query_one("#review"))
        acknowledge = wizard.query_one("#no-evidence-ok", Checkbox)
        assert acknowledge.display
        await pilot.press("space")  # the type confirmation (focused)
        assert wizard.query_one("#confirm", Checkbox).value
        assert wizard.query_one("#file", Button).disabled, "the warning is not acknowledged yet"
        acknowledge.focus()
        await pilot.press("space")
        assert not wizard.query_one("#file", Button).disabled


async def test_the_windows_closes_in_ticks(make_app, add_parcel, clock) -> None:  # type: ignore[no-untyped-def]
    add_parcel()
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("c", "ctrl+n")
        wizard = app.screen
        types = wizard.query_one("#types", OptionList)
        before = str(types.get_option("loss").prompt)
        assert "closes in 101d 00:00:00" in before, before
        clock.advance(seconds=5)
        wizard.tick()
        await pilot.pause()
        assert "closes in 100d 23:59:55" in str(types.get_option("loss").prompt)
        assert label("type", "loss") in str(types.get_option("loss").prompt)


async def test_after_filing_the_drafted_complaint_text_is_shown_and_t_copies_it(make_app, add_parcel, desk) -> None:  # type: ignore[no-untyped-def]
    from claimdesk.ui.screens.complaint_text import ComplaintTextScreen

    add_parcel()
    app = make_app()
    copied: list[str] = []
    app.copy_to_clipboard = copied.append  # type: ignore[method-assign]
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("c", "ctrl+n", "enter", "space", "ctrl+n", "ctrl+n", "space")
        wizard = app.screen
        wizard.query_one("#file", Button).press()
        await pilot.pause()
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ComplaintTextScreen)
        assert text_of(screen.query_one("#text-zh")) == desk.complaint_text(TRACKING, "zh")
        await pilot.press("t")
        assert copied == [desk.complaint_text(TRACKING, "zh")]
        await pilot.press("T")
        assert copied[-1] == desk.complaint_text(TRACKING, "en")
        await pilot.press("escape")
        await pilot.pause()
        assert len(app.screen_stack) == 1
