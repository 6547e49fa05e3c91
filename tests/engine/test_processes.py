"""The runtime's promises (DESIGN.md §3) proved against real `manage.py runengine` processes.

Each test starts engine subprocesses on the pytest test database, kills them with SIGKILL where
the scenario says so, and reads the outcome back from the database: statuses, history event ids
and timestamps, and the calls the task functions (tests/engine/proc_functions.py) recorded.
"""

from __future__ import annotations

import json
import time
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from designer.services import publish_version
from engine import runtime, stops
from engine.executions import start_execution
from engine.models import Execution, HistoryEvent, Status, TaskRun, TaskStatus, Timer
from tests.engine.engines import (
    ARN,
    Engines,
    assert_event_ids_are_gapless,
    calls,
    events,
    histories,
    leased_to,
    stamps,
    wait_ended,
    wait_for,
)

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]


# -- 1. racing engines --------------------------------------------------------------------------

RACE = {
    "StartAt": "A",
    "States": {
        "A": {"Type": "Pass", "Next": "B"},
        "B": {"Type": "Pass", "Next": "Call"},
        "Call": {"Type": "Task", "Resource": ARN + "proc-echo", "Next": "Nap"},
        "Nap": {"Type": "Wait", "SecondsPath": "$.wait", "Next": "C"},
        "C": {"Type": "Pass", "End": True},
    },
}
RACE_HISTORY = [
    "ExecutionStarted",
    "PassStateEntered",
    "PassStateExited",
    "PassStateEntered",
    "PassStateExited",
    "TaskStateEntered",
    "LambdaFunctionScheduled",
    "LambdaFunctionStarted",
    "LambdaFunctionSucceeded",
    "TaskStateExited",
    "WaitStateEntered",
    "WaitStateExited",
    "PassStateEntered",
    "PassStateExited",
    "ExecutionSucceeded",
]


def test_two_engine_processes_racing_over_500_executions_apply_each_transition_once(
    engines: Engines, tmp_path: Path
) -> None:
    version = publish_version("race", RACE)
    first, second = engines.start(concurrency=4), engines.start(concurrency=4)

    started = [start_execution(version, {"n": n, "wait": n % 2})[0] for n in range(500)]
    ids = [e.id for e in started]
    wait_ended(ids, timeout=90)

    statuses = Counter(Execution.objects.filter(id__in=ids).values_list("status", flat=True))
    assert statuses == {Status.SUCCEEDED: 500}
    found = histories(ids)
    for execution_id in ids:
        assert_event_ids_are_gapless(found[execution_id])
        assert [kind for _, kind in found[execution_id]] == RACE_HISTORY, execution_id
    ran = Counter(c["payload"]["n"] for c in calls(tmp_path, "proc-echo"))
    assert ran == Counter(range(500))  # each Task's function ran exactly once
    pids = {c["pid"] for c in calls(tmp_path, "proc-echo")}
    assert pids == {first.pid, second.pid}  # both engines took part in the race
    assert not Timer.objects.exists() and not TaskRun.objects.exists()


# -- 2. kill -9 mid-task ------------------------------------------------------------------------

SLOW = {
    "StartAt": "Work",
    "States": {
        "Work": {
            "Type": "Task",
            "Resource": ARN + "proc-slow",
            "Parameters": {
                "id.$": "$.id",
                "sleep": 2,
                "token.$": "$$.Task.Token",
                "retry.$": "$$.State.RetryCount",
            },
            "End": True,
        }
    },
}


