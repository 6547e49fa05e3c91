"""One transition of one execution: lock it, run the interpreter, store what it produced.

`advance`, `deliver_task_result` and `fire_timer` are the only code that turns the interpreter's
output into rows; each runs in one transaction (DESIGN.md §3.1), with the execution row locked.
"""

from __future__ import annotations

import json
import secrets
from datetime import datetime
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from . import claims, conf
from .asl import program as programs
from .asl.interpreter import Options, Runner
from .models import Execution, HistoryEvent, Status, TaskRun, Timer

NOTIFY_CHANNEL = "baton_work"
ENDED_CHANNEL = "baton_ended"  # payload: the execution id; for waiters such as bench
STORED_FIELDS = ["program", "is_runnable", "status", "output", "error", "cause", "stopped_at"]
ENDED = {"SUCCEEDED": Status.SUCCEEDED, "FAILED": Status.FAILED}


def advance_one() -> bool:
    """Claim one execution that owes a step and run it as far as it goes; False when none."""
    with transaction.atomic():
        execution = claims.lock_runnable_execution()
        if execution is None:
            return False
        runner = _runner(execution)
        if execution.program is None:
            runner.program = _new_program(execution)
            runner.start(execution.input)
        runner.run()
        execution.is_runnable = False
        _store(execution, runner)
    return True


def deliver_task_result(task: TaskRun, event: dict[str, Any]) -> bool:
    """Feed a task's outcome to its execution; False when the task was cancelled meanwhile."""
    with transaction.atomic():
        execution = claims.lock_execution(task.execution_id)
        return execution is not None and _deliver(execution, TaskRun, task.id, event)


def fire_timer(timer_id: int, execution_id: Any) -> bool:
    """Fire a due timer unless another engine holds its execution (it comes back next round)."""
    with transaction.atomic():
        execution = claims.lock_execution(execution_id, skip_locked=True)
        return execution is not None and _deliver(execution, Timer, timer_id, {"kind": "timer"})


def _deliver(
    execution: Execution, model: type[TaskRun] | type[Timer], row_id: int, event: dict[str, Any]
) -> bool:
    row = model.objects.filter(id=row_id).first()  # read under the execution's lock
    if row is None:
        return False
    row.delete()
    if execution.status != Status.RUNNING or execution.program is None:
        return False
    runner = _runner(execution)
    runner.deliver({**event, "key": row.key})
    runner.run()
    _store(execution, runner)
    return True


def _runner(execution: Execution) -> Runner:
    options = Options(now=timezone.now(), max_payload_bytes=conf.engine_setting("PAYLOAD_LIMIT_BYTES"))
    return Runner(execution.version.definition, execution.program or {}, options)


def _new_program(execution: Execution) -> dict[str, Any]:
    region, account = conf.engine_setting("REGION"), conf.engine_setting("ACCOUNT_ID")
    workflow = execution.workflow.name
    started = execution.started_at
    context_execution = {
        "Id": f"arn:aws:states:{region}:{account}:execution:{workflow}:{execution.name}",
        "Input": execution.input,
        "Name": execution.name,
        "RoleArn": f"arn:aws:iam::{account}:role/baton",
        "StartTime": started.isoformat().replace("+00:00", "Z"),
        "RedriveCount": execution.redrive_count,
    }
    state_machine = {
        "Id": f"arn:aws:states:{region}:{account}:stateMachine:{workflow}",
        "Name": workflow,
    }
    token_prefix = f"{execution.id}.{secrets.token_urlsafe(16)}."
    return programs.new_program(context_execution, state_machine, token_prefix)


def _store(execution: Execution, runner: Runner) -> None:
    """Write the events, effects and new program of one transition."""
    now = runner.options.now
    _insert_events(execution, runner.events, now)
    has_new_work = _apply_effects(execution, runner.effects, now)
    execution.program = runner.program
    if runner.status in ENDED:
        _end(execution, runner.program, now)
        _notify(ENDED_CHANNEL, str(execution.id))
    execution.save(update_fields=STORED_FIELDS)
    if has_new_work:
        notify_work()


def _insert_events(execution: Execution, events: list[dict[str, Any]], now: datetime) -> None:
    """COPY the transition's events in: several times faster than INSERT for a long run."""
    if not events:
        return
    table = HistoryEvent._meta.db_table
    columns = "execution_id, event_id, previous_event_id, type, timestamp, details"
    with connection.cursor() as cursor:
        with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
            for event in events:
                details = json.dumps(event["details"], separators=(",", ":"))
                row = (execution.id, event["id"], event["previous"], event["type"], now, details)
                copy.write_row(row)


def _apply_effects(execution: Execution, effects: list[dict[str, Any]], now: datetime) -> bool:
    tasks, timers, cancelled = [], [], []
    for effect in effects:
        if effect["kind"] == "task":
            tasks.append(_task_row(execution, effect, now))
        elif effect["kind"] == "timer":
            fire_at = datetime.fromisoformat(effect["fire_at"])
            timers.append(Timer(execution=execution, key=effect["key"], fire_at=fire_at))
        else:
            cancelled.append(effect["key"])
    if cancelled:
        TaskRun.objects.filter(execution=execution, key__in=cancelled).delete()
        Timer.objects.filter(execution=execution, key__in=cancelled).delete()
    TaskRun.objects.bulk_create(tasks)
    Timer.objects.bulk_create(timers)
    return bool(tasks or timers)


def _task_row(execution: Execution, effect: dict[str, Any], now: datetime) -> TaskRun:
    return TaskRun(
        execution=execution,
        key=effect["key"],
        state=effect["state"],
        resource=effect["resource"],
        payload=effect["payload"],
        attempt=effect["attempt"],
        timeout_seconds=effect["timeout_seconds"],
        heartbeat_seconds=effect["heartbeat_seconds"],
        token=effect["token"],
        created_at=now,
    )


def _end(execution: Execution, program: dict[str, Any], now: datetime) -> None:
    execution.status = ENDED[program["status"]]
    execution.output = program.get("output")
    execution.error = program.get("error")
    execution.cause = program.get("cause")
    execution.stopped_at = now


def notify_work() -> None:
    """Wake sleeping engines once this transaction commits (Postgres delivers NOTIFY on commit)."""
    _notify(NOTIFY_CHANNEL, "")


def _notify(channel: str, payload: str) -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_notify(%s, %s)", [channel, payload])

