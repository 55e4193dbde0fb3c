"""Schemathesis over /openapi.json against in-process apps: no server error, every answer as documented.

Schemas are loaded when the module is collected (schemathesis' lazy fixture loader does not run on
this pytest), so the apps are built then and closed when the module is done. One app routes lists
and reports to a fake read side (every operation, as coordinator and as admin) on the in-memory
store; the other runs the real read models, fed in the background, on a SQLite file (every read, the
alert and webhook operations, and the auditor's log, verify and checkpoints).
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from fastapi.testclient import TestClient
from pydantic import SecretStr
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance, response_schema_conformance, status_code_conformance,
)

from api.app import create_app
from api.auth import BadTokenLimiter
from api.composition import Services, build
from api.settings import Settings
from domain.privacy import Vault
from projections.audit.signing import new_private_key
from tests.conftest import sqlite_settings
from tests.e2e.test_api_operations import FakeViews

CHECKS = [not_a_server_error, response_schema_conformance, status_code_conformance, content_type_conformance]
PERSON = {"name": "Karim Bouzid", "sector": "youth_work", "side": "formal", "level": "operational"}
MAX_EXAMPLES = 20


def fuzzed_app(*, real_views_in: Path | None = None) -> tuple[Any, Services, dict[str, dict[str, str]]]:
    # A signing key in the settings: otherwise GET /v1/audit/pubkey creates a key file in the working directory.
    signing_key = SecretStr(new_private_key())
    if real_views_in is not None:
        # A file, not memory: the in-memory store shares one connection, which a background feed cannot share.
        services = build(sqlite_settings(real_views_in).model_copy(update={"signing_key": signing_key}))
        services.start_projections()
    else:
        services = build(Settings(database_url="memory://", master_key=Vault.new_master_key(), signing_key=signing_key,
                                  _env_file=None))
        services.views = FakeViews()
    network_id = services.app.create_network(slug="fuzz", name="Fuzz").id
    headers = {role: {"Authorization": "Bearer " + services.app.issue_token(
        network_id, member=f"Fuzzing {role}", role=role, recorded_by="test")[1]} for role in ("coordinator", "admin")}
    app = create_app(services, bad_tokens=BadTokenLimiter(limit=1_000_000))
    with TestClient(app) as client:  # some real data, so some generated requests find something
        person = client.post("/v1/stakeholders", json=PERSON, headers=headers["coordinator"]).json()["id"]
        contact = {"type": "contact", "stakeholder_id": person, "channel": "phone", "initiated_by": "us",
                   "purpose": "check_in"}
        assert client.post("/v1/interactions", json=contact, headers=headers["coordinator"]).status_code == 201
    return app, services, headers


def load(app: Any, **selection: str) -> Any:
    schema = schemathesis.openapi.from_asgi("/openapi.json", app)
    schema.config.generation.update(max_examples=MAX_EXAMPLES, database="none")
    return schema.include(**selection) if selection else schema


STORE = Path(tempfile.mkdtemp(prefix="linkingpin-fuzz-"))
FAKE_APP, FAKE_SERVICES, HEADERS = fuzzed_app()
REAL_APP, REAL_SERVICES, REAL_HEADERS = fuzzed_app(real_views_in=STORE)
every_operation = load(FAKE_APP).exclude(path="/v1/alerts/scan")  # a scan reads the real read models
admin_operations = load(FAKE_APP, path_regex=r"^/v1/(network|tokens)|/erase$")
every_read = load(REAL_APP, method="GET")
alert_operations = load(REAL_APP, path_regex=r"^/v1/(alerts|webhooks)")
audit_operations = load(REAL_APP, path_regex=r"^/v1/(events|audit/)")


@pytest.fixture(scope="module", autouse=True)
def close_services() -> Iterator[None]:
    yield
    FAKE_SERVICES.close()
    REAL_SERVICES.close()
    shutil.rmtree(STORE, ignore_errors=True)


@every_operation.parametrize()
def test_every_operation_keeps_its_documented_promises(case):  # noqa: ANN001
    case.call_and_validate(headers=HEADERS["coordinator"], checks=CHECKS)


@admin_operations.parametrize()
def test_admin_operations_keep_their_documented_promises(case):  # noqa: ANN001
    case.call_and_validate(headers=HEADERS["admin"], checks=CHECKS)


@every_read.parametrize()
def test_every_read_on_the_real_read_models_keeps_its_promises(case):  # noqa: ANN001
    case.call_and_validate(headers=REAL_HEADERS["coordinator"], checks=CHECKS)


@alert_operations.parametrize()
def test_alert_and_webhook_operations_on_the_real_read_models_keep_their_promises(case):  # noqa: ANN001
    case.call_and_validate(headers=REAL_HEADERS["coordinator"], checks=CHECKS)


@audit_operations.parametrize()
def test_audit_operations_keep_their_documented_promises(case):  # noqa: ANN001
    case.call_and_validate(headers=REAL_HEADERS["admin"], checks=CHECKS)