def test_a_task_whose_engine_is_killed_mid_body_is_run_again_by_another_engine(
    engines: Engines, tmp_path: Path
) -> None:
    version = publish_version("slow", SLOW)
    doomed = engines.start(concurrency=4, lease_seconds=3)
    ids = [start_execution(version, {"id": i})[0].id for i in range(4)]

    def all_running_in_doomed() -> bool:
        leased = TaskRun.objects.filter(
            status=TaskStatus.RUNNING, claimed_by__contains=leased_to(doomed)
        )
        return leased.count() == 4 and len(calls(tmp_path, "proc-slow")) == 4

    wait_for(all_running_in_doomed, 20, "the four task bodies to run in the first engine")
    engines.kill(doomed)
    assert Execution.objects.filter(id__in=ids, status=Status.RUNNING).count() == 4
    assert [c["phase"] for c in calls(tmp_path)] == ["start"] * 4  # none finished

    rescuer = engines.start(concurrency=4, lease_seconds=3)
    wait_ended(ids, timeout=30)

    assert set(Execution.objects.filter(id__in=ids).values_list("status", flat=True)) == {
        Status.SUCCEEDED
    }
    runs = calls(tmp_path, "proc-slow")
    for i in range(4):
        mine = [c for c in runs if c["payload"]["id"] == i]
        # Started in the killed engine, started again and finished in the rescuer.
        assert [(c["phase"], c["pid"]) for c in mine] == [
            ("start", doomed.pid),
            ("start", rescuer.pid),
            ("end", rescuer.pid),
        ]
        # The same attempt both times: same task token, RetryCount 0 (a stable idempotency key).
        assert len({(c["payload"]["token"], c["payload"]["retry"]) for c in mine}) == 1
        assert mine[0]["payload"]["retry"] == 0
    for history in histories(ids).values():
        assert_event_ids_are_gapless(history)
        kinds = Counter(kind for _, kind in history)
        # The history records the attempt once: the rerun after the crash is invisible in it.
        assert kinds["LambdaFunctionScheduled"] == 1
        assert kinds["LambdaFunctionStarted"] == 1
        assert kinds["LambdaFunctionSucceeded"] == 1
        assert kinds["ExecutionSucceeded"] == 1


# -- 3. kill -9 mid-advance ---------------------------------------------------------------------

CHAIN_LENGTH = 30


def chain_definition() -> dict[str, Any]:
    states: dict[str, Any] = {}
    for i in range(CHAIN_LENGTH):
        states[f"P{i}"] = {"Type": "Pass", "Result": i, "ResultPath": f"$.p{i}", "Next": f"W{i}"}
        last = i == CHAIN_LENGTH - 1
        states[f"W{i}"] = {"Type": "Wait", "Seconds": 0, **({"End": True} if last else {})}
        if not last:
            states[f"W{i}"]["Next"] = f"P{i + 1}"
    return {"StartAt": "P0", "States": states}


def test_killing_an_engine_while_it_advances_loses_and_repeats_no_transition(
    engines: Engines,
) -> None:
    version = publish_version("chains", chain_definition())
    total = 300
    ids = [start_execution(version, {"n": n})[0].id for n in range(total)]
    expected_events = 1 + 4 * CHAIN_LENGTH + 1

    doomed = engines.start(concurrency=2)
    done = wait_for(
        lambda: Execution.objects.filter(status=Status.SUCCEEDED).count() >= 30,
        30,
        "the first engine to finish some executions",
    )
    engines.kill(doomed)
    done_at_kill = Execution.objects.filter(status=Status.SUCCEEDED).count()
    assert done and done_at_kill < total  # killed mid-run, not after it

    engines.start(concurrency=2)
    wait_ended(ids, timeout=60)

    executions = Execution.objects.filter(id__in=ids)
    assert set(executions.values_list("status", flat=True)) == {Status.SUCCEEDED}
    for execution in executions.only("id", "output"):
        assert execution.output == {
            "n": execution.output["n"],
            **{f"p{i}": i for i in range(CHAIN_LENGTH)},
        }
    for execution_id, history in histories(ids).items():
        assert_event_ids_are_gapless(history)
        assert len(history) == expected_events, execution_id
        assert Counter(kind for _, kind in history)["ExecutionSucceeded"] == 1


# -- 4. timers across a restart -----------------------------------------------------------------

# 2 s rather than 1 s: the kill must land before the first timer falls due, on a loaded machine too.
NAP = {"StartAt": "Nap", "States": {"Nap": {"Type": "Wait", "Seconds": 2, "End": True}}}


