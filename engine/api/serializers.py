"""What the engine API reads and writes: executions, history events, task tokens, activities."""

from __future__ import annotations

import json
from typing import Any

from rest_framework import serializers

from baton.api.paging import limit_field
from designer.models import NAME_RULE
from engine.asl import storable
from engine.models import Activity, Execution, HistoryEvent, Status

MAX_INT = 2**31 - 1  # Postgres integer: anything larger is a 400 here, not a 500 there
ERROR_MAX, CAUSE_MAX = 256, 32768  # Step Functions' limits for error names and causes
TOKEN_MAX = 1024


def unstorable(value: Any) -> str | None:
    """Why Postgres's jsonb cannot hold `value` (NaN, infinities, lone surrogates, NUL), or None.

    Used by JsonValue and by the Step Functions API (baton/aws), which parses JSON strings."""
    try:
        json.dumps(value, allow_nan=False, ensure_ascii=False).encode()
    except (ValueError, UnicodeEncodeError):
        return "NaN, infinities, lone surrogates: not JSON."
    if storable.problem(value):
        return "Strings must not contain the NUL character."
    return None


class JsonValue(serializers.JSONField):
    """Any JSON value Postgres can store: no NaN or infinities, no NUL, no lone surrogates."""

    def to_internal_value(self, data: Any) -> Any:
        value = super().to_internal_value(data)
        problem = unstorable(value)
        if problem:
            raise serializers.ValidationError(problem)
        return value


class StartSerializer(serializers.Serializer):
    workflow = serializers.CharField(max_length=80)
    version = serializers.IntegerField(min_value=1, max_value=MAX_INT, required=False)
    alias = serializers.CharField(max_length=80, required=False)
    name = serializers.CharField(max_length=80, required=False, validators=[NAME_RULE])
    input = JsonValue(required=False, allow_null=True)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if "version" in attrs and "alias" in attrs:
            raise serializers.ValidationError("Give a version or an alias, not both.")
        return attrs


class WaitSerializer(serializers.Serializer):
    wait = serializers.IntegerField(
        min_value=0,
        max_value=60,
        required=False,
        help_text="Hold the request up to this many seconds until the execution ends.",
    )


class ExecutionFilterSerializer(serializers.Serializer):
    workflow = serializers.CharField(max_length=80, required=False, help_text="Workflow name.")
    version = serializers.IntegerField(min_value=1, max_value=MAX_INT, required=False)
    status = serializers.ChoiceField(choices=Status.choices, required=False)
    started_after = serializers.DateTimeField(required=False)
    started_before = serializers.DateTimeField(required=False)
    name = serializers.CharField(max_length=80, required=False, help_text="Name prefix.")
    alias = serializers.CharField(max_length=80, required=False, help_text="Started by alias.")
    test_run = serializers.BooleanField(
        required=False, allow_null=True, default=None, help_text="Only test runs, or none."
    )


class VersionNumberField(serializers.IntegerField):
    """The version's number; null for a test run's draft, which has none (designer/drafts.py)."""

    def to_representation(self, value: Any) -> int | None:
        return None if value.is_test_draft else value.number


class ExecutionSummarySerializer(serializers.ModelSerializer):
    workflow = serializers.CharField(source="workflow.name")
    version = VersionNumberField(allow_null=True, read_only=True)

    class Meta:
        model = Execution
        fields = [
            "id",
            "name",
            "workflow",
            "version",
            "status",
            "started_at",
            "stopped_at",
            "redrive_count",
            "test_run",
        ]


class ExecutionSerializer(ExecutionSummarySerializer):
    input = serializers.JSONField(allow_null=True)
    output = serializers.JSONField(allow_null=True)
    children = serializers.SerializerMethodField()

    class Meta(ExecutionSummarySerializer.Meta):
        fields = [
            *ExecutionSummarySerializer.Meta.fields,
            "input",
            "output",
            "error",
            "cause",
            "parent",
            "children",
            "redriven_at",
        ]

    def get_children(self, execution: Execution) -> list[str]:
        return children_of(execution)


def children_of(execution: Execution) -> list[str]:
    ids = execution.children.order_by("started_at").values_list("id", flat=True)
    return [str(child) for child in ids]


_MOMENT = serializers.DateTimeField()  # one field for execution_answer's times, built once


def execution_answer(execution: Execution, *, fresh: bool = False) -> dict[str, Any]:
    """ExecutionSerializer's data, key for key and format for format, without DRF building the
    serializer's fields on every request (most of a start's answer's cost). `fresh`: just
    created, so no children to look up. tests/engine/test_start_answer.py holds it to the
    serializer byte for byte."""
    version = execution.version
    return {
        "id": str(execution.id),
        "name": execution.name,
        "workflow": execution.workflow.name,
        "version": None if version.is_test_draft else version.number,
        "status": str(execution.status),
        "started_at": _moment(execution.started_at),
        "stopped_at": _moment(execution.stopped_at),
        "redrive_count": execution.redrive_count,
        "test_run": execution.test_run,
        "input": execution.input,
        "output": execution.output,
        "error": execution.error,
        "cause": execution.cause,
        "parent": execution.parent_id,
        "children": [] if fresh else children_of(execution),
        "redriven_at": _moment(execution.redriven_at),
    }


def _moment(value: Any) -> str | None:
    return None if value is None else _MOMENT.to_representation(value)


class HistoryQuerySerializer(serializers.Serializer):
    after = serializers.IntegerField(
        min_value=0, max_value=MAX_INT, default=0, help_text="Events after this event id."
    )
    limit = limit_field(default=100)


class HistoryEventSerializer(serializers.ModelSerializer):
    id = serializers.IntegerField(source="event_id")
    details = serializers.JSONField()

    class Meta:
        model = HistoryEvent
        fields = ["id", "type", "previous_event_id", "timestamp", "details"]


class HistorySerializer(serializers.Serializer):
    events = HistoryEventSerializer(many=True)
    next = serializers.URLField(allow_null=True, help_text="The next page, or null at the end.")


class StopSerializer(serializers.Serializer):
    error = serializers.CharField(max_length=ERROR_MAX, required=False, allow_blank=True)
    cause = serializers.CharField(max_length=CAUSE_MAX, required=False, allow_blank=True)


class TokenSerializer(serializers.Serializer):
    token = serializers.CharField(max_length=TOKEN_MAX)


class TaskSuccessSerializer(TokenSerializer):
    output = JsonValue(allow_null=True)


class TaskFailureSerializer(TokenSerializer, StopSerializer):
    pass


class ActivitySerializer(serializers.ModelSerializer):
    name = serializers.CharField(max_length=80, validators=[NAME_RULE])

    class Meta:
        model = Activity
        fields = ["name", "created_at"]
        read_only_fields = ["created_at"]


class PollSerializer(serializers.Serializer):
    worker = serializers.CharField(
        max_length=80, required=False, help_text="Who takes the task (default: your username)."
    )
    wait = serializers.IntegerField(min_value=0, max_value=60, default=60)


class ActivityTaskSerializer(serializers.Serializer):
    token = serializers.CharField()
    input = serializers.JSONField(allow_null=True)
    traceparent = serializers.CharField(
        allow_null=True,
        help_text="The task attempt's span (W3C trace context) when tracing is on, else null: "
        "a worker's own spans can continue the execution's trace.",
    )
