"""The complaint ledger (`export --complaints`, issue 10 item 9): one row per complaint, with its
stage or outcome, the money, the shortfall and the instant of each event."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

from claimdesk.reports import LEDGER_COLUMNS, ledger, ledger_csv
from claimdesk.services import Desk
from tests.ui._pilot import parcel_fields, s10, shanghai

TRACKING = "EE123456785CN"
OFFLINE = "SF1234567890"


def test_one_row_per_complaint_with_money_and_event_instants(desk: Desk) -> None:
    desk.add_parcel(parcel_fields())
    desk.add_parcel(parcel_fields(tracking=s10("22222222"), status="damaged"))
    desk.add_parcel(parcel_fields(tracking=OFFLINE, service="offline", item="undeclared", declared_value=""))
    # attempt 1: withdrawn; attempt 2: compensated, paid in two parts
    desk.file_complaint(TRACKING, "loss", at=shanghai("2026-03-11 10:00"))
    desk.close_complaint(TRACKING, "withdrawn", at=shanghai("2026-03-12 10:00"))
    desk.file_complaint(TRACKING, "loss", at=shanghai("2026-03-13 10:00"), claimed=Decimal("800"))
    desk.record_reply(TRACKING, agreed=False, at=shanghai("2026-03-14 10:00"))
    desk.escalate(TRACKING, at=shanghai("2026-03-15 10:00"))
    desk.close_complaint(TRACKING, "compensated", at=shanghai("2026-03-16 10:00"))
    desk.record_received(TRACKING, Decimal("620"), at=shanghai("2026-03-17 10:00"))
    desk.record_received(TRACKING, Decimal("180"), at=shanghai("2026-03-18 10:00"))
    # a filing recorded by mistake, retracted; then a third-party claim, still open
    desk.file_complaint(s10("22222222"), "damage", at=shanghai("2026-03-15 10:00"))
    desk.undo(s10("22222222"), "wrong parcel")
    desk.record_third_party_claim(OFFLINE, "SF Express", follow_up_at=shanghai("2026-03-27 10:00"), at=shanghai("2026-03-19 10:00"))
    desk.archive(TRACKING)  # archived parcels stay in the ledger

    rows = ledger(desk)
    assert [(r["tracking"], r["attempt"], r["stage"]) for r in rows] == [
        (TRACKING, "1", "withdrawn"),
        (TRACKING, "2", "compensated"),
        (s10("22222222"), "", "retracted"),  # a retracted filing is no attempt (issue 19, item 3)
        (OFFLINE, "0", "follow-up"),
    ]
    paid = rows[1]
    assert (paid["claimed"], paid["received"], paid["shortfall"]) == ("800.00", "800.00", "580.00")
    assert paid["filed_at"] == "2026-03-13T10:00:00+08:00"
    assert paid["reply_no_agreement_at"] == "2026-03-14T10:00:00+08:00"
    assert paid["escalated_at"] == "2026-03-15T10:00:00+08:00"
    assert (paid["intervened_at"], paid["reply_agreed_at"]) == ("", "")
    assert paid["closed_at"] == "2026-03-16T10:00:00+08:00"
    assert paid["received_at"] == "2026-03-18T10:00:00+08:00"
    assert rows[2]["retracted_at"] == "2026-03-20T10:00:00+08:00"
    assert (rows[3]["channel"], rows[3]["type"]) == ("third-party", "loss")

    parsed = list(csv.reader(io.StringIO(ledger_csv(rows).decode("utf-8-sig"))))
    assert tuple(parsed[0]) == LEDGER_COLUMNS
    assert len(parsed) == 5


def test_a_formula_in_a_note_is_neutralised(desk: Desk) -> None:
    desk.add_parcel(parcel_fields())
    desk.file_complaint(TRACKING, "loss", at=shanghai("2026-03-11 10:00"), note='=HYPERLINK("x")')
    [header, row] = list(csv.reader(io.StringIO(ledger_csv(ledger(desk)).decode("utf-8-sig"))))
    assert row[header.index("note")] == '\'=HYPERLINK("x")'
