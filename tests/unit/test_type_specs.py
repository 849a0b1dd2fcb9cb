"""Every complaint type walked through every table that knows complaint types.

A type is one TypeSpec (domain/complaint_types.py), checked at import; these tests walk each
type through everything that reads a spec (the settings, their storage, the calculator, the
filing window, the shown words in English and Chinese), so a type added with a part missing
fails here with a message naming the type and the part.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest

from claimdesk.domain.compensation import INCIDENT_FOR_TYPE, incident_for
from claimdesk.domain.complaint_types import (
    EVIDENCE_FOR_TYPE,
    GROUPS,
    TYPE_SPECS,
    Anchor,
    ComplaintType,
    Evidence,
    Group,
    IncompleteTypeSpec,
    TypeSpec,
    check_type_specs,
    filing_window,
    where_to_file,
)
from claimdesk.domain.settings import DEFAULT_WINDOW_OPENS_HOURS, Settings
from claimdesk.i18n import _, in_language, pgettext
from claimdesk.labels import TABLES, label
from claimdesk.store.records import settings_from_record, settings_to_record
from claimdesk.store.validation import settings_damage
from tests.unit._builders import CREATED, make_parcel

TYPES = list(ComplaintType)


def shown_words(ctype: ComplaintType) -> list[tuple[str, str]]:
    """(labels.py table, value) of every word the desk shows for a type."""
    spec = TYPE_SPECS[ctype]
    words = [("type", ctype.value), ("type_description", ctype.value), ("group", spec.group.value)]
    words += [("evidence", item.value) for item in spec.evidence]
    words += [("not_paid", case.value) for case in spec.not_paid]
    if spec.incident is not None:
        words.append(("incident", spec.incident.value))
    return words


@pytest.mark.parametrize("ctype", TYPES, ids=str)
def test_every_type_has_a_complete_spec(ctype: ComplaintType) -> None:
    assert ctype in TYPE_SPECS, f"{ctype.value}: no TypeSpec in domain/complaint_types.py TYPE_SPECS"
    spec = TYPE_SPECS[ctype]
    assert spec.evidence, f"{ctype.value}: no evidence"
    assert spec.where_to_file.strip(), f"{ctype.value}: no where_to_file"
    assert spec.opens_hours >= 0, f"{ctype.value}: opens_hours"


@pytest.mark.parametrize("ctype", TYPES, ids=str)
def test_every_type_reaches_every_table(ctype: ComplaintType) -> None:
    spec = TYPE_SPECS[ctype]
    assert GROUPS[ctype] is spec.group
    assert EVIDENCE_FOR_TYPE[ctype] == spec.evidence
    assert DEFAULT_WINDOW_OPENS_HOURS[ctype.value] == spec.opens_hours, f"{ctype.value}: the setting's default"
    assert Settings().window_opens_hours[ctype.value] == spec.opens_hours, f"{ctype.value}: Settings()"
    assert incident_for(ctype) is spec.incident, f"{ctype.value}: the calculator's incident"
    assert (ctype in INCIDENT_FOR_TYPE) is (spec.incident is not None)
    assert where_to_file(ctype) == spec.where_to_file


@pytest.mark.parametrize("ctype", TYPES, ids=str)
def test_every_type_has_its_words_in_english_and_chinese(ctype: ComplaintType) -> None:
    missing = []
    for kind, value in shown_words(ctype):
        context, table = TABLES[kind]
        english = table.get(value)
        if english is None:
            missing.append(f"labels.py TABLES[{kind!r}] has no {value!r}")
            continue
        with in_language("zh"):
            chinese = pgettext(context, english)
        if chinese == english:
            missing.append(f"no Chinese for {kind} {value!r} ({english!r}): run make i18n and translate it in claimdesk.po")
    with in_language("zh"):
        if _(TYPE_SPECS[ctype].where_to_file) == TYPE_SPECS[ctype].where_to_file:
            missing.append("no Chinese for its where_to_file wording")
    assert not missing, f"{ctype.value}: " + "; ".join(missing)


@pytest.mark.parametrize("ctype", TYPES, ids=str)
def test_every_types_window_opens_from_its_anchor(ctype: ComplaintType) -> None:
    """The window of each type opens its setting's hours after the instant its anchor names."""
    collected, updated = CREATED + timedelta(hours=5), CREATED + timedelta(days=3)
    parcel = make_parcel(collected_at=collected, last_tracking_at=updated)
    anchor = {Anchor.CREATED: CREATED, Anchor.COLLECTED: collected, Anchor.LAST_TRACKING: updated}[TYPE_SPECS[ctype].anchor]
    settings = Settings().with_changes(window_opens_hours={**Settings().window_opens_hours, ctype.value: 7})
    window = filing_window(parcel, ctype, settings)
    assert window.opens == anchor + timedelta(hours=7), f"{ctype.value}: anchor {TYPE_SPECS[ctype].anchor.value}"
    assert window.closes == CREATED + timedelta(days=settings.filing_window_days)


