"""Test runs: a draft definition executed by the real engine, its Tasks answered by mocks.

The mocks are a Step Functions Local mock configuration file (engine/asl/mockfile.py). The
draft is kept as a test draft (designer/drafts.py), so no version number moves; the execution
is an ordinary durable one, marked `test_run`, with the file on its ExecutionMocks row and the
chosen test case's answers in its program. The interpreter answers every Task from them where a
Task's work would otherwise be scheduled (asl/tasks.py), so no resource is ever called.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction

from designer.drafts import save_test_draft
from designer.services import WorkflowArchived, is_archived

from . import workflows
from .asl import mockfile
from .executions import start_execution
from .models import Execution, ExecutionMocks


def start_test_run(
    definition: str | dict[str, Any],
    mocks: Any,
    *,
    workflow: str | None = None,
    input_value: Any = None,
    test_case: str | None = None,
    author: Any = None,
) -> Execution:
    """Start `definition` as a test run of `workflow` (None: a draft saved as no workflow yet).

    Refused, with nothing kept: WorkflowNotFound, WorkflowArchived, MockConfigInvalid (the file,
    or which machine and test case to use), DefinitionInvalid, InputTooLarge.
    """
    target = workflows.find_workflow(workflow) if workflow is not None else None
    if target is not None and is_archived(target):
        raise WorkflowArchived(target.name)
    mockfile.check(mocks)
    machine, case = mockfile.choose(mocks, workflow, test_case)
    with transaction.atomic():  # the draft goes if anything after it is refused
        version = save_test_draft(target, definition, author=author)
        mockfile.check_states(mocks, machine, case, version.definition)
        execution, _ = start_execution(version, input_value, test_run=True)
        # In the execution's transaction: no engine can start it without its mocks.
        ExecutionMocks.objects.create(
            execution=execution, config=mocks, machine=machine, test_case=case
        )
    return execution
