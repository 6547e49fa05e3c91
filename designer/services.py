"""Publishing workflow versions: validated, numbered, immutable."""

from __future__ import annotations

import json
import random
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, OuterRef, QuerySet, Subquery
from django.utils import timezone

from baton import jsontext
from engine.asl.validate import Diagnostic, validate

from .models import NAME_RULE, Alias, Workflow, WorkflowVersion


class DefinitionInvalid(Exception):
    """The definition has errors; `diagnostics` says what and where."""

    def __init__(self, diagnostics: list[Diagnostic]) -> None:
        super().__init__(f"{len(diagnostics)} problem(s) in the definition")
        self.diagnostics = diagnostics


def publish_version(
    workflow_name: str,
    definition: str | dict[str, Any],
    *,
    author: Any = None,
    description: str = "",
    reuse_unchanged: bool = False,
) -> WorkflowVersion:
    """Validate `definition` and save it as the next version of the workflow (created if new).

    With reuse_unchanged, a definition equal to the latest version returns that version.
    """
    source = definition if isinstance(definition, str) else json.dumps(definition, indent=2)
    errors = [d for d in diagnose(source) if d.severity == "error"]
    if errors:
        raise DefinitionInvalid(errors)
    parsed = json.loads(source)
    with transaction.atomic():
        workflow, _ = Workflow.objects.get_or_create(name=workflow_name)
        workflow = Workflow.objects.select_for_update().get(pk=workflow.pk)  # numbers in order
        latest = workflow.latest_version()
        if reuse_unchanged and latest is not None and latest.definition == parsed:
            return latest
        number = latest.number + 1 if latest else 1
        return WorkflowVersion.objects.create(
            workflow=workflow,
            number=number,
            definition=parsed,
            source=source,
            author=author,
            description=description,
        )


def diagnose(definition: str | dict[str, Any]) -> list[Diagnostic]:
    """Every problem in `definition` (a dict or JSON text), including values Postgres cannot
    store (NaN, Infinity, NUL characters), which AWS would not accept as JSON either."""
    text = definition if isinstance(definition, str) else json.dumps(definition)
    try:
        jsontext.loads(text, parse_constant=_refuse_constant)
    except (_NotJson, jsontext.Refused) as exc:
        message = str(exc) if isinstance(exc, _NotJson) else f"the definition {exc}"
        return [Diagnostic("invalid_json", message, "")]
    except ValueError:
        pass  # not JSON at all: validate() reports where
    if "\\u0000" in text or "\x00" in text:
        return [Diagnostic("invalid_json", "NUL characters (\\u0000) cannot be stored", "")]
    return validate(definition)


class _NotJson(ValueError):
    pass


def _refuse_constant(name: str) -> Any:
    raise _NotJson(f"{name} is not JSON")


class WorkflowExists(Exception):
    """A workflow of that name exists already (archived or not)."""


class WorkflowArchived(Exception):
    """The workflow is archived: no new versions and no new executions."""


def is_archived(workflow: Workflow) -> bool:
    """True once the workflow is archived. Used by the executions API to refuse starts."""
    return workflow.archived_at is not None


def check_name(name: str) -> None:
    """ValidationError unless `name` is a valid workflow or alias name."""
    NAME_RULE(name)


def create_workflow(
    name: str,
    definition: str | dict[str, Any],
    *,
    description: str = "",
    author: Any = None,
    comment: str = "",
) -> WorkflowVersion:
    """A new workflow with `definition` as version 1 (described by `comment`);
    WorkflowExists or DefinitionInvalid."""
    check_name(name)
    with transaction.atomic():
        try:
            with transaction.atomic():
                Workflow.objects.create(name=name, description=description)
        except IntegrityError:
            raise WorkflowExists(name) from None
        return publish_version(name, definition, author=author, description=comment)


def publish_next(
    workflow: Workflow,
    definition: str | dict[str, Any],
    *,
    author: Any = None,
    description: str = "",
) -> WorkflowVersion:
    """The next version of an existing workflow; refused while it is archived."""
    if is_archived(workflow):
        raise WorkflowArchived(workflow.name)
    return publish_version(workflow.name, definition, author=author, description=description)


