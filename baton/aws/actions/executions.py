"""Step Functions actions on executions: start, describe, list, history, stop, redrive."""

from __future__ import annotations

from contextlib import suppress
from typing import Any

from django.utils import timezone

from designer.models import WorkflowVersion
from engine import execution_services, workflows
from engine.asl import errors
from engine.conf import engine_setting
from engine.executions import start_execution
from engine.models import Execution, Status
from engine.stops import stop_execution
from engine.waiters import Later, settled

from .. import arns, history, refusals, revisions
from . import AwsError, Call, action
from .common import (
    _error_and_cause,
    _json,
    _listing,
    _name,
    _required,
    _resolved,
    _role_arn,
    _text,
    _validation,
    _workflow,
)


# -- helpers ------------------------------------------------------------------------------------
def _machine_target(arn: Any) -> tuple[WorkflowVersion, str]:
    """The version a state machine ARN (optionally :version or :alias) starts, and the alias."""
    parsed = arns.parse(arn, "stateMachine")
    if parsed.version is None and parsed.alias is None:  # the latest: one query finds both
        with refusals.about(arn):
            return workflows.find_target(parsed.name), ""
    workflow = _workflow(parsed.name, arn)
    return _resolved(workflow, arn, version=parsed.version, alias=parsed.alias), parsed.alias or ""


def _execution_arn(execution: Execution) -> str:
    return arns.execution(execution.workflow.name, execution.name)


def _machine_arn(execution: Execution) -> str:
    return arns.state_machine(execution.workflow.name)


def _execution(arn: Any) -> Execution:
    parsed = arns.parse(arn, "execution")
    found = (
        Execution.objects.select_related("workflow", "version__unpublished")
        .filter(workflow__name=parsed.name, name=parsed.qualifier)
        .first()
    )
    if found is None:
        raise AwsError("ExecutionDoesNotExist", f"Execution Does Not Exist: '{arn}'")
    return found


def _start(call: Call) -> Execution:
    version, alias = _machine_target(_required(call, "stateMachineArn"))
    value = _json(call.body.get("input"), "input")
    name = _name(call.body["name"]) if call.body.get("name") else None
    with refusals.about(call.body["stateMachineArn"]):
        execution, _ = start_execution(
            version,
            value,
            name=name,
            alias=alias,
            started_by=call.user.get_username(),
            traceparent=call.traceparent,
        )
    return execution


def _started_with(execution: Execution) -> dict[str, str]:
    """The version ARN (when published) and alias ARN an execution runs under."""
    found = {}
    if revisions.is_published(execution.version) and not execution.version.is_test_draft:
        number = execution.version.number
        found["stateMachineVersionArn"] = arns.state_machine(execution.workflow.name, number)
    if execution.alias:
        found["stateMachineAliasArn"] = arns.state_machine(execution.workflow.name, execution.alias)
    return found


def _execution_item(execution: Execution) -> dict[str, Any]:
    item: dict[str, Any] = {
        "executionArn": _execution_arn(execution),
        "stateMachineArn": _machine_arn(execution),
        "name": execution.name,
        "status": execution.status,
        "startDate": execution.started_at,
        "redriveCount": execution.redrive_count,
    }
    item.update(_started_with(execution))
    if execution.stopped_at:
        item["stopDate"] = execution.stopped_at
    if execution.redriven_at:
        item["redriveDate"] = execution.redriven_at
    return item


# -- executions ---------------------------------------------------------------------------------
@action("StartExecution")
def start_execution_action(call: Call) -> dict[str, Any]:
    execution = _start(call)
    return {"executionArn": _execution_arn(execution), "startDate": execution.started_at}


@action("StartSyncExecution")
def start_sync_execution(call: Call) -> dict[str, Any]:
    """For Python callers: blocks this thread while it waits."""
    return settled(start_sync_execution_later(call))


def start_sync_execution_later(call: Call) -> Later:
    """Start, then wait for the end on the server's event loop (views.Endpoint), holding no
    thread. An execution still running after SYNC_EXECUTION_SECONDS is stopped with
    States.Timeout and answered TIMED_OUT, as an Express one would be: the caller is never told
    "timed out" about an execution that goes on."""
    execution = _start(call)
    seconds = engine_setting("SYNC_EXECUTION_SECONDS")
    return Later(
        lambda: execution_services.wait_for_end(execution, seconds),
        lambda _: _sync_answer(execution, seconds),
    )


