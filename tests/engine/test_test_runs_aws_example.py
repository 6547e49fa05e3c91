"""The mock configuration file of AWS's Step Functions Local guide, used unchanged by a test run:
its happy, hybrid and retry paths."""

from __future__ import annotations

import copy

import pytest
from rest_framework.test import APIClient

from engine.models import Execution, Status
from tests.engine.testrun_client import client_as, finished, start_run

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def designer() -> APIClient:
    return client_as("designer")


# The example of the developer guide ("Using mocked service integrations for testing in Step
# Functions Local"): its mock configuration file exactly as published, and its definition.
AWS_MOCKS = {
    "StateMachines": {
        "LambdaSQSIntegration": {
            "TestCases": {
                "HappyPath": {"LambdaState": "MockedLambdaSuccess", "SQSState": "MockedSQSSuccess"},
                "RetryPath": {"LambdaState": "MockedLambdaRetry", "SQSState": "MockedSQSSuccess"},
                "HybridPath": {"LambdaState": "MockedLambdaSuccess"},
            }
        }
    },
    "MockedResponses": {
        "MockedLambdaSuccess": {
            "0": {
                "Return": {
                    "StatusCode": 200,
                    "Payload": {"StatusCode": 200, "body": "Hello from Lambda!"},
                }
            }
        },
        "LambdaMockedResourceNotReady": {
            "0": {
                "Throw": {
                    "Error": "Lambda.ResourceNotReadyException",
                    "Cause": "Lambda resource is not ready.",
                }
            }
        },
        "MockedSQSSuccess": {
            "0": {
                "Return": {
                    "MD5OfMessageBody": "3bcb6e8e-7h85-4375-b0bc-1a59812c6e51",
                    "MessageId": "3bcb6e8e-8b51-4375-b0bc-1a59812c6e51",
                }
            }
        },
        "MockedLambdaRetry": {
            "0": {
                "Throw": {
                    "Error": "Lambda.ResourceNotReadyException",
                    "Cause": "Lambda resource is not ready.",
                }
            },
            "1-2": {"Throw": {"Error": "Lambda.TimeoutException", "Cause": "Lambda timed out."}},
            "3": {
                "Return": {
                    "StatusCode": 200,
                    "Payload": {"StatusCode": 200, "body": "Hello from Lambda!"},
                }
            },
        },
    },
}
AWS_DEFINITION = {
    "Comment": "This state machine is called: LambdaSQSIntegration",
    "StartAt": "LambdaState",
    "States": {
        "LambdaState": {
            "Type": "Task",
            "Resource": "arn:aws:states:::lambda:invoke",
            "Parameters": {"Payload.$": "$", "FunctionName": "HelloWorldFunction"},
            "Retry": [
                {
                    "ErrorEquals": ["States.ALL"],
                    "IntervalSeconds": 2,
                    "MaxAttempts": 3,
                    "BackoffRate": 2,
                }
            ],
            "Next": "SQSState",
        },
        "SQSState": {
            "Type": "Task",
            "Resource": "arn:aws:states:::sqs:sendMessage",
            "Parameters": {
                "QueueUrl": "https://sqs.us-east-1.amazonaws.com/123456789012/myQueue",
                "MessageBody.$": "$",
            },
            "End": True,
        },
    },
}


def test_the_aws_example_runs_its_happy_and_hybrid_paths_unchanged(designer: APIClient) -> None:
    def run(case: str) -> Execution:
        body = {"definition": AWS_DEFINITION, "mocks": AWS_MOCKS, "test_case": case}
        return finished(start_run(designer, **body))

    happy, hybrid = run("HappyPath"), run("HybridPath")

    # HappyPath: both Tasks mocked, the SQS answer is the output
    assert happy.status == Status.SUCCEEDED
    assert happy.output == AWS_MOCKS["MockedResponses"]["MockedSQSSuccess"]["0"]["Return"]
    # HybridPath: Step Functions Local would call SQS for real; a test run refuses to
    assert hybrid.status == Status.FAILED
    assert hybrid.error == "Baton.TestRun.NoMock"
    assert "'SQSState'" in hybrid.cause


def test_the_aws_example_runs_its_retry_path_through_four_invocations(
    designer: APIClient,
) -> None:
    definition = copy.deepcopy(AWS_DEFINITION)
    # Its back-off (2 s, doubling) shortened to 1 s so the test takes seconds, not 14
    definition["States"]["LambdaState"]["Retry"][0].update(IntervalSeconds=1, BackoffRate=1)
    body = {"definition": definition, "mocks": AWS_MOCKS, "test_case": "RetryPath"}

    execution = finished(start_run(designer, **body))

    # Invocations 0 to 2 threw, as "0" and "1-2" say; invocation 3 returned
    assert execution.status == Status.SUCCEEDED
    errors = [
        event.details["error"]
        for event in execution.events.filter(type="TaskFailed").order_by("event_id")
    ]
    assert errors == [
        "Lambda.ResourceNotReadyException",
        "Lambda.TimeoutException",
        "Lambda.TimeoutException",
    ]
    assert execution.output["MessageId"] == "3bcb6e8e-8b51-4375-b0bc-1a59812c6e51"
