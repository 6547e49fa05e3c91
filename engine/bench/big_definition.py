"""A large definition of a known size with every kind of nesting, for W8 and the page tests.

Each block is 15 states: a Pass, a Choice between two Tasks, a Parallel whose second branch holds
a Map, and a Map whose processor holds a Parallel. Pass states fill up to the exact size."""

from __future__ import annotations

from typing import Any

BLOCK = 15
TASK = "arn:aws:states:::lambda:invoke"


def big_definition(total: int = 200) -> dict[str, Any]:
    """A valid definition with exactly `total` states (nested ones counted), total ≥ 2."""
    blocks, filler = divmod(total - 1, BLOCK)
    states: dict[str, Any] = {}
    names = [f"Fill{n}" for n in range(filler)] + [f"Prepare{i}" for i in range(blocks)] + ["Done"]
    for n in range(filler):
        states[f"Fill{n}"] = {"Type": "Pass", "Next": names[n + 1]}
    for i in range(blocks):
        states.update(_block(i, names[filler + i + 1]))
    states["Done"] = {"Type": "Succeed"}
    return {
        "Comment": f"{total} states for layout benchmarks",
        "StartAt": names[0],
        "States": states,
    }


def _block(i: int, after: str) -> dict[str, Any]:
    task = {"Type": "Task", "Resource": TASK, "Parameters": {"FunctionName": f"step-{i}"}}
    return {
        f"Prepare{i}": {
            "Type": "Pass",
            "Result": {"block": i},
            "ResultPath": "$.block",
            "Next": f"Route{i}",
        },
        f"Route{i}": {
            "Type": "Choice",
            "Choices": [{"Variable": "$.block.block", "NumericGreaterThan": 5, "Next": f"Fast{i}"}],
            "Default": f"Slow{i}",
        },
        f"Fast{i}": {**task, "Next": f"Fan{i}"},
        f"Slow{i}": {**task, "Retry": [{"ErrorEquals": ["States.ALL"]}], "Next": f"Fan{i}"},
        f"Fan{i}": {
            "Type": "Parallel",
            "Branches": [_branch_a(i), _branch_b(i)],
            "Next": f"Each{i}",
        },
        f"Each{i}": {
            "Type": "Map",
            "ItemsPath": "$.items",
            "MaxConcurrency": 4,
            "ItemProcessor": {
                "StartAt": f"Pick{i}",
                "States": {
                    f"Pick{i}": {"Type": "Pass", "Next": f"Both{i}"},
                    f"Both{i}": {
                        "Type": "Parallel",
                        "End": True,
                        "Branches": [
                            {
                                "StartAt": f"Left{i}",
                                "States": {f"Left{i}": {"Type": "Pass", "End": True}},
                            },
                            {
                                "StartAt": f"Right{i}",
                                "States": {f"Right{i}": {**task, "End": True}},
                            },
                        ],
                    },
                },
            },
            "Catch": [{"ErrorEquals": ["States.ALL"], "Next": after}],
            "Next": after,
        },
    }


def _branch_a(i: int) -> dict[str, Any]:
    return {
        "StartAt": f"Call{i}",
        "States": {
            f"Call{i}": {"Type": "Task", "Resource": TASK, "Next": f"Pause{i}"},
            f"Pause{i}": {"Type": "Wait", "Seconds": 1, "End": True},
        },
    }


def _branch_b(i: int) -> dict[str, Any]:
    return {
        "StartAt": f"Split{i}",
        "States": {
            f"Split{i}": {"Type": "Pass", "Next": f"Inner{i}"},
            f"Inner{i}": {
                "Type": "Map",
                "End": True,
                "ItemProcessor": {
                    "StartAt": f"Work{i}",
                    "States": {f"Work{i}": {"Type": "Task", "Resource": TASK, "End": True}},
                },
            },
        },
    }
