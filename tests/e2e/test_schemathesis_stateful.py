"""A stateful schemathesis run: sequences of calls where later ones use what earlier ones created
(links schemathesis infers from our schema), against the real read models. No server error, every answer
as documented, and nothing half-written by a refused call (the audit chain still verifies at the end)."""

from __future__ import annotations

from hypothesis import HealthCheck, settings

from tests.e2e.test_schemathesis import CHECKS, REAL_APP, REAL_HEADERS, REAL_SERVICES, load

# Schemathesis infers over 200 links between these operations (ids in answers feeding later paths).
workflow_operations = load(REAL_APP, path_regex=r"^/v1/(stakeholders|organisations|interactions|expectations|groups|asks)")


class Workflow(workflow_operations.as_state_machine()):  # type: ignore[misc]
    def get_call_kwargs(self, case):  # noqa: ANN001, ANN201
        return {"headers": REAL_HEADERS["coordinator"]}

    def validate_response(self, response, case, additional_checks=(), **kwargs):  # noqa: ANN001, ANN201
        case.validate_response(response, checks=CHECKS)


TestWorkflow = Workflow.TestCase
TestWorkflow.settings = settings(max_examples=15, stateful_step_count=6, deadline=None,
                                 suppress_health_check=list(HealthCheck))


def test_refused_calls_left_the_history_whole():
    assert REAL_SERVICES.audit.verify()["ok"]
