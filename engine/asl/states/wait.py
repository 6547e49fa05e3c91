"""states-language.net — Wait State: Seconds, Timestamp, SecondsPath or TimestampPath.

Returns WaitUntil at once; the driver keeps a durable timer instead of sleeping. As in Step
Functions, a wait lasts 0 to 99,999,999 seconds (limits.MAX_WAIT_SECONDS), whether given in
seconds or as a timestamp; beyond that the state fails, with States.Runtime for a literal or a
path and States.QueryEvaluationError for a JSONata expression.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any

from .. import errors, jsonata, jsonpath, timestamps
from ..errors import StatesError
from ..limits import MAX_WAIT_SECONDS, is_finite_number
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
            return now + _seconds(node["Seconds"], _Where("Seconds parameter"))
        if "Timestamp" in node:
            return _timestamp(node["Timestamp"], now, _Where("Timestamp parameter"))
        if "SecondsPath" in node:
            path = node["SecondsPath"]
            seconds = jsonpath.select(path, run.scope(value))
            return now + _seconds(seconds, _Where("SecondsPath parameter", path))
        path = node["TimestampPath"]
        moment = jsonpath.select(path, run.scope(value))
        return _timestamp(moment, now, _Where("TimestampPath parameter", path))

    def _jsonata_due(self, run: StateRun, now: datetime) -> datetime:
        field = "Seconds" if "Seconds" in run.node else "Timestamp"
        text = run.node[field]
        where = _Where(f"{field} parameter", expression=_expression(text))
        value = run.evaluate(text, field)
        if field == "Seconds":
            return now + _seconds(value, where)
        return _timestamp(value, now, where)


class _Where:
    """Which field a bad value came from, and how to word and name its failure."""

    def __init__(self, what: str, path: str | None = None, expression: str | None = None):
        self.what, self.path, self.expression = what, path, expression

    def fail(self, problem: str, value: Any) -> StatesError:
        shown = json.dumps(value)
        if self.expression is not None:
            field = self.what.split()[0]
            cause = (
                f"The JSONata expression '{self.expression}' specified for the field '{field}' "
                f"returned {shown}: the {self.what} {problem}"
            )
            return StatesError(errors.QUERY_EVALUATION_ERROR, cause)
        where = f": {self.path} == {shown}" if self.path else f": {shown}"
        return StatesError(errors.RUNTIME, f"The {self.what} {problem}{where}")


def _seconds(value: Any, where: _Where) -> timedelta:
    if not is_finite_number(value) or value != int(value):
        raise where.fail("cannot be parsed as a long value", value)
    if value < 0:
        raise where.fail("references a negative value", value)
    if value > MAX_WAIT_SECONDS:  # checked before timedelta, which overflows near 3e12 days
        raise where.fail(f"references a value greater than {MAX_WAIT_SECONDS} seconds", value)
    return timedelta(seconds=int(value))


def _timestamp(value: Any, now: datetime, where: _Where) -> datetime:
    moment = timestamps.parse(value)
    if moment is None:
        raise where.fail(
            "does not reference a valid ISO-8601 extended offset date-time format string", value
        )
    if moment - now > timedelta(seconds=MAX_WAIT_SECONDS):
        raise where.fail(
            f"references a time more than {MAX_WAIT_SECONDS} seconds in the future", value
        )
    return moment


def _expression(text: Any) -> str | None:
    return jsonata.expression_text(text) if jsonata.is_expression(text) else None
