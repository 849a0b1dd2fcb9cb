"""Issue 20, item 1: the Chinese complaint text is Chinese on every line, whatever the type, the
evidence ticked, the service, the contents; only the seller's own data (numbers, the carrier's
name, a file named) and the platform's own abbreviations stay in Latin letters."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest

from claimdesk.domain.complaint_types import TYPE_SPECS, ComplaintType
from claimdesk.domain.complaints import Outcome, close, new_third_party_claim, record_reply
from claimdesk.domain.drafting import draft_complaint
from claimdesk.domain.parcels import ItemKind, Service
from claimdesk.labels import english
from tests.unit._builders import DAY, DEFAULTS, FILED, file, make_parcel, sh

# Latin letters a Chinese text may carry: the data's own and the platform's abbreviations.
DATA = ("EE123456785CN", "8100000000000001", "China Post", "/tmp/photo 1.jpg")
ALLOWED = {"US", "EMS", "CNY"}
WORD = re.compile(r"[A-Za-z]{2,}")


def english_words(line: str) -> list[str]:
    for value in DATA:
        line = line.replace(value, "")
    return [word for word in WORD.findall(line) if word not in ALLOWED]


@pytest.mark.parametrize("ctype", list(ComplaintType))
@pytest.mark.parametrize("service", [service for service in Service if service is not Service.OFFLINE])
@pytest.mark.parametrize("item", list(ItemKind))
def test_every_line_of_the_chinese_text_is_chinese(ctype: ComplaintType, service: Service, item: ItemKind) -> None:
    parcel = make_parcel(
        carrier="China Post",
        destination="US",
        service=service,
        item=item,
        last_tracking_at=sh("2026-03-05 09:00"),
        declared_value=None if item is not ItemKind.DECLARED else make_parcel().declared_value,
    )
    complaint = replace(file(parcel), complaint_type=ctype)
    ticked = tuple(english("evidence", evidence.value) for evidence in TYPE_SPECS[ctype].evidence)
    complaint = replace(complaint, evidence=ticked)
    complaint = record_reply(complaint, False, FILED + DAY, FILED + DAY, DEFAULTS)
    for text in (
        draft_complaint(parcel, complaint, DEFAULTS, "zh"),
        draft_complaint(parcel, close(complaint, Outcome.WITHDRAWN, FILED + 2 * DAY, FILED + 2 * DAY, DEFAULTS), DEFAULTS, "zh"),
    ):
        for line in text.splitlines():
            assert not english_words(line), (ctype, service, item, line)
        assert "Tracking number" not in text


def test_every_evidence_item_is_shown_in_chinese() -> None:
    """Each evidence key ticked anywhere, by the words stored for it."""
    every = sorted({evidence for spec in TYPE_SPECS.values() for evidence in spec.evidence})
    parcel = make_parcel()
    complaint = replace(file(parcel), evidence=(*(english("evidence", e.value) for e in every), "/tmp/photo 1.jpg"))
    lines = draft_complaint(parcel, complaint, DEFAULTS, "zh").splitlines()
    shown = lines[lines.index("已附证据：") + 1 :]
    assert len([line for line in shown if line.startswith("- ")]) == len(every) + 1
    assert "- /tmp/photo 1.jpg" in shown  # a file the seller named stays as named
    for line in shown[: len(every)]:
        assert not english_words(line), line


def test_the_compensation_lines_start_their_rules_in_one_column() -> None:
    parcel = make_parcel(status="damaged", inquiry_fee=make_parcel().shipping_fee / 36)  # ¥5.00 beside ¥180.00
    text = draft_complaint(parcel, file(parcel), DEFAULTS, "en")
    rules = [line for line in text.splitlines() if line.startswith(("  ¥", "   "))]
    assert len(rules) >= 2
    assert len({line.index("EMS") for line in rules}) == 1, rules


def test_a_third_party_claim_in_chinese_is_chinese() -> None:
    parcel = make_parcel(service=Service.OFFLINE, carrier="China Post", item=ItemKind.UNDECLARED, declared_value=None)
    claim = new_third_party_claim("t1", parcel, [], FILED, FILED, DEFAULTS, contact="China Post")
    for line in draft_complaint(parcel, claim, DEFAULTS, "zh").splitlines():
        assert not english_words(line), line
