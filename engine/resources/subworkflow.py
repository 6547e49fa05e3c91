"""Sub-workflows: `arn:aws:states:::states:startExecution` and its `.sync` / `.sync:2` forms.

Parameters as Step Functions takes them: StateMachineArn (…:stateMachine:NAME, optionally
`:VERSION` or `:ALIAS`, resolved by engine.workflows as every start is), Input (object or JSON
text), Name. Parent and child are linked both ways
(Execution.parent, and the parent's task token on the child); a `.sync` task waits for the
child's end, which store.py records on the parent's task run.
"""

from __future__ import annotations

import json
from typing import Any

from designer.models import WorkflowVersion

from .. import conf, workflows
from ..executions import ExecutionAlreadyExists, InputTooLarge, start_execution
from ..models import Execution, Status
from . import PENDING, TaskCall, TaskFailure, register

START = "arn:aws:states:::states:startExecution"
MODES = {START: "", f"{START}.sync": "sync", f"{START}.sync:2": "sync:2"}
NO_MACHINE = ("StepFunctions.StateMachineDoesNotExistException", "State Machine Does Not Exist")
# The task failure (error, message before the ARN) when the ARN names nothing that can start.
REFUSALS: dict[type[Exception], tuple[str, str]] = {
    workflows.WorkflowNotFound: NO_MACHINE,
    workflows.VersionNotFound: NO_MACHINE,
    workflows.WorkflowArchived: NO_MACHINE,
    workflows.AliasNotFound: ("StepFunctions.ResourceNotFoundException", "Resource not found"),
}


def register_kind() -> None:
    register(lambda resource: resource in MODES, start_child)


def start_child(call: TaskCall) -> Any:
    params = call.payload if isinstance(call.payload, dict) else {}
    version, alias = _target(params.get("StateMachineArn"))
    mode = MODES[call.resource]
    try:
        child, _ = start_execution(
            version,
            _input(params.get("Input")),
            name=params.get("Name"),
            parent_id=call.execution_id,
            parent_token=call.token if mode else "",
            parent_sync=mode,
            alias=alias,
            started_by=_started_by(call.execution_id),
            traceparent=call.traceparent,  # the child's trace goes on under this attempt's span
        )
    except (ExecutionAlreadyExists, InputTooLarge) as exc:
        raise TaskFailure("StepFunctions.ExecutionAlreadyExistsException", str(exc)) from exc
    if mode:
        return PENDING
    return {"ExecutionArn": execution_arn(child), "StartDate": _time(child.started_at)}


def _started_by(parent_id: str) -> str:
    """A child runs on behalf of whoever started its parent."""
    found = Execution.objects.filter(id=parent_id).values_list("started_by", flat=True)
    return found.first() or ""


def _target(arn: Any) -> tuple[WorkflowVersion, str]:
    """The version a StateMachineArn starts (routed by its alias, if it names one), and the
    alias."""
    if not isinstance(arn, str) or ":stateMachine:" not in arn:
        raise TaskFailure("States.Runtime", f"StateMachineArn {arn!r} is not a state machine ARN.")
    name, _, qualifier = arn.split(":stateMachine:", 1)[1].partition(":")
    number = int(qualifier) if qualifier.isdigit() else None
    alias = qualifier if qualifier and number is None else None
    try:
        workflow = workflows.find_workflow(name)
        return workflows.resolve_version(workflow, version=number, alias=alias), alias or ""
    except tuple(REFUSALS) as exc:
        error, message = next(REFUSALS[kind] for kind in type(exc).__mro__ if kind in REFUSALS)
        raise TaskFailure(error, f"{message}: '{arn}'") from exc


def _input(value: Any) -> Any:
    if isinstance(value, str):
        try:
            return json.loads(value)
        except json.JSONDecodeError as exc:
            raise TaskFailure("States.Runtime", f"Input is not valid JSON: {exc}") from exc
    return {} if value is None else value


def parent_outcome(child: Execution) -> dict[str, Any]:
    """What the parent's `.sync` task gets: DescribeExecution's answer, as AWS gives it."""
    described = describe(child, output_as_json=child.parent_sync == "sync:2")
    if child.status == Status.SUCCEEDED:
        return {"kind": "task_succeeded", "output": described}
    described.update(Error=child.error, Cause=child.cause)
    return {"kind": "task_failed", "error": "States.TaskFailed", "cause": json.dumps(described)}


def describe(execution: Execution, *, output_as_json: bool = False) -> dict[str, Any]:
    output = execution.output if output_as_json else json.dumps(execution.output)
    described = {
        "ExecutionArn": execution_arn(execution),
        "Input": json.dumps(execution.input),
        "InputDetails": {"Included": True},
        "Name": execution.name,
        "StartDate": _time(execution.started_at),
        "StateMachineArn": f"{_prefix()}:stateMachine:{execution.workflow.name}",
        "Status": execution.status,
        "StopDate": _time(execution.stopped_at) if execution.stopped_at else None,
    }
    if execution.status == Status.SUCCEEDED:
        described.update(Output=output, OutputDetails={"Included": True})
    return described


def execution_arn(execution: Execution) -> str:
    return f"{_prefix()}:execution:{execution.workflow.name}:{execution.name}"


def _prefix() -> str:
    return f"arn:aws:states:{conf.engine_setting('REGION')}:{conf.engine_setting('ACCOUNT_ID')}"


def _time(moment: Any) -> str:
    return moment.isoformat().replace("+00:00", "Z")
