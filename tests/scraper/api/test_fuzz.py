"""A schema-driven fuzz of the API (schemathesis, from /openapi.json, over real HTTP): no
answer is a 5xx, every status is documented, and every body matches its documented schema;
invalid input (a limit of 0, a string where an id goes) is refused with a 4xx.

Each operation is fuzzed with valid and with invalid data through hypothesis directly (the
schemathesis pytest plugin does not run under this pytest).
"""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import (
    content_type_conformance,
    negative_data_rejection,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)
from schemathesis.generation import GenerationMode

from tests.scraper.api.conftest import Served

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    negative_data_rejection,
]
OPERATIONS = [
    ("/items", "GET"),
    ("/items/{item_id}", "GET"),
    ("/sources", "GET"),
    ("/runs", "GET"),
    ("/stats", "GET"),
    ("/healthz", "GET"),
]
EXAMPLES = 80
_NO_PARAMETERS = {("/sources", "GET"), ("/healthz", "GET")}  # nothing to make invalid
RUNS = [
    pytest.param(path, method, mode, id=f"{path}-{mode.value}")
    for path, method in OPERATIONS
    for mode in GenerationMode
    if mode is GenerationMode.POSITIVE or (path, method) not in _NO_PARAMETERS
]


def test_every_operation_is_fuzzed(served: Served) -> None:
    """OPERATIONS below is the schema's whole list: a new endpoint cannot escape the fuzz."""
    schema = schemathesis.openapi.from_url(served.base_url + "/openapi.json")
    found = {(op.path, op.method.upper()) for op in _operations(schema)}
    assert found == set(OPERATIONS)


def test_operations_without_parameters_are_the_listed_ones(served: Served) -> None:
    schema = schemathesis.openapi.from_url(served.base_url + "/openapi.json")
    bare = {
        (op.path, op.method.upper()) for op in _operations(schema) if not list(op.iter_parameters())
    }
    assert bare == _NO_PARAMETERS


@pytest.mark.parametrize(("path", "method", "mode"), RUNS)
def test_operation_conforms_to_its_schema(
    served_any: Served, path: str, method: str, mode: GenerationMode
) -> None:
    """On both backends: PostgreSQL refuses text SQLite takes (NUL), and must not 500."""
    schema = schemathesis.openapi.from_url(served_any.base_url + "/openapi.json")
    operation = schema[path][method]

    @given(case=operation.as_strategy(generation_mode=mode))
    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    def fuzz(case: schemathesis.Case) -> None:
        case.call_and_validate(checks=CHECKS)

    fuzz()


def _operations(schema: schemathesis.BaseSchema) -> list[schemathesis.APIOperation]:
    return [result.ok() for result in schema.get_all_operations()]
