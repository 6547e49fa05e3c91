"""Numbers out of range in every numeric field: Wait, Task timeouts, Retry, Map."""

from __future__ import annotations

from .common import (
    FAR_FUTURE,
    HUGE_WAIT,
    NOT_A_TIMEOUT,
    QUERY,
    RUNTIME,
    Case,
    jsonata_wait,
    map_state,
    one,
    task,
    wait,
)

CASES = [
    Case("wait_seconds_literal_huge", wait(Seconds=99999999999999), {}, RUNTIME, HUGE_WAIT),
    Case("wait_seconds_path_1e300", wait(SecondsPath="$.s"), {"s": 1e300}, RUNTIME, HUGE_WAIT),
    Case(
        "wait_seconds_path_minus_1e300",
        wait(SecondsPath="$.s"),
        {"s": -1e300},
        RUNTIME,
        "references a negative value",
    ),
    Case(
        "wait_seconds_path_string",
        wait(SecondsPath="$.s"),
        {"s": "99999999999999"},
        RUNTIME,
        "cannot be parsed as a long value",
    ),
    Case(
        "wait_timestamp_literal_in_year_9999",
        wait(Timestamp="9999-12-31T00:00:00Z"),
        {},
        RUNTIME,
        FAR_FUTURE,
    ),
    Case(
        "wait_timestamp_path_offset_past_year_9999",
        wait(TimestampPath="$.t"),
        {"t": "9999-12-31T23:59:59-23:59"},
        RUNTIME,
        FAR_FUTURE,
    ),
    Case(
        "wait_jsonata_seconds_1e300",
        jsonata_wait(Seconds="{% 1e300 %}"),
        {},
        QUERY,
        HUGE_WAIT,
    ),
    Case(
        "wait_jsonata_timestamp_in_year_9999",
        jsonata_wait(Timestamp="{% '9999-12-31T23:59:59Z' %}"),
        {},
        QUERY,
        FAR_FUTURE,
    ),
    Case(
        "task_timeout_path_1e300",
        task(TimeoutSecondsPath="$.t"),
        {"t": 1e300},
        RUNTIME,
        NOT_A_TIMEOUT,
    ),
    Case(
        "task_timeout_path_string",
        task(TimeoutSecondsPath="$.t"),
        {"t": "soon"},
        RUNTIME,
        "not a valid integer",
    ),
    Case(
        "task_heartbeat_path_2_70",
        task(HeartbeatSecondsPath="$.h"),
        {"h": 2**70},
        RUNTIME,
        NOT_A_TIMEOUT,
    ),
    Case(
        "task_timeout_literal_huge",
        task(TimeoutSeconds=99999999999999),
        {},
        RUNTIME,
        NOT_A_TIMEOUT,
    ),
    Case(
        "task_timeout_jsonata_1e300",
        task("JSONata", TimeoutSeconds="{% 1e300 %}"),
        {},
        QUERY,
        NOT_A_TIMEOUT,
    ),
    Case(
        "machine_timeout_huge",
        one({"Type": "Pass", "End": True}, TimeoutSeconds=99999999999999),
        {},
        RUNTIME,
        "more than the maximum of 99999999 seconds",
    ),
    Case(
        "map_max_concurrency_path_negative",
        map_state(MaxConcurrencyPath="$.m"),
        {"items": [1, 2, 3], "m": -1},
        RUNTIME,
        "MaxConcurrency cannot be negative",
    ),
    Case(
        "map_max_concurrency_jsonata_string",
        map_state("JSONata", MaxConcurrency="{% 'many' %}"),
        {},
        QUERY,
        "Expected 'number'",
    ),
    Case(
        "map_tolerated_percentage_path_2_70",
        map_state(ToleratedFailurePercentagePath="$.p"),
        {"items": [1], "p": 2**70},
        RUNTIME,
        "between 0 and 100",
    ),
    Case(
        "map_batch_items_path_negative",
        map_state(ItemBatcher={"MaxItemsPerBatchPath": "$.b"}),
        {"items": [1, 2], "b": -5},
        RUNTIME,
        "not a positive integer",
    ),
    Case(
        "retry_backoff_rate_of_ten_to_the_400",
        {
            "StartAt": "P",
            "States": {
                "P": {
                    "Type": "Parallel",
                    "Branches": [
                        {"StartAt": "F", "States": {"F": {"Type": "Fail", "Error": "Boom"}}}
                    ],
                    "Retry": [
                        {
                            "ErrorEquals": ["Boom"],
                            "IntervalSeconds": 1,
                            "BackoffRate": 10**400,
                            "MaxDelaySeconds": 1,
                            "MaxAttempts": 2,
                        }
                    ],
                    "End": True,
                }
            },
        },
        {},
        "Boom",
    ),
]
