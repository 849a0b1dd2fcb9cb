"""Cainiao's tracking action codes (the `actionCode` of global.cainiao.com's tracking data and
of Cainiao's logistics order lists), read as parcel statuses.

The codes are grouped by the leg they report: GWMS_ and CW_ (the seller's or the consolidation
warehouse), PU_ (pick-up), SC_ (sorting centre), LH_ (line haul: hand-over, flights), CC_ and
CUS_/CIQ_ (customs), TD_ (transit), GTMS_ and GSTA_/STA_ (last mile, pick-up stations), RT_
(return to the seller). Public lists of them: Cainiao's own enum (e.g. `GTMS_SIGNED("用户签收")`,
`RT_DESTROY("海外CP销毁")`) as copied into open-source trackers.

Only three outcomes are named by a code: the buyer signed for it (delivered), and the overseas
carrier destroyed it (lost). Every other code, failures included (`GTMS_DEL_FAILURE`: a delivery
attempt failed; `CC_IM_FAILURE`: held in customs), is a step on the way: in-transit. A seller
whose carrier uses a code for a loss maps it in the mapping file's [status] table.
"""

from __future__ import annotations

import re

DELIVERED = "delivered"
IN_TRANSIT = "in-transit"
LOST = "lost"

STATUS = {
    "GTMS_SIGNED": DELIVERED,  # 用户签收: the buyer signed
    "SIGNED": DELIVERED,  # 包裹妥投成功 (domestic last mile)
    "SIGN_SUCCESS": DELIVERED,
    "GSTA_SIGN": DELIVERED,  # 自提点用户签收: the buyer collected it from a pick-up station
    "STA_SIGN": DELIVERED,
    # 自提点签收: the pick-up station signed, not the buyer: still waiting for them
    "GTMS_STA_SIGNED": IN_TRANSIT,
    "RT_DESTROY": LOST,  # 海外CP销毁: destroyed by the overseas carrier
    "RETURNED": IN_TRANSIT,  # 退回卖家签收: back with the seller (see 退件 in docs/cell-vocabulary.md)
    "GOT": IN_TRANSIT,
    "DEPARTURE": IN_TRANSIT,
    "ARRIVAL": IN_TRANSIT,
    "SENT_SCAN": IN_TRANSIT,
    "CONSIGN": IN_TRANSIT,
    "OM_CONSIGN": IN_TRANSIT,
    "ORDER_PROCESSING": IN_TRANSIT,
    "WAITING_FOR_DELIVERY": IN_TRANSIT,
    "LAST_MILE_ASN_NOTIFY": IN_TRANSIT,
    "COMMON_INTRANSIT": IN_TRANSIT,
    "DELIVERY_FAILED": IN_TRANSIT,
}
FAMILIES = ("GWMS", "CW", "PU", "SC", "LH", "CC", "CUS", "CIQ", "TD", "GTMS", "GSTA", "STA", "OE", "RT")
_CODE = re.compile(r"(?P<family>[A-Z]{2,4})_[A-Z0-9_＿]+")


def family(word: str) -> str | None:
    """The status of a Cainiao code not listed above, from its leg; None if it is not one."""
    match = _CODE.fullmatch(word.strip())
    if match is None or match.group("family") not in FAMILIES:
        return None
    return IN_TRANSIT
