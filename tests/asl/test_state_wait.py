"""Wait state behaviour: every way to say how long, timers instead of sleeping, AWS's errors."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from tests.asl.driver import T0, execute


def _wait(**fields: Any) -> dict[str, Any]:
    return {"StartAt": "W", "States": {"W": {"Type": "Wait", "End": True, **fields}}}


def test_wait_state_resumes_after_timer_fires() -> None:
    run = execute(_wait(Seconds=10), {"a": 1})
    assert run.status == "SUCCEEDED"
    assert run.output == {"a": 1}
    assert [t.delay_seconds for t in run.timers] == [10]
    assert run.types == [
        "ExecutionStarted",
        "WaitStateEntered",
        "WaitStateExited",
        "ExecutionSucceeded",
    ]


def test_wait_state_exits_at_the_time_the_timer_fired() -> None:
    run = execute(_wait(Seconds=10))
    entered, exited = run.event("WaitStateEntered"), run.event("WaitStateExited")
    assert entered["timestamp"] == T0.isoformat()
    assert exited["timestamp"] == (T0 + timedelta(seconds=10)).isoformat()


def test_wait_state_until_a_future_timestamp() -> None:
    run = execute(_wait(Timestamp="2024-01-01T01:00:00Z"))
    assert run.timers[0].fire_at == T0 + timedelta(hours=1)


def test_wait_state_until_a_timestamp_with_an_offset() -> None:
    run = execute(_wait(Timestamp="2024-01-01T01:00:00+01:00"))
    assert run.timers == []  # that is T0 itself: nothing to wait for


def test_wait_state_seconds_path_reads_the_input() -> None:
    run = execute(_wait(SecondsPath="$.input.waitSeconds"), {"input": {"waitSeconds": 3}})
    assert run.status == "SUCCEEDED"
    assert [t.delay_seconds for t in run.timers] == [3]


def test_wait_state_timestamp_path_reads_the_input() -> None:
    run = execute(_wait(TimestampPath="$.until"), {"until": "2024-01-02T00:00:00Z"})
    assert run.timers[0].fire_at == T0 + timedelta(days=1)
    assert run.output == {"until": "2024-01-02T00:00:00Z"}


def test_wait_state_past_timestamp_continues_at_once_without_a_timer() -> None:
    run = execute(_wait(Timestamp="2016-03-05T21:29:29.243167252Z"), {})
    assert run.status == "SUCCEEDED"
    assert run.output == {}
    assert run.timers == []


def test_wait_state_zero_seconds_needs_no_timer() -> None:
    run = execute(_wait(Seconds=0))
    assert run.status == "SUCCEEDED"
    assert run.timers == []


def test_wait_state_negative_seconds_path_fails_with_aws_cause() -> None:
    run = execute(_wait(SecondsPath="$.input.waitSeconds"), {"input": {"waitSeconds": -1}})
    assert run.status == "FAILED"
    assert run.error == "States.Runtime"
    assert run.cause == (
        "An error occurred while executing the state 'W' (entered at the event id #2). "
        "The SecondsPath parameter references a negative value: $.input.waitSeconds == -1"
    )


def test_wait_state_fractional_seconds_path_fails_with_aws_cause() -> None:
    run = execute(_wait(SecondsPath="$.input.waitSeconds"), {"input": {"waitSeconds": 1.5}})
    assert run.status == "FAILED"
    assert run.error == "States.Runtime"
    assert run.cause == (
        "An error occurred while executing the state 'W' (entered at the event id #2). "
        "The SecondsPath parameter cannot be parsed as a long value: $.input.waitSeconds == 1.5"
    )


def test_wait_state_non_numeric_seconds_path_fails() -> None:
    run = execute(_wait(SecondsPath="$.s"), {"s": "ten"})
    assert run.error == "States.Runtime"
    assert "cannot be parsed as a long value" in run.cause


def test_wait_state_invalid_timestamp_path_fails() -> None:
    run = execute(_wait(TimestampPath="$.t"), {"t": "tomorrow"})
    assert run.status == "FAILED"
    assert run.error == "States.Runtime"


def test_wait_state_output_path_and_next_apply_after_the_wait() -> None:
    definition = {
        "StartAt": "W",
        "States": {
            "W": {"Type": "Wait", "Seconds": 5, "OutputPath": "$.keep", "Next": "W2"},
            "W2": {"Type": "Wait", "Seconds": 7, "End": True},
        },
    }
    run = execute(definition, {"keep": [1], "drop": 0})
    assert run.output == [1]
    assert [t.delay_seconds for t in run.timers] == [5, 7]
    assert run.event("WaitStateEntered", 1)["timestamp"] == (T0 + timedelta(seconds=5)).isoformat()


def test_wait_state_jsonata_seconds_expression() -> None:
    definition = {
        "QueryLanguage": "JSONata",
        "StartAt": "W",
        "States": {"W": {"Type": "Wait", "Seconds": "{% $states.input.s * 2 %}", "End": True}},
    }
    run = execute(definition, {"s": 4})
    assert [t.delay_seconds for t in run.timers] == [8]
    assert run.output == {"s": 4}


def test_wait_state_waits_up_to_step_functions_maximum() -> None:
    run = execute(_wait(SecondsPath="$.s"), {"s": 99999999})
    assert run.status == "SUCCEEDED"
    assert [t.delay_seconds for t in run.timers] == [99999999]


def test_wait_state_beyond_the_maximum_fails_before_computing_the_time() -> None:
    for value in (100000000, 99999999999999, 1e300, 2**70):
        run = execute(_wait(SecondsPath="$.s"), {"s": value})
        assert run.error == "States.Runtime"
        assert "The SecondsPath parameter references a value greater than 99999999 seconds" in (
            run.cause or ""
        )
    literal = execute(_wait(Seconds=99999999999999))
    assert "The Seconds parameter references a value greater than 99999999" in literal.cause


def test_wait_state_timestamp_too_far_in_the_future_fails() -> None:
    for moment in ("9999-12-31T23:59:59Z", "9999-12-31T23:59:59-23:59"):
        run = execute(_wait(TimestampPath="$.t"), {"t": moment})
        assert run.error == "States.Runtime"
        assert "references a time more than 99999999 seconds in the future" in run.cause
    past = execute(_wait(TimestampPath="$.t"), {"t": "0001-01-01T00:00:00+23:59"})
    assert past.status == "SUCCEEDED" and past.timers == []


def test_wait_state_jsonata_seconds_out_of_range_is_a_query_evaluation_error() -> None:
    for expression, problem in (
        ("{% 1e300 %}", "references a value greater than 99999999 seconds"),
        ("{% -1 %}", "references a negative value"),
        ("{% 1.5 %}", "cannot be parsed as a long value"),
    ):
        definition = {
            "QueryLanguage": "JSONata",
            "StartAt": "W",
            "States": {"W": {"Type": "Wait", "Seconds": expression, "End": True}},
        }
        run = execute(definition)
        assert run.error == "States.QueryEvaluationError"
        assert "specified for the field 'Seconds' returned" in run.cause
        assert problem in run.cause
