"""Bounded metric labels for a Task's resource: its kind, and the function it names."""

from __future__ import annotations

import re

FUNCTION_ARN = re.compile(r"^arn:aws:lambda:[^:]*:[^:]*:function:([^:]+)")
ACTIVITY_ARN = re.compile(r"^arn:aws:states:[^:]*:[^:]*:activity:([^:]+)$")
SERVICE = re.compile(r"^arn:aws:states:::([^:.]+):([^:.]+)")
TOKEN = ".waitForTaskToken"


def kind_of(resource: str) -> str:
    """function, activity, http, workflow, approval, lambda, or the service's name."""
    if FUNCTION_ARN.match(resource):
        return "function"
    if ACTIVITY_ARN.match(resource):
        return "activity"
    if resource.startswith("baton:"):
        return resource.split(":", 1)[1].split(".")[0] or "baton"
    service = SERVICE.match(resource)
    if service is None:
        return "other"
    name = service.group(1)
    return {"states": "workflow", "lambda": "lambda"}.get(name, name)


def function_of(resource: str) -> str:
    """The registered function, the activity, or the service action a task calls: what
    baton_task_outcomes_total counts by. Names come from definitions, so they stay bounded."""
    found = FUNCTION_ARN.match(resource) or ACTIVITY_ARN.match(resource)
    if found:
        return found.group(1)
    service = SERVICE.match(resource)
    if service:
        return f"{service.group(1)}:{service.group(2)}"
    return resource.removesuffix(TOKEN)[:80]
