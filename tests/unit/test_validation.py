"""The store's validator: its fast column-wise path never passes what the record-by-record path
refuses, and passes the files claimdesk writes (so loading a big file stays fast)."""

from __future__ import annotations

import copy
import os
from datetime import datetime
from typing import Any

import orjson
from hypothesis import given, settings
from hypothesis import strategies as st

from claimdesk.demo import generate
from claimdesk.store import schema
from claimdesk.store.records import complaint_to_record, parcel_to_record
from claimdesk.store.validation import PARCEL_KEYS, PARCEL_SOMETIMES, _fast_parcels, check, damage

# `make torture` raises this (scripts/torture.py sets CLAIMDESK_VALIDATION_EXAMPLES).
EXAMPLES = int(os.environ.get("CLAIMDESK_VALIDATION_EXAMPLES", "600"))
NOW = datetime.fromisoformat("2026-03-20T10:00:00+08:00")
PARCELS, COMPLAINTS = generate(60, NOW, seed=5)


def demo_data(revs: bool = True) -> dict[str, Any]:
    parcels = {str(i): parcel_to_record(p, rev=i % 3) for i, p in enumerate(PARCELS, 1)}
    if not revs:  # a file from before revisions, partly rewritten since
        for i, record in parcels.items():
            if int(i) % 2:
                del record["rev"]
    complaints = {str(i): complaint_to_record(c) for i, c in enumerate(COMPLAINTS, 1)}
    return {**schema.new_data(), schema.PARCELS: parcels, schema.COMPLAINTS: complaints}


def test_the_fast_path_proves_what_claimdesk_writes() -> None:
    for revs in (True, False):
        data = orjson.loads(orjson.dumps(demo_data(revs)))
        assert damage(data) == []
        assert _fast_parcels(data[schema.PARCELS]) == [p.tracking for p in PARCELS]
        assert check(data).trackings[schema.PARCELS] == [p.tracking for p in PARCELS]


ODD_VALUES = st.sampled_from(
    [
        None,
        "",
        " ",
        "  \u3000",
        0,
        1,
        -1,
        1.5,
        True,
        False,
        [],
        {},
        ["x"],
        {"a": 1},
        "NaN",
        "Infinity",
        "-1",
        "0",
        "0.000",
        "1e3",
        "1,000.00",
        "12.5",
        "12.50",
        "012.50",
        "99999999.99",
        "100000000.00",
        "100000000.01",
        "1000",
        "1000.000",
        "1000.001",
        "0.001",
        "0.0001",
        "2026-03-01T10:00:00",
        "2026-03-01T10:00:00+08:00",
        "2026-02-29T10:00:00+08:00",
        "2028-02-29T10:00:00+08:00",
        "2026-03-01",
        "2026-03-01T10:00:00+15:00",
        "2026-03-01T10:00:00+14:00",
        "1999-12-31T23:00:00+08:00",
        "2101-01-01T00:00:00+00:00",
        "2026-03-01T10:00:00.5+08:00",
        "2026-03-01T10:00:00Z",
        "ems",
        "EMS",
        "lost",
        "stolen",
        "declared",
        "x\ny",
        "a\x00b",
        "tab\there",
        "\x85",
        "中国邮政",
        "LP0000000001",
    ]
)


@settings(max_examples=EXAMPLES, deadline=None)
@given(st.integers(0, 59), st.sampled_from((*PARCEL_KEYS, *PARCEL_SOMETIMES, "extra")), ODD_VALUES, st.booleans())
def test_the_fast_path_never_passes_what_the_slow_one_refuses(index: int, field: str, value: Any, delete: bool) -> None:
    data = demo_data()
    record = data[schema.PARCELS][str(index + 1)]
    if delete:
        record.pop(field, None)
    else:
        record[field] = value
    data = orjson.loads(orjson.dumps(data))
    found = damage(data)
    if _fast_parcels(data[schema.PARCELS]) is not None:  # it vouches for the parcels table only
        assert [item for item in found if item.table == schema.PARCELS] == [], (field, value, found)
    # and the load path's verdict is the slow path's, whichever way it got there
    try:
        check(copy.deepcopy(data))
    except Exception as error:
        assert found and str(found[0]) in str(error)
    else:
        assert found == []
