"""Pass state behaviour through the interpreter: input, Result, Parameters, history."""

from __future__ import annotations

from tests.asl.driver import execute


def test_pass_state_passes_its_input_on_unchanged() -> None:
    run = execute({"StartAt": "P", "States": {"P": {"Type": "Pass", "End": True}}}, {"a": 1})
    assert run.status == "SUCCEEDED"
    assert run.output == {"a": 1}


def test_pass_state_result_replaces_the_input() -> None:
    definition = {"StartAt": "P", "States": {"P": {"Type": "Pass", "Result": [1, 2], "End": True}}}
    assert execute(definition, {"a": 1}).output == [1, 2]


def test_pass_state_result_keeps_dollar_keys_literally() -> None:
    result = {"x.$": "$.a", "y": {"z.$": "$$.State.Name"}}
    definition = {"StartAt": "P", "States": {"P": {"Type": "Pass", "Result": result, "End": True}}}
    assert execute(definition, {"a": 1}).output == result


def test_pass_state_parameters_build_a_new_object_from_the_input() -> None:
    parameters = {"who.$": "$.name", "fixed": True, "msg.$": "States.Format('hi {}', $.name)"}
    definition = {
        "StartAt": "P",
        "States": {"P": {"Type": "Pass", "Parameters": parameters, "End": True}},
    }
    assert execute(definition, {"name": "ada"}).output == {
        "who": "ada",
        "fixed": True,
        "msg": "hi ada",
    }


def test_pass_state_result_path_merges_result_into_input() -> None:
    definition = {
        "StartAt": "P",
        "States": {"P": {"Type": "Pass", "Result": "r", "ResultPath": "$.out", "End": True}},
    }
    assert execute(definition, {"in": 1}).output == {"in": 1, "out": "r"}


def test_pass_states_chain_through_next() -> None:
    definition = {
        "StartAt": "A",
        "States": {
            "A": {"Type": "Pass", "Result": {"n": 1}, "Next": "B"},
            "B": {"Type": "Pass", "Parameters": {"m.$": "$.n"}, "End": True},
        },
    }
    run = execute(definition)
    assert run.output == {"m": 1}
    assert run.types == [
        "ExecutionStarted",
        "PassStateEntered",
        "PassStateExited",
        "PassStateEntered",
        "PassStateExited",
        "ExecutionSucceeded",
    ]


def test_pass_state_keeps_numbers_in_their_json_form() -> None:
    definition = {"StartAt": "P", "States": {"P": {"Type": "Pass", "End": True}}}
    output = execute(definition, {"f": 0.0, "i": 0}).output
    assert isinstance(output["f"], float) and isinstance(output["i"], int)


def test_pass_state_accepts_non_object_input() -> None:
    definition = {"StartAt": "P", "States": {"P": {"Type": "Pass", "End": True}}}
    assert execute(definition, "text").output == "text"
    assert execute(definition, [1, None]).output == [1, None]
