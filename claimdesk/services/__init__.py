"""The Desk: the use cases the app and the command line share, and their only door to the data.

Each use case that writes runs in one repository transaction: the lock is held from the read
through the rule checks to the write, so the rules see the latest data and a refused action
writes nothing. The rules themselves are the domain's; the Desk finds the records, asks the
domain, and stores the answer.

One module per group of use cases (parcels, complaints, deadlines, importing, exporting...),
each a class extending `DeskCore`; `Desk` is all of them, the one door the UI and CLI open.
"""

from __future__ import annotations

from claimdesk.services.archive import ArchiveUseCases
from claimdesk.services.core import new_id
from claimdesk.services.detail import DetailUseCases
from claimdesk.services.exporting import ExportTargetExists, ExportUseCases
from claimdesk.services.importing import ImportSnapshot, ImportUseCases
from claimdesk.services.listing import NO_STAGE, ListingUseCases, ParcelQuery
from claimdesk.services.sample_data import SampleDataUseCases
from claimdesk.services.settings import SettingsUseCases


class Desk(
    SettingsUseCases,
    ListingUseCases,
    ArchiveUseCases,
    DetailUseCases,
    ImportUseCases,
    ExportUseCases,
    SampleDataUseCases,
):
    """Every use case, behind one door: `Desk.open(path, clock)`."""


__all__ = ["NO_STAGE", "Desk", "ExportTargetExists", "ImportSnapshot", "ParcelQuery", "new_id"]