def test_timers_that_fell_due_while_no_engine_ran_fire_once_after_one_starts(
    engines: Engines,
) -> None:
    version = publish_version("naps", NAP)
    ids = [start_execution(version, {"n": n})[0].id for n in range(50)]

    doomed = engines.start(concurrency=2)
    wait_for(lambda: Timer.objects.count() == 50, 10, "the engine to park all 50 executions")
    engines.kill(doomed)
    assert not HistoryEvent.objects.filter(type="WaitStateExited").exists()  # none fired yet
    time.sleep(2.5)  # every timer falls due with no engine running

    engines.start(concurrency=2)
    wait_ended(ids, timeout=20)

    assert set(Execution.objects.filter(id__in=ids).values_list("status", flat=True)) == {
        Status.SUCCEEDED
    }
    for execution_id, history in histories(ids).items():
        assert_event_ids_are_gapless(history)
        assert Counter(kind for _, kind in history)["WaitStateExited"] == 1, execution_id
    assert not Timer.objects.exists()


# -- 5. timers fire on time, once ---------------------------------------------------------------

WAIT_2 = {"StartAt": "Nap", "States": {"Nap": {"Type": "Wait", "Seconds": 2, "End": True}}}
RETRYING = {
    "StartAt": "Work",
    "States": {
        "Work": {
            "Type": "Task",
            "Resource": ARN + "proc-fail",
            "Retry": [
                {
                    "ErrorEquals": ["States.ALL"],
                    "IntervalSeconds": 1,
                    "BackoffRate": 2,
                    "MaxAttempts": 2,
                }
            ],
            "End": True,
        }
    },
}
OVERRUN = {
    "StartAt": "Slow",
    "States": {
        "Slow": {
            "Type": "Task",
            "Resource": ARN + "proc-slow",
            "Parameters": {"id": "overrun", "sleep": 3},
            "TimeoutSeconds": 1,
            "End": True,
        }
    },
}
SILENT = {
    "StartAt": "Ask",
    "States": {
        "Ask": {
            "Type": "Task",
            "Resource": "arn:aws:states:::lambda:invoke.waitForTaskToken",
            "Parameters": {
                "FunctionName": "proc-hand-out",
                "Payload": {"token.$": "$$.Task.Token"},
            },
            "HeartbeatSeconds": 1,
            "TimeoutSeconds": 30,
            "End": True,
        }
    },
}


def within(delay: float, expected: float, tolerance: float = 1.0) -> bool:
    """Fired no earlier than `expected` and no later than `tolerance` after it."""
    return expected <= delay < expected + tolerance


def test_waits_retries_timeouts_and_heartbeats_fire_on_time_and_once(
    engines: Engines, tmp_path: Path
) -> None:
    engines.start(concurrency=4)
    nap = start_execution(publish_version("wait-2", WAIT_2), {})[0]
    retried = start_execution(publish_version("retrying", RETRYING), {})[0]
    overrun = start_execution(publish_version("overrun", OVERRUN), {})[0]
    silent = start_execution(publish_version("silent", SILENT), {})[0]
    wait_ended([nap.id, retried.id, overrun.id, silent.id], timeout=30)
    # The overrunning body finishes 3 s in; its late result must change nothing.
    wait_for(lambda: calls(tmp_path, "proc-slow")[1:], 10, "the overrunning body to end")
    time.sleep(0.5)
    for execution in (nap, retried, overrun, silent):
        execution.refresh_from_db()
        assert_event_ids_are_gapless([(e.event_id, e.type) for e in events(execution)])

    assert nap.status == Status.SUCCEEDED
    (entered,), exited = stamps(nap, "WaitStateEntered"), stamps(nap, "WaitStateExited")
    assert len(exited) == 1 and within(exited[0] - entered, 2.0), exited[0] - entered

    assert (retried.status, retried.error) == (Status.FAILED, "RuntimeError")
    scheduled = stamps(retried, "LambdaFunctionScheduled")
    assert len(scheduled) == 3 and len(calls(tmp_path, "proc-fail")) == 3
    offsets = [round(s - scheduled[0], 3) for s in scheduled]
    assert within(offsets[1], 1.0) and within(offsets[2] - offsets[1], 2.0), offsets
    assert len(stamps(retried, "LambdaFunctionFailed")) == 3

    assert (overrun.status, overrun.error) == (Status.FAILED, "States.Timeout")
    (scheduled_at,) = stamps(overrun, "LambdaFunctionScheduled")
    timed_out = stamps(overrun, "LambdaFunctionTimedOut")
    assert len(timed_out) == 1 and within(timed_out[0] - scheduled_at, 1.0)
    assert events(overrun)[-1].type == "ExecutionFailed"

    assert (silent.status, silent.error) == (Status.FAILED, "States.HeartbeatTimeout")
    (scheduled_at,) = stamps(silent, "TaskScheduled")
    timed_out = stamps(silent, "TaskTimedOut")
    assert len(timed_out) == 1 and within(timed_out[0] - scheduled_at, 1.0)
    assert not TaskRun.objects.exists() and not Timer.objects.exists()


