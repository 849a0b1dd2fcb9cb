"""Issue 9 item 2: revisions on every stored record, and saving a form without a silent revert.

A form keeps the snapshot it loaded; saving writes only the fields the seller changed, and only
when nobody changed those since (else ConflictError, nothing written). Another writer here is a
second Desk on the same file (as a cron `parcel set` would be) or the CLI itself.
"""

from __future__ import annotations

import json
from dataclasses import fields
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from claimdesk.cli import main as cli
from claimdesk.clock import FixedClock
from claimdesk.domain.complaint_types import ComplaintType
from claimdesk.domain.errors import RuleError, ValidationError
from claimdesk.domain.parcels import Status, parcel_to_fields
from claimdesk.domain.revisions import ConflictError, FieldConflict, Snapshot, merge_fields
from claimdesk.domain.settings import Settings, merge_settings, settings_fields, settings_from_fields
from claimdesk.services import Desk
from tests.ui._pilot import parcel_fields

TRACKING = "EE123456785CN"


def stored(path: Path, table: str) -> list[dict]:
    return list(json.loads(path.read_text())[table].values())


def other_writer(desk: Desk, clock: FixedClock) -> Desk:
    """Another process on the same file (its own cache and indexes)."""
    return Desk.open(desk.path, clock)


# ---------------------------------------------------------------------------- revisions


def test_every_record_gets_a_revision_bumped_by_each_update(desk: Desk, clock: FixedClock) -> None:
    desk.add_parcel(parcel_fields(status="lost"))
    assert [record["rev"] for record in stored(desk.path, "parcels")] == [0]
    desk.set_status(TRACKING, "damaged")
    desk.set_status(TRACKING, "lost")
    assert [record["rev"] for record in stored(desk.path, "parcels")] == [2]
    assert other_writer(desk, clock).parcel_snapshot(TRACKING).rev == 2

    desk.file_complaint(TRACKING, ComplaintType.LOSS)
    assert [record["rev"] for record in stored(desk.path, "complaints")] == [0]
    desk.record_reply(TRACKING, agreed=False)
    assert [record["rev"] for record in stored(desk.path, "complaints")] == [1]

    assert desk.settings_snapshot().rev == 0  # the defaults, never saved
    desk.update_settings(chamber_reply_days=12)
    desk.update_settings(chamber_reply_days=11)
    assert stored(desk.path, "settings")[0]["rev"] == 2
    assert other_writer(desk, clock).settings_snapshot() == Snapshot(Settings(chamber_reply_days=11), 2)


def test_a_record_from_before_revisions_reads_as_revision_0(desk: Desk, clock: FixedClock) -> None:
    desk.add_parcel(parcel_fields())
    desk.update_settings(chamber_reply_days=12)
    data = json.loads(desk.path.read_text())
    for table in ("parcels", "settings"):
        for record in data[table].values():
            del record["rev"]
    desk.close()
    desk.path.write_text(json.dumps(data))
    old = Desk.open(desk.path, clock)
    assert old.parcel_snapshot(TRACKING).rev == 0
    assert old.settings_snapshot().rev == 0
    old.set_status(TRACKING, "delayed")
    assert stored(old.path, "parcels")[0]["rev"] == 1


# ---------------------------------------------------------------------------- the rule


def test_merge_fields_takes_only_the_sellers_changes() -> None:
    loaded = {"status": "in-transit", "weight": 1, "carrier": "A"}
    current = {"status": "lost", "weight": 1, "carrier": "A"}  # another writer set the status
    mine = {"status": "in-transit", "weight": 2, "carrier": "A"}  # the seller changed the weight
    merge = merge_fields(loaded, current, mine)
    assert merge.merged == {"status": "lost", "weight": 2, "carrier": "A"}
    assert (merge.changed, merge.conflicts) == (("weight",), ())


def test_merge_fields_same_field_changed_twice_is_a_conflict_unless_equal() -> None:
    loaded = {"status": "in-transit"}
    assert merge_fields(loaded, {"status": "lost"}, {"status": "delayed"}).conflicts == ("status",)
    assert merge_fields(loaded, {"status": "lost"}, {"status": "lost"}).conflicts == ()


