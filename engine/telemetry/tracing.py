"""OpenTelemetry traces: one trace per execution, a span per state, a child span per task
attempt; configured only by the standard OTEL_* variables, off (and free) without them.

Spans are written from what each transaction observed (asl/observing.py), once it commits,
by whichever process stored it: a state's span when the state ends, the execution's when it
ends. Their ids are derived from the execution (a state's from the id of its …StateEntered
event, an attempt's from its task key), so a task body in another process or machine can run
inside its attempt's span before that span is written, and a function's own spans, an HTTP
task's `traceparent` and a child execution's trace all point at it. The trace id is the one
of the `traceparent` the execution was started with, else the execution's own UUID.
"""

from __future__ import annotations

import hashlib
import logging
import os
import re
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import Any

log = logging.getLogger(__name__)

TRACEPARENT = re.compile(r"^00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$")
ERROR_OUTCOMES = {"failed", "timed_out"}

_pipeline: Any = None  # (processor, resource) once configured; False when tracing is off


def enabled() -> bool:
    """True when OTEL_* variables name an OTLP endpoint and do not turn the SDK off."""
    global _pipeline
    if _pipeline is None:
        _pipeline = _configure() or False
    return bool(_pipeline)


def _configure() -> Any:
    if os.environ.get("OTEL_SDK_DISABLED", "").lower() == "true":
        return None
    if os.environ.get("OTEL_TRACES_EXPORTER", "otlp").lower() in ("none", ""):
        return None
    endpoint = os.environ.get("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT") or os.environ.get(
        "OTEL_EXPORTER_OTLP_ENDPOINT"
    )
    if not endpoint:
        return None
    from opentelemetry import trace
    from opentelemetry.sdk.resources import SERVICE_NAME, Resource
    from opentelemetry.sdk.trace import TracerProvider
    from opentelemetry.sdk.trace.export import BatchSpanProcessor

    resource = Resource.create(
        {} if os.environ.get("OTEL_SERVICE_NAME") else {SERVICE_NAME: "baton"}
    )
    provider = TracerProvider(resource=resource)
    processor = BatchSpanProcessor(_exporter())
    provider.add_span_processor(processor)
    trace.set_tracer_provider(provider)  # functions' own spans go the same way
    return processor, resource


def _exporter() -> Any:
    """OTLP over HTTP (the default) or gRPC, as OTEL_EXPORTER_OTLP_[TRACES_]PROTOCOL says; the
    exporters read the endpoint, headers, timeout and TLS settings from OTEL_* themselves."""
    protocol = os.environ.get("OTEL_EXPORTER_OTLP_TRACES_PROTOCOL") or os.environ.get(
        "OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf"
    )
    if protocol == "grpc":
        from opentelemetry.exporter.otlp.proto.grpc.trace_exporter import OTLPSpanExporter
    else:
        from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter
    return OTLPSpanExporter()


def flush(timeout_seconds: float = 5.0) -> None:
    """Export what is queued (a stopping engine; tests)."""
    if enabled():
        _pipeline[0].force_flush(int(timeout_seconds * 1000))


# -- ids ------------------------------------------------------------------------------------


def parse_traceparent(value: str | None) -> tuple[int, int] | None:
    """(trace id, span id) of a valid W3C traceparent; None for anything else (ignored, as
    the W3C spec says an invalid header is)."""
    match = TRACEPARENT.match((value or "").strip().lower())
    if not match:
        return None
    trace_id, span_id = int(match.group(1), 16), int(match.group(2), 16)
    return (trace_id, span_id) if trace_id and span_id else None


def valid_traceparent(value: str | None) -> str | None:
    """The header as stored on an execution, or None when absent or invalid."""
    return (value or "").strip().lower() if parse_traceparent(value) else None


def trace_id_of(traceparent: str | None) -> str | None:
    parsed = parse_traceparent(traceparent)
    return f"{parsed[0]:032x}" if parsed else None


def execution_trace(execution_id: Any, traceparent: str | None) -> tuple[int, int | None]:
    """(trace id, the remote parent span id or None) of an execution."""
    parsed = parse_traceparent(traceparent)
    return parsed if parsed else (uuid.UUID(str(execution_id)).int, None)


