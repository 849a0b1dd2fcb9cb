"""The seller's settings: every number RULES.md marks as a *setting*, with its default.

One immutable object, stored in the data file and passed to the rules; never a global.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, replace
from decimal import Decimal
from typing import Any

from claimdesk.domain.errors import ValidationError
from claimdesk.i18n import _

# How long after its anchor each complaint type's filing window opens, in hours.
DEFAULT_WINDOW_OPENS_HOURS: dict[str, int] = {
    "not-warehoused": 48,
    "loss": 10 * 24,
    "damage": 0,
    "partial-loss": 0,
    "delay": 30 * 24,
    "fee-dispute": 0,
    "weight-discrepancy": 0,
    "size-discrepancy": 0,
    "other": 0,
}


@dataclass(frozen=True)
class Settings:
    filing_window_days: int = 120
    window_opens_hours: dict[str, int] = field(default_factory=lambda: dict(DEFAULT_WINDOW_OPENS_HOURS))
    chamber_reply_days: int = 10
    escalation_window_days: int = 15
    intervention_working_days: int = 1
    special_line_multiplier: Decimal = Decimal("2")
    # Per-carrier multipliers, keyed by the carrier name folded to lower case.
    carrier_multipliers: dict[str, Decimal] = field(default_factory=dict)
    third_party_follow_up_days: int = 7

    def multiplier_for(self, carrier: str | None) -> Decimal:
        key = (carrier or "").strip().casefold()
        return self.carrier_multipliers.get(key, self.special_line_multiplier)

    def with_changes(self, **changes: Any) -> Settings:
        updated = replace(self, **changes)
        updated.validate()
        return updated

    def validate(self) -> None:
        bounds = {
            "filing_window_days": (1, 3650),
            "chamber_reply_days": (1, 365),
            "escalation_window_days": (1, 365),
            "intervention_working_days": (0, 60),
            "third_party_follow_up_days": (1, 365),
        }
        for name, (low, high) in bounds.items():
            value = getattr(self, name)
            if not isinstance(value, int) or not low <= value <= high:
                raise ValidationError(name, _("must be a whole number from {low} to {high} (got {value})").format(low=low, high=high, value=value))
        for ctype, hours in self.window_opens_hours.items():
            if ctype not in DEFAULT_WINDOW_OPENS_HOURS:
                raise ValidationError("window_opens_hours", _("unknown complaint type {type!r}").format(type=ctype))
            if not isinstance(hours, int) or not 0 <= hours <= 24 * 3650:
                raise ValidationError(f"window_opens_hours.{ctype}", _("must be 0 or more hours (got {hours})").format(hours=hours))
        for name, multiplier in [("special_line_multiplier", self.special_line_multiplier)] + [
            (f"carrier_multipliers.{carrier}", value) for carrier, value in self.carrier_multipliers.items()
        ]:
            if not isinstance(multiplier, Decimal) or not multiplier.is_finite():
                raise ValidationError(name, _("must be a number (got {value!r})").format(value=multiplier))
            if not Decimal("0") < multiplier <= Decimal("10"):
                raise ValidationError(name, _("must be more than 0 and at most 10 (got {value})").format(value=multiplier))

    def to_record(self) -> dict[str, Any]:
        record = asdict(self)
        record["special_line_multiplier"] = str(self.special_line_multiplier)
        record["carrier_multipliers"] = {k: str(v) for k, v in self.carrier_multipliers.items()}
        return record

    @classmethod
    def from_record(cls, record: dict[str, Any]) -> Settings:
        known = {k: v for k, v in record.items() if k in cls.__dataclass_fields__}
        opens = dict(DEFAULT_WINDOW_OPENS_HOURS)
        opens.update(known.get("window_opens_hours", {}))
        known["window_opens_hours"] = opens
        if "special_line_multiplier" in known:
            known["special_line_multiplier"] = Decimal(str(known["special_line_multiplier"]))
        known["carrier_multipliers"] = {
            str(k).casefold(): Decimal(str(v)) for k, v in known.get("carrier_multipliers", {}).items()
        }
        settings = cls(**known)
        settings.validate()
        return settings
