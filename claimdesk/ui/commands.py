"""The command palette's own provider: jump to a parcel by tracking or order number."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.command import Hit, Hits, Provider

from claimdesk.i18n import _
from claimdesk.labels import label

if TYPE_CHECKING:
    from claimdesk.ui.app import ClaimdeskApp

MAX_HITS = 20


class ParcelCommands(Provider):
    async def search(self, query: str) -> Hits:
        app: ClaimdeskApp = self.app  # type: ignore[assignment]
        needle = query.strip().upper()
        if len(needle) < 2:
            return
        main = app.main
        matcher = self.matcher(query)
        shown = 0
        for row in main.table.all_rows:
            if needle in row.tracking or needle in row.order.upper():
                text = _("Go to parcel {tracking} ({status}, order {order})").format(
                    tracking=row.tracking, status=label("status", row.status), order=row.order
                )
                yield Hit(matcher.match(text) or 0.5, matcher.highlight(text), lambda t=row.tracking: main.select_parcel(t))
                shown += 1
                if shown >= MAX_HITS:
                    return
