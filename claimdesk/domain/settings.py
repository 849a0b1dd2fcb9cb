"""The seller's settings: every number docs/rules.md marks as a *setting*, with its default.

One immutable object, stored in the data file and passed to the rules; never a global.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Any

from claimdesk.domain.complaint_types import TYPE_SPECS
from claimdesk.domain.errors import ValidationError
from claimdesk.domain.instants import parse_duration
from claimdesk.domain.money import parse_usd_rate
from claimdesk.domain.numbers import parse_decimal, parse_whole
from claimdesk.domain.revisions import ConflictError, Snapshot, conflicts_as_text, merge_fields
from claimdesk.i18n import _

# How long after its anchor each complaint type's filing window opens, in hours (each type's
# TypeSpec declares its default).
DEFAULT_WINDOW_OPENS_HOURS: dict[str, int] = {ctype.value: spec.opens_hours for ctype, spec in TYPE_SPECS.items()}


def opens_text(hours: int) -> str:
    """A filing window's opening as the seller reads it: '10d' when it is whole days, else '36h'."""
    return f"{hours // 24}d" if hours and hours % 24 == 0 else f"{hours}h"


def parse_opens(text: str, field: str) -> int:
    """A filing window's opening in whole hours, typed as opens_text shows it ('10d', '36h',
    '1d12h') or as bare hours ('240')."""
    cleaned = str(text).strip()
    if not cleaned or cleaned.replace(",", "").isdigit():
        return parse_whole(cleaned, field, example="10d")
    seconds = int(parse_duration(cleaned, field).total_seconds())
    if seconds % 3600:
        raise ValidationError(field, _("whole hours or days, e.g. 10d or 36h, not {text!r}").format(text=cleaned[:40]))
    return seconds // 3600


# Bounds of every whole-number setting: (lowest, highest).
WHOLE_BOUNDS: dict[str, tuple[int, int]] = {
    "filing_window_days": (1, 3650),
    "chamber_reply_days": (1, 365),
    "escalation_window_days": (1, 365),
    "intervention_working_days": (0, 60),
    "third_party_follow_up_days": (1, 365),
    "missed_grace_days": (0, 365),
}
OPENS_HOURS_BOUNDS = (0, 24 * 3650)
# A special-line multiplier: more than 0, at most MULTIPLIER_MAX (the source says "two or three
# times"; a carrier's own terms may say more).
MULTIPLIER_MAX = Decimal("10")


def check_multiplier(value: Decimal, field: str) -> Decimal:
    if not isinstance(value, Decimal) or not value.is_finite():
        raise ValidationError(field, _("must be a number (got {value!r})").format(value=value))
    if not Decimal("0") < value <= MULTIPLIER_MAX:
        raise ValidationError(
            field, _("must be more than 0 and at most {most} (got {value})").format(most=f"{MULTIPLIER_MAX.normalize():f}", value=value)
        )
    return value


def parse_multiplier(text: str, field: str) -> Decimal:
    """'2', '3', '2.5': digits 0-9 with an optional decimal point; more than 0, at most MULTIPLIER_MAX."""
    return check_multiplier(parse_decimal(text, field, example="2"), field)


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
    # A missed deadline (a window that closed) shows as overdue this long, then leaves the countdown.
    missed_grace_days: int = 7
    # Yuan per US dollar for an import whose amounts are in US $ and that names no --usd-rate
    # (docs/rules.md section 6); None: such amounts need --usd-rate.
    usd_rate: Decimal | None = None

    def multiplier_for(self, carrier: str | None) -> Decimal:
        key = (carrier or "").strip().casefold()
        return self.carrier_multipliers.get(key, self.special_line_multiplier)

    def with_changes(self, **changes: Any) -> Settings:
        updated = replace(self, **changes)
        updated.validate()
        return updated

    def validate(self) -> None:
        for name, (low, high) in WHOLE_BOUNDS.items():
            value = getattr(self, name)
            if not isinstance(value, int) or not low <= value <= high:
                raise ValidationError(
                    name, _("must be a whole number from {low} to {high} (got {value})").format(low=low, high=high, value=value)
                )
        for ctype, hours in self.window_opens_hours.items():
            if ctype not in DEFAULT_WINDOW_OPENS_HOURS:
                raise ValidationError("window_opens_hours", _("unknown complaint type {type!r}").format(type=ctype))
            if not isinstance(hours, int) or not OPENS_HOURS_BOUNDS[0] <= hours <= OPENS_HOURS_BOUNDS[1]:
                raise ValidationError(f"window_opens_hours.{ctype}", _("must be 0 or more hours (got {hours})").format(hours=hours))
        for name, multiplier in [("special_line_multiplier", self.special_line_multiplier)] + [
            (f"carrier_multipliers.{carrier}", value) for carrier, value in self.carrier_multipliers.items()
        ]:
            check_multiplier(multiplier, name)
        if self.usd_rate is not None:
            parse_usd_rate(self.usd_rate, USD_RATE)


# ---------------------------------------------------------------------------- saving a form

OPENS_PREFIX = "window_opens_hours."
USD_RATE = "usd_rate"
CARRIER_PREFIX = "carrier_multipliers."


