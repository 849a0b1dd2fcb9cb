"""Invisible formatting characters (Unicode category Cf: bidi controls, zero-width characters, the
soft hyphen, the BOM) are refused in every free-text field on every path, as control characters
are, and shown escaped when a file written before they were refused holds them (issue 18, item 4).

A U+202E in an order number made `parcel list` print the rest of the line backwards; a zero-width
space makes two order numbers that look the same differ."""

from __future__ import annotations

import json
import sys
import unicodedata
from pathlib import Path

import orjson
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from claimdesk.domain.errors import ValidationError
from claimdesk.domain.parcels import clean_text, format_character
from claimdesk.termtext import fit, one_line, pad
from tests.cli.helpers import EMS, Run, add_args, assert_one_line_error, snapshot
from tests.cli.test_cli_transfer import HEADER, row, write_csv

# The list: bidi embeddings and overrides, isolates, marks, zero-width characters, the
# word joiner, the BOM, the soft hyphen.
LISTED = [*range(0x202A, 0x202F), *range(0x2066, 0x206A), 0x200E, 0x200F, 0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF, 0x00AD]
ALL_FORMAT = [chr(c) for c in range(sys.maxunicode + 1) if unicodedata.category(chr(c)) == "Cf"]


@pytest.mark.parametrize("code", LISTED, ids=[f"U+{c:04X}" for c in LISTED])
def test_the_validator_refuses_each_listed_character_anywhere_in_the_text(code: int) -> None:
    for text in (f"ORD{chr(code)}123", f"{chr(code)}ORD", f"ORD{chr(code)}"):
        with pytest.raises(ValidationError) as refused:
            clean_text(text, "order")
        assert refused.value.field == "order" and f"U+{code:04X}" in str(refused.value)


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(ALL_FORMAT), st.text(max_size=10).filter(lambda t: t.isprintable()), st.text(max_size=10).filter(str.isprintable))
def test_every_format_character_is_refused(hidden: str, before: str, after: str) -> None:
    with pytest.raises(ValidationError, match="invisible formatting character"):
        clean_text(before + "x" + hidden + "x" + after, "note")


def test_what_sellers_write_is_still_accepted() -> None:
    for text in ("云途物流", "Yun Express", "中文\u3000全角空格", "Ünïcødé", "📦 👍🏽 🇨🇳", "ORD-2026/11/3"):
        assert clean_text(text, "carrier") == text
        assert format_character(text) is None


@pytest.fixture
def with_complaint(run: Run) -> None:
    assert run(*add_args()).code == 0
    assert run("complaint", "file", EMS, "--type=loss").code == 0


@pytest.mark.parametrize(
    ("args", "flag"),
    [
        (add_args(order="8100\u202e0001"), "--order"),
        (add_args(carrier="Yun\u200bExpress"), "--carrier"),
        (["complaint", "note", EMS, "--set", "see \u2066attached"], "--set"),
        (["complaint", "undo", EMS, "--reason", "typo\u00ad"], "--reason"),
        (["complaint", "note", EMS, "--set", "see attached"], None),  # the control: the same without it
    ],
    ids=["add-order", "add-carrier", "note", "undo-reason", "control"],
)
def test_every_cli_text_field_refuses_them(run: Run, db: Path, with_complaint: None, args: list[str], flag: str | None) -> None:
    before = snapshot(db)
    result = run(*args)
    if flag is None:
        assert result.code == 0, result.err
        return
    assert_one_line_error(result, 2, flag, "invisible formatting character")
    assert snapshot(db) == before


def test_a_filing_note_refuses_them(run: Run, db: Path) -> None:
    assert run(*add_args()).code == 0
    before = snapshot(db)
    assert_one_line_error(run("complaint", "file", EMS, "--type=loss", "--note=a\ufeffb"), 2, "--note", "U+FEFF")
    assert snapshot(db) == before


def test_an_import_refuses_them_naming_the_line_and_column(run: Run, db: Path, tmp_path: Path) -> None:
    source = write_csv(tmp_path / "in.csv", [HEADER, row("LP0000000001"), row("LP0000000002", carrier="Yan\u202ewen")])
    result = run("import", source)
    assert "line 3" in result.err and "carrier" in result.err and "U+202E" in result.err, result.err
    listed = run("parcel", "list", "--json")
    assert [parcel["tracking"] for parcel in json.loads(listed.out)] == ["LP0000000001"]  # the bad row was not imported


def test_old_data_holding_them_is_shown_escaped(run: Run, db: Path, with_complaint: None) -> None:
    """A file written before they were refused still opens; what prints shows them, never obeys them."""
    data = orjson.loads(db.read_bytes())
    [parcel] = data["parcels"].values()
    parcel["order"] = "8100\u202e0001"
    [complaint] = data["complaints"].values()
    complaint["note"] = "call \u2067back\u2069"
    db.write_bytes(orjson.dumps(data))
    listing = run("parcel", "list")
    assert listing.code == 0, listing.err
    assert "\u202e" not in listing.out and "8100\\u202e0001" in listing.out
    note = run("complaint", "note", EMS)
    assert note.code == 0 and note.out == "call \\u2067back\\u2069\n"


def test_the_terminal_helpers_escape_them_and_keep_every_space() -> None:
    assert one_line("a\u202eb") == "a\\u202eb"
    assert one_line("全角\u3000空格") == "全角\u3000空格"
    assert fit("a\u200bb", 8) == "a\\u200bb"
    assert pad("a\u2066", 8).startswith("a\\u2066")


@pytest.mark.parametrize("value", ["", " "])
def test_archive_closed_before_nothing_is_exit_2(run: Run, db: Path, value: str) -> None:
    assert run(*add_args()).code == 0
    before = snapshot(db)
    assert_one_line_error(run("parcel", "archive", f"--closed-before={value}"), 2, "--closed-before")
    assert snapshot(db) == before
