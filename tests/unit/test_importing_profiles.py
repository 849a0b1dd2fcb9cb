"""Profiles recognised from the header, a seller's TOML mapping, mappings saved as profiles."""

from __future__ import annotations

from pathlib import Path

import pytest

from claimdesk.domain.errors import ValidationError
from claimdesk.domain.parcels import PARCEL_FIELDS
from claimdesk.importing.mapping import all_profiles, load_mapping, mapping_toml, parse_mapping, save_mapping, saved_profiles
from claimdesk.importing.plan import ImportOptions, choose_profile
from claimdesk.importing.profiles import best_match, built_in, header_key, match
from claimdesk.locations import config_folder
from tests.fixtures.seller_files import ALIEXPRESS_EN, ALIEXPRESS_ZH


def test_header_keys_are_loose() -> None:
    assert header_key(" Tracking Number ") == header_key("tracking_number") == header_key("ＴＲＡＣＫＩＮＧ-number")
    assert header_key("实际发货物流：运单号") == header_key("实际发货物流:运单号")
    assert header_key("\ufefftracking") == "tracking"


def test_the_desks_own_columns_in_every_spelling() -> None:
    profile = built_in()[0]
    assert match(profile, list(PARCEL_FIELDS)).fields == set(PARCEL_FIELDS)
    english = ["Tracking number", "Order number", "Service", "Created at", "Weight (kg)", "Shipping fee (CNY)"]
    chinese = ["运单号", "订单号", "最新状态", "最新轨迹时间", "国际物流单号"]
    assert best_match(built_in(), english).profile.name == "claimdesk"  # type: ignore[union-attr]
    found = best_match(built_in(), chinese)
    assert found is not None and found.profile.name == "claimdesk"
    assert found.columns()["tracking"] == ["运单号", "国际物流单号"]  # two: refused later as a column given twice
    assert found.columns()["status"] == ["最新状态"] and found.columns()["last_tracking_at"] == ["最新轨迹时间"]


@pytest.mark.parametrize("header", [ALIEXPRESS_ZH, ALIEXPRESS_EN])
def test_the_order_export_in_chinese_and_english(header: tuple[str, ...]) -> None:
    found = best_match(built_in(), list(header))
    assert found is not None and found.profile.name == "aliexpress-orders"
    assert {"order", "status", "destination", "shipped_at"} <= found.fields
    assert found.fields & {"tracking", "carrier_and_tracking"}
    assert "买家名称" in found.unplaced or "Buyer Name" in found.unplaced


def test_no_profile_for_a_foreign_header_says_what_to_do() -> None:
    with pytest.raises(ValidationError, match=r"no profile recognises its columns \('Colis', 'Poids'\).*--map MAPPING.toml"):
        choose_profile(["Colis", "Poids"], built_in(), ImportOptions(), "f.csv")
    with pytest.raises(ValidationError, match="no profile 'yunexpress'"):
        choose_profile(["tracking"], built_in(), ImportOptions(profile="yunexpress"), "f.csv")


MAPPING = """
title = "YunExpress waybills"
[columns]
tracking = ["跟踪号", "Tracking No."]
order = "客户订单号"
other_numbers = ["运单号", "转单号"]
created_at = "创建时间"
[status]
"已发货" = "in-transit"
[service]
"云途专线" = "special-line"
[defaults]
service = "special-line"
carrier = "YunExpress"
"""


def test_a_mapping_reads_alternatives_several_number_columns_and_words(tmp_path: Path) -> None:
    path = tmp_path / "yun.toml"
    path.write_text(MAPPING, encoding="utf-8")
    profile = load_mapping(path)
    assert (profile.name, profile.title) == ("yun", "YunExpress waybills")
    found = match(profile, ["运单号", "Tracking No.", "客户订单号", "转单号", "备注"])
    assert found.columns() == {"other_numbers": ["运单号", "转单号"], "tracking": ["Tracking No."], "order": ["客户订单号"]}
    assert found.unplaced == ("备注",)
    assert profile.words["status"] == {"已发货": "in-transit"}
    assert parse_mapping(mapping_toml(profile), "yun", str(path)) == profile  # saved as written


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("[columns]\nparcel = 'x'\n", "'parcel' is not a desk field"),
        ("[columns]\norder = 'x'\n", "needs tracking"),
        ("[columns]\ntracking = 3\n", "give the header text"),
        ("[columns]\ntracking = 'x'\n[status]\n'走了' = 'gone'\n", "'走了' = 'gone': the desk's values are in-transit"),
        ("[colums]\ntracking = 'x'\n", "unknown table(s) colums"),
        ("[columns]\ntracking = 'x'\n[defaults]\nservice = 'pigeon'\n", "[defaults] service = 'pigeon': the desk's values are ems"),
        ("[columns]\ntracking = 'x'\n[defaults]\nweight = '1'\n", "[defaults] 'weight': give one of service"),
        ("[columns\n", "not valid TOML"),
    ],
)
def test_mapping_mistakes_are_named(text: str, words: str) -> None:
    with pytest.raises(ValidationError) as error:
        parse_mapping(text, "m", "m.toml")
    assert words in error.value.message
    assert error.value.message.startswith("m.toml: ")


def test_saved_mappings_are_profiles_and_tests_use_a_private_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CLAIMDESK_CONFIG", str(tmp_path / "config"))
    folder = config_folder()
    assert folder == tmp_path / "config"
    profile = parse_mapping(MAPPING, "yunexpress", "x")
    written = save_mapping(folder, "yunexpress", profile)
    assert written == folder / "yunexpress.toml"
    (folder / "broken.toml").write_text("[columns", encoding="utf-8")
    (folder / "claimdesk.toml").write_text(MAPPING, encoding="utf-8")
    profiles, problems = all_profiles(folder)
    assert [p.name for p in profiles] == ["claimdesk", "aliexpress-orders", "yunexpress"]
    assert any("broken.toml: not valid TOML" in problem for problem in problems)
    assert any("claimdesk is a built-in profile's name" in problem for problem in problems)
    found = best_match(profiles, ["Tracking No.", "客户订单号", "创建时间"])
    assert found is not None and found.profile.name == "yunexpress"
    with pytest.raises(ValidationError, match="cannot name a profile"):
        save_mapping(folder, "../evil", profile)
    assert saved_profiles(tmp_path / "nowhere") == ([], [])


def test_without_the_override_the_folder_is_the_platform_config_folder(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("CLAIMDESK_CONFIG", raising=False)
    assert config_folder() == tmp_path / "home" / ".config" / "claimdesk"  # conftest points XDG_CONFIG_HOME there
