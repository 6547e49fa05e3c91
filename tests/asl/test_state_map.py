"""Map state behaviour: items, ItemSelector, concurrency, tolerated failures, batching."""

from __future__ import annotations

from typing import Any

from tests.asl.driver import T0, TaskFailure, echo, execute

PASS_PROCESSOR = {"StartAt": "Item", "States": {"Item": {"Type": "Pass", "End": True}}}
TASK_PROCESSOR = {
    "StartAt": "Work",
    "States": {"Work": {"Type": "Task", "Resource": "baton:work", "End": True}},
}


def _map(processor: dict[str, Any] = PASS_PROCESSOR, **fields: Any) -> dict[str, Any]:
    return {
        "StartAt": "M",
        "States": {"M": {"Type": "Map", "ItemProcessor": processor, "End": True, **fields}},
    }


def _fail_odd(n: Any) -> Any:
    if n % 2:
        raise TaskFailure("Odd.Error", f"{n} is odd")
    return n


def test_map_state_runs_the_processor_once_per_item_in_order() -> None:
    run = execute(_map(), [1, 2, 3])
    assert run.status == "SUCCEEDED"
    assert run.output == [1, 2, 3]


def test_map_state_items_path_selects_the_array() -> None:
    run = execute(_map(ItemsPath="$.orders"), {"orders": ["a", "b"], "other": 1})
    assert run.output == ["a", "b"]


def test_map_state_over_an_empty_array_returns_an_empty_array() -> None:
    run = execute(_map(ItemsPath="$.xs"), {"xs": []})
    assert (run.status, run.output) == ("SUCCEEDED", [])


def test_map_state_item_selector_sees_index_value_and_input() -> None:
    selector = {"i.$": "$$.Map.Item.Index", "v.$": "$$.Map.Item.Value", "tag.$": "$.tag"}
    run = execute(_map(ItemsPath="$.xs", ItemSelector=selector), {"xs": ["a", "b"], "tag": "t"})
    assert run.output == [{"i": 0, "v": "a", "tag": "t"}, {"i": 1, "v": "b", "tag": "t"}]


def test_map_state_legacy_iterator_and_parameters_still_work() -> None:
    definition = {
        "StartAt": "M",
        "States": {
            "M": {
                "Type": "Map",
                "Iterator": PASS_PROCESSOR,
                "Parameters": {"v.$": "$$.Map.Item.Value"},
                "End": True,
            }
        },
    }
    assert execute(definition, [7]).output == [{"v": 7}]


def test_map_state_non_array_items_fail_with_a_runtime_error() -> None:
    run = execute(_map(ItemsPath="$.xs"), {"xs": "string"})
    assert run.status == "FAILED"
    assert run.error == "States.Runtime"
    assert run.cause == (
        "An error occurred while executing the state 'M' (entered at the event id #2). "
        'Map state input must be an array but was: "string"'
    )


def test_map_state_history_names_each_iteration() -> None:
    run = execute(_map(), [1, 2])
    assert run.types[:3] == ["ExecutionStarted", "MapStateEntered", "MapStateStarted"]
    assert run.types[-3:] == ["MapStateSucceeded", "MapStateExited", "ExecutionSucceeded"]
    assert run.types.count("MapIterationStarted") == 2
    assert run.types.count("MapIterationSucceeded") == 2
    started = [e for e in run.events if e["type"] == "MapIterationStarted"]
    assert [e["details"]["index"] for e in started] == [0, 1]


def test_map_state_max_concurrency_two_keeps_two_tasks_outstanding() -> None:
    run = execute(
        _map(TASK_PROCESSOR, MaxConcurrency=2), [1, 2, 3, 4, 5], functions={"baton:work": echo}
    )
    assert run.output == [1, 2, 3, 4, 5]
    assert len(run.tasks) == 5
    assert run.peak_tasks == 2


def test_map_state_without_max_concurrency_starts_every_item() -> None:
    run = execute(_map(TASK_PROCESSOR), [1, 2, 3, 4, 5], functions={"baton:work": echo})
    assert run.peak_tasks == 5


