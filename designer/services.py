"""Publishing workflow versions: validated, numbered, immutable."""

from __future__ import annotations

import json
from typing import Any

from django.db import transaction

from engine.asl.validate import Diagnostic, validate

from .models import Workflow, WorkflowVersion


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
