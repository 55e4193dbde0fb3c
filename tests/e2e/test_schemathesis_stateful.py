"""A stateful schemathesis run: sequences of calls where later ones use what earlier ones created
(links schemathesis infers from our schema), against the real read models. No server error, every answer
as documented, and nothing half-written by a refused call (the audit chain still verifies at the end)."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

from tests.e2e.test_schemathesis import CHECKS, fuzzed_app, load

# An app of this module's own: the other schemathesis module closes its apps when it is done.
STORE = Path(tempfile.mkdtemp(prefix="linkingpin-stateful-"))
APP, SERVICES, HEADERS = fuzzed_app(real_views_in=STORE)
# Schemathesis infers over 200 links between these operations (ids in answers feeding later paths).
workflow_operations = load(APP, path_regex=r"^/v1/(stakeholders|organisations|interactions|expectations|groups|asks)")


@pytest.fixture(scope="module", autouse=True)
def close_services() -> Iterator[None]:
    yield
    SERVICES.close()
    shutil.rmtree(STORE, ignore_errors=True)


class Workflow(workflow_operations.as_state_machine()):  # type: ignore[misc]
    def get_call_kwargs(self, case):  # noqa: ANN001, ANN201
        return {"headers": HEADERS["coordinator"]}

    def validate_response(self, response, case, additional_checks=(), **kwargs):  # noqa: ANN001, ANN201
        case.validate_response(response, checks=CHECKS)


TestWorkflow = Workflow.TestCase
TestWorkflow.settings = settings(max_examples=15, stateful_step_count=6, deadline=None,
                                 suppress_health_check=list(HealthCheck))


def test_refused_calls_left_the_history_whole():
    assert SERVICES.audit.verify()["ok"]
