"""A parcel's other numbers in the data file (docs/rules.md section 1, "Other numbers of the same
parcel"): stored beside the tracking number, unique across the desk with every tracking number,
and any of them finds the parcel. Against real files in tmp_path."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import orjson
import pytest

from claimdesk.domain.errors import DataFileError, NotFoundError
from claimdesk.domain.parcels import Parcel, parcel_from_fields
from claimdesk.store import schema, validation
from claimdesk.store.records import parcel_to_record
from claimdesk.store.repository import Repository
from tests import reliability_worker as worker


def parcel(tracking: str, *others: str, **changes: Any) -> Parcel:
    return parcel_from_fields({**worker.parcel_fields(tracking), "other_numbers": ", ".join(others), **changes})


@pytest.fixture
def repo(tmp_path: Path) -> Repository:
    repository = Repository(tmp_path / "claimdesk.json")
    repository.add_parcels([parcel("UG123456789YP", "LP00123456789012", "4PX3001234567890CN"), parcel("YT2212345678901234")])
    return repository


def test_other_numbers_are_stored_beside_the_tracking_number(repo: Repository) -> None:
    data = orjson.loads(repo.path.read_bytes())
    records = {record["tracking"]: record for record in data["parcels"].values()}
    assert records["UG123456789YP"]["other_numbers"] == ["LP00123456789012", "4PX3001234567890CN"]
    assert records["YT2212345678901234"]["other_numbers"] == []
    assert data["meta"]["1"]["schema"] == schema.SCHEMA_VERSION


@pytest.mark.parametrize("number", ["UG123456789YP", "LP00123456789012", "4PX3001234567890CN"])
def test_any_number_finds_the_parcel_also_after_reopening_the_file(repo: Repository, number: str) -> None:
    for repository in (repo, Repository(repo.path)):
        assert repository.owner_of(number) == "UG123456789YP"
        assert repository.parcel(number).tracking == "UG123456789YP"
        assert repository.parcel_record(number)["tracking"] == "UG123456789YP"
    assert repo.owner_of("LP00999999999999") is None
    with pytest.raises(NotFoundError):
        repo.parcel("LP00999999999999")


@pytest.mark.parametrize(
    "clashing",
    [
        pytest.param(lambda: parcel("LP00123456789012"), id="new key is an other number"),
        pytest.param(lambda: parcel("LP00555555555555", "YT2212345678901234"), id="new other number is a key"),
        pytest.param(lambda: parcel("LP00555555555555", "4PX3001234567890CN"), id="new other number is taken"),
    ],
)
def test_a_number_already_on_the_desk_is_refused_and_nothing_is_written(repo: Repository, clashing: Any) -> None:
    before = repo.path.read_bytes()
    with pytest.raises(DataFileError, match="already on the desk"):
        repo.add_parcels([clashing()])
    assert repo.path.read_bytes() == before


def test_two_new_parcels_sharing_a_number_are_refused(tmp_path: Path) -> None:
    repository = Repository(tmp_path / "claimdesk.json")
    with pytest.raises(DataFileError, match="already on the desk"):
        repository.add_parcels([parcel("LP00555555555555", "4PX300111"), parcel("LP00666666666666", "4PX300111")])
    assert not repository.path.exists()


def test_an_update_moves_the_index_and_a_clash_is_refused(repo: Repository) -> None:
    edited = repo.parcel("UG123456789YP").with_changes(other_numbers=("LP00123456789099",))
    repo.update_parcel(edited)
    assert repo.owner_of("LP00123456789099") == "UG123456789YP"
    assert repo.owner_of("LP00123456789012") is None  # given up: free for another parcel
    assert Repository(repo.path).owner_of("LP00123456789099") == "UG123456789YP"
    taken = repo.parcel("YT2212345678901234").with_changes(other_numbers=("LP00123456789099",))
    before = repo.path.read_bytes()
    with pytest.raises(DataFileError, match="already UG123456789YP's number"):
        repo.update_parcel(taken)
    assert repo.path.read_bytes() == before
    assert repo.number_clash(taken) == ("LP00123456789099", "UG123456789YP")


def test_a_removed_parcel_frees_its_numbers(repo: Repository) -> None:
    repo.remove_parcel("UG123456789YP")
    assert repo.owner_of("LP00123456789012") is None
    repo.add_parcels([parcel("LP00123456789012")])
    assert repo.owner_of("LP00123456789012") == "LP00123456789012"


def test_an_import_that_replaces_other_numbers_keeps_the_index(repo: Repository) -> None:
    changed = repo.parcel("YT2212345678901234").with_changes(other_numbers=("LP00777777777777",))
    repo.save_import([parcel("LP00888888888888", "4PX300222")], [changed])
    fresh = Repository(repo.path)
    for repository in (repo, fresh):
        assert repository.owner_of("LP00777777777777") == "YT2212345678901234"
        assert repository.owner_of("4PX300222") == "LP00888888888888"


# ------------------------------------------------------------------ a file edited by hand


def hand_edit(path: Path, change: Any) -> None:
    data = orjson.loads(path.read_bytes())
    change(data)
    path.write_bytes(orjson.dumps(data))
    for stamp in path.parent.glob(f".{path.name}.checked"):
        stamp.unlink()


@pytest.mark.parametrize(
    ("change", "words"),
    [
        pytest.param(
            lambda d: d["parcels"]["2"].update(other_numbers=["LP00123456789012"]),
            "LP00123456789012 is also parcels #1's other number",
            id="twice as other",
        ),
        pytest.param(
            lambda d: d["parcels"]["2"].update(other_numbers=["UG123456789YP"]),
            "UG123456789YP is also parcels #1's tracking number",
            id="other is a key",
        ),
        pytest.param(
            lambda d: d["parcels"]["2"].update(other_numbers=["YT2212345678901234"]), "the parcel's own tracking number", id="own key"
        ),
        pytest.param(lambda d: d["parcels"]["2"].update(other_numbers="LP00123"), "not a list", id="not a list"),
        pytest.param(lambda d: d["parcels"]["2"].update(other_numbers=["lp 00"]), "is not a tracking number", id="bad form"),
        pytest.param(lambda d: d["parcels"]["2"].update(other_numbers=["LP0012", "LP0012"]), "listed twice", id="repeat"),
    ],
)
def test_a_hand_edited_file_with_a_bad_number_is_damaged_and_named(repo: Repository, change: Any, words: str) -> None:
    hand_edit(repo.path, change)
    found = [str(problem) for problem in validation.damage(orjson.loads(repo.path.read_bytes()))]
    assert any(words in problem for problem in found), found
    with pytest.raises(DataFileError, match=re.escape(words)):
        Repository(repo.path).count()


@pytest.mark.parametrize("field", ["item", "weight", "shipping_fee", "declared_value"])
def test_unknown_compensation_fields_are_sound_null_values(repo: Repository, field: str) -> None:
    hand_edit(repo.path, lambda d: d["parcels"]["2"].update({field: None, "order": ""}))
    assert validation.damage(orjson.loads(repo.path.read_bytes())) == []
    assert Repository(repo.path).parcel("YT2212345678901234").incomplete is (field != "declared_value")


def test_the_fast_load_check_proves_a_large_table_with_other_numbers_sound() -> None:
    records = {
        str(n): parcel_to_record(parcel(f"LP{n:014d}", f"4PX{n:09d}", shipping_fee="" if n % 3 else "5", item="" if n % 2 else "document"))
        for n in range(1, 301)
    }
    assert validation._fast_parcels(records) == [f"LP{n:014d}" for n in range(1, 301)]
    data = {**schema.new_data(), "parcels": records}
    assert validation.check(data).trackings["parcels"][:1] == ["LP00000000000001"]
    records["7"]["other_numbers"] = ["4PX000000001"]  # parcel 1's: the fast check hands over, damage names it
    with pytest.raises(validation.Damaged, match="4PX000000001 is also parcels #1's other number"):
        validation.check(data)


def test_a_schema_2_file_is_backed_up_and_migrated(tmp_path: Path) -> None:
    path = tmp_path / "claimdesk.json"
    Repository(path).add_parcels([parcel("YT2212345678901234")])
    data = orjson.loads(path.read_bytes())
    data["meta"]["1"]["schema"] = 2
    for record in data["parcels"].values():
        del record["other_numbers"]
    original = orjson.dumps(data)
    path.write_bytes(original)
    repository = Repository(path)
    assert repository.parcel("YT2212345678901234").other_numbers == ()
    [backup] = tmp_path.glob("claimdesk.json.schema2-*.bak")
    assert backup.read_bytes() == original
    migrated = orjson.loads(path.read_bytes())
    assert migrated["meta"]["1"]["schema"] == schema.SCHEMA_VERSION
    assert [record["other_numbers"] for record in migrated["parcels"].values()] == [[]]
