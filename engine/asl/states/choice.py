"""states-language.net — Choice State: the first matching rule picks Next, else Default.

A matched rule's own Assign/Output (JSONata) apply; the state's own apply when Default is taken.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .. import choice_rules, errors, jsonpath, templates
from ..outcomes import Failed, Next
from .base import State, StateRun, effective_input, output_path

NO_MATCH_CAUSE = "No Matches!"


class ChoiceState(State):
    def enter(self, run: StateRun) -> Next | Failed:
        if run.is_jsonata:
            return self._enter_jsonata(run)
        value = effective_input(run)
        scope = run.scope(value)
        for rule in run.node.get("Choices", []):
            if choice_rules.evaluate_rule(rule, lambda path: jsonpath.find(path, scope)):
                return self._take(run, rule["Next"], value, rule)
        return self._default(run, value)

    def _take(self, run: StateRun, target: str, value: Any, owner: Mapping[str, Any]) -> Next:
        assign = None
        if "Assign" in owner:
            assign = templates.render_payload(owner["Assign"], run.scope(value), field="Assign")
        return Next(target, output_path(run, value), assign)

    def _default(self, run: StateRun, value: Any) -> Next | Failed:
        if "Default" not in run.node:
            return Failed(errors.NO_CHOICE_MATCHED, NO_MATCH_CAUSE)
        return self._take(run, run.node["Default"], value, run.node)

    def _enter_jsonata(self, run: StateRun) -> Next | Failed:
        for index, rule in enumerate(run.node.get("Choices", [])):
            field = f"Choices[{index}]"
            if run.evaluate(rule.get("Condition"), f"{field}/Condition") is True:
                return self._take_jsonata(run, rule["Next"], rule, field)
        if "Default" not in run.node:
            return Failed(errors.NO_CHOICE_MATCHED, NO_MATCH_CAUSE)
        return self._take_jsonata(run, run.node["Default"], run.node, "")

    def _take_jsonata(
        self, run: StateRun, target: str, owner: Mapping[str, Any], field: str
    ) -> Next:
        prefix = f"{field}/" if field else ""
        output = run.input
        if "Output" in owner:
            output = run.evaluate(owner["Output"], f"{prefix}Output")
        assign = run.evaluate(owner["Assign"], f"{prefix}Assign") if "Assign" in owner else None
        return Next(target, output, assign)
