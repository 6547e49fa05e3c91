"""Activities over HTTP: create, list and delete them; workers long-poll for their tasks."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from baton.api.permissions import DESIGN, OPERATE, READ
from baton.api.schema import errors

from .. import activities
from ..waiters import Later
from . import services
from .parsing import body, parse
from .serializers import ActivitySerializer, ActivityTaskSerializer, PollSerializer
from .waiting import WaitingView


class ActivitiesView(APIView):
    capabilities = {"GET": READ, "POST": DESIGN}

    @extend_schema(operation_id="activities_list", responses={200: ActivitySerializer(many=True)})
    def get(self, request: Request) -> Response:
        return Response(ActivitySerializer(services.all_activities(), many=True).data)

    @extend_schema(
        operation_id="activities_create",
        request=ActivitySerializer,
        responses={
            201: OpenApiResponse(ActivitySerializer, description="Created."),
            200: OpenApiResponse(ActivitySerializer, description="It existed already."),
            **errors(400, 415),
        },
    )
    def post(self, request: Request) -> Response:
        data = parse(ActivitySerializer, body(request))
        activity, created = services.create_activity(data["name"])
        code = status.HTTP_201_CREATED if created else status.HTTP_200_OK
        return Response(ActivitySerializer(activity).data, status=code)


class ActivityView(APIView):
    capabilities = {"DELETE": DESIGN}

    @extend_schema(responses={204: OpenApiResponse(description="Deleted."), **errors(404)})
    def delete(self, request: Request, name: str) -> Response:
        services.delete_activity(name)
        return Response(status=status.HTTP_204_NO_CONTENT)


class ActivityTasksView(WaitingView):
    """A worker's long poll: a task at once when one waits, else up to `wait` seconds on the
    event loop, holding no thread (engine.waiters wakes one poll per new task)."""

    capabilities = {"GET": OPERATE}

    @extend_schema(
        parameters=[PollSerializer],
        responses={
            200: ActivityTaskSerializer,
            204: OpenApiResponse(description="No task arrived while waiting."),
            **errors(400, 404),
        },
    )
    def get(self, request: Request, name: str) -> Response | Later:
        query = parse(PollSerializer, request.query_params)
        worker = query.get("worker") or request.user.get_username()
        task = services.take_activity_task(name, worker, 0)
        if task is not None or query["wait"] <= 0:
            return taken(task)
        return Later(lambda: activities.await_activity_task(name, worker, query["wait"]), taken)


def taken(task: activities.Taken | None) -> Response:
    if task is None:
        return Response(status=status.HTTP_204_NO_CONTENT)
    token, value, traceparent = task
    found = {"token": token, "input": value, "traceparent": traceparent}
    return Response(ActivityTaskSerializer(found).data)