values = st.dictionaries(st.sampled_from("abcde"), st.integers(0, 3))


@given(values, values, values)
def test_merge_fields_never_reverts_another_writers_change(loaded: dict, current: dict, mine: dict) -> None:
    merge = merge_fields(loaded, current, mine)
    for name in merge.merged:
        if mine.get(name) == loaded.get(name):  # the seller did not touch it: what is stored stays
            assert merge.merged[name] == current.get(name)
            assert name not in merge.changed
        elif name not in merge.conflicts:  # the seller's change lands
            assert merge.merged[name] == mine.get(name)
        else:  # both changed it, differently: never decided silently
            assert current.get(name) not in (loaded.get(name), mine.get(name))


# ---------------------------------------------------------------------------- parcels


def test_edit_keeps_another_writers_change_to_a_field_the_seller_did_not_touch(desk: Desk, clock: FixedClock) -> None:
    desk.add_parcel(parcel_fields(status="in-transit"))
    base = desk.parcel_snapshot(TRACKING)  # the form opens
    other_writer(desk, clock).set_status(TRACKING, "lost", clock.now())  # cron: parcel set
    form = parcel_to_fields(base.value) | {"weight": "2.5"}
    saved = desk.edit_parcel(TRACKING, form, base)
    again = other_writer(desk, clock).parcel(TRACKING)
    assert again == saved
    assert (again.status, again.last_tracking_at, again.weight) == (Status.LOST, clock.now(), Decimal("2.5"))
    assert desk.parcel_snapshot(TRACKING).rev == 2


def test_edit_of_a_field_changed_elsewhere_is_a_conflict_and_writes_nothing(desk: Desk, clock: FixedClock) -> None:
    desk.add_parcel(parcel_fields(status="in-transit"))
    base = desk.parcel_snapshot(TRACKING)
    other_writer(desk, clock).set_status(TRACKING, "lost")
    before = desk.path.read_bytes()
    form = parcel_to_fields(base.value) | {"status": "delayed", "weight": "2.5"}
    with pytest.raises(ConflictError) as raised:
        desk.edit_parcel(TRACKING, form, base)
    assert raised.value.conflicts == (FieldConflict("status", stored="lost", mine="delayed", loaded="in-transit"),)
    assert raised.value.exit_code == 3
    assert desk.path.read_bytes() == before
    # Keep mine, on purpose: save again against what was stored when the conflict was found.
    saved = desk.edit_parcel(TRACKING, form, raised.value.keep_mine)
    assert (saved.status, saved.weight) == (Status.DELAYED, Decimal("2.5"))
    assert other_writer(desk, clock).parcel(TRACKING) == saved


def test_keep_mine_keeps_the_other_writers_change_to_fields_the_seller_did_not_touch(desk: Desk, clock: FixedClock) -> None:
    """cron sets status and last tracking; the seller changed the status and the weight. Keeping
    the seller's status must not put back the old last tracking update."""
    desk.add_parcel(parcel_fields(status="in-transit"))
    base = desk.parcel_snapshot(TRACKING)
    other_writer(desk, clock).set_status(TRACKING, "lost", clock.now())
    form = parcel_to_fields(base.value) | {"status": "delayed", "weight": "2.5"}
    with pytest.raises(ConflictError) as raised:
        desk.edit_parcel(TRACKING, form, base)
    assert [conflict.field for conflict in raised.value.conflicts] == ["status"]
    saved = desk.edit_parcel(TRACKING, form, raised.value.keep_mine)
    assert (saved.status, saved.last_tracking_at, saved.weight) == (Status.DELAYED, clock.now(), Decimal("2.5"))
    # Saving against what is stored now instead would have reverted the last tracking update.
    assert raised.value.current.value.last_tracking_at == clock.now()


