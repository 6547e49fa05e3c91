"""Bench W9's pieces at a tiny scale: the tasks open spread over the groups, the pages answer
the user in some of them, every reminder fires once and the clean-up leaves nothing behind.
Figures only; the timing targets belong to `manage.py bench --only W9`."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group, User
from django.test import Client
from django.utils import timezone

from approvals.models import HumanTask
from engine.bench import w9
from engine.models import HistoryEvent
from tests.approvals.conftest import wait_for

pytestmark = pytest.mark.usefixtures("engine")


def test_the_tasks_open_spread_over_groups_priorities_and_due_times() -> None:
    user = w9.make_people(groups=4, member_of=2)
    ids = w9.open_tasks(8, groups=4, timeout=30)

    tasks = HumanTask.objects.filter(id__in=ids)
    assert len(ids) == 8 and all(task.is_open for task in tasks)
    assert {group for task in tasks for group in task.groups} == {
        w9.group_name(n) for n in range(4)
    }
    assert {task.priority for task in tasks} == {"low", "normal", "high", "urgent"}
    assert len({task.due_at for task in tasks}) == 8
    assert sorted(user.groups.values_list("name", flat=True)) == ["bench-w9-g00", "bench-w9-g01"]


def test_the_pages_are_timed_for_the_user_in_some_groups() -> None:
    user = w9.make_people(groups=4, member_of=2)
    w9.open_tasks(4, groups=4, timeout=30)
    client = Client()
    client.force_login(user)

    def fetch(path: str) -> int:
        return client.get(path).status_code

    for path in w9.PATHS:
        timed = w9.time_path(fetch, path, requests=3, warmup=1)
        assert timed["requests"] == 3 and timed["failed"] == 0
        assert 0 < timed["p50_ms"] <= timed["p95_ms"]
    # A page that is not there is reported, not timed
    assert w9.time_path(fetch, "/inbox/no-such-page/") == {"not_measured": "HTTP 404"}


def test_every_reminder_fires_once_and_the_clean_up_leaves_nothing() -> None:
    w9.make_people(groups=4, member_of=2)
    ids = w9.open_tasks(6, groups=4, timeout=30)

    due = w9.schedule_reminders(ids, timezone.now() + timedelta(seconds=0.5), window=1.0)
    w9.wait_for_reminders(len(ids), timeout=20)
    figures = w9.reminder_figures(due)

    assert figures["fired"] == 6 and figures["lost"] == 0 and figures["doubled"] == 0
    assert figures["not_sent_once"] == 0 and figures["alarms_left"] == 0
    assert figures["lag_p50_ms"] is not None and figures["lag_max_ms"] >= figures["lag_p50_ms"]
    # The clean-up takes the tasks with their audit trail, the user and the groups (once the
    # engine has copied the reminders into the executions' histories, after their commit)
    notes = HistoryEvent.objects.filter(type="HumanTaskReminded")
    wait_for(lambda: notes.count() == 6)
    w9.forget()
    assert not HumanTask.objects.filter(workflow=w9.WORKFLOW).exists()
    assert not User.objects.filter(username=w9.USER).exists()
    assert not Group.objects.filter(name__startswith=w9.GROUP_PREFIX).exists()
