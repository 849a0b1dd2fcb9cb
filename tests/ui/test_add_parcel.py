"""`a` adds a parcel: every field typed key by key, validated as it is typed, nothing invalid saved."""

from __future__ import annotations

from decimal import Decimal

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, Select

from claimdesk.ui.screens.parcel_form import ParcelForm
from claimdesk.ui.widgets.parcel_table import ParcelTable
from tests.ui._pilot import SIZE, parcel_fields, reopen, text_of, type_into, until

# The form's fields in tab order, as a seller walks them.
FORM_ORDER = (
    "tracking",
    "other_numbers",
    "order",
    "service",
    "carrier",
    "destination",
    "created_at",
    "collected_at",
    "last_tracking_at",
    "item",
    "declared_value",
    "weight",
    "shipping_fee",
    "inquiry_fee",
    "status",
)
SELECTS = {"service", "item", "status"}


async def choose(pilot: Pilot, select: Select, value: str) -> None:
    """Open the Select's overlay with enter, type the option (type-to-search), enter to pick it."""
    await pilot.press("enter")
    await pilot.pause()
    await pilot.press(*value)
    await pilot.press("enter")
    await pilot.pause()
    assert select.value == value, f"{select.id}: overlay picked {select.value!r}, wanted {value!r}"


async def fill_form(pilot: Pilot, fields: dict[str, str]) -> None:
    """Walk the form with tab from the tracking number, typing each field."""
    screen = pilot.app.screen
    first = screen.query_one("#f-tracking", Input)
    if pilot.app.focused is not first:
        first.focus()
        await pilot.pause()
    for index, name in enumerate(FORM_ORDER):
        widget = pilot.app.focused
        assert widget is not None and widget.id == f"f-{name}", f"tab reached {widget!r}, expected #f-{name}"
        value = fields.get(name, "")
        if name in SELECTS:
            assert isinstance(widget, Select)
            if value and widget.value != value:
                await choose(pilot, widget, value)
        elif value:
            await pilot.press(*value)
        if index < len(FORM_ORDER) - 1:
            await pilot.press("tab")


async def prefill_then_type(pilot: Pilot, fields: dict[str, str], typed: str) -> None:
    """Set every field but `typed` directly (the full tab walk is its own test: it costs ~100 ms
    a key), then focus `typed` and type its value key by key."""
    screen = pilot.app.screen
    for name in FORM_ORDER:
        if name == typed:
            continue
        widget = screen.query_one(f"#f-{name}")
        if isinstance(widget, Select):
            widget.value = fields[name] if fields.get(name) else Select.NULL
        else:
            widget.value = fields.get(name, "")
    await pilot.pause()
    await type_into(pilot, f"#f-{typed}", fields[typed])


def form_error(pilot: Pilot) -> str:
    """What the form says is wrong: the line above the fields and each field's own message."""
    from claimdesk.ui.widgets.forms import Field

    fields = [f"{field.label}: {field.error}" for field in pilot.app.screen.query(Field) if field.error]
    return "\n".join([text_of(pilot.app.screen.query_one("#form-error")), *fields]).strip()


async def test_add_a_valid_parcel_is_saved_and_listed(make_app, desk, clock) -> None:
    app = make_app()
    # A pasted number with spaces and lower case; short free-text values keep the key count down.
    fields = parcel_fields(tracking="rb 123 456 785 gb", order="8101", carrier="CP", inquiry_fee="12.50")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("a")
        await pilot.pause()
        assert isinstance(app.screen, ParcelForm)
        await fill_form(pilot, fields)
        assert form_error(pilot) == ""
        await pilot.press("ctrl+s")
        await until(pilot, lambda: not isinstance(app.screen, ParcelForm), "the form closed after its write")
        table = app.query_one(ParcelTable)
        assert [row.tracking for row in table.items] == ["RB123456785GB"]
        assert table.current is not None and table.current.tracking == "RB123456785GB"
        assert any("RB123456785GB" in line for line in (table.render_line(y).text for y in range(table.size.height)))

    stored = reopen(desk, clock).parcel("RB123456785GB")
    assert stored.order == "8101"
    assert stored.carrier == "CP"
    assert stored.service.value == "ems"
    assert stored.destination == "US"
    assert stored.declared_value == Decimal("1200.00")
    assert stored.weight == Decimal("1.3")
    assert stored.shipping_fee == Decimal("180.00")
    assert stored.inquiry_fee == Decimal("12.50")
    assert stored.status.value == "lost"
    assert stored.created_at.isoformat().startswith("2026-03-01T10:00:00+08:00")


