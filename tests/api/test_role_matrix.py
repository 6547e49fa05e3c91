"""Every endpoint × method × role → allowed or denied (issue 4, Rules: deny by default).

MATRIX below is the reviewed table: each (path as the schema spells it, method) names the
capability it needs (baton.api.permissions) and a valid-ish request, so an allowed call succeeds
or fails only on a business rule. test_matrix_covers_the_schema fails when /api/schema/ has an
operation MATRIX does not list (a new endpoint cannot slip in unreviewed) or MATRIX lists one
the schema no longer has.

Denied: 403 for a user without the capability, 401 for an anonymous request, both with the
error shape. Allowed: neither 401 nor 403, and never a 5xx.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.utils import timezone

from approvals.models import HumanTask
from baton.api.permissions import ADMIN, DESIGN, OPERATE, READ
from baton.aws.keys import issue
from baton.models import AccessKey, ApiToken
from designer.models import Alias, WorkflowVersion
from designer.services import publish_version
from engine.executions import start_execution
from engine.models import Activity, Connection, Execution, Schedule

from .conftest import PERSONAS, Persona, make_persona

PUBLIC = "public"  # no authentication at all (health)
SIGNED_IN = "signed in"  # any account, no role: approvers act on the tasks they are given

# Which personas hold each capability (an admin holds everything).
HOLDERS = {
    PUBLIC: set(PERSONAS),
    SIGNED_IN: set(PERSONAS) - {"anonymous"},
    READ: {"viewer", "operator", "designer", "admin"},
    OPERATE: {"operator", "designer", "admin"},  # roles are cumulative
    DESIGN: {"designer", "admin"},
    ADMIN: {"admin"},
}

PASS = {"StartAt": "P", "States": {"P": {"Type": "Pass", "End": True}}}
PASS2 = {"StartAt": "Q", "States": {"Q": {"Type": "Pass", "Result": 2, "End": True}}}
WAIT = {"StartAt": "W", "States": {"W": {"Type": "Wait", "Seconds": 3600, "End": True}}}
MOCKS = {"StateMachines": {"m": {"TestCases": {"c": {}}}}, "MockedResponses": {}}


@dataclass
class Seed:
    """Real objects for the path parameters; made fresh for every case (the test transaction
    rolls back, so a DELETE one persona makes is never seen by the next)."""

    workflow: str
    version: WorkflowVersion
    alias: str
    running: Execution
    activity: str
    connection: Connection
    schedule: Schedule
    token: ApiToken  # another user's token: only an admin may see or revoke it
    key: AccessKey  # another user's access key, likewise
    task: HumanTask  # a human task every persona is an assignee of
    own_token: ApiToken | None = None  # a spare token of the persona calling
    own_key: AccessKey | None = None  # a spare access key of the persona calling


@dataclass
class Call:
    capability: str
    params: Callable[[Seed], dict[str, Any]] = lambda seed: {}
    body: Callable[[Seed], Any] = lambda seed: None
    query: dict[str, str] = field(default_factory=dict)


def wf(seed: Seed) -> dict[str, Any]:
    return {"name": seed.workflow}


def ver(seed: Seed) -> dict[str, Any]:
    return {"name": seed.workflow, "number": seed.version.number}


def ali(seed: Seed) -> dict[str, Any]:
    return {"name": seed.workflow, "alias": seed.alias}


def exe(seed: Seed) -> dict[str, Any]:
    return {"id": str(seed.running.id)}


def unique(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:8]}"


def connection_body(seed: Seed) -> dict[str, Any]:
    return {
        "name": unique("conn"),
        "authorization_type": "API_KEY",
        "api_key_name": "X-Key",
        "api_key_value": "s3cret",
    }


def schedule_body(seed: Seed) -> dict[str, Any]:
    return {"name": unique("sched"), "workflow": seed.workflow, "cron": "0 * * * *", "input": {}}


def task(seed: Seed) -> dict[str, Any]:
    return {"id": seed.task.id}


def routes(seed: Seed) -> dict[str, Any]:
    return {"routes": [{"version": 1, "weight": 90}, {"version": 2, "weight": 10}]}


MATRIX: dict[tuple[str, str], Call] = {
    ("/api/health/", "get"): Call(PUBLIC),
    ("/api/schema/", "get"): Call(READ, query={"format": "json"}),
    ("/api/docs/", "get"): Call(READ),
    # designer
    ("/api/workflows/", "get"): Call(READ),
    ("/api/workflows/", "post"): Call(
        DESIGN, body=lambda s: {"name": unique("wf"), "description": "", "definition": PASS}
    ),
    ("/api/workflows/{name}/", "get"): Call(READ, wf),
    ("/api/workflows/{name}/stats/", "get"): Call(READ, wf),
    ("/api/dashboard/", "get"): Call(READ),
    ("/api/workflows/{name}/", "patch"): Call(DESIGN, wf, lambda s: {"description": "new"}),
    ("/api/workflows/{name}/", "delete"): Call(DESIGN, wf),
    ("/api/workflows/{name}/versions/", "get"): Call(READ, wf),
    ("/api/workflows/{name}/versions/", "post"): Call(DESIGN, wf, lambda s: {"definition": PASS2}),
    ("/api/workflows/{name}/versions/{number}/", "get"): Call(READ, ver),
    ("/api/workflows/{name}/aliases/", "get"): Call(READ, wf),
    ("/api/workflows/{name}/aliases/{alias}/", "get"): Call(READ, ali),
    ("/api/workflows/{name}/aliases/{alias}/", "put"): Call(DESIGN, ali, routes),
    ("/api/workflows/{name}/aliases/{alias}/", "delete"): Call(DESIGN, ali),
    ("/api/validate/", "post"): Call(READ, body=lambda s: {"definition": PASS}),
    # engine
    ("/api/executions/", "get"): Call(READ),
    ("/api/executions/", "post"): Call(
        OPERATE, body=lambda s: {"workflow": s.workflow, "alias": s.alias, "input": {"a": 1}}
    ),
    ("/api/executions/{id}/", "get"): Call(READ, exe),
    ("/api/executions/{id}/history/", "get"): Call(READ, exe, query={"limit": "10", "after": "0"}),
    ("/api/executions/{id}/stop/", "post"): Call(OPERATE, exe, lambda s: {"error": "E"}),
    ("/api/executions/{id}/redrive/", "post"): Call(OPERATE, exe, lambda s: {}),
    ("/api/task-tokens/success/", "post"): Call(
        OPERATE, body=lambda s: {"token": "no-such-token", "output": {}}
    ),
    ("/api/task-tokens/failure/", "post"): Call(
        OPERATE, body=lambda s: {"token": "no-such-token", "error": "E", "cause": "c"}
    ),
    ("/api/task-tokens/heartbeat/", "post"): Call(
        OPERATE, body=lambda s: {"token": "no-such-token"}
    ),
    ("/api/functions/", "get"): Call(READ),
    # trying drafts out: the designer's (nothing real is called, but drafts are what they draw)
    ("/api/test-state/", "post"): Call(
        DESIGN, body=lambda s: {"definition": PASS, "state": "P", "input": {"a": 1}}
    ),
    ("/api/test-runs/", "post"): Call(DESIGN, body=lambda s: {"definition": PASS, "mocks": MOCKS}),
    ("/api/activities/", "get"): Call(READ),
    ("/api/activities/", "post"): Call(DESIGN, body=lambda s: {"name": unique("act")}),
    ("/api/activities/{name}/", "delete"): Call(DESIGN, lambda s: {"name": s.activity}),
    ("/api/activities/{name}/tasks/", "get"): Call(
        OPERATE, lambda s: {"name": s.activity}, query={"worker": "w1", "wait": "0"}
    ),
    # configuration: connections hold credentials, so even reading them is DESIGN
    ("/api/connections/", "get"): Call(DESIGN),
    ("/api/connections/", "post"): Call(DESIGN, body=connection_body),
    ("/api/connections/{name}/", "get"): Call(DESIGN, lambda s: {"name": s.connection.name}),
    ("/api/connections/{name}/", "put"): Call(
        DESIGN, lambda s: {"name": s.connection.name}, connection_body
    ),
    ("/api/connections/{name}/", "patch"): Call(
        DESIGN, lambda s: {"name": s.connection.name}, lambda s: {"description": "d"}
    ),
    ("/api/connections/{name}/", "delete"): Call(DESIGN, lambda s: {"name": s.connection.name}),
    ("/api/schedules/", "get"): Call(READ),
    ("/api/schedules/", "post"): Call(DESIGN, body=schedule_body),
    ("/api/schedules/{name}/", "get"): Call(READ, lambda s: {"name": s.schedule.name}),
    ("/api/schedules/{name}/", "put"): Call(
        DESIGN, lambda s: {"name": s.schedule.name}, schedule_body
    ),
    ("/api/schedules/{name}/", "patch"): Call(
        DESIGN, lambda s: {"name": s.schedule.name}, lambda s: {"enabled": False}
    ),
    ("/api/schedules/{name}/", "delete"): Call(DESIGN, lambda s: {"name": s.schedule.name}),
    # a user's own tokens (test_others_tokens: another user's are the admin's business)
    ("/api/tokens/", "get"): Call(READ),
    ("/api/tokens/", "post"): Call(READ, body=lambda s: {"name": "cli"}),
    ("/api/tokens/{id}/", "delete"): Call(READ, lambda s: {"id": (s.own_token or s.token).id}),
    # a user's own access keys for /aws/, likewise
    ("/api/access-keys/", "get"): Call(READ),
    ("/api/access-keys/", "post"): Call(READ),
    ("/api/access-keys/{id}/", "delete"): Call(READ, lambda s: {"id": (s.own_key or s.key).id}),
    # human tasks: no role needed; what one sees and may do is the task's assignment (the
    # seeded task names every persona), except reassigning: admins (and group owners, none here)
    ("/api/human-tasks/", "get"): Call(SIGNED_IN, query={"view": "mine"}),
    ("/api/human-tasks/{id}/", "get"): Call(SIGNED_IN, task),
    ("/api/human-tasks/{id}/claim/", "post"): Call(SIGNED_IN, task),
    ("/api/human-tasks/{id}/unclaim/", "post"): Call(SIGNED_IN, task),
    ("/api/human-tasks/{id}/decide/", "post"): Call(
        SIGNED_IN, task, lambda s: {"decision": "reject", "comment": "no"}
    ),
    ("/api/human-tasks/{id}/reassign/", "post"): Call(
        ADMIN, task, lambda s: {"users": ["token-owner"]}
    ),
    ("/api/human-tasks/{id}/delegate/", "post"): Call(
        SIGNED_IN, task, lambda s: {"to": "token-owner"}
    ),
    ("/api/human-tasks/{id}/comments/", "post"): Call(SIGNED_IN, task, lambda s: {"text": "hi"}),
}


# The schema and its UI are not operations of the schema itself (SERVE_INCLUDE_SCHEMA = False).
OUTSIDE_SCHEMA = {("/api/schema/", "get"), ("/api/docs/", "get")}


# -- the seed -----------------------------------------------------------------------------------


def make_seed() -> Seed:
    name = "matrix-flow"
    publish_version(name, WAIT)
    version = publish_version(name, PASS2)
    alias = Alias.objects.create(
        workflow=version.workflow,
        name="live",
        routes=[{"version": 1, "weight": 90}, {"version": 2, "weight": 10}],
    )
    running, _ = start_execution(WorkflowVersion.objects.get(workflow=version.workflow, number=1))
    activity = Activity.objects.create(name="matrix-activity")
    connection = Connection.objects.create(
        name="matrix-conn", authorization_type="API_KEY", api_key_name="X-Key"
    )
    schedule = Schedule.objects.create(
        name="matrix-schedule", workflow=version.workflow, cron="0 * * * *"
    )
    owner = User.objects.create_user("token-owner")
    token, _ = ApiToken.issue(owner, "someone else's")
    key, _ = issue(owner)
    task = HumanTask.objects.create(
        token="matrix-task-token",
        execution=running,
        task_key="k",
        state="W",
        workflow=name,
        requested_by="matrix-requester",
        title="Matrix",
        assignees=[f"api-{role}" for role in PERSONAS],
        created_at=timezone.now(),
    )
    return Seed(
        name, version, alias.name, running, activity.name, connection, schedule, token, key, task
    )


# -- the walk -----------------------------------------------------------------------------------


def send(persona: Persona, method: str, path: str, call: Call, seed: Seed) -> Any:
    url = path.format(**call.params(seed))
    body = call.body(seed)
    client = Client(headers=persona.headers)
    kwargs: dict[str, Any] = {"data": call.query} if method == "get" else {}
    if method != "get":
        if call.query:
            url += "?" + "&".join(f"{k}={v}" for k, v in call.query.items())
        kwargs = {"data": body if body is not None else {}, "content_type": "application/json"}
    return getattr(client, method)(url, **kwargs)


# Swagger UI renders HTML (TemplateHTMLRenderer), so its 401/403 are pages, not the JSON shape.
HTML_PAGES = {"/api/docs/"}


def error_shape(response: Any) -> dict[str, Any]:
    body = response.json()
    assert set(body) == {"error"}, body
    assert {"code", "message", "details"} <= set(body["error"]), body
    return body["error"]


CASES = [(path, method, role) for (path, method) in MATRIX for role in PERSONAS]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("path", "method", "role"), CASES, ids=[f"{m.upper()} {p} as {r}" for p, m, r in CASES]
)
def test_matrix(path: str, method: str, role: str) -> None:
    call = MATRIX[(path, method)]
    persona = make_persona(role)
    seed = make_seed()
    if persona.user is not None:
        seed.own_token, _ = ApiToken.issue(persona.user, "spare")
        seed.own_key, _ = issue(persona.user)
    response = send(persona, method, path, call, seed)
    allowed = role in HOLDERS[call.capability]
    where = f"{method.upper()} {path} as {role}: {response.status_code} {response.content[:300]!r}"
    if allowed:
        assert response.status_code not in (401, 403), where
        assert response.status_code < 500, where
    else:
        assert response.status_code == (401 if role == "anonymous" else 403), where
        if path not in HTML_PAGES:
            assert error_shape(response)["code"], where


@pytest.mark.django_db
def test_others_tokens() -> None:
    """Only an admin sees or revokes another user's token; to anyone else it does not exist."""
    seed = make_seed()
    for role in ("viewer", "operator", "designer"):
        client = Client(headers=make_persona(role).headers)
        assert client.get("/api/tokens/", {"user": "token-owner"}).status_code == 403
        others = client.delete(f"/api/tokens/{seed.token.id}/")
        assert others.status_code == 404, others.content
        error_shape(others)
    client = Client(headers=make_persona("admin").headers)
    listed = client.get("/api/tokens/", {"user": "token-owner"})
    assert [t["id"] for t in listed.json()] == [seed.token.id]
    assert client.delete(f"/api/tokens/{seed.token.id}/").status_code == 204


@pytest.mark.django_db
def test_matrix_covers_the_schema() -> None:
    admin = make_persona("admin")
    response = Client(headers=admin.headers).get("/api/schema/", {"format": "json"})
    assert response.status_code == 200, response.content[:500]
    schema = response.json()
    methods = {"get", "post", "put", "patch", "delete", "head", "options", "trace"}
    in_schema = {
        (path, method)
        for path, item in schema["paths"].items()
        for method in item
        if method in methods
    }
    unreviewed = sorted(in_schema - set(MATRIX))
    stale = sorted(set(MATRIX) - in_schema - OUTSIDE_SCHEMA)
    assert not unreviewed, f"operations in /api/schema/ missing from MATRIX: {unreviewed}"
    assert not stale, f"MATRIX rows the schema no longer has: {stale}"
