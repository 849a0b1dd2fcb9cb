"""A filing window's opening as text (issue 20 item 7): whole days shown as days, typed back."""

from __future__ import annotations

import pytest

from claimdesk.domain.errors import ValidationError
from claimdesk.domain.settings import opens_text, parse_opens


@pytest.mark.parametrize(("hours", "text"), [(240, "10d"), (24, "1d"), (36, "36h"), (0, "0h"), (1, "1h"), (25, "25h")])
def test_whole_days_are_shown_as_days(hours: int, text: str) -> None:
    assert opens_text(hours) == text
    assert parse_opens(text, "opens-loss") == hours


@pytest.mark.parametrize(("text", "hours"), [("240", 240), (" 10d ", 240), ("1d12h", 36), ("P2D", 48), ("1,000", 1000)])
def test_days_hours_or_bare_hours_are_read(text: str, hours: int) -> None:
    assert parse_opens(text, "opens-loss") == hours


@pytest.mark.parametrize("text", ["", "90m", "ten", "-1", "1.5d", "十天"])
def test_anything_else_is_refused_naming_the_field(text: str) -> None:
    with pytest.raises(ValidationError) as caught:
        parse_opens(text, "opens-loss")
    assert caught.value.field == "opens-loss"
