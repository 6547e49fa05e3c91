"""History events numbered as Step Functions numbers them, the event id quoted in a
States.Runtime cause, and States.DataLimitExceeded against Options.max_payload_bytes."""

from __future__ import annotations

from typing import Any

from tests.asl.driver import WORKER, TaskFailure, echo, execute


def _limit_cause(state: str) -> str:
    return (
        f"The state/task '{state}' returned a result with a size exceeding "
        "the maximum number of bytes service limit."
    )


def _entered_id(run: Any, state: str) -> int:
    return next(
        e["id"]
        for e in run.events
        if e["type"].endswith("StateEntered") and e["details"]["name"] == state
    )


def test_pass_chain_is_numbered_from_one() -> None:
    definition = {
        "StartAt": "A",
        "States": {"A": {"Type": "Pass", "Next": "B"}, "B": {"Type": "Pass", "End": True}},
    }
    run = execute(definition)
    assert [(e["id"], e["type"]) for e in run.events] == [
        (1, "ExecutionStarted"),
        (2, "PassStateEntered"),
        (3, "PassStateExited"),
        (4, "PassStateEntered"),
        (5, "PassStateExited"),
        (6, "ExecutionSucceeded"),
    ]


def test_each_event_points_at_the_previous_one_of_its_thread() -> None:
    # As Step Functions records it: the first StateEntered has previousEventId 0, like
    # ExecutionStarted; later events point at the one before them.
    definition = {"StartAt": "A", "States": {"A": {"Type": "Pass", "End": True}}}
    assert [e["previous"] for e in execute(definition).events] == [0, 0, 2, 3]


def test_ids_keep_counting_across_deliveries() -> None:
    definition = {
        "StartAt": "W",
        "States": {
            "W": {"Type": "Wait", "Seconds": 1, "Next": "T"},
            "T": {"Type": "Task", "Resource": "baton:echo", "End": True},
        },
    }
    run = execute(definition, functions={"baton:echo": echo})
    assert [e["id"] for e in run.events] == list(range(1, len(run.events) + 1))
    assert [(e["id"], e["type"]) for e in run.events][3:8] == [
        (4, "TaskStateEntered"),
        (5, "TaskScheduled"),
        (6, "TaskStarted"),
        (7, "TaskSucceeded"),
        (8, "TaskStateExited"),
    ]


def test_input_and_output_are_recorded_on_state_events() -> None:
    definition = {"StartAt": "A", "States": {"A": {"Type": "Pass", "Result": 2, "End": True}}}
    run = execute(definition, {"in": 1})
    assert run.event("ExecutionStarted")["details"]["input"] == {"in": 1}
    assert run.event("PassStateEntered")["details"] == {"name": "A", "input": {"in": 1}}
    assert run.event("PassStateExited")["details"] == {"name": "A", "output": 2}
    assert run.event("ExecutionSucceeded")["details"]["output"] == 2


def test_runtime_cause_quotes_the_entered_event_id_after_pass_states() -> None:
    definition = {
        "StartAt": "A",
        "States": {
            "A": {"Type": "Pass", "Next": "B"},
            "B": {"Type": "Pass", "Next": "C"},
            "C": {"Type": "Pass", "InputPath": "$.missing", "End": True},
        },
    }
    run = execute(definition, {})
    assert _entered_id(run, "C") == 6
    assert run.cause.startswith(
        "An error occurred while executing the state 'C' (entered at the event id #6). "
    )


def test_runtime_cause_quotes_the_entered_event_id_after_a_task() -> None:
    definition = {
        "StartAt": "T",
        "States": {
            "T": {"Type": "Task", "Resource": "baton:echo", "Next": "Bad"},
            "Bad": {"Type": "Pass", "OutputPath": "$.missing", "End": True},
        },
    }
    run = execute(definition, {}, functions={"baton:echo": echo})
    assert _entered_id(run, "Bad") == 7
    assert "(entered at the event id #7)" in run.cause


def test_runtime_cause_in_a_retried_task_quotes_the_first_entry() -> None:
    failures = ["E"]

    def flaky(payload: Any) -> Any:
        if failures:
            raise TaskFailure(failures.pop())
        return {}

    definition = {
        "StartAt": "P",
        "States": {
            "P": {"Type": "Pass", "Next": "T"},
            "T": {
                "Type": "Task",
                "Resource": "baton:flaky",
                "Retry": [{"ErrorEquals": ["E"]}],
                "OutputPath": "$.missing",
                "End": True,
            },
        },
    }
    run = execute(definition, {}, functions={"baton:flaky": flaky})
    assert run.types.count("TaskStateEntered") == 1
    assert "(entered at the event id #4)" in run.cause


def test_runtime_cause_inside_a_map_iteration_quotes_that_states_entry() -> None:
    definition = {
        "StartAt": "M",
        "States": {
            "M": {
                "Type": "Map",
                "ItemProcessor": {
                    "StartAt": "Inner",
                    "States": {"Inner": {"Type": "Pass", "InputPath": "$.missing", "End": True}},
                },
                "End": True,
            }
        },
    }
    run = execute(definition, [{}])
    assert run.error == "States.Runtime"
    assert f"state 'Inner' (entered at the event id #{_entered_id(run, 'Inner')})" in run.cause


