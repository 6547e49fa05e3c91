"""W5b: the Step Functions API at /aws/ under a mixed open-loop load, as boto3 users send it:
80 % DescribeExecution, 20 % StartExecution, signed with SigV4 by botocore.

daphne and one engine run as subprocesses on the bench database (as in W5, whose server start,
step rule and percentiles this reuses). A separate process (this file run as a script) signs
every request with botocore's SigV4Auth before the clock starts (a signature holds for 15
minutes), then sends request i at t0 + i/rate over keep-alive connections from asyncio and
times it from that moment (no coordinated omission), as W5 does for REST.

Figures: p50/p99 at 500/s for 10 s; the sustained rate is the highest step that keeps up with
no errors (W5's rule).
"""

from __future__ import annotations

import asyncio
import json
import os
import random
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

try:
    from . import w5
except ImportError:  # run as the load script: engine/bench is on sys.path, Django is not
    import w5  # type: ignore[no-redef]

NAME = "W5b"
TARGET = "report: req/s and p99 (80 % Describe, 20 % Start)"
WORKFLOW = "bench-w5b"
DESCRIBED = 200  # executions started before the load, for DescribeExecution to ask about
START_SHARE = 0.2
REGION = "us-east-1"


# -- the bench (inside `manage.py bench`) -------------------------------------------------------


def run() -> dict[str, Any]:
    from django.conf import settings
    from django.contrib.auth.models import Group, User

    from baton.aws import arns, keys
    from baton.models import AccessKey
    from engine.executions import start_execution

    from . import harness

    harness.purge(WORKFLOW)
    version = harness.publish(WORKFLOW, w5.definition())
    user, _ = User.objects.get_or_create(username="bench-w5b")
    user.groups.add(Group.objects.get_or_create(name="operator")[0])
    AccessKey.objects.filter(user=user).delete()
    key, secret = keys.issue(user)
    names = [f"described-{i}" for i in range(DESCRIBED)]
    for name in names:
        start_execution(version, {"name": name}, name=name)
    plan = {
        "key": [key.access_key_id, secret],
        "machine": arns.state_machine(WORKFLOW),
        "executions": [arns.execution(WORKFLOW, name) for name in names],
    }
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as file:
        json.dump(plan, file)
    port = w5.free_port()
    env = {**os.environ, "DATABASE_URL": settings.DATABASE_URL, "BATON_DB_POOL": "1"}
    daphne = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "daphne",
            "-b",
            "127.0.0.1",
            "-p",
            str(port),
            "baton.asgi:application",
        ],
        cwd=harness.ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        w5.wait_listening(port, daphne)
        with harness.engines(1):
            steps = climb(port, file.name)
    finally:
        daphne.terminate()
        daphne.wait(timeout=30)
        Path(file.name).unlink()
        harness.purge(WORKFLOW)
    return figures_of(steps)


def climb(port: int, plan: str) -> list[dict[str, Any]]:
    """500/s first; then up W5's steps while they keep up, or down until one does."""
    drive(port, plan, 50, 2)  # warm-up: connections, caches, the first queries
    steps = [drive(port, plan, w5.LATENCY_RATE, w5.LATENCY_SECONDS)]
    going_up = w5.kept_up(steps[0])
    for rate in w5.STEPS if going_up else w5.STEPS_DOWN:
        steps.append(drive(port, plan, rate, w5.STEP_SECONDS))
        if w5.kept_up(steps[-1]) != going_up:
            break
    return steps


def figures_of(steps: list[dict[str, Any]]) -> dict[str, Any]:
    at_500 = steps[0]
    return {
        "requests_per_s": max((s["rate"] for s in steps if w5.kept_up(s)), default=0),
        "p50_ms_at_500": at_500["p50_ms"],
        "p99_ms_at_500": at_500["p99_ms"],
        "errors": sum(s["errors"] for s in steps),
        "steps": [
            {k: s[k] for k in ("rate", "achieved", "p50_ms", "p99_ms", "errors", "late")}
            for s in steps
        ],
    }


def summary(figures: dict[str, Any]) -> str:
    tried = ", ".join(
        f"{s['rate']}/s→{s['achieved']:.0f} (p99 {s['p99_ms']} ms)" for s in figures["steps"]
    )
    return (
        f"{figures['requests_per_s']} requests/s sustained; at 500/s p50 "
        f"{figures['p50_ms_at_500']} ms, p99 {figures['p99_ms_at_500']} ms; "
        f"{figures['errors']} errors [{tried}]"
    )


def drive(port: int, plan: str, rate: int, seconds: float) -> dict[str, Any]:
    """One open-loop step in a separate process; its figures."""
    command = [sys.executable, __file__, "load", str(port), plan, str(rate), str(seconds)]
    done = subprocess.run(command, capture_output=True, text=True, timeout=seconds + 120)
    if done.returncode != 0:
        raise RuntimeError(f"W5b load process failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout)


# -- the load process (botocore for signing, no Django) -----------------------------------------


def signed_requests(port: int, plan: dict[str, Any], total: int) -> list[bytes]:
    """`total` requests as bytes on the wire, each signed as boto3 signs it; a fixed mix."""
    from botocore.auth import SigV4Auth
    from botocore.awsrequest import AWSRequest
    from botocore.credentials import Credentials

    signer = SigV4Auth(Credentials(*plan["key"]), "states", REGION)
    pick = random.Random(5)
    wire = []
    for index in range(total):
        if pick.random() < START_SHARE:
            target, body = "StartExecution", {"stateMachineArn": plan["machine"]}
            body["input"] = json.dumps({"i": index})
        else:
            target, body = "DescribeExecution", {"executionArn": pick.choice(plan["executions"])}
        headers = {
            "Content-Type": "application/x-amz-json-1.0",
            "X-Amz-Target": f"AWSStepFunctions.{target}",
        }
        data = json.dumps(body).encode()
        aws = AWSRequest("POST", f"http://127.0.0.1:{port}/aws/", data=data, headers=headers)
        signer.add_auth(aws)
        lines = "".join(f"{name}: {value}\r\n" for name, value in aws.headers.items())
        head = (
            f"POST /aws/ HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n{lines}"
            f"Content-Length: {len(data)}\r\nConnection: keep-alive\r\n\r\n"
        )
        wire.append(head.encode() + data)
    return wire


async def load(port: int, wire: list[bytes], rate: int, seconds: float) -> dict[str, Any]:
    """W5's open loop over the requests signed in advance."""
    return await w5.open_loop(port, wire.__getitem__, len(wire), rate, seconds)


if __name__ == "__main__" and sys.argv[1:2] == ["load"]:
    _, _, port_text, plan_path, rate_text, seconds_text = sys.argv
    rate, seconds = int(rate_text), float(seconds_text)
    prepared = signed_requests(
        int(port_text), json.loads(Path(plan_path).read_text()), int(rate * seconds)
    )
    print(json.dumps(asyncio.run(load(int(port_text), prepared, rate, seconds))))
