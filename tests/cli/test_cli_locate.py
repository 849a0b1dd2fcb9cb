"""`claimdesk locate` and where data lives: --db beats CLAIMDESK_DB beats the platformdirs folder."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.cli.helpers import Run, add_args


def test_locate_prints_claimdesk_db_when_set(run: Run, db: Path) -> None:
    result = run("locate")
    assert result.code == 0
    assert result.out == f"{db}\n"
    assert result.err == ""
    assert not db.exists()  # locating creates nothing


@pytest.mark.parametrize("position", ["before", "after"])
def test_db_option_beats_claimdesk_db(run: Run, tmp_path: Path, position: str) -> None:
    chosen = tmp_path / "elsewhere" / "mine.json"
    args = ["--db", str(chosen), "locate"] if position == "before" else ["locate", "--db", str(chosen)]
    result = run(*args)
    assert result.code == 0
    assert result.out.strip() == str(chosen)


def test_default_is_the_platformdirs_user_data_folder(run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CLAIMDESK_DB")
    data_home = tmp_path / "xdg-data"
    monkeypatch.setenv("XDG_DATA_HOME", str(data_home))
    result = run("locate")
    assert result.code == 0
    assert Path(result.out.strip()) == data_home / "claimdesk" / "claimdesk.json"


def test_relative_and_home_paths_are_made_absolute(run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert run("--db", "rel/data.json", "locate").out.strip() == str(tmp_path / "rel" / "data.json")
    home = Path.home()
    assert run("--db", "~/desk.json", "locate").out.strip() == str(home / "desk.json")
    monkeypatch.setenv("CLAIMDESK_DB", "from-env.json")
    assert run("locate").out.strip() == str(tmp_path / "from-env.json")


def test_commands_write_to_the_located_file(run: Run, db: Path, tmp_path: Path) -> None:
    other = tmp_path / "other.json"
    assert run("--db", str(other), *add_args()).code == 0
    assert other.exists()
    assert not db.exists()
    listed = json.loads(run("parcel", "list", "--json", "--db", str(other)).out)
    assert [parcel["tracking"] for parcel in listed] == ["EE123456785CN"]
    assert json.loads(run("parcel", "list", "--json").out) == []


def test_locate_in_a_fresh_interpreter(run_sub: Run, db: Path) -> None:
    result = run_sub("locate")
    assert result.code == 0, result.err
    assert result.out.strip() == str(db)
