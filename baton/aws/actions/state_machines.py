"""State machine and version actions, on top of the designer's services.

One Baton workflow is one state machine; its versions and aliases are the machine's. Baton keeps
every definition as a numbered version, so UpdateStateMachine always records one; `publish`
only decides whether the response names it. DeleteStateMachine archives the workflow."""

from __future__ import annotations

from typing import Any

from designer import services
from designer.models import Workflow

from .. import arns
from . import AwsError, Call, action
from .common import (
    _add_tags,
    _check_name,
    _invalid,
    _machine,
    _page,
    _role_arn,
    _string,
    _tags,
    _time,
    _version,
)


@action("CreateStateMachine")
def create_state_machine(call: Call) -> dict[str, Any]:
    body = call.body
    name = _string(body, "name")
    definition = _string(body, "definition")
    if body.get("type", "STANDARD") != "STANDARD":
        raise AwsError("ValidationException", "Baton runs STANDARD state machines only.")
    _check_name(name)
    tags = _tags(body)
    existing = Workflow.objects.filter(name=name).first()
    if existing is not None:
        latest = existing.latest_version()
        if existing.archived_at is None and latest is not None and latest.source == definition:
            version = latest  # AWS: the same request again is idempotent
        else:
            raise AwsError(
                "StateMachineAlreadyExists",
                f"State Machine Already Exists: '{arns.state_machine(name)}'",
            )
    else:
        try:
            version = services.create_workflow(name, definition, author=call.user)
        except services.DefinitionInvalid as exc:
            raise _invalid(exc.diagnostics) from None
        except services.WorkflowExists:
            raise AwsError(
                "StateMachineAlreadyExists",
                f"State Machine Already Exists: '{arns.state_machine(name)}'",
            ) from None
    _add_tags(arns.state_machine(name), tags)
    response: dict[str, Any] = {
        "stateMachineArn": arns.state_machine(name),
        "creationDate": _time(version.workflow.created_at),
    }
    if body.get("publish"):
        response["stateMachineVersionArn"] = arns.state_machine(name, version.number)
    return response


@action("UpdateStateMachine")
def update_state_machine(call: Call) -> dict[str, Any]:
    workflow, parsed = _machine(call.body)
    if parsed.qualifier is not None:
        raise AwsError(
            "InvalidArn", "Update the state machine, not one of its versions or aliases."
        )
    definition = _string(call.body, "definition", required=False)
    if definition is None:
        raise AwsError("MissingRequiredParameter", "Give a definition to update.")
    try:
        version = services.publish_next(
            workflow,
            definition,
            author=call.user,
            description=_string(call.body, "versionDescription", required=False) or "",
        )
    except services.DefinitionInvalid as exc:
        raise _invalid(exc.diagnostics) from None
    response: dict[str, Any] = {
        "updateDate": _time(version.created_at),
        "revisionId": str(version.number),
    }
    if call.body.get("publish"):
        response["stateMachineVersionArn"] = arns.state_machine(workflow.name, version.number)
    return response


@action("DescribeStateMachine")
def describe_state_machine(call: Call) -> dict[str, Any]:
    workflow, parsed = _machine(call.body)
    arn = call.body["stateMachineArn"]
    if parsed.alias is not None:
        raise AwsError("InvalidArn", f"Invalid Arn: '{arn}': use DescribeStateMachineAlias")
    if parsed.version is not None:
        version = _version(workflow, parsed.version, arn)
    else:
        version = workflow.latest_version()
        if version is None:
            raise AwsError("StateMachineDoesNotExist", f"State Machine Does Not Exist: '{arn}'")
    response = {
        "stateMachineArn": arn,
        "name": workflow.name,
        "status": "ACTIVE",
        "definition": version.source,
        "roleArn": _role_arn(),
        "type": "STANDARD",
        "creationDate": _time(
            version.created_at if parsed.version is not None else workflow.created_at
        ),
        "revisionId": str(version.number),
    }
    description = version.description if parsed.version is not None else workflow.description
    if description:
        response["description"] = description
    return response


@action("ListStateMachines")
def list_state_machines(call: Call) -> dict[str, Any]:
    workflows = list(services.list_workflows(archived=False).order_by("name"))
    page, token = _page(call.body, workflows)
    response: dict[str, Any] = {
        "stateMachines": [
            {
                "stateMachineArn": arns.state_machine(w.name),
                "name": w.name,
                "type": "STANDARD",
                "creationDate": _time(w.created_at),
            }
            for w in page
        ]
    }
    if token:
        response["nextToken"] = token
    return response


@action("DeleteStateMachine")
def delete_state_machine(call: Call) -> dict[str, Any]:
    arn = _string(call.body, "stateMachineArn")
    parsed = arns.parse(arn, "stateMachine")
    workflow = Workflow.objects.filter(name=parsed.name, archived_at=None).first()
    if workflow is not None:  # AWS: deleting what is gone already succeeds
        services.update_workflow(workflow, archived=True)
    return {}


@action("ValidateStateMachineDefinition")
def validate_state_machine_definition(call: Call) -> dict[str, Any]:
    definition = _string(call.body, "definition")
    severity = call.body.get("severity", "ERROR")
    if severity not in ("ERROR", "WARNING"):
        raise AwsError("ValidationException", "'severity' must be ERROR or WARNING")
    limit = call.body.get("maxResults") or 100
    diagnostics = services.diagnose(definition)
    shown = [
        {
            "severity": d.severity.upper(),
            "code": d.code.upper(),
            "message": d.message,
            **({"location": d.location} if d.location else {}),
        }
        for d in diagnostics
        if severity == "WARNING" or d.severity.upper() == "ERROR"
    ]
    failed = any(d.severity.upper() == "ERROR" for d in diagnostics)
    return {
        "result": "FAIL" if failed else "OK",
        "diagnostics": shown[:limit],
        "truncated": len(shown) > limit,
    }


@action("PublishStateMachineVersion")
def publish_state_machine_version(call: Call) -> dict[str, Any]:
    workflow, parsed = _machine(call.body)
    if parsed.qualifier is not None:
        raise AwsError("InvalidArn", "Publish a version of the state machine itself.")
    latest = workflow.latest_version()
    revision = call.body.get("revisionId")
    if revision is not None and latest is not None and revision != str(latest.number):
        raise AwsError(
            "ConflictException",
            f"The revisionId {revision} is not the state machine's current revision.",
        )
    # Baton numbers every definition as it is saved: the current one is a version already.
    return {
        "creationDate": _time(latest.created_at),
        "stateMachineVersionArn": arns.state_machine(workflow.name, latest.number),
    }


@action("ListStateMachineVersions")
def list_state_machine_versions(call: Call) -> dict[str, Any]:
    workflow, parsed = _machine(call.body)
    versions = list(workflow.versions.order_by("-number"))
    page, token = _page(call.body, versions)
    response: dict[str, Any] = {
        "stateMachineVersions": [
            {
                "stateMachineVersionArn": arns.state_machine(workflow.name, v.number),
                "creationDate": _time(v.created_at),
            }
            for v in page
        ]
    }
    if token:
        response["nextToken"] = token
    return response
