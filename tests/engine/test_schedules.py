"""Schedules that start workflows, the periodic sweeps, the command and the admin (engine.tasks)."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django_q.models import Schedule as QSchedule

from designer.models import WorkflowVersion
from designer.services import publish_version
from engine import schedule_runs, tasks
from engine.executions import start_execution
from engine.models import Execution, Schedule, Status, TaskRun, TaskStatus

PARIS = ZoneInfo("Europe/Paris")
PASS = {"StartAt": "P", "States": {"P": {"Type": "Pass", "End": True}}}


def utc(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=UTC)


# Schedules


def make_schedule(name: str = "hourly", **fields: object) -> Schedule:
    version = publish_version(f"sched-{name}", PASS)
    defaults: dict[str, object] = {"cron": "0 * * * *", "input": {"n": 1}}
    return Schedule.objects.create(name=name, workflow=version.workflow, **{**defaults, **fields})


@pytest.mark.django_db
def test_a_new_schedule_knows_its_next_run() -> None:
    schedule = make_schedule(cron="30 2 * * *", time_zone="Europe/Paris")
    assert schedule.next_run_at is not None
    assert schedule.next_run_at.astimezone(PARIS).strftime("%H:%M") in {"02:30", "03:00"}


@pytest.mark.django_db
def test_schedule_validation_rejects_bad_cron_time_zone_and_version() -> None:
    schedule = make_schedule()
    schedule.cron, schedule.time_zone, schedule.version = "61 * * * *", "Mars/Olympus", 7
    with pytest.raises(ValidationError) as caught:
        schedule.full_clean()
    errors = caught.value.message_dict
    assert "61 is outside 0–59" in errors["cron"][0]
    assert "not an IANA time zone" in errors["time_zone"][0]
    assert "has no version 7" in errors["version"][0]


@pytest.mark.django_db
def test_a_due_schedule_starts_one_execution_even_when_fired_twice() -> None:
    schedule = make_schedule()
    due = schedule.next_run_at
    assert due is not None
    assert schedule_runs.fire_due_schedules(due) == 1
    assert schedule_runs.fire_due_schedules(due) == 0
    execution = Execution.objects.get()
    assert execution.name == f"hourly-{due:%Y%m%dT%H%M}Z"
    assert execution.input == {"n": 1}
    schedule.refresh_from_db()
    assert schedule.last_run_at == due
    assert schedule.next_run_at == due + timedelta(hours=1)
    assert schedule.last_execution == execution


@pytest.mark.django_db
def test_a_retried_job_that_lost_its_bookkeeping_gets_the_same_execution() -> None:
    schedule = make_schedule()
    due = schedule.next_run_at
    schedule_runs.fire_due_schedules(due)
    # As if the first run's update of next_run_at never committed
    Schedule.objects.filter(id=schedule.id).update(next_run_at=due)
    assert schedule_runs.fire_due_schedules(due) == 0
    assert Execution.objects.count() == 1


@pytest.mark.django_db
def test_missed_times_collapse_into_one_run() -> None:
    schedule = make_schedule()
    due = schedule.next_run_at
    assert due is not None
    assert schedule_runs.fire_due_schedules(due + timedelta(hours=5, minutes=10)) == 1
    schedule.refresh_from_db()
    assert schedule.next_run_at == due + timedelta(hours=6)


@pytest.mark.django_db
def test_with_catch_up_skip_a_time_missed_while_no_engine_ran_is_skipped_and_recorded(
    settings: object,
) -> None:
    settings.BATON_ENGINE = {**settings.BATON_ENGINE, "SCHEDULE_CATCH_UP": "skip"}  # type: ignore[attr-defined]
    schedule = make_schedule()
    due = schedule.next_run_at
    assert due is not None
    assert schedule_runs.fire_due_schedules(due + timedelta(seconds=5)) == 1  # late, not missed
    assert schedule_runs.fire_due_schedules(due + timedelta(hours=5, minutes=10)) == 0
    schedule.refresh_from_db()
    assert "Skipped the run due at" in schedule.last_error
    assert schedule.next_run_at == due + timedelta(hours=6)
    assert Execution.objects.count() == 1


@pytest.mark.django_db
def test_disabled_schedules_do_not_fire() -> None:
    schedule = make_schedule()
    due = schedule.next_run_at
    assert due is not None
    schedule.set_enabled(False, due)
    assert schedule.next_run_at is None
    assert schedule_runs.fire_due_schedules(due + timedelta(days=1)) == 0
    assert not Execution.objects.exists()
    # Enabled again, it runs from then on, without catching up
    schedule.set_enabled(True, due + timedelta(days=1))
    assert schedule.next_run_at == due + timedelta(days=1, hours=1)


@pytest.mark.django_db
def test_a_pinned_version_is_started_and_a_broken_schedule_does_not_block_others() -> None:
    first = make_schedule("pinned")
    publish_version("sched-pinned", {**PASS, "Comment": "v2"})
    first.version = 1
    first.save()
    broken = make_schedule("broken", input="x" * 300_000)  # over the payload limit
    due = max(first.next_run_at, broken.next_run_at)  # type: ignore[type-var]
    assert schedule_runs.fire_due_schedules(due) == 1
    assert Execution.objects.get().version.number == 1
    broken.refresh_from_db()
    assert broken.last_error.startswith("InputTooLarge")
    assert broken.next_run_at > due  # type: ignore[operator]


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_firings_start_exactly_one_execution_per_due_time() -> None:
    schedules = [make_schedule(f"race-{i}", cron="*/5 * * * *") for i in range(5)]
    due = max(s.next_run_at for s in schedules)  # type: ignore[type-var]
    barrier = threading.Barrier(2)
    counts: list[int] = []

    def fire() -> None:
        try:
            barrier.wait()
            counts.append(schedule_runs.fire_due_schedules(due))
        finally:
            connection.close()

    threads = [threading.Thread(target=fire) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sum(counts) == 5
    assert Execution.objects.count() == 5


# Sweeps


def ended_execution(version: WorkflowVersion, name: str, stopped_at: datetime | None) -> Execution:
    execution, _ = start_execution(version, {}, name=name)
    status = Status.RUNNING if stopped_at is None else Status.SUCCEEDED
    Execution.objects.filter(id=execution.id).update(
        status=status, stopped_at=stopped_at, is_runnable=False
    )
    execution.events.create(event_id=1, type="ExecutionStarted", timestamp=execution.started_at)
    return execution


@pytest.mark.django_db
def test_retention_deletes_only_executions_that_ended_long_ago(settings: object) -> None:
    version = publish_version("sched-retention", PASS)
    now = utc(2024, 6, 1)
    ended_execution(version, "old", now - timedelta(days=91))
    ended_execution(version, "recent", now - timedelta(days=89))
    ended_execution(version, "running", None)
    assert tasks.sweep_retention(now) == 1
    assert sorted(Execution.objects.values_list("name", flat=True)) == ["recent", "running"]
    assert set(Execution.objects.values_list("events__execution__name", flat=True)) == {
        "recent",
        "running",
    }


@pytest.mark.django_db
def test_retention_days_are_configurable(settings: object) -> None:
    settings.BATON_ENGINE = {**settings.BATON_ENGINE, "RETENTION_DAYS": 7}  # type: ignore[attr-defined]
    version = publish_version("sched-retention-7", PASS)
    now = utc(2024, 6, 1)
    ended_execution(version, "eight-days", now - timedelta(days=8))
    assert tasks.sweep_retention(now) == 1


@pytest.mark.django_db
def test_the_lease_sweep_puts_long_lapsed_running_tasks_back_to_pending() -> None:
    version = publish_version("sched-leases", PASS)
    execution = ended_execution(version, "leased", None)
    now = utc(2024, 6, 1)

    def task(key: str, status: str, lease_expires_at: datetime | None) -> TaskRun:
        return TaskRun.objects.create(
            execution=execution,
            key=key,
            state="S",
            resource="r",
            token=f"{execution.id}.{key}",
            status=status,
            created_at=now,
            lease_expires_at=lease_expires_at,
            claimed_by="dead-engine",
        )

    lapsed = task("lapsed", TaskStatus.RUNNING, now - timedelta(hours=1))
    fresh = task("fresh", TaskStatus.RUNNING, now + timedelta(minutes=1))
    waiting = task("waiting", TaskStatus.WAITING, None)
    assert tasks.sweep_leases(now) == 1
    lapsed.refresh_from_db()
    assert (lapsed.status, lapsed.lease_expires_at, lapsed.claimed_by) == ("PENDING", None, "")
    assert TaskRun.objects.get(id=fresh.id).status == TaskStatus.RUNNING
    assert TaskRun.objects.get(id=waiting.id).status == TaskStatus.WAITING


# Registration with django-q2 and the command


@pytest.mark.django_db
def test_the_periodic_jobs_are_registered_once() -> None:
    # migrate (post_migrate) registered them already; registering again changes nothing
    tasks.ensure_periodic_jobs()
    tasks.ensure_periodic_jobs()
    jobs = QSchedule.objects.filter(name__startswith="baton.")
    assert sorted(jobs.values_list("name", "func", "schedule_type")) == [
        ("baton.beat_cluster", "engine.tasks.beat_cluster", QSchedule.MINUTES),
        ("baton.sweep_leases", "engine.tasks.sweep_leases", QSchedule.HOURLY),
        ("baton.sweep_retention", "engine.tasks.sweep_retention", QSchedule.HOURLY),
    ]  # cron schedules fire in the engine (schedule_runs.py), not on django-q2's scheduler


@pytest.mark.django_db
def test_the_schedule_command_creates_lists_disables_and_deletes() -> None:
    publish_version("sched-command", PASS)
    out = StringIO()
    call_command(
        "schedule",
        "create",
        "every-5",
        "--workflow=sched-command",
        "--cron=*/5 * * * *",
        "--tz=Europe/Paris",
        '--input={"a": 1}',
        stdout=out,
    )
    schedule = Schedule.objects.get(name="every-5")
    assert (schedule.time_zone, schedule.input, schedule.enabled) == (
        "Europe/Paris",
        {"a": 1},
        True,
    )
    call_command("schedule", "list", stdout=out)
    assert "every-5" in out.getvalue() and "NEXT RUN" in out.getvalue()
    call_command("schedule", "disable", "every-5", stdout=out)
    assert Schedule.objects.get(name="every-5").next_run_at is None
    call_command("schedule", "enable", "every-5", stdout=out)
    assert Schedule.objects.get(name="every-5").next_run_at is not None
    call_command("schedule", "delete", "every-5", stdout=out)
    assert not Schedule.objects.exists()


@pytest.mark.django_db
def test_the_schedule_command_reports_a_bad_cron_expression() -> None:
    publish_version("sched-command-bad", PASS)
    with pytest.raises(CommandError, match="cron: In the hour field, 25 is outside 0–23"):
        call_command(
            "schedule", "create", "bad", "--workflow=sched-command-bad", "--cron=0 25 * * *"
        )


@pytest.mark.django_db
def test_the_admin_lists_schedules_with_their_runs(alice_client: object) -> None:
    make_schedule("admin-listed")
    page = alice_client.get("/admin/engine/schedule/")  # type: ignore[attr-defined]
    assert page.status_code == 200
    assert b"admin-listed" in page.content and b"Next run at" in page.content
