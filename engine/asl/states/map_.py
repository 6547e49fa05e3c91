"""states-language.net — Map State: runs its ItemProcessor once per item.

Items come from ItemsPath (JSONPath) or Items (JSONata), each shaped by ItemSelector (or the
legacy Parameters) with `$$.Map.Item`, optionally grouped by ItemBatcher. MaxConcurrency and
ToleratedFailureCount/Percentage (and their Path forms) go to the Fork for the driver to honour.
"""

from __future__ import annotations

import json
from typing import Any

from .. import errors, jsonata, jsonpath, templates
from ..errors import StatesError
from ..outcomes import Fork
from ..scope import Scope
from .base import State, StateRun, effective_input


class MapState(State):
    def enter(self, run: StateRun) -> Fork:
        value = run.input if run.is_jsonata else effective_input(run)
        items = _items(run, value)
        inputs = [_item_input(run, value, index, item) for index, item in enumerate(items)]
        inputs = _batches(run, value, inputs)
        processor = "ItemProcessor" if "ItemProcessor" in run.node else "Iterator"
        machine = [*run.machine_path, "States", run.name, processor]
        return Fork(
            "map",
            inputs,
            max_concurrency=_max_concurrency(run, value),
            tolerated_count=_tolerated_count(run, value),
            tolerated_percentage=_tolerated_percentage(run, value),
            machines=[machine] * len(inputs),
            distributed=_is_distributed(run.node.get(processor, {})),
        )


def _is_distributed(processor: Any) -> bool:
    config = processor.get("ProcessorConfig", {}) if isinstance(processor, dict) else {}
    return config.get("Mode") == "DISTRIBUTED"


def _items(run: StateRun, value: Any) -> list[Any]:
    if run.is_jsonata and "Items" in run.node:
        items = run.evaluate(run.node["Items"], "Items")
        if jsonata.is_expression(run.node["Items"]):
            jsonata.expect_type(items, "array", _expression(run.node["Items"]), "Items")
        return items
    if not run.is_jsonata and "ItemsPath" in run.node:
        items = jsonpath.select(run.node["ItemsPath"], run.scope(value))
    else:
        items = value
    if not isinstance(items, list):
        name = errors.QUERY_EVALUATION_ERROR if run.is_jsonata else errors.RUNTIME
        raise StatesError(name, f"Map state input must be an array but was: {_compact(items)}")
    return items


def _item_input(run: StateRun, value: Any, index: int, item: Any) -> Any:
    selector = run.node.get("ItemSelector", run.node.get("Parameters"))
    if selector is None:
        return item
    context = {**run.context, "Map": {"Item": {"Index": index, "Value": item}}}
    if run.is_jsonata:
        bindings = {**run.variables, "states": {"input": value, "context": context}}
        return jsonata.render(selector, bindings, field="ItemSelector")
    scope = Scope(input=value, context=context, variables=run.variables)
    return templates.render_payload(selector, scope, field="ItemSelector")


def _batches(run: StateRun, value: Any, inputs: list[Any]) -> list[Any]:
    batcher = run.node.get("ItemBatcher")
    if batcher is None:
        return inputs
    size = _number(run, value, batcher, "MaxItemsPerBatch", int) or len(inputs) or 1
    max_bytes = _number(run, value, batcher, "MaxInputBytesPerBatch", int)
    batch_input = batcher.get("BatchInput")
    if batch_input is not None:
        batch_input = _render(run, value, batch_input, "ItemBatcher/BatchInput")
    batches: list[list[Any]] = []
    for item in inputs:
        if not batches or len(batches[-1]) >= size or _too_big(batches[-1], item, max_bytes):
            batches.append([])
        batches[-1].append(item)
    shaped = [{"Items": batch} for batch in batches]
    if batch_input is not None:
        shaped = [{**batch, "BatchInput": batch_input} for batch in shaped]
    return shaped


def _too_big(batch: list[Any], item: Any, max_bytes: int | None) -> bool:
    if not max_bytes or not batch:
        return False
    return len(json.dumps({"Items": [*batch, item]}).encode()) > max_bytes


def _render(run: StateRun, value: Any, template: Any, field: str) -> Any:
    if run.is_jsonata:
        return run.evaluate(template, field)
    return templates.render_payload(template, run.scope(value), field=field)


def _max_concurrency(run: StateRun, value: Any) -> int:
    limit = _number(run, value, run.node, "MaxConcurrency", int)
    return int(limit or 0)


def _tolerated_count(run: StateRun, value: Any) -> int | None:
    count = _number(run, value, run.node, "ToleratedFailureCount", int)
    if count is not None and count < 0:
        raise StatesError(errors.RUNTIME, "ToleratedFailureCount cannot be negative.")
    return count


def _tolerated_percentage(run: StateRun, value: Any) -> float | None:
    percentage = _number(run, value, run.node, "ToleratedFailurePercentage", float)
    if percentage is not None and not 0 <= percentage <= 100:
        raise StatesError(errors.RUNTIME, "ToleratedFailurePercentage must be between 0 and 100.")
    return percentage


def _number(run: StateRun, value: Any, node: Any, field: str, kind: type) -> Any:
    """A numeric field given literally, as a JSONata expression, or through `<field>Path`."""
    if field in node:
        number = node[field]
        return run.evaluate(number, field) if run.is_jsonata else number
    path = node.get(f"{field}Path")
    if path is None:
        return None
    found = jsonpath.select(path, run.scope(value))
    if isinstance(found, bool) or not isinstance(found, (int, float)):
        name = "integer" if kind is int else "float"
        shown = found if isinstance(found, str) else _compact(found)
        raise StatesError(
            errors.RUNTIME,
            f'The {field}Path field refers to value "{shown}" which is not a valid {name}: {path}',
        )
    return kind(found)


def _compact(value: Any) -> str:
    return json.dumps(value, separators=(",", ":"))


def _expression(text: str) -> str:
    return text.strip()[2:-2].strip()
