"""POST /api/test-state/: one state of a draft definition run alone, TestState style, with each
stage of its data flow reported and nothing stored or called."""

from __future__ import annotations

import json
from typing import Any

import pytest
from rest_framework.test import APIClient

from baton import function
from designer.models import WorkflowVersion
from engine.models import Execution
from tests.asl.driver import execute
from tests.engine.testrun_client import client_as

ARN = "arn:aws:lambda:us-east-1:000000000000:function:"
CALLS: list[Any] = []


@function("test-state-charge")
def charge(payload: Any) -> Any:
    CALLS.append(payload)
    return {"charged": True}


@pytest.fixture
def designer(db: None) -> APIClient:
    return client_as("designer")


def machine(**states: dict[str, Any]) -> dict[str, Any]:
    """A definition starting at the first state given, ending in a Succeed state `Done`."""
    return {"StartAt": next(iter(states)), "States": {**states, "Done": {"Type": "Succeed"}}}


def try_state(client: APIClient, definition: Any, state: str, **fields: Any) -> Any:
    return client.post(
        "/api/test-state/", {"definition": definition, "state": state, **fields}, format="json"
    )


CHARGE = {
    "Type": "Task",
    "Resource": ARN + "test-state-charge",
    "InputPath": "$.order",
    "Parameters": {"id.$": "$.id", "currency": "EUR"},
    "ResultSelector": {"total.$": "$.amount"},
    "ResultPath": "$.charge",
    "OutputPath": "$.charge",
    "Next": "Done",
}


def test_a_task_reports_every_stage_from_input_path_to_output_path(designer: APIClient) -> None:
    CALLS.clear()
    response = try_state(
        designer,
        machine(Charge=CHARGE),
        "Charge",
        input={"order": {"id": 7}, "customer": "ada"},
        mock={"result": {"amount": 12, "fee": 1}},
    )

    assert response.status_code == 200, response.content
    answer = response.json()
    # The state succeeds and goes on to its Next, with OutputPath's selection as output
    assert answer["status"] == "SUCCEEDED"
    assert answer["nextState"] == "Done"
    assert answer["output"] == {"total": 12}
    # Each stage of the JSONPath pipeline is reported, in TestState's names
    assert answer["inspectionData"] == {
        "input": {"order": {"id": 7}, "customer": "ada"},
        "afterInputPath": {"id": 7},
        "afterParameters": {"id": 7, "currency": "EUR"},
        "result": {"amount": 12, "fee": 1},
        "afterResultSelector": {"total": 12},
        "afterResultPath": {"order": {"id": 7}, "customer": "ada", "charge": {"total": 12}},
    }
    # The function the Task names was never called
    assert CALLS == []


def test_a_jsonata_task_reports_its_arguments_output_and_assigned_variables(
    designer: APIClient,
) -> None:
    definition = machine(
        Charge={
            "Type": "Task",
            "QueryLanguage": "JSONata",
            "Resource": ARN + "test-state-charge",
            "Arguments": {"id": "{% $states.input.order %}", "limit": "{% $limit %}"},
            "Output": {"paid": "{% $states.result.amount * 2 %}"},
            "Assign": {"lastAmount": "{% $states.result.amount %}"},
            "Next": "Done",
        }
    )

    answer = try_state(
        designer,
        definition,
        "Charge",
        input={"order": 7},
        mock={"result": {"amount": 5}},
        variables={"limit": 100},
    ).json()

    # Arguments are evaluated with the variables in scope, Output from the mocked result
    assert answer["status"] == "SUCCEEDED"
    assert answer["output"] == {"paid": 10}
    assert answer["inspectionData"]["afterArguments"] == {"id": 7, "limit": 100}
    assert answer["inspectionData"]["result"] == {"amount": 5}
    # The variables after Assign: the ones given plus the ones assigned
    assert answer["inspectionData"]["variables"] == {"limit": 100, "lastAmount": 5}
    # No JSONPath stage is reported for a JSONata state
    assert "afterInputPath" not in answer["inspectionData"]


def test_a_choice_state_names_the_next_state_it_chose(designer: APIClient) -> None:
    definition = machine(
        Route={
            "Type": "Choice",
            "Choices": [{"Variable": "$.total", "NumericGreaterThan": 100, "Next": "Big"}],
            "Default": "Done",
        },
        Big={"Type": "Pass", "End": True},
    )

    big = try_state(designer, definition, "Route", input={"total": 250}).json()
    small = try_state(designer, definition, "Route", input={"total": 5}).json()

    # The matching rule's Next, else the Default
    assert (big["status"], big["nextState"]) == ("SUCCEEDED", "Big")
    assert (small["status"], small["nextState"]) == ("SUCCEEDED", "Done")
    # A Choice passes its input on
    assert big["output"] == {"total": 250}


