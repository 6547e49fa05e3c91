"""Postgres NOTIFY: wake sleeping engines and waiters when a transaction commits."""

from __future__ import annotations

from django.db import connection

WORK_CHANNEL = "baton_work"
ENDED_CHANNEL = "baton_ended"  # payload: the execution id; for waiters such as bench
ACTIVITY_CHANNEL = "baton_activity"  # payload: the activity's name; sent by resources/activity.py


def work() -> None:
    """New work exists once this transaction commits (Postgres delivers NOTIFY on commit)."""
    send(WORK_CHANNEL, "")


def ended(execution_id: object) -> None:
    send(ENDED_CHANNEL, str(execution_id))


def ended_many(execution_ids: list[object]) -> None:
    """One statement for many endings (store.store_many)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_notify(%s, id) FROM unnest(%s::text[]) AS id",
            [ENDED_CHANNEL, [str(execution_id) for execution_id in execution_ids]],
        )


def send(channel: str, payload: str) -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_notify(%s, %s)", [channel, payload])