def test_map_state_max_concurrency_path_reads_the_limit_from_input() -> None:
    definition = _map(TASK_PROCESSOR, ItemsPath="$.xs", MaxConcurrencyPath="$.limit")
    run = execute(definition, {"xs": [1, 2, 3, 4], "limit": 1}, functions={"baton:work": echo})
    assert run.output == [1, 2, 3, 4]
    assert run.peak_tasks == 1


def test_map_state_max_concurrency_path_zero_means_no_limit() -> None:
    definition = _map(TASK_PROCESSOR, ItemsPath="$.xs", MaxConcurrencyPath="$.limit")
    run = execute(definition, {"xs": [1, 2, 3], "limit": 0}, functions={"baton:work": echo})
    assert run.peak_tasks == 3


def test_map_state_max_concurrency_path_not_a_number_fails() -> None:
    definition = _map(ItemsPath="$.Values", MaxConcurrencyPath="$.MaxConcurrencyValue")
    run = execute(definition, {"MaxConcurrencyValue": "NoNumber", "Values": ["HelloWorld"]})
    assert run.error == "States.Runtime"
    assert run.cause == (
        "An error occurred while executing the state 'M' (entered at the event id #2). "
        'The MaxConcurrencyPath field refers to value "NoNumber" which is not a valid integer: '
        "$.MaxConcurrencyValue"
    )


def test_map_state_failing_item_fails_the_state_with_its_error() -> None:
    run = execute(_map(TASK_PROCESSOR), [2, 3, 4], functions={"baton:work": _fail_odd})
    assert run.status == "FAILED"
    assert (run.error, run.cause) == ("Odd.Error", "3 is odd")
    assert "MapIterationFailed" in run.types and "MapStateFailed" in run.types


def test_map_state_failure_cancels_outstanding_iterations() -> None:
    processor = {
        "StartAt": "Choose",
        "States": {
            "Choose": {
                "Type": "Choice",
                "Choices": [{"Variable": "$", "NumericEquals": 0, "Next": "Boom"}],
                "Default": "Slow",
            },
            "Boom": {"Type": "Fail", "Error": "Boom"},
            "Slow": {"Type": "Wait", "Seconds": 60, "End": True},
        },
    }
    run = execute(_map(processor), [1, 0])
    assert run.error == "Boom"
    assert run.cancelled == [run.timers[0].key]


def test_map_state_tolerated_failure_count_lets_the_map_succeed() -> None:
    run = execute(
        _map(TASK_PROCESSOR, ToleratedFailureCount=1),
        [2, 3, 4],
        functions={"baton:work": _fail_odd},
    )
    assert run.status == "SUCCEEDED"
    assert run.output[0] == 2 and run.output[2] == 4


def test_map_state_exceeding_tolerated_failure_count_fails_with_threshold_error() -> None:
    run = execute(
        _map(TASK_PROCESSOR, ToleratedFailureCount=1),
        [1, 2, 3, 5],
        functions={"baton:work": _fail_odd},
    )
    assert run.status == "FAILED"
    assert run.error == "States.ExceedToleratedFailureThreshold"


def test_map_state_tolerated_failure_percentage_allows_up_to_the_share() -> None:
    run = execute(
        _map(TASK_PROCESSOR, ToleratedFailurePercentage=50),
        [1, 2, 3, 4],
        functions={"baton:work": _fail_odd},
    )
    assert run.status == "SUCCEEDED"


def test_map_state_exceeding_tolerated_failure_percentage_fails_with_threshold_error() -> None:
    run = execute(
        _map(TASK_PROCESSOR, ToleratedFailurePercentage=25),
        [1, 2, 3, 4],
        functions={"baton:work": _fail_odd},
    )
    assert run.status == "FAILED"
    assert run.error == "States.ExceedToleratedFailureThreshold"


