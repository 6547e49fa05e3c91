"""Alias actions: a name routing to one version, or two by weight."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from baton.models import AwsTags
from designer import services
from designer.models import Alias, Workflow

from .. import arns, revisions
from . import AwsError, Call, action
from .common import (
    ALIAS_NAME,
    _listing,
    _machine,
    _string,
    _time,
    _version,
    _workflow,
)


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
        if not revisions.published(workflow).filter(number=parsed.version).exists():
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
                    409,
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
    """The machine's aliases; for a version ARN, the aliases that route to that version."""
    workflow, parsed = _machine(call.body)
    if parsed.alias is not None:
        raise AwsError("InvalidArn", f"Invalid Arn: '{call.body['stateMachineArn']}'")
    aliases = workflow.aliases.order_by("name")
    if parsed.version is not None:
        _version(workflow, parsed.version, call.body["stateMachineArn"])
        aliases = aliases.filter(routes__contains=[{"version": parsed.version}])
    return _listing(
        call.body,
        "stateMachineAliases",
        aliases,
        lambda a: {
            "stateMachineAliasArn": arns.state_machine(workflow.name, a.name),
            "creationDate": _time(a.created_at),
        },
    )


@action("DeleteStateMachineAlias")
def delete_state_machine_alias(call: Call) -> dict[str, Any]:
    alias = _alias(call.body)
    AwsTags.objects.filter(arn=arns.state_machine(alias.workflow.name, alias.name)).delete()
    alias.delete()
    return {}
