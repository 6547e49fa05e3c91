"""Definitions saved only for a test run to execute (engine/testruns.py): test drafts.

A test draft is a WorkflowVersion with is_test_draft set and number 0. The default manager
leaves it out, so it is in no version list, never the latest version, never named by a number
or an alias, and publishing never counts it: test runs do not move version numbers. A draft of
a workflow that does not exist yet belongs to the hidden UNSAVED_DRAFTS workflow.
"""

from __future__ import annotations

import json
from typing import Any

from .models import UNSAVED_DRAFTS, Workflow, WorkflowVersion
from .services import DefinitionInvalid, diagnose


def save_test_draft(
    workflow: Workflow | None, definition: str | dict[str, Any], *, author: Any = None
) -> WorkflowVersion:
    """Validate `definition` (DefinitionInvalid) and keep it as a test draft of `workflow`, or
    of UNSAVED_DRAFTS when None; a draft with the same definition is used again."""
    source = definition if isinstance(definition, str) else json.dumps(definition, indent=2)
    problems = [d for d in diagnose(source) if d.severity == "error"]
    if problems:
        raise DefinitionInvalid(problems)
    parsed = json.loads(source)
    if workflow is None:
        workflow, _ = Workflow.everything.get_or_create(name=UNSAVED_DRAFTS)
    drafts = WorkflowVersion.everything.filter(workflow=workflow, is_test_draft=True)
    existing = drafts.filter(definition=parsed).first()
    if existing is not None:
        return existing
    return WorkflowVersion.everything.create(
        workflow=workflow,
        number=0,
        is_test_draft=True,
        definition=parsed,
        source=source,
        author=author,
    )