def test_map_state_negative_tolerated_failure_count_path_fails() -> None:
    definition = _map(ItemsPath="$.Items", ToleratedFailureCountPath="$.ToleratedFailureCount")
    run = execute(definition, {"Items": [0], "ToleratedFailureCount": -1})
    assert run.cause == (
        "An error occurred while executing the state 'M' (entered at the event id #2). "
        "ToleratedFailureCount cannot be negative."
    )


def test_map_state_tolerated_failure_percentage_over_100_fails() -> None:
    definition = _map(ItemsPath="$.Items", ToleratedFailurePercentagePath="$.p")
    run = execute(definition, {"Items": [0], "p": 100.1})
    assert run.error == "States.Runtime"
    assert run.cause.endswith("ToleratedFailurePercentage must be between 0 and 100.")


def test_map_state_item_batcher_groups_items() -> None:
    definition = _map(ItemBatcher={"MaxItemsPerBatch": 2})
    run = execute(definition, [1, 2, 3, 4, 5])
    assert run.output == [{"Items": [1, 2]}, {"Items": [3, 4]}, {"Items": [5]}]


def test_map_state_item_batcher_adds_batch_input_to_every_batch() -> None:
    definition = _map(
        ItemsPath="$.xs",
        ItemBatcher={"MaxItemsPerBatch": 3, "BatchInput": {"job.$": "$.job"}},
    )
    run = execute(definition, {"xs": [1, 2, 3, 4], "job": "j1"})
    assert run.output == [
        {"Items": [1, 2, 3], "BatchInput": {"job": "j1"}},
        {"Items": [4], "BatchInput": {"job": "j1"}},
    ]


def test_map_state_item_batcher_sends_one_task_per_batch() -> None:
    definition = _map(TASK_PROCESSOR, ItemBatcher={"MaxItemsPerBatch": 2})
    run = execute(definition, [1, 2, 3], functions={"baton:work": lambda p: sum(p["Items"])})
    assert [t["payload"] for t in run.tasks] == [{"Items": [1, 2]}, {"Items": [3]}]
    assert run.output == [3, 3]


def test_map_state_result_selector_and_result_path() -> None:
    definition = _map(
        ItemsPath="$.xs", ResultSelector={"n.$": "States.ArrayLength($)"}, ResultPath="$.count"
    )
    run = execute(definition, {"xs": [1, 2, 3]})
    assert run.output == {"xs": [1, 2, 3], "count": {"n": 3}}


def test_map_state_nested_map_runs_inner_items() -> None:
    inner = {
        "StartAt": "Inner",
        "States": {"Inner": {"Type": "Map", "ItemProcessor": PASS_PROCESSOR, "End": True}},
    }
    assert execute(_map(inner), [[1, 2], [3]]).output == [[1, 2], [3]]


def test_map_state_jsonata_items_and_item_selector() -> None:
    definition = {
        "QueryLanguage": "JSONata",
        "StartAt": "M",
        "States": {
            "M": {
                "Type": "Map",
                "Items": "{% $states.input.xs %}",
                "ItemSelector": {
                    "i": "{% $states.context.Map.Item.Index %}",
                    "v": "{% $states.context.Map.Item.Value * 10 %}",
                },
                "ItemProcessor": PASS_PROCESSOR,
                "End": True,
            }
        },
    }
    assert execute(definition, {"xs": [1, 2]}).output == [{"i": 0, "v": 10}, {"i": 1, "v": 20}]


def test_distributed_map_item_failure_without_a_threshold_fails_with_threshold_error() -> None:
    # AWS "Tolerated failure threshold for Distributed Map state": both thresholds default to
    # zero, and a Map Run that exceeds its threshold fails with
    # States.ExceedToleratedFailureThreshold - not with the child's own error.
    processor = {
        **TASK_PROCESSOR,
        "ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
    }
    run = execute(_map(processor), [2, 3], functions={"baton:work": _fail_odd})
    assert run.status == "FAILED"
    assert run.error == "States.ExceedToleratedFailureThreshold"


