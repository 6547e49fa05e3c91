"""Issue 9, fuzzed: generated garbage at every REST endpoint and at /aws/, in-process through
Django's test client. No answer may be a 5xx, and every error must be JSON in its API's shape.

Garbage here: paths with random segments (NUL, invalid UTF-8 and surrogate percent-escapes,
overlong encodings, arbitrary text and bytes), query strings of known and unknown parameters
with bad values, bodies that are deep JSON, invalid UTF-8, random JSON values, or a valid body
with one field of the wrong type or size, odd content types and Host headers; at /aws/ every
action (signed with SigV4 as botocore signs) with such bodies. The named cases are in
test_malformed_requests.py.

Reproducible and bounded: derandomized, a fixed number of examples, each in a savepoint that is
rolled back (every example sees the same seeded objects). Long polls are kept at 0 s: `wait` only
takes values that do not wait, StartSyncExecution waits 0 s, and GetActivityTask (60 s, fixed)
is left out.
"""

from __future__ import annotations

import json
import re
from typing import Any
from urllib.parse import quote

import pytest
from django.db import transaction
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from baton.aws.actions import ACTIONS, load
from designer.services import publish_version, put_alias
from engine import activities
from engine.executions import start_execution
from engine.models import Connection, Schedule
from tests.aws.clients import access_key
from tests.aws.test_bad_input import ALSO, VALID, WRONG

from .conftest import Persona
from .shapes import aws_call, aws_error, rest_error

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

EXAMPLES = 400
PASS = {"StartAt": "P", "States": {"P": {"Type": "Pass", "End": True}}}
ARN = "arn:aws:states:us-east-1:000000000000:"
API_KEY = {"authorization_type": "API_KEY", "api_key_name": "X-K", "api_key_value": "secret"}
SCHEDULE = {"workflow": "wf", "cron": "0 * * * *", "time_zone": "UTC", "input": {}}
REST_FIELDS = [
    "name", "workflow", "definition", "description", "input", "output", "version", "alias",
    "routes", "weight", "token", "error", "cause", "archived", "cron", "time_zone", "enabled",
    "authorization_type", "api_key_name", "api_key_value", "username", "password", "token_url",
    "client_id", "client_secret", "scope", "oauth_body_parameters", "invocation_headers",
    "invocation_query_parameters", "invocation_body_parameters", "worker",
]  # fmt: skip
AWS_FIELDS = [
    "activityArn", "definition", "description", "executionArn", "includeExecutionData", "input",
    "maxResults", "name", "nextToken", "output", "publish", "resourceArn", "reverseOrder",
    "revisionId", "roleArn", "routingConfiguration", "severity", "stateMachineAliasArn",
    "stateMachineArn", "stateMachineVersionArn", "statusFilter", "tagKeys", "tags", "taskToken",
    "type", "versionDescription", "workerName", "error", "cause", "traceHeader",
    "loggingConfiguration", "tracingConfiguration",
]  # fmt: skip
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

# -- REST requests: an operation, its path segments, a query string, a body ------------------------