# -- 6. stop and redrive with an engine running -------------------------------------------------

FLAKY = {
    "StartAt": "Prepare",
    "States": {
        "Prepare": {"Type": "Pass", "Result": "prepared", "ResultPath": "$.prep", "Next": "Work"},
        "Work": {
            "Type": "Task",
            "Resource": ARN + "proc-flaky",
            "ResultPath": "$.work",
            "End": True,
        },
    },
}


def test_stop_and_redrive_while_a_separate_engine_runs(engines: Engines, tmp_path: Path) -> None:
    engines.start(concurrency=2)

    waiting = start_execution(publish_version("wait-2", WAIT_2), {})[0]
    wait_for(lambda: Timer.objects.filter(execution=waiting).exists(), 10, "the wait's timer")
    assert stops.stop_execution(waiting.id, "Operator.Stop", "not needed") is True
    waiting.refresh_from_db()
    assert waiting.status == Status.ABORTED
    assert not Timer.objects.filter(execution=waiting).exists()
    count = waiting.events.count()
    time.sleep(3)  # past the Wait's due time: the engine must not resurrect it
    waiting.refresh_from_db()
    assert (waiting.status, waiting.error) == (Status.ABORTED, "Operator.Stop")
    assert waiting.events.count() == count and events(waiting)[-1].type == "ExecutionAborted"

    failed = start_execution(publish_version("flaky", FLAKY), {"id": "r1"})[0]
    wait_ended([failed.id], timeout=15)
    failed.refresh_from_db()
    assert (failed.status, failed.error) == (Status.FAILED, "RuntimeError")

    (tmp_path / "fixed").touch()
    runtime.redrive_execution(failed.id)
    wait_ended([failed.id], timeout=15)

    failed.refresh_from_db()
    assert failed.status == Status.SUCCEEDED and failed.redrive_count == 1
    assert failed.output == {"id": "r1", "prep": "prepared", "work": {"id": "r1", "ok": True}}
    history = [(e.event_id, e.type) for e in events(failed)]
    assert_event_ids_are_gapless(history)
    kinds = Counter(kind for _, kind in history)
    assert kinds["PassStateEntered"] == 1 and kinds["ExecutionRedriven"] == 1
    assert kinds["ExecutionSucceeded"] == 1
    assert len(calls(tmp_path, "proc-flaky")) == 2  # failed once, then ran again after the redrive


# -- 7. a live engine keeps its tasks -----------------------------------------------------------


def test_a_task_body_that_outlives_its_lease_is_not_run_again_while_its_engine_lives(
    engines: Engines, tmp_path: Path
) -> None:
    """DESIGN §3.5: an engine that *dies* loses its lease. A live engine running a long body
    must keep it (renew it), or a second engine runs the same attempt at the same time."""
    definition = {
        "StartAt": "Work",
        "States": {
            "Work": {
                "Type": "Task",
                "Resource": ARN + "proc-slow",
                "Parameters": {"id": "long", "sleep": 5},
                "TimeoutSeconds": 30,
                "End": True,
            }
        },
    }
    version = publish_version("long-body", definition)
    first = engines.start(concurrency=1, lease_seconds=2)
    execution = start_execution(version, {})[0]
    wait_for(lambda: calls(tmp_path, "proc-slow"), 10, "the body to start")
    engines.start(concurrency=1, lease_seconds=2)
    wait_ended([execution.id], timeout=20)
    time.sleep(1)

    execution.refresh_from_db()
    assert execution.status == Status.SUCCEEDED
    starts = [c["pid"] for c in calls(tmp_path, "proc-slow") if c["phase"] == "start"]
    assert starts == [first.pid], f"the attempt ran {len(starts)} times, in pids {starts}"


