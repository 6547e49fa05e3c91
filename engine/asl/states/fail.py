"""states-language.net — Fail State: ends its machine with an error and a cause.

ErrorPath/CausePath take a reference path or an intrinsic function; JSONata takes expressions.
"""

from __future__ import annotations

from typing import Any

from .. import intrinsics, jsonpath
from ..outcomes import Failed
from .base import State, StateRun


class FailState(State):
    def enter(self, run: StateRun) -> Failed:
        return Failed(self._text(run, "Error"), self._text(run, "Cause"), catchable=False)

    def _text(self, run: StateRun, field: str) -> Any:
        node = run.node
        if run.is_jsonata:
            return run.evaluate(node[field], field) if field in node else None
        if f"{field}Path" in node:
            path = node[f"{field}Path"]
            if intrinsics.is_intrinsic(path):
                return intrinsics.evaluate(path, run.scope(run.input))
            return jsonpath.select(path, run.scope(run.input))
        return node.get(field)
