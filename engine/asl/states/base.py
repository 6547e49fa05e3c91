"""What every state shares: the run record it sees and the input/output pipelines of both
query languages (states-language.net — Input and Output Processing; AWS — JSONata).
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


def effective_input(run: StateRun) -> Any:
    """JSONPath InputPath: `$` by default, `{}` when null."""
    if "InputPath" not in run.node:
        return run.input
    path = run.node["InputPath"]
    return {} if path is None else jsonpath.select(path, run.scope(run.input))


def parameters(run: StateRun, value: Any, field_name: str = "Parameters") -> Any:
    """JSONPath Parameters applied to the effective input, when the state has them."""
    if field_name not in run.node:
        return value
    return templates.render_payload(run.node[field_name], run.scope(value), field=field_name)


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
    assign = jsonpath_assign(run, result)
    output = jsonpath.put_result(run.input, run.node.get("ResultPath", "$"), result)
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


class State:
    """A state type. Subclasses implement `enter`, and `resume` where the state waits."""

    def enter(self, run: StateRun) -> Any:
        raise NotImplementedError

    def resume(self, run: StateRun, result: Any) -> Any:
        """Continue after the state's task or children finished with `result`."""
        return finish(run, result)
