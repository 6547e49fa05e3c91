"""W9: the inbox at 10,000 open human tasks, and 10,000 reminders due within 10 s.

Set-up: TASKS executions of a one-state workflow whose `baton:approval` names one of GROUPS
groups each (various priorities and due times), opened by the engines as in production; a user
in MEMBER_OF of the groups.
Pages: daphne serves /inbox/ and /api/human-tasks/ (default list and ?view=groups); REQUESTS
sequential requests each as that user over one keep-alive connection, after WARMUP; p50/p95.
Reminders: every task gets a one-shot reminder alarm, the due times spread over WINDOW seconds
starting LEAD seconds ahead; ENGINES engines fire them. Lag = the task's `reminded` audit entry
minus its due time; none may be lost, none doubled (one entry and reminders_sent 1 each).
"""

from __future__ import annotations

import http.client
import random
import time
from collections import Counter
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth.models import Group, User
from django.db import connection
from django.test import Client
from django.utils import timezone

from approvals.announce import flush_history
from approvals.models import Action, Approval, AuditEntry, HumanTask, Notification
from engine import alarms
from engine.asl.approval_spec import PRIORITIES
from engine.models import Alarm

from . import harness, served

NAME = "W9"
TARGET = "p95 ≤ 150 ms; lag p99 ≤ 1 s"
TASKS, GROUPS, MEMBER_OF = 10_000, 50, 10
REQUESTS, WARMUP = 200, 20
WINDOW, LEAD, GRACE = 10.0, 5.0, 60.0
ENGINES = 2
WORKFLOW, USER, GROUP_PREFIX = "bench-w9", "bench-w9-user", "bench-w9-g"
PATHS = ("/inbox/", "/api/human-tasks/?view=groups", "/api/human-tasks/")
REMINDER = "approval.reminder"  # approvals.timers.REMINDER: its handler sends the reminder
Fetch = Callable[[str], int]


def run() -> dict[str, Any]:
    forget()
    figures: dict[str, Any] = {"tasks": TASKS, "groups": GROUPS, "member_of": MEMBER_OF}
    try:
        user = make_people(GROUPS, MEMBER_OF)
        with harness.engines(ENGINES):
            began = time.perf_counter()
            ids = open_tasks(TASKS, GROUPS, timeout=600)
            figures["setup_s"] = round(time.perf_counter() - began, 1)
            with served.daphne() as url:
                fetch = http_fetch(url, session_cookie(user))
                figures["pages"] = {path: time_path(fetch, path) for path in PATHS}
            due = schedule_reminders(ids, timezone.now() + timedelta(seconds=LEAD), WINDOW)
            wait_for_reminders(len(ids), timeout=LEAD + WINDOW + GRACE)
            time.sleep(2.0)  # a second firing would show up by now
        figures["reminders"] = reminder_figures(due)
    finally:
        forget()
    return figures


# -- set-up ------------------------------------------------------------------------------------


def group_name(n: int) -> str:
    return f"{GROUP_PREFIX}{n:02d}"


def make_people(groups: int, member_of: int) -> User:
    """The groups, and the user in the first `member_of` of them."""
    made = [Group.objects.get_or_create(name=group_name(n))[0] for n in range(groups)]
    user, _ = User.objects.get_or_create(username=USER)
    user.groups.set(made[:member_of])
    return user


def definition() -> dict[str, Any]:
    parameters = {
        "Title.$": "States.Format('Bench expense {}', $.n)",
        "Description": "A W9 task: **nothing** to decide.",
        "Groups.$": "$.groups",
        "Priority.$": "$.priority",
        "DueSeconds.$": "$.due",
        "Form": [{"name": "amount", "type": "number", "required": True, "min": 0}],
    }
    approve = {"Type": "Task", "Resource": "baton:approval", "Parameters": parameters}
    return {"StartAt": "Approve", "States": {"Approve": {**approve, "End": True}}}


def task_input(n: int, groups: int) -> dict[str, Any]:
    """Spread over the groups, the four priorities and due times from 10 minutes to 3 days."""
    return {
        "n": n,
        "groups": [group_name(n % groups)],
        "priority": PRIORITIES[n % len(PRIORITIES)],
        "due": 600 * (1 + (n * 7) % 432),
    }


def open_tasks(count: int, groups: int, timeout: float) -> list[int]:
    """Start `count` executions, 500 a transaction; the ids of their human tasks once the
    engines have opened them all."""
    version = harness.publish(WORKFLOW, definition())
    for first in range(0, count, 500):
        values = [task_input(n, groups) for n in range(first, min(count, first + 500))]
        harness.start_many(version, values)
    tasks = HumanTask.objects.filter(workflow=WORKFLOW)
    deadline = time.monotonic() + timeout
    while (opened := tasks.count()) < count:
        if time.monotonic() > deadline:
            raise TimeoutError(f"only {opened} of {count} tasks opened within {timeout} s")
        time.sleep(0.5)
    return list(tasks.order_by("id").values_list("id", flat=True))


# -- pages -------------------------------------------------------------------------------------


def session_cookie(user: User) -> str:
    client = Client()
    client.force_login(user)
    return f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"


