"""The coordinator's dashboard: server-rendered pages beside the JSON API, in the same FastAPI app.

`router` holds every page. Order matters where paths overlap: fixed paths (`/stakeholders/new`,
`/log/meeting`) are included before the patterns that would also match them.
"""

from __future__ import annotations

from fastapi import APIRouter

from api.web import (
    expectation_forms, interaction_forms, meeting_forms, pages_alerts, pages_audit, pages_network, pages_session,
    pages_stakeholders, pages_today, stakeholder_forms,
)

router = APIRouter(include_in_schema=False)
for module in (pages_session, pages_today, stakeholder_forms, pages_stakeholders, meeting_forms, interaction_forms,
               expectation_forms, pages_network, pages_alerts, pages_audit):
    router.include_router(module.router)

__all__ = ["router"]
