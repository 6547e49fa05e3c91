"""Alarms: apps' durable timers, fired by the engine loop (models/alarm.py).

An app registers a handler per kind (approvals: reminders, escalations, deadlines); the engine
imports no app. `schedule_many()` is called inside the app's transaction, so an alarm exists exactly
when the rows it is about do.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Callable, Iterable
from datetime import datetime, timedelta

from django.db import connection, transaction

from . import notify
from .models import Alarm

log = logging.getLogger(__name__)

BATCH = 200
RETRY_SECONDS = 60.0  # a handler that raised is tried again this much later, doubling

# handler(subjects, now) -> {subject: next fire time, or None when done}; a subject left out
# of the answer is done too. Runs inside the transaction that holds the alarms' rows.
Handler = Callable[[list[str], datetime], dict[str, datetime | None]]
_handlers: dict[str, Handler] = {}


def register(kind: str, handler: Handler) -> None:
    _handlers[kind] = handler


def schedule_many(alarms: Iterable[tuple[str, str, datetime]]) -> None:
    """Create or move alarms; sleeping engines look again once the transaction commits."""
    rows = list(alarms)
    if not rows:
        return
    kinds, subjects, times = (list(column) for column in zip(*rows, strict=True))
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {Alarm._meta.db_table} (kind, subject, fire_at, failures)"
            " SELECT * , 0 FROM unnest(%s::text[], %s::text[], %s::timestamptz[])"
            " ON CONFLICT (kind, subject) DO UPDATE SET fire_at = excluded.fire_at, failures = 0",
            [kinds, subjects, times],
        )
    notify.work()


def fire_due(now: datetime, limit: int = BATCH) -> int:
    """Fire up to `limit` due alarms in one transaction; how many were due.

    1. Take the due rows, oldest first, skipping rows another engine holds.
    2. Per kind, hand the subjects to the handler in a savepoint; apply its answer (delete,
       or move to the next time).
    3. A handler that raises is rolled back to its savepoint and its alarms are tried one by
       one, so one bad subject is pushed forward (and logged) without holding back the rest.
    """
    with transaction.atomic():
        due = list(
            Alarm.objects.filter(fire_at__lte=now)
            .order_by("fire_at")
            .select_for_update(skip_locked=True)[:limit]
        )
        by_kind: dict[str, list[Alarm]] = defaultdict(list)
        for alarm in due:
            by_kind[alarm.kind].append(alarm)
        for kind, alarms in by_kind.items():
            _fire_kind(kind, alarms, now)
    return len(due)


def _fire_kind(kind: str, alarms: list[Alarm], now: datetime) -> None:
    handler = _handlers.get(kind)
    if handler is None:
        log.warning("alarms: no handler for %r; dropping %d alarm(s)", kind, len(alarms))
        Alarm.objects.filter(id__in=[a.id for a in alarms]).delete()
        return
    try:
        with transaction.atomic():
            _apply(alarms, handler([a.subject for a in alarms], now))
    except Exception:
        if len(alarms) == 1:
            _push_forward(alarms[0], now)
            return
        for alarm in alarms:
            _fire_kind(kind, [alarm], now)


def _apply(alarms: list[Alarm], answer: dict[str, datetime | None]) -> None:
    done = [a.id for a in alarms if answer.get(a.subject) is None]
    Alarm.objects.filter(id__in=done).delete()
    for alarm in alarms:
        again = answer.get(alarm.subject)
        if again is not None:
            Alarm.objects.filter(id=alarm.id).update(fire_at=again, failures=0)


def _push_forward(alarm: Alarm, now: datetime) -> None:
    log.exception("alarms: %s %s failed; trying again later", alarm.kind, alarm.subject)
    delay = timedelta(seconds=RETRY_SECONDS * 2 ** min(alarm.failures, 6))
    Alarm.objects.filter(id=alarm.id).update(fire_at=now + delay, failures=alarm.failures + 1)


def next_due_sql() -> str:
    """The subquery claims.next_due folds into its one round trip."""
    return f"(SELECT min(fire_at) FROM {Alarm._meta.db_table})"