async def test_the_form_opens_with_the_tracking_number_ready_to_type(make_app) -> None:
    """`a` then typing: the keys must reach the first field, not a scroll container."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("a")
        await pilot.pause()
        assert app.focused is app.screen.query_one("#f-tracking", Input)
        await pilot.press(*"EE123456785CN")
        assert app.screen.query_one("#f-tracking", Input).value == "EE123456785CN"


async def test_bad_check_digit_names_the_expected_digit_and_nothing_is_stored(make_app, desk, clock) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("a")
        await pilot.pause()
        await prefill_then_type(pilot, parcel_fields(tracking="EE123456789CN"), "tracking")
        tracking = app.screen.query_one("#f-tracking", Input)
        assert not tracking.is_valid
        await pilot.press("ctrl+s")
        await until(pilot, lambda: form_error(pilot) != "", "the refusal shown")
        assert isinstance(app.screen, ParcelForm), "an invalid parcel must not close the form"
        message = form_error(pilot)
        assert "Tracking number" in message
        assert "expected 5" in message and "check digit is 9" in message
        assert app.focused is tracking
        await pilot.press("escape")
        await until(pilot, lambda: not isinstance(app.screen, ParcelForm), "the dialog closed")
        assert app.query_one(ParcelTable).items == []

    assert reopen(desk, clock).parcel_count() == 0


async def test_the_error_line_follows_the_typing(make_app) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("a")
        await pilot.pause()
        await type_into(pilot, "#f-tracking", "EE12345678")
        await pilot.press("9", "C", "N")
        assert "expected 5" in form_error(pilot)
        await pilot.press("backspace", "backspace", "backspace", "5", "C", "N")
        assert form_error(pilot) == ""
        assert app.screen.query_one("#f-tracking", Input).is_valid


@pytest.mark.parametrize(
    ("field", "value", "label", "words"),
    [
        ("weight", "0", "Weight (kg)", "greater than 0"),
        ("shipping_fee", "180.123", "Shipping fee (CNY)", "at most 2 decimals"),
        ("declared_value", "1200.005", "Declared value (CNY)", "at most 2 decimals"),
    ],
)
async def test_invalid_numbers_are_refused(make_app, desk, clock, field, value, label, words) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("a")
        await pilot.pause()
        await prefill_then_type(pilot, parcel_fields(**{field: value}), field)
        await pilot.press("ctrl+s")
        await until(pilot, lambda: form_error(pilot) != "", "the refusal shown")
        assert isinstance(app.screen, ParcelForm)
        message = form_error(pilot)
        assert f"\n{label}: " in message and words in message, message  # next to its field, named
        assert label in text_of(app.screen.query_one("#form-error"))  # and above the fields
        assert not app.screen.query_one(f"#f-{field}", Input).is_valid
        await pilot.press("escape")
        await pilot.pause()
        assert app.query_one(ParcelTable).items == []

    assert reopen(desk, clock).parcel_count() == 0


async def test_escape_writes_nothing(make_app, desk, clock) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("a")
        await pilot.pause()
        await prefill_then_type(pilot, parcel_fields(), "order")
        await pilot.press("escape")
        await until(pilot, lambda: not isinstance(app.screen, ParcelForm), "the dialog closed")
    assert reopen(desk, clock).parcel_count() == 0


async def test_e_edits_the_selected_parcel(make_app, add_parcel, desk, clock) -> None:
    add_parcel()
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("e")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, ParcelForm)
        assert form.query_one("#f-tracking", Input).disabled, "the tracking number is the key"
        assert app.focused is form.query_one("#f-other_numbers", Input)  # the first field that can change
        assert form.query_one("#f-weight", Input).value == "1.3"
        await type_into(pilot, "#f-weight", "2.5")
        await pilot.press("ctrl+s")
        await until(pilot, lambda: not isinstance(app.screen, ParcelForm), "the form closed after its write")
    assert reopen(desk, clock).parcel("EE123456785CN").weight == Decimal("2.5")


async def test_every_wrong_field_is_named_in_words_next_to_it_at_once(make_app, desk, clock) -> None:
    """Issue 11, item 5: 'Service: choose one', every error at once, each next to its field."""
    from claimdesk.ui.widgets.forms import Field

    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("a")
        await pilot.pause()
        await type_into(pilot, "#f-weight", "0")
        await pilot.press("ctrl+s")
        await pilot.pause()
        shown = {field.label: field.error for field in app.screen.query(Field) if field.error}
        assert shown["Service"].startswith("choose one")
        assert "Tracking number" in shown and "Created at" in shown
        assert "Order number" not in shown  # not known yet is not wrong (docs/rules.md section 1)
        assert "greater than 0" in shown["Weight (kg)"]
        summary = form_error(pilot).splitlines()[0]
        assert summary.startswith("Check ") and "Service" in summary and "Weight (kg)" in summary
        assert app.focused is app.screen.query_one("#f-tracking")  # the first wrong field
    assert reopen(desk, clock).parcel_count() == 0


async def test_the_edit_form_writes_instants_as_the_add_form_takes_them(make_app, add_parcel) -> None:
    add_parcel(collected_at="2026-03-02 18:00")
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("e")
        await pilot.pause()
        assert app.screen.query_one("#f-created_at", Input).value == "2026-03-01 10:00"
        assert app.screen.query_one("#f-collected_at", Input).value == "2026-03-02 18:00"
        await pilot.press("escape")
        await pilot.press("a")
        await pilot.pause()
        assert app.screen.query_one("#f-created_at", Input).placeholder.startswith("2026-03-01 10:00")
