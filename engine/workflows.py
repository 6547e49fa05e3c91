"""Which workflow a caller means and which of its versions a new execution runs.

One resolver for every caller that starts executions: the REST API, /aws/, sub-workflow tasks,
schedules and the pages. The rules:

- a workflow is found by name; an archived one starts nothing (WorkflowArchived);
- an alias routes by its weights (designer.services.resolve_alias; `rng` makes it repeatable);
- a version number names that version; `numbered` narrows the versions a number may name
  (/aws/ passes only published ones);
- neither: the latest version.

Failures are domain exceptions; each caller translates them into its own errors.
"""

from __future__ import annotations

import random

from django.db import connection
from django.db.models import QuerySet

from designer.models import UNSAVED_DRAFTS, Alias, Workflow, WorkflowVersion
from designer.services import WorkflowArchived, is_archived, resolve_alias

__all__ = [
    "AliasNotFound",
    "VersionNotFound",
    "WorkflowArchived",
    "WorkflowNotFound",
    "find_target",
    "find_workflow",
    "resolve_version",
]


class WorkflowNotFound(LookupError):
    def __init__(self, name: str) -> None:
        super().__init__(f"No workflow is called '{name}'.")
        self.name = name


class VersionNotFound(LookupError):
    """The workflow has no such version (no version at all, when `number` is None)."""

    def __init__(self, workflow: Workflow, number: int | None) -> None:
        super().__init__(f"Workflow '{workflow.name}' has no version {number or ''}".rstrip() + ".")
        self.workflow, self.number = workflow, number


class AliasNotFound(LookupError):
    def __init__(self, workflow: Workflow, alias: str) -> None:
        super().__init__(f"Workflow '{workflow.name}' has no alias '{alias}'.")
        self.workflow, self.alias = workflow, alias


def find_workflow(name: str) -> Workflow:
    """The workflow called `name`, archived or not."""
    workflow = Workflow.objects.filter(name=name).first()
    if workflow is None:
        raise WorkflowNotFound(name)
    return workflow


def resolve_version(
    workflow: Workflow,
    *,
    version: int | None = None,
    alias: str | None = None,
    rng: random.Random | None = None,
    numbered: QuerySet[WorkflowVersion] | None = None,
) -> WorkflowVersion:
    """The version a new execution of `workflow` runs (see the module's rules)."""
    if is_archived(workflow):
        raise WorkflowArchived(workflow.name)
    if alias is not None:
        route = Alias.objects.filter(workflow=workflow, name=alias).first()
        if route is None:
            raise AliasNotFound(workflow, alias)
        route.workflow = workflow
        return resolve_alias(route, rng)
    if version is None:
        chosen = workflow.latest_version()
    else:
        candidates = workflow.versions.all() if numbered is None else numbered
        chosen = candidates.filter(number=version).first()
    if chosen is None:
        raise VersionNotFound(workflow, version)
    return chosen


_WORKFLOW_FIELDS = ("id", "name", "description", "created_at", "archived_at")
_VERSION_FIELDS = ("id", "number", "is_test_draft")
# The workflow and the version a start runs, in one statement: the latest published version,
# or the one numbered %(number)s. Nothing is cached, so a new version counts at once.
_COLUMNS = ", ".join([*("w." + f for f in _WORKFLOW_FIELDS), *("v." + f for f in _VERSION_FIELDS)])
_TARGET_SQL = f"""
SELECT {_COLUMNS}
FROM {Workflow._meta.db_table} w
LEFT JOIN LATERAL (
    SELECT id, number, is_test_draft FROM {WorkflowVersion._meta.db_table}
    WHERE workflow_id = w.id AND NOT is_test_draft
      AND (%(number)s::integer IS NULL OR number = %(number)s::integer)
    ORDER BY number DESC LIMIT 1
) v ON true
WHERE w.name = %(name)s AND w.name <> %(drafts)s
"""


def find_target(name: str, *, version: int | None = None) -> WorkflowVersion:
    """find_workflow + resolve_version (by number, or the latest) in one query, with the same
    errors; for the start path (engine.execution_services.start). The version comes back with
    only id, number and is_test_draft loaded (the rest on first use) and its workflow attached."""
    with connection.cursor() as cursor:
        cursor.execute(_TARGET_SQL, {"name": name, "number": version, "drafts": UNSAVED_DRAFTS})
        row = cursor.fetchone()
    if row is None:
        raise WorkflowNotFound(name)
    split = len(_WORKFLOW_FIELDS)
    workflow = Workflow.from_db(connection.alias, _WORKFLOW_FIELDS, row[:split])
    if is_archived(workflow):
        raise WorkflowArchived(workflow.name)
    if row[split] is None:
        raise VersionNotFound(workflow, version)
    chosen = WorkflowVersion.from_db(connection.alias, _VERSION_FIELDS, row[split:])
    chosen.workflow_id = workflow.id
    chosen.workflow = workflow
    return chosen
