"""`c`: the complaint wizard to a filed complaint, and the three ways it must refuse."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from rich.cells import cell_len
from textual.widgets import Button, Checkbox, OptionList, SelectionList

from claimdesk.domain.complaints import Channel, EventKind
from claimdesk.i18n import set_language
from claimdesk.ui.screens.third_party import ThirdPartyClaim
from claimdesk.ui.screens.wizard import ComplaintWizard
from claimdesk.ui.widgets.countdown import CountdownPanel
from claimdesk.ui.widgets.parcel_table import ParcelTable
from tests.ui._pilot import SIZE, lines_of, notes, open_wizard, reopen, shanghai, text_of, until

TRACKING = "EE123456785CN"


def current_step(app) -> str:
    return app.screen.query_one("#wizard-body").current


async def test_wizard_files_attempt_1_and_the_countdown_shows_the_chamber_clock(make_app, add_parcel, desk, clock) -> None:
    add_parcel()  # EMS, declared 1200.00, 1.3 kg, fee 180.00, lost, created 2026-03-01 10:00
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        panel = app.query_one(CountdownPanel)
        assert [c.kind.value for c in panel.items] == ["filing-window-closes"]

        wizard = await open_wizard(pilot)
        assert current_step(app) == "step-attempt"
        attempt = text_of(wizard.query_one("#attempt-text"))
        assert attempt.startswith("Attempt 1 of 2")
        assert "last attempt" not in attempt

        await pilot.press("ctrl+n")
        assert current_step(app) == "step-type"
        types = wizard.query_one("#types", OptionList)
        assert app.focused is types
        highlighted = types.get_option_at_index(types.highlighted)
        assert highlighted.id == "loss", "a lost parcel starts on the loss type"
        assert not highlighted.disabled
        assert "open" in str(highlighted.prompt)
        # Not-warehoused cannot open: the parcel was never collected.
        assert types.get_option("not-warehoused").disabled
        await pilot.press("enter")  # choose the highlighted, open type

        assert current_step(app) == "step-evidence"
        evidence = wizard.query_one("#evidence", SelectionList)
        assert app.focused is evidence
        await pilot.press("space")  # tick the first item: the tracking number page
        assert evidence.selected == ["tracking"]
        await pilot.press("ctrl+n")

        assert current_step(app) == "step-payout"
        payout = text_of(wizard.query_one("#payout"))
        assert "¥800.00" in payout and "expected compensation" in payout
        assert "¥580.00" in payout
        await pilot.press("ctrl+n")

        assert current_step(app) == "step-review"
        review = text_of(wizard.query_one("#review"))
        assert "This uses attempt 1 of 2" in review
        assert "loss" in review and "¥800.00" in review
        file_button = wizard.query_one("#file", Button)
        assert file_button.disabled
        assert app.focused is wizard.query_one("#confirm", Checkbox)
        await pilot.press("space")
        assert wizard.query_one("#confirm", Checkbox).value
        assert not file_button.disabled
        for _ in range(6):
            if app.focused is file_button:
                break
            await pilot.press("tab")
        assert app.focused is file_button
        await pilot.press("enter")
        await until(pilot, lambda: not isinstance(app.screen, ComplaintWizard), "the dialog closed")
        clocks = [(c.tracking, c.kind.value) for c in panel.items]
        assert (TRACKING, "chamber-reply") in clocks
        assert (TRACKING, "filing-window-closes") not in clocks
        chamber = next(c for c in panel.items if c.kind.value == "chamber-reply")
        assert chamber.due == shanghai("2026-03-30 10:00")
        assert any("chamber reply due" in line for line in lines_of(panel))
        row = app.query_one(ParcelTable).current
        assert row is not None and row.tracking == TRACKING and row.attempts == 1
        assert any("Attempt 1 of 2 recorded" in message for message in notes(app))

    complaints = reopen(desk, clock).complaints(TRACKING)
    assert len(complaints) == 1
    complaint = complaints[0]
    assert complaint.attempt == 1
    assert complaint.channel is Channel.PLATFORM
    assert complaint.complaint_type.value == "loss"
    assert [event.kind for event in complaint.events] == [EventKind.FILED]
    assert complaint.claimed_amount == Decimal("800.00")
    assert any("Tracking number" in item for item in complaint.evidence)


async def test_escape_in_the_wizard_files_nothing(make_app, add_parcel, desk, clock) -> None:
    add_parcel()
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("c", "ctrl+n", "enter", "ctrl+n", "ctrl+n")
        assert current_step(app) == "step-review"
        await pilot.press("escape")
        await until(pilot, lambda: not isinstance(app.screen, ComplaintWizard), "the dialog closed")
    assert reopen(desk, clock).complaints(TRACKING) == []


async def test_second_attempt_is_marked_last(make_app, add_parcel, desk, clock) -> None:
    add_parcel()
    desk.file_complaint(TRACKING, "loss", at=shanghai("2026-03-12 10:00"))
    desk.close_complaint(TRACKING, "withdrawn", at=shanghai("2026-03-13 10:00"))
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        wizard = await open_wizard(pilot)
        assert text_of(wizard.query_one("#attempt-text")).startswith("Attempt 2 of 2 — last attempt")
        await pilot.press("ctrl+n", "enter", "ctrl+n", "ctrl+n")
        assert "LAST attempt" in text_of(app.screen.query_one("#review"))


async def test_third_attempt_is_refused_before_the_wizard_opens(make_app, add_parcel, desk, clock) -> None:
    add_parcel()
    for filed, closed in (("2026-03-11 10:00", "2026-03-12 10:00"), ("2026-03-13 10:00", "2026-03-14 10:00")):
        desk.file_complaint(TRACKING, "loss", at=shanghai(filed))
        desk.close_complaint(TRACKING, "withdrawn", at=shanghai(closed))
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        row = app.query_one(ParcelTable).current
        assert row is not None and row.attempts == 2
        assert any("2/2" in line for line in lines_of(app.query_one(ParcelTable)))
        before = len(notes(app))
        await pilot.press("c")
        await pilot.pause()
        assert not isinstance(app.screen, ComplaintWizard), "the wizard must not open for a third attempt"
        assert len(app.screen_stack) == 1
        new = notes(app)[before:]
        assert len(new) == 1
        assert TRACKING in new[0] and "both of its 2 complaint attempts" in new[0]
        assert "no third complaint" in new[0]

    assert len(reopen(desk, clock).complaints(TRACKING)) == 2


async def test_closed_window_types_cannot_be_chosen(make_app, add_parcel, desk, clock) -> None:
    # Created 2025-11-01: 139 days before the clock, past the 120-day filing window. Every type is
    # closed: `c` says so instead of opening a wizard with nothing to choose (issue 19).
    add_parcel(created_at="2025-11-01 10:00")
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("c")
        await until(pilot, lambda: any("every filing window closed" in note for note in notes(app)), "the refusal")
        assert not isinstance(app.screen, ComplaintWizard)
    assert reopen(desk, clock).complaints(TRACKING) == []


async def test_offline_parcel_goes_to_the_third_party_claim(make_app, add_parcel, desk, clock) -> None:
    add_parcel(tracking="YT2403151234567", service="offline", carrier="Yun Express")
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("c")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ThirdPartyClaim)
        hint = text_of(screen.query_one(".hint"))
        assert "uses none of your two attempts" in hint
        assert "Yun Express" in hint
        assert screen.query_one("#contact").value == "Yun Express"
        await pilot.press("ctrl+s")
        await until(pilot, lambda: not isinstance(app.screen, ThirdPartyClaim), "the claim dialog closed after its write")
        row = app.query_one(ParcelTable).current
        assert row is not None and row.attempts == 0
        assert any("Third-party claim recorded" in message for message in notes(app))

    fresh = reopen(desk, clock)
    claims = fresh.complaints("YT2403151234567")
    assert len(claims) == 1
    assert claims[0].attempt == 0
    assert claims[0].channel is Channel.THIRD_PARTY
    assert claims[0].contact == "Yun Express"
    assert claims[0].follow_up_at == (clock.now() + timedelta(days=7))  # the default follow-up setting
    assert fresh.claim_state("YT2403151234567").attempts_used == 0


async def test_at_80x24_every_step_shows_what_has_the_focus(make_app, add_parcel) -> None:
    """The smallest supported terminal: each step's focused control and the buttons are on screen."""
    add_parcel()
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_wizard(pilot)
        for step in ("step-attempt", "step-type", "step-evidence", "step-payout", "step-review"):
            await pilot.pause()
            wizard = app.screen
            assert current_step(app) == step
            visible = wizard._compositor.visible_widgets
            focused = app.focused
            assert focused is not None
            assert focused in visible, f"{step}: the focused {focused!r} is scrolled out of sight"
            assert visible[focused][0] == focused.region, f"{step}: {focused!r} is only partly visible"
            shown_button = "#file" if step == "step-review" else "#next"
            assert wizard.query_one(shown_button) in visible
            if step != "step-review":
                await pilot.press("ctrl+n" if step != "step-type" else "enter")
        await pilot.press("space")
        assert wizard.query_one("#confirm", Checkbox).value
        assert not wizard.query_one("#file", Button).disabled


