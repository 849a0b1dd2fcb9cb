"""The one source of "now". Tests pass a FixedClock; CLAIMDESK_NOW pins it for demos.

The domain never reads the time itself: the Desk asks its clock and passes the instant on.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Protocol

from claimdesk.domain.instants import parse_instant

ENV_NOW = "CLAIMDESK_NOW"


class Clock(Protocol):
    def now(self) -> datetime: ...


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(UTC)


@dataclass
class FixedClock:
    at: datetime

    def now(self) -> datetime:
        return self.at

    def advance(self, **delta: float) -> None:
        """Move the clock on: advance(hours=3), advance(days=1, minutes=5)."""
        self.at += timedelta(**delta)


def clock_from_env(environ: Mapping[str, str] = os.environ) -> Clock:
    """CLAIMDESK_NOW (ISO 8601) pins the clock; a bad value raises ValidationError."""
    pinned = environ.get(ENV_NOW, "").strip()
    if pinned:
        return FixedClock(parse_instant(pinned, ENV_NOW))
    return SystemClock()
