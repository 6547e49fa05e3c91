"""What every state shares: the run record it sees and the input/output pipelines of both
query languages (states-language.net — Input and Output Processing; AWS — JSONata).

A run may carry a `trace` (a dict): then each stage of the pipeline records its value under
TestState's inspectionData name (engine.asl.inspection). The Runner passes none, so an
execution's states record nothing and allocate nothing for it.
"""

from __future__ import annotations

import random
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from .. import jsonata, jsonpath, templates
from ..outcomes import End, Next
from ..scope import Scope

JSONATA = "JSONata"


@dataclass
class StateRun:
    """One state's run: its definition node and everything its expressions can see."""

    name: str
    node: Mapping[str, Any]
    input: Any  # the raw state input
    context: dict[str, Any]
    variables: Mapping[str, Any]
    query_language: str = "JSONPath"
    now: datetime | None = None
    rng: random.Random = field(default_factory=random.Random)
    machine_path: list[Any] = field(default_factory=list)  # where this state's machine sits
    trace: dict[str, Any] | None = None  # stages of the data flow, when inspected

    @property
    def is_jsonata(self) -> bool:
        return self.query_language == JSONATA

    def scope(self, value: Any) -> Scope:
        return Scope(input=value, context=self.context, variables=self.variables)

    def bindings(self, **states: Any) -> dict[str, Any]:
        """Names a JSONata expression sees: $states plus every variable."""
        return {
            **self.variables,
            "states": {"input": self.input, "context": self.context, **states},
        }

    def evaluate(self, value: Any, field_name: str, **states: Any) -> Any:
        """A JSONata field's value with its {% %} expressions evaluated."""
        return jsonata.render(value, self.bindings(**states), field=field_name)


def note(run: StateRun, stage: str, value: Any) -> Any:
    """Record `value` as the stage `stage` of a traced run; give it back either way."""
    if run.trace is not None:
        run.trace[stage] = value
    return value


def effective_input(run: StateRun) -> Any:
    """JSONPath InputPath: `$` by default, `{}` when null."""
    if "InputPath" not in run.node:
        return note(run, "afterInputPath", run.input)
    path = run.node["InputPath"]
    value = {} if path is None else jsonpath.select(path, run.scope(run.input))
    return note(run, "afterInputPath", value)


def parameters(run: StateRun, value: Any) -> Any:
    """JSONPath Parameters applied to the effective input, when the state has them."""
    if "Parameters" in run.node:
        template = run.node["Parameters"]
        value = templates.render_payload(template, run.scope(value), field="Parameters")
    return note(run, "afterParameters", value)


def arguments(run: StateRun) -> Any:
    """JSONata Arguments (Task, Parallel): the state input when the state has none."""
    if "Arguments" not in run.node:
        return note(run, "afterArguments", run.input)
    return note(run, "afterArguments", run.evaluate(run.node["Arguments"], "Arguments"))


def output_path(run: StateRun, value: Any) -> Any:
    """JSONPath OutputPath: `$` by default, `{}` when null."""
    if "OutputPath" not in run.node:
        return value
    path = run.node["OutputPath"]
    return {} if path is None else jsonpath.select(path, run.scope(value))


def jsonpath_assign(run: StateRun, result: Any) -> dict[str, Any] | None:
    """JSONPath Assign: `$` is the state's result (after ResultSelector)."""
    if "Assign" not in run.node:
        return None
    return templates.render_payload(run.node["Assign"], run.scope(result), field="Assign")


def finish(run: StateRun, result: Any, *, has_result: bool = True) -> Next | End:
    """The shared tail of a state: result → output and variables → transition."""
    if run.is_jsonata:
        return _finish_jsonata(run, result, has_result)
    return _finish_jsonpath(run, result)


def _finish_jsonpath(run: StateRun, result: Any) -> Next | End:
    if "ResultSelector" in run.node:
        result = templates.render_payload(
            run.node["ResultSelector"], run.scope(result), field="ResultSelector"
        )
    note(run, "afterResultSelector", result)
    assign = jsonpath_assign(run, result)
    output = jsonpath.put_result(run.input, run.node.get("ResultPath", "$"), result)
    note(run, "afterResultPath", output)
    return transition(run, output_path(run, output), assign)


def _finish_jsonata(run: StateRun, result: Any, has_result: bool) -> Next | End:
    extra = {"result": result} if has_result else {}
    if "Output" in run.node:
        output = run.evaluate(run.node["Output"], "Output", **extra)
    else:
        output = result if has_result else run.input
    assign = run.evaluate(run.node["Assign"], "Assign", **extra) if "Assign" in run.node else None
    return transition(run, output, assign)


def transition(run: StateRun, output: Any, assign: dict[str, Any] | None = None) -> Next | End:
    """Next or End as the state's definition says."""
    if run.node.get("End") or "Next" not in run.node:
        return End(output, assign)
    return Next(run.node["Next"], output, assign)


def caught(
    run: StateRun, catcher: Mapping[str, Any], error_output: dict[str, Any]
) -> tuple[Any, dict[str, Any] | None]:
    """The output and variables of a matched catcher: its ResultPath (JSONPath) or its Output
    and Assign (JSONata) applied to {"Error", "Cause"}. Used by the Runner and TestState."""
    if run.is_jsonata:
        output = error_output
        if "Output" in catcher:
            output = run.evaluate(catcher["Output"], "Output", errorOutput=error_output)
        assign = None
        if "Assign" in catcher:
            assign = run.evaluate(catcher["Assign"], "Assign", errorOutput=error_output)
        return output, assign
    output = jsonpath.put_result(run.input, catcher.get("ResultPath", "$"), error_output)
    assign = None
    if "Assign" in catcher:
        scope = run.scope(error_output)
        assign = templates.render_payload(catcher["Assign"], scope, field="Assign")
    return output, assign


class State:
    """A state type. Subclasses implement `enter`, and `resume` where the state waits."""

    def enter(self, run: StateRun) -> Any:
        raise NotImplementedError

    def resume(self, run: StateRun, result: Any) -> Any:
        """Continue after the state's task or children finished with `result`."""
        return finish(run, result)
