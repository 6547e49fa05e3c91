"""State machine and version actions, on top of the designer's services.

One Baton workflow is one state machine; its versions and aliases are the machine's. Baton keeps
every definition as a numbered version; one saved without `publish` is the machine's unpublished
revision (baton.aws.revisions). DeleteStateMachine archives the workflow."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from baton.models import AwsTags
from designer import services
from designer.models import Workflow, WorkflowVersion
from engine.models import Status
from engine.stops import stop_execution

from .. import arns, revisions
from . import AwsError, Call, action
from .common import (
    _add_tags,
    _check_name,
    _invalid,
    _listing,
    _machine,
    _max_results,
    _role_arn,
    _string,
    _tags,
    _time,
    _version,
)

SETTINGS_ONLY = ("roleArn", "loggingConfiguration", "tracingConfiguration")


@action("CreateStateMachine")
def create_state_machine(call: Call) -> dict[str, Any]:
    body = call.body
    name = _string(body, "name")
    definition = _string(body, "definition")
    if body.get("type", "STANDARD") != "STANDARD":
        raise AwsError("ValidationException", "Baton runs STANDARD state machines only.")
    _check_name(name)
    tags = _tags(body)
    publish = bool(body.get("publish"))
    with transaction.atomic():
        version, is_new = _save_machine(name, definition, call.user)
        if publish:
            revisions.publish(version, _string(body, "versionDescription", required=False))
        elif is_new:
            revisions.mark_unpublished(version)
        _add_tags(arns.state_machine(name), tags)
    response: dict[str, Any] = {
        "stateMachineArn": arns.state_machine(name),
        "creationDate": _time(version.workflow.created_at),
    }
    if publish:
        response["stateMachineVersionArn"] = arns.state_machine(name, version.number)
    return response


def _save_machine(name: str, definition: str, user: Any) -> tuple[WorkflowVersion, bool]:
    """The version a CreateStateMachine stands for, and whether it was saved just now.

    A deleted (archived) machine of that name comes back with the definition as its next
    version; the same request again is idempotent, as Step Functions makes it."""
    existing = Workflow.objects.select_for_update().filter(name=name).first()
    try:
        if existing is None:
            return services.create_workflow(name, definition, author=user), True
        if existing.archived_at is not None:
            services.update_workflow(existing, archived=False)
            return services.publish_next(existing, definition, author=user), True
    except services.DefinitionInvalid as exc:
        raise _invalid(exc.diagnostics) from None
    except services.WorkflowExists:
        pass  # created meanwhile by someone else: as if it had been there
    latest = Workflow.objects.get(name=name).latest_version()
    if latest is None or latest.source != definition:
        raise AwsError(
            "StateMachineAlreadyExists",
            f"State Machine Already Exists: '{arns.state_machine(name)}'",
        )
    return latest, False


@action("UpdateStateMachine")
def update_state_machine(call: Call) -> dict[str, Any]:
    workflow, parsed = _machine(call.body)
    if parsed.qualifier is not None:
        raise AwsError(
            "InvalidArn", "Update the state machine, not one of its versions or aliases."
        )
    definition = _string(call.body, "definition", required=False)
    publish = bool(call.body.get("publish"))
    if definition is None:
        return _update_settings_only(call, workflow, publish)
    description = _string(call.body, "versionDescription", required=False) or ""
    with transaction.atomic():
        try:
            version = services.publish_next(
                workflow, definition, author=call.user, description=description
            )
        except services.DefinitionInvalid as exc:
            raise _invalid(exc.diagnostics) from None
        if not publish:
            revisions.mark_unpublished(version)
    response: dict[str, Any] = {
        "updateDate": _time(version.created_at),
        "revisionId": str(version.number),
    }
    if publish:
        response["stateMachineVersionArn"] = arns.state_machine(workflow.name, version.number)
    return response


def _update_settings_only(call: Call, workflow: Workflow, publish: bool) -> dict[str, Any]:
    """An update of the role, logging or tracing: Baton has none of them to change."""
    if not any(
        call.body.get(k) for k in ("roleArn", "loggingConfiguration", "tracingConfiguration")
    ):
        raise AwsError(
            "MissingRequiredParameter",
            "Either the definition, the roleArn, the loggingConfiguration or the "
            "tracingConfiguration must be specified.",
        )
    latest = workflow.latest_version()
    response: dict[str, Any] = {
        "updateDate": _time(timezone.now()),
        "revisionId": str(latest.number),
    }
    if publish:
        revisions.publish(latest)
        response["stateMachineVersionArn"] = arns.state_machine(workflow.name, latest.number)
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
        # Baton keeps no per-machine logging or tracing; tools such as Terraform read these.
        "loggingConfiguration": {"level": "OFF", "includeExecutionData": False},
        "tracingConfiguration": {"enabled": False},
    }
    description = version.description if parsed.version is not None else workflow.description
    if description:
        response["description"] = description
    return response


@action("ListStateMachines")
def list_state_machines(call: Call) -> dict[str, Any]:
    workflows = services.list_workflows(archived=False).order_by("name")
    return _listing(
        call.body,
        "stateMachines",
        workflows,
        lambda w: {
            "stateMachineArn": arns.state_machine(w.name),
            "name": w.name,
            "type": "STANDARD",
            "creationDate": _time(w.created_at),
        },
    )


@action("DeleteStateMachine")
def delete_state_machine(call: Call) -> dict[str, Any]:
    """Archive the workflow (its versions and history stay in Baton), delete its aliases and
    tags, and stop its running executions, as Step Functions does; the name is free again."""
    arn = _string(call.body, "stateMachineArn")
    parsed = arns.parse(arn, "stateMachine")
    if parsed.qualifier is not None:
        raise AwsError(
            "ValidationException", "Delete the state machine, not one of its versions or aliases."
        )
    with transaction.atomic():
        workflow = Workflow.objects.select_for_update().filter(name=parsed.name).first()
        if workflow is None or workflow.archived_at is not None:
            return {}  # AWS: deleting what is gone already succeeds
        services.update_workflow(workflow, archived=True)
        workflow.aliases.all().delete()
        AwsTags.objects.filter(Q(arn=arn) | Q(arn__startswith=arn + ":")).delete()
    running = workflow.executions.filter(status=Status.RUNNING).values_list("id", flat=True)
    for execution_id in running:
        stop_execution(execution_id, None, "The state machine was deleted.")
    return {}


@action("ValidateStateMachineDefinition")
def validate_state_machine_definition(call: Call) -> dict[str, Any]:
    definition = _string(call.body, "definition")
    severity = call.body.get("severity", "ERROR")
    if severity not in ("ERROR", "WARNING"):
        raise AwsError("ValidationException", "'severity' must be ERROR or WARNING")
    limit = _max_results(call.body)
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
            409,
        )
    revisions.publish(latest, _string(call.body, "description", required=False))
    return {
        "creationDate": _time(latest.created_at),
        "stateMachineVersionArn": arns.state_machine(workflow.name, latest.number),
    }


@action("ListStateMachineVersions")
def list_state_machine_versions(call: Call) -> dict[str, Any]:
    workflow, parsed = _machine(call.body)
    return _listing(
        call.body,
        "stateMachineVersions",
        revisions.published(workflow).order_by("-number"),
        lambda v: {
            "stateMachineVersionArn": arns.state_machine(workflow.name, v.number),
            "creationDate": _time(v.created_at),
        },
    )


@action("DeleteStateMachineVersion")
def delete_state_machine_version(call: Call) -> dict[str, Any]:
    """Unpublish the version: no start, alias or listing finds it; its executions go on."""
    arn = _string(call.body, "stateMachineVersionArn")
    parsed = arns.parse(arn, "stateMachine")
    if parsed.version is None:
        raise AwsError("ValidationException", f"'{arn}' is not a state machine version ARN.")
    with transaction.atomic():
        workflow = Workflow.objects.select_for_update().filter(name=parsed.name).first()
        version = workflow and revisions.published(workflow).filter(number=parsed.version).first()
        if version is None:
            return {}  # AWS: deleting what is gone already succeeds
        if workflow.aliases.filter(routes__contains=[{"version": version.number}]).exists():
            raise AwsError(
                "ConflictException",
                f"Version '{arn}' is routed to by an alias: update or delete the alias first.",
                409,
            )
        revisions.mark_unpublished(version)
    return {}
