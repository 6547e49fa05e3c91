"""Applying ResultPath: placing a state's result into a copy of its input.

A ResultPath that cannot be applied is States.Runtime, as Step Functions reports it ("Unable to
apply ReferencePath …"): terminal, so no retrier or catcher takes it (retry.error_matches).
"""

from __future__ import annotations

import json
from typing import Any

from engine.asl.errors import RUNTIME, StatesError
from engine.asl.jsonpath_parse import parse
from engine.asl.jsonpath_steps import Step
from engine.asl.jsonpath_walk import compact_json


def put_result(document: Any, result_path: str | None, result: Any) -> Any:
    """Apply ResultPath: None keeps `document`, "$" replaces it, "$.a.b" sets into a copy."""
    if result_path is None:
        return document
    path = parse(result_path)
    if not path.steps:
        return result
    if path.root != "input" or not path.is_definite:
        raise StatesError(RUNTIME, _result_path_cause(result_path, document))
    return _write(document, path.steps, result, result_path, document)


def _write(node: Any, steps: tuple[Step, ...], result: Any, text: str, document: Any) -> Any:
    """A copy of `node` with `result` at `steps`; only containers on the path are copied.

    Values are never changed in place anywhere in the interpreter, so the rest is shared.
    """
    if not steps:
        return result
    step, rest = steps[0], steps[1:]
    if step.kind == "name" and isinstance(node, dict):
        child = node.get(step.arg)
        if rest and not isinstance(child, dict | list):
            child = {}
        return {**node, step.arg: _write(child, rest, result, text, document)}
    if step.kind == "index" and isinstance(node, list) and -len(node) <= step.arg < len(node):
        copied = list(node)
        copied[step.arg] = _write(node[step.arg], rest, result, text, document)
        return copied
    raise StatesError(RUNTIME, _result_path_cause(text, document))


def _result_path_cause(result_path: str, document: Any) -> str:
    quoted = json.dumps(compact_json(document))  # AWS shows the input as a JSON string
    return f"Unable to apply ReferencePath {result_path} to input {quoted}"