async def test_at_80x24_the_wizard_takes_the_screen_and_the_type_list_shows_every_type(make_app, add_parcel) -> None:
    """At 80x24 the dialog gave the type list five rows: one option, wrapped. Now the wizard takes the
    whole screen and its buttons one row each, so the list shows several options whole."""
    add_parcel()
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        wizard = await open_wizard(pilot)
        await pilot.press("ctrl+n")
        await until(pilot, lambda: current_step(app) == "step-type", "the type step")
        assert wizard.query_one("#dialog").outer_size.width == 80
        assert {b.outer_size.height for b in wizard.query(".buttons Button").results(Button) if b.display} == {1}
        types = wizard.query_one("#types", OptionList)
        assert types.size.height >= 12, types.size
        shown = lines_of(types)
        assert sum(line.lstrip().startswith(("loss ", "damage ")) for line in shown) == 2, shown
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:  # room enough: the framed dialog and full buttons
        wizard = await open_wizard(pilot)
        assert wizard.query_one("#dialog").outer_size.width < 120
        assert wizard.query_one("#next", Button).outer_size.height == 3


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
async def test_at_80x24_a_types_dates_never_wrap_under_its_name(make_app, add_parcel, lang) -> None:  # type: ignore[no-untyped-def]
    """At 80 columns "(Shanghai)" wrapped to the start of a line of its own, under the type names:
    a description too long for the width now puts the dates on a line of their own, indented."""
    add_parcel()
    set_language(lang)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        wizard = await open_wizard(pilot)
        await pilot.press("ctrl+n")
        await until(pilot, lambda: current_step(app) == "step-type", "the type step")
        types = wizard.query_one("#types", OptionList)
        await until(pilot, lambda: any(line.startswith("   ") and line.strip() for line in lines_of(types)), "the type list drawn")
        for index in range(types.option_count):
            prompt = types.get_option_at_index(index).prompt
            for line in str(prompt).splitlines()[1:]:
                assert line.startswith("   "), (index, line)
                assert cell_len(line) <= types.scrollable_content_region.width - 2, (index, line)


