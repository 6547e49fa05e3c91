"""What /api/dashboard/ and /api/workflows/<name>/stats/ read (query strings) and answer
(engine/api/dashboard.py; the figures come from engine/dashboard/)."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from ..dashboard import MAX_BUCKETS, automatic_bucket, bucket_count, parse_bucket
from ..dashboard.window import EARLIEST, LATEST, MAX_BUCKET_SECONDS, MIN_BUCKET_SECONDS

DEFAULT_RANGE = timedelta(hours=24)
MAX_DAYS = 90  # the default retention: older executions are gone


@extend_schema_field(str)
class BucketField(serializers.Field):
    """A bucket's length: seconds ("300"), or a number of s, m, h or d ("5m", "1h", "1d")."""

    def to_internal_value(self, data: Any) -> int:
        try:
            seconds = parse_bucket(str(data))
        except ValueError:
            raise serializers.ValidationError(
                'A length like "300" (seconds), "5m", "1h" or "1d".'
            ) from None
        if seconds < MIN_BUCKET_SECONDS:
            raise serializers.ValidationError(f"At least {MIN_BUCKET_SECONDS} seconds.")
        if seconds > MAX_BUCKET_SECONDS:
            raise serializers.ValidationError(f"At most {MAX_BUCKET_SECONDS // 86400} days.")
        return seconds

    def to_representation(self, value: int) -> str:
        return str(value)


class MomentField(serializers.DateTimeField):
    """An ISO 8601 moment between 1970 and 9000."""

    def to_internal_value(self, value: Any) -> datetime:
        moment = super().to_internal_value(value)
        if not EARLIEST <= moment < LATEST:
            raise serializers.ValidationError("A moment between 1970 and 9000.")
        return moment


class DashboardQuerySerializer(serializers.Serializer):
    """The window: [since, until), the last 24 hours by default. The serializer's context
    holds `now`."""

    since = MomentField(required=False, help_text="ISO 8601; default: 24 hours before `until`.")
    until = MomentField(required=False, help_text="ISO 8601; default: now.")
    workflow = serializers.CharField(
        max_length=80, required=False, help_text="Only this workflow's figures (its name)."
    )
    bucket = BucketField(
        required=False,
        help_text=(
            'Length of a bucket of the series: "300", "5m", "1h", "1d". Default by the range: '
            "1 minute up to 2 hours, 5 minutes up to 6 hours, 1 hour up to 3 days, 6 hours up "
            f"to 14 days, 1 day beyond. At most {MAX_BUCKETS} buckets."
        ),
    )

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        now: datetime = self.context["now"]
        until = attrs.get("until") or now
        since = attrs.get("since") or until - DEFAULT_RANGE
        if since >= until:
            field = "until" if "until" in attrs else "since"
            raise serializers.ValidationError({field: "`since` must be before `until`."})
        bucket = attrs.get("bucket") or automatic_bucket(since, until)
        if bucket_count(since, until, bucket) > MAX_BUCKETS:
            raise serializers.ValidationError(
                {"bucket": f"Too many buckets for the range: at most {MAX_BUCKETS}."}
            )
        return {**attrs, "since": since, "until": until, "bucket": bucket}


class StatsQuerySerializer(serializers.Serializer):
    days = serializers.IntegerField(
        min_value=1, max_value=MAX_DAYS, default=7, help_text="Whole UTC days, today included."
    )


class StatusCountsSerializer(serializers.Serializer):
    RUNNING = serializers.IntegerField()
    SUCCEEDED = serializers.IntegerField()
    FAILED = serializers.IntegerField()
    TIMED_OUT = serializers.IntegerField()
    ABORTED = serializers.IntegerField()


class StartedBucketSerializer(serializers.Serializer):
    start = serializers.DateTimeField()
    started = serializers.IntegerField()
    by_status = StatusCountsSerializer()


