"""Step Functions Local's mock configuration file (MockConfigFile.json), as test runs read it.

The format (developer guide, "Configuration file for mocked service integrations"):
`StateMachines` maps a machine name to its `TestCases`, each mapping Task state names to the
name of a mocked response; `MockedResponses` maps that name to answers by invocation, "0", "1"
or an inclusive range "1-2", each holding exactly one of `Return` (the task's result) or
`Throw` ({"Error", "Cause"}). Invocations count from 0, every invocation of the state in the
execution (retries and Map iterations included). "When you mock a Task, you must specify a
mocked response for every invocation": an invocation past the last answer does not repeat
it; the execution fails (NO_MOCK), as does a Task the test case does not mock, since a test
run never calls a real resource (Step Functions Local would call the service instead).

Checked more strictly than Step Functions Local: answers must count 0, 1, 2… without gaps or
overlaps, every name a test case uses must be a mocked response, and the chosen test case may
name only Task states of the definition.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from .inspection import machines
from .validation.diagnostic import Diagnostic, Report, pointer

NO_MOCK = "Baton.TestRun.NoMock"
INVOCATIONS = re.compile(r"^(0|[1-9][0-9]{0,8})(?:-(0|[1-9][0-9]{0,8}))?$")
ERROR_MAX, CAUSE_MAX = 256, 32768  # Step Functions' limits for error names and causes


class MockConfigInvalid(ValueError):
    """The file, or the choice of machine and test case, is wrong; `diagnostics` say where."""

    def __init__(self, diagnostics: list[Diagnostic], choices: list[str] | None = None) -> None:
        super().__init__("; ".join(d.message for d in diagnostics))
        self.diagnostics = diagnostics
        self.choices = choices


def check(config: Any) -> None:
    """MockConfigInvalid with every problem of the file, each located by a JSON pointer."""
    report = Report()
    if not _object(config, "", "A mock configuration", report):
        raise MockConfigInvalid(report.diagnostics)
    _only(config, ("StateMachines", "MockedResponses"), "", report)
    responses = config.get("MockedResponses")
    if _object(responses, "/MockedResponses", "MockedResponses", report):
        for name, response in responses.items():
            _check_response(response, pointer("/MockedResponses", name), report)
    names = responses if isinstance(responses, dict) else {}
    machines_ = config.get("StateMachines")
    if _object(machines_, "/StateMachines", "StateMachines", report):
        for name, machine in machines_.items():
            _check_machine(machine, pointer("/StateMachines", name), names, report)
    if report.diagnostics:
        raise MockConfigInvalid(report.diagnostics)


def choose(config: Mapping[str, Any], workflow: str | None, case: str | None) -> tuple[str, str]:
    """(machine, test case): the machine named like the workflow, else the only one; the test
    case asked for, else the only one. MockConfigInvalid listing the choices otherwise."""
    found = config["StateMachines"]
    if workflow in found:
        machine = str(workflow)
    elif len(found) == 1:
        machine = next(iter(found))
    else:
        listed = ", ".join(f"'{name}'" for name in found) or "none"
        message = f"StateMachines has no entry '{workflow}' and not exactly one (it has {listed})."
        raise _refusal("/StateMachines", message, list(found))
    cases = found[machine]["TestCases"]
    where = pointer("/StateMachines", machine, "TestCases")
    if case is not None and case not in cases:
        message = f"'{machine}' has no test case '{case}' (it has {_listed(cases)})."
        raise _refusal(where, message, list(cases))
    if case is None and len(cases) != 1:
        message = f"Name the test_case to run: '{machine}' has {_listed(cases)}."
        raise _refusal(where, message, list(cases))
    return machine, case if case is not None else next(iter(cases))


def check_states(config: Mapping[str, Any], machine: str, case: str, definition: Any) -> None:
    """MockConfigInvalid unless every state the test case mocks is a Task of `definition`."""
    tasks = {
        name
        for _, found in machines(definition)
        for name, node in (found.get("States") or {}).items()
        if isinstance(node, dict) and node.get("Type") == "Task"
    }
    where = pointer("/StateMachines", machine, "TestCases", case)
    problems = [
        Diagnostic(
            "unknown_state", f"The definition has no Task state '{name}'.", pointer(where, name)
        )
        for name in config["StateMachines"][machine]["TestCases"][case]
        if name not in tasks
    ]
    if problems:
        raise MockConfigInvalid(problems)


def mocks_for(config: Mapping[str, Any], machine: str, case: str) -> dict[str, Any]:
    """What a test run's program carries: each mocked state's answers by invocation, and how
    many invocations each state had so far (next_answer counts them)."""
    responses = config["MockedResponses"]
    states = {
        state: {"response": name, "answers": _answers(responses[name])}
        for state, name in config["StateMachines"][machine]["TestCases"][case].items()
    }
    return {"test_case": case, "states": states, "calls": {}}


def next_answer(mocks: dict[str, Any], state: str) -> tuple[dict[str, Any] | None, str]:
    """The answer ({"Return": …} or {"Throw": …}) for this invocation of `state`, counting it;
    (None, the cause of NO_MOCK) when the test case has none."""
    invocation = mocks["calls"].get(state, 0)
    mocks["calls"][state] = invocation + 1
    mocked = mocks["states"].get(state)
    if mocked is None:
        return None, (
            f"The test case '{mocks['test_case']}' has no mocked response for the Task state "
            f"'{state}', and a test run never calls a real resource."
        )
    for first, last, answer in mocked["answers"]:
        if first <= invocation <= last:
            return answer, ""
    return None, (
        f"The mocked response '{mocked['response']}' of the Task state '{state}' has no answer "
        f"for invocation {invocation} (it answers invocations 0 to {mocked['answers'][-1][1]})."
    )


def _answers(response: Mapping[str, Any]) -> list[list[Any]]:
    """[[first, last, answer], …] in invocation order."""
    spans = [(_span(key), answer) for key, answer in response.items()]
    return [[first, last, answer] for (first, last), answer in sorted(spans, key=lambda s: s[0])]


def _span(key: str) -> tuple[int, int]:
    match = INVOCATIONS.match(key)
    assert match is not None  # check() refused other keys
    first = int(match.group(1))
    return first, int(match.group(2)) if match.group(2) else first


def _check_machine(machine: Any, where: str, responses: Mapping, report: Report) -> None:
    if not _object(machine, where, "A state machine entry", report):
        return
    _only(machine, ("TestCases",), where, report)
    cases = machine.get("TestCases")
    if not _object(cases, pointer(where, "TestCases"), "TestCases", report):
        return
    for name, case in cases.items():
        at = pointer(where, "TestCases", name)
        if not _object(case, at, "A test case", report):
            continue
        for state, response in case.items():
            _check_reference(response, pointer(at, state), responses, report)


def _check_reference(response: Any, where: str, responses: Mapping, report: Report) -> None:
    if not isinstance(response, str):
        report.error("invalid_type", "A test case maps a state to a mocked response's name.", where)
    elif response not in responses:
        report.error("unknown_response", f"MockedResponses has no '{response}'.", where)


def _check_response(response: Any, where: str, report: Report) -> None:
    if not _object(response, where, "A mocked response", report):
        return
    if not response:
        report.error("empty", "A mocked response needs an answer for invocation 0.", where)
        return
    spans = []
    for key, answer in response.items():
        if INVOCATIONS.match(key) is None or _span(key)[0] > _span(key)[1]:
            message = f'\'{key}\' is not an invocation number ("0") or range ("1-2").'
            report.error("invalid_invocation", message, pointer(where, key))
            continue
        spans.append((_span(key), key))
        _check_answer(answer, pointer(where, key), report)
    _check_spans(sorted(spans), where, report)


def _check_spans(spans: list[tuple[tuple[int, int], str]], where: str, report: Report) -> None:
    """Invocations 0, 1, 2… each answered once: no gap, no overlap."""
    expected = 0
    for (first, last), key in spans:
        if first > expected:
            message = f"Invocations {expected} to {first - 1} have no answer (before '{key}')."
            report.error("missing_invocation", message, pointer(where, key))
        elif first < expected:
            message = f"'{key}' answers invocations another key answers too."
            report.error("overlapping_invocations", message, pointer(where, key))
        expected = max(expected, last + 1)


def _check_answer(answer: Any, where: str, report: Report) -> None:
    if not _object(answer, where, "An answer", report):
        return
    kinds = [kind for kind in ("Return", "Throw") if kind in answer]
    if len(kinds) != 1 or len(answer) != 1:
        report.error("invalid_answer", "An answer holds exactly one of Return or Throw.", where)
        return
    if kinds == ["Throw"]:
        _check_throw(answer["Throw"], pointer(where, "Throw"), report)


def _check_throw(throw: Any, where: str, report: Report) -> None:
    if not _object(throw, where, "Throw", report):
        return
    _only(throw, ("Error", "Cause"), where, report)
    for field, limit, required in (("Error", ERROR_MAX, True), ("Cause", CAUSE_MAX, False)):
        value = throw.get(field)
        if value is None and not required:
            continue
        if not isinstance(value, str) or (required and not value) or len(value) > limit:
            message = f"Throw needs '{field}' as a string of at most {limit} characters."
            report.error("invalid_throw", message, pointer(where, field))


def _object(value: Any, where: str, what: str, report: Report) -> bool:
    if isinstance(value, dict):
        return True
    report.error("not_an_object", f"{what} must be a JSON object.", where)
    return False


def _only(value: Mapping[str, Any], fields: tuple[str, ...], where: str, report: Report) -> None:
    for key in value:
        if key not in fields:
            allowed = ", ".join(fields)
            message = f"Unknown field '{key}' (allowed: {allowed})."
            report.error("unknown_field", message, pointer(where, key))


def _listed(names: Mapping[str, Any]) -> str:
    return ", ".join(f"'{name}'" for name in names) or "none"


def _refusal(where: str, message: str, choices: list[str]) -> MockConfigInvalid:
    return MockConfigInvalid([Diagnostic("choose_test_case", message, where)], choices)
