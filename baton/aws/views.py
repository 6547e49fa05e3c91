"""The /aws/ endpoint: the Step Functions JSON protocol (awsJson1_0) over SigV4."""

from __future__ import annotations

import json
import logging
import uuid
from datetime import datetime
from typing import Any

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse
from django.views.decorators.csrf import csrf_exempt

from baton import jsontext
from baton.api.permissions import DESIGN, OPERATE, READ, capabilities_of

from . import sigv4
from .actions import ACTIONS, AwsError, Call, load

log = logging.getLogger(__name__)
CONTENT_TYPE = "application/x-amz-json-1.0"
PREFIX = "AWSStepFunctions."
# What each action needs; reads by default (Describe*, List*, Get*, Validate*).
DESIGN_ACTIONS = {
    "CreateStateMachine",
    "UpdateStateMachine",
    "DeleteStateMachine",
    "PublishStateMachineVersion",
    "DeleteStateMachineVersion",
    "CreateStateMachineAlias",
    "UpdateStateMachineAlias",
    "DeleteStateMachineAlias",
    "CreateActivity",
    "DeleteActivity",
    "TagResource",
    "UntagResource",
}
OPERATE_ACTIONS = {
    "StartExecution",
    "StartSyncExecution",
    "StopExecution",
    "RedriveExecution",
    "SendTaskSuccess",
    "SendTaskFailure",
    "SendTaskHeartbeat",
    "GetActivityTask",
}


def needed(name: str) -> str:
    if name in DESIGN_ACTIONS:
        return DESIGN
    if name in OPERATE_ACTIONS:
        return OPERATE
    return READ


def _respond(payload: dict[str, Any], status: int = 200) -> HttpResponse:
    body = json.dumps(payload, default=_epoch_seconds)
    response = HttpResponse(body, status=status, content_type=CONTENT_TYPE)
    response["x-amzn-RequestId"] = str(uuid.uuid4())  # SDKs log it as the request's id
    return response


def _epoch_seconds(value: Any) -> float:
    """awsJson1_0 sends timestamps as seconds since the epoch; every SDK parses them so."""
    if isinstance(value, datetime):
        return value.timestamp()
    raise TypeError(f"{type(value).__name__} is not JSON")


def error_response(error: AwsError) -> HttpResponse:
    """The error as Step Functions answers it; also used by baton.error_handlers."""
    response = _respond({"__type": error.code, "message": error.message}, error.status)
    response["x-amzn-ErrorType"] = error.code
    return response


@csrf_exempt
def endpoint(request: HttpRequest) -> HttpResponse:
    try:
        return _handle(request)
    except AwsError as error:
        return error_response(error)
    except RequestDataTooBig:
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        message = f"1 validation error detected: the request is larger than {limit} bytes."
        return error_response(AwsError("ValidationException", message))


def _handle(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        raise AwsError("UnknownOperationException", "Only POST is supported.", 405)
    user = sigv4.authenticate(request)
    target = request.headers.get("X-Amz-Target", "")
    if not target.startswith(PREFIX):
        raise AwsError(
            "UnknownOperationException", "X-Amz-Target must be AWSStepFunctions.<Action>."
        )
    name = target[len(PREFIX) :]
    load()
    handler = ACTIONS.get(name)
    if handler is None:
        raise AwsError(
            "UnknownOperationException",
            f"Baton does not support the Step Functions action {name}",
        )
    try:
        body = jsontext.loads(request.body or b"{}")
    except jsontext.Refused as refused:
        raise AwsError("SerializationException", f"The request body {refused}.") from None
    except ValueError:
        raise AwsError("SerializationException", "The request body is not JSON.") from None
    if not isinstance(body, dict):
        raise AwsError("SerializationException", "The request body must be a JSON object.")
    if needed(name) not in capabilities_of(user):
        raise AwsError(
            "AccessDeniedException",
            f"User {user.get_username()} is not authorized to perform: states:{name}",
        )
    return _respond(handler(Call(body, user, request.headers.get("traceparent"))))