# (method, path, a valid body); {slot}s are path segments, each a real object now and then.
OPERATIONS: list[tuple[str, str, dict[str, Any]]] = [
    ("GET", "/api/workflows/", {}),
    ("POST", "/api/workflows/", {"name": "n1", "definition": PASS}),
    ("GET", "/api/workflows/{workflow}/", {}),
    ("PATCH", "/api/workflows/{workflow}/", {"description": "d", "archived": False}),
    ("DELETE", "/api/workflows/{workflow}/", {}),
    ("GET", "/api/workflows/{workflow}/versions/", {}),
    ("POST", "/api/workflows/{workflow}/versions/", {"definition": PASS, "description": ""}),
    ("GET", "/api/workflows/{workflow}/versions/{number}/", {}),
    ("GET", "/api/workflows/{workflow}/aliases/", {}),
    ("GET", "/api/workflows/{workflow}/aliases/{alias}/", {}),
    ("PUT", "/api/workflows/{workflow}/aliases/{alias}/", {"routes": [{"version": 1}]}),
    ("DELETE", "/api/workflows/{workflow}/aliases/{alias}/", {}),
    ("POST", "/api/validate/", {"definition": PASS}),
    ("GET", "/api/executions/", {}),
    ("POST", "/api/executions/", {"workflow": "wf", "name": "x1", "input": {"a": 1}}),
    ("GET", "/api/executions/{execution}/", {}),
    ("GET", "/api/executions/{execution}/history/", {}),
    ("POST", "/api/executions/{execution}/stop/", {"error": "E", "cause": "C"}),
    ("POST", "/api/executions/{execution}/redrive/", {}),
    ("POST", "/api/task-tokens/success/", {"token": "t", "output": {}}),
    ("POST", "/api/task-tokens/failure/", {"token": "t", "error": "E", "cause": "C"}),
    ("POST", "/api/task-tokens/heartbeat/", {"token": "t"}),
    ("GET", "/api/activities/", {}),
    ("POST", "/api/activities/", {"name": "a1"}),
    ("DELETE", "/api/activities/{activity}/", {}),
    ("GET", "/api/activities/{activity}/tasks/", {}),
    ("GET", "/api/connections/", {}),
    ("POST", "/api/connections/", {"name": "c1", **API_KEY}),
    ("GET", "/api/connections/{connection}/", {}),
    ("PUT", "/api/connections/{connection}/", API_KEY),
    ("PATCH", "/api/connections/{connection}/", {"description": "d"}),
    ("DELETE", "/api/connections/{connection}/", {}),
    ("GET", "/api/schedules/", {}),
    ("POST", "/api/schedules/", {"name": "s1", **SCHEDULE}),
    ("GET", "/api/schedules/{schedule}/", {}),
    ("PUT", "/api/schedules/{schedule}/", SCHEDULE),
    ("PATCH", "/api/schedules/{schedule}/", {"enabled": False}),
    ("DELETE", "/api/schedules/{schedule}/", {}),
    ("GET", "/api/tokens/", {}),
    ("POST", "/api/tokens/", {"name": "t1"}),
    ("DELETE", "/api/tokens/{pk}/", {}),
    ("GET", "/api/access-keys/", {}),
    ("POST", "/api/access-keys/", {}),
    ("DELETE", "/api/access-keys/{pk}/", {}),
    ("GET", "/api/health/", {}),
    ("GET", "/api/schema/", {}),
    ("GET", "/api/docs/", {}),
    ("GET", "/api/{any}/", {}),
    ("POST", "/api/{any}/{any}/", {}),
    ("GET", "/api/workflows/{workflow}", {}),  # no trailing slash
]
REAL = {
    "workflow": "wf",
    "number": "1",
    "alias": "live",
    "execution": "{execution}",  # the seeded execution's id, filled in by the test
    "activity": "act",
    "connection": "conn",
    "schedule": "sched",
    "pk": "1",
    "any": "workflows",
}
NASTY_SEGMENTS = [
    "%00", "a%00b", "%ff", "a%fe%ff", "%ed%a0%80", "%ed%b0%80x", "%c0%af", "%c0%80", "%f4%90%80%80",
    "..", "%2e%2e", "%2f", "%25", "%20", "-1", "0", "9" * 40, "1.5", "%ef%bf%bd", "",
]  # fmt: skip
PERCENT_BYTES = st.binary(min_size=1, max_size=6).map(lambda raw: "".join(f"%{b:02x}" for b in raw))
QUOTED_TEXT = st.text(max_size=12).map(lambda text: quote(text, safe=""))
METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]
QUERY_KEYS = [
    "limit", "cursor", "after", "workflow", "version", "status", "started_after",
    "started_before", "name", "alias", "archived", "format", "user", "ready", "worker", "lang",
]  # fmt: skip
NASTY_VALUES = [
    "-1", "0", "1", "abc", "", "%00", "a%00b", "%ff", "%ed%a0%80", "9" * 40, "1e3", "1.5",
    "true", "2020-01-01T00:00:00Z", "2020-13-45", "RUNNING", "asl", "json", "yaml", "*", "wf",
]  # fmt: skip
# `wait` holds a request open; only values that do not wait (0, or refused) are sent.
WAITS = ["0", "-1", "abc", "61", "%00", "1e9", "9" * 30]
QUERY = st.lists(
    st.tuples(
        st.one_of(st.sampled_from(QUERY_KEYS), st.text(min_size=1, max_size=6)).filter(
            lambda key: key != "wait"
        ),
        st.one_of(st.sampled_from(NASTY_VALUES), QUOTED_TEXT, PERCENT_BYTES),
    ),
    max_size=4,
)
HOSTS = ["testserver"] * 20 + ["evil.example", "a b", "[::1", "testserver:99999999"]
CONTENT_TYPES = ["application/json"] * 8 + [
    "application/json; charset=utf-16",
    "text/plain",
    "application/x-www-form-urlencoded",
]

