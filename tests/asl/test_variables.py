"""Workflow variables: Assign in both query languages, when values become visible, and scope
across Map iterations and Parallel branches."""

from __future__ import annotations

from typing import Any

from tests.asl.driver import TaskFailure, execute


def _chain(*states: tuple[str, dict[str, Any]], **top: Any) -> dict[str, Any]:
    names = [name for name, _ in states]
    built: dict[str, Any] = {}
    for index, (name, state) in enumerate(states):
        tail = {"Next": names[index + 1]} if index + 1 < len(names) else {"End": True}
        built[name] = {**state, **tail}
    return {"StartAt": names[0], "States": built, **top}


def test_jsonpath_assign_makes_a_variable_for_later_states() -> None:
    definition = _chain(
        ("Set", {"Type": "Pass", "Assign": {"greeting": "hi", "n.$": "$.n"}}),
        ("Use", {"Type": "Pass", "Parameters": {"g.$": "$greeting", "n.$": "$n"}}),
    )
    assert execute(definition, {"n": 3}).output == {"g": "hi", "n": 3}


def test_jsonpath_assign_reads_the_result_not_the_input() -> None:
    definition = _chain(
        ("Set", {"Type": "Pass", "Result": {"answer": 42}, "Assign": {"theAnswer.$": "$.answer"}}),
        ("Use", {"Type": "Pass", "Parameters": {"a.$": "$theAnswer"}}),
    )
    assert execute(definition, {"answer": 0}).output == {"a": 42}


def test_assign_does_not_change_the_state_output() -> None:
    definition = _chain(("Set", {"Type": "Pass", "Result": {"answer": 42}, "Assign": {"x": 1}}))
    assert execute(definition).output == {"answer": 42}


def test_jsonata_assign_makes_a_variable_for_later_states() -> None:
    definition = _chain(
        ("Set", {"Type": "Pass", "Assign": {"doubled": "{% $states.input.n * 2 %}"}}),
        ("Use", {"Type": "Pass", "Output": "{% $doubled %}"}),
        QueryLanguage="JSONata",
    )
    assert execute(definition, {"n": 4}).output == 8


def test_assign_sees_old_values_within_the_same_state_jsonpath() -> None:
    definition = _chain(
        ("First", {"Type": "Pass", "Assign": {"a": 1}}),
        ("Second", {"Type": "Pass", "Assign": {"a": 2, "old.$": "$a"}}),
        ("Use", {"Type": "Pass", "Parameters": {"a.$": "$a", "old.$": "$old"}}),
    )
    assert execute(definition).output == {"a": 2, "old": 1}


def test_assign_sees_old_values_within_the_same_state_jsonata() -> None:
    definition = _chain(
        ("First", {"Type": "Pass", "Assign": {"theAnswer": 42}}),
        ("Second", {"Type": "Pass", "Assign": {"theAnswer": 18, "oldAnswer": "{% $theAnswer %}"}}),
        ("Use", {"Type": "Pass", "Output": {"now": "{% $theAnswer %}", "old": "{% $oldAnswer %}"}}),
        QueryLanguage="JSONata",
    )
    assert execute(definition).output == {"now": 18, "old": 42}


def test_output_of_the_assigning_state_sees_old_values() -> None:
    definition = _chain(
        ("First", {"Type": "Pass", "Assign": {"v": "old"}}),
        ("Second", {"Type": "Pass", "Assign": {"v": "new"}, "Output": "{% $v %}"}),
        QueryLanguage="JSONata",
    )
    assert execute(definition).output == "old"


def test_variables_cross_query_languages() -> None:
    definition = _chain(
        ("JP", {"Type": "Pass", "Assign": {"theAnswer": 42}}),
        ("JA", {"QueryLanguage": "JSONata", "Type": "Pass", "Output": "{% $theAnswer %}"}),
    )
    assert execute(definition).output == 42


def test_variables_are_visible_inside_map_iterations() -> None:
    definition = _chain(
        ("Set", {"Type": "Pass", "Assign": {"x": 42, "items": [1, 2, 3]}}),
        (
            "M",
            {
                "Type": "Map",
                "ItemsPath": "$items",
                "ItemProcessor": {
                    "StartAt": "Inner",
                    "States": {
                        "Inner": {
                            "Type": "Pass",
                            "Parameters": {"item.$": "$", "x.$": "$x"},
                            "End": True,
                        }
                    },
                },
            },
        ),
    )
    assert execute(definition, {}).output == [{"item": n, "x": 42} for n in (1, 2, 3)]


