"""Building the interpreter's Runner for an execution, and running it with quick functions.

Used by runtime.py and stops.py inside the transaction that holds the execution's row lock.
"""

from __future__ import annotations

import time
from typing import Any

from django.utils import timezone

from . import conf, definitions, inline, program_rows
from .asl import mockfile
from .asl.interpreter import Options, Runner
from .models import Execution, ExecutionMocks
from .telemetry import observe


class RealTaskInTestRun(RuntimeError):
    """A test run asked for a real task: its program lost its mocks. Never run it; the
    execution fails alone (engine/isolation.py) instead."""


def run(runner: Runner, execution: Execution) -> None:
    """Run the interpreter, then quick functions inline (engine/inline.py), in this transaction."""
    runner.run()
    if execution.test_run and any(effect["kind"] == "task" for effect in runner.effects):
        raise RealTaskInTestRun(f"Test run {execution.id} asked for a real task.")
    inline.run_inline(runner, execution)


def runner_for(execution: Execution) -> Runner:
    """A Runner over the execution's program, stopping after TRANSITION_SECONDS of work."""
    options = Options(
        now=timezone.now(),
        max_payload_bytes=conf.engine_setting("PAYLOAD_LIMIT_BYTES"),
        max_history_events=conf.engine_setting("HISTORY_LIMIT_EVENTS"),
        deadline=time.monotonic() + transition_seconds(),
        observe=observe.is_on(),
    )
    definition = definitions.definition_of(execution.version_id)
    program = {} if execution.program is None else program_rows.loaded(execution)
    return Runner(definition, program, options)


def started_runner(execution: Execution) -> Runner:
    """runner_for(execution), with ExecutionStarted recorded first if it has not started."""
    runner = runner_for(execution)
    if execution.program is None:
        runner.program = new_program(execution)
        runner.start(execution.input)
    return runner


def transition_seconds() -> float:
    return float(conf.engine_setting("TRANSITION_SECONDS"))


def new_program(execution: Execution) -> dict[str, Any]:
    """A fresh program for an execution that has not started: its context object and tokens."""
    program = program_rows.fresh(execution)
    if execution.test_run:  # the interpreter answers its tasks from these (asl/tasks.py)
        row = ExecutionMocks.objects.get(execution_id=execution.id)
        program["mocks"] = mockfile.mocks_for(row.config, row.machine, row.test_case)
    return program
