"""How the REST API answers the services' domain exceptions: one table, no try/except in views.

baton.api.errors.handle looks an exception up here (by class, most specific first) before the
rest of its error shapes.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from rest_framework import status as http

from approvals.rules import Refused
from designer.services import DefinitionInvalid
from engine import execution_services as executions
from engine import workflows
from engine.asl.inspection import CannotTest
from engine.asl.mockfile import MockConfigInvalid


def _archived(exc: Exception) -> str:
    return f"Workflow '{exc.args[0]}' is archived: it starts no new executions."


# exception class -> (HTTP status, error code, message from the exception; None: str(exc))
REFUSALS: dict[type[Exception], tuple[int, str, Callable[[Exception], str] | None]] = {
    workflows.WorkflowNotFound: (http.HTTP_404_NOT_FOUND, "not_found", None),
    workflows.VersionNotFound: (http.HTTP_404_NOT_FOUND, "not_found", None),
    workflows.AliasNotFound: (http.HTTP_404_NOT_FOUND, "not_found", None),
    workflows.WorkflowArchived: (http.HTTP_409_CONFLICT, "workflow_archived", _archived),
    executions.ExecutionNotFound: (http.HTTP_404_NOT_FOUND, "not_found", None),
    executions.NotRunning: (http.HTTP_409_CONFLICT, "not_running", None),
    executions.CannotRedrive: (http.HTTP_409_CONFLICT, "cannot_redrive", None),
    executions.ExecutionAlreadyExists: (http.HTTP_409_CONFLICT, "ExecutionAlreadyExists", None),
    executions.InputTooLarge: (http.HTTP_413_REQUEST_ENTITY_TOO_LARGE, "payload_too_large", None),
}


Refusal = tuple[int, str, str, dict[str, Any] | None]


def _definition_invalid(exc: Any) -> Refusal:
    message = f"The definition has {len(exc.diagnostics)} error(s)."
    return http.HTTP_400_BAD_REQUEST, "invalid_definition", message, _diagnostics(exc)


def _cannot_test(exc: Any) -> Refusal:
    return http.HTTP_400_BAD_REQUEST, exc.diagnostics[0].code, str(exc), _diagnostics(exc)


def _mocks_invalid(exc: Any) -> Refusal:
    details = _diagnostics(exc)
    if exc.choices is not None:
        details["choices"] = exc.choices
    message = f"The mock configuration has {len(exc.diagnostics)} problem(s): {exc}"
    return http.HTTP_400_BAD_REQUEST, "invalid_mocks", message, details


def _diagnostics(exc: Any) -> dict[str, Any]:
    """The validator's shape (POST /api/validate/): code, message, JSON-pointer location."""
    return {"diagnostics": [diagnostic.as_dict() for diagnostic in exc.diagnostics]}


def _refused(exc: Any) -> Refusal:
    """An approvals rule: its own status and code (not_assigned, self_approval, …)."""
    return exc.status, exc.code, exc.message, exc.details


# Refusals whose details say where a document is wrong (test-state, test runs), or that carry
# their own status.
DETAILED: dict[type[Exception], Callable[[Any], Refusal]] = {
    Refused: _refused,
    DefinitionInvalid: _definition_invalid,
    CannotTest: _cannot_test,
    MockConfigInvalid: _mocks_invalid,
}


def refusal(exc: Exception) -> Refusal | None:
    """(status, code, message, details) for a domain exception, None for any other."""
    for kind in type(exc).__mro__:
        if kind in DETAILED:
            return DETAILED[kind](exc)
        if kind in REFUSALS:
            code, name, message = REFUSALS[kind]
            return code, name, message(exc) if message else str(exc), None
    return None