def test_variables_are_visible_in_map_item_selector() -> None:
    definition = _chain(
        ("Set", {"Type": "Pass", "Assign": {"factor": 10}}),
        (
            "M",
            {
                "Type": "Map",
                "ItemSelector": {"v.$": "$$.Map.Item.Value", "f.$": "$factor"},
                "ItemProcessor": {"StartAt": "I", "States": {"I": {"Type": "Pass", "End": True}}},
            },
        ),
    )
    assert execute(definition, [1]).output == [{"v": 1, "f": 10}]


def test_variables_are_visible_inside_parallel_branches() -> None:
    branch = {
        "StartAt": "B",
        "States": {"B": {"Type": "Pass", "Parameters": {"seen.$": "$who"}, "End": True}},
    }
    definition = _chain(
        ("Set", {"Type": "Pass", "Assign": {"who": "ada"}}),
        ("Par", {"Type": "Parallel", "Branches": [branch, branch]}),
    )
    assert execute(definition).output == [{"seen": "ada"}, {"seen": "ada"}]


def test_a_variable_assigned_inside_an_iteration_is_not_visible_after_the_map() -> None:
    definition = _chain(
        (
            "M",
            {
                "Type": "Map",
                "Items": [1, 2],
                "ItemProcessor": {
                    "StartAt": "Inner",
                    "States": {
                        "Inner": {
                            "Type": "Pass",
                            "Assign": {"innerX": "{% $states.input %}"},
                            "End": True,
                        }
                    },
                },
            },
        ),
        ("After", {"Type": "Pass", "Output": "{% $exists($innerX) %}"}),
        QueryLanguage="JSONata",
    )
    assert execute(definition).output is False


def test_a_variable_assigned_inside_an_iteration_does_not_leak_to_the_next_iteration() -> None:
    definition = _chain(
        (
            "M",
            {
                "Type": "Map",
                "Items": [1, 2],
                "MaxConcurrency": 1,
                "ItemProcessor": {
                    "StartAt": "Read",
                    "States": {
                        "Read": {"Type": "Pass", "Output": "{% $exists($seen) %}", "Next": "Write"},
                        "Write": {"Type": "Pass", "Assign": {"seen": True}, "End": True},
                    },
                },
            },
        ),
        QueryLanguage="JSONata",
    )
    assert execute(definition).output == [False, False]


def test_map_assign_after_the_iterations_is_visible_later() -> None:
    definition = _chain(
        (
            "M",
            {
                "Type": "Map",
                "ItemProcessor": {"StartAt": "I", "States": {"I": {"Type": "Pass", "End": True}}},
                "Assign": {"count.$": "States.ArrayLength($)"},
            },
        ),
        ("Use", {"Type": "Pass", "Parameters": {"n.$": "$count"}}),
    )
    assert execute(definition, [5, 6]).output == {"n": 2}


def test_choice_rule_assign_wins_over_the_state_assign() -> None:
    definition = {
        "StartAt": "C",
        "States": {
            "C": {
                "Type": "Choice",
                "Choices": [
                    {
                        "Variable": "$.v",
                        "NumericEquals": 42,
                        "Assign": {"status": "CORRECT"},
                        "Next": "F",
                    },
                ],
                "Assign": {"status": "INCORRECT", "guess.$": "$.v"},
                "Default": "F",
            },
            "F": {"Type": "Pass", "Parameters": {"result.$": "$status"}, "End": True},
        },
    }
    assert execute(definition, {"v": 42}).output == {"result": "CORRECT"}
    assert execute(definition, {"v": "42"}).output == {"result": "INCORRECT"}


def test_catch_assign_sets_variables_from_the_error_output() -> None:
    def fail(payload: Any) -> Any:
        raise TaskFailure("Oops", "bad")

    definition = {
        "StartAt": "T",
        "States": {
            "T": {
                "Type": "Task",
                "Resource": "baton:fail",
                "Catch": [
                    {"ErrorEquals": ["States.ALL"], "Assign": {"err.$": "$.Error"}, "Next": "H"}
                ],
                "End": True,
            },
            "H": {"Type": "Pass", "Parameters": {"e.$": "$err"}, "End": True},
        },
    }
    assert execute(definition, functions={"baton:fail": fail}).output == {"e": "Oops"}


def test_wait_state_assign_is_visible_after_the_wait() -> None:
    definition = _chain(
        ("W", {"Type": "Wait", "Seconds": 5, "Assign": {"waited": True}}),
        ("Use", {"Type": "Pass", "Parameters": {"w.$": "$waited"}}),
    )
    run = execute(definition)
    assert run.output == {"w": True}
    assert [t.delay_seconds for t in run.timers] == [5]
