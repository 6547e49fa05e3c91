"""Testing one state of a draft definition (POST /api/test-state/): validated as a version would
be, then run through the interpreter alone (engine/asl/inspection.py), with a context object
shaped like an execution's. Nothing is stored and nothing is called.
"""

from __future__ import annotations

import json
import uuid
from typing import Any

from django.utils import timezone

from designer.services import DefinitionInvalid, diagnose

from .asl import inspection
from .asl.validate import ERROR
from .conf import engine_setting

MACHINE = "test-state"  # the context object's state machine name: the draft has none yet


def inspect_draft_state(
    definition: str | dict[str, Any],
    state: str,
    input_value: Any,
    *,
    mock: dict[str, Any] | None = None,
    variables: dict[str, Any] | None = None,
    retry_count: int = 0,
) -> dict[str, Any]:
    """TestState's answer for `state` (DefinitionInvalid, or inspection.CannotTest)."""
    problems = [d for d in diagnose(definition) if d.severity == ERROR]
    if problems:
        raise DefinitionInvalid(problems)
    parsed = json.loads(definition) if isinstance(definition, str) else definition
    now = timezone.now()
    return inspection.inspect_state(
        parsed,
        state,
        input_value,
        context=_context(input_value, now),
        mock=mock,
        variables=variables,
        retry_count=retry_count,
        now=now,
    )


def _context(input_value: Any, now: Any) -> dict[str, Any]:
    """$$.Execution and $$.StateMachine as runners.new_program makes them."""
    region, account = engine_setting("REGION"), engine_setting("ACCOUNT_ID")
    name = str(uuid.uuid4())
    return {
        "Execution": {
            "Id": f"arn:aws:states:{region}:{account}:execution:{MACHINE}:{name}",
            "Input": input_value,
            "Name": name,
            "RoleArn": f"arn:aws:iam::{account}:role/baton",
            "StartTime": now.isoformat().replace("+00:00", "Z"),
            "RedriveCount": 0,
        },
        "StateMachine": {
            "Id": f"arn:aws:states:{region}:{account}:stateMachine:{MACHINE}",
            "Name": MACHINE,
        },
    }
