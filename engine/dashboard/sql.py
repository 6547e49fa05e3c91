"""The Postgres expressions the dashboard's queries need and Django does not ship."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.db.models import Aggregate, DateTimeField, F, FloatField, Func, Value
from django.db.models.expressions import Combinable

from .window import EPOCH


class DateBin(Func):
    """date_bin(bucket, moment, epoch): the start of the bucket `moment` falls in (Postgres 14+)."""

    function = "date_bin"
    output_field = DateTimeField()

    def __init__(self, bucket_seconds: int, moment: str, **extra: Any) -> None:
        bucket = Value(timedelta(seconds=bucket_seconds))
        super().__init__(bucket, F(moment), Value(EPOCH), **extra)


class Seconds(Func):
    """EXTRACT(EPOCH FROM interval) as a float: an interval in seconds."""

    template = "EXTRACT(EPOCH FROM %(expressions)s)::float"
    output_field = FloatField()


class Percentile(Aggregate):
    """percentile_cont(fraction) WITHIN GROUP (ORDER BY value): interpolated, as Prometheus'
    histogram_quantile is, so the two read alike."""

    function = "percentile_cont"
    template = "%(function)s(%(fraction)s) WITHIN GROUP (ORDER BY %(expressions)s)"
    output_field = FloatField()

    def __init__(self, value: Combinable | Func, fraction: float, **extra: Any) -> None:
        super().__init__(value, fraction=float(fraction), **extra)


def run_seconds() -> Seconds:
    """How long an execution ran: from its start to its end."""
    return Seconds(F("stopped_at") - F("started_at"))