def test_keep_mine_against_a_base_that_moved_again_is_another_conflict(desk: Desk, clock: FixedClock) -> None:
    desk.add_parcel(parcel_fields(status="in-transit"))
    base = desk.parcel_snapshot(TRACKING)
    other = other_writer(desk, clock)
    other.set_status(TRACKING, "lost")
    form = parcel_to_fields(base.value) | {"status": "delayed"}
    with pytest.raises(ConflictError) as first:
        desk.edit_parcel(TRACKING, form, base)
    other.set_status(TRACKING, "damaged")  # the seller was reading the dialog
    with pytest.raises(ConflictError) as second:
        desk.edit_parcel(TRACKING, form, first.value.keep_mine)
    assert second.value.conflicts[0].stored == "damaged"
    assert other.parcel(TRACKING).status is Status.DAMAGED


def test_edit_with_nothing_changed_writes_nothing(desk: Desk) -> None:
    desk.add_parcel(parcel_fields())
    base = desk.parcel_snapshot(TRACKING)
    before = desk.path.read_bytes()
    # Same values written differently ('1.30' kg, the instant with another offset) are no change.
    form = parcel_to_fields(base.value) | {"weight": "1.30", "created_at": "2026-03-01T02:00:00+00:00"}
    assert desk.edit_parcel(TRACKING, form, base) == base.value
    assert desk.path.read_bytes() == before


def test_a_merge_that_breaks_a_rule_across_fields_is_refused(desk: Desk, clock: FixedClock) -> None:
    """Each side is valid alone; together they are not: refused, naming the field, nothing written."""
    desk.add_parcel(parcel_fields())
    base = desk.parcel_snapshot(TRACKING)
    other_writer(desk, clock).set_status(TRACKING, "lost", clock.now().replace(day=2))  # tracking on 2 March
    before = desk.path.read_bytes()
    with pytest.raises(ValidationError) as refused:  # the seller moves the creation to 5 March
        desk.edit_parcel(TRACKING, parcel_to_fields(base.value) | {"created_at": "2026-03-05 10:00"}, base)
    assert refused.value.field == "last_tracking_at"
    assert desk.path.read_bytes() == before


def test_cli_parcel_set_between_opening_and_saving(desk: Desk, capsys: pytest.CaptureFixture[str]) -> None:
    desk.add_parcel(parcel_fields(status="in-transit"))
    base = desk.parcel_snapshot(TRACKING)
    assert cli(["--db", str(desk.path), "parcel", "set", TRACKING, "--status", "lost", "--last-tracking", "2026-03-15 09:00"]) == 0
    saved = desk.edit_parcel(TRACKING, parcel_to_fields(base.value) | {"carrier": "EMS"}, base)
    assert (saved.status, saved.carrier, saved.last_tracking_at is not None) == (Status.LOST, "EMS", True)


# ---------------------------------------------------------------------------- settings


def test_settings_fields_cover_every_setting() -> None:
    changed = Settings(
        filing_window_days=100,
        window_opens_hours={"loss": 1},
        chamber_reply_days=9,
        escalation_window_days=14,
        intervention_working_days=2,
        special_line_multiplier=Decimal("3"),
        carrier_multipliers={"yanwen": Decimal("2.5")},
        third_party_follow_up_days=6,
        missed_grace_days=3,
        usd_rate=Decimal("7.1"),
    )
    assert {f.name for f in fields(Settings) if getattr(changed, f.name) == getattr(Settings(), f.name)} == set()
    assert settings_from_fields(settings_fields(changed)) == changed


def test_two_settings_screens_keep_each_others_changes(desk: Desk, clock: FixedClock) -> None:
    desk.update_settings(carrier_multipliers={"yanwen": Decimal("3")})
    first = desk.settings_snapshot()
    other = other_writer(desk, clock)
    second = other.settings_snapshot()
    other.edit_settings({"chamber_reply_days": 12, "carrier_multipliers": {"yanwen": Decimal("3"), "4px": Decimal("2")}}, second)
    desk.edit_settings({"filing_window_days": 90, "window_opens_hours": {**first.value.window_opens_hours, "loss": 100}}, first)
    final = other_writer(desk, clock).settings
    assert (final.chamber_reply_days, final.filing_window_days, final.window_opens_hours["loss"]) == (12, 90, 100)
    assert final.carrier_multipliers == {"yanwen": Decimal("3"), "4px": Decimal("2")}


