"""A real local HTTP server for the HTTP Task's tests: it records every request it sees, and
routes answer with scripted responses; and the helpers that run a workflow against it."""

from __future__ import annotations

import json
import threading
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from designer.services import publish_version
from engine.executions import start_execution
from engine.inprocess import run_until_ended
from engine.models import Execution, HistoryEvent

INVOKE = "arn:aws:states:::http:invoke"
API_KEY = "key-7f3a9c1e5b"
PASSWORD = "pw-correct-horse-42"
CLIENT_SECRET = "cs-s3cr3t-value-99"


# ---- the local server -------------------------------------------------------------------------

Reply = tuple[int, dict[str, str], bytes]


@dataclass
class Seen:
    method: str
    path: str
    query: list[tuple[str, str]]
    headers: dict[str, str]
    body: bytes


@dataclass
class Server:
    url: str = ""
    seen: list[Seen] = field(default_factory=list)
    routes: dict[str, Callable[[Seen], Reply]] = field(default_factory=dict)

    def requests_to(self, path: str) -> list[Seen]:
        return [s for s in self.seen if s.path == path]


def json_reply(status: int, value: Any, **headers: str) -> Reply:
    return status, {"Content-Type": "application/json", **headers}, json.dumps(value).encode()


def echo(seen: Seen) -> Reply:
    """Answers with what it received, as httpbin does: a server that would leak credentials."""
    return json_reply(200, {"headers": seen.headers, "body": seen.body.decode()})


@contextmanager
def serving() -> Iterator[Server]:
    """A local HTTP server on a free port, for the length of the `with`."""
    state = Server()

    class Handler(BaseHTTPRequestHandler):
        def handle_one(self) -> None:
            parts = urlsplit(self.path)
            length = int(self.headers.get("Content-Length") or 0)
            seen = Seen(
                self.command,
                parts.path,
                parse_qsl(parts.query, keep_blank_values=True),
                {k.lower(): v for k, v in self.headers.items()},
                self.rfile.read(length),
            )
            state.seen.append(seen)
            route = state.routes.get(parts.path, lambda s: json_reply(404, {"message": "nope"}))
            status, headers, body = route(seen)
            self.send_response(status)
            for name, value in headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)

        do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = do_OPTIONS = do_HEAD = handle_one

        def log_message(self, format: str, *args: Any) -> None:
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    state.url = f"http://127.0.0.1:{httpd.server_address[1]}"
    yield state
    httpd.shutdown()
    httpd.server_close()


# ---- helpers ----------------------------------------------------------------------------------


def task(parameters: dict[str, Any], **fields: Any) -> dict[str, Any]:
    state = {"Type": "Task", "Resource": INVOKE, "Parameters": parameters, **fields}
    if "Next" not in fields:
        state["End"] = True
    states = {"Call": state}
    if fields.get("Next") == "Done":
        states["Done"] = {"Type": "Pass", "End": True}
    return {"StartAt": "Call", "States": states}


def run(definition: dict[str, Any], value: Any = None) -> Execution:
    version = publish_version(f"http-{uuid.uuid4().hex[:12]}", definition)
    execution, _ = start_execution(version, value or {})
    run_until_ended([execution.id])
    execution.refresh_from_db()
    return execution


def recorded_text(execution: Execution) -> str:
    """Everything Baton recorded about the execution, as one string."""
    events = HistoryEvent.objects.filter(execution=execution).values_list("details", flat=True)
    parts = [json.dumps(list(events)), json.dumps(execution.output)]
    return "\n".join(parts + [execution.error or "", execution.cause or ""])


def arn(name: str) -> str:
    return f"arn:aws:events:us-east-1:000000000000:connection/{name}/a1b2c3d4"
