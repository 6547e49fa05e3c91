"""Trying a draft definition out: one state (POST /api/test-state/) or a whole execution with
mocked tasks (POST /api/test-runs/). Refusals come from baton/api/refusals.py."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from baton.api.permissions import DESIGN
from baton.api.schema import errors

from .. import inspections, testruns
from .executions import LOCATION, described
from .parsing import body, parse
from .serializers import ExecutionSerializer
from .testing_serializers import StateTestResultSerializer, StateTestSerializer, TestRunSerializer


class StateTestView(APIView):
    capabilities = {"POST": DESIGN}

    @extend_schema(
        operation_id="test_state",
        request=StateTestSerializer,
        responses={200: StateTestResultSerializer, **errors(400, 413, 415)},
        description=(
            "Run one state of a draft definition on its own, as the Step Functions TestState "
            "API does, and return each stage of its data flow (inspectionData), its status "
            "(SUCCEEDED, FAILED, CAUGHT_ERROR, RETRIABLE), output and next state. Nothing is "
            "stored or called: a Task, Map or Parallel needs a mock standing for its work (for "
            "Map and Parallel, the result of the whole state; no iteration or branch runs)."
        ),
    )
    def post(self, request: Request) -> Response:
        data = parse(StateTestSerializer, body(request))
        answer = inspections.inspect_draft_state(
            data["definition"],
            data["state"],
            data["input"],
            mock=data.get("mock"),
            variables=data.get("variables"),
            retry_count=data["retry_count"],
        )
        return Response(answer)


class MockedRunView(APIView):
    capabilities = {"POST": DESIGN}

    @extend_schema(
        operation_id="test_runs_start",
        request=TestRunSerializer,
        parameters=[LOCATION],
        responses={
            201: OpenApiResponse(ExecutionSerializer, description="Started (test_run: true)."),
            **errors(400, 404, 409, 413, 415),
        },
        description=(
            "Start a draft definition as a test run: a real, durable execution whose every "
            "Task is answered, invocation by invocation, from a Step Functions Local mock "
            "configuration file; no resource is ever called. The draft is kept unlisted and "
            "takes no version number."
        ),
    )
    def post(self, request: Request) -> Response:
        data = parse(TestRunSerializer, body(request))
        execution = testruns.start_test_run(
            data["definition"],
            data["mocks"],
            workflow=data.get("workflow"),
            input_value=data.get("input"),
            test_case=data.get("test_case"),
            author=request.user,
        )
        return described(execution, status.HTTP_201_CREATED)
