"""Issue 5, bad input everywhere: hypothesis feeds every command and the CSV importer garbage.

Wrong types, huge and negative numbers, too many decimals, NaN/Infinity, impossible dates and
time zones, invalid or foreign tracking numbers, control characters, very long text, CJK and
emoji. Every case: exit 2, one line naming the option (or the CSV line and column), and the
data file byte-identical. Runs in-process through cli.main to stay fast.
"""

from __future__ import annotations

import csv
import io
import json
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal
from pathlib import Path
from typing import Any

import pycountry
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from claimdesk import cli
from claimdesk.domain.parcels import PARCEL_FIELDS
from claimdesk.importing import cells
from tests.cli.helpers import EMS, Result, Run, add_args, invoke
from tests.reliability_worker import NOW_TEXT

# `make torture` raises this (scripts/torture.py sets CLAIMDESK_HYPOTHESIS_EXAMPLES).
EXAMPLES = int(os.environ.get("CLAIMDESK_HYPOTHESIS_EXAMPLES", "40"))
SETTINGS = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
COUNTRIES = frozenset(country.alpha_2 for country in pycountry.countries)

# ------------------------------------------------------------------ strategies

# Control characters that are not white space (white space is trimmed or, in tracking
# numbers, removed as the spaces sellers paste): ESC, NUL, BEL, DEL, C1 controls...
NON_SPACE_CONTROLS = [chr(c) for c in [*range(9), *range(14, 28), 0x7F, *range(0x80, 0x85), *range(0x86, 0xA0)]]
control_char = st.sampled_from(NON_SPACE_CONTROLS)
cjk = st.text(st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF), min_size=1, max_size=8)
emoji = st.sampled_from(["📦", "🚚", "😀", "👍🏽", "🇨🇳", "🧾", "💴"])
# A character that can never be part of a number: letters, CJK, emoji, symbols, controls.
not_numeric = st.one_of(
    st.characters(categories=["Lu", "Ll", "Lo", "So", "Sm", "Sc", "Pd", "Ps", "Pe", "Po"], exclude_characters=",._'¥-"),
    control_char,
    emoji,
)
digits = st.text("0123456789", min_size=0, max_size=6)


