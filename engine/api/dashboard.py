"""The dashboard's figures over HTTP: /api/dashboard/ for a window (and a workflow), and
/api/workflows/<name>/stats/ for one workflow's last days. Read from Postgres alone."""

from __future__ import annotations

from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from baton.api.permissions import READ
from baton.api.schema import errors

from .. import dashboard
from .dashboard_serializers import (
    DashboardQuerySerializer,
    DashboardSerializer,
    StatsQuerySerializer,
    WorkflowStatsSerializer,
)


class DashboardView(APIView):
    capabilities = {"GET": READ}

    @extend_schema(
        operation_id="dashboard",
        parameters=[DashboardQuerySerializer],
        responses={200: DashboardSerializer, **errors(400, 404)},
    )
    def get(self, request: Request) -> Response:
        now = timezone.now()
        query = DashboardQuerySerializer(data=request.query_params, context={"now": now})
        query.is_valid(raise_exception=True)
        return Response(DashboardSerializer(dashboard.figures(query.validated_data, now)).data)


class WorkflowStatsView(APIView):
    capabilities = {"GET": READ}

    @extend_schema(
        operation_id="workflow_stats",
        parameters=[OpenApiParameter("name", str, OpenApiParameter.PATH), StatsQuerySerializer],
        responses={200: WorkflowStatsSerializer, **errors(400, 404)},
    )
    def get(self, request: Request, name: str) -> Response:
        workflow = dashboard.find_workflow(name)
        query = StatsQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        stats = dashboard.workflow_stats(workflow, query.validated_data["days"], timezone.now())
        return Response(WorkflowStatsSerializer(stats).data)
