"""states-language.net — Wait State: Seconds, Timestamp, SecondsPath or TimestampPath.

Returns WaitUntil at once; the driver keeps a durable timer instead of sleeping.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any

from .. import errors, jsonpath, timestamps
from ..errors import StatesError
from ..outcomes import WaitUntil
from .base import (
    State,
    StateRun,
    effective_input,
    finish,
    jsonpath_assign,
    output_path,
    transition,
)


class WaitState(State):
    def enter(self, run: StateRun) -> WaitUntil:
        now = run.now or datetime.now(UTC)
        if run.is_jsonata:
            return WaitUntil(self._jsonata_due(run, now), finish(run, None, has_result=False))
        value = effective_input(run)
        at = self._jsonpath_due(run, value, now)
        return WaitUntil(at, transition(run, output_path(run, value), jsonpath_assign(run, value)))

    def _jsonpath_due(self, run: StateRun, value: Any, now: datetime) -> datetime:
        node = run.node
        if "Seconds" in node:
            return now + timedelta(seconds=node["Seconds"])
        if "Timestamp" in node:
            return _timestamp(node["Timestamp"], "Timestamp")
        if "SecondsPath" in node:
            path = node["SecondsPath"]
            seconds = jsonpath.select(path, run.scope(value))
            return now + timedelta(seconds=_seconds(seconds, "SecondsPath parameter", path))
        path = node["TimestampPath"]
        return _timestamp(jsonpath.select(path, run.scope(value)), "TimestampPath", path)

    def _jsonata_due(self, run: StateRun, now: datetime) -> datetime:
        if "Seconds" in run.node:
            seconds = run.evaluate(run.node["Seconds"], "Seconds")
            return now + timedelta(seconds=_seconds(seconds, "Seconds parameter", None))
        return _timestamp(run.evaluate(run.node["Timestamp"], "Timestamp"), "Timestamp")


def _seconds(value: Any, what: str, path: str | None) -> int:
    where = f": {path} == {json.dumps(value)}" if path else f": {json.dumps(value)}"
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value != int(value):
        raise StatesError(errors.RUNTIME, f"The {what} cannot be parsed as a long value{where}")
    if value < 0:
        raise StatesError(errors.RUNTIME, f"The {what} references a negative value{where}")
    return int(value)


def _timestamp(value: Any, field: str, path: str | None = None) -> datetime:
    moment = timestamps.parse(value)
    if moment is None:
        where = f": {path} == {json.dumps(value)}" if path else f": {json.dumps(value)}"
        raise StatesError(
            errors.RUNTIME,
            f"The {field} parameter does not reference a valid ISO-8601 "
            f"extended offset date-time format string{where}",
        )
    return moment
