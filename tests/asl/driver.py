"""Runs an ASL definition to completion in memory: the interpreter without a database.

Tasks are answered by Python callables (per resource, or per Lambda function name); timers fire
by moving a fake clock forward, and every timer's delay is recorded so tests can assert back-off
and Wait durations without sleeping. Each delivery uses a fresh Runner over the JSON-round-tripped
program, as the database layer does once per transaction.
"""

from __future__ import annotations

import json
import random
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from engine.asl import program as programs
from engine.asl.interpreter import Options, Runner

T0 = datetime(2024, 1, 1, tzinfo=UTC)
EXECUTION_ID = "arn:aws:states:us-east-1:000000000000:execution:sm:e1"
STATE_MACHINE_ID = "arn:aws:states:us-east-1:000000000000:stateMachine:sm"
TOKEN_PREFIX = "tok."
WORKER = "worker-1"
MAX_ROUNDS = 1000

Function = Callable[[Any], Any]


class TaskFailure(Exception):
    """Raised by a task function to fail the task with an ASL error name and cause."""

    def __init__(self, error: str, cause: str | None = None) -> None:
        super().__init__(error)
        self.error = error
        self.cause = cause


@dataclass
class Timer:
    key: str
    set_at: datetime
    fire_at: datetime

    @property
    def delay_seconds(self) -> float:
        return (self.fire_at - self.set_at).total_seconds()


@dataclass
class Run:
    """What a user would see of one execution, and the effects that got it there."""

    program: dict[str, Any]
    now: datetime
    events: list[dict[str, Any]] = field(default_factory=list)
    tasks: list[dict[str, Any]] = field(default_factory=list)  # every task effect, in order
    timers: list[Timer] = field(default_factory=list)  # every timer effect, in order
    cancelled: list[str] = field(default_factory=list)  # keys of cancel effects
    peak_tasks: int = 0  # the most task effects outstanding at one moment
    observed: list[dict[str, Any]] = field(default_factory=list)  # for telemetry (observing.py)

    @property
    def status(self) -> str:
        return self.program["status"]

    @property
    def output(self) -> Any:
        return self.program.get("output")

    @property
    def error(self) -> str | None:
        return self.program.get("error")

    @property
    def cause(self) -> str | None:
        return self.program.get("cause")

    @property
    def types(self) -> list[str]:
        return [event["type"] for event in self.events]

    def event(self, kind: str, nth: int = 0) -> dict[str, Any]:
        """The nth event of type `kind`."""
        return [event for event in self.events if event["type"] == kind][nth]


def execute(
    definition: Mapping[str, Any],
    value: Any = None,
    *,
    functions: Mapping[str, Function] | None = None,
    seed: int = 1,
    max_payload_bytes: int = 256 * 1024,
    start_at: datetime = T0,
    started_early: bool = False,
) -> Run:
    """Run `definition` on `value` until it ends, answering tasks with `functions`.

    With started_early, each task is reported started (by WORKER) before it is answered, as
    activities and callbacks are."""
    value = {} if value is None else value
    execution = {
        "Id": EXECUTION_ID,
        "Name": "e1",
        "Input": value,
        "StartTime": start_at.isoformat().replace("+00:00", "Z"),
        "RoleArn": "arn:aws:iam::000000000000:role/r",
        "RedriveCount": 0,
    }
    program = programs.new_program(execution, {"Id": STATE_MACHINE_ID, "Name": "sm"}, TOKEN_PREFIX)
    run = Run(program=program, now=start_at)
    rng = random.Random(seed)
    driver = _Driver(dict(definition), run, functions or {}, rng, max_payload_bytes, started_early)
    driver.step(start=value)
    driver.drain()
    return run


