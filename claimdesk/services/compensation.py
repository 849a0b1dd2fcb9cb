"""Compensation: the calculator and the figure expected for a parcel."""

from __future__ import annotations

from decimal import Decimal

from claimdesk.domain.compensation import (
    Compensation,
    CompensationInput,
    Incident,
    UnknownCompensation,
    calculate,
    default_incident,
    expected_compensation,
    incident_for,
)
from claimdesk.domain.complaint_types import ComplaintType
from claimdesk.domain.parcels import Parcel
from claimdesk.services.core import DeskCore


class CompensationUseCases(DeskCore):
    def calculate(self, given: CompensationInput) -> Compensation:
        return calculate(given)

    def default_incident(self, parcel: Parcel) -> Incident:
        return default_incident(parcel)

    def incident_for(self, ctype: ComplaintType) -> Incident | None:
        return incident_for(ctype)

    def multiplier_for(self, carrier: str | None) -> Decimal:
        return self.settings.multiplier_for(carrier)

    def expected_compensation(
        self, parcel: Parcel, incident: Incident | None = None, actual_loss: Decimal | None = None
    ) -> Compensation | UnknownCompensation:
        """The calculator's figure for a parcel, or UnknownCompensation naming the fields it
        lacks (an incomplete parcel's payout is unknown, never 0)."""
        return expected_compensation(parcel, incident or default_incident(parcel), self.settings, actual_loss)