# -- bodies: garbage, deep JSON, random JSON, or a valid body with fields made wrong ---------------

NASTY_STRINGS = [
    "\x00", "a\x00b", "\ud800", "x\udfffy", "", " ", "x" * 3000, "{}", "[1,2", '{"a": NaN}',
    "wf", "live", "act", "1", "2020-01-01T00:00:00Z", "*/5 * * * *", "API_KEY", "RUNNING",
    json.dumps(PASS), "[" * 300 + "]" * 300, ARN + "stateMachine:wf", ARN + "stateMachine:wf\x00",
    ARN + "stateMachine:wf:1", ARN + "stateMachine:wf:live", ARN + "execution:wf:e1",
    ARN + "activity:act", ARN + "activity:a\ud800", "arn:aws:states:::x",
]  # fmt: skip
LEAVES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.sampled_from([-1, 0, 2**31, 2**63, -(2**63) - 1, 10**30, 10**400]),
    st.floats(),
    st.text(max_size=16),
    st.sampled_from(NASTY_STRINGS),
    st.sampled_from(NASTY_STRINGS),
)
DEEP = [
    b"[" * 257 + b"]" * 257,
    b'{"a":' * 300 + b"1" + b"}" * 300,
    b"[" * 100_000 + b"]" * 100_000,
    b'{"input": ' + b"[" * 5000 + b"]" * 5000 + b"}",
]


def json_values(fields: list[str]) -> st.SearchStrategy[Any]:
    keys = st.one_of(st.sampled_from(fields), st.text(max_size=8), st.sampled_from(NASTY_STRINGS))
    return st.recursive(
        LEAVES,
        lambda inner: st.lists(inner, max_size=3) | st.dictionaries(keys, inner, max_size=4),
        max_leaves=10,
    )


@st.composite
def bodies(draw: st.DrawFn, valid: dict[str, Any], fields: list[str]) -> bytes:
    """Mostly `valid` with one to three fields replaced or added; else raw bytes, deep JSON,
    or any JSON value."""
    values = json_values(fields)
    kind = draw(st.sampled_from(["wrong"] * 5 + ["bytes", "deep", "value"]))
    if kind == "bytes":
        return draw(st.binary(max_size=40))
    if kind == "deep":
        return draw(st.sampled_from(DEEP))
    if kind == "value":
        return json.dumps(draw(values)).encode()
    names = st.sampled_from(sorted({*valid, *fields}))
    wrong = draw(st.dictionaries(names, values, min_size=1, max_size=3))
    return json.dumps({**valid, **wrong}).encode()


def segment(slot: str) -> st.SearchStrategy[str]:
    real = st.just(REAL[slot])
    nul = st.sampled_from(["%00", "a%00b", REAL[slot] + "%00"])
    return st.one_of(real, real, nul, st.sampled_from(NASTY_SEGMENTS), QUOTED_TEXT, PERCENT_BYTES)


@st.composite
def rest_requests(draw: st.DrawFn) -> dict[str, Any]:
    method, template, valid = draw(st.sampled_from(OPERATIONS))
    slots = re.findall(r"{(\w+)}", template)
    path = re.sub(r"{\w+}", "{}", template).format(*(draw(segment(slot)) for slot in slots))
    query = [*draw(QUERY), ("wait", draw(st.sampled_from(WAITS)))]
    return {
        "method": draw(st.sampled_from([method] * 6 + METHODS)),
        "path": path + "?" + "&".join(f"{quote(key, safe='')}={value}" for key, value in query),
        "body": draw(bodies(valid, REST_FIELDS)),
        "content_type": draw(st.sampled_from(CONTENT_TYPES)),
        "host": draw(st.sampled_from(HOSTS)),
    }


# -- /aws/ requests: every action, its valid body made wrong (tests/aws/test_bad_input.py) ---------


load()
AWS_ACTIONS = sorted(set(ACTIONS) - {"GetActivityTask"}) + ["NoSuchAction", ""]


