"""Baton history events in Step Functions' own shape (GetExecutionHistory's HistoryEvent).

`{"timestamp", "type", "id", "previousEventId", "<detailsKey>": {…}}`: inputs and outputs as JSON
strings with their `…Details: {"truncated": false}`, errors and causes as strings.
"""

from __future__ import annotations

import json
from bisect import bisect_left
from collections.abc import Iterable
from typing import Any

from engine.conf import engine_setting

STATE_KINDS = ("Pass", "Task", "Choice", "Wait", "Succeed", "Fail", "Map", "Parallel")
# Prefixes whose events carry per-kind details (Lambda, activity, service task).
RESOURCE_PREFIXES = ("LambdaFunction", "Activity", "Task")
OUTCOMES = ("Scheduled", "Started", "Submitted", "Succeeded", "Failed", "TimedOut", "SubmitFailed")
# Baton's own events left out of the history as Step Functions clients read it: a function's
# baton.log lines (TaskLog) are what a Lambda's log lines are on AWS, which go to CloudWatch and
# never into the history; and a client could not read them (boto3 keeps only the details
# members it knows). The REST API, the live page and the JSON log lines have them.
LEFT_OUT = ("TaskLog",)


class Numbering:
    """Event ids as Step Functions would have numbered the history without the LEFT_OUT events:
    gapless from 1, each previousEventId naming the kept event the left-out ones came after."""

    def __init__(self, left_out: Iterable[tuple[int, int]]) -> None:
        self._previous = dict(left_out)  # a left-out event's id -> its previous event's id
        self._ids = sorted(self._previous)

    @classmethod
    def of(cls, events: Any) -> Numbering:
        """For an execution's events (its `events` manager or a queryset of them)."""
        rows = events.filter(type__in=LEFT_OUT).values_list("event_id", "previous_event_id")
        return cls(rows)

    def renumber(self, shaped: dict[str, Any]) -> dict[str, Any]:
        """`shaped` (to_aws's answer) with its id and previousEventId renumbered."""
        if not self._ids:
            return shaped
        previous = shaped["previousEventId"]
        while previous in self._previous:
            previous = self._previous[previous]
        shaped["id"] = self._id(shaped["id"])
        shaped["previousEventId"] = self._id(previous)
        return shaped

    def _id(self, event_id: int) -> int:
        return event_id - bisect_left(self._ids, event_id)


def json_text(value: Any) -> str:
    return json.dumps(value, separators=(",", ":"))


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def details_key(event_type: str) -> str | None:
    """The `…EventDetails` member of an event type, or None when Step Functions has none."""
    if event_type.endswith("StateEntered"):
        return "stateEnteredEventDetails"
    if event_type.endswith("StateExited"):
        return "stateExitedEventDetails"
    if event_type.startswith("MapIteration"):
        return f"{_lower_first(event_type)}EventDetails"
    if event_type == "MapStateStarted":
        return "mapStateStartedEventDetails"
    if event_type.startswith("Execution"):
        return f"{_lower_first(event_type)}EventDetails"
    for prefix in RESOURCE_PREFIXES:
        if event_type.startswith(prefix) and event_type[len(prefix) :] in OUTCOMES:
            if event_type in ("LambdaFunctionStarted",):
                return None
            return f"{_lower_first(event_type)}EventDetails"
    return None


def _task_resource(resource: str) -> tuple[str, str]:
    """("lambda", "invoke") for arn:aws:states:::lambda:invoke; ("baton", resource) otherwise."""
    if resource.startswith("arn:aws:states:::"):
        rest = resource[len("arn:aws:states:::") :]
        kind, _, name = rest.partition(":")
        return kind, name or kind
    return "baton", resource or "unknown"