def test_settings_same_setting_changed_twice_is_a_conflict(desk: Desk, clock: FixedClock) -> None:
    first = desk.settings_snapshot()
    other_writer(desk, clock).update_settings(carrier_multipliers={"yanwen": Decimal("3")}, chamber_reply_days=12)
    before = desk.path.read_bytes()
    mine = {"chamber_reply_days": 8, "carrier_multipliers": {"yanwen": Decimal("2.5")}}
    with pytest.raises(ConflictError) as raised:
        desk.edit_settings(mine, first)
    assert set(raised.value.conflicts) == {
        FieldConflict("chamber_reply_days", stored="12", mine="8", loaded="10"),
        FieldConflict("carrier_multipliers.yanwen", stored="3", mine="2.5", loaded=""),
    }
    assert desk.path.read_bytes() == before
    assert desk.edit_settings(mine, raised.value.keep_mine).chamber_reply_days == 8


def test_merge_settings_is_pure() -> None:
    loaded = Snapshot(Settings(), 0)
    current = Snapshot(Settings(chamber_reply_days=12), 1)
    merged = merge_settings(loaded, current, Settings(filing_window_days=90))
    assert (merged.chamber_reply_days, merged.filing_window_days) == (12, 90)
    assert merge_settings(loaded, current, Settings()) is current.value


def test_edit_without_a_base_changes_only_the_fields_given(desk: Desk, clock: FixedClock) -> None:
    desk.add_parcel(parcel_fields(status="in-transit"))
    other_writer(desk, clock).set_status(TRACKING, "lost", clock.now())
    saved = desk.edit_parcel(TRACKING, {"weight": "2.5"})
    assert (saved.status, saved.last_tracking_at, saved.weight) == (Status.LOST, clock.now(), Decimal("2.5"))
    with pytest.raises(ValidationError):
        desk.edit_parcel(TRACKING, {"weight": "-1"})
    assert desk.parcel(TRACKING) == saved


def test_reload_shows_what_is_stored_with_the_sellers_other_changes() -> None:
    loaded = {"status": "in-transit", "weight": 1, "last": None}
    current = {"status": "lost", "weight": 1, "last": "15 March"}
    mine = {"status": "delayed", "weight": 2, "last": None}
    merge = merge_fields(loaded, current, mine)
    assert merge.conflicts == ("status",)
    assert merge.reloaded == {"status": "lost", "weight": 2, "last": "15 March"}
    assert merge.keep_mine == {"status": "lost", "weight": 1, "last": None}


# ---------------------------------------------------------------------------- complaint notes


def test_note_saved_against_its_snapshot(desk: Desk, clock: FixedClock) -> None:
    desk.add_parcel(parcel_fields(status="lost"))
    desk.file_complaint(TRACKING, ComplaintType.LOSS, note="first")
    base = desk.complaint_snapshot(TRACKING)
    before = desk.path.read_bytes()
    assert desk.set_note(TRACKING, "first", base).note == "first"  # unchanged: nothing written
    assert desk.path.read_bytes() == before
    other_writer(desk, clock).set_note(TRACKING, "called the chamber")
    with pytest.raises(ConflictError) as raised:
        desk.set_note(TRACKING, "mine", base)
    assert raised.value.conflicts == (FieldConflict("note", stored="called the chamber", mine="mine", loaded="first"),)
    assert other_writer(desk, clock).complaints(TRACKING)[-1].note == "called the chamber"
    assert desk.set_note(TRACKING, "mine", raised.value.keep_mine).note == "mine"
    assert desk.complaint_snapshot(TRACKING).rev == 2


def test_note_of_a_complaint_that_is_no_longer_the_latest_is_refused(desk: Desk, clock: FixedClock) -> None:
    desk.add_parcel(parcel_fields(status="lost"))
    desk.file_complaint(TRACKING, ComplaintType.LOSS)
    base = desk.complaint_snapshot(TRACKING)
    other = other_writer(desk, clock)
    other.close_complaint(TRACKING, "withdrawn")
    other.file_complaint(TRACKING, ComplaintType.LOSS)
    before = desk.path.read_bytes()
    with pytest.raises(RuleError, match="newer complaint"):
        desk.set_note(TRACKING, "for the first one", base)
    assert desk.path.read_bytes() == before
