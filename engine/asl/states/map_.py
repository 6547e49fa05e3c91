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
from . import numbers
from .base import State, StateRun, effective_input, note


class MapState(State):
    def enter(self, run: StateRun) -> Fork:
        value = run.input if run.is_jsonata else effective_input(run)
        items = _items(run, value)
        inputs = [_item_input(run, value, index, item) for index, item in enumerate(items)]
        if "ItemSelector" in run.node or "Parameters" in run.node:
            note(run, "afterItemSelector", inputs)
        inputs = _batches(run, value, inputs)
        if "ItemBatcher" in run.node:
            note(run, "afterItemBatcher", inputs)
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
        note(run, "afterItemsPath", items)
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
    size = _positive(run, value, batcher, "MaxItemsPerBatch") or len(inputs) or 1
    max_bytes = _positive(run, value, batcher, "MaxInputBytesPerBatch")
    batch_input = batcher.get("BatchInput")
    if batch_input is not None:
        batch_input = _render(run, value, batch_input, "ItemBatcher/BatchInput")
    batches: list[list[Any]] = []
    batch_bytes = 0
    for item in inputs:
        item_bytes = len(json.dumps(item).encode()) if max_bytes else 0
        if not batches or len(batches[-1]) >= size or _too_big(batch_bytes, item_bytes, max_bytes):
            batches.append([])
            batch_bytes = _EMPTY_BATCH_BYTES
        batch_bytes += item_bytes + (_SEPARATOR_BYTES if batches[-1] else 0)
        batches[-1].append(item)
    shaped = [{"Items": batch} for batch in batches]
    if batch_input is not None:
        shaped = [{**batch, "BatchInput": batch_input} for batch in shaped]
    return shaped


# json.dumps({"Items": [a, b]}) is '{"Items": [' + a + ', ' + b + ']}': sizes kept as the
# batch grows, so batching n items serialises each once (not the whole batch n times).
_EMPTY_BATCH_BYTES = len(json.dumps({"Items": []}))
_SEPARATOR_BYTES = len(", ")


def _too_big(batch_bytes: int, item_bytes: int, max_bytes: int | None) -> bool:
    """Whether adding an item would take a non-empty batch past MaxInputBytesPerBatch."""
    if not max_bytes or batch_bytes == _EMPTY_BATCH_BYTES:
        return False
    return batch_bytes + _SEPARATOR_BYTES + item_bytes > max_bytes


def _render(run: StateRun, value: Any, template: Any, field: str) -> Any:
    if run.is_jsonata:
        return run.evaluate(template, field)
    return templates.render_payload(template, run.scope(value), field=field)


def _max_concurrency(run: StateRun, value: Any) -> int:
    limit = _number(run, value, run.node, "MaxConcurrency", int)
    if limit is not None and limit < 0:  # 0 is "no limit"; below it no iteration could start
        raise StatesError(errors.RUNTIME, "MaxConcurrency cannot be negative.")
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
    return None if percentage is None else float(percentage)


def _positive(run: StateRun, value: Any, node: Any, field: str) -> int | None:
    """An ItemBatcher limit: a positive integer when given."""
    number = _number(run, value, node, field, int)
    if number is not None and number < 1:
        raise numbers.out_of_range(run, node, field, number, "a positive integer")
    return number


def _number(run: StateRun, value: Any, node: Any, field: str, kind: type) -> Any:
    """A numeric field given literally, as a JSONata expression, or through `<field>Path`.

    A path may select the number or a string holding it ("5"), as Step Functions accepts for
    MaxConcurrencyPath, ToleratedFailure*Path and the ItemBatcher's paths; an integer field's
    path must select an integer. Integers stay integers of any size (Python's are unbounded);
    a float percentage is made a float only once the caller has checked its range, so 10**400
    cannot overflow.
    """
    name = "integer" if kind is int else "float"
    number = numbers.read(run, value, node, field, name, from_text=True)
    return int(number) if kind is int and number is not None else number


def _compact(value: Any) -> str:
    return json.dumps(value, separators=(",", ":"))


def _expression(text: str) -> str:
    return text.strip()[2:-2].strip()
