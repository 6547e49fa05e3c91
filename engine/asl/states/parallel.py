"""states-language.net — Parallel State: runs every branch on the same input.

The result is the array of branch outputs in branch order; a failed branch fails the state
with the branch's own error and cause, and its siblings are stopped.
"""

from __future__ import annotations

from ..outcomes import Fork
from .base import State, StateRun, arguments, effective_input, parameters


class ParallelState(State):
    def enter(self, run: StateRun) -> Fork:
        if run.is_jsonata:
            value = arguments(run)
        else:
            value = parameters(run, effective_input(run))
        branches = run.node.get("Branches", [])
        machines = [
            [*run.machine_path, "States", run.name, "Branches", i] for i in range(len(branches))
        ]
        return Fork("parallel", [value] * len(branches), machines=machines)