def span_id(execution_id: Any, what: str) -> int:
    digest = hashlib.blake2b(f"{execution_id}/{what}".encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big") or 1


def format_traceparent(trace_id: int, span: int) -> str:
    return f"00-{trace_id:032x}-{span:016x}-01"


def task_traceparent(execution_id: Any, execution_traceparent: str | None, key: str) -> str | None:
    """The attempt's span as a traceparent for its body; None when tracing is off."""
    if not enabled():
        return None
    trace_id, _ = execution_trace(execution_id, execution_traceparent)
    return format_traceparent(trace_id, span_id(execution_id, f"task/{key}"))


@contextmanager
def within(traceparent: str | None) -> Iterator[None]:
    """Run the block with the attempt's span as the current context (functions' spans nest)."""
    parsed = parse_traceparent(traceparent) if traceparent and enabled() else None
    if parsed is None:
        yield
        return
    from opentelemetry import context, trace

    span_context = trace.SpanContext(
        parsed[0], parsed[1], is_remote=True, trace_flags=trace.TraceFlags(1)
    )
    token = context.attach(trace.set_span_in_context(trace.NonRecordingSpan(span_context)))
    try:
        yield
    finally:
        context.detach(token)


# -- spans ----------------------------------------------------------------------------------


def export(done: Any) -> None:
    """Write the spans of one committed transaction of one execution (observe.Done)."""
    if not enabled():
        return
    processor, resource = _pipeline
    trace_id, remote_parent = execution_trace(done.execution_id, done.traceparent)
    for seen in done.observed:
        span = _span(done, seen, trace_id, remote_parent, resource)
        if span is not None:
            processor.on_end(span)


def _span(done: Any, seen: dict[str, Any], trace_id: int, remote: int | None, resource: Any):
    from opentelemetry.trace import SpanKind

    execution_id = done.execution_id
    root = span_id(execution_id, f"execution/{done.redrive_count}")
    attributes = {"baton.execution.id": str(execution_id), "baton.workflow": done.workflow}
    if seen["kind"] == "state":
        parent = span_id(execution_id, f"state/{seen['parent']}") if seen["parent"] else root
        attributes.update(
            {
                "baton.state.name": seen["name"],
                "baton.state.type": seen["type"],
                "baton.state.outcome": seen["outcome"],
            }
        )
        if seen["slot"] is not None:
            attributes["baton.state.slot"] = seen["slot"]  # branch or iteration index
        return _readable(
            f"state {seen['name']}",
            (trace_id, span_id(execution_id, f"state/{seen['entered']}")),
            (trace_id, parent, False),
            _ns(seen["entered_at"]),
            _ns(seen["at"]),
            attributes,
            seen["error"] if seen["outcome"] in ERROR_OUTCOMES else None,
            resource,
            SpanKind.INTERNAL,
        )
    if seen["kind"] == "task" and seen["key"]:
        attributes.update(
            {
                "baton.state.name": seen["name"],
                "baton.task.resource": seen["resource"],
                "baton.task.attempt": seen["attempt"],
                "baton.task.outcome": seen["outcome"],
            }
        )
        if seen["error"]:
            attributes["error.type"] = seen["error"]
        begun = seen["scheduled_at"] or seen["at"]
        return _readable(
            f"{seen['name']} attempt {seen['attempt']}",
            (trace_id, span_id(execution_id, f"task/{seen['key']}")),
            (trace_id, span_id(execution_id, f"state/{seen['entered']}"), False),
            _ns(begun),
            _ns(seen["at"]),
            attributes,
            seen["error"] or None if seen["outcome"] == "failed" else None,
            resource,
            SpanKind.CLIENT,
        )
    if seen["kind"] == "execution":
        attributes["baton.execution.status"] = seen["status"]
        failed = seen["status"] in ("FAILED", "TIMED_OUT")
        return _readable(
            f"execution {done.workflow}",
            (trace_id, root),
            (trace_id, remote, True) if remote else None,
            done.started_at_ns,
            _ns(seen["at"]),
            attributes,
            done.error or seen["status"] if failed else None,
            resource,
            SpanKind.INTERNAL,
        )
    return None


def _readable(
    name: str,
    own: tuple[int, int],
    parent: tuple[int, int, bool] | None,
    start: int,
    end: int,
    attributes: dict[str, Any],
    error: str | None,
    resource: Any,
    kind: Any,
) -> Any:
    from opentelemetry.sdk.trace import ReadableSpan
    from opentelemetry.sdk.util.instrumentation import InstrumentationScope
    from opentelemetry.trace import SpanContext, Status, StatusCode, TraceFlags

    flags = TraceFlags(1)
    return ReadableSpan(
        name=name,
        context=SpanContext(own[0], own[1], is_remote=False, trace_flags=flags),
        parent=SpanContext(parent[0], parent[1], is_remote=parent[2], trace_flags=flags)
        if parent
        else None,
        resource=resource,
        attributes=attributes,
        kind=kind,
        status=Status(StatusCode.ERROR, error) if error else Status(StatusCode.UNSET),
        start_time=start,
        end_time=max(start, end),
        instrumentation_scope=InstrumentationScope("baton.engine"),
    )


def _ns(timestamp: str) -> int:
    """Nanoseconds since the epoch of an event's ISO 8601 time."""
    return int(datetime.fromisoformat(timestamp).timestamp() * 1_000_000) * 1000