async def test_every_change_of_step_redraws_the_wizard(make_app, add_parcel) -> None:  # type: ignore[no-untyped-def]
    """`step` is a reactive: setting it is enough to show the step, its progress line, its
    buttons and keys, and to focus it (watch_step)."""
    add_parcel()
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        wizard = await open_wizard(pilot)
        assert wizard.step == 0 and current_step(app) == "step-attempt"
        assert wizard.query_one("#back", Button).disabled and wizard.focused is wizard.query_one("#next", Button)
        await pilot.press("ctrl+n", "enter")  # attempt -> type -> (loss) evidence
        await until(pilot, lambda: current_step(app) == "step-evidence", "the evidence step")
        assert wizard.step == 2
        assert text_of(wizard.query_one("#wizard-steps")).startswith("✓ 1 Attempts   ✓ 2 Complaint type   ● 3 Evidence   ○ 4")
        wizard.step = 4
        await until(pilot, lambda: wizard.focused is wizard.query_one("#confirm", Checkbox), "the review step focused")
        assert current_step(app) == "step-review"
        assert wizard.query_one("#file", Button).display and not wizard.query_one("#next", Button).display
        assert "ctrl+s" in {key for key, active in wizard.active_bindings.items() if active.enabled}
        wizard.step = 0
        await until(pilot, lambda: current_step(app) == "step-attempt", "back to the first step")
        assert wizard.query_one("#back", Button).disabled and "● 1 Attempts" in text_of(wizard.query_one("#wizard-steps"))
