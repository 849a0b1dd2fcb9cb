"""The complaint text drafted for the seller centre (issue 10, item 11): what it must carry."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest

from claimdesk.domain.complaint_types import ComplaintType
from claimdesk.domain.complaints import Outcome, close, new_third_party_claim, record_reply
from claimdesk.domain.drafting import draft_complaint
from claimdesk.domain.parcels import ItemKind, Service
from claimdesk.i18n import get_language, set_language
from tests.unit._builders import DAY, DEFAULTS, FILED, file, make_parcel, sh


def loss_complaint(**changes):  # type: ignore[no-untyped-def]
    parcel = make_parcel(carrier="China Post", destination="US", last_tracking_at=sh("2026-03-01 18:00"), **changes)
    complaint = file(parcel, ctype=ComplaintType.LOSS, at=sh("2026-03-12 10:00"))
    return parcel, replace(complaint, evidence=("Tracking number and the logistics order page", "/tmp/photo 1.jpg"))


def test_english_text_carries_numbers_type_dates_amounts_and_evidence() -> None:
    parcel, complaint = loss_complaint()
    text = draft_complaint(parcel, complaint, DEFAULTS, "en")
    assert text.splitlines()[0] == "Logistics complaint: loss (attempt 1 of 2)"
    for needle in (
        "Tracking number: EE123456785CN",
        "AliExpress order number: 8100000000000001",
        "Logistics service: EMS (China Post)",
        "Destination: US",
        "Logistics order created: 2026-03-01 10:00 +08:00",
        "Collected by the carrier: 2026-03-02 09:00 +08:00",
        "Last tracking update: 2026-03-01 18:00 +08:00",
        "Complaint filed: 2026-03-12 10:00 +08:00",
        "Problem: the parcel is lost.",
        "declared value ¥1,200.00",
        "Weight: 1.3 kg",
        "Shipping fee paid: ¥180.00",
        "Compensation requested: ¥800.00",  # docs/rules.md's example: 620 capped + 180 postage
        "- Tracking number and the logistics order page",
        "- /tmp/photo 1.jpg",
    ):
        assert needle in text, (needle, text)


def test_chinese_text_uses_the_platform_terms_and_leaves_the_language_as_it_was() -> None:
    parcel, complaint = loss_complaint()
    assert get_language() == "en"
    text = draft_complaint(parcel, complaint, DEFAULTS, "zh")
    assert get_language() == "en", "drafting in Chinese must not switch the desk's language"
    assert "EE123456785CN" in text and "8100000000000001" in text
    assert "货物丢失" in text  # the platform's name for a loss complaint
    assert "¥800.00" in text and "2026-03-12 10:00 +08:00" in text
    assert "Tracking number:" not in text and "Problem:" not in text  # every line in Chinese
    assert "/tmp/photo 1.jpg" in text  # a file name stays as typed


def test_a_chinese_desk_drafts_english_on_request() -> None:
    parcel, complaint = loss_complaint()
    set_language("zh_CN")
    try:
        text = draft_complaint(parcel, complaint, DEFAULTS, "en")
        assert get_language() == "zh_CN"
    finally:
        set_language("en")
    assert "Problem: the parcel is lost." in text


def test_the_amount_recorded_at_filing_wins_and_the_no_agreement_reply_is_dated() -> None:
    parcel, complaint = loss_complaint()
    complaint = replace(complaint, claimed=Decimal("650"))
    complaint = record_reply(complaint, False, FILED + DAY, FILED + DAY, DEFAULTS)
    text = draft_complaint(parcel, complaint, DEFAULTS, "en")
    assert "Compensation requested: ¥650.00" in text
    assert "EMS rule 4" not in text  # the rule lines explain the calculator's figure, not this one
    assert "replied with no agreement: 2026-03-13 10:00 +08:00" in text


def test_no_evidence_and_no_tracking_update_are_said() -> None:
    parcel = make_parcel(item=ItemKind.DOCUMENT, declared_value=None)
    complaint = file(parcel, ctype=ComplaintType.DAMAGE)
    text = draft_complaint(parcel, complaint, DEFAULTS, "en")
    assert "Evidence attached: none yet" in text
    assert "Last tracking update: none since the logistics order was created" in text
    assert "Contents: documents" in text
    assert "Compensation requested: ¥580.00" in text  # 400 per piece + 180 postage


def test_a_fee_dispute_asks_no_amount() -> None:
    parcel = make_parcel()
    complaint = file(parcel, ctype=ComplaintType.FEE_DISPUTE)
    text = draft_complaint(parcel, complaint, DEFAULTS, "en")
    assert "Compensation requested" not in text
    assert "Problem: wrong shipping fee charged." in text


def test_a_third_party_claim_is_addressed_to_the_carrier() -> None:
    parcel = make_parcel(service=Service.OFFLINE, tracking="SF1234567890", item=ItemKind.UNDECLARED, declared_value=None)
    claim = new_third_party_claim("t1", parcel, [], FILED, FILED, DEFAULTS, contact="SF Express")
    text = draft_complaint(parcel, claim, DEFAULTS, "en")
    assert text.startswith("Claim with the logistics company: loss")
    assert "attempt" not in text.splitlines()[0]


@pytest.mark.parametrize("language", ["en", "zh"])
def test_a_closed_complaint_still_drafts(language: str) -> None:
    parcel, complaint = loss_complaint()
    complaint = close(complaint, Outcome.WITHDRAWN, FILED + DAY, FILED + DAY, DEFAULTS)
    assert "EE123456785CN" in draft_complaint(parcel, complaint, DEFAULTS, language)
