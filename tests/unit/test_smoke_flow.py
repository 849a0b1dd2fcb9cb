"""One end-to-end pass through the services: parcel, complaint, reply, escalation, close."""

from claimdesk.domain.deadlines import ClockKind
from claimdesk.services import Desk

PARCEL = {
    "tracking": "EE123456785CN",
    "order": "8100000000000001",
    "service": "ems",
    "created_at": "2026-03-01T10:00:00+08:00",
    "item": "declared",
    "declared_value": "1200",
    "weight": "1.3",
    "shipping_fee": "180",
    "status": "lost",
}


def test_complaint_moves_through_its_clocks(desk: Desk) -> None:
    desk.add_parcel(PARCEL)
    assert [c.kind for c in desk.due()] == [ClockKind.FILING_WINDOW_CLOSES]
    complaint = desk.file_complaint("EE123456785CN", "loss")
    assert complaint.attempt == 1
    assert [c.kind for c in desk.due()] == [ClockKind.CHAMBER_REPLY]
    desk.record_reply("EE123456785CN", agreed=False)
    assert [c.kind for c in desk.due()] == [ClockKind.ESCALATION_WINDOW_CLOSES]
    desk.escalate("EE123456785CN")
    [intervention] = desk.due()
    assert intervention.kind is ClockKind.INTERVENTION
    assert intervention.due.isoformat() == "2026-03-23T10:00:00+08:00"  # Friday -> Monday
