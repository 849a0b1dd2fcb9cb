"""A parcel's page: its claim state, clocks and the compensation to expect."""

from __future__ import annotations

from claimdesk.domain.compensation import default_incident, incident_for
from claimdesk.domain.complaint_types import TYPE_FOR_STATUS
from claimdesk.domain.complaints import Stage, claim_state, complaint_clocks, stage
from claimdesk.domain.deadlines import deadlines_at, missed_at, parcel_clocks
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
        settings = self.settings
        clocks = parcel_clocks(parcel, complaints, settings)
        return ParcelDetail(
            parcel=parcel,
            state=state,
            deadlines=tuple(deadlines_at(clocks, now, settings)),
            expected=self.expected_compensation(parcel, incident) if incident else None,
            incident=incident,
            age_days=(now - parcel.created_at).days,
            missed=tuple(missed_at(clocks, now)),
            appeal_missed={
                complaint.id: complaint_clocks(complaint, settings).escalation_closes
                for complaint in complaints
                if stage(complaint, now, settings) is Stage.EXPIRED
            },
        )
