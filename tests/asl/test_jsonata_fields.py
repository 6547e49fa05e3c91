"""JSONata states: QueryLanguage at both levels, Arguments/Output/Assign/Condition/Items,
the $states bindings, and AWS's States.QueryEvaluationError for an undefined result."""

from __future__ import annotations

from typing import Any

from tests.asl.driver import TaskFailure, echo, execute

PREFIX = "An error occurred while executing the state 'S' (entered at the event id #2). "


def _jsonata(state: dict[str, Any]) -> dict[str, Any]:
    return {"QueryLanguage": "JSONata", "StartAt": "S", "States": {"S": {"End": True, **state}}}


def test_top_level_query_language_makes_every_state_jsonata() -> None:
    run = execute(_jsonata({"Type": "Pass", "Output": "{% $states.input.a * 2 %}"}), {"a": 21})
    assert run.output == 42


def test_a_state_can_opt_into_jsonata_in_a_jsonpath_machine() -> None:
    definition = {
        "StartAt": "S",
        "States": {
            "S": {"Type": "Pass", "QueryLanguage": "JSONata", "Output": "{% 1 + 1 %}", "End": True}
        },
    }
    assert execute(definition).output == 2


def test_jsonata_pass_without_output_passes_its_input() -> None:
    definition = {
        "StartAt": "S",
        "States": {"S": {"QueryLanguage": "JSONata", "Type": "Pass", "End": True}},
    }
    assert execute(definition, {}).output == {}


def test_jsonpath_output_flows_into_a_jsonata_state() -> None:
    definition = {
        "StartAt": "A",
        "States": {
            "A": {"Type": "Pass", "Parameters": {"foo": "foobar", "bar.$": "$"}, "Next": "B"},
            "B": {
                "QueryLanguage": "JSONata",
                "Type": "Pass",
                "Output": "{% $states.input.bar %}",
                "End": True,
            },
        },
    }
    assert execute(definition, {"d": 1}).output == {"d": 1}


def test_jsonata_dollar_keys_are_literal() -> None:
    run = execute(_jsonata({"Type": "Pass", "Output": {"a.$": "$.x"}}), {"x": 1})
    assert run.output == {"a.$": "$.x"}


def test_arguments_build_the_task_payload() -> None:
    state = {
        "Type": "Task",
        "Resource": "baton:echo",
        "Arguments": {"n": "{% $states.input.n + 1 %}", "k": "lit"},
    }
    run = execute(_jsonata(state), {"n": 1}, functions={"baton:echo": echo})
    assert run.tasks[0]["payload"] == {"n": 2, "k": "lit"}
    assert run.output == {"n": 2, "k": "lit"}


def test_output_sees_the_task_result_and_the_state_input() -> None:
    state = {
        "Type": "Task",
        "Resource": "baton:echo",
        "Output": {"was": "{% $states.input.n %}", "got": "{% $states.result.v %}"},
    }
    run = execute(_jsonata(state), {"n": 1}, functions={"baton:echo": lambda p: {"v": 9}})
    assert run.output == {"was": 1, "got": 9}


def test_output_sees_the_context_object() -> None:
    state = {
        "Type": "Pass",
        "Output": "{% $states.context.State.Name & '@' & $states.context.Execution.Name %}",
    }
    assert execute(_jsonata(state)).output == "S@e1"


def test_assign_sets_variables_for_later_states() -> None:
    definition = {
        "QueryLanguage": "JSONata",
        "StartAt": "A",
        "States": {
            "A": {
                "Type": "Pass",
                "Assign": {"total": "{% $states.input.a + $states.input.b %}"},
                "Next": "B",
            },
            "B": {"Type": "Pass", "Output": "{% $total %}", "End": True},
        },
    }
    assert execute(definition, {"a": 2, "b": 3}).output == 5


def test_assign_on_a_task_sees_the_result() -> None:
    definition = {
        "QueryLanguage": "JSONata",
        "StartAt": "T",
        "States": {
            "T": {
                "Type": "Task",
                "Resource": "baton:echo",
                "Assign": {"r": "{% $states.result %}"},
                "Next": "B",
            },
            "B": {"Type": "Pass", "Output": "{% $r %}", "End": True},
        },
    }
    assert execute(definition, "x", functions={"baton:echo": lambda p: "res"}).output == "res"


def test_items_expression_feeds_the_map() -> None:
    state = {
        "Type": "Map",
        "Items": "{% $states.input.xs[$ > 1] %}",
        "ItemProcessor": {"StartAt": "I", "States": {"I": {"Type": "Pass", "End": True}}},
    }
    assert execute(_jsonata(state), {"xs": [1, 2, 3]}).output == [2, 3]


