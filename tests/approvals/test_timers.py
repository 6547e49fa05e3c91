"""Reminders, escalations and deadlines on the engine's alarms: on time, once, across an
engine restart; and a task whose execution stops or moves on is cancelled."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator

import pytest

from approvals import decisions
from approvals.models import HumanTask, TaskStatus
from approvals.rules import Refused
from engine import execution_services, stops
from engine.models import Alarm, Status
from engine.worker import Engine
from tests.approvals.conftest import approval, ended, person, start, task_of, wait_for


@pytest.fixture
def engine_running(transactional_db: None) -> Iterator[dict[str, Engine]]:
    """An engine thread the test may stop and start again (a restart)."""
    held: dict[str, Engine] = {}
    threads: list[threading.Thread] = []

    def begin() -> None:
        held["engine"] = Engine(concurrency=2)
        threads.append(threading.Thread(target=held["engine"].serve, daemon=True))
        threads[-1].start()

    def end() -> None:
        held["engine"].stop()
        threads[-1].join(timeout=15)

    held["begin"], held["end"] = begin, end  # type: ignore[assignment]
    begin()
    yield held
    end()


def audit_of(task: HumanTask) -> list[str]:
    return list(task.audit.values_list("action", flat=True))


@pytest.mark.usefixtures("engine")
def test_reminders_repeat_every_interval_up_to_their_count(people) -> None:
    reminder = {"AfterSeconds": 1, "EverySeconds": 1, "MaxCount": 2}
    task = task_of(start("expense", approval(Reminder=reminder)))

    wait_for(lambda: HumanTask.objects.get(id=task.id).reminders_sent == 2)
    time.sleep(1.5)  # a third would be due by now

    task.refresh_from_db()
    assert task.reminders_sent == 2
    assert audit_of(task).count("reminded") == 2
    assert not Alarm.objects.filter(subject=str(task.id), kind="approval.reminder").exists()
    # bob and dave are told each time, in the app
    assert task.notifications.filter(kind="reminded", user__username="bob").count() == 2


@pytest.mark.usefixtures("engine")
def test_an_escalation_hands_the_task_to_its_group_at_its_time(people) -> None:
    escalation = {"AfterSeconds": 1, "To": {"Groups": ["managers"]}}
    execution = start("expense", approval(Escalation=escalation))
    task = task_of(execution)

    task = wait_for(lambda: HumanTask.objects.filter(id=task.id, status="ESCALATED").first())
    assert task.groups == ["managers"] and task.assignees == []
    with pytest.raises(Refused):
        decisions.decide(task.id, person(people["bob"]), "approve")
    decisions.decide(task.id, person(people["erin"]), "approve")
    assert ended(execution).status == Status.SUCCEEDED


@pytest.mark.usefixtures("engine")
def test_a_deadline_fails_the_state_with_states_timeout(people) -> None:
    definition = approval()
    definition["States"]["Approve"]["TimeoutSeconds"] = 1
    execution = start("expense", definition)
    task = task_of(execution)

    execution = ended(execution)
    assert execution.status == Status.FAILED and execution.error == "States.Timeout"
    assert HumanTask.objects.get(id=task.id).status == TaskStatus.TIMED_OUT


@pytest.mark.usefixtures("engine")
def test_on_timeout_approve_decides_for_the_people_who_did_not(people) -> None:
    definition = approval(OnTimeout="Approve")
    definition["States"]["Approve"]["TimeoutSeconds"] = 1
    execution = ended(start("expense", definition))
    assert execution.status == Status.SUCCEEDED
    assert execution.output["decision"] == "approved" and execution.output["decidedBy"] == ""


def test_an_escalation_and_a_deadline_fire_once_after_an_engine_restart(
    people, engine_running
) -> None:
    escalation = {"AfterSeconds": 2, "To": {"Users": ["erin"]}}
    definition = approval(Escalation=escalation)
    definition["States"]["Approve"]["TimeoutSeconds"] = 3
    execution = start("expense", definition)
    task = task_of(execution)
    engine_running["end"]()  # type: ignore[operator]

    time.sleep(3.5)  # both fall due while no engine runs
    assert HumanTask.objects.get(id=task.id).status == TaskStatus.OPEN
    engine_running["begin"]()  # type: ignore[operator]

    execution = ended(execution)
    assert execution.error == "States.Timeout"
    task.refresh_from_db()
    assert task.status == TaskStatus.TIMED_OUT
    assert audit_of(task).count("escalated") == 1 and audit_of(task).count("timed_out") == 1


@pytest.mark.usefixtures("engine")
def test_stopping_the_execution_cancels_its_open_task(people) -> None:
    execution = start("expense", approval())
    task = task_of(execution)

    stops.stop_execution(execution.id, "Stopped", "by alice")

    task.refresh_from_db()
    assert task.status == TaskStatus.CANCELLED and audit_of(task)[-1] == "cancelled"
    with pytest.raises(Refused) as refused:
        decisions.decide(task.id, person(people["bob"]), "approve")
    assert refused.value.code == "already_decided"


@pytest.mark.usefixtures("engine")
def test_redriving_a_rejected_approval_opens_a_new_task(people) -> None:
    execution = start("expense", approval())
    first = task_of(execution)
    decisions.decide(first.id, person(people["bob"]), "reject", comment="no receipt")
    assert ended(execution).error == "Approval.Rejected"
    assert execution.cause == "no receipt"

    execution_services.redrive(execution)

    second = wait_for(
        lambda: HumanTask.objects.filter(execution=execution).exclude(id=first.id).first()
    )
    assert second.status == TaskStatus.OPEN
    decisions.decide(second.id, person(people["bob"]), "approve", comment="receipt found")
    assert ended(execution).status == Status.SUCCEEDED


@pytest.mark.usefixtures("engine")
def test_unknown_assignees_fail_the_task_with_a_clear_cause(people) -> None:
    execution = ended(start("expense", approval(Assignees=["zoe"], Groups=["nobody"])))
    assert execution.status == Status.FAILED
    assert execution.error == "Approval.UnknownAssignee"
    assert "no user 'zoe'" in execution.cause and "no group 'nobody'" in execution.cause


@pytest.mark.usefixtures("engine")
def test_parameters_that_resolve_to_bad_values_fail_the_task_naming_the_field(people) -> None:
    definition = approval()
    definition["States"]["Approve"]["Parameters"]["RequiredApprovals.$"] = "$.n"
    execution = ended(start("expense", definition, {"n": 0}))
    assert execution.error == "Approval.InvalidParameters"
    assert "RequiredApprovals" in execution.cause
