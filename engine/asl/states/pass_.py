"""states-language.net — Pass State: passes its input, a Result or Parameters on."""

from __future__ import annotations

from ..outcomes import End, Next
from .base import State, StateRun, effective_input, finish, note, parameters


class PassState(State):
    def enter(self, run: StateRun) -> Next | End:
        if run.is_jsonata:
            return finish(run, None, has_result=False)
        if "Result" in run.node:  # keys ending in .$ stay literal in a Result
            return finish(run, note(run, "result", run.node["Result"]))
        return finish(run, parameters(run, effective_input(run)))
