"""The order workflow that the client stories drive, and the task functions it calls.

tests/api/test_requests_script.py (the REST API with `requests`) and tests/aws/test_clients.py
(boto3 and the AWS CLI) run it against a `runengine` subprocess, which imports this module
(BATON_FUNCTION_MODULES=tests.orders) for the two functions. They stand in for the Lambda
functions a team already has: one hands its task token to the outside world (a line in
BATON_ORDERS_DIR/tokens.jsonl, as a Lambda would post it to a queue); one fails until the test
creates BATON_ORDERS_DIR/fixed.
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path
from typing import Any

from baton import function

MODULE = "tests.orders"
FOLDER_VARIABLE = "BATON_ORDERS_DIR"
LAMBDA = "arn:aws:lambda:us-east-1:000000000000:function:"


def _folder() -> Path:
    return Path(os.environ[FOLDER_VARIABLE])


@function("orders-hand-out-token")
def hand_out_token(payload: dict[str, Any]) -> None:
    line = json.dumps(payload) + "\n"
    fd = os.open(_folder() / "tokens.jsonl", os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
    try:
        os.write(fd, line.encode())  # one write on O_APPEND: lines never interleave
    finally:
        os.close(fd)


@function("orders-charge")
def charge(payload: Any) -> dict[str, bool]:
    if not (_folder() / "fixed").exists():
        raise RuntimeError("the payment service is down")
    return {"fixed": True}


def definition(label: str) -> dict[str, Any]:
    """A Step Functions definition as a team would bring it: `$.mode` picks a callback task
    (`callback`), an hour's Wait (`park`), a task that fails until fixed (`flaky`) or none;
    every run ends with `label` in `$.label`."""
    return {
        "Comment": f"orders {label}",
        "StartAt": "Route",
        "States": {
            "Route": {
                "Type": "Choice",
                "Choices": [
                    {"Variable": "$.mode", "StringEquals": "callback", "Next": "Approve"},
                    {"Variable": "$.mode", "StringEquals": "park", "Next": "Park"},
                    {"Variable": "$.mode", "StringEquals": "flaky", "Next": "Charge"},
                ],
                "Default": "Done",
            },
            "Approve": {
                "Type": "Task",
                "Resource": "arn:aws:states:::lambda:invoke.waitForTaskToken",
                "Parameters": {
                    "FunctionName": "orders-hand-out-token",
                    "Payload": {"token.$": "$$.Task.Token", "execution.$": "$$.Execution.Name"},
                },
                "ResultPath": "$.approval",
                "Next": "Done",
            },
            "Park": {"Type": "Wait", "Seconds": 3600, "Next": "Done"},
            "Charge": {
                "Type": "Task",
                "Resource": LAMBDA + "orders-charge",
                "ResultPath": "$.charge",
                "Next": "Done",
            },
            "Done": {"Type": "Pass", "Result": label, "ResultPath": "$.label", "End": True},
        },
    }


def engine_env(folder: Path) -> dict[str, str]:
    """What a `runengine` child needs to run this workflow's tasks."""
    return {"BATON_FUNCTION_MODULES": MODULE, FOLDER_VARIABLE: str(folder)}


def handed_out_token(folder: Path, execution_name: str, timeout: float = 30) -> str:
    """The task token the Approve state of `execution_name` handed out."""
    deadline = time.monotonic() + timeout
    path = folder / "tokens.jsonl"
    while time.monotonic() < deadline:
        for line in path.read_text().splitlines() if path.exists() else []:
            payload = json.loads(line)
            if payload["execution"] == execution_name:
                return payload["token"]
        time.sleep(0.05)
    raise AssertionError(f"the Approve task of {execution_name} never ran")
