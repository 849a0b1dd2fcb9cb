"""The one source of "now". Tests pass a FixedClock; CLAIMDESK_NOW pins it for demos."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Protocol

import pendulum

from claimdesk.domain.instants import parse_instant

ENV_NOW = "CLAIMDESK_NOW"


class Clock(Protocol):
    def now(self) -> pendulum.DateTime: ...


class SystemClock:
    def now(self) -> pendulum.DateTime:
        return pendulum.now()


@dataclass
class FixedClock:
    at: pendulum.DateTime

    def now(self) -> pendulum.DateTime:
        return self.at

    def advance(self, **delta: float) -> None:
        self.at = self.at.add(**delta)  # type: ignore[arg-type]


def clock_from_env(environ: Mapping[str, str] = os.environ) -> Clock:
    """CLAIMDESK_NOW (ISO 8601) pins the clock; a bad value raises ValidationError."""
    pinned = environ.get(ENV_NOW, "").strip()
    if pinned:
        return FixedClock(pendulum.instance(parse_instant(pinned, ENV_NOW)))
    return SystemClock()
