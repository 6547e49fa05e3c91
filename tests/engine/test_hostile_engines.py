"""One bad execution fails alone, across real processes: the hostile corpus (tests/hostile/)
runs on two `runengine` processes while 50 healthy executions run beside it. Every hostile
execution fails with its documented error within 30 s, both engines keep running (no
restart), and every healthy execution succeeds."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from django.utils import timezone

from designer.services import publish_version
from engine.executions import start_execution
from engine.models import Execution, Status
from tests import hostile
from tests.processes import Process

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]

HEALTHY_EXECUTIONS = 50
ENDS_WITHIN_SECONDS = 30
MEMORY_LIMIT_MB = 3072  # the backstop: a MemoryError fails one execution, never the engine


def peak_rss_mb(pid: int) -> float:
    """The process's peak resident set (VmHWM), in MB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


def start_corpus() -> tuple[dict[str, Execution], list[tuple[Execution, object]]]:
    hostile_runs = {}
    for number, case in enumerate(hostile.CASES):
        version = publish_version(f"hostile-{number}", case.definition)
        hostile_runs[case.name] = start_execution(version, case.input)[0]
    healthy_runs = []
    for number in range(HEALTHY_EXECUTIONS):
        healthy = hostile.HEALTHY[number % len(hostile.HEALTHY)]
        version = publish_version(f"healthy-{number % len(hostile.HEALTHY)}", healthy.definition)
        healthy_runs.append((start_execution(version, healthy.input)[0], healthy.output))
    return hostile_runs, healthy_runs


def wait_until_ended(executions: list[Execution], timeout: float) -> None:
    deadline = time.monotonic() + timeout
    ids = [execution.id for execution in executions]
    while Execution.objects.filter(id__in=ids, status=Status.RUNNING).exists():
        if time.monotonic() > deadline:
            return
        time.sleep(0.25)


def test_hostile_definitions_fail_alone_on_two_engines_beside_healthy_ones(
    tmp_path: Path,
) -> None:
    env = {"BATON_ENGINE_MEMORY_LIMIT_MB": str(MEMORY_LIMIT_MB)}
    engines = [
        Process.manage("runengine", "--concurrency", "2", log=tmp_path / f"engine{n}.log", env=env)
        for n in (1, 2)
    ]
    try:
        for engine in engines:
            engine.wait_for("running, concurrency")
        pids = [engine.pid for engine in engines]
        began = timezone.now()
        hostile_runs, healthy_runs = start_corpus()
        everything = [*hostile_runs.values(), *(run for run, _ in healthy_runs)]
        wait_until_ended(everything, ENDS_WITHIN_SECONDS + 30)

        wrong = []
        for case in hostile.CASES:
            run = hostile_runs[case.name]
            run.refresh_from_db()
            took = ((run.stopped_at or timezone.now()) - run.started_at).total_seconds()
            if (run.status, run.error) != (Status.FAILED, case.error):
                wrong.append(f"{case.name}: {run.status} {run.error}: {run.cause}")
            elif case.cause_contains and case.cause_contains not in (run.cause or ""):
                wrong.append(f"{case.name}: cause {run.cause!r}")
            elif took > ENDS_WITHIN_SECONDS:
                wrong.append(f"{case.name}: ended after {took:.1f} s")
        assert not wrong, "\n".join(wrong)
        for run, output in healthy_runs:
            run.refresh_from_db()
            assert (run.status, run.output) == (Status.SUCCEEDED, output), run.cause
        alive = [engine.proc.poll() is None for engine in engines]
        assert alive == [True, True] and [engine.pid for engine in engines] == pids
        peaks = [f"{peak_rss_mb(pid):.0f} MB" for pid in pids]
        took = (timezone.now() - began).total_seconds()
        print(f"{len(hostile.CASES)} hostile + {HEALTHY_EXECUTIONS} healthy in {took:.1f} s;")
        print(f"engines' peak RSS: {', '.join(peaks)}")
    finally:
        for engine in engines:
            engine.stop()
            print(engine.tail(3000))
