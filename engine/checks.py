"""System checks for settings the engine depends on (ids engine.E00x, with hints)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import Error, register

CROSS_PROCESS_LAYERS = (
    "baton.channel_layer.PostgresChannelLayer",
    "channels_postgres.core.PostgresChannelLayer",
    "channels_redis.core.RedisChannelLayer",
    "channels_redis.pubsub.RedisPubSubChannelLayer",
)


@register()
def check_time_zone(**kwargs: Any) -> list[Error]:
    if settings.TIME_ZONE == "UTC" and settings.USE_TZ:
        return []
    return [
        Error(
            "TIME_ZONE must be 'UTC' with USE_TZ = True",
            id="engine.E001",
            hint="Timers and history timestamps are stored and compared in UTC.",
        )
    ]


@register()
def check_channel_layer(**kwargs: Any) -> list[Error]:
    backend = settings.CHANNEL_LAYERS.get("default", {}).get("BACKEND", "")
    if backend in CROSS_PROCESS_LAYERS:
        return []
    return [
        Error(
            f"channel layer {backend or '(none)'!r} does not work across processes",
            id="engine.E002",
            hint="The engine publishes live updates from another process than daphne; "
            "set REDIS_URL or leave CHANNEL_LAYERS to the Postgres default.",
        )
    ]


@register()
def check_q_cluster(**kwargs: Any) -> list[Error]:
    conf = getattr(settings, "Q_CLUSTER", {})
    errors = []
    if "orm" not in conf and "redis" not in conf:
        errors.append(
            Error(
                "Q_CLUSTER names no broker",
                id="engine.E003",
                hint="Set Q_CLUSTER['orm'] = 'default' (or a Redis broker).",
            )
        )
    if conf.get("retry", 0) <= conf.get("timeout", 0):
        errors.append(
            Error(
                "Q_CLUSTER['retry'] must exceed Q_CLUSTER['timeout']",
                id="engine.E004",
                hint="Otherwise a task still running is handed to a second worker.",
            )
        )
    return errors
