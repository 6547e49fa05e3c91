"""/api/health/: liveness (the database answers) and, with ?ready=1, readiness (an engine and
the django-q2 cluster have beaten recently). No authentication, so load balancers can call it."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.db import DatabaseError, connection
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_field,
)
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from engine.models import EngineHeartbeat
from engine.models.heartbeat import Process

from .permissions import Public

# An engine beats every 5 s while its loop turns; the cluster's job runs about once a minute
# (django-q2's scheduler looks every ~30 s), so each gets a few missed beats of slack.
FRESH = {Process.ENGINE: timedelta(seconds=30), Process.CLUSTER: timedelta(seconds=180)}
TRUE = {"1", "true", "yes", "on"}


@extend_schema_field({"type": "string", "enum": ["ok", "degraded"]})
class StatusField(serializers.CharField):
    pass


class BeatSerializer(serializers.Serializer):
    ok = serializers.BooleanField()
    last_seen = serializers.DateTimeField(allow_null=True)


class HealthSerializer(serializers.Serializer):
    status = StatusField()
    database = serializers.BooleanField()
    engine = BeatSerializer()
    cluster = BeatSerializer()


def beat(kind: str, now: datetime) -> dict[str, Any]:
    last_seen = EngineHeartbeat.last_seen(kind)
    return {"ok": last_seen is not None and now - last_seen <= FRESH[kind], "last_seen": last_seen}


def check(now: datetime) -> dict[str, Any]:
    """The health report; a database that does not answer makes everything false."""
    down = {"ok": False, "last_seen": None}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        engine, cluster = beat(Process.ENGINE, now), beat(Process.CLUSTER, now)
        database = True
    except DatabaseError:
        database, engine, cluster = False, down, down
    healthy = database and engine["ok"] and cluster["ok"]
    return {
        "status": "ok" if healthy else "degraded",
        "database": database,
        "engine": engine,
        "cluster": cluster,
    }


class HealthView(APIView):
    authentication_classes: list[Any] = []  # a stale or bad token must not fail a probe
    permission_classes = [Public]
    capabilities: dict[str, str] = {}  # Public: no role, no authentication

    @extend_schema(
        auth=[],
        parameters=[
            OpenApiParameter(
                "ready",
                OpenApiTypes.BOOL,
                description="Readiness: 503 unless the database, an engine and the cluster "
                "are all up (without it: liveness, 200 whenever the database answers).",
            )
        ],
        responses={
            200: HealthSerializer,
            503: OpenApiResponse(HealthSerializer, description="Not live, or not ready."),
        },
    )
    def get(self, request: Request) -> Response:
        report = check(timezone.now())
        wants_ready = request.query_params.get("ready", "").lower() in TRUE
        alive = report["database"]
        ok = report["status"] == "ok" if wants_ready else alive
        return Response(report, status=200 if ok else 503)
