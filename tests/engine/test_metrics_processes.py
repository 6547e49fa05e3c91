"""/metrics adds up what every process recorded: executions run by a `runengine` subprocess
show in a scrape answered by this process, with the counters matching what ran, and stay there
after the engine has exited (a dead process's counters never go backwards); a dead process's
open WebSockets leave the sum (engine/telemetry/multiproc.py).

The workflow: a Pass, a Task whose function (tests/engine/metrics_functions.py) fails its first
attempt and succeeds on its Retry, and a Choice that ends in a Fail for n >= 3, else a Succeed.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth.models import Group, User
from django.test import Client
from prometheus_client import CollectorRegistry
from prometheus_client.multiprocess import MultiProcessCollector
from prometheus_client.parser import text_string_to_metric_families

from baton.models import ApiToken
from designer.services import publish_version
from engine.executions import start_execution
from engine.models import Execution, Status
from engine.telemetry import multiproc
from tests.engine.engines import ARN, Engines, wait_ended, wait_for
from tests.processes import REPO

pytestmark = pytest.mark.slow

WORKFLOW = "metrics-across-processes"  # its own name: the run's metrics directory is shared
DEFINITION = {
    "StartAt": "Prepare",
    "States": {
        "Prepare": {"Type": "Pass", "Next": "Charge"},
        "Charge": {
            "Type": "Task",
            "Resource": ARN + "metrics-flaky",
            "Parameters": {"n.$": "$.n", "retry.$": "$$.State.RetryCount"},
            "Retry": [
                {
                    "ErrorEquals": ["RuntimeError"],
                    "IntervalSeconds": 1,
                    "MaxAttempts": 2,
                    "BackoffRate": 1.0,
                }
            ],
            "Next": "Decide",
        },
        "Decide": {
            "Type": "Choice",
            "Choices": [{"Variable": "$.n", "NumericGreaterThanEquals": 3, "Next": "Declined"}],
            "Default": "Done",
        },
        "Declined": {"Type": "Fail", "Error": "Declined", "Cause": "n is 3 or more"},
        "Done": {"Type": "Succeed"},
    },
}
INPUTS = [{"n": n} for n in range(5)]  # 0, 1, 2 succeed; 3, 4 fail
SUCCEEDED, FAILED = 3, 2


Samples = dict[tuple[str, frozenset[tuple[str, str]]], float]


def scrape(token: str) -> Samples:
    response = Client().get("/metrics", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 200, response.content
    found: Samples = {}
    for family in text_string_to_metric_families(response.content.decode()):
        for sample in family.samples:
            found[(sample.name, frozenset(sample.labels.items()))] = sample.value
    return found


def value(found: Samples, name: str, **labels: str) -> float:
    return found.get((name, frozenset(labels.items())), 0.0)


def total(found: Samples, name: str, **labels: str) -> float:
    """The sum over every series of `name` whose labels include `labels`."""
    wanted = set(labels.items())
    return sum(v for (n, have), v in found.items() if n == name and wanted <= have)


def by_label(found: Samples, name: str, label: str, **labels: str) -> dict[str, float]:
    wanted = set(labels.items())
    return {
        dict(have)[label]: v
        for (n, have), v in found.items()
        if n == name and wanted <= have and label in dict(have)
    }


def viewer_token() -> str:
    user = User.objects.create_user("prometheus", "prometheus@example.org")
    user.groups.add(Group.objects.get_or_create(name="viewer")[0])
    return ApiToken.issue(user, "scraper")[1]


def assert_counts_what_ran(found: Samples, before: Samples) -> None:
    def grew(name: str, **labels: str) -> float:
        return total(found, name, **labels) - total(before, name, **labels)

    runs = len(INPUTS)
    assert value(found, "baton_executions_started_total", workflow=WORKFLOW) == runs
    assert by_label(found, "baton_executions_finished_total", "status", workflow=WORKFLOW) == {
        "SUCCEEDED": SUCCEEDED,
        "FAILED": FAILED,
    }
    assert value(found, "baton_execution_duration_seconds_count", workflow=WORKFLOW) == runs
    # States entered, by type: at least what this workflow ran (other tests add to the totals).
    entered = {"Pass": runs, "Task": runs, "Choice": runs, "Succeed": SUCCEEDED, "Fail": FAILED}
    for kind, times in entered.items():
        assert grew("baton_state_transitions_total", type=kind) >= times, kind
    # Each Charge failed once and was retried once.
    retries = by_label(found, "baton_retries_total", "error", workflow=WORKFLOW, state="Charge")
    assert retries == {"RuntimeError": runs}
    outcomes = by_label(found, "baton_task_outcomes_total", "outcome", function="metrics-flaky")
    assert outcomes == {"failed": runs, "succeeded": runs}  # one failure and one success each
    for outcome in ("failed", "succeeded"):
        timed = grew("baton_task_duration_seconds_count", kind="function", outcome=outcome)
        assert timed >= runs, outcome
    assert grew("baton_timer_lag_seconds_count") >= runs  # the retries' back-off timers
    assert grew("baton_engine_transaction_duration_seconds_count") >= runs


def scrape_once_counted(token: str) -> Samples:
    """A scrape taken once the engine has counted every ending: it adds its counts just after
    its transaction commits, so the database can say "ended" a moment before the metrics do."""

    def counted() -> Samples | None:
        found = scrape(token)
        ended = total(found, "baton_executions_finished_total", workflow=WORKFLOW)
        return found if ended >= len(INPUTS) else None

    return wait_for(counted, 10, "the engine to count the executions that ended")


@pytest.mark.django_db(transaction=True)
def test_a_scrape_counts_what_an_engine_process_ran_and_keeps_it_after_the_engine_exits(
    engines: Engines, tmp_path: Path
) -> None:
    token = viewer_token()
    version = publish_version(WORKFLOW, DEFINITION)
    before = scrape(token)
    engine = engines.start(concurrency=4, extra_env={"BATON_FUNCTION_MODULES": "metrics_functions"})

    ids = [start_execution(version, payload)[0].id for payload in INPUTS]
    wait_ended(ids, timeout=60)

    statuses = sorted(Execution.objects.filter(id__in=ids).values_list("status", flat=True))
    assert statuses == sorted([Status.SUCCEEDED] * SUCCEEDED + [Status.FAILED] * FAILED)
    assert_counts_what_ran(scrape_once_counted(token), before)

    engine.stop()
    assert engine.proc.returncode == 0, engine.tail()
    assert_counts_what_ran(scrape(token), before)  # the exited engine's counters still count


# -- the files of processes that are gone -------------------------------------------------------

OPEN_A_SOCKET_AND_EXIT = """
import os, django
django.setup()
from engine.telemetry import http_metrics, metrics
http_metrics.websocket_opened("inbox")
metrics.EXECUTIONS_STARTED.labels("gone").inc()
print(os.getpid(), flush=True)
if os.environ.get("DIE"):
    os._exit(0)  # as a killed process: no exit hooks
