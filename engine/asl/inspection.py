"""TestState: one state of a definition run on its own, with every stage of its data flow.

Follows the Step Functions TestState API (developer guide, "Testing state machines with
TestState API"): the state runs through the same code as in an execution, with a trace on its
StateRun (states/base.py records each stage there under inspectionData's names), and the answer
says SUCCEEDED, FAILED, CAUGHT_ERROR or RETRIABLE. Nothing is called: a Task, Map or Parallel
needs a mock standing in for its work (for Map and Parallel, the result of the whole state, as
TestState mocks them; their iterations and branches do not run), and the other states refuse
one. A Wait does not wait.
"""

from __future__ import annotations

import random
from collections.abc import Iterator, Mapping
from datetime import UTC, datetime
from typing import Any

from . import retry
from .errors import StatesError
from .outcomes import End, Failed, Fork, Invoke, Next, WaitUntil
from .states import STATE_TYPES
from .states.base import StateRun, caught, note
from .validation.diagnostic import Diagnostic, pointer

SUCCEEDED, FAILED, CAUGHT_ERROR, RETRIABLE = "SUCCEEDED", "FAILED", "CAUGHT_ERROR", "RETRIABLE"
MOCKED = ("Task", "Map", "Parallel")  # the states whose work a mock stands in for
# A state tested alone is entered right after ExecutionStarted (#1), so causes that name the
# event a state was entered at say #2, as they would for the first state of an execution.
ENTERED_AT = 2


class CannotTest(ValueError):
    """The state cannot be tested as asked: no such state, or a mock missing or not accepted.
    `code` and `location` (a JSON pointer into the definition) read like a validator's."""

    def __init__(self, code: str, message: str, location: str) -> None:
        super().__init__(message)
        self.diagnostics = [Diagnostic(code, message, location)]


def inspect_state(
    definition: Mapping[str, Any],
    name: str,
    value: Any,
    *,
    context: Mapping[str, Any],
    mock: Mapping[str, Any] | None = None,
    variables: Mapping[str, Any] | None = None,
    retry_count: int = 0,
    now: datetime | None = None,
    rng: random.Random | None = None,
) -> dict[str, Any]:
    """Run state `name` of `definition` on `value`: TestState's answer, as a dict.

    `context` holds the context object's Execution and StateMachine; `mock` is {"result": …}
    or {"error": …, "cause": …}; `retry_count` is how many retries already happened (TestState's
    retrierRetryCount), which decides whether a retrier still applies."""
    node, machine_path = find_state(definition, name)
    check_mock(name, node["Type"], mock, pointer("", *machine_path, "States", name))
    now = now or datetime.now(UTC)
    run = StateRun(
        name=name,
        node=node,
        input=value,
        context=_context(context, name, node, now, retry_count),
        variables=dict(variables or {}),
        query_language=_language(definition, node),
        now=now,
        rng=rng or random.Random(),
        machine_path=machine_path,
        trace={"input": value},
    )
    outcome = _outcome(run, mock)
    if isinstance(outcome, Failed):
        return _failure(run, outcome, retry_count)
    return _success(run, outcome)


def find_state(definition: Mapping[str, Any], name: str) -> tuple[dict[str, Any], list[Any]]:
    """The state called `name` anywhere in the machine (names are unique in the whole machine,
    branches and iterations included), and the path of the machine holding it."""
    for path, machine in machines(definition, []):
        states = machine.get("States")
        if isinstance(states, dict) and isinstance(states.get(name), dict):
            return states[name], path
    states = pointer("", "States")
    raise CannotTest("unknown_state", f"The definition has no state named '{name}'.", states)


def check_mock(name: str, kind: str, mock: Mapping[str, Any] | None, location: str) -> None:
    """A Task, Map or Parallel needs a mock (nothing is ever called); other states refuse one."""
    if kind in MOCKED and mock is None:
        message = f"The {kind} state '{name}' needs a mock: {_WHY_MOCK[kind]}"
        raise CannotTest("mock_required", message, location)
    if kind not in MOCKED and mock is not None:
        message = f"The {kind} state '{name}' takes no mock (only Task, Map, Parallel do)."
        raise CannotTest("mock_not_accepted", message, location)


_WHY_MOCK = {
    "Task": "test-state never calls a resource; the mock is the task's result or error.",
    "Map": "test-state runs no iterations; the mock is the result of the whole Map.",
    "Parallel": "test-state runs no branches; the mock is the result of the whole Parallel.",
}


def machines(
    machine: Mapping[str, Any], path: list[Any] | None = None
) -> Iterator[tuple[list[Any], Any]]:
    """Every machine of a definition (itself, each branch, each Map's processor) with its path."""
    path = path or []
    yield path, machine
    states = machine.get("States")
    for state_name, node in states.items() if isinstance(states, dict) else ():
        if not isinstance(node, dict):
            continue
        where = [*path, "States", state_name]
        for index, branch in enumerate(node.get("Branches") or []):
            if isinstance(branch, dict):
                yield from machines(branch, [*where, "Branches", index])
        for field in ("ItemProcessor", "Iterator"):
            if isinstance(node.get(field), dict):
                yield from machines(node[field], [*where, field])