def import_definition(name: str, text: str, *, description: str = "") -> WorkflowVersion:
    """Publish JSON text (an exported Step Functions definition) as `name`'s next version."""
    workflow = Workflow.objects.filter(name=name).first()
    if workflow is None:
        check_name(name)
        return publish_version(name, text, description=description)
    return publish_next(workflow, text, description=description)


def update_workflow(
    workflow: Workflow, *, description: str | None = None, archived: bool | None = None
) -> Workflow:
    """Change the description, or archive (keeping every version and execution) or restore."""
    if description is not None:
        workflow.description = description
    if archived is not None and archived != is_archived(workflow):
        workflow.archived_at = timezone.now() if archived else None
    workflow.save(update_fields=["description", "archived_at"])
    return workflow


def list_workflows(archived: bool | None = None) -> QuerySet[Workflow]:
    """Workflows by name (only archived or only active ones if asked), each annotated with
    latest_number and latest_created_at in the same query."""
    latest = WorkflowVersion.objects.filter(workflow=OuterRef("pk")).order_by("-number")
    workflows = Workflow.objects.annotate(
        latest_number=Subquery(latest.values("number")[:1]),
        latest_created_at=Subquery(latest.values("created_at")[:1]),
    )
    if archived is not None:
        workflows = workflows.filter(archived_at__isnull=not archived)
    return workflows


def execution_counts(workflow: Workflow) -> dict[str, int]:
    """How many executions of `workflow` are in each status (every status named, zeros too)."""
    from engine.models import Execution, Status

    counts = dict.fromkeys(Status.values, 0)
    rows = Execution.objects.filter(workflow=workflow).values_list("status").annotate(n=Count("id"))
    counts.update(dict(rows))
    return counts


def put_alias(
    workflow: Workflow, name: str, routes: Any, *, description: str = ""
) -> tuple[Alias, bool]:
    """Create or replace the alias `name`: (alias, created). AliasInvalid when it cannot route."""
    try:
        check_name(name)
    except ValidationError as exc:
        raise AliasInvalid(f"Alias name: {exc.messages[0]}") from None
    cleaned = check_routes(workflow, routes)
    return Alias.objects.update_or_create(
        workflow=workflow, name=name, defaults={"routes": cleaned, "description": description}
    )


class AliasInvalid(Exception):
    """Routes must name one or two existing versions with weights summing to 100."""


def check_routes(workflow: Workflow, routes: Any) -> list[dict[str, int]]:
    """Validated alias routes, or AliasInvalid saying what is wrong."""
    if not isinstance(routes, list) or not 1 <= len(routes) <= 2:
        raise AliasInvalid("An alias routes to one version, or to two with weights.")
    cleaned = []
    for route in routes:
        if not isinstance(route, dict) or not isinstance(route.get("version"), int):
            raise AliasInvalid("Each route needs an integer 'version'.")
        weight = route.get("weight", 100 if len(routes) == 1 else None)
        if not isinstance(weight, int) or not 0 <= weight <= 100:
            raise AliasInvalid("Each route needs an integer 'weight' from 0 to 100.")
        if not workflow.versions.filter(number=route["version"]).exists():
            raise AliasInvalid(f"Version {route['version']} of '{workflow.name}' does not exist.")
        cleaned.append({"version": route["version"], "weight": weight})
    if sum(route["weight"] for route in cleaned) != 100:
        raise AliasInvalid("The weights of an alias's routes must sum to 100.")
    if len({route["version"] for route in cleaned}) != len(cleaned):
        raise AliasInvalid("The two routes of an alias must name different versions.")
    return cleaned


def resolve_alias(alias: Alias, rng: random.Random | None = None) -> WorkflowVersion:
    """The version an execution started through `alias` runs: chosen by the routes' weights."""
    pick = (rng or random).uniform(0, 100)
    chosen = alias.routes[-1]["version"]
    for route in alias.routes:
        pick -= route["weight"]
        if pick < 0:
            chosen = route["version"]
            break
    return alias.workflow.versions.get(number=chosen)