def test_map_state_with_max_concurrency_one_runs_waits_one_after_another() -> None:
    processor = {"StartAt": "W", "States": {"W": {"Type": "Wait", "SecondsPath": "$", "End": True}}}
    run = execute(_map(processor, MaxConcurrency=1), [3, 5])
    assert run.output == [3, 5]
    assert [(t.delay_seconds, (t.set_at - T0).total_seconds()) for t in run.timers] == [
        (3, 0),
        (5, 3),
    ]


def test_map_state_retries_a_task_inside_each_iteration() -> None:
    seen: set[int] = set()

    def fail_first_time(n: int) -> int:
        if n not in seen:
            seen.add(n)
            raise TaskFailure("E")
        return n * 10

    processor = {
        "StartAt": "T",
        "States": {
            "T": {
                "Type": "Task",
                "Resource": "baton:work",
                "Retry": [{"ErrorEquals": ["E"], "IntervalSeconds": 2}],
                "End": True,
            }
        },
    }
    run = execute(_map(processor), [1, 2], functions={"baton:work": fail_first_time})
    assert run.output == [10, 20]
    assert [t.delay_seconds for t in run.timers] == [2, 2]


def test_map_state_threshold_error_can_be_caught() -> None:
    processor = {"StartAt": "F", "States": {"F": {"Type": "Fail", "Error": "X", "Cause": "c"}}}
    definition = _map(
        processor,
        ToleratedFailureCount=0,
        Catch=[{"ErrorEquals": ["States.ExceedToleratedFailureThreshold"], "Next": "H"}],
    )
    definition["States"]["H"] = {"Type": "Pass", "End": True}
    run = execute(definition, [1])
    assert run.status == "SUCCEEDED"
    assert run.output["Error"] == "States.ExceedToleratedFailureThreshold"


def test_map_state_jsonata_output_sees_all_results() -> None:
    definition = {
        "QueryLanguage": "JSONata",
        "StartAt": "M",
        "States": {
            "M": {
                "Type": "Map",
                "Items": "{% [1, 2] %}",
                "ItemProcessor": PASS_PROCESSOR,
                "Output": "{% $sum($states.result) %}",
                "End": True,
            }
        },
    }
    assert execute(definition).output == 3


def test_map_state_negative_max_concurrency_path_fails_instead_of_never_starting() -> None:
    run = execute(_map(ItemsPath="$.items", MaxConcurrencyPath="$.m"), {"items": [1], "m": -1})
    assert run.error == "States.Runtime"
    assert run.cause.endswith("MaxConcurrency cannot be negative.")


def test_map_state_huge_numbers_in_its_fields_are_range_checked_not_converted() -> None:
    definition = _map(ItemsPath="$.items", ToleratedFailurePercentagePath="$.p")
    run = execute(definition, {"items": [1], "p": 10**400})
    assert run.cause.endswith("ToleratedFailurePercentage must be between 0 and 100.")
    unlimited = execute(_map(ItemsPath="$.i", MaxConcurrencyPath="$.m"), {"i": [1, 2], "m": 1e300})
    assert unlimited.output == [1, 2]


def test_map_state_batch_limits_must_be_positive() -> None:
    definition = _map(ItemsPath="$.items", ItemBatcher={"MaxItemsPerBatchPath": "$.b"})
    run = execute(definition, {"items": [1, 2], "b": -5})
    assert run.error == "States.Runtime"
    assert "which is not a positive integer: $.b" in run.cause


def test_map_state_batches_by_bytes_as_json_dumps_measures_them() -> None:
    items = [{"n": n} for n in range(6)]  # each {"n": 0} is 8 bytes
    batcher = {"MaxInputBytesPerBatch": len('{"Items": [{"n": 0}, {"n": 1}]}')}
    run = execute(_map(ItemBatcher=batcher), items)
    assert run.output == [{"Items": items[0:2]}, {"Items": items[2:4]}, {"Items": items[4:6]}]
