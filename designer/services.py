"""Publishing workflow versions: validated, numbered, immutable."""

from __future__ import annotations

import json
import random
from typing import Any

from django.db import transaction

from engine.asl.validate import Diagnostic, validate

from .models import Alias, Workflow, WorkflowVersion


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
    errors = [d for d in validate(source) if d.severity == "error"]
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
