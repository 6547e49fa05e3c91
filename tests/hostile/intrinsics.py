"""Intrinsic functions at and past their limits."""

from __future__ import annotations

from .common import (
    DOUBLE,
    INTRINSIC,
    JAVA_INT,
    TOO_DEEP,
    Case,
    nested_arrays,
    parameters,
)

CASES = [
    Case(
        "array_range_near_2_63",
        parameters("States.ArrayRange(-9223372036854775808, 9223372036854775807, 1)"),
        {},
        INTRINSIC,
        "at most 1000 items",
    ),
    Case(
        "array_range_a_hundred_million",
        parameters("States.ArrayRange(1, 100000000, 1)"),
        {},
        INTRINSIC,
        "at most 1000 items",
    ),
    Case(
        "array_partition_chunk_zero",
        parameters("States.ArrayPartition(States.Array(1, 2, 3), 0)"),
        {},
        INTRINSIC,
        "greater than 0",
    ),
    Case(
        "array_get_item_huge_index",
        parameters("States.ArrayGetItem($.items, 99999999999999999999999)"),
        {"items": [1, 2, 3]},
        INTRINSIC,
        "out of bounds",
    ),
    Case(
        "array_unique_of_forty_thousand_then_out_of_bounds",
        parameters("States.ArrayGetItem(States.ArrayUnique($.items), 40000)"),
        {"items": list(range(40000))},
        INTRINSIC,
        "out of bounds",
    ),
    Case(
        "math_add_1e400",
        parameters("States.MathAdd(1e400, 1)"),
        {},
        INTRINSIC,
        DOUBLE,
    ),
    Case(
        "math_add_2_70_from_the_input",
        parameters("States.MathAdd($.n, 1)"),
        {"n": 2**70},
        INTRINSIC,
        JAVA_INT,
    ),
    Case(
        "math_random_to_1e308",
        parameters("States.MathRandom(0, 1e308)"),
        {},
        INTRINSIC,
        JAVA_INT,
    ),
    Case(
        "math_random_widest_int_range",
        parameters("States.MathRandom(-2147483648, 2147483647, 7)"),
        {},
        INTRINSIC,
        "at most 2147483647 wide",
    ),
    Case(
        "string_to_json_fifty_thousand_arrays_deep",
        parameters("States.StringToJson($.text)"),
        {"text": "[" * 50000 + "]" * 50000},
        INTRINSIC,
        TOO_DEEP,
    ),
    Case(
        "string_to_json_1e400",
        parameters("States.StringToJson('[1e400]')"),
        {},
        INTRINSIC,
        DOUBLE,
    ),
    Case(
        "format_repeating_a_long_string",
        parameters("States.Format('" + "{}" * 12 + "'" + ", $.text" * 12 + ")"),
        {"text": "x" * 100_000},
        INTRINSIC,
        "longer than 1048576 characters",
    ),
    Case(
        "array_repeating_a_long_string",
        parameters("States.Array(" + ", ".join(["$.text"] * 12) + ")"),
        {"text": "x" * 100_000},
        INTRINSIC,
        "larger than 1048576 characters",
    ),
    Case(
        "arrays_nested_five_deep_four_wide",
        parameters(nested_arrays(5)),
        {"text": "x" * 2000},
        INTRINSIC,
        "larger than 1048576 characters",
    ),
    Case(
        "hash_of_twenty_thousand_characters",
        parameters("States.Hash($.text, 'SHA-256')"),
        {"text": "x" * 20000},
        INTRINSIC,
        "limited to 10000 characters",
    ),
]
