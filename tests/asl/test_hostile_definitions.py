"""The hostile corpus (tests/hostile/) in memory: each definition validates, then ends FAILED
with the error Step Functions gives, rather than crashing or freezing the interpreter."""

from __future__ import annotations

import json

import pytest

from engine.asl.validate import validate
from tests.asl.driver import execute
from tests.hostile import CASES, HEALTHY, Case, Healthy

PAYLOAD_LIMIT_BYTES = 256 * 1024


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_hostile_definition_fails_with_its_error(case: Case) -> None:
    run = execute(case.definition, case.input)
    assert run.status == "FAILED", run.output
    assert run.error == case.error, run.cause
    if case.cause_contains is not None:
        assert case.cause_contains in (run.cause or "")


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_hostile_definition_is_one_validate_accepts(case: Case) -> None:
    errors = [d for d in validate(case.definition) if d.severity == "error"]
    assert errors == []


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_hostile_input_fits_the_payload_limit(case: Case) -> None:
    """So that a real engine accepts the execution and the hostile part is what fails."""
    assert len(json.dumps(case.input, separators=(",", ":")).encode()) <= PAYLOAD_LIMIT_BYTES


def test_hostile_case_names_are_unique() -> None:
    names = [case.name for case in CASES]
    assert len(names) == len(set(names))


@pytest.mark.parametrize("healthy", HEALTHY, ids=[healthy.name for healthy in HEALTHY])
def test_healthy_definition_beside_the_corpus_succeeds(healthy: Healthy) -> None:
    assert [d for d in validate(healthy.definition) if d.severity == "error"] == []
    run = execute(healthy.definition, healthy.input)
    assert run.status == "SUCCEEDED", run.cause
    assert run.output == healthy.output
