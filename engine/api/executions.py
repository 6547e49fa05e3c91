"""Executions over HTTP: start (optionally waiting for the end), list, describe, history, stop,
redrive."""

from __future__ import annotations

from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import generics, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.utils.urls import replace_query_param
from rest_framework.views import APIView

from baton.api.paging import Cursors
from baton.api.permissions import OPERATE, READ
from baton.api.schema import errors

from .. import execution_services as services
from ..models import Execution
from .parsing import body, parse
from .serializers import (
    ExecutionFilterSerializer,
    ExecutionSerializer,
    ExecutionSummarySerializer,
    HistoryQuerySerializer,
    HistorySerializer,
    StartSerializer,
    StopSerializer,
    WaitSerializer,
    execution_answer,
)

LOCATION = OpenApiParameter(
    "Location",
    OpenApiTypes.URI,
    OpenApiParameter.HEADER,
    description="The execution: /api/executions/{id}/",
    response=[200, 201, 202],
)


EXECUTION_ID = OpenApiParameter("id", OpenApiTypes.UUID, OpenApiParameter.PATH)


class NewestFirst(Cursors):
    ordering = ("-started_at", "-id")
    page_size = 50


class ExecutionsView(generics.GenericAPIView):
    capabilities = {"GET": READ, "POST": OPERATE}
    pagination_class = NewestFirst
    serializer_class = ExecutionSummarySerializer
    queryset = Execution.objects.none()  # for the schema; get() asks services

    @extend_schema(
        operation_id="executions_list",
        parameters=[ExecutionFilterSerializer],
        responses={200: ExecutionSummarySerializer(many=True), **errors(400)},
    )
    def get(self, request: Request) -> Response:
        filters = parse(ExecutionFilterSerializer, request.query_params)
        page = self.paginate_queryset(services.list_executions(**filters))
        return self.get_paginated_response(ExecutionSummarySerializer(page, many=True).data)

    @extend_schema(
        operation_id="executions_start",
        request=StartSerializer,
        parameters=[WaitSerializer, LOCATION],
        responses={
            201: OpenApiResponse(ExecutionSerializer, description="Started."),
            200: OpenApiResponse(ExecutionSerializer, description="Already started (same name)."),
            202: OpenApiResponse(ExecutionSerializer, description="Still running after ?wait."),
            **errors(400, 404, 409, 413, 415),
        },
    )
    def post(self, request: Request) -> Response:
        # `?wait` never reaches here: engine.api.waiting.wait_or sends it to StartThenWaitView.
        execution, created = start_from(request)
        code = status.HTTP_201_CREATED if created else status.HTTP_200_OK
        return described(execution, code, fresh=created)


def start_from(request: Request) -> tuple[Execution, bool]:
    """Start what the request's body asks for (StartSerializer); (execution, created).
    Used by ExecutionsView and, with `?wait`, by engine.api.waiting.StartThenWaitView."""
    data = parse(StartSerializer, body(request))
    return services.start(
        data["workflow"],
        version=data.get("version"),
        alias=data.get("alias"),
        name=data.get("name"),
        input_value=data.get("input"),
        started_by=request.user.get_username(),
        traceparent=request.headers.get("traceparent"),
    )


class ExecutionView(APIView):
    capabilities = {"GET": READ}

    @extend_schema(parameters=[EXECUTION_ID], responses={200: ExecutionSerializer, **errors(404)})
    def get(self, request: Request, id: str) -> Response:
        return Response(ExecutionSerializer(services.get_execution(id)).data)


class HistoryView(APIView):
    capabilities = {"GET": READ}

    @extend_schema(
        parameters=[EXECUTION_ID, HistoryQuerySerializer],
        responses={200: HistorySerializer, **errors(400, 404)},
    )
    def get(self, request: Request, id: str) -> Response:
        execution = services.get_execution(id)
        query = parse(HistoryQuerySerializer, request.query_params)
        events, more = services.history_page(execution, query["after"], query["limit"])
        link = None
        if more:
            link = replace_query_param(request.build_absolute_uri(), "after", events[-1].event_id)
        return Response(HistorySerializer({"events": events, "next": link}).data)


class StopView(APIView):
    capabilities = {"POST": OPERATE}

    @extend_schema(
        parameters=[EXECUTION_ID],
        request=StopSerializer,
        responses={200: ExecutionSerializer, **errors(400, 404, 409, 415)},
    )
    def post(self, request: Request, id: str) -> Response:
        execution = services.get_execution(id)
        data = parse(StopSerializer, body(request))
        stopped = services.stop(execution, data.get("error"), data.get("cause"))
        return described(stopped, status.HTTP_200_OK)


class RedriveView(APIView):
    capabilities = {"POST": OPERATE}

    @extend_schema(
        parameters=[EXECUTION_ID],
        request=None,
        responses={200: ExecutionSerializer, **errors(404, 409)},
    )
    def post(self, request: Request, id: str) -> Response:
        redriven = services.redrive(services.get_execution(id))
        return described(redriven, status.HTTP_200_OK)


def described(execution: Execution, code: int, *, fresh: bool = False) -> Response:
    """The execution's answer; `fresh`: just created and not waited on, so it has no children
    to look up."""
    location = reverse("api-execution", args=[execution.id])
    data = execution_answer(execution, fresh=fresh)
    return Response(data, status=code, headers={"Location": location})