def test_items_expression_that_is_not_an_array_fails_with_query_evaluation_error() -> None:
    state = {
        "Type": "Map",
        "Items": "{% $states.input.s %}",
        "ItemProcessor": {"StartAt": "I", "States": {"I": {"Type": "Pass", "End": True}}},
    }
    run = execute(_jsonata(state), {"s": "text"})
    assert run.status == "FAILED"
    assert run.error == "States.QueryEvaluationError"


def test_condition_true_takes_the_rule_and_its_assign() -> None:
    definition = {
        "QueryLanguage": "JSONata",
        "StartAt": "C",
        "States": {
            "C": {
                "Type": "Choice",
                "Choices": [
                    {
                        "Condition": "{% $states.input.ok %}",
                        "Next": "Done",
                        "Assign": {"how": "rule"},
                    }
                ],
                "Default": "Done",
                "Assign": {"how": "default"},
            },
            "Done": {"Type": "Pass", "Output": "{% $how %}", "End": True},
        },
    }
    assert execute(definition, {"ok": True}).output == "rule"
    assert execute(definition, {"ok": False}).output == "default"


def test_catch_output_uses_states_error_output() -> None:
    definition = {
        "QueryLanguage": "JSONata",
        "StartAt": "T",
        "States": {
            "T": {
                "Type": "Task",
                "Resource": "baton:fail",
                "Catch": [
                    {
                        "ErrorEquals": ["States.ALL"],
                        "Output": {
                            "e": "{% $states.errorOutput.Error %}",
                            "in": "{% $states.input %}",
                        },
                        "Next": "H",
                    }
                ],
                "End": True,
            },
            "H": {"Type": "Pass", "End": True},
        },
    }

    def fail(payload: Any) -> Any:
        raise TaskFailure("My.Error", "c")

    run = execute(definition, {"x": 1}, functions={"baton:fail": fail})
    assert run.output == {"e": "My.Error", "in": {"x": 1}}


def test_undefined_output_field_fails_with_the_field_named() -> None:
    run = execute(_jsonata({"Type": "Pass", "Output": {"result": "{% $doesNotExist %}"}}))
    assert run.error == "States.QueryEvaluationError"
    assert run.cause == PREFIX + (
        "The JSONata expression '$doesNotExist' specified for the field 'Output/result' "
        "returned nothing (undefined)."
    )


def test_undefined_assign_field_fails_with_the_field_named() -> None:
    run = execute(_jsonata({"Type": "Pass", "Assign": {"result": "{% $doesNotExist %}"}}))
    assert run.cause == PREFIX + (
        "The JSONata expression '$doesNotExist' specified for the field 'Assign/result' "
        "returned nothing (undefined)."
    )


def test_undefined_whole_output_names_the_output_field() -> None:
    run = execute(_jsonata({"Type": "Pass", "Output": "{% $states.input.missing %}"}), {})
    assert run.error == "States.QueryEvaluationError"
    assert run.cause == PREFIX + (
        "The JSONata expression '$states.input.missing' specified for the field 'Output' "
        "returned nothing (undefined)."
    )


def test_undefined_argument_names_the_arguments_field() -> None:
    state = {"Type": "Task", "Resource": "baton:echo", "Arguments": {"a": "{% $nope %}"}}
    run = execute(_jsonata(state), functions={"baton:echo": echo})
    assert run.error == "States.QueryEvaluationError"
    assert "specified for the field 'Arguments/a' returned nothing (undefined)." in run.cause
    assert run.tasks == []


def test_query_evaluation_error_entered_id_counts_earlier_states() -> None:
    definition = {
        "QueryLanguage": "JSONata",
        "StartAt": "State0",
        "States": {
            "State0": {"Type": "Pass", "Next": "State1"},
            "State1": {"Type": "Pass", "Next": "State2"},
            "State2": {"Type": "Pass", "Output": {"result": "{% $doesNotExist %}"}, "End": True},
        },
    }
    run = execute(definition)
    assert run.cause.startswith(
        "An error occurred while executing the state 'State2' (entered at the event id #6). "
    )


def test_query_evaluation_error_can_be_caught() -> None:
    definition = {
        "QueryLanguage": "JSONata",
        "StartAt": "S",
        "States": {
            "S": {
                "Type": "Task",
                "Resource": "baton:echo",
                "Output": "{% $states.result.missing %}",
                "Catch": [{"ErrorEquals": ["States.QueryEvaluationError"], "Next": "H"}],
                "End": True,
            },
            "H": {"Type": "Pass", "Output": "{% $states.input.Error %}", "End": True},
        },
    }
    run = execute(definition, functions={"baton:echo": lambda p: {}})
    assert run.output == "States.QueryEvaluationError"
