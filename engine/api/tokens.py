"""Task tokens over HTTP: success, failure and heartbeat for callbacks and activity workers."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from baton.api.errors import ApiError
from baton.api.permissions import OPERATE
from baton.api.schema import errors

from .. import callbacks
from . import services
from .parsing import body, parse
from .serializers import TaskFailureSerializer, TaskSuccessSerializer, TokenSerializer

ACCEPTED = OpenApiResponse(description="Recorded; an engine delivers it to the execution.")


class TaskSuccessView(APIView):
    capabilities = {"POST": OPERATE}

    @extend_schema(
        request=TaskSuccessSerializer, responses={204: ACCEPTED, **errors(400, 404, 409, 413, 415)}
    )
    def post(self, request: Request) -> Response:
        data = parse(TaskSuccessSerializer, body(request))
        services.check_payload_size(data["output"], "output")
        with token_errors():
            callbacks.send_task_success(data["token"], data["output"])
        return Response(status=status.HTTP_204_NO_CONTENT)


class TaskFailureView(APIView):
    capabilities = {"POST": OPERATE}

    @extend_schema(
        request=TaskFailureSerializer, responses={204: ACCEPTED, **errors(400, 404, 409, 415)}
    )
    def post(self, request: Request) -> Response:
        data = parse(TaskFailureSerializer, body(request))
        with token_errors():
            callbacks.send_task_failure(data["token"], data.get("error"), data.get("cause"))
        return Response(status=status.HTTP_204_NO_CONTENT)


class TaskHeartbeatView(APIView):
    capabilities = {"POST": OPERATE}

    @extend_schema(request=TokenSerializer, responses={204: ACCEPTED, **errors(400, 404, 409, 415)})
    def post(self, request: Request) -> Response:
        data = parse(TokenSerializer, body(request))
        with token_errors():
            callbacks.send_task_heartbeat(data["token"])
        return Response(status=status.HTTP_204_NO_CONTENT)


@contextmanager
def token_errors() -> Iterator[None]:
    """The engine's TaskDoesNotExist as 404 and TaskTimedOut as 409, under their own names."""
    try:
        yield
    except callbacks.TaskDoesNotExist as exc:
        raise ApiError(status.HTTP_404_NOT_FOUND, exc.code, str(exc)) from None
    except callbacks.TaskTimedOut as exc:
        raise ApiError(status.HTTP_409_CONFLICT, exc.code, str(exc)) from None
