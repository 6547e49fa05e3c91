"""/api/schedules/: cron schedules that start workflows (engine/schedules.py validates them).

Reading needs READ; creating, changing and deleting need DESIGN. Each schedule shows its last
run (time, execution, error) and its next run.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import serializers, status, viewsets
from rest_framework.request import Request
from rest_framework.response import Response

from baton.api.errors import ApiError
from baton.api.permissions import DESIGN, READ
from baton.api.schema import errors
from engine.models import Schedule
from engine.schedules import ScheduleExists, ScheduleInvalid, create_schedule, update_schedule

MAX_VERSION = 2**31 - 1


def has_nul(value: Any) -> bool:
    """Postgres refuses NUL characters in text and jsonb: catch them as a 400, not a 500."""
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(has_nul(k) or has_nul(v) for k, v in value.items())
    if isinstance(value, list):
        return any(has_nul(v) for v in value)
    return False


class JSONValueField(serializers.JSONField):
    """Any JSON value Postgres can store."""

    def to_internal_value(self, data: Any) -> Any:
        value = super().to_internal_value(data)
        if has_nul(value):
            raise serializers.ValidationError("Text cannot contain NUL (\\u0000) characters.")
        return value


class ScheduleSerializer(serializers.ModelSerializer):
    workflow = serializers.CharField(source="workflow.name")
    input = serializers.JSONField()
    last_execution = serializers.UUIDField(source="last_execution_id", allow_null=True)

    class Meta:
        model = Schedule
        fields = [
            "name",
            "workflow",
            "version",
            "cron",
            "time_zone",
            "input",
            "enabled",
            "created_at",
            "last_run_at",
            "last_execution",
            "last_error",
            "next_run_at",
        ]
        read_only_fields = fields


class ScheduleChangeSerializer(serializers.Serializer):
    """The writable fields; their meaning is checked by engine.schedules."""

    workflow = serializers.CharField(max_length=80)
    version = serializers.IntegerField(
        min_value=1, max_value=MAX_VERSION, allow_null=True, required=False
    )
    cron = serializers.CharField(max_length=120, help_text='5 fields, e.g. "*/5 * * * *"')
    time_zone = serializers.CharField(max_length=64, required=False, help_text="IANA, e.g. UTC")
    input = JSONValueField(required=False)
    enabled = serializers.BooleanField(required=False)


class NewScheduleSerializer(ScheduleChangeSerializer):
    name = serializers.CharField(max_length=64, help_text="1–64 letters, digits, '-' or '_'")


def invalid(exc: ScheduleInvalid) -> ApiError:
    return ApiError(400, "invalid_schedule", str(exc), exc.problems)


@extend_schema_view(
    list=extend_schema(responses={200: ScheduleSerializer(many=True), **errors()}),
    retrieve=extend_schema(responses={200: ScheduleSerializer, **errors(404)}),
    create=extend_schema(
        request=NewScheduleSerializer,
        responses={201: ScheduleSerializer, **errors(400, 409, 415)},
    ),
    update=extend_schema(
        request=ScheduleChangeSerializer,
        responses={200: ScheduleSerializer, **errors(400, 404, 415)},
    ),
    partial_update=extend_schema(
        request=ScheduleChangeSerializer,
        responses={200: ScheduleSerializer, **errors(400, 404, 415)},
    ),
    destroy=extend_schema(responses={204: OpenApiResponse(description="Deleted."), **errors(404)}),
)
class ScheduleViewSet(viewsets.GenericViewSet):
    serializer_class = ScheduleSerializer
    lookup_field = "name"
    capabilities = {
        "list": READ,
        "retrieve": READ,
        "create": DESIGN,
        "update": DESIGN,
        "partial_update": DESIGN,
        "destroy": DESIGN,
    }

    def get_queryset(self) -> QuerySet[Schedule]:
        return Schedule.objects.select_related("workflow")

    def get_object(self) -> Schedule:
        schedule = self.get_queryset().filter(name=self.kwargs["name"]).first()
        if schedule is None:
            raise ApiError(
                404, "schedule_not_found", f"No schedule is named '{self.kwargs['name']}'."
            )
        return schedule

    def list(self, request: Request) -> Response:
        return Response(ScheduleSerializer(self.get_queryset(), many=True).data)

    def retrieve(self, request: Request, name: str) -> Response:
        return Response(ScheduleSerializer(self.get_object()).data)

    def create(self, request: Request) -> Response:
        fields = validated(NewScheduleSerializer, request.data)
        try:
            schedule = create_schedule(fields.pop("name"), **fields)
        except ScheduleInvalid as exc:
            raise invalid(exc) from exc
        except ScheduleExists as exc:
            raise ApiError(409, "schedule_exists", str(exc)) from exc
        return Response(ScheduleSerializer(schedule).data, status=status.HTTP_201_CREATED)

    def update(self, request: Request, name: str) -> Response:
        return self.change(request, partial=False)

    def partial_update(self, request: Request, name: str) -> Response:
        return self.change(request, partial=True)

    def destroy(self, request: Request, name: str) -> Response:
        self.get_object().delete()
        return Response(status=status.HTTP_204_NO_CONTENT)

    def change(self, request: Request, *, partial: bool) -> Response:
        schedule = self.get_object()
        changes = validated(ScheduleChangeSerializer, request.data, partial=partial)
        if not partial:  # PUT replaces: what is left out goes back to its default
            changes = {"version": None, "time_zone": "UTC", "input": {}, "enabled": True, **changes}
        try:
            update_schedule(schedule, **changes)
        except ScheduleInvalid as exc:
            raise invalid(exc) from exc
        return Response(ScheduleSerializer(schedule).data)


def validated(serializer_class: type[serializers.Serializer], data: Any, **kwargs: Any) -> Any:
    shape = serializer_class(data=data, **kwargs)
    shape.is_valid(raise_exception=True)
    return dict(shape.validated_data)
