"""Versions never change once published, so each engine process reads a definition once."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from designer.models import Workflow, WorkflowVersion


@lru_cache(maxsize=1024)
def definition_of(version_id: int) -> dict[str, Any]:
    """The definition of a version, published or a test draft (immutable: WorkflowVersion.save
    refuses updates)."""
    return WorkflowVersion.everything.values_list("definition", flat=True).get(id=version_id)


@lru_cache(maxsize=1024)
def workflow_name(workflow_id: int) -> str:
    """A workflow's name; names are fixed once created."""
    return Workflow.everything.values_list("name", flat=True).get(id=workflow_id)
