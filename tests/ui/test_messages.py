"""Messages a seller understands (issue 11, item 5): one way of wording them in the app."""

from __future__ import annotations

from textual.widgets import Input

from claimdesk.domain.errors import RuleError, ValidationError
from claimdesk.i18n import set_language
from claimdesk.ui.messages import field_name, say, sentence
from claimdesk.ui.screens.settings import SettingsScreen
from claimdesk.ui.widgets.forms import Field
from tests.ui._pilot import type_into


def test_a_field_error_names_the_field_in_words_and_other_messages_are_sentences() -> None:
    assert say(ValidationError("service", "choose one (ems, special-line, offline, other)")).startswith("Service: choose one")
    assert say(ValidationError("created_at", "enter a date")) == "Created at: enter a date"
    assert say(ValidationError("actual_loss", "not an amount")) == "Actual loss: not an amount"
    assert say(RuleError("too early: the loss filing window opens ...")) == "Too early: the loss filing window opens ..."
    assert sentence("已逾期") == "已逾期"
    set_language("zh")
    assert field_name("created_at") == "创建时间" or not field_name("created_at").isascii()


async def test_settings_errors_name_the_setting_next_to_it_with_its_unit(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.press("s")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, SettingsScreen)
        labels = [field.label for field in screen.query(Field)]
        assert all(
            label.rstrip().endswith(("(days)", "(working days)", "(days or hours)", "(× freight)", "(yuan per US dollar)"))
            for label in labels
        ), labels
        await type_into(pilot, "#chamber_reply_days", "0")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is screen, "a wrong setting is not saved"
        field = next(field for field in screen.query(Field) if field.input.id == "chamber_reply_days")
        assert field.error and app.focused is screen.query_one("#chamber_reply_days", Input)
        assert str(screen.query_one("#form-error").render()).startswith("Chamber reply due after (days): ")
