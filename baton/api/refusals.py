"""How the REST API answers the services' domain exceptions: one table, no try/except in views.

baton.api.errors.handle looks an exception up here (by class, most specific first) before the
rest of its error shapes.
"""

from __future__ import annotations

from collections.abc import Callable

from rest_framework import status as http

from engine import execution_services as executions
from engine import workflows


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


def refusal(exc: Exception) -> tuple[int, str, str] | None:
    """(status, code, message) for a domain exception, None for any other."""
    for kind in type(exc).__mro__:
        if kind in REFUSALS:
            code, name, message = REFUSALS[kind]
            return code, name, message(exc) if message else str(exc)
    return None
