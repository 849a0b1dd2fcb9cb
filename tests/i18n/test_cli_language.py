"""The CLI in Chinese: `--lang`, CLAIMDESK_LANG and the system locale; labels in Chinese,
JSON keys and machine values in English, errors in Chinese with the same exit codes."""

from __future__ import annotations

import json

import pytest

from claimdesk import cli
from claimdesk.i18n import CHINESE, ENGLISH, detect_language, get_language
from tests.cli.helpers import invoke

CALC = (
    "calc",
    "--service",
    "ems",
    "--incident",
    "loss",
    "--item",
    "declared",
    "--declared-value",
    "1200",
    "--weight",
    "1.3",
    "--shipping-fee",
    "180",
)


@pytest.mark.parametrize(
    ("requested", "environ", "expected"),
    [
        (None, {}, ENGLISH),
        ("zh", {}, CHINESE),
        ("zh_CN", {"CLAIMDESK_LANG": "en"}, CHINESE),  # --lang beats the variable
        ("en", {"LANG": "zh_CN.UTF-8"}, ENGLISH),  # ... and the locale
        (None, {"CLAIMDESK_LANG": "zh"}, CHINESE),
        (None, {"CLAIMDESK_LANG": "en", "LANG": "zh_CN.UTF-8"}, ENGLISH),  # the variable beats the locale
        (None, {"LANG": "zh_CN.UTF-8"}, CHINESE),
        (None, {"LANG": "zh_TW.UTF-8"}, CHINESE),
        (None, {"LC_ALL": "en_US.UTF-8", "LANG": "zh_CN.UTF-8"}, ENGLISH),  # LC_ALL first, as POSIX
        (None, {"LC_MESSAGES": "zh_CN.UTF-8", "LANG": "en_US.UTF-8"}, CHINESE),
        (None, {"LANG": "fr_FR.UTF-8"}, ENGLISH),  # no French catalog: English
        (None, {"LANG": "C"}, ENGLISH),
        (None, {"CLAIMDESK_LANG": "klingon", "LANG": "zh_CN.UTF-8"}, CHINESE),  # an unknown value is skipped
    ],
)
def test_the_language_is_chosen_in_order(requested, environ, expected) -> None:  # type: ignore[no-untyped-def]
    assert detect_language(requested, environ) == expected


def test_calc_in_chinese_shows_chinese_labels(capsys: pytest.CaptureFixture[str]) -> None:
    result = invoke(capsys, "--lang", "zh", *CALC)
    assert result.code == 0, result.err
    assert "预计赔付" in result.out and "差额" in result.out and "EMS 规则 4" in result.out
    assert "expected compensation" not in result.out
    assert get_language() == CHINESE


def test_calc_json_keeps_english_keys_and_machine_values(capsys: pytest.CaptureFixture[str]) -> None:
    english = json.loads(invoke(capsys, *CALC, "--json").out)
    chinese = json.loads(invoke(capsys, "--lang", "zh", *CALC, "--json").out)
    assert set(chinese) == set(english) == {"amount", "currency", "shortfall", "lines", "notes"}
    assert (chinese["amount"], chinese["currency"], chinese["shortfall"]) == (english["amount"], "CNY", english["shortfall"])
    assert [set(line) for line in chinese["lines"]] == [{"rule", "amount"}] * len(english["lines"])
    assert [line["amount"] for line in chinese["lines"]] == [line["amount"] for line in english["lines"]]


def test_due_json_keeps_machine_values_in_chinese(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    # inside the parcel's filing window: a window missed past its grace is no longer due (issue 19)
    monkeypatch.setenv("CLAIMDESK_NOW", "2026-03-20T10:00:00+08:00")
    added = invoke(
        capsys,
        "parcel",
        "add",
        "--tracking",
        "EE123456785CN",
        "--order",
        "8100000000000001",
        "--service",
        "ems",
        "--created",
        "2026-03-01T10:00:00+08:00",
        "--item",
        "declared",
        "--declared-value",
        "1200",
        "--weight",
        "1.3",
        "--shipping-fee",
        "180",
        "--status",
        "lost",
    )
    assert added.code == 0, added.err
    shown = invoke(capsys, "--lang", "zh", "parcel", "list")
    assert "丢失" in shown.out and "运单号" in shown.out
    listing = json.loads(invoke(capsys, "--lang", "zh", "parcel", "list", "--json").out)
    assert listing[0]["service"] == "ems" and listing[0]["status"] == "lost"
    due = json.loads(invoke(capsys, "--lang", "zh", "due", "--json").out)
    assert due and {clock["complaint_type"] for clock in due} <= {"loss", "damage", "delay", "partial-loss", "not-warehoused"}
    assert all(clock["clock"] in ("filing-window-opens", "filing-window-closes") for clock in due)
    text = invoke(capsys, "--lang", "zh", "due").out
    assert "投诉时效" in text and "货物丢失" in text


@pytest.mark.parametrize("where", ["option", "environment", "option after the command"])
def test_an_error_in_chinese_keeps_its_exit_code(where: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    bad = [*CALC[:-1], "-5"]  # a negative shipping fee
    english = invoke(capsys, *bad)
    if where == "option":
        args = ["--lang", "zh", *bad]
    elif where == "environment":
        monkeypatch.setenv("CLAIMDESK_LANG", "zh")
        args = bad
    else:
        args = [*bad, "--lang=zh_CN"]
    chinese = invoke(capsys, *args)
    assert english.code == chinese.code == 2
    assert english.err.startswith("claimdesk: --shipping-fee: must not be negative")
    assert chinese.err.startswith("claimdesk: --shipping-fee: 不能为负数"), chinese.err
    assert chinese.out == ""


def test_a_rule_refusal_in_chinese_keeps_exit_code_3(capsys: pytest.CaptureFixture[str]) -> None:
    invoke(
        capsys,
        "parcel",
        "add",
        "--tracking",
        "EE123456785CN",
        "--order",
        "8100000000000001",
        "--service",
        "ems",
        "--created",
        "2026-03-01T10:00:00+08:00",
        "--item",
        "declared",
        "--declared-value",
        "1200",
        "--weight",
        "1.3",
        "--shipping-fee",
        "180",
        "--status",
        "lost",
    )
    result = invoke(capsys, "--lang", "zh", "complaint", "file", "EE123456785CN", "--type", "delay", "--at", "2026-03-05T10:00:00+08:00")
    assert result.code == 3, result.err
    assert "太早了" in result.err and "时效延误" in result.err


def test_usage_errors_and_help_in_chinese(capsys: pytest.CaptureFixture[str]) -> None:
    missing = invoke(capsys, "--lang", "zh", "calc", "--service", "ems")
    assert missing.code == 2
    assert "缺少必需的参数" in missing.err and "--incident" in missing.err
    with pytest.raises(SystemExit) as done:
        cli.main(["--lang", "zh", "--help"])
    assert done.value.code == 0
    out = capsys.readouterr().out
    assert "用法" in out and "速卖通物流投诉工作台" in out and "calc" in out and "--lang" in out


def test_an_unknown_language_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    result = invoke(capsys, "--lang", "fr", *CALC)
    assert result.code == 2
    assert "--lang" in result.err


def test_set_language_and_the_empty_message() -> None:
    from claimdesk.i18n import _, set_language

    assert set_language("zh-CN") == CHINESE
    assert _("") == ""  # not the catalog's header
    assert _("Add") == "添加"
    assert _("a message nobody translated") == "a message nobody translated"
    assert set_language("en_US.UTF-8") == ENGLISH
    assert _("Add") == "Add"
    with pytest.raises(ValueError):
        set_language("fr")