def _sync_answer(execution: Execution, seconds: float) -> dict[str, Any]:
    if not execution_services.refreshed_end(execution):
        cause = f"The execution did not end within StartSyncExecution's {seconds} seconds."
        stop_execution(execution.id, errors.TIMEOUT, cause)
        execution.refresh_from_db()
    status = execution.status
    if status == Status.ABORTED:
        status = Status.TIMED_OUT if execution.error == errors.TIMEOUT else Status.FAILED
    answer: dict[str, Any] = {
        "executionArn": _execution_arn(execution),
        "stateMachineArn": _machine_arn(execution),
        "name": execution.name,
        "startDate": execution.started_at,
        "stopDate": execution.stopped_at or execution.started_at,
        "status": status,
        "input": _text(execution.input),
        "inputDetails": {"included": True},
    }
    if execution.status == Status.SUCCEEDED:
        answer["output"] = _text(execution.output)
        answer["outputDetails"] = {"included": True}
    else:
        if execution.error:
            answer["error"] = execution.error
        if execution.cause:
            answer["cause"] = execution.cause
    return answer


@action("DescribeExecution")
def describe_execution(call: Call) -> dict[str, Any]:
    execution = _execution(_required(call, "executionArn"))
    answer = _execution_item(execution)
    answer["input"] = _text(execution.input)
    answer["inputDetails"] = {"included": True}
    if execution.status == Status.SUCCEEDED:
        answer["output"] = _text(execution.output)
        answer["outputDetails"] = {"included": True}
    if execution.error:
        answer["error"] = execution.error
    if execution.cause:
        answer["cause"] = execution.cause
    if execution.status == Status.RUNNING:
        answer["redriveStatus"] = "NOT_REDRIVABLE"
    elif execution.status == Status.SUCCEEDED:
        answer["redriveStatus"] = "NOT_REDRIVABLE"
        answer["redriveStatusReason"] = "Execution is SUCCEEDED and cannot be redriven"
    else:
        answer["redriveStatus"] = "REDRIVABLE"
    return answer


@action("ListExecutions")
def list_executions(call: Call) -> dict[str, Any]:
    machine = call.body.get("stateMachineArn")
    if machine is None:
        raise _validation("Must provide a StateMachine ARN or a MapRun ARN")
    parsed = arns.parse(machine, "stateMachine")
    with refusals.about(machine):  # an archived machine's executions are still listed
        workflows.find_workflow(parsed.name)
    status = call.body.get("statusFilter") or None
    if status is not None and status not in Status.values:
        raise _validation(f"Value '{status}' at 'statusFilter' is not a valid status.")
    found = execution_services.list_executions(  # test runs are Baton's, not Step Functions'
        workflow=parsed.name,
        version=parsed.version,
        alias=parsed.alias,
        status=status,
        test_run=False,
    )
    rows = found.select_related("version__unpublished").order_by("-started_at", "-id")
    return _listing(call.body, "executions", rows, _execution_item)


@action("GetExecutionHistory")
def get_execution_history(call: Call) -> dict[str, Any]:
    execution = _execution(_required(call, "executionArn"))
    include = call.body.get("includeExecutionData", True) is not False
    order = "-event_id" if call.body.get("reverseOrder") else "event_id"
    rows = execution.events.exclude(type__in=history.LEFT_OUT).order_by(order)
    numbering = history.Numbering.of(execution.events)
    started = {"roleArn": _role_arn(), **_started_with(execution)}
    return _listing(
        call.body,
        "events",
        rows,
        lambda e: numbering.renumber(history.to_aws(e, include, started)),
    )


@action("StopExecution")
def stop_execution_action(call: Call) -> dict[str, Any]:
    execution = _execution(_required(call, "executionArn"))
    with suppress(execution_services.NotRunning):  # Step Functions answers an ended one too
        execution_services.stop(execution, *_error_and_cause(call))
    execution.refresh_from_db()
    # A stop recorded while an engine is busy with the execution takes effect right after.
    return {"stopDate": execution.stopped_at or timezone.now()}


@action("RedriveExecution")
def redrive_execution_action(call: Call) -> dict[str, Any]:
    arn = _required(call, "executionArn")
    execution = _execution(arn)
    with refusals.about(arn):
        redriven = execution_services.redrive(execution)
    return {"redriveDate": redriven.redriven_at}


@action("DescribeStateMachineForExecution")
def describe_state_machine_for_execution(call: Call) -> dict[str, Any]:
    execution = _execution(_required(call, "executionArn"))
    version = execution.version
    answer: dict[str, Any] = {
        "stateMachineArn": arns.state_machine(execution.workflow.name, version.number),
        "name": execution.workflow.name,
        "definition": version.source or _text(version.definition),
        "roleArn": _role_arn(),
        "updateDate": version.created_at,
        "revisionId": str(version.number),
    }
    if execution.alias:
        answer["stateMachineAliasArn"] = arns.state_machine(
            execution.workflow.name, execution.alias
        )
    return answer