def test_tasks_queued_behind_a_busy_engine_are_not_run_twice(
    engines: Engines, tmp_path: Path
) -> None:
    """An engine leases every task it schedules, even beyond its free slots; the lease runs
    out while the task waits in its pool, another engine claims it, and both run it."""
    definition = {
        "StartAt": "Work",
        "States": {
            "Work": {
                "Type": "Task",
                "Resource": ARN + "proc-slow",
                "Parameters": {"id.$": "$.id", "sleep": 1.5},
                "End": True,
            }
        },
    }
    version = publish_version("queued", definition)
    busy = engines.start(concurrency=1, lease_seconds=3)
    ids = [start_execution(version, {"id": i})[0].id for i in range(4)]
    wait_for(
        lambda: TaskRun.objects.filter(claimed_by__contains=leased_to(busy)).count() == 4,
        10,
        "the busy engine to lease all four task runs",
    )
    engines.start(concurrency=4, lease_seconds=3)
    wait_ended(ids, timeout=30)
    time.sleep(2)  # let any duplicate run finish and record itself

    assert set(Execution.objects.filter(id__in=ids).values_list("status", flat=True)) == {
        Status.SUCCEEDED
    }
    starts = Counter(
        c["payload"]["id"] for c in calls(tmp_path, "proc-slow") if c["phase"] == "start"
    )
    assert starts == Counter(range(4)), f"runs per task: {dict(starts)}"


CHILD_ARN = "arn:aws:states:us-east-1:000000000000:stateMachine:e2e-child"


def test_a_wait_an_http_task_and_a_sub_workflow_run_from_execute_no_wait_under_a_separate_engine(
    engines: Engines, tmp_path: Path
) -> None:
    import io
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    from django.core.management import call_command

    from designer.services import publish_version

    class Prices(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - http.server's naming
            body = json.dumps({"sku": self.path.rsplit("/", 1)[-1], "price": 12}).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Prices)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    publish_version(
        "e2e-child",
        {
            "StartAt": "Total",
            "States": {
                "Total": {
                    "Type": "Pass",
                    "Parameters": {"total.$": "States.MathAdd($.price, $.price)"},
                    "End": True,
                }
            },
        },
    )
    definition = {
        "StartAt": "Pause",
        "States": {
            "Pause": {"Type": "Wait", "Seconds": 1, "Next": "Price"},
            "Price": {
                "Type": "Task",
                "Resource": "arn:aws:states:::http:invoke",
                "Parameters": {
                    "ApiEndpoint": f"http://127.0.0.1:{server.server_port}/prices/A-1",
                    "Method": "GET",
                },
                "ResultSelector": {"price.$": "$.ResponseBody.price"},
                "Next": "Double",
            },
            "Double": {
                "Type": "Task",
                "Resource": "arn:aws:states:::states:startExecution.sync:2",
                "Parameters": {
                    "StateMachineArn": CHILD_ARN,
                    "Input.$": "$",
                },
                "OutputPath": "$.Output",
                "End": True,
            },
        },
    }
    path = tmp_path / "e2e.json"
    path.write_text(json.dumps(definition))
    try:
        engines.start()
        out = io.StringIO()
        call_command("execute", str(path), "--no-wait", "--json", stdout=out)
        started = json.loads(out.getvalue())
        assert started["status"] == "RUNNING"

        wait_ended([started["executionId"]], timeout=60)

        execution = Execution.objects.get(id=started["executionId"])
        assert (execution.status, execution.output) == ("SUCCEEDED", {"total": 24})
        assert Execution.objects.get(parent=execution).status == "SUCCEEDED"
    finally:
        server.shutdown()