def settings_fields(settings: Settings) -> dict[str, Any]:
    """Every setting as one field: an opening delay per complaint type and a multiplier per
    carrier (absent: None) are fields of their own, so two writers changing different ones
    do not collide."""
    flat: dict[str, Any] = {name: getattr(settings, name) for name in WHOLE_BOUNDS}
    flat.update({OPENS_PREFIX + ctype: hours for ctype, hours in settings.window_opens_hours.items()})
    flat["special_line_multiplier"] = settings.special_line_multiplier
    flat.update({CARRIER_PREFIX + carrier: value for carrier, value in settings.carrier_multipliers.items()})
    flat[USD_RATE] = settings.usd_rate
    return flat


def settings_from_fields(flat: Mapping[str, Any]) -> Settings:
    """The inverse of settings_fields (a carrier whose multiplier is None is not there); checked."""
    whole = {name: flat[name] for name in WHOLE_BOUNDS}
    opens = {key.removeprefix(OPENS_PREFIX): value for key, value in flat.items() if key.startswith(OPENS_PREFIX)}
    carriers = {
        key.removeprefix(CARRIER_PREFIX): value for key, value in flat.items() if key.startswith(CARRIER_PREFIX) and value is not None
    }
    settings = Settings(
        **whole,
        window_opens_hours=opens,
        special_line_multiplier=flat["special_line_multiplier"],
        carrier_multipliers=carriers,
        usd_rate=flat.get(USD_RATE),
    )
    settings.validate()
    return settings


def settings_text(settings: Settings) -> dict[str, str]:
    """settings_fields as the settings screen writes them ('2.5', '240')."""
    return {
        name: f"{value.normalize():f}" if isinstance(value, Decimal) else "" if value is None else str(value)
        for name, value in settings_fields(settings).items()
    }


def merge_settings(loaded: Snapshot[Settings], current: Snapshot[Settings], mine: Settings) -> Settings:
    """The settings to store when a settings screen that loaded `loaded` saves `mine` over
    `current`: only the settings the seller changed, ConflictError when another writer changed
    one of those to something else (as parcels' merge_edit)."""
    was, stored = loaded.value, current.value
    merge = merge_fields(settings_fields(was), settings_fields(stored), settings_fields(mine))
    if merge.conflicts:
        raise ConflictError(
            conflicts_as_text(merge.conflicts, settings_text(was), settings_text(stored), settings_text(mine)),
            current,
            Snapshot(settings_from_fields(merge.keep_mine), current.rev),
        )
    if not merge.changed:
        return stored
    return settings_from_fields(merge.merged)


def reload_settings(loaded: Settings, current: Settings, mine: Settings) -> Settings:
    """What a settings screen shows after "reload" on a conflict: the settings as stored now,
    with the seller's changes to the settings nobody else changed still in it."""
    return settings_from_fields(merge_fields(settings_fields(loaded), settings_fields(current), settings_fields(mine)).reloaded)


# ---------------------------------------------------------------------------- changing by name

MULTIPLIER = "special_line_multiplier"


def parse_setting(name: str, text: str) -> Any:
    """One setting's value from text, under its stored name (settings_fields' keys): whole days
    or hours, a multiplier, or the US dollar rate. Unknown names and bad text raise ValidationError naming it."""
    if name in WHOLE_BOUNDS:
        return parse_whole(text, name)
    if name.startswith(OPENS_PREFIX) and name.removeprefix(OPENS_PREFIX) in DEFAULT_WINDOW_OPENS_HOURS:
        return parse_opens(text, name)  # as the screen reads it: 10d, 36h, 1d12h or bare hours
    if name == USD_RATE:  # blank (or 'none'): no rate, US dollar amounts need --usd-rate
        return None if text.strip().casefold() in ("", "none") else parse_usd_rate(text, name)
    if name == MULTIPLIER or (name.startswith(CARRIER_PREFIX) and name.removeprefix(CARRIER_PREFIX).strip()):
        return parse_multiplier(text, name)
    raise ValidationError(name, _("no such setting"))


def carrier_key(name: str) -> str:
    """A per-carrier setting's stored name: the carrier folded to lower case, as multiplier_for reads it."""
    return CARRIER_PREFIX + name.removeprefix(CARRIER_PREFIX).strip().casefold() if name.startswith(CARRIER_PREFIX) else name


def settings_with_text(settings: Settings, pairs: Sequence[tuple[str, str]]) -> Settings:
    """The settings with each (name, text) set, all or nothing: every bad one is named in one
    ValidationError (each checked by the same bounds as Settings.validate)."""
    flat = settings_fields(settings)
    problems: list[str] = []
    for name, text in pairs:
        key = carrier_key(name)
        try:
            value = parse_setting(key, text)
            settings_from_fields(flat | {key: value})  # this one's bounds, alone
        except ValidationError as error:
            problems.append(f"{name}: {error.message}")
            continue
        flat[key] = value
    if problems:
        raise ValidationError("", "; ".join(problems))
    return settings_from_fields(flat)


def settings_reset(settings: Settings, names: Sequence[str]) -> Settings:
    """The settings with these back to their defaults (all when none is named); a per-carrier
    multiplier has no default: resetting it removes it. Unknown names: ValidationError, all named."""
    if not names:
        return Settings()
    flat, defaults = settings_fields(settings), settings_fields(Settings())
    unknown = [name for name in names if carrier_key(name) not in flat]
    if unknown:
        raise ValidationError("", "; ".join(f"{name}: " + _("no such setting") for name in unknown))
    for name in names:
        flat[carrier_key(name)] = defaults.get(carrier_key(name))
    return settings_from_fields(flat)
