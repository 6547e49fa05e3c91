"""states-language.net — Succeed State: ends its machine (or branch) successfully."""

from __future__ import annotations

from ..outcomes import End
from .base import State, StateRun, effective_input, output_path


class SucceedState(State):
    def enter(self, run: StateRun) -> End:
        if run.is_jsonata:
            output = (
                run.evaluate(run.node["Output"], "Output") if "Output" in run.node else run.input
            )
            return End(output)
        return End(output_path(run, effective_input(run)))