"""


def exit_with_an_open_socket(folder: Path, die: bool) -> int:
    """A Baton process that counts one open WebSocket and one started execution, then ends
    normally (die=False) or without running exit hooks (die=True); its pid."""
    env = {
        **os.environ,
        "PROMETHEUS_MULTIPROC_DIR": str(folder),
        "DJANGO_SETTINGS_MODULE": "baton.settings",
        "DATABASE_URL": "postgres://nobody@127.0.0.1:1/none",  # never used: no embedded server
        "DIE": "1" if die else "",
    }
    done = subprocess.run(
        [sys.executable, "-c", OPEN_A_SOCKET_AND_EXIT],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    return int(done.stdout.split()[-1])


def summed(folder: Path) -> Samples:
    """What a scrape adds up from `folder`'s files."""
    registry = CollectorRegistry()
    MultiProcessCollector(registry, path=str(folder))
    return {
        (sample.name, frozenset(sample.labels.items())): sample.value
        for family in registry.collect()
        for sample in family.samples
    }


def test_an_exited_process_leaves_its_counters_and_takes_its_open_sockets_away(
    tmp_path: Path,
) -> None:
    exit_with_an_open_socket(tmp_path, die=False)
    killed = exit_with_an_open_socket(tmp_path, die=True)

    found = summed(tmp_path)
    assert value(found, "baton_executions_started_total", workflow="gone") == 2  # both stay
    assert value(found, "baton_websocket_connections", route="inbox") == 1  # the killed one's

    multiproc.forget(killed, tmp_path)  # what scripts/run_all.py does for a child that died
    found = summed(tmp_path)
    assert value(found, "baton_executions_started_total", workflow="gone") == 2
    assert value(found, "baton_websocket_connections", route="inbox") == 0

    assert multiproc.empty(tmp_path) > 0  # what `make run` does before it starts anything
    assert summed(tmp_path) == {}