@pytest.mark.parametrize("ctype", TYPES, ids=str)
def test_every_types_opening_setting_is_stored_and_read_back(ctype: ComplaintType) -> None:
    settings = Settings().with_changes(window_opens_hours={**Settings().window_opens_hours, ctype.value: 123})
    record = settings_to_record(settings)
    assert settings_from_record(record).window_opens_hours[ctype.value] == 123
    assert settings_damage("1", record) == []
    older = {**record, "window_opens_hours": {k: v for k, v in record["window_opens_hours"].items() if k != ctype.value}}
    assert settings_from_record(older).window_opens_hours[ctype.value] == TYPE_SPECS[ctype].opens_hours, "a file from before the type"


# ---------------------------------------------------------------- the check names what is missing


def test_a_type_without_a_spec_is_named() -> None:
    specs = {ctype: spec for ctype, spec in TYPE_SPECS.items() if ctype is not ComplaintType.DELAY}
    with pytest.raises(IncompleteTypeSpec, match="'delay' has no TypeSpec"):
        check_type_specs(specs, TABLES)


def test_a_spec_without_evidence_is_named() -> None:
    specs = {**TYPE_SPECS, ComplaintType.LOSS: replace(TYPE_SPECS[ComplaintType.LOSS], evidence=())}
    with pytest.raises(IncompleteTypeSpec, match="'loss': no evidence"):
        check_type_specs(specs, TABLES)


def test_a_spec_without_where_to_file_is_named() -> None:
    specs = {**TYPE_SPECS, ComplaintType.LOSS: replace(TYPE_SPECS[ComplaintType.LOSS], where_to_file=" ")}
    with pytest.raises(IncompleteTypeSpec, match="'loss': no where_to_file"):
        check_type_specs(specs, TABLES)


@pytest.mark.parametrize("kind", ["type", "type_description", "group", "evidence", "not_paid", "incident"])
def test_a_missing_label_is_named_with_its_table(kind: str) -> None:
    spec = TYPE_SPECS[ComplaintType.DAMAGE]
    value = {
        "type": "damage",
        "type_description": "damage",
        "group": spec.group.value,
        "evidence": spec.evidence[0].value,
        "not_paid": spec.not_paid[0].value,
        "incident": "damage",
    }[kind]
    context, table = TABLES[kind]
    tables = {**TABLES, kind: (context, {k: v for k, v in table.items() if k != value})}
    with pytest.raises(IncompleteTypeSpec, match=rf"complaint type '[a-z-]+': '{value}' has no words in labels.py TABLES\['{kind}'\]"):
        check_type_specs(TYPE_SPECS, tables)


def test_a_spec_that_forgets_a_part_does_not_construct() -> None:
    with pytest.raises(TypeError, match="anchor"):
        TypeSpec(  # type: ignore[call-arg]
            group=Group.GOODS, opens_hours=0, evidence=(Evidence.TRACKING,), not_paid=(), where_to_file="x", incident=None
        )


def test_labels_show_every_spec_value() -> None:
    """The wizard shows each spec's evidence and not-paid cases by their labels, never the key."""
    for spec in TYPE_SPECS.values():
        for item in (*spec.evidence, *spec.not_paid):
            assert label("evidence" if isinstance(item, Evidence) else "not_paid", item) != item.value