def with_junk(core: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    """A string that has something that is not a number somewhere inside (not at the ends)."""
    return st.builds(lambda a, junk, b: a + junk + b, st.text("0123456789", min_size=1, max_size=5), not_numeric, core)


NON_FINITE = ["NaN", "nan", "-NaN", "sNaN", "Infinity", "inf", "-Infinity", "+inf", "1e400", "1E5", "0x10", "1e-2"]

bad_money = st.one_of(
    st.sampled_from([*NON_FINITE, "", "   ", "¥", "--1", "1..2", ".5.", "0.1.2", "+-3", "1.2.3", "¥¥5"]),
    st.decimals(max_value=Decimal("-0.01"), places=2, allow_nan=False, allow_infinity=False).map(str),
    st.decimals(min_value=0, max_value=10**6, places=3, allow_nan=False)
    .filter(lambda d: d != d.quantize(Decimal("0.01")))
    .map(lambda d: f"{d:.3f}"),
    st.integers(10**8 + 1, 10**40).map(str),
    with_junk(digits),
    cjk,
    emoji,
)
bad_weight = st.one_of(
    st.sampled_from([*NON_FINITE, "", "0", "0.000", "-0", "kg", "1..2", "-1kg", "0kg", "1kgkg"]),
    st.decimals(max_value=Decimal("0"), places=3, allow_nan=False, allow_infinity=False).map(lambda d: f"{d:f}"),
    st.decimals(min_value=Decimal("0.0001"), max_value=100, places=4, allow_nan=False)
    .filter(lambda d: d != d.quantize(Decimal("0.001")))
    .map(lambda d: f"{d:.4f}"),
    st.integers(1001, 10**30).map(str),
    with_junk(digits),
    cjk,
)
bad_instant = st.one_of(
    st.sampled_from(
        [
            "",
            "yesterday",
            "明天",
            "📅",
            "2026-02-30",
            "2026-02-29",
            "2025-04-31",
            "2026-13-01",
            "2026-00-10",
            "2026-03-32",
            "2026-03-01T24:00:01",
            "2026-03-01T10:61:00",
            "2026-03-01T10:00:00+25:00",
            "2026-03-01T10:00:00 Mars/Olympus",
            "2026-03-01T10:00:00[Asia/Nowhere]",
            "1999-12-31T23:59:59+08:00",
            "2101-01-01",
            "0001-01-01",
            "9999-12-31",
            "2026-03-01T10:00:00+08:00" + "0" * 40,
            "NaN",
            "Infinity",
        ]
    ),
    st.builds(lambda y, m, d: f"{y:04d}-{m:02d}-{d:02d}", st.integers(2000, 2100), st.integers(13, 99), st.integers(1, 28)),
    st.builds(lambda y, m, d: f"{y:04d}-{m:02d}-{d:02d}", st.integers(2000, 2100), st.integers(1, 12), st.integers(32, 99)),
    st.builds(lambda junk, tail: "2026-03-01" + junk + tail, st.one_of(control_char, emoji, cjk), st.text("0123456789:T", max_size=8)),
    st.one_of(cjk, emoji),
)


def s10_check(serial: str) -> int:
    """docs/rules.md's UPU S10 check digit, computed here independently of the domain code."""
    total = sum(int(d) * w for d, w in zip(serial, (8, 6, 4, 2, 3, 5, 9, 7), strict=True))
    check = 11 - total % 11
    return {10: 0, 11: 5}.get(check, check)


letters = st.text("ABCDEFGHIJKLMNOPQRSTUVWXYZ", min_size=2, max_size=2)
serials = st.text("0123456789", min_size=8, max_size=8)
wrong_check_digit = st.builds(
    lambda prefix, serial, shift, country: f"{prefix}{serial}{(s10_check(serial) + shift) % 10}{country}",
    letters,
    serials,
    st.integers(1, 9),
    st.sampled_from(sorted(COUNTRIES)),
)
unknown_country = st.builds(
    lambda prefix, serial, country: f"{prefix}{serial}{s10_check(serial)}{country}",
    letters,
    serials,
    letters.filter(lambda code: code not in COUNTRIES),
)
bad_ems_tracking = st.one_of(
    wrong_check_digit,
    unknown_country,
    st.sampled_from(
        [
            "1Z999AA10123456784",
            "JD014600006281234567",
            "LP00112233445566",
            "9400111899223100000000",
            "EE12345678CN",
            "EE1234567850CN",
            "E123456785CN",
            "EE123456785C",
            "123456785",
            "EE-123456785-CN",
        ]
    ),
    st.text(st.characters(categories=["Lu", "Nd"]), min_size=1, max_size=60).filter(lambda t: len(t) != 13),
    st.builds(lambda a, junk, b: a + junk + b, st.just("EE123456"), st.one_of(control_char, emoji, cjk), st.just("785CN")),
    st.just("EE" * 300),
)
bad_free_text = st.one_of(
    st.builds(lambda a, junk, b: a + junk + b, st.text(max_size=5).map(str.strip), control_char, st.text("abc", max_size=5)),
)


def vocabulary_reads(reader: Any, text: str) -> bool:
    """The import's cell vocabulary reads `text` (so the command line does too: cli/values.py)."""
    try:
        return reader(text) is not None
    except cells.CellError:
        return False


def choice_junk(choices: set[str], reader: Any = None) -> st.SearchStrategy[str]:
    return st.one_of(st.text(min_size=1, max_size=30), cjk, emoji).filter(
        lambda text: text.strip().lower() not in choices and "\x00" not in text and not (reader and vocabulary_reads(reader, text))
    )


# field (parcel add option) -> strategy of values that must be refused
BAD_PARCEL_FIELDS: dict[str, st.SearchStrategy[str]] = {
    "tracking": bad_ems_tracking,
    # an empty order number, weight or fee is not wrong: not known yet (an incomplete parcel)
    "order": st.one_of(st.text(min_size=41, max_size=200).filter(lambda t: len(t.strip()) > 40), bad_free_text),
    "service": choice_junk({"ems", "special-line", "offline", "other"}, cells.service),
    "created": bad_instant.filter(bool),
    "collected": bad_instant.filter(lambda t: t.strip() != ""),
    "last_tracking": bad_instant.filter(lambda t: t.strip() != ""),
    "item": choice_junk({"document", "declared", "undeclared"}, cells.item_kind),
    "declared_value": bad_money.filter(lambda t: t.strip() != ""),
    "weight": bad_weight.filter(lambda t: t.strip() != ""),
    "shipping_fee": bad_money.filter(lambda t: t.strip() != ""),
    "inquiry_fee": bad_money.filter(lambda t: t.strip() != ""),
    "carrier": st.one_of(bad_free_text, st.text(min_size=81, max_size=300).filter(lambda t: len(t.strip()) > 80)),
    "destination": st.one_of(
        letters.filter(lambda c: c not in COUNTRIES),
        cjk,
        emoji,
        st.text("0123456789", min_size=1, max_size=3),
        st.sampled_from(["ZZZ", "U.S.S.R.", "火星"]),  # USA, CHN, U.S., 中国 read as the import reads them
    ).filter(lambda text: not vocabulary_reads(cells.country, text)),
    "status": choice_junk({"in-transit", "delivered", "delayed", "lost", "damaged", "partially-lost"}, cells.status),
}


# ------------------------------------------------------------------ helpers


@contextmanager
def desk_file() -> Iterator[Path]:
    """A fresh data file holding docs/rules.md's EMS parcel with one open complaint."""
    with tempfile.TemporaryDirectory() as folder, pytest.MonkeyPatch.context() as patch:
        patch.setenv("CLAIMDESK_NOW", NOW_TEXT)  # module scope: the autouse clock pin is not active yet
        db = Path(folder) / "claimdesk.json"
        assert cli.main(["--db", str(db), *add_args()]) == 0
        assert cli.main(["--db", str(db), "complaint", "file", EMS, "--type", "loss"]) == 0
        yield db


def refused_naming(result: Result, flag: str) -> None:
    assert result.code == 2, (result.code, result.out, result.err)
    assert len(result.err_lines) == 1, result.err
    assert result.err_lines[0].startswith(f"claimdesk: {flag}"), result.err
    assert "Traceback" not in result.err
    assert result.out == ""


@pytest.fixture(scope="module")
def shared_desk() -> Iterator[Path]:
    with desk_file() as db:
        yield db


# ------------------------------------------------------------------ parcel add / set


@SETTINGS
@given(data=st.data(), field=st.sampled_from(sorted(BAD_PARCEL_FIELDS)))
def test_parcel_add_refuses_bad_fields(capsys: pytest.CaptureFixture[str], shared_desk: Path, data: st.DataObject, field: str) -> None:
    value = data.draw(BAD_PARCEL_FIELDS[field], label=field)
    flag = "--" + field.replace("_", "-")
    before = shared_desk.read_bytes()
    # A valid number not on the desk yet, so only the field under test can be wrong.
    fresh = {"tracking": "EE000000005CN"} if field != "tracking" else {}
    result = invoke(capsys, "--db", shared_desk, *add_args(**(fresh | {field: value})))
    refused_naming(result, flag)
    assert shared_desk.read_bytes() == before


@SETTINGS
@given(
    order=st.one_of(cjk, st.text(min_size=1, max_size=40).filter(lambda t: t.strip() and t.isprintable()), emoji),
    carrier=st.one_of(cjk, emoji, st.text(max_size=80).filter(str.isprintable)),
)
@example(order="订单 №12 📦", carrier="顺丰国际 SF 🚚")
def test_cjk_and_emoji_text_is_kept_exactly(capsys: pytest.CaptureFixture[str], order: str, carrier: str) -> None:
    import json

    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "claimdesk.json"
        result = invoke(capsys, "--db", db, *add_args(order=order, carrier=carrier))
        assert result.code == 0, result.err
        [parcel] = json.loads(invoke(capsys, "--db", db, "parcel", "list", "--json").out)
        assert (parcel["order"], parcel["carrier"]) == (order.strip(), carrier.strip())


@SETTINGS
@given(status=BAD_PARCEL_FIELDS["status"], last=bad_instant.filter(lambda t: t.strip() != ""), which=st.booleans())
def test_parcel_set_refuses_bad_input(capsys: pytest.CaptureFixture[str], shared_desk: Path, status: str, last: str, which: bool) -> None:
    before = shared_desk.read_bytes()
    if which:
        result, flag = invoke(capsys, "--db", shared_desk, "parcel", "set", EMS, f"--status={status}"), "--status"
    else:
        result = invoke(capsys, "--db", shared_desk, "parcel", "set", EMS, "--status=lost", f"--last-tracking={last}")
        flag = "--last-tracking"
    refused_naming(result, flag)
    assert shared_desk.read_bytes() == before


# ------------------------------------------------------------------ calc


CALC_BASE = {
    "service": "ems",
    "incident": "loss",
    "item": "declared",
    "declared_value": "1200",
    "weight": "1.3",
    "shipping_fee": "180",
    "actual_loss": "100",
    "inquiry_fee": "5",
    "multiplier": "2",
}
BAD_CALC = {
    "service": BAD_PARCEL_FIELDS["service"],
    "incident": choice_junk({"delay", "loss", "damage", "partial-loss"}),
    "item": BAD_PARCEL_FIELDS["item"],
    "declared_value": BAD_PARCEL_FIELDS["declared_value"],
    "weight": bad_weight.filter(lambda t: t.strip() != ""),
    "shipping_fee": bad_money.filter(lambda t: t.strip() != ""),
    "actual_loss": BAD_PARCEL_FIELDS["inquiry_fee"],
    "inquiry_fee": BAD_PARCEL_FIELDS["inquiry_fee"],
    "multiplier": st.one_of(
        st.sampled_from([*NON_FINITE, "0", "-2", "10.01", "11", "1e3", "", "two", "二", "2 3", "3x"]),
        st.integers(11, 10**12).map(str),
        st.builds(
            lambda a, junk: a + junk, st.text("0123456789", min_size=1, max_size=3), st.one_of(cjk, emoji, st.sampled_from("$%#!x×"))
        ),
    ),
}


@SETTINGS
@given(data=st.data(), field=st.sampled_from(sorted(BAD_CALC)))
def test_calc_refuses_bad_input(capsys: pytest.CaptureFixture[str], tmp_path: Path, data: st.DataObject, field: str) -> None:
    value = data.draw(BAD_CALC[field], label=field)
    options = CALC_BASE | {field: value}
    args = ["calc", "--json"] + [f"--{name.replace('_', '-')}={text}" for name, text in options.items()]
    result = invoke(capsys, "--db", tmp_path / "none.json", *args)
    refused_naming(result, "--" + field.replace("_", "-"))
    assert not (tmp_path / "none.json").exists()


# ------------------------------------------------------------------ complaint commands and due


@SETTINGS
@given(
    case=st.one_of(
        st.tuples(
            st.just("file-type"),
            choice_junk(
                {
                    "not-warehoused",
                    "loss",
                    "damage",
                    "partial-loss",
                    "delay",
                    "fee-dispute",
                    "weight-discrepancy",
                    "size-discrepancy",
                    "other",
                }
            ),
        ),
        st.tuples(st.just("file-at"), bad_instant.filter(lambda t: t.strip() != "")),
        st.tuples(
            st.just("file-note"), st.one_of(bad_free_text, st.text(min_size=2001, max_size=2100).filter(lambda t: len(t.strip()) > 2000))
        ),
        st.tuples(st.just("reply-at"), bad_instant.filter(lambda t: t.strip() != "")),
        st.tuples(st.just("escalate-at"), bad_instant.filter(lambda t: t.strip() != "")),
        st.tuples(st.just("close-outcome"), choice_junk({"compensated", "rejected", "withdrawn"})),
        st.tuples(st.just("close-claimed"), bad_money.filter(lambda t: t.strip() != "")),
        st.tuples(st.just("close-received"), bad_money.filter(lambda t: t.strip() != "")),
        st.tuples(
            st.just("due-within"),
            st.one_of(
                st.sampled_from(["soon", "-1d", "1y", "3 days", "P", "PX", "1d-2h", "∞", "NaN"]),
                cjk,
                emoji,
                st.integers(10**6, 10**15).map(lambda n: f"{n}w"),
            ),
        ),
        st.tuples(st.just("unknown-tracking"), st.one_of(cjk, emoji, bad_ems_tracking)),
    )
)
def test_complaint_and_due_refuse_bad_input(capsys: pytest.CaptureFixture[str], shared_desk: Path, case: tuple[str, str]) -> None:
    kind, value = case
    args, flag = {
        "file-type": (["complaint", "file", EMS, f"--type={value}"], "--type"),
        "file-at": (["complaint", "file", EMS, "--type=loss", f"--at={value}"], "--at"),
        "file-note": (["complaint", "file", EMS, "--type=loss", f"--note={value}"], "--note"),
        "reply-at": (["complaint", "reply", EMS, "--no-agreement", f"--at={value}"], "--at"),
        "escalate-at": (["complaint", "escalate", EMS, f"--at={value}"], "--at"),
        "close-outcome": (["complaint", "close", EMS, f"--outcome={value}"], "--outcome"),
        "close-claimed": (["complaint", "close", EMS, "--outcome=withdrawn", f"--claimed={value}"], "--claimed"),
        "close-received": (["complaint", "close", EMS, "--outcome=compensated", f"--received={value}"], "--received"),
        "due-within": (["due", f"--within={value}"], "--within"),
        "unknown-tracking": (["complaint", "reply", value, "--agreed"], "no parcel"),
    }[kind]
    # The desk's complaint is open, so filing would also break a rule: input is checked first.
    before = shared_desk.read_bytes()
    result = invoke(capsys, "--db", shared_desk, *args)
    refused_naming(result, flag)
    assert shared_desk.read_bytes() == before


# ------------------------------------------------------------------ CSV import


GOOD_ROW = {
    "tracking": "LP0000000001",
    "order": "81",
    "service": "special-line",
    "carrier": "Yanwen",
    "destination": "ES",
    "created_at": "2026-03-01T10:00:00+08:00",
    "collected_at": "",
    "last_tracking_at": "",
    "item": "declared",
    "declared_value": "120.00",
    "weight": "0.35",
    "shipping_fee": "25.00",
    "inquiry_fee": "",
    "status": "lost",
}
CSV_FIELD = {
    "tracking": "tracking",
    "order": "order",
    "service": "service",
    "created": "created_at",
    "collected": "collected_at",
    "last_tracking": "last_tracking_at",
    "item": "item",
    "declared_value": "declared_value",
    "weight": "weight",
    "shipping_fee": "shipping_fee",
    "inquiry_fee": "inquiry_fee",
    "carrier": "carrier",
    "destination": "destination",
    "status": "status",
}
NO_LINE_BREAKS = lambda text: "\r" not in text and "\n" not in text and "\x00" not in text  # noqa: E731


def csv_bytes(rows: list[dict[str, str]], ending: str, bom: bool, mixed: bool) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(PARCEL_FIELDS)
    for row in rows:
        writer.writerow([row.get(name, "") for name in PARCEL_FIELDS])
    lines = buffer.getvalue().split("\n")[:-1]
    endings = ["\r\n", "\n", "\r"] if mixed else [ending]
    text = "".join(line + endings[index % len(endings)] for index, line in enumerate(lines))
    return (b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8")


@SETTINGS
@given(
    data=st.data(),
    field=st.sampled_from(sorted(CSV_FIELD)),
    good_rows=st.integers(0, 4),
    ending=st.sampled_from(["\r\n", "\n"]),
    bom=st.booleans(),
    mixed=st.booleans(),
)
def test_csv_import_names_the_bad_line_and_field(
    capsys: pytest.CaptureFixture[str],
    shared_desk: Path,
    data: st.DataObject,
    field: str,
    good_rows: int,
    ending: str,
    bom: bool,
    mixed: bool,
) -> None:
    """A value `parcel add` refuses in one row of a file: the dry run names its line and field, counts
    the good rows and writes nothing. (The import reads some values `parcel add` does not, as
    spreadsheets write them: 'USA', '中国', '5元'; such a row is simply good.)"""
    value = data.draw(BAD_PARCEL_FIELDS[field].filter(NO_LINE_BREAKS), label=field)
    position = data.draw(st.integers(0, good_rows), label="position")
    rows = [GOOD_ROW | {"tracking": f"LP{n:010d}"} for n in range(1, good_rows + 1)]
    bad = GOOD_ROW | {"tracking": "LP9999999999"} | ({"service": "ems"} if field == "tracking" else {})
    rows.insert(position, bad | {CSV_FIELD[field]: value})
    before = shared_desk.read_bytes()
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "in.csv"
        source.write_bytes(csv_bytes(rows, ending, bom, mixed))
        result = invoke(capsys, "--db", shared_desk, "import", source, "--dry-run", "--json")
        assert "Traceback" not in result.err
        assert result.code in (0, 2), result.err
        report = json.loads(result.out)
        if report["bad"]:
            [row] = report["bad_rows"]
            assert row["line"] == position + 2, row  # the header is line 1
            assert row["problems"][0]["field"] == CSV_FIELD[field], row
            assert report["added"] == good_rows
            assert result.code == (0 if good_rows else 2)
        else:
            assert report["added"] == good_rows + 1 and result.code == 0
        assert report["dry_run"] is True
        assert shared_desk.read_bytes() == before


# ------------------------------------------------------------------ offsets and ISO durations
# Found by the properties above and fixed in claimdesk/domain/instants.py.


def test_offset_of_24_hours_is_refused(run: object, db: Path) -> None:
    result = run(*add_args(created="2026-03-01T10:00:00+24:00"))  # type: ignore[operator]
    refused_naming(result, "--created")
    assert not db.exists()


def test_offset_with_60_minutes_is_refused(run: object, db: Path) -> None:
    refused_naming(run(*add_args(created="2026-03-01T10:00:00+08:60")), "--created")  # type: ignore[operator]


def test_empty_iso_duration_is_refused(run: object) -> None:
    refused_naming(run("due", "--within", "PT"), "--within")  # type: ignore[operator]


# ------------------------------------------------------------------ numbers: ASCII digits only (issue 9, item 9)
# int(), Decimal() and the regex \d read '1_000' as 1000, '１０' as 10 and '٣' as 3; argparse's
# type=int is int(). Every number option takes digits 0-9 and says so when refusing.

NOT_ASCII_NUMBERS = ["1_000", "１０", "٣", "-0", "+5", "1e3", "NaN"]
NUMBER_OPTIONS = {
    "--weight": lambda value: add_args(tracking="EE000000005CN", weight=value),
    "--shipping-fee": lambda value: add_args(tracking="EE000000005CN", shipping_fee=value),
    "--declared-value": lambda value: add_args(tracking="EE000000005CN", declared_value=value),
    "--inquiry-fee": lambda value: add_args(tracking="EE000000005CN", inquiry_fee=value),
    "--claimed": lambda value: ["complaint", "close", EMS, "--outcome=withdrawn", f"--claimed={value}"],
    "--multiplier": lambda value: [
        "calc",
        "--service=special-line",
        "--incident=loss",
        "--item=declared",
        "--declared-value=100",
        "--weight=1",
        "--shipping-fee=10",
        f"--multiplier={value}",
    ],
    "--parcels": lambda value: ["demo", f"--parcels={value}"],
}


@pytest.mark.parametrize("value", NOT_ASCII_NUMBERS)
@pytest.mark.parametrize("flag", sorted(NUMBER_OPTIONS))
def test_numbers_take_ascii_digits_only_and_say_so(capsys: pytest.CaptureFixture[str], shared_desk: Path, flag: str, value: str) -> None:
    before = shared_desk.read_bytes()
    result = invoke(capsys, "--db", shared_desk, *NUMBER_OPTIONS[flag](value))
    refused_naming(result, flag)
    assert "digits 0-9" in result.err, result.err
    assert "negative" not in result.err, result.err  # '-0' is refused for its form, not as negative
    assert shared_desk.read_bytes() == before


@pytest.mark.parametrize(
    ("args", "flag"),
    [
        (["due", "--within=３d"], "--within"),
        (["due", "--within=٣h"], "--within"),
        (["due", "--within=P３D"], "--within"),
        (add_args(tracking="EE000000005CN", created="2026/03/0١"), "--created"),  # pendulum read it as 01
        (add_args(tracking="EE000000005CN", created="２０２６/03/01"), "--created"),
        (["complaint", "reply", EMS, "--agreed", "--at=2026-03-20 1０:00"], "--at"),
    ],
)
def test_durations_and_instants_take_ascii_digits_only(
    capsys: pytest.CaptureFixture[str], shared_desk: Path, args: list[str], flag: str
) -> None:
    before = shared_desk.read_bytes()
    refused_naming(invoke(capsys, "--db", shared_desk, *args), flag)
    assert shared_desk.read_bytes() == before


def test_grouped_ascii_numbers_are_still_accepted(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    db = tmp_path / "d.json"
    result = invoke(capsys, "--db", db, *add_args(declared_value="1,200.50", shipping_fee="¥1,180", weight="1.3kg"))
    assert result.code == 0, result.err
    assert invoke(capsys, "--db", db, "demo", "--parcels=1,000").code == 0


UNICODE_DIGIT = st.characters(categories=["Nd"]).filter(lambda ch: ch not in "0123456789")


@SETTINGS
@given(
    flag=st.sampled_from(sorted(NUMBER_OPTIONS)),
    text=st.builds(lambda a, digit, b: a + digit + b, st.text("0123456789", max_size=2), UNICODE_DIGIT, st.text("0123456789", max_size=2)),
)
def test_any_unicode_digit_is_refused_by_every_number_option(
    capsys: pytest.CaptureFixture[str], shared_desk: Path, flag: str, text: str
) -> None:
    before = shared_desk.read_bytes()
    result = invoke(capsys, "--db", shared_desk, *NUMBER_OPTIONS[flag](text))
    refused_naming(result, flag)
    assert "digits 0-9" in result.err, result.err
    assert shared_desk.read_bytes() == before


@pytest.mark.parametrize(
    ("options", "flag"),
    [
        (["--profile", "nope"], "--profile"),
        (["--encoding", "nope"], "--encoding"),
        (["--sheet", "x"], "--sheet"),
        (["--usd-rate", "0"], "--usd-rate"),
    ],
)
def test_an_import_option_refused_names_the_option(run: Run, db: Path, tmp_path: Path, options: list[str], flag: str) -> None:
    source = tmp_path / "parcels.csv"
    source.write_text("tracking,service,created_at\nLP00123456789012,other,2026-03-01 10:00\n", encoding="utf-8")
    result = run("import", source, *options)
    assert result.code == 2 and result.err.startswith(f"claimdesk: {flag}: "), result.err
    assert result.err.count(f"{flag} ") + result.err.count(f"{flag}:") == 1, result.err  # named once
    assert not db.exists()
