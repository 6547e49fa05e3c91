"""JSONPath: deep scans, wide filters and huge results."""

from __future__ import annotations

from .common import (
    RUNTIME,
    VISITS,
    Case,
    comb,
    deep,
    one,
    or_filter,
    parameters,
)

CASES = [
    Case(
        "deep_scan_three_times_over_a_deep_input",
        one({"Type": "Pass", "InputPath": "$..a..a..a", "End": True}),
        deep(300),
        RUNTIME,
        VISITS,
    ),
    Case(
        "deep_scan_four_times_in_parameters",
        parameters("$..a..a..a..a"),
        deep(120),
        RUNTIME,
        VISITS,
    ),
    Case(
        "every_subtree_of_a_comb",
        one({"Type": "Pass", "OutputPath": "$..*", "End": True}),
        comb(400, 100),
        RUNTIME,
        "larger than 1048576 characters",
    ),
    Case(
        "deep_scan_in_a_choice_variable",
        {
            "StartAt": "C",
            "States": {
                "C": {
                    "Type": "Choice",
                    "Choices": [{"Variable": "$..a..a..a", "IsPresent": True, "Next": "Done"}],
                    "Default": "Done",
                },
                "Done": {"Type": "Succeed"},
            },
        },
        deep(300),
        RUNTIME,
        VISITS,
    ),
    Case(
        "filter_with_a_deep_scan_inside_a_deep_scan",
        one({"Type": "Pass", "InputPath": "$..[?(@..a..a)]", "End": True}),
        {"list": [deep(150)]},
        RUNTIME,
        VISITS,
    ),
    Case(
        "long_filter_over_many_items",
        one({"Type": "Pass", "InputPath": or_filter(100), "End": True}),
        {"items": [{"x": -1}] * 15000},
        RUNTIME,
        VISITS,
    ),
]
