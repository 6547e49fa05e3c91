"""Issue 4, "Done when": a script using only `requests` with a bearer token drives Baton.

Against daphne and a real `manage.py runengine`, subprocesses on the test database: create a
workflow, publish a second version, route an alias 90/10, start executions by alias (both
versions used), wait on a callback task and complete it through its task token, page through
history with `after`, stop one execution and redrive another.

The workflow and the task functions the engine imports for it are tests/orders.py.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import requests

from tests.orders import definition, engine_env, handed_out_token
from tests.processes import running_baton

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]

WORKFLOW = "orders"
STARTS = 200  # by the 90/10 alias: P(no v2 at all) = 0.9**200 ≈ 7e-10


# -- Baton as processes on the test database ----------------------------------------------------


@pytest.fixture
def baton(tmp_path: Path) -> Iterator[str]:
    """daphne and a `runengine` with the order workflow's functions; yields the base URL."""
    with running_baton(tmp_path, engine_env(tmp_path)) as url:
        yield url


# -- the script ---------------------------------------------------------------------------------


class Script:
    """What a program would write: requests.Session, a bearer token, JSON in and out."""

    def __init__(self, base: str, token: str) -> None:
        self.base = base.rstrip("/")
        self.http = requests.Session()
        self.http.headers["Authorization"] = f"Bearer {token}"

    def call(self, method: str, path: str, expect: int | tuple[int, ...], **kwargs: Any) -> Any:
        url = path if path.startswith("http") else f"{self.base}{path}"
        response = self.http.request(method, url, timeout=30, **kwargs)
        wanted = (expect,) if isinstance(expect, int) else expect
        assert response.status_code in wanted, (
            f"{method} {path}: {response.status_code} {response.text[:500]}"
        )
        return response.json() if response.content else None

    def ended(self, execution_id: str, timeout: float = 30) -> dict[str, Any]:
        deadline = time.monotonic() + timeout
        while True:
            execution = self.call("GET", f"/api/executions/{execution_id}/", 200)
            if execution["status"] != "RUNNING":
                return execution
            assert time.monotonic() < deadline, f"still RUNNING after {timeout} s: {execution}"
            time.sleep(0.1)

    def start(self, **body: Any) -> dict[str, Any]:
        return self.call("POST", "/api/executions/", 201, json={"workflow": WORKFLOW, **body})


def test_done_when_script(baton: str, admin: Any, tmp_path: Path) -> None:
    api = Script(baton, admin.token)

    # a workflow, and a second version of it
    created = api.call(
        "POST",
        "/api/workflows/",
        201,
        json={"name": WORKFLOW, "description": "the script's", "definition": definition("v1")},
    )
    assert created["name"] == WORKFLOW
    second = api.call(
        "POST", f"/api/workflows/{WORKFLOW}/versions/", 201, json={"definition": definition("v2")}
    )
    assert second["number"] == 2

    # an alias routing 90/10, and starts by alias that land on both versions
    routes = [{"version": 1, "weight": 90}, {"version": 2, "weight": 10}]
    api.call("PUT", f"/api/workflows/{WORKFLOW}/aliases/live/", (200, 201), json={"routes": routes})
    alias = api.call("GET", f"/api/workflows/{WORKFLOW}/aliases/live/", 200)
    assert alias["routes"] == routes
    versions = Counter(
        api.start(alias="live", input={"mode": "plain", "n": n})["version"] for n in range(STARTS)
    )
    assert set(versions) == {1, 2}, versions
    assert 0.80 * STARTS <= versions[1] <= 0.97 * STARTS, versions  # mean 180, sd ≈ 4.2

    # a callback task, completed through its task token
    waiting = api.start(alias="live", name="needs-approval", input={"mode": "callback"})
    token = handed_out_token(tmp_path, "needs-approval")
    time.sleep(0.3)
    still = api.call("GET", f"/api/executions/{waiting['id']}/", 200)
    assert still["status"] == "RUNNING", still  # the task waits for its token
    api.call(
        "POST",
        "/api/task-tokens/success/",
        (200, 204),
        json={"token": token, "output": {"ok": True}},
    )
    done = api.ended(waiting["id"])
    assert done["status"] == "SUCCEEDED", done
    assert done["output"]["approval"]["ok"] is True  # lambda:invoke.waitForTaskToken: as sent
    spent = api.call(
        "POST", "/api/task-tokens/success/", (404, 409), json={"token": token, "output": {}}
    )
    assert spent["error"]["code"]

    # its history, page by page with `after`, is the whole history in order
    whole = api.call("GET", f"/api/executions/{waiting['id']}/history/", 200)
    assert whole["next"] is None
    paged: list[dict[str, Any]] = []
    after = 0
    while True:
        page = api.call(
            "GET",
            f"/api/executions/{waiting['id']}/history/",
            200,
            params={"after": after, "limit": 2},
        )
        assert len(page["events"]) <= 2
        paged += page["events"]
        if page["next"] is None:
            break
        after = page["events"][-1]["id"]
        assert f"after={after}" in page["next"]
    assert paged == whole["events"]
    assert [event["id"] for event in paged] == list(range(1, len(paged) + 1))
    types = [event["type"] for event in paged]
    assert types[0] == "ExecutionStarted" and types[-1] == "ExecutionSucceeded", types

    # stop one execution
    parked = api.start(version=1, input={"mode": "park"})
    api.call(
        "POST",
        f"/api/executions/{parked['id']}/stop/",
        200,
        json={"error": "Script.Stopped", "cause": "no longer needed"},
    )
    stopped = api.ended(parked["id"])
    assert (stopped["status"], stopped["error"]) == ("ABORTED", "Script.Stopped"), stopped
    api.call("POST", f"/api/executions/{parked['id']}/stop/", 409, json={})

    # redrive another, once what failed it is fixed
    broken = api.start(version=2, input={"mode": "flaky"})
    failed = api.ended(broken["id"])
    assert failed["status"] == "FAILED", failed
    (tmp_path / "fixed").touch()
    redriven = api.call("POST", f"/api/executions/{broken['id']}/redrive/", 200)
    assert redriven["redrive_count"] == 1
    healed = api.ended(broken["id"])
    assert healed["status"] == "SUCCEEDED", healed
    assert healed["output"]["charge"] == {"fixed": True} and healed["output"]["label"] == "v2"

    # and the list finds them: newest first, filtered by workflow
    listed = api.call("GET", "/api/executions/", 200, params={"workflow": WORKFLOW, "limit": 3})
    assert [item["id"] for item in listed["results"]] == [
        broken["id"],
        parked["id"],
        waiting["id"],
    ]