class ExecutionsSerializer(serializers.Serializer):
    """Executions that started in the window (test runs left out), by their status now."""

    started = serializers.IntegerField()
    by_status = StatusCountsSerializer()
    success_rate = serializers.FloatField(
        allow_null=True, help_text="SUCCEEDED / finished (any status but RUNNING); null if none."
    )
    series = StartedBucketSerializer(many=True)


class TimingSerializer(serializers.Serializer):
    finished = serializers.IntegerField(help_text="Executions that ended in the window.")
    p50_seconds = serializers.FloatField(allow_null=True)
    p95_seconds = serializers.FloatField(allow_null=True)


class TimingBucketSerializer(TimingSerializer):
    start = serializers.DateTimeField()


class DurationSerializer(TimingSerializer):
    """Run time (start to end) of the executions that ended in the window."""

    series = TimingBucketSerializer(many=True)


class StateRowSerializer(serializers.Serializer):
    workflow = serializers.CharField()
    state = serializers.CharField()
    error = serializers.CharField()
    count = serializers.IntegerField()
    last_execution = serializers.UUIDField(help_text="The last execution it happened in.")
    last_execution_exists = serializers.BooleanField(
        help_text="False once that execution has been deleted (retention)."
    )


class HumanTasksSerializer(serializers.Serializer):
    open = serializers.IntegerField(help_text="Open, claimed or escalated.")
    overdue = serializers.IntegerField(help_text="Open past their due time.")
    oldest_open_age_seconds = serializers.FloatField(allow_null=True)


class TimersSerializer(serializers.Serializer):
    due = serializers.IntegerField(help_text="Past their time and not fired yet.")
    oldest_lag_seconds = serializers.FloatField(allow_null=True, help_text="now − its fire time.")


class EngineSerializer(serializers.Serializer):
    name = serializers.CharField()
    kind = serializers.CharField(help_text="engine or cluster")
    seen_at = serializers.DateTimeField()
    age_seconds = serializers.FloatField()
    alive = serializers.BooleanField()


class DashboardSerializer(serializers.Serializer):
    since = serializers.DateTimeField()
    until = serializers.DateTimeField()
    now = serializers.DateTimeField()
    bucket_seconds = serializers.IntegerField()
    workflow = serializers.CharField(allow_null=True)
    is_empty = serializers.BooleanField(help_text="Nothing started, ended or failed in the window.")
    executions = ExecutionsSerializer()
    duration = DurationSerializer()
    failing_states = StateRowSerializer(many=True, help_text="Failed and not caught; top 10.")
    retries = StateRowSerializer(many=True, help_text="Retried by a Retry rule; top 10.")
    caught = StateRowSerializer(many=True, help_text="Taken by a Catch rule; top 10.")
    human_tasks = HumanTasksSerializer(help_text="Now, whatever the window.")
    timers = TimersSerializer(help_text="Now, whatever the window.")
    engines = EngineSerializer(many=True, help_text="Every process that beats, now.")


class StatsDaySerializer(serializers.Serializer):
    day = serializers.DateField()
    started = serializers.IntegerField()
    succeeded = serializers.IntegerField()
    success_rate = serializers.FloatField(allow_null=True)
    finished = serializers.IntegerField(help_text="Executions that ended that day.")
    p50_seconds = serializers.FloatField(allow_null=True)
    p95_seconds = serializers.FloatField(allow_null=True)


class WorkflowStatsSerializer(serializers.Serializer):
    """The dashboard's definitions for one workflow over whole UTC days, today last."""

    workflow = serializers.CharField()
    days = serializers.IntegerField()
    since = serializers.DateTimeField()
    until = serializers.DateTimeField()
    started = serializers.IntegerField()
    succeeded = serializers.IntegerField()
    success_rate = serializers.FloatField(allow_null=True)
    finished = serializers.IntegerField(help_text="Executions that ended in the days.")
    p50_seconds = serializers.FloatField(allow_null=True)
    p95_seconds = serializers.FloatField(allow_null=True)
    series = StatsDaySerializer(many=True)