def http_fetch(url: str, cookie: str) -> Fetch:
    """GET over one keep-alive connection; the status (the body is read, not kept)."""
    host, port = url.removeprefix("http://").split(":")
    conn = http.client.HTTPConnection(host, int(port), timeout=30)

    def fetch(path: str) -> int:
        conn.request("GET", path, headers={"Cookie": cookie, "Accept": "*/*"})
        response = conn.getresponse()
        response.read()
        return response.status

    return fetch


def time_path(fetch: Fetch, path: str, requests: int = REQUESTS, warmup: int = WARMUP) -> dict:
    """p50/p95 of `requests` sequential GETs after `warmup`; a path that is not there (yet)
    is reported as not measured."""
    status = fetch(path)
    if status != 200:
        return {"not_measured": f"HTTP {status}"}
    for _ in range(warmup):
        fetch(path)
    took, failed = [], 0
    for _ in range(requests):
        began = time.perf_counter()
        failed += fetch(path) != 200
        took.append((time.perf_counter() - began) * 1000)
    return {
        "requests": requests,
        "failed": failed,
        "p50_ms": round(harness.percentile(took, 50), 1),
        "p95_ms": round(harness.percentile(took, 95), 1),
    }


# -- reminders ---------------------------------------------------------------------------------


def schedule_reminders(ids: list[int], start: datetime, window: float) -> dict[int, datetime]:
    """A one-shot reminder per task (no EverySeconds), due times spread evenly over `window`
    from `start` in a shuffled order; the due time of each task."""
    HumanTask.objects.filter(id__in=ids).update(reminder={"AfterSeconds": 1}, reminders_sent=0)
    order = list(ids)
    random.Random(9).shuffle(order)
    step = window / max(1, len(order))
    due = {task: start + timedelta(seconds=i * step) for i, task in enumerate(order)}
    alarms.schedule_many([(REMINDER, str(task), at) for task, at in due.items()])
    return due


def reminded() -> Any:
    return AuditEntry.objects.filter(task__workflow=WORKFLOW, action=Action.REMINDED)


def wait_for_reminders(count: int, timeout: float) -> None:
    """Until `count` tasks have been reminded, or the timeout (reminder_figures counts)."""
    deadline = time.monotonic() + timeout
    while reminded().values("task").distinct().count() < count and time.monotonic() < deadline:
        time.sleep(0.25)


def reminder_figures(due: dict[int, datetime]) -> dict[str, Any]:
    entries = list(reminded().order_by("at").values_list("task_id", "at"))
    times = Counter(task for task, _ in entries)
    first: dict[int, datetime] = {}
    for task, at in entries:
        first.setdefault(task, at)
    lags = [(first[task] - at).total_seconds() * 1000 for task, at in due.items() if task in first]
    tasks = HumanTask.objects.filter(id__in=list(due))
    return {
        "due": len(due),
        "fired": len(first),
        "lost": len(set(due) - set(first)),
        "doubled": sum(1 for n in times.values() if n > 1),
        "not_sent_once": tasks.exclude(reminders_sent=1).count(),
        "alarms_left": Alarm.objects.filter(kind=REMINDER, subject__in=map(str, due)).count(),
        "lag_p50_ms": round(harness.percentile(lags, 50), 1) if lags else None,
        "lag_p99_ms": round(harness.percentile(lags, 99), 1) if lags else None,
        "lag_max_ms": round(max(lags), 1) if lags else None,
    }


# -- clean-up ----------------------------------------------------------------------------------


def forget() -> None:
    """Delete the bench's tasks (with their audit, approvals, notifications and alarms), its
    executions, user and groups. Raw SQL: the ORM's cascade would load 10,000s of rows."""
    flush_history()  # this process's history notes, which would race the purge
    tasks = f"SELECT id FROM {HumanTask._meta.db_table} WHERE workflow = %s"
    with connection.cursor() as cursor:
        for model in (AuditEntry, Approval, Notification):
            cursor.execute(
                f"DELETE FROM {model._meta.db_table} WHERE task_id IN ({tasks})", [WORKFLOW]
            )
        cursor.execute(
            f"DELETE FROM {Alarm._meta.db_table} WHERE kind LIKE 'approval.%%'"
            f" AND subject IN (SELECT id::text FROM ({tasks}) t)",
            [WORKFLOW],
        )
        cursor.execute(f"DELETE FROM {HumanTask._meta.db_table} WHERE workflow = %s", [WORKFLOW])
    harness.purge(WORKFLOW)
    User.objects.filter(username=USER).delete()
    Group.objects.filter(name__startswith=GROUP_PREFIX).delete()


def summary(figures: dict[str, Any]) -> str:
    pages = "; ".join(
        f"{path} "
        + (
            f"p50 {page['p50_ms']} ms, p95 {page['p95_ms']} ms"
            if "p95_ms" in page
            else f"not measured ({page['not_measured']})"
        )
        for path, page in figures.get("pages", {}).items()
    )
    r = figures["reminders"]
    return (
        f"{figures['tasks']} tasks (set up in {figures['setup_s']} s): {pages}; reminders "
        f"{r['fired']}/{r['due']} fired, lag p50 {r['lag_p50_ms']} ms, p99 {r['lag_p99_ms']} ms,"
        f" max {r['lag_max_ms']} ms, lost {r['lost']}, doubled {r['doubled']},"
        f" not sent once {r['not_sent_once']}"
    )
