"""Payload templates of JSONPath states: Parameters, ResultSelector, ItemSelector and Assign.

A key ending in ".$" takes its value from a path or an intrinsic function and loses the ".$";
everything else is copied as is (states-language.net — Payload Template).
"""

from __future__ import annotations

import random
from typing import Any

from engine.asl import intrinsics, jsonpath
from engine.asl.errors import RUNTIME, StatesError
from engine.asl.scope import Scope


def render_payload(
    template: Any, scope: Scope, *, field: str = "Parameters", rng: random.Random | None = None
) -> Any:
    """Build the payload `template` describes against `scope` (input, context, variables)."""
    if isinstance(template, dict):
        return {
            _output_key(key): _render_entry(key, value, scope, field, rng)
            for key, value in template.items()
        }
    if isinstance(template, list):
        return [render_payload(item, scope, field=field, rng=rng) for item in template]
    return template


def _output_key(key: str) -> str:
    return key[:-2] if is_dynamic_key(key) else key


def is_dynamic_key(key: str) -> bool:
    """True for a template key whose value is a path or intrinsic ("name.$")."""
    return key.endswith(".$") and len(key) > 2


def _render_entry(key: str, value: Any, scope: Scope, field: str, rng: random.Random | None) -> Any:
    if is_dynamic_key(key) and isinstance(value, str):
        return resolve_dynamic_value(key, value, scope, rng=rng)
    return render_payload(value, scope, field=field, rng=rng)


def resolve_dynamic_value(
    key: str, value: str, scope: Scope, *, rng: random.Random | None = None
) -> Any:
    """The value of one "key.$" entry: an intrinsic call's result or the value at a path."""
    if intrinsics.is_intrinsic(value):
        return intrinsics.evaluate(value, scope, rng=rng)
    found, result = jsonpath.find(value, scope)
    if not found:
        raise StatesError(
            RUNTIME,
            f"The JSONPath '{value}' specified for the field '{key}' could not be found "
            f"in the input '{jsonpath.compact_json(scope.input)}'",
        )
    return result
