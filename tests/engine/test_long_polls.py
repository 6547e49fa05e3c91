"""Long polls hold no thread while they wait (issue 17): many `?wait` starts and activity polls
pending on one daphne do not hold up its other requests, and each is answered when its news
comes, or as before when it times out.

daphne and an engine run as subprocesses on the test database (tests/processes.py); the long
polls are real HTTP requests from threads of this test.
"""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
import requests
from django.contrib.auth.models import Group, User

from baton.models import ApiToken
from baton.request_threads import IDLE_THREADS_KEPT
from designer.services import publish_version
from engine import activities
from engine.models import TaskRun, TaskStatus
from tests.aws.clients import access_key, boto3_client
from tests.processes import running_baton

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]

ARN = "arn:aws:states:us-east-1:000000000000:activity:"
POLLS = 50
WORKERS = 5
PASS = {"StartAt": "P", "States": {"P": {"Type": "Pass", "Result": {"ok": 1}, "End": True}}}


@pytest.fixture
def baton(tmp_path: Path) -> Iterator[str]:
    with running_baton(tmp_path) as url:
        yield url


def bearer(role: str) -> dict[str, str]:
    user = User.objects.create_user(f"{role}-{uuid.uuid4().hex[:8]}")
    user.groups.add(Group.objects.get_or_create(name=role)[0])
    _, text = ApiToken.issue(user, "long polls")
    return {"Authorization": f"Bearer {text}"}


def on_activity(name: str) -> str:
    """A published workflow whose one Task waits for a worker of activity `name`."""
    activities.create_activity(name)
    workflow = f"wf-{uuid.uuid4().hex[:10]}"
    publish_version(
        workflow,
        {"StartAt": "W", "States": {"W": {"Type": "Task", "Resource": ARN + name, "End": True}}},
    )
    return workflow


def waiting_tasks(activity: str) -> int:
    return TaskRun.objects.filter(activity=activity, status=TaskStatus.WAITING).count()


def threads_of_server(url: str) -> int:
    """How many threads the daphne serving `url` runs (found by its `-p PORT`)."""
    port = url.rsplit(":", 1)[1]
    for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
        try:
            argv = cmdline.read_bytes().split(b"\0")
            status = (cmdline.parent / "status").read_text()
        except OSError:
            continue
        if b"daphne" in argv and port.encode() in argv:
            return int(status.split("Threads:")[1].split()[0])
    raise AssertionError(f"no daphne serves {url}")


def eventually(check: Any, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        assert time.monotonic() < deadline, "never happened"
        time.sleep(0.1)


def test_pending_long_polls_leave_the_server_answering_and_end_with_their_news(
    baton: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AWS_DISABLE_HOST_PREFIX_INJECTION", "true")  # one URL serves all
    operator = bearer("operator")
    parked_activity = f"park-{uuid.uuid4().hex[:8]}"
    parked = on_activity(parked_activity)
    idle = f"idle-{uuid.uuid4().hex[:8]}"
    fed = on_activity(idle)
    pool = ThreadPoolExecutor(POLLS + WORKERS + 4)

    def start_and_wait(i: int) -> requests.Response:
        body = {"workflow": parked, "input": {"i": i}}
        return requests.post(
            f"{baton}/api/executions/?wait=30", json=body, headers=operator, timeout=60
        )

    def poll() -> requests.Response:
        url = f"{baton}/api/activities/{idle}/tasks/?worker=w&wait=30"
        return requests.get(url, headers=operator, timeout=60)

    starts = [pool.submit(start_and_wait, i) for i in range(POLLS)]
    polls = [pool.submit(poll) for _ in range(WORKERS)]
    eventually(lambda: waiting_tasks(parked_activity) == POLLS)

    listed = requests.get(
        f"{baton}/api/executions/?workflow={parked}", headers=bearer("viewer"), timeout=30
    )
    sync = boto3_client(
        f"{baton}/aws/", access_key(f"s-{uuid.uuid4().hex[:6]}", "designer", "operator")
    )
    quick = sync.create_state_machine(
        name=f"q-{uuid.uuid4().hex[:6]}",
        definition=json.dumps(PASS),
        roleArn="arn:aws:iam::0:role/r",
    )
    answered = sync.start_sync_execution(stateMachineArn=quick["stateMachineArn"], input="{}")

    assert listed.status_code == 200 and len(listed.json()["results"]) == POLLS
    assert answered["status"] == "SUCCEEDED" and json.loads(answered["output"]) == {"ok": 1}
    assert not any(f.done() for f in starts + polls), "a long poll answered before its news"
    # They wait as futures, not in threads: the server runs its own few and idle pooled ones
    assert threads_of_server(baton) <= IDLE_THREADS_KEPT + 8 < POLLS

    for _ in range(WORKERS):  # a task each for the waiting workers
        requests.post(
            f"{baton}/api/executions/", json={"workflow": fed}, headers=operator, timeout=30
        )
    tokens = [_answer(poll) for poll in polls]
    for _ in range(POLLS):  # every parked execution gets its task's answer
        task = requests.get(
            f"{baton}/api/activities/{parked_activity}/tasks/?wait=0", headers=operator, timeout=30
        ).json()
        success = {"token": task["token"], "output": {"done": task["input"]["i"]}}
        requests.post(
            f"{baton}/api/task-tokens/success/", json=success, headers=operator, timeout=30
        )
    ended = [start.result(timeout=60) for start in starts]

    assert len(set(tokens)) == WORKERS
    assert {r.status_code for r in ended} == {201}
    assert sorted(r.json()["output"]["done"] for r in ended) == list(range(POLLS))
    assert {r.json()["status"] for r in ended} == {"SUCCEEDED"}


def test_long_polls_that_time_out_answer_as_before(baton: str) -> None:
    operator = bearer("operator")
    parked = on_activity(f"park-{uuid.uuid4().hex[:8]}")
    idle = f"idle-{uuid.uuid4().hex[:8]}"
    activities.create_activity(idle)

    started = requests.post(
        f"{baton}/api/executions/?wait=1", json={"workflow": parked}, headers=operator, timeout=30
    )
    polled = requests.get(
        f"{baton}/api/activities/{idle}/tasks/?wait=1", headers=operator, timeout=30
    )

    assert started.status_code == 202 and started.json()["status"] == "RUNNING"
    assert started.headers["Location"] == f"/api/executions/{started.json()['id']}/"
    assert polled.status_code == 204 and polled.content == b""


def _answer(poll: Future[requests.Response]) -> str:
    response = poll.result(timeout=60)
    assert response.status_code == 200, response.text
    return response.json()["token"]
