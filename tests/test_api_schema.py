"""Schemathesis against our own OpenAPI spec: generated requests never get a 5xx,
and responses match the spec. Marked slow (CI runs it)."""

import tempfile

import pytest

schemathesis = pytest.importorskip("schemathesis")
from hypothesis import HealthCheck, settings  # noqa: E402
from schemathesis.specs.openapi.checks import response_schema_conformance  # noqa: E402

from empathic.service.app import Settings, create_app  # noqa: E402
from empathic.service.auth import create_key  # noqa: E402

_folder = tempfile.mkdtemp(prefix="empathic-schema-")
app = create_app(Settings(database_url=f"sqlite:///{_folder}/schema.db", rate_limit_per_minute=1_000_000))
KEY = create_key(app.state.store, "fuzz")
schema = schemathesis.openapi.from_asgi("/openapi.json", app)


def not_a_server_error(ctx, response, case):
    assert response.status_code < 500, f"{case.method} {case.path} -> {response.status_code}: {response.text[:200]}"


@pytest.mark.slow
@schema.parametrize()
@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
def test_no_server_errors_and_responses_match_the_spec(case):
    case.call_and_validate(headers={"Authorization": f"Bearer {KEY}"},
                           checks=[not_a_server_error, response_schema_conformance])
