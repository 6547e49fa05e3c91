"""Hostile definitions: each one valid, each one failing (with the error Step Functions gives)
within a few seconds, where it used to crash or freeze the engine. Plain data, no pytest.

Every case is a complete definition whose only problem is its hostile part, with nothing that
catches the failure. tests/asl/test_hostile_definitions.py runs them in memory; the engine
tests run them in real engine processes. HEALTHY holds a few small definitions that must still
succeed beside them. docs/architecture.md ("Bounded evaluation") lists the limits they hit.
"""

from __future__ import annotations

from . import choices, expressions, intrinsics, numbers, paths, unstorable
from .common import Case, Healthy, one

__all__ = ["CASES", "HEALTHY", "Case", "Healthy"]

CASES: list[Case] = [
    *intrinsics.CASES,
    *paths.CASES,
    *numbers.CASES,
    *expressions.CASES,
    *choices.CASES,
    *unstorable.CASES,
]

HEALTHY: list[Healthy] = [
    Healthy(
        "intrinsics_at_ordinary_sizes",
        one(
            {
                "Type": "Pass",
                "Parameters": {
                    "sum.$": "States.MathAdd($.a, $.b)",
                    "odd.$": "States.ArrayRange(1, 5, 2)",
                    "big": 99999999999999999999999,
                },
                "End": True,
            }
        ),
        {"a": 1, "b": 2},
        {"sum": 3, "odd": [1, 3, 5], "big": 99999999999999999999999},
    ),
    Healthy(
        "choice_string_matches",
        {
            "StartAt": "C",
            "States": {
                "C": {
                    "Type": "Choice",
                    "Choices": [
                        {"Variable": "$.file", "StringMatches": "log-*.txt", "Next": "Yes"}
                    ],
                    "Default": "No",
                },
                "Yes": {"Type": "Pass", "Result": "matched", "End": True},
                "No": {"Type": "Pass", "Result": "unmatched", "End": True},
            },
        },
        {"file": "log-2024-01-01.txt"},
        "matched",
    ),
    Healthy(
        "map_doubling_in_jsonata",
        one(
            {
                "Type": "Map",
                "Items": "{% $states.input.values %}",
                "ItemProcessor": {
                    "StartAt": "Double",
                    "States": {
                        "Double": {
                            "Type": "Pass",
                            "Output": "{% $states.input * 2 %}",
                            "End": True,
                        }
                    },
                },
                "End": True,
            },
            QueryLanguage="JSONata",
        ),
        {"values": [1, 2, 3]},
        [2, 4, 6],
    ),
]
