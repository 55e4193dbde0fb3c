"""Small builders so tests say what they mean: a network, a stakeholder, a moment."""

from __future__ import annotations

from datetime import datetime, timedelta
from uuid import UUID

from domain.application import Linkingpin

BY = "Test coordinator"


def network(app: Linkingpin, slug: str = "vilvoorde") -> UUID:
    return app.create_network(slug=slug, name=f"{slug.title()} network", timezone="Europe/Brussels").id


def stakeholder(app: Linkingpin, network_id: UUID, name: str = "Samira El Idrissi", **fields: object) -> UUID:
    defaults = {"sector": "education", "side": "formal", "level": "operational"}
    return app.register_stakeholder(network_id, name=name, recorded_by=BY, **{**defaults, **fields}).id


def days_ago(app: Linkingpin, days: float) -> datetime:
    return app.clock() - timedelta(days=days)