def arn_variants(arn: str) -> list[str]:
    """A real ARN broken the ways a client might: NUL, a lone surrogate, odd qualifiers."""
    name = arn.split(":")[6]
    return [
        arn + "\x00",
        arn.replace(f":{name}", f":{name[:1]}\x00{name[1:]}"),
        arn + "\ud800",
        arn + ":",
        arn + ":" + "9" * 30,
        arn + ":live\x00",
        arn + ":1:2",
        arn.upper(),
    ]


@st.composite
def aws_requests(draw: st.DrawFn) -> dict[str, Any]:
    action = draw(st.sampled_from(AWS_ACTIONS))
    valid = VALID.get(action, {})
    # roleArn and the like hold any text; only fields that name a Baton ARN are looked up
    arn_fields = sorted(f for f in valid if f.endswith("Arn") and valid[f].count(":") >= 6)
    kind = draw(st.sampled_from(["field", "field", "arn", "any"]))
    if kind == "arn" and arn_fields:  # every lookup by ARN, with a broken ARN
        field = draw(st.sampled_from(arn_fields))
        body = {**valid, field: draw(st.sampled_from(arn_variants(valid[field])))}
    elif kind != "any" and valid:  # one field of the valid body wrong, as test_bad_input does
        field = draw(st.sampled_from(sorted({*valid, *ALSO})))
        body = {**valid, field: draw(st.one_of(st.sampled_from(WRONG), json_values(AWS_FIELDS)))}
    else:
        body = None
    raw = json.dumps(body).encode() if body is not None else draw(bodies(valid, AWS_FIELDS))
    path = "/aws/"
    if draw(st.integers(min_value=0, max_value=19)) == 7:  # now and then, a path beside it
        path = f"/aws/{draw(segment('any'))}" + draw(st.sampled_from(["", "/"]))
    return {"path": path, "action": action, "body": raw, "host": draw(st.sampled_from(HOSTS))}


# -- the objects the real segments and ARNs name ---------------------------------------------------


@pytest.fixture
def seeded(db: None, settings: Any) -> dict[str, Any]:
    """A workflow `wf` (version 1, alias `live`), its execution `e1`, an activity `act`, a
    connection `conn`, a schedule `sched`, and an admin's access key; StartSyncExecution waits
    0 s (no engine runs here)."""
    settings.BATON_ENGINE = {**settings.BATON_ENGINE, "SYNC_EXECUTION_SECONDS": 0}
    version = publish_version("wf", PASS)
    put_alias(version.workflow, "live", [{"version": 1, "weight": 100}])
    execution, _ = start_execution(version, {}, name="e1")
    activities.create_activity("act")
    Connection.objects.create(name="conn", authorization_type="API_KEY", api_key_name="X-K")
    Schedule.objects.create(name="sched", workflow=version.workflow, cron="0 * * * *")
    return {"execution": str(execution.id), "key": access_key("fuzz-aws", "admin")}


def rolled_back(send: Any) -> Any:
    """The response of `send()`, in a savepoint rolled back afterwards."""
    with transaction.atomic():
        response = send()
        transaction.set_rollback(True)
    return response


@FUZZ
@given(call=rest_requests())
def test_rest_endpoints_answer_garbage_with_json_4xx(
    admin: Persona, seeded: dict[str, Any], call: dict[str, Any]
) -> None:
    client = Client(headers=admin.headers, raise_request_exception=False)  # 500s: see the log
    path = call["path"].replace("{execution}", seeded["execution"])

    response = rolled_back(
        lambda: client.generic(
            call["method"],
            path,
            call["body"],
            content_type=call["content_type"],
            HTTP_HOST=call["host"],
        )
    )

    assert response.status_code < 500, (call, response.content[:300])
    if response.status_code >= 400:
        rest_error(response)


@FUZZ
@given(call=aws_requests())
def test_aws_actions_answer_garbage_with_step_functions_errors(
    seeded: dict[str, Any], call: dict[str, Any]
) -> None:
    client = Client(raise_request_exception=False)
    if call["path"] == "/aws/":
        send = lambda: aws_call(client, seeded["key"], call["action"], call["body"], call["host"])  # noqa: E731
    else:  # not the endpoint: no action runs, whatever the signature
        send = lambda: client.post(call["path"], call["body"], content_type="a/b")  # noqa: E731

    response = rolled_back(send)

    assert response.status_code < 500, (call, response.content[:300])
    if response.status_code >= 400:
        aws_error(response)
