"""What of a program the execution's row stores, and what is rebuilt from the row on load.

The interpreter reads `$$.Execution`, `$$.StateMachine` and the task token prefix from its
program (engine/asl/program.py). All three follow from the execution's row (id, name, input,
start time, redrive count, workflow) and one random secret, so the row stores only the secret:
a parked execution would otherwise carry about 500 bytes that repeat its own columns (bench W6).
Threads are stored without their id (the key they are stored under) and without the fields
that still hold their starting value (THREAD_STARTS): another 130 bytes for a one-thread
program. `loaded` puts all of it back before a runner reads the program; `stored` leaves it out.
"""

from __future__ import annotations

import secrets
from typing import Any

from . import conf, definitions
from .asl import program as programs
from .models import Execution

DERIVED = ("execution", "state_machine", "token_prefix")
SECRET = "token_secret"
# Every thread starts with these (asl/program.py new_thread).
THREAD_STARTS: dict[str, Any] = {
    "parent": None,
    "slot": None,
    "machine": [],
    "vars": {},
    "retries": {},
    "retrying": False,
}


def fresh(execution: Execution) -> dict[str, Any]:
    """A new program for an execution that has not started, with a new token secret."""
    program = programs.new_program({}, {}, "")
    program[SECRET] = secrets.token_urlsafe(16)
    return _with_context(program, execution)


def loaded(execution: Execution) -> dict[str, Any]:
    """The execution's stored program with its context and token prefix back in place."""
    program = execution.program
    if SECRET not in program:  # stored before the prefix was derived: "<id>.<secret>."
        program[SECRET] = program["token_prefix"].split(".")[1]
    for thread_id, thread in program["threads"].items():
        thread["id"] = thread_id
        for key, start in THREAD_STARTS.items():
            if key not in thread:  # a new list or dict each: loaded threads share none
                thread[key] = start.copy() if isinstance(start, (list, dict)) else start
    return _with_context(program, execution)


def stored(program: dict[str, Any]) -> dict[str, Any]:
    """The program as the row keeps it: without what `loaded` rebuilds. A copy: the runner's
    program stays whole."""
    kept = {key: value for key, value in program.items() if key not in DERIVED}
    kept["threads"] = {
        thread_id: {key: value for key, value in thread.items() if not _derived(key, value)}
        for thread_id, thread in program["threads"].items()
    }
    return kept


def _derived(key: str, value: Any) -> bool:
    """True for a thread field that `loaded` restores: the id, or a field at its start value."""
    return key == "id" or (key in THREAD_STARTS and value == THREAD_STARTS[key])


def _with_context(program: dict[str, Any], execution: Execution) -> dict[str, Any]:
    region, account = conf.engine_setting("REGION"), conf.engine_setting("ACCOUNT_ID")
    workflow = definitions.workflow_name(execution.workflow_id)
    program["execution"] = {
        "Id": f"arn:aws:states:{region}:{account}:execution:{workflow}:{execution.name}",
        "Input": execution.input,
        "Name": execution.name,
        "RoleArn": f"arn:aws:iam::{account}:role/baton",
        "StartTime": execution.started_at.isoformat().replace("+00:00", "Z"),
        "RedriveCount": execution.redrive_count,
    }
    program["state_machine"] = {
        "Id": f"arn:aws:states:{region}:{account}:stateMachine:{workflow}",
        "Name": workflow,
    }
    program["token_prefix"] = f"{execution.id}.{program[SECRET]}."
    return program
