"""Step Functions actions on work someone outside Baton finishes: task tokens and activities."""

from __future__ import annotations

from typing import Any

from baton.models import AwsTags
from engine import activities, callbacks
from engine.models import Activity
from engine.waiters import Later, settled

from .. import arns
from . import AwsError, Call, action
from .common import _add_tags, _error_and_cause, _json, _listing, _name, _required, _tags, _text

ACTIVITY_WAIT_SECONDS = 60.0


# -- task tokens --------------------------------------------------------------------------------
def _task_call(fn: Any, *args: Any) -> dict[str, Any]:
    try:
        fn(*args)
    except callbacks.TaskTimedOut as exc:
        raise AwsError("TaskTimedOut", str(exc)) from None
    except callbacks.TaskDoesNotExist as exc:
        raise AwsError("TaskDoesNotExist", str(exc)) from None
    return {}


def _task_token(call: Call) -> str:
    token = _required(call, "taskToken")
    if not isinstance(token, str) or len(token) > 2048 or "\x00" in token:
        raise AwsError("InvalidToken", "Invalid Token: the task token is malformed.")
    return token


@action("SendTaskSuccess")
def send_task_success(call: Call) -> dict[str, Any]:
    token = _task_token(call)
    output = _json(_required(call, "output"), "output")
    return _task_call(callbacks.send_task_success, token, output)


@action("SendTaskFailure")
def send_task_failure(call: Call) -> dict[str, Any]:
    token = _task_token(call)
    return _task_call(callbacks.send_task_failure, token, *_error_and_cause(call))


@action("SendTaskHeartbeat")
def send_task_heartbeat(call: Call) -> dict[str, Any]:
    return _task_call(callbacks.send_task_heartbeat, _task_token(call))


# -- activities ---------------------------------------------------------------------------------
def _activity(arn: Any) -> Activity:
    parsed = arns.parse(arn, "activity")
    found = Activity.objects.filter(name=parsed.name).first()
    if found is None:
        raise AwsError("ActivityDoesNotExist", f"Activity Does Not Exist: '{arn}'")
    return found


def _activity_item(activity: Activity) -> dict[str, Any]:
    return {
        "activityArn": arns.activity(activity.name),
        "name": activity.name,
        "creationDate": activity.created_at,
    }


@action("CreateActivity")
def create_activity(call: Call) -> dict[str, Any]:
    name = _name(_required(call, "name"))
    tags = _tags(call.body)
    created = activities.create_activity(name)
    _add_tags(arns.activity(created.name), tags)
    return {"activityArn": arns.activity(created.name), "creationDate": created.created_at}


@action("DescribeActivity")
def describe_activity(call: Call) -> dict[str, Any]:
    return _activity_item(_activity(_required(call, "activityArn")))


@action("ListActivities")
def list_activities(call: Call) -> dict[str, Any]:
    return _listing(call.body, "activities", Activity.objects.order_by("name"), _activity_item)


@action("DeleteActivity")
def delete_activity(call: Call) -> dict[str, Any]:
    parsed = arns.parse(_required(call, "activityArn"), "activity")
    if Activity.objects.filter(name=parsed.name).exists():
        activities.delete_activity(parsed.name)
    AwsTags.objects.filter(arn=arns.activity(parsed.name)).delete()
    return {}


@action("GetActivityTask")
def get_activity_task(call: Call) -> dict[str, Any]:
    """For Python callers: blocks this thread while it waits."""
    return settled(get_activity_task_later(call))


def get_activity_task_later(call: Call) -> dict[str, Any] | Later:
    """A task at once when one waits; else a Later that waits up to ACTIVITY_WAIT_SECONDS on
    the server's event loop (views.Endpoint), holding no thread."""
    found = _activity(_required(call, "activityArn"))
    worker = call.body.get("workerName") or ""
    if not isinstance(worker, str) or len(worker) > 80 or "\x00" in worker:
        raise AwsError("ValidationException", "'workerName' must be at most 80 characters.")
    try:
        task = activities.get_activity_task(found.name, worker, 0)
    except activities.ActivityDoesNotExist as exc:
        raise AwsError("ActivityDoesNotExist", str(exc)) from None
    if task is not None:
        return _task_answer(task)
    name, seconds = found.name, ACTIVITY_WAIT_SECONDS
    return Later(lambda: activities.await_activity_task(name, worker, seconds), _task_answer)


def _task_answer(task: activities.Taken | None) -> dict[str, Any]:
    if task is None:
        return {}
    token, value, traceparent = task
    answer = {"taskToken": token, "input": _text(value)}
    if traceparent:  # not in Step Functions' shape: clients that do not know it ignore it
        answer["traceparent"] = traceparent
    return answer
