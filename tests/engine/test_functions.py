"""Python functions as Lambda: registered with `from baton import function`, called by Tasks."""

from __future__ import annotations

import uuid
from typing import Any

import pytest

from baton import function
from designer.services import publish_version
from engine import functions
from engine.executions import start_execution
from engine.inprocess import run_until_ended
from engine.models import Execution, Status

pytestmark = pytest.mark.django_db(transaction=True)

ARN = "arn:aws:lambda:us-east-1:000000000000:function:"
INVOKE = "arn:aws:states:::lambda:invoke"


class InkRanOut(Exception):
    """Raised by the test function below; its class name becomes the Task's error."""


@function("test-functions-greet")
def greet(event: dict[str, Any]) -> dict[str, Any]:
    return {"greeting": f"Hello, {event['name']}!"}


@function("test-functions-print")
def print_page(event: Any) -> None:
    raise InkRanOut("the cartridge is empty after 42 pages")


def task(resource: str, **fields: Any) -> dict[str, Any]:
    """A one-Task definition."""
    return {"StartAt": "Call", "States": {"Call": {"Type": "Task", "Resource": resource, **fields}}}


def run(definition: dict[str, Any], value: Any) -> Execution:
    version = publish_version(f"functions-{uuid.uuid4().hex[:12]}", definition)
    execution, _ = start_execution(version, value)
    run_until_ended([execution.id])
    execution.refresh_from_db()
    return execution


def test_baton_function_registers_in_the_engine_registry() -> None:
    registered = functions.lookup("test-functions-greet")
    assert registered is not None and registered.handler is greet
    assert "test-functions-greet" in functions.registered_names()


def test_a_lambda_arn_task_returns_the_function_result() -> None:
    definition = task(ARN + "test-functions-greet", End=True)
    execution = run(definition, {"name": "Ada"})
    assert execution.status == Status.SUCCEEDED
    assert execution.output == {"greeting": "Hello, Ada!"}


def test_a_lambda_arn_with_a_version_qualifier_calls_the_same_function() -> None:
    definition = task(ARN + "test-functions-greet:live", End=True)
    execution = run(definition, {"name": "Ada"})
    assert execution.output == {"greeting": "Hello, Ada!"}


def test_lambda_invoke_wraps_the_result_as_aws_does() -> None:
    parameters = {"FunctionName": ARN + "test-functions-greet", "Payload": {"name.$": "$.who"}}
    execution = run(task(INVOKE, Parameters=parameters, End=True), {"who": "Grace"})
    assert execution.status == Status.SUCCEEDED
    output = execution.output
    assert output["Payload"] == {"greeting": "Hello, Grace!"}
    assert output["StatusCode"] == 200
    assert output["ExecutedVersion"] == "$LATEST"
    assert output["SdkHttpMetadata"]["HttpStatusCode"] == 200


def test_lambda_invoke_accepts_a_plain_function_name() -> None:
    parameters = {"FunctionName": "test-functions-greet", "Payload": {"name": "Linus"}}
    definition = task(INVOKE, Parameters=parameters, OutputPath="$.Payload", End=True)
    execution = run(definition, {})
    assert execution.output == {"greeting": "Hello, Linus!"}


def test_a_raising_function_fails_the_task_with_its_class_name_and_message() -> None:
    execution = run(task(ARN + "test-functions-print", End=True), {})
    assert execution.status == Status.FAILED
    assert execution.error == "InkRanOut"
    assert execution.cause == "the cartridge is empty after 42 pages"
    # The history records the failed call with the same error
    failed = execution.events.get(type="LambdaFunctionFailed")
    assert failed.details["error"] == "InkRanOut"


def test_a_function_error_can_be_caught_by_its_class_name() -> None:
    definition = task(
        ARN + "test-functions-print",
        Catch=[{"ErrorEquals": ["InkRanOut"], "ResultPath": "$.problem", "Next": "Done"}],
        End=True,
    )
    definition["States"]["Done"] = {"Type": "Succeed"}
    execution = run(definition, {"pages": 50})
    assert execution.status == Status.SUCCEEDED
    assert execution.output == {
        "pages": 50,
        "problem": {"Error": "InkRanOut", "Cause": "the cartridge is empty after 42 pages"},
    }


@pytest.mark.parametrize(
    "definition",
    [
        task(ARN + "test-functions-nobody-registered-me", End=True),
        task(
            INVOKE,
            Parameters={"FunctionName": ARN + "test-functions-nobody-registered-me"},
            End=True,
        ),
    ],
    ids=["lambda-arn", "lambda-invoke"],
)
def test_an_unknown_function_fails_with_resource_not_found(definition: dict[str, Any]) -> None:
    execution = run(definition, {})
    assert execution.status == Status.FAILED
    assert execution.error == "Lambda.ResourceNotFoundException"
    # The cause names the function and says how to register one
    assert "'test-functions-nobody-registered-me'" in execution.cause
    assert "@function" in execution.cause and "BATON_FUNCTION_MODULES" in execution.cause


def test_the_example_functions_are_loaded_at_start_up() -> None:
    # designer.examples.functions is in DEFAULT_FUNCTION_MODULES
    assert {"charge-payment", "make-thumbnail", "send-page"} <= set(functions.registered_names())
