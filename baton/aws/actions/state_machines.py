"""State machine, version, alias and tag actions, on top of the designer's services.

One Baton workflow is one state machine; its versions and aliases are the machine's. Baton keeps
every definition as a numbered version, so UpdateStateMachine always records one; `publish`
only decides whether the response names it. DeleteStateMachine archives the workflow.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from baton.models import AwsTags
from designer import services
from designer.models import Alias, Workflow, WorkflowVersion
from engine.conf import engine_setting

from .. import arns
from . import AwsError, Call, action

ALIAS_NAME = re.compile(r"^(?=.*[A-Za-z_-])[A-Za-z0-9_-]{1,80}$")
MAX_RESULTS = 1000


def _time(moment: datetime | None) -> float | None:
    return moment.timestamp() if moment else None


def _role_arn() -> str:
    return f"arn:aws:iam::{engine_setting('ACCOUNT_ID')}:role/baton"


def _string(body: dict[str, Any], field: str, *, required: bool = True) -> str | None:
    value = body.get(field)
    if value is None:
        if required:
            raise AwsError(
                "ValidationException", f"1 validation error detected: '{field}' is required"
            )
        return None
    if not isinstance(value, str):
        raise AwsError("ValidationException", f"'{field}' must be a string")
    return value


def _page(body: dict[str, Any], items: list[Any]) -> tuple[list[Any], str | None]:
    """Items for this page and the nextToken for the next (an offset), if any."""
    size = body.get("maxResults") or 100
    token = body.get("nextToken")
    if not isinstance(size, int) or not 0 <= size <= MAX_RESULTS:
        raise AwsError("ValidationException", "'maxResults' must be from 0 to 1000")
    try:
        start = int(token) if token else 0
    except (TypeError, ValueError):
        raise AwsError(
            "InvalidToken", "Invalid Token: the nextToken is not one Baton gave"
        ) from None
    size = size or 100
    end = start + size
    return items[start:end], (str(end) if end < len(items) else None)


def _workflow(name: str, arn: str) -> Workflow:
    workflow = Workflow.objects.filter(name=name, archived_at=None).first()
    if workflow is None:
        raise AwsError("StateMachineDoesNotExist", f"State Machine Does Not Exist: '{arn}'")
    return workflow


def _machine(body: dict[str, Any], field: str = "stateMachineArn") -> tuple[Workflow, arns.Arn]:
    arn = _string(body, field)
    parsed = arns.parse(arn, "stateMachine")
    return _workflow(parsed.name, arn), parsed


def _version(workflow: Workflow, number: int, arn: str) -> WorkflowVersion:
    version = workflow.versions.filter(number=number).first()
    if version is None:
        raise AwsError("StateMachineDoesNotExist", f"State Machine Does Not Exist: '{arn}'")
    return version


def _invalid(diagnostics: list[Any]) -> AwsError:
    first = diagnostics[0]
    where = f" at {first.location}" if first.location else ""
    return AwsError(
        "InvalidDefinition",
        f"Invalid State Machine Definition: '{first.code}: {first.message}{where}'",
    )


def _check_name(name: str) -> None:
    try:
        services.check_name(name)
    except ValidationError as exc:
        raise AwsError("InvalidName", f"Invalid Name: '{name}': {exc.messages[0]}") from None


def _tags(body: dict[str, Any]) -> dict[str, str]:
    tags = body.get("tags") or []
    if not isinstance(tags, list) or not all(
        isinstance(t, dict)
        and isinstance(t.get("key"), str)
        and isinstance(t.get("value", ""), str)
        for t in tags
    ):
        raise AwsError("ValidationException", "'tags' must be a list of {key, value}")
    return {t["key"]: t.get("value", "") for t in tags}


def _add_tags(arn: str, tags: dict[str, str]) -> None:
    if tags:
        row, _ = AwsTags.objects.get_or_create(arn=arn)
        row.tags = {**row.tags, **tags}
        if len(row.tags) > 50:
            raise AwsError("TooManyTags", "A resource can have at most 50 tags.")
        row.save(update_fields=["tags"])


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


def _routes(workflow: Workflow, body: dict[str, Any]) -> list[dict[str, int]]:
    config = body.get("routingConfiguration")
    if not isinstance(config, list) or not 1 <= len(config) <= 2:
        raise AwsError(
            "ValidationException", "'routingConfiguration' must list one or two versions"
        )
    routes = []
    for route in config:
        if not isinstance(route, dict):
            raise AwsError("ValidationException", "Each route needs a version ARN and a weight.")
        version_arn = route.get("stateMachineVersionArn")
        parsed = arns.parse(version_arn, "stateMachine")
        if parsed.name != workflow.name or parsed.version is None:
            raise AwsError(
                "ValidationException",
                f"'{version_arn}' is not a version of '{arns.state_machine(workflow.name)}'",
            )
        if not workflow.versions.filter(number=parsed.version).exists():
            raise AwsError("ResourceNotFound", f"Resource not found: '{version_arn}'")
        routes.append({"version": parsed.version, "weight": route.get("weight")})
    try:
        return services.check_routes(workflow, routes)
    except services.AliasInvalid as exc:
        raise AwsError("ValidationException", str(exc)) from None


def _routing(alias: Alias) -> list[dict[str, Any]]:
    return [
        {
            "stateMachineVersionArn": arns.state_machine(alias.workflow.name, r["version"]),
            "weight": r["weight"],
        }
        for r in alias.routes
    ]


def _alias(body: dict[str, Any]) -> Alias:
    arn = _string(body, "stateMachineAliasArn")
    parsed = arns.parse(arn, "stateMachine")
    if parsed.alias is None:
        raise AwsError("InvalidArn", f"Invalid Arn: '{arn}' is not an alias ARN")
    alias = (
        Alias.objects.select_related("workflow")
        .filter(workflow__name=parsed.name, workflow__archived_at=None, name=parsed.alias)
        .first()
    )
    if alias is None:
        raise AwsError("ResourceNotFound", f"Resource not found: '{arn}'")
    return alias


@action("CreateStateMachineAlias")
def create_state_machine_alias(call: Call) -> dict[str, Any]:
    name = _string(call.body, "name")
    if not ALIAS_NAME.match(name):
        raise AwsError(
            "ValidationException",
            f"Invalid alias name '{name}': use 1-80 letters, digits, '-' or '_', not only digits",
        )
    config = call.body.get("routingConfiguration")
    first = None
    if isinstance(config, list) and config and isinstance(config[0], dict):
        first = config[0].get("stateMachineVersionArn")
    parsed = arns.parse(first, "stateMachine")
    workflow = _workflow(parsed.name, arns.state_machine(parsed.name))
    routes = _routes(workflow, call.body)
    description = _string(call.body, "description", required=False) or ""
    with transaction.atomic():
        existing = Alias.objects.filter(workflow=workflow, name=name).first()
        if existing is not None:
            if existing.routes != routes or existing.description != description:
                raise AwsError(
                    "ConflictException",
                    f"Alias '{arns.state_machine(workflow.name, name)}' exists with another "
                    "configuration.",
                )
            alias = existing
        else:
            alias, _ = services.put_alias(workflow, name, routes, description=description)
    return {
        "stateMachineAliasArn": arns.state_machine(workflow.name, alias.name),
        "creationDate": _time(alias.created_at),
    }


@action("UpdateStateMachineAlias")
def update_state_machine_alias(call: Call) -> dict[str, Any]:
    alias = _alias(call.body)
    if "routingConfiguration" in call.body:
        alias.routes = _routes(alias.workflow, call.body)
    description = _string(call.body, "description", required=False)
    if description is not None:
        alias.description = description
    alias.save()
    return {"updateDate": _time(alias.updated_at)}


@action("DescribeStateMachineAlias")
def describe_state_machine_alias(call: Call) -> dict[str, Any]:
    alias = _alias(call.body)
    response = {
        "stateMachineAliasArn": arns.state_machine(alias.workflow.name, alias.name),
        "name": alias.name,
        "routingConfiguration": _routing(alias),
        "creationDate": _time(alias.created_at),
        "updateDate": _time(alias.updated_at),
    }
    if alias.description:
        response["description"] = alias.description
    return response


@action("ListStateMachineAliases")
def list_state_machine_aliases(call: Call) -> dict[str, Any]:
    workflow, parsed = _machine(call.body)
    aliases = list(workflow.aliases.order_by("name"))
    page, token = _page(call.body, aliases)
    response: dict[str, Any] = {
        "stateMachineAliases": [
            {
                "stateMachineAliasArn": arns.state_machine(workflow.name, a.name),
                "creationDate": _time(a.created_at),
            }
            for a in page
        ]
    }
    if token:
        response["nextToken"] = token
    return response


@action("DeleteStateMachineAlias")
def delete_state_machine_alias(call: Call) -> dict[str, Any]:
    alias = _alias(call.body)
    AwsTags.objects.filter(arn=arns.state_machine(alias.workflow.name, alias.name)).delete()
    alias.delete()
    return {}


def _resource(body: dict[str, Any]) -> str:
    """The ARN of an existing state machine or alias (tags live on those), else ResourceNotFound."""
    arn = _string(body, "resourceArn")
    parsed = arns.parse(arn, "stateMachine", "activity")
    if parsed.kind == "stateMachine" and parsed.version is None:
        workflow = Workflow.objects.filter(name=parsed.name, archived_at=None).first()
        if workflow is not None and (
            parsed.alias is None or workflow.aliases.filter(name=parsed.alias).exists()
        ):
            return arn
    if parsed.kind == "activity" and AwsTags.objects.filter(arn=arn).exists():
        return arn
    raise AwsError("ResourceNotFound", f"Resource not found: '{arn}'")


@action("TagResource")
def tag_resource(call: Call) -> dict[str, Any]:
    arn = _resource(call.body)
    _add_tags(arn, _tags(call.body))
    return {}


@action("UntagResource")
def untag_resource(call: Call) -> dict[str, Any]:
    arn = _resource(call.body)
    keys = call.body.get("tagKeys")
    if not isinstance(keys, list) or not all(isinstance(k, str) for k in keys):
        raise AwsError("ValidationException", "'tagKeys' must be a list of strings")
    row = AwsTags.objects.filter(arn=arn).first()
    if row is not None:
        row.tags = {k: v for k, v in row.tags.items() if k not in keys}
        row.save(update_fields=["tags"])
    return {}


@action("ListTagsForResource")
def list_tags_for_resource(call: Call) -> dict[str, Any]:
    arn = _resource(call.body)
    row = AwsTags.objects.filter(arn=arn).first()
    tags = row.tags if row else {}
    return {"tags": [{"key": k, "value": v} for k, v in sorted(tags.items())]}