def test_a_task_without_a_mock_is_refused_naming_the_state(designer: APIClient) -> None:
    response = try_state(designer, machine(Charge=CHARGE), "Charge", input={"order": {"id": 1}})

    # 400, saying which state needs a mock and where it is in the definition
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "mock_required"
    assert "'Charge'" in error["message"] and "mock" in error["message"]
    assert error["details"]["diagnostics"][0]["location"] == "/States/Charge"


def test_a_caught_error_reports_the_catcher_its_next_state_and_output(
    designer: APIClient,
) -> None:
    state = {
        **CHARGE,
        "Retry": [{"ErrorEquals": ["Card.Busy"], "MaxAttempts": 2}],
        "Catch": [
            {"ErrorEquals": ["Card.Busy"], "Next": "Done"},
            {"ErrorEquals": ["States.ALL"], "ResultPath": "$.problem", "Next": "Refund"},
        ],
    }
    definition = machine(Charge=state, Refund={"Type": "Pass", "End": True})

    answer = try_state(
        designer,
        definition,
        "Charge",
        input={"order": {"id": 7}},
        mock={"error": "Card.Declined", "cause": "insufficient funds"},
    ).json()

    # No retrier matches; the second catcher does
    assert answer["status"] == "CAUGHT_ERROR"
    assert (answer["error"], answer["cause"]) == ("Card.Declined", "insufficient funds")
    assert answer["nextState"] == "Refund"
    assert answer["inspectionData"]["errorDetails"] == {"catchIndex": 1}
    # Its ResultPath puts the error output into the state's raw input
    assert answer["output"] == {
        "order": {"id": 7},
        "problem": {"Error": "Card.Declined", "Cause": "insufficient funds"},
    }


def test_a_retriable_error_names_its_retrier_until_the_retries_are_spent(
    designer: APIClient,
) -> None:
    state = {
        **CHARGE,
        "Retry": [{"ErrorEquals": ["Card.Busy"], "IntervalSeconds": 3, "MaxAttempts": 2}],
        "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "Done"}],
    }
    mock = {"error": "Card.Busy", "cause": "try later"}
    value = {"order": {"id": 7}}

    first = try_state(designer, machine(Charge=state), "Charge", input=value, mock=mock).json()
    spent = try_state(
        designer, machine(Charge=state), "Charge", input=value, mock=mock, retry_count=2
    ).json()

    # A retrier with attempts left wins over the catcher, with its back-off
    assert first["status"] == "RETRIABLE"
    assert first["inspectionData"]["errorDetails"] == {
        "retryIndex": 0,
        "retryBackoffIntervalSeconds": 3,
    }
    assert "output" not in first and "nextState" not in first
    # Once its MaxAttempts are used up, the catcher takes the error
    assert (spent["status"], spent["nextState"]) == ("CAUGHT_ERROR", "Done")


def test_a_runtime_error_has_the_error_and_cause_an_execution_would_have(
    designer: APIClient,
) -> None:
    definition = machine(Charge=CHARGE)
    value = {"customer": "ada"}  # no "order": InputPath selects nothing

    answer = try_state(designer, definition, "Charge", input=value, mock={"result": {}}).json()
    execution = execute(definition, value, functions={"test-state-charge": lambda p: {}})

    # States.Runtime, worded exactly as the engine words it for the same state and input
    assert answer["status"] == "FAILED"
    assert (answer["error"], answer["cause"]) == (execution.error, execution.cause)
    assert answer["cause"].endswith("Invalid path '$.order' : No results for path: $['order']")


def test_a_map_state_runs_its_own_processing_around_the_mocked_result(
    designer: APIClient,
) -> None:
    definition = machine(
        Each={
            "Type": "Map",
            "ItemsPath": "$.lines",
            "ItemSelector": {"sku.$": "$$.Map.Item.Value.sku", "at.$": "$$.Map.Item.Index"},
            "MaxConcurrency": 2,
            "ItemProcessor": {
                "StartAt": "Price",
                "States": {"Price": {"Type": "Task", "Resource": ARN + "x", "End": True}},
            },
            "ResultPath": "$.prices",
            "Next": "Done",
        }
    )

    answer = try_state(
        designer,
        definition,
        "Each",
        input={"lines": [{"sku": "a"}, {"sku": "b"}]},
        mock={"result": [3, 4]},
    ).json()
    data = answer["inspectionData"]

    # The items and each iteration's input, as the Map would hand them out
    assert data["afterItemsPath"] == [{"sku": "a"}, {"sku": "b"}]
    assert data["afterItemSelector"] == [{"sku": "a", "at": 0}, {"sku": "b", "at": 1}]
    assert data["maxConcurrency"] == 2
    # The mock is the result of the whole Map, placed by its ResultPath
    assert answer["output"] == {"lines": [{"sku": "a"}, {"sku": "b"}], "prices": [3, 4]}


