"""Starting executions: the one code path the commands, the API and schedules share."""

from __future__ import annotations

import json
import uuid
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from designer.models import WorkflowVersion

from . import notify
from .conf import engine_setting
from .models import Execution
from .telemetry import tracing


class ExecutionAlreadyExists(Exception):
    """An execution of that name exists for the workflow, with a different input."""


class InputTooLarge(Exception):
    """The input exceeds the payload limit (BATON_ENGINE["PAYLOAD_LIMIT_BYTES"])."""


def start_execution(
    version: WorkflowVersion,
    input_value: Any = None,
    *,
    name: str | None = None,
    parent_id: Any = None,
    parent_token: str = "",
    parent_sync: str = "",
    alias: str = "",
    test_run: bool = False,
    started_by: str = "",
    traceparent: str | None = None,
) -> tuple[Execution, bool]:
    """Start `version` with `input_value`; (execution, created). A valid W3C `traceparent`
    makes the execution's trace continue the caller's (engine/telemetry/tracing.py).

    Idempotent by name (DESIGN.md §3.8): the same name and input give back the existing
    execution; the same name with another input raises ExecutionAlreadyExists.
    """
    value = {} if input_value is None else input_value
    limit = engine_setting("PAYLOAD_LIMIT_BYTES")
    size = len(_canonical(value).encode())
    if size > limit:
        raise InputTooLarge(f"The input is {size} bytes; the limit is {limit} bytes.")
    name = name or str(uuid.uuid4())
    try:
        with transaction.atomic():
            execution = Execution.objects.create(
                workflow_id=version.workflow_id,
                version=version,
                name=name,
                input=value,
                started_at=timezone.now(),
                parent_id=parent_id,
                parent_token=parent_token,
                parent_sync=parent_sync,
                alias=alias,
                test_run=test_run,
                started_by=started_by,
                traceparent=tracing.valid_traceparent(traceparent),
            )
            notify.work()
        return _with_workflow(execution, version), True
    except IntegrityError:
        existing = Execution.objects.get(workflow_id=version.workflow_id, name=name)
        _with_workflow(existing, version)
        if _canonical(existing.input) != _canonical(value):
            raise ExecutionAlreadyExists(
                f"Execution '{name}' already exists for workflow "
                f"'{version.workflow.name}' with a different input."
            ) from None
        return existing, False


def _with_workflow(execution: Execution, version: WorkflowVersion) -> Execution:
    """Hand the version's loaded workflow on, so the caller's answer reads no workflow."""
    if WorkflowVersion.workflow.is_cached(version):
        execution.workflow = version.workflow
    return execution


def _canonical(value: Any) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"))