def to_aws(
    event: Any, include_data: bool = True, started: dict[str, str] | None = None
) -> dict[str, Any]:
    """One HistoryEvent (model instance or mapping with the same fields) as Step Functions'.

    `started` is added to ExecutionStarted's details: the role and the version or alias ARN
    the execution was started with, which the event itself does not hold."""
    get = event.get if isinstance(event, dict) else lambda k, d=None: getattr(event, k, d)
    event_type: str = get("type")
    details: dict[str, Any] = dict(get("details") or {})
    shaped: dict[str, Any] = {
        "timestamp": get("timestamp"),
        "type": event_type,
        "id": int(get("event_id")),
        "previousEventId": int(get("previous_event_id") or 0),
    }
    key = details_key(event_type)
    if key is None:
        return shaped
    body = _details(event_type, details, include_data)
    if body is not None:
        shaped[key] = {**body, **(started or {})} if event_type == "ExecutionStarted" else body
    return shaped


def _data(body: dict[str, Any], field: str, value: Any, include: bool) -> None:
    if include:
        body[field] = json_text(value)
    body[f"{field}Details"] = {"truncated": False}


def _errors(body: dict[str, Any], details: dict[str, Any]) -> dict[str, Any]:
    for field in ("error", "cause"):
        if details.get(field) is not None:
            body[field] = str(details[field])
    return body


def _limits(body: dict[str, Any], details: dict[str, Any], *names: str) -> dict[str, Any]:
    for name in names:
        if details.get(name):
            body[name] = int(details[name])
    return body


def _details(event_type: str, details: dict[str, Any], include: bool) -> dict[str, Any] | None:
    body: dict[str, Any] = {}
    if event_type.endswith("StateEntered"):
        body["name"] = str(details.get("name", ""))
        _data(body, "input", details.get("input"), include)
        return body
    if event_type.endswith("StateExited"):
        body["name"] = str(details.get("name", ""))
        _data(body, "output", details.get("output"), include)
        return body
    if event_type.startswith("MapIteration"):
        return {"name": str(details.get("name", "")), "index": int(details.get("index", 0))}
    if event_type == "MapStateStarted":
        return {"length": int(details.get("length", 0))}
    if event_type == "ExecutionStarted":
        _data(body, "input", details.get("input"), include)
        return body
    if event_type == "ExecutionSucceeded":
        _data(body, "output", details.get("output"), include)
        return body
    if event_type == "ExecutionRedriven":
        return {"redriveCount": int(details.get("redriveCount", 0))}
    if event_type.startswith("Execution"):
        return _errors(body, details)
    if event_type.startswith("LambdaFunction"):
        outcome = event_type[len("LambdaFunction") :]
        if outcome == "Scheduled":
            body["resource"] = str(details.get("resource", ""))
            _data(body, "input", details.get("parameters"), include)
            return _limits(body, details, "timeoutInSeconds")
        if outcome == "Succeeded":
            _data(body, "output", details.get("output"), include)
            return body
        return _errors(body, details)
    if event_type.startswith("Activity"):
        outcome = event_type[len("Activity") :]
        if outcome == "Scheduled":
            body["resource"] = str(details.get("resource", ""))
            _data(body, "input", details.get("parameters"), include)
            return _limits(body, details, "timeoutInSeconds", "heartbeatInSeconds")
        if outcome == "Started":
            return {"workerName": str(details.get("workerName", ""))}
        if outcome == "Succeeded":
            _data(body, "output", details.get("output"), include)
            return body
        return _errors(body, details)
    # Task…: resourceType and resource on every one of them.
    resource_type, resource = _task_resource(str(details.get("resource", "")))
    body.update(resourceType=resource_type, resource=resource)
    outcome = event_type[len("Task") :]
    if outcome == "Scheduled":
        body["region"] = str(details.get("region") or engine_setting("REGION"))
        body["parameters"] = json_text(details.get("parameters")) if include else ""
        return _limits(body, details, "timeoutInSeconds", "heartbeatInSeconds")
    if outcome in ("Succeeded", "Submitted"):
        _data(body, "output", details.get("output"), include)
        return body
    if outcome == "Started":
        return body
    return _errors(body, details)
