"""The FastAPI application, built around the Services the composition root hands it."""

from __future__ import annotations

from fastapi import FastAPI

from api.composition import Services


def create_app(services: Services) -> FastAPI:
    app = FastAPI(title="linkingpin", version="1", openapi_url="/openapi.json")
    app.state.services = services

    @app.get("/healthz", tags=["operations"])
    def healthz() -> dict[str, str]:
        return {"status": "ok"}

    return app
