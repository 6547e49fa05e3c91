"""The real AWS clients, pointed at a Baton /aws/ endpoint and signing with a Baton access key."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import boto3
from botocore.config import Config

REGION = "us-east-1"


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
