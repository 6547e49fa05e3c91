"""Parallel state behaviour: result order, branch failure, sibling cancellation, retry/catch."""

from __future__ import annotations

from typing import Any

from tests.asl.driver import TaskFailure, echo, execute


def _parallel(*branches: dict[str, Any], **fields: Any) -> dict[str, Any]:
    return {
        "StartAt": "Par",
        "States": {"Par": {"Type": "Parallel", "Branches": list(branches), "End": True, **fields}},
    }


def _branch(**states: dict[str, Any]) -> dict[str, Any]:
    return {"StartAt": next(iter(states)), "States": states}


def _fail(payload: Any) -> Any:
    raise TaskFailure("Branch.Error", "branch broke")


def test_parallel_state_gives_every_branch_the_same_input() -> None:
    run = execute(
        _parallel(
            _branch(A={"Type": "Pass", "End": True}), _branch(B={"Type": "Pass", "End": True})
        ),
        {"x": 1},
    )
    assert run.output == [{"x": 1}, {"x": 1}]


def test_parallel_state_results_follow_branch_order_not_finish_order() -> None:
    slow = _branch(
        W={"Type": "Wait", "Seconds": 30, "Next": "R"},
        R={"Type": "Pass", "Result": "slow", "End": True},
    )
    fast = _branch(R={"Type": "Pass", "Result": "fast", "End": True})
    run = execute(_parallel(slow, fast))
    assert run.output == ["slow", "fast"]


def test_parallel_state_history_brackets_the_branches() -> None:
    run = execute(_parallel(_branch(A={"Type": "Pass", "End": True})))
    assert run.types == [
        "ExecutionStarted",
        "ParallelStateEntered",
        "ParallelStateStarted",
        "PassStateEntered",
        "PassStateExited",
        "ParallelStateSucceeded",
        "ParallelStateExited",
        "ExecutionSucceeded",
    ]


def test_parallel_state_failing_branch_fails_with_the_branch_error() -> None:
    ok = _branch(A={"Type": "Pass", "End": True})
    bad = _branch(F={"Type": "Fail", "Error": "FailureType", "Cause": "Cause description"})
    run = execute(_parallel(ok, bad))
    assert run.status == "FAILED"
    assert (run.error, run.cause) == ("FailureType", "Cause description")
    assert "ParallelStateFailed" in run.types


def test_parallel_state_failing_branch_cancels_a_sibling_wait() -> None:
    waiting = _branch(W={"Type": "Wait", "Seconds": 100, "End": True})
    failing = _branch(T={"Type": "Task", "Resource": "baton:fail", "End": True})
    run = execute(_parallel(waiting, failing), functions={"baton:fail": _fail})
    assert (run.status, run.error, run.cause) == ("FAILED", "Branch.Error", "branch broke")
    assert [t.key for t in run.timers] == run.cancelled
    assert "WaitStateExited" not in run.types


def test_parallel_state_failing_branch_cancels_a_sibling_task() -> None:
    failing = _branch(T={"Type": "Task", "Resource": "baton:fail", "End": True})
    slow = _branch(
        P={"Type": "Pass", "Next": "T"},
        T={"Type": "Task", "Resource": "baton:slow", "End": True},
    )
    run = execute(_parallel(failing, slow), functions={"baton:fail": _fail, "baton:slow": echo})
    assert run.error == "Branch.Error"
    slow_task = next(t for t in run.tasks if t["resource"] == "baton:slow")
    assert slow_task["key"] in run.cancelled


def test_parallel_state_catch_takes_the_branch_error() -> None:
    bad = _branch(F={"Type": "Fail", "Error": "FailureType", "Cause": "why"})
    definition = _parallel(
        bad, Catch=[{"ErrorEquals": ["FailureType"], "ResultPath": "$.err", "Next": "Handled"}]
    )
    del definition["States"]["Par"]["End"]
    definition["States"]["Par"]["Next"] = "Handled"
    definition["States"]["Handled"] = {"Type": "Pass", "End": True}
    run = execute(definition, {"in": 1})
    assert run.status == "SUCCEEDED"
    assert run.output == {"in": 1, "err": {"Error": "FailureType", "Cause": "why"}}


def test_parallel_state_retry_reruns_every_branch() -> None:
    bad = _branch(F={"Type": "Fail", "Error": "FailureType", "Cause": "Cause description"})
    run = execute(_parallel(bad, Retry=[{"ErrorEquals": ["FailureType"], "MaxAttempts": 2}]))
    assert (run.error, run.cause) == ("FailureType", "Cause description")
    assert run.types.count("FailStateEntered") == 3
    assert [t.delay_seconds for t in run.timers] == [1, 2]


def test_parallel_state_result_selector_and_result_path() -> None:
    branches = [_branch(A={"Type": "Pass", "Result": n, "End": True}) for n in (1, 2)]
    run = execute(
        _parallel(*branches, ResultSelector={"first.$": "$[0]"}, ResultPath="$.par"), {"keep": True}
    )
    assert run.output == {"keep": True, "par": {"first": 1}}


def test_parallel_state_parameters_shape_the_branch_input() -> None:
    branch = _branch(A={"Type": "Pass", "End": True})
    run = execute(_parallel(branch, Parameters={"v.$": "$.x"}), {"x": 3, "y": 4})
    assert run.output == [{"v": 3}]


def test_parallel_state_with_tasks_in_branches() -> None:
    branches = [
        _branch(T={"Type": "Task", "Resource": "baton:add", "Parameters": {"n": n}, "End": True})
        for n in (1, 2, 3)
    ]
    run = execute(_parallel(*branches), functions={"baton:add": lambda p: p["n"] + 10})
    assert run.output == [11, 12, 13]
    assert run.peak_tasks == 3


def test_parallel_state_jsonata_output_sees_the_branch_results() -> None:
    branch = _branch(A={"Type": "Pass", "Output": "{% $states.input.x %}", "End": True})
    definition = _parallel(branch, branch, Output="{% $states.result[0] + $states.result[1] %}")
    definition["QueryLanguage"] = "JSONata"
    assert execute(definition, {"x": 2}).output == 4
