"""A parcel's page: its claim state, clocks and the compensation to expect."""

from __future__ import annotations

from claimdesk.domain.compensation import default_incident, incident_for
from claimdesk.domain.complaint_types import TYPE_FOR_STATUS
from claimdesk.domain.complaints import claim_state
from claimdesk.domain.deadlines import parcel_deadlines
from claimdesk.services.compensation import CompensationUseCases
from claimdesk.services.deadlines import DeadlineUseCases
from claimdesk.views import ParcelDetail


class DetailUseCases(DeadlineUseCases, CompensationUseCases):
    def detail(self, tracking: str) -> ParcelDetail:
        parcel = self.parcel(tracking)
        now = self.now()
        complaints = self.complaints(parcel.tracking)
        state = claim_state(complaints, now, self.settings)
        incident = None
        if state.open is not None:
            incident = incident_for(state.open.complaint_type)
        elif parcel.status in TYPE_FOR_STATUS:
            incident = default_incident(parcel)
        return ParcelDetail(
            parcel=parcel,
            state=state,
            deadlines=tuple(parcel_deadlines(parcel, complaints, now, self.settings)),
            expected=self.expected_compensation(parcel, incident) if incident else None,
            incident=incident,
            age_days=(now - parcel.created_at).days,
        )
