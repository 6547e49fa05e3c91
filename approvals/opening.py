"""The `baton:approval` Task resource: open a human task and wait for its decision.

Runs as an engine task body (engine/resources registry, registered in apps.py). At-least-once
like every task body: the task's token is unique, so a second run finds the task it opened.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone

from engine import alarms
from engine.asl.approval_spec import ApprovalSpec, SpecProblem, parse_approval_spec, priority_rank
from engine.models import Execution, TaskRun
from engine.resources import PENDING, TaskCall, TaskFailure, Waiting, register

from . import timers
from .announce import Change, announce, history_notes
from .models import Action, HumanTask

RESOURCE = "baton:approval"


def register_kind() -> None:
    register(lambda resource: resource == RESOURCE, open_task)


def open_task(call: TaskCall) -> Any:
    spec = _spec(call.payload)
    _check_people(spec)
    with transaction.atomic():
        run = TaskRun.objects.select_for_update().filter(token=call.token).first()
        if run is None or HumanTask.objects.filter(token=call.token).exists():
            return PENDING  # cancelled meanwhile, or opened by an earlier run of this body
        task = _create(call, run, spec)
        _schedule(task, spec)
        # Its deadline is the task's own (OnTimeout decides), not the engine's States.Timeout.
        TaskRun.objects.filter(id=run.id).update(timeout_at=None)
        created = Change(task, Action.CREATED)
        notes = history_notes([created])  # written with the task's …Started event
        announce(created)
    return Waiting(tuple(notes))


def _spec(payload: Any) -> ApprovalSpec:
    try:
        return parse_approval_spec(payload)
    except SpecProblem as problem:
        where = problem.location or "/"
        raise TaskFailure(
            "Approval.InvalidParameters", f"{problem.message} (at Parameters{where})"
        ) from None


def _check_people(spec: ApprovalSpec) -> None:
    """Unknown names fail the task, clearly, rather than open a task no one can see."""
    users = set(spec.assignees) | set(spec.escalation.to_users if spec.escalation else ())
    groups = set(spec.groups) | set(spec.escalation.to_groups if spec.escalation else ())
    known_users = set(
        get_user_model().objects.filter(username__in=users).values_list("username", flat=True)
    )
    known_groups = set(Group.objects.filter(name__in=groups).values_list("name", flat=True))
    problems = [f"no user '{name}'" for name in sorted(users - known_users)]
    problems += [f"no group '{name}'" for name in sorted(groups - known_groups)]
    if problems:
        raise TaskFailure(
            "Approval.UnknownAssignee", "Cannot assign the task: " + "; ".join(problems) + "."
        )


def _create(call: TaskCall, run: TaskRun, spec: ApprovalSpec) -> HumanTask:
    now = timezone.now()
    execution = Execution.objects.select_related("workflow").get(id=call.execution_id)
    return HumanTask.objects.create(
        token=call.token,
        execution=execution,
        task_key=run.key,
        state=call.state,
        workflow=execution.workflow.name,
        requested_by=execution.started_by,
        title=(spec.title or call.state)[:300],
        description=spec.description or "",
        form=[_field_dict(f) for f in spec.form],
        assignees=list(spec.assignees),
        groups=list(spec.groups),
        required_approvals=spec.required_approvals,
        allow_self_approval=spec.allow_self_approval,
        priority=spec.priority,
        priority_rank=priority_rank(spec.priority),
        reminder=_reminder_dict(spec),
        escalation=_escalation_dict(spec),
        on_timeout=spec.on_timeout,
        created_at=now,
        due_at=now + timedelta(seconds=spec.due_seconds) if spec.due_seconds else None,
        deadline_at=run.timeout_at,
    )


def _schedule(task: HumanTask, spec: ApprovalSpec) -> None:
    due = []
    if spec.reminder is not None:
        at = task.created_at + timedelta(seconds=spec.reminder.after_seconds)
        due.append((timers.REMINDER, str(task.id), at))
    if spec.escalation is not None:
        at = task.created_at + timedelta(seconds=spec.escalation.after_seconds)
        due.append((timers.ESCALATION, str(task.id), at))
    if task.deadline_at is not None:
        due.append((timers.DEADLINE, str(task.id), task.deadline_at))
    alarms.schedule_many(due)


def _field_dict(field: Any) -> dict[str, Any]:
    found = {
        "name": field.name,
        "type": field.type,
        "label": field.label,
        "required": field.required,
        "default": field.default,
        "min": field.min,
        "max": field.max,
        "choices": list(field.choices) if field.choices else None,
    }
    return {key: value for key, value in found.items() if value is not None}


def _reminder_dict(spec: ApprovalSpec) -> dict[str, Any] | None:
    r = spec.reminder
    if r is None:
        return None
    return {
        "AfterSeconds": r.after_seconds,
        "EverySeconds": r.every_seconds,
        "MaxCount": r.max_count,
    }


def _escalation_dict(spec: ApprovalSpec) -> dict[str, Any] | None:
    e = spec.escalation
    if e is None:
        return None
    return {
        "AfterSeconds": e.after_seconds,
        "To": {"Users": list(e.to_users), "Groups": list(e.to_groups)},
    }
