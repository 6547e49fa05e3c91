"""The real AWS clients, pointed at a Baton /aws/ endpoint and signing with a Baton access key,
and what tests ask of them."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import boto3
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError
from django.contrib.auth.models import Group, User

from baton.aws.keys import issue

REGION = "us-east-1"
AMZ_JSON = "application/x-amz-json-1.0"


def boto3_client(url: str, key: tuple[str, str], region: str = REGION) -> Any:
    """boto3's `stepfunctions` client; no retries, so a refusal shows at once."""
    return boto3.client(
        "stepfunctions",
        endpoint_url=url,
        aws_access_key_id=key[0],
        aws_secret_access_key=key[1],
        region_name=region,
        config=Config(retries={"max_attempts": 1}),
    )


def signed_headers(
    key: tuple[str, str], body: bytes, target: str, host: str = "testserver"
) -> dict[str, str]:
    """The headers, as WSGI keys, of a POST of `body` to /aws/ signed as botocore signs it; for
    django.test.Client: `client.post("/aws/", body, content_type=AMZ_JSON, **headers)`."""
    from botocore.auth import SigV4Auth
    from botocore.awsrequest import AWSRequest
    from botocore.credentials import Credentials

    headers = {"Content-Type": AMZ_JSON, "X-Amz-Target": f"AWSStepFunctions.{target}"}
    aws = AWSRequest("POST", f"http://{host}/aws/", data=body, headers=headers)
    SigV4Auth(Credentials(*key), "states", REGION).add_auth(aws)
    meta = {f"HTTP_{k.upper().replace('-', '_')}": v for k, v in aws.headers.items()}
    del meta["HTTP_CONTENT_TYPE"]  # the client's content_type sets CONTENT_TYPE
    meta["HTTP_HOST"] = host
    return meta


def aws_cli(url: str, key: tuple[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    """`aws stepfunctions …` with only the environment a user would set up for it."""
    env = {
        **os.environ,
        "AWS_ACCESS_KEY_ID": key[0],
        "AWS_SECRET_ACCESS_KEY": key[1],
        "AWS_CONFIG_FILE": "/dev/null",
        "AWS_SHARED_CREDENTIALS_FILE": "/dev/null",
    }
    env.pop("AWS_PROFILE", None)
    env.pop("AWS_SESSION_TOKEN", None)
    aws = Path(sys.executable).with_name("aws")
    command = [str(aws), "stepfunctions", *args, "--endpoint-url", url, "--region", REGION]
    return subprocess.run(command, env=env, capture_output=True, text=True, timeout=60)


def access_key(username: str, *roles: str) -> tuple[str, str]:
    """A user with `roles` and a new access key: (AccessKeyId, SecretAccessKey)."""
    user = User.objects.create_user(username, f"{username}@example.org")
    for role in roles:
        user.groups.add(Group.objects.get_or_create(name=role)[0])
    key, secret = issue(user)
    return key.access_key_id, secret


def cli_json(url: str, key: tuple[str, str], *args: str) -> dict[str, Any]:
    """What `aws stepfunctions …` printed, once it succeeded."""
    done = aws_cli(url, key, *args)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def error_code(failure: pytest.ExceptionInfo[ClientError]) -> str:
    return failure.value.response["Error"]["Code"]


def ended(sfn: Any, arn: str, timeout: float = 30) -> dict[str, Any]:
    """DescribeExecution until the execution is no longer RUNNING."""
    deadline = time.monotonic() + timeout
    while (described := sfn.describe_execution(executionArn=arn))["status"] == "RUNNING":
        assert time.monotonic() < deadline, f"still RUNNING after {timeout} s: {described}"
        time.sleep(0.1)
    return described


def history_types(sfn: Any, arn: str, until: str | None = None, timeout: float = 10) -> list[str]:
    """The types of the execution's events; with `until`, once that type is among them."""
    deadline = time.monotonic() + timeout
    while True:
        events = sfn.get_execution_history(executionArn=arn, maxResults=1000)["events"]
        types = [event["type"] for event in events]
        if until is None or until in types:
            return types
        assert time.monotonic() < deadline, f"no {until} in {types}"
        time.sleep(0.05)