def _language(definition: Mapping[str, Any], node: Mapping[str, Any]) -> str:
    return node.get("QueryLanguage") or definition.get("QueryLanguage") or "JSONPath"


def _context(
    base: Mapping[str, Any], name: str, node: Mapping[str, Any], now: datetime, retries: int
) -> dict[str, Any]:
    entered = now.isoformat().replace("+00:00", "Z")
    context = {**base, "State": {"EnteredTime": entered, "Name": name, "RetryCount": retries}}
    if node["Type"] == "Task":
        context["Task"] = {"Token": "test-state-token"}
    return context


def _outcome(run: StateRun, mock: Mapping[str, Any] | None) -> Any:
    """What the state does, with the mock standing in for a Task's (Map's, Parallel's) work."""
    state = STATE_TYPES[run.node["Type"]]
    try:
        outcome = state.enter(run)
        if isinstance(outcome, (Invoke, Fork)) and mock is not None:
            if isinstance(outcome, Fork) and outcome.kind == "map":
                _note_map_limits(run, outcome)
            if "error" in mock:
                return Failed(mock["error"], mock.get("cause"))
            return state.resume(run, note(run, "result", mock.get("result")))
    except StatesError as failure:
        return Failed(failure.error, failure.cause, prefixed=failure.prefixed)
    return outcome.then if isinstance(outcome, WaitUntil) else outcome


def _note_map_limits(run: StateRun, fork: Fork) -> None:
    note(run, "maxConcurrency", fork.max_concurrency)
    if fork.tolerated_count is not None:
        note(run, "toleratedFailureCount", fork.tolerated_count)
    if fork.tolerated_percentage is not None:
        note(run, "toleratedFailurePercentage", fork.tolerated_percentage)


def _success(run: StateRun, outcome: Next | End) -> dict[str, Any]:
    answer: dict[str, Any] = {"status": SUCCEEDED, "output": outcome.output}
    if isinstance(outcome, Next):
        answer["nextState"] = outcome.state
    _note_variables(run, outcome.assign)
    return {**answer, "inspectionData": run.trace}


def _failure(run: StateRun, failed: Failed, retry_count: int) -> dict[str, Any]:
    """FAILED, or RETRIABLE when a retrier has attempts left, or CAUGHT_ERROR by a catcher:
    in that order, as an execution handles the error (states-language.net — Error Handling)."""
    cause = failed.cause
    if failed.prefixed:
        cause = (
            f"An error occurred while executing the state '{run.name}' "
            f"(entered at the event id #{ENTERED_AT}). {cause}"
        )
    answer = {"error": failed.error, "cause": cause, "inspectionData": run.trace}
    if not failed.catchable:
        return {"status": FAILED, **answer}
    retriers = run.node.get("Retry", [])
    counts = {str(index): retry_count for index in range(len(retriers))}
    found = retry.next_retry(retriers, failed.error, counts, run.rng)
    if found is not None:
        index, delay = found
        details = {"retryIndex": index, "retryBackoffIntervalSeconds": _number(delay)}
        note(run, "errorDetails", details)
        return {"status": RETRIABLE, **answer}
    return _caught(run, failed.error, cause, answer)


def _caught(run: StateRun, error: str | None, cause: str | None, answer: dict) -> dict[str, Any]:
    found = _catcher(run.node.get("Catch", []), error)
    if found is None:
        return {"status": FAILED, **answer}
    index, catcher = found
    note(run, "errorDetails", {"catchIndex": index})
    try:
        output, assign = caught(run, catcher, {"Error": error, "Cause": cause})
    except StatesError as failure:
        return {**answer, "status": FAILED, "error": failure.error, "cause": failure.cause}
    _note_variables(run, assign)
    return {"status": CAUGHT_ERROR, "output": output, "nextState": catcher["Next"], **answer}


def _catcher(catchers: list[dict[str, Any]], error: str | None) -> tuple[int, dict] | None:
    """The first catcher matching `error`, with its index (retry.find_catcher's rule)."""
    for index, catcher in enumerate(catchers):
        if retry.error_matches(catcher.get("ErrorEquals", []), error):
            return index, catcher
    return None


def _note_variables(run: StateRun, assign: Mapping[str, Any] | None) -> None:
    """The variables in scope after the state's Assign, when there are any."""
    if run.variables or assign:
        note(run, "variables", {**run.variables, **(assign or {})})


def _number(seconds: float) -> float | int:
    return int(seconds) if float(seconds).is_integer() else seconds