def test_runtime_cause_after_a_map_counts_the_iterations() -> None:
    definition = {
        "StartAt": "M",
        "States": {
            "M": {
                "Type": "Map",
                "ItemProcessor": {"StartAt": "I", "States": {"I": {"Type": "Pass", "End": True}}},
                "Next": "Bad",
            },
            "Bad": {"Type": "Pass", "InputPath": "$.missing", "End": True},
        },
    }
    run = execute(definition, [1])
    # 1 started, 2 MapStateEntered, 3 MapStateStarted, 4 MapIterationStarted, 5-6 Pass,
    # 7 MapIterationSucceeded, 8 MapStateSucceeded, 9 MapStateExited, 10 Bad entered
    assert _entered_id(run, "Bad") == 10
    assert "(entered at the event id #10)" in run.cause


def test_data_limit_exceeded_when_a_state_output_is_too_big() -> None:
    definition = {
        "StartAt": "Big",
        "States": {"Big": {"Type": "Pass", "Result": "x" * 200, "End": True}},
    }
    run = execute(definition, {}, max_payload_bytes=100)
    assert run.status == "FAILED"
    assert run.error == "States.DataLimitExceeded"
    assert run.cause == _limit_cause("Big")


def test_output_just_under_the_limit_is_fine() -> None:
    definition = {
        "StartAt": "P",
        "States": {"P": {"Type": "Pass", "Result": "x" * 50, "End": True}},
    }
    assert execute(definition, {}, max_payload_bytes=100).status == "SUCCEEDED"


def test_data_limit_exceeded_when_a_task_result_is_too_big_even_if_discarded() -> None:
    # AWS ("Error names", States.DataLimitExceeded): reported when the output of a connector is
    # larger than the payload size quota - before ResultPath can drop it.
    definition = {
        "StartAt": "T",
        "States": {"T": {"Type": "Task", "Resource": "baton:big", "ResultPath": None, "End": True}},
    }
    run = execute(
        definition, {}, functions={"baton:big": lambda p: "x" * 200}, max_payload_bytes=100
    )
    assert run.status == "FAILED"
    assert run.error == "States.DataLimitExceeded"
    assert run.cause == _limit_cause("T")


def test_data_limit_exceeded_when_parameters_make_the_task_input_too_big() -> None:
    # AWS: also reported when a state's input is larger than the quota after Parameters.
    definition = {
        "StartAt": "T",
        "States": {
            "T": {
                "Type": "Task",
                "Resource": "baton:echo",
                "Parameters": {"a.$": "$", "b.$": "$", "c.$": "$"},
                "ResultPath": None,
                "End": True,
            }
        },
    }
    run = execute(
        definition, {"s": "x" * 40}, functions={"baton:echo": lambda p: 1}, max_payload_bytes=100
    )
    assert run.status == "FAILED"
    assert run.error == "States.DataLimitExceeded"
    assert run.tasks == []


def test_a_task_reported_started_early_has_one_started_event_before_its_outcome() -> None:
    activity = "arn:aws:states:us-east-1:000000000000:activity:pack"
    definition = {
        "StartAt": "Pack",
        "States": {
            "Pack": {"Type": "Task", "Resource": activity, "Next": "Call"},
            "Call": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "End": True},
        },
    }
    run = execute(definition, functions={"pack": echo, "invoke": echo}, started_early=True)

    assert [(e["id"], e["type"]) for e in run.events][1:] == [
        (2, "TaskStateEntered"),
        (3, "ActivityScheduled"),
        (4, "ActivityStarted"),
        (5, "ActivitySucceeded"),
        (6, "TaskStateExited"),
        (7, "TaskStateEntered"),
        (8, "TaskScheduled"),
        (9, "TaskStarted"),
        (10, "TaskSucceeded"),
        (11, "TaskStateExited"),
        (12, "ExecutionSucceeded"),
    ]
    assert run.event("ActivityStarted")["details"] == {"workerName": WORKER}
    assert run.event("TaskStarted")["details"]["resource"] == "arn:aws:states:::lambda:invoke"
    assert [e["previous"] for e in run.events][3:6] == [3, 4, 5]  # one chain, no gap


def test_a_stop_records_the_states_in_progress_as_aborted_innermost_first() -> None:
    from engine.asl import program as programs
    from engine.asl.interpreter import Options, Runner
    from tests.asl.driver import EXECUTION_ID, T0, TOKEN_PREFIX

    wait = {"Type": "Wait", "Seconds": 60, "End": True}
    definition = {
        "StartAt": "Each",
        "States": {
            "Each": {
                "Type": "Map",
                "ItemProcessor": {"StartAt": "Nap", "States": {"Nap": wait}},
                "End": True,
            }
        },
    }
    context = {"Id": EXECUTION_ID, "Name": "e1", "Input": [1, 2], "RedriveCount": 0}
    runner = Runner(definition, programs.new_program(context, {}, TOKEN_PREFIX), Options(now=T0))
    runner.start([1, 2])
    runner.run()
    runner.abort("Operator.Stop", "enough")

    aborted = [(e["type"], e["details"]) for e in runner.events if "Aborted" in e["type"]]
    assert aborted == [
        ("WaitStateAborted", {}),
        ("MapIterationAborted", {"name": "Each", "index": 0}),
        ("WaitStateAborted", {}),
        ("MapIterationAborted", {"name": "Each", "index": 1}),
        ("MapStateAborted", {}),
        ("ExecutionAborted", {"error": "Operator.Stop", "cause": "enough"}),
    ]
    assert runner.status == "ABORTED"