def test_a_map_or_parallel_without_a_mock_is_refused_saying_why(designer: APIClient) -> None:
    branch = {"StartAt": "B", "States": {"B": {"Type": "Pass", "End": True}}}
    definition = machine(Both={"Type": "Parallel", "Branches": [branch], "Next": "Done"})

    response = try_state(designer, definition, "Both", input={})

    # Its branches are not run: the mock stands for the whole state's result
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "mock_required"
    assert "runs no branches" in response.json()["error"]["message"]


def test_a_state_inside_a_branch_can_be_tested_by_its_name(designer: APIClient) -> None:
    branch = {
        "StartAt": "Inner",
        "States": {"Inner": {"Type": "Pass", "Parameters": {"x.$": "$.a"}, "End": True}},
    }
    definition = machine(Both={"Type": "Parallel", "Branches": [branch], "Next": "Done"})

    answer = try_state(designer, definition, "Inner", input={"a": 1}).json()

    # Found at any depth; an End state has no next state
    assert answer["status"] == "SUCCEEDED"
    assert answer["output"] == {"x": 1}
    assert "nextState" not in answer


def test_a_pass_state_refuses_a_mock(designer: APIClient) -> None:
    definition = machine(Hop={"Type": "Pass", "Next": "Done"})

    response = try_state(designer, definition, "Hop", input={}, mock={"result": 1})

    # Only Task, Map and Parallel have work a mock can stand for
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "mock_not_accepted"


def test_an_unknown_state_is_refused_with_a_diagnostic(designer: APIClient) -> None:
    response = try_state(designer, machine(Hop={"Type": "Pass", "Next": "Done"}), "Nope")

    # A diagnostic as the validator gives them, located at the definition's States
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "unknown_state"
    assert error["details"]["diagnostics"] == [
        {
            "code": "unknown_state",
            "message": "The definition has no state named 'Nope'.",
            "location": "/States",
            "severity": "error",
        }
    ]


def test_an_invalid_definition_is_refused_with_the_validators_diagnostics(
    designer: APIClient,
) -> None:
    definition = machine(Hop={"Type": "Pass", "Next": "Nowhere"})

    response = try_state(designer, definition, "Hop")
    validated = designer.post("/api/validate/", {"definition": definition}, format="json")

    # The same diagnostics /api/validate/ reports, with their JSON-pointer locations
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "invalid_definition"
    assert error["details"]["diagnostics"] == validated.json()["diagnostics"]
    assert error["details"]["diagnostics"][0]["location"] == "/States/Hop/Next"


def test_a_definition_given_as_json_text_is_tested_the_same(designer: APIClient) -> None:
    text = json.dumps(machine(Hop={"Type": "Pass", "Result": {"k": 1}, "Next": "Done"}))

    answer = try_state(designer, text, "Hop", input={"a": 1}).json()

    # A Pass with a Result: its result and where ResultPath put it
    assert answer["output"] == {"k": 1}
    assert answer["inspectionData"]["result"] == {"k": 1}


def test_testing_a_state_stores_nothing(designer: APIClient) -> None:
    versions, executions = WorkflowVersion.everything.count(), Execution.objects.count()

    try_state(designer, machine(Charge=CHARGE), "Charge", input={"order": {"id": 1}}, mock={})
    try_state(
        designer, machine(Charge=CHARGE), "Charge", input={"order": {"id": 1}}, mock={"result": 1}
    )

    # No version, draft or execution is made
    assert WorkflowVersion.everything.count() == versions
    assert Execution.objects.count() == executions


def test_only_designers_and_admins_may_test_a_state(db: None) -> None:
    definition = machine(Hop={"Type": "Pass", "Next": "Done"})

    answers = {
        role: try_state(client_as(role), definition, "Hop").status_code
        for role in ("viewer", "operator", "designer", "admin")
    }

    # The designer's capability; roles are cumulative
    assert answers == {"viewer": 403, "operator": 403, "designer": 200, "admin": 200}
