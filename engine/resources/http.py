"""HTTP Tasks: `arn:aws:states:::http:invoke`, as AWS Step Functions "Call HTTPS APIs".

Parameters: ApiEndpoint, Method, Headers, QueryParameters, RequestBody, Transform and
Authentication.ConnectionArn (a stored Connection, resolved by name). The result is the response
as AWS shapes it; a status of 400 or more fails with `States.Http.StatusCode.<code>`, a socket
error or timeout with `States.Http.Socket`. Connection secrets are scrubbed from the result and
from causes, so history never holds them. Differences from AWS: plain http is allowed, the
connection is optional, redirects are returned rather than followed.
"""

from __future__ import annotations

import base64
import hashlib
import http
import http.client
import json
import re
import secrets
import threading
import time
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode, urlsplit

from .. import conf
from . import TaskCall, TaskFailure, register

INVOKE = "arn:aws:states:::http:invoke"
METHODS = frozenset({"GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "HEAD"})
ARRAY_FORMATS = frozenset({"INDICES", "REPEAT", "COMMAS", "BRACKETS"})
CONNECTION_ARN = re.compile(r"^arn:aws:events:[^:]*:[^:]*:connection/([^/]+)(?:/[^/]*)?$")
SOCKET = "States.Http.Socket"
INVALID_CONNECTION = "Events.ConnectionResource.InvalidConnectionState"
RUNTIME = "States.Runtime"
FORM = "application/x-www-form-urlencoded"
MASK = "****"
MIN_SCRUBBED_LENGTH = 4  # shorter "secrets" would mask ordinary characters everywhere


@dataclass
class Request:
    method: str
    url: str
    headers: dict[str, str]
    body: bytes | None = None


@dataclass
class Response:
    status: int
    reason: str
    headers: list[tuple[str, str]]
    body: bytes


@dataclass
class Secrets:
    """Every credential one call handles, to be masked in whatever Baton records."""

    values: set[str] = field(default_factory=set)

    def add(self, value: str) -> str:
        if len(value) >= MIN_SCRUBBED_LENGTH:
            self.values.add(value)
        return value

    def scrub(self, value: Any) -> Any:
        if isinstance(value, str):
            for secret in sorted(self.values, key=len, reverse=True):
                value = value.replace(secret, MASK)
            return value
        if isinstance(value, dict):
            return {self.scrub(k): self.scrub(v) for k, v in value.items()}
        if isinstance(value, list):
            return [self.scrub(v) for v in value]
        return value


def register_kind() -> None:
    register(lambda resource: resource == INVOKE, invoke)


def invoke(call: TaskCall) -> dict[str, Any]:
    params = call.payload if isinstance(call.payload, dict) else {}
    connection = _connection(params)
    found = Secrets()
    if connection is not None:
        for value in connection.secret_values():
            found.add(value)
    try:
        request = build_request(params, connection, call.execution_id, call.traceparent)
        response = _send_authorized(request, connection, found)
    except TaskFailure as failure:
        raise TaskFailure(failure.error, found.scrub(failure.cause)) from None
    result = found.scrub(shape(response))
    if response.status >= 400:
        cause = json.dumps(result, separators=(",", ":"), ensure_ascii=False)
        raise TaskFailure(f"States.Http.StatusCode.{response.status}", cause)
    return result


def _connection(params: dict[str, Any]) -> Any:
    from ..models import Connection

    auth = params.get("Authentication")
    arn = auth.get("ConnectionArn") if isinstance(auth, dict) else None
    if arn is None:
        return None
    match = CONNECTION_ARN.match(arn) if isinstance(arn, str) else None
    if match is None:
        raise TaskFailure(RUNTIME, f"ConnectionArn {arn!r} is not an EventBridge connection ARN.")
    connection = Connection.objects.filter(name=match.group(1)).first()
    if connection is None:
        raise TaskFailure(INVALID_CONNECTION, f"Connection '{match.group(1)}' does not exist.")
    return connection


# ---- the request ------------------------------------------------------------------------------


def build_request(
    params: dict[str, Any], connection: Any, execution_id: str, span: str | None = None
) -> Request:
    """The request the Parameters describe, merged with the connection's invocation parameters
    (the connection wins on a conflict, as EventBridge connections do); no credentials yet.
    `span` is the attempt's traceparent when tracing is on (engine/telemetry/tracing.py)."""
    method = params.get("Method")
    if method not in METHODS:
        raise TaskFailure(RUNTIME, f"Method {method!r} is not one of {', '.join(sorted(METHODS))}.")
    headers = _merge(_strings(params.get("Headers"), "Headers"), _invocation(connection, "headers"))
    query = {**_object(params.get("QueryParameters"), "QueryParameters")}
    query.update(_invocation(connection, "query_parameters"))
    url = _url(params.get("ApiEndpoint"), query)
    body = _body(params, _invocation(connection, "body_parameters"), headers)
    if not _header(headers, "traceparent"):
        headers["traceparent"] = span or traceparent(execution_id)
    if not _header(headers, "User-Agent"):
        headers["User-Agent"] = f"Baton|StepFunctions|HttpInvoke|{conf.engine_setting('REGION')}"
    return Request(method, url, headers, body)


def _url(endpoint: Any, query: dict[str, Any]) -> str:
    if not isinstance(endpoint, str) or not endpoint:
        raise TaskFailure(RUNTIME, "ApiEndpoint must be a non-empty string.")
    parts = urlsplit(endpoint)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise TaskFailure(RUNTIME, f"ApiEndpoint {endpoint!r} is not an http or https URL.")
    if not query:
        return endpoint
    encoded = urlencode(form_pairs(query, "", "REPEAT"))
    return f"{endpoint}{'&' if parts.query else '?'}{encoded}"


def _body(params: dict[str, Any], extra: dict[str, Any], headers: dict[str, str]) -> bytes | None:
    body = params.get("RequestBody")
    if extra and (body is None or isinstance(body, dict)):
        body = {**(body or {}), **extra}
    transform = _object(params.get("Transform"), "Transform")
    encoding = transform.get("RequestBodyEncoding", "NONE")
    if encoding == "URL_ENCODED":
        options = _object(transform.get("RequestEncodingOptions"), "RequestEncodingOptions")
        array_format = options.get("ArrayFormat", "INDICES")
        if array_format not in ARRAY_FORMATS:
            raise TaskFailure(RUNTIME, f"ArrayFormat {array_format!r} is not supported.")
        if not isinstance(body, dict):
            raise TaskFailure(RUNTIME, "A URL_ENCODED RequestBody must be a JSON object.")
        headers.setdefault(_header(headers, "Content-Type") or "Content-Type", FORM)
        return urlencode(form_pairs(body, "", array_format)).encode()
    if encoding != "NONE":
        raise TaskFailure(RUNTIME, f"RequestBodyEncoding {encoding!r} is not supported.")
    if body is None:
        return None
    if isinstance(body, str):
        return body.encode()
    headers.setdefault(_header(headers, "Content-Type") or "Content-Type", "application/json")
    return json.dumps(body, separators=(",", ":"), ensure_ascii=False).encode()


def form_pairs(value: Any, prefix: str, array_format: str) -> list[tuple[str, str]]:
    """`value` as URL-encoding pairs; nested objects as `a[b]`, arrays per ArrayFormat."""
    if isinstance(value, dict):
        pairs: list[tuple[str, str]] = []
        for key, item in value.items():
            pairs += form_pairs(item, f"{prefix}[{key}]" if prefix else str(key), array_format)
        return pairs
    if isinstance(value, list):
        if array_format == "COMMAS":
            return [(prefix, ",".join(_scalar(item) for item in value))]
        pairs = []
        for index, item in enumerate(value):
            key = {"INDICES": f"{prefix}[{index}]", "BRACKETS": f"{prefix}[]"}.get(
                array_format, prefix
            )
            pairs += form_pairs(item, key, array_format)
        return pairs
    return [(prefix, _scalar(value))]


def _scalar(value: Any) -> str:
    if isinstance(value, str):
        return value
    return "" if value is None else json.dumps(value, ensure_ascii=False)


def traceparent(execution_id: str) -> str:
    """A W3C traceparent: the trace id is stable per execution, the span id new per attempt."""
    trace = hashlib.sha256(f"baton-trace:{execution_id}".encode()).hexdigest()[:32]
    span = "0" * 16
    while span == "0" * 16:  # all zeros is an invalid span id
        span = secrets.token_hex(8)
    return f"00-{trace}-{span}-01"


def _object(value: Any, name: str) -> dict[str, Any]:
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise TaskFailure(RUNTIME, f"{name} must be a JSON object.")
    return value


def _strings(value: Any, name: str) -> dict[str, str]:
    return {str(k): _scalar(v) for k, v in _object(value, name).items()}


def _invocation(connection: Any, kind: str) -> dict[str, Any]:
    return getattr(connection, f"invocation_{kind}", None) or {}


def _merge(headers: dict[str, str], overrides: dict[str, Any]) -> dict[str, str]:
    for name, value in overrides.items():
        headers.pop(_header(headers, name) or name, None)
        headers[name] = _scalar(value)
    return headers


def _header(headers: dict[str, str], name: str) -> str | None:
    """The key under which `headers` holds `name`, compared case-insensitively."""
    return next((key for key in headers if key.lower() == name.lower()), None)


# ---- sending ----------------------------------------------------------------------------------


def _send_authorized(request: Request, connection: Any, found: Secrets) -> Response:
    if connection is None:
        return send(request)
    response = send(_with_credentials(request, connection, found, refresh=False))
    if response.status == 401 and connection.authorization_type == "OAUTH_CLIENT_CREDENTIALS":
        response = send(_with_credentials(request, connection, found, refresh=True))
    return response


def _with_credentials(request: Request, connection: Any, found: Secrets, refresh: bool) -> Request:
    kind = connection.authorization_type
    if kind == "API_KEY":
        credentials = {connection.api_key_name: connection.api_key_value.reveal()}
    elif kind == "BASIC":
        pair = f"{connection.username}:{connection.password.reveal()}"
        credentials = {"Authorization": "Basic " + found.add(_b64(pair))}
    else:
        credentials = {"Authorization": "Bearer " + found.add(tokens.get(connection, refresh))}
    headers = _merge(dict(request.headers), credentials)
    return Request(request.method, request.url, headers, request.body)


def send(request: Request) -> Response:
    """One HTTP exchange with the configured connect and read timeouts."""
    parts = urlsplit(request.url)
    connect_seconds = float(conf.engine_setting("HTTP_CONNECT_TIMEOUT_SECONDS"))
    read_seconds = float(conf.engine_setting("HTTP_READ_TIMEOUT_SECONDS"))
    factory = http.client.HTTPSConnection if parts.scheme == "https" else http.client.HTTPConnection
    conn = factory(parts.hostname or "", parts.port, timeout=connect_seconds)
    target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    try:
        phase, limit = "connect", connect_seconds
        conn.connect()
        assert conn.sock is not None
        conn.sock.settimeout(read_seconds)
        phase, limit = "read", read_seconds
        conn.request(request.method, target, body=request.body, headers=request.headers)
        answer = conn.getresponse()
        return Response(answer.status, answer.reason, answer.getheaders(), answer.read())
    except TimeoutError:
        cause = f"The HTTP request to {parts.hostname} timed out ({phase} timeout, {limit:g} s)."
        raise TaskFailure(SOCKET, cause) from None
    except (OSError, http.client.HTTPException) as exc:
        cause = f"The HTTP request to {parts.hostname} failed: {type(exc).__name__}: {exc}"
        raise TaskFailure(SOCKET, cause) from None
    finally:
        conn.close()


def shape(response: Response) -> dict[str, Any]:
    """The task result as AWS shapes it: headers as lists of values, the body parsed if JSON."""
    headers: dict[str, list[str]] = {}
    for name, value in response.headers:
        headers.setdefault(name.lower(), []).append(value)
    content_type = ",".join(headers.get("content-type", []))
    return {
        "Headers": headers,
        "ResponseBody": _parse(response.body, content_type),
        "StatusCode": response.status,
        "StatusText": _status_text(response),
    }


def _parse(body: bytes, content_type: str) -> Any:
    charset = re.search(r"charset=([\w-]+)", content_type)
    try:
        text = body.decode(charset.group(1) if charset else "utf-8", errors="replace")
    except LookupError:
        text = body.decode("utf-8", errors="replace")
    if "json" in content_type.lower() and text.strip():
        try:
            return json.loads(text)
        except json.JSONDecodeError:
            return text
    return text


def _status_text(response: Response) -> str:
    try:
        return http.HTTPStatus(response.status).phrase
    except ValueError:
        return response.reason


def _b64(text: str) -> str:
    return base64.b64encode(text.encode()).decode()


# ---- OAuth client credentials -----------------------------------------------------------------


class TokenCache:
    """Access tokens per connection, in memory, until shortly before they expire."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._tokens: dict[tuple[int, str], tuple[str, float]] = {}

    def get(self, connection: Any, refresh: bool) -> str:
        key = (connection.pk, connection.updated_at.isoformat())  # edits invalidate
        with self._lock:
            cached = self._tokens.get(key)
        if cached and not refresh and cached[1] > time.monotonic():
            return cached[0]
        token, expires_in = fetch_token(connection)
        margin = min(30.0, expires_in / 10)
        with self._lock:
            self._tokens[key] = (token, time.monotonic() + expires_in - margin)
        return token


def fetch_token(connection: Any) -> tuple[str, float]:
    """A client credentials grant: (access token, seconds it lives)."""
    form = {"grant_type": "client_credentials", **(connection.oauth_body_parameters or {})}
    if connection.scope:
        form["scope"] = connection.scope
    pair = f"{connection.client_id}:{connection.client_secret.reveal()}"
    headers = {
        "Content-Type": FORM,
        "Accept": "application/json",
        "Authorization": f"Basic {_b64(pair)}",
    }
    headers = _merge(headers, connection.oauth_header_parameters or {})
    body = urlencode(form_pairs(form, "", "REPEAT")).encode()
    response = send(Request("POST", connection.token_url, headers, body))
    try:
        answer = json.loads(response.body) if response.status < 400 else {}
    except json.JSONDecodeError:
        answer = {}
    token = answer.get("access_token") if isinstance(answer, dict) else None
    if not isinstance(token, str) or not token:
        cause = (
            f"Connection '{connection.name}' could not get an OAuth access token: the token "
            f"endpoint answered {response.status} {_status_text(response)} without an access_token."
        )
        raise TaskFailure(INVALID_CONNECTION, cause)
    return token, float(answer.get("expires_in") or 3600)


tokens = TokenCache()