class _Driver:
    def __init__(
        self,
        definition: dict[str, Any],
        run: Run,
        functions: Mapping[str, Function],
        rng: random.Random,
        max_payload_bytes: int,
        started_early: bool = False,
    ) -> None:
        self.definition = definition
        self.run = run
        self.functions = functions
        self.rng = rng
        self.max_payload_bytes = max_payload_bytes
        self.pending_tasks: dict[str, dict[str, Any]] = {}
        self.pending_timers: dict[str, Timer] = {}
        self.started_early = started_early

    def _runner(self) -> Runner:
        """A fresh Runner over the stored program, as each transaction makes one."""
        self.run.program = json.loads(json.dumps(self.run.program))
        options = Options(
            now=self.run.now, rng=self.rng, max_payload_bytes=self.max_payload_bytes, observe=True
        )
        return Runner(self.definition, self.run.program, options)

    def report_started(self, key: str) -> None:
        """The transaction in which a worker takes the task (engine.runtime.record_task_started)."""
        runner = self._runner()
        runner.task_started(key, WORKER)
        self.run.events.extend(runner.events)
        self.run.observed.extend(runner.observed or [])

    def step(self, event: dict[str, Any] | None = None, *, start: Any = None) -> None:
        """One transaction: start or deliver, then run()."""
        runner = self._runner()
        if event is None:
            runner.start(start)
        else:
            runner.deliver(event)
        runner.run()
        self.run.events.extend(runner.events)
        self.run.observed.extend(runner.observed or [])
        for effect in runner.effects:
            self._record(effect)

    def _record(self, effect: dict[str, Any]) -> None:
        key = effect["key"]
        if effect["kind"] == "task":
            self.run.tasks.append(effect)
            self.pending_tasks[key] = effect
            self.run.peak_tasks = max(self.run.peak_tasks, len(self.pending_tasks))
        elif effect["kind"] == "timer":
            timer = Timer(key, self.run.now, datetime.fromisoformat(effect["fire_at"]))
            self.run.timers.append(timer)
            self.pending_timers[key] = timer
        elif effect["kind"] == "cancel":
            self.run.cancelled.append(key)
            self.pending_tasks.pop(key, None)
            self.pending_timers.pop(key, None)

    def drain(self) -> None:
        """Answer the oldest task first; when none is left, fire the earliest timer."""
        for _ in range(MAX_ROUNDS):
            if self.run.status != programs.RUNNING:
                return
            if self.pending_tasks:
                effect = self.pending_tasks.pop(next(iter(self.pending_tasks)))
                if self.started_early:
                    self.report_started(effect["key"])
                self.step(self._answer(effect))
            elif self.pending_timers:
                timer = min(self.pending_timers.values(), key=lambda t: t.fire_at)
                del self.pending_timers[timer.key]
                self.run.now = max(self.run.now, timer.fire_at)
                self.step({"kind": "timer", "key": timer.key})
            else:
                raise AssertionError("execution is RUNNING but waits on nothing")
        raise AssertionError(f"execution still RUNNING after {MAX_ROUNDS} rounds")

    def _answer(self, effect: dict[str, Any]) -> dict[str, Any]:
        key = effect["key"]
        try:
            output = self._function(effect)(effect["payload"])
        except TaskFailure as failure:
            return {
                "kind": "task_failed",
                "key": key,
                "error": failure.error,
                "cause": failure.cause,
            }
        return {"kind": "task_succeeded", "key": key, "output": output}

    def _function(self, effect: dict[str, Any]) -> Function:
        resource = effect["resource"]
        names = [resource, resource.rsplit(":", 1)[-1]]
        payload = effect["payload"]
        if isinstance(payload, dict) and isinstance(payload.get("FunctionName"), str):
            names.append(payload["FunctionName"].rsplit(":", 1)[-1])
        for name in names:
            if name in self.functions:
                return self.functions[name]
        raise AssertionError(f"no function for task resource {resource!r}")


def echo(payload: Any) -> Any:
    return payload


def lambda_arn(name: str) -> str:
    return f"arn:aws:lambda:us-east-1:000000000000:function:{name}"
