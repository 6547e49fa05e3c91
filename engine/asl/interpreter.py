"""The interpreter: moves an execution's threads as far as they go without waiting.

`Runner` wraps one program (see program.py). The driver calls `start()` or `deliver()` and then
`run()`, and stores the program, `events` and `effects` in one transaction. The runner never
blocks: a Task becomes a "task" effect, a future Wait or retry back-off a "timer" effect, and the
driver reports back with `deliver()`.
"""

from __future__ import annotations

import json
import random
import time
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from . import errors, retry, storable, timestamps
from . import program as programs
from .errors import StatesError
from .forks import ForkMixin
from .lifecycle import EXECUTION_TIMEOUT, LifecycleMixin
from .observing import ObservingMixin
from .outcomes import End, Failed, Fork, Invoke, Next, WaitUntil
from .states import STATE_TYPES
from .states.base import StateRun, caught
from .tasks import TaskMixin


@dataclass
class Options:
    now: datetime
    rng: random.Random = field(default_factory=random.Random)
    max_payload_bytes: int = 256 * 1024
    max_history_events: int = 100_000
    # A transition stops after this many events and continues in the next one, so a loop
    # of Pass states cannot hold one transaction (and one engine) forever.
    max_events_per_run: int = 5_000
    # time.monotonic() past which run() stops after its current step (the driver goes on in a
    # new transaction): a slow definition cannot hold its execution's lock for long.
    deadline: float | None = None
    # Record what happens for telemetry (observing.py): on when metrics or tracing are.
    observe: bool = False


class Runner(LifecycleMixin, ForkMixin, TaskMixin, ObservingMixin):
    """Advances one program. Not thread-safe: one runner per execution per transaction."""

    def __init__(self, definition: dict[str, Any], program: dict[str, Any], options: Options):
        self.definition = definition
        self.program = program
        self.options = options
        self.events: list[dict[str, Any]] = []
        self.effects: list[dict[str, Any]] = []
        self.observed: list[dict[str, Any]] | None = [] if options.observe else None
        self._machines: dict[tuple, dict[str, Any]] = {}
        # One clock reading per transition, formatted once: every event of it shares the time.
        self._entered_at = timestamps.format(options.now)
        self._timestamp = options.now.isoformat()

    # -- the driver's interface -------------------------------------------------------------

    @property
    def status(self) -> str:
        return self.program["status"]

    @property
    def has_ready_work(self) -> bool:
        """True when run() stopped at its budget with threads still ready to go on."""
        return self.status == programs.RUNNING and bool(self.program["ready"])

    def deliver(self, event: dict[str, Any]) -> bool:
        """Apply a task result or a fired timer; False when nothing waits on its key any more."""
        thread_id = self.program["waits"].pop(event["key"], None)
        if self.status != programs.RUNNING or thread_id is None:
            return False
        if event["key"] == EXECUTION_TIMEOUT:
            self.time_out()
            return True
        thread = self.program["threads"].get(thread_id)
        if thread is None:
            return False
        kind = event["kind"]
        if kind == "timer":
            self._timer_fired(thread)
            return True
        if not thread.pop("started", False):
            self._task_started(thread)
        for note in event.get("notes", ()):  # what whoever answered recorded first (approvals)
            self._event(thread, note["type"], **note["details"])
        if kind == "task_succeeded":
            self._task_succeeded(thread, event.get("output"))
        else:
            self._task_failed(thread, event.get("error"), event.get("cause"))
        return True

    def run(self) -> None:
        """Run ready threads until every thread waits or the execution has ended."""
        ready = self.program["ready"]
        while ready and self.status == programs.RUNNING:
            if self.program["event_id"] >= self.options.max_history_events:
                limit = self.options.max_history_events
                cause = f"The execution reached the limit of {limit} history events."
                self.fail_execution(errors.RUNTIME, cause)
                return
            if len(self.events) >= self.options.max_events_per_run or self._out_of_time():
                return  # more to do: the driver runs again in a new transaction
            thread = self.program["threads"].get(ready.pop(0))
            if thread is not None and thread["phase"] == "ready":
                self._step(thread)

    def _out_of_time(self) -> bool:
        deadline = self.options.deadline
        return deadline is not None and bool(self.events) and time.monotonic() >= deadline

    # -- one state ------------------------------------------------------------------------------

    def _step(self, thread: dict[str, Any]) -> None:
        run = self._state_run(thread)
        try:
            state_type = STATE_TYPES[run.node["Type"]]
            outcome = state_type.enter(run)
        except StatesError as failure:
            outcome = Failed(failure.error, failure.cause, prefixed=failure.prefixed)
        self._apply(thread, outcome)

    def _apply(self, thread: dict[str, Any], outcome: Any) -> None:
        if isinstance(outcome, (Next, End)):
            self._leave(thread, outcome)
        elif isinstance(outcome, Failed):
            self._fail(thread, outcome)
        elif isinstance(outcome, Invoke):
            self._invoke(thread, outcome)
        elif isinstance(outcome, WaitUntil):
            self._wait(thread, outcome)
        elif isinstance(outcome, Fork):
            self._fork(thread, outcome)
        else:  # pragma: no cover - a state returned something the runner does not know
            raise TypeError(f"unknown outcome {outcome!r}")

    def _leave(
        self, thread: dict[str, Any], outcome: Next | End, after_catch: bool = False
    ) -> None:
        problem = self._payload_problem(thread, outcome.output, "returned a result", "Output")
        if problem is None and outcome.assign:
            problem = self._unstorable(thread, outcome.assign, "Assign")
        if problem is not None:
            self._fail(thread, problem)
            return
        node = self._node(thread)
        if node["Type"] not in ("Succeed", "Fail"):
            self._event(
                thread, f"{node['Type']}StateExited", name=thread["state"], output=outcome.output
            )
        if not after_catch:  # a caught error was observed as such (_fail)
            self._observe_state(thread, "succeeded")
        if outcome.assign:
            thread["vars"] = {**thread["vars"], **outcome.assign}
        if isinstance(outcome, Next):
            thread["state"], thread["input"] = outcome.state, outcome.output
            self._enter_state(thread)
        else:
            self._thread_ended(thread, True, output=outcome.output)

    def _enter_state(self, thread: dict[str, Any]) -> None:
        node = self._node(thread)
        thread.update(retries={}, retrying=False, phase="ready")
        thread["entered_at"] = self._entered_at
        input_value = thread["input"]
        thread["entered"] = self._event(
            thread, f"{node['Type']}StateEntered", name=thread["state"], input=input_value
        )
        self.program["ready"].append(thread["id"])

    # -- waiting --------------------------------------------------------------------------------

    def _wait(self, thread: dict[str, Any], wait: WaitUntil) -> None:
        if wait.at <= self.options.now:
            self._leave(thread, wait.then)
            return
        # Only what is set: a parked execution is stored for as long as it waits (bench W6).
        thread["then"] = {"output": wait.then.output}
        if isinstance(wait.then, Next):
            thread["then"]["next"] = wait.then.state
        if wait.then.assign is not None:
            thread["then"]["assign"] = wait.then.assign
        self._timer(thread, wait.at, "wait")

    def _timer(self, thread: dict[str, Any], at: datetime, phase: str) -> None:
        key = programs.next_id(self.program, "timer")
        thread.update(phase=phase, key=key)
        self.program["waits"][key] = thread["id"]
        self.effects.append({"kind": "timer", "key": key, "fire_at": at.isoformat()})

    def _timer_fired(self, thread: dict[str, Any]) -> None:
        if thread["phase"] == "retry":
            thread.update(phase="ready", retrying=True)
            self.program["ready"].append(thread["id"])
            return
        then = thread.pop("then")
        assign = then.get("assign")
        outcome = (
            Next(then["next"], then["output"], assign)
            if then.get("next")
            else End(then["output"], assign)
        )
        self._leave(thread, outcome)

    # -- failures -------------------------------------------------------------------------------

    def _fail(self, thread: dict[str, Any], failed: Failed) -> None:
        """Retry, catch, or end the thread with the error (states-language.net — Error Handling)."""
        failed = self._storable_failure(thread, failed)
        cause = failed.cause
        if failed.prefixed:
            cause = (
                f"An error occurred while executing the state '{thread['state']}' "
                f"(entered at the event id #{thread['entered']}). {cause}"
            )
        node = self._node(thread)
        if failed.catchable and self._retry(thread, node, failed.error):
            self._observe_retry(thread, failed.error)
            self._drop_children(thread)  # a Parallel or Map starts over
            return
        catcher = (
            retry.find_catcher(node.get("Catch", []), failed.error) if failed.catchable else None
        )
        if catcher is None:
            self._observe_state(thread, "failed", failed.error)
            self._thread_ended(thread, False, error=failed.error, cause=cause)
            return
        self._observe_state(thread, "caught", failed.error)
        self._catch(thread, catcher, {"Error": failed.error, "Cause": cause})

    def _retry(self, thread: dict[str, Any], node: dict[str, Any], error: str | None) -> bool:
        found = retry.next_retry(node.get("Retry", []), error, thread["retries"], self.options.rng)
        if found is None:
            return False
        index, delay = found
        thread["retries"][str(index)] = thread["retries"].get(str(index), 0) + 1
        self._timer(thread, self.options.now + timedelta(seconds=delay), "retry")
        return True

    def _catch(self, thread: dict[str, Any], catcher: dict[str, Any], error_output: dict) -> None:
        try:
            output, assign = caught(self._state_run(thread), catcher, error_output)
        except StatesError as failure:
            self._thread_ended(thread, False, error=failure.error, cause=failure.cause)
            return
        self._drop_children(thread)
        self._leave(thread, Next(catcher["Next"], output, assign), after_catch=True)

    def _payload_problem(
        self, thread: dict[str, Any], value: Any, what: str, field: str
    ) -> Failed | None:
        """States.DataLimitExceeded past the payload limit; States.Runtime for a value that
        Postgres cannot store (storable.py); None when `value` may go on."""
        dumped = json.dumps(value, separators=(",", ":"))
        if len(dumped) > self.options.max_payload_bytes:  # ASCII: one byte a character
            return self._data_limit(thread, what)
        found = storable.problem_in_dump(dumped, value)
        return None if found is None else self._unstorable_failure(thread, field, found)

    def _unstorable(self, thread: dict[str, Any], value: Any, field: str) -> Failed | None:
        found = storable.problem(value)
        return None if found is None else self._unstorable_failure(thread, field, found)

    def _storable_failure(self, thread: dict[str, Any], failed: Failed) -> Failed:
        """`failed`, or States.Runtime when its error or cause could not be stored."""
        for name, text in (("Error", failed.error), ("Cause", failed.cause)):
            problem = self._unstorable(thread, text, name) if text else None
            if problem is not None:
                return problem
        return failed

    def _unstorable_failure(self, thread: dict[str, Any], field: str, found: str) -> Failed:
        cause = (
            f"The value of the field '{field}' of the state '{thread['state']}' holds {found},"
            " which Baton cannot store."
        )
        return Failed(errors.RUNTIME, cause)  # never retried or caught (retry.error_matches)

    def _data_limit(self, thread: dict[str, Any], what: str) -> Failed:
        cause = (
            f"The state/task '{thread['state']}' {what} with a size exceeding "
            "the maximum number of bytes service limit."
        )
        return Failed(errors.DATA_LIMIT_EXCEEDED, cause)  # caught only by its name (retry.py)

    # -- bookkeeping ----------------------------------------------------------------------------

    def _thread_ended(self, thread: dict[str, Any], ok: bool, **result: Any) -> None:
        """A thread reached its end. A failed one stays, so a redrive can resume it."""
        if ok:
            self.program["threads"].pop(thread["id"], None)
        else:
            thread.update(phase="failed", failure=result)
        if thread["parent"] is not None:
            self._child_ended(thread, ok, result)
        elif ok:
            self._finish_execution("SUCCEEDED", "ExecutionSucceeded", result)
        else:
            self._finish_execution("FAILED", "ExecutionFailed", result)

    def _event(self, thread: dict[str, Any] | None, kind: str, **details: Any) -> int:
        self.program["event_id"] += 1
        event_id = self.program["event_id"]
        previous = thread["last"] if thread else event_id - 1
        self.events.append(
            {
                "id": event_id,
                "type": kind,
                "previous": previous,
                "timestamp": self._timestamp,
                "details": details,
            }
        )
        if thread is not None:
            thread["last"] = event_id
        return event_id

    def _machine(self, path: list[Any]) -> dict[str, Any]:
        key = tuple(path)
        machine = self._machines.get(key)
        if machine is None:
            machine = self.definition
            for part in path:
                machine = machine[part]
            self._machines[key] = machine
        return machine

    def _node(self, thread: dict[str, Any]) -> dict[str, Any]:
        return self._machine(thread["machine"])["States"][thread["state"]]

    def _state_run(self, thread: dict[str, Any]) -> StateRun:
        node = self._node(thread)
        language = node.get("QueryLanguage") or self.definition.get("QueryLanguage") or "JSONPath"
        if node["Type"] == "Task" and "task_key" not in thread and thread["phase"] == "ready":
            thread["task_key"] = programs.next_id(self.program, "task")
        return StateRun(
            name=thread["state"],
            node=node,
            input=thread["input"],
            context=self._context(thread),
            variables=thread["vars"],
            query_language=language,
            now=self.options.now,
            rng=self.options.rng,
            machine_path=thread["machine"],
        )

    def _context(self, thread: dict[str, Any]) -> dict[str, Any]:
        context = {
            "Execution": self.program["execution"],
            "StateMachine": self.program["state_machine"],
            "State": {
                "EnteredTime": thread["entered_at"],
                "Name": thread["state"],
                "RetryCount": sum(thread["retries"].values()),
            },
        }
        if "task_key" in thread:
            prefix = self.program["token_prefix"]
            context["Task"] = {
                "Token": prefix + thread["task_key"],
                # Stable for one attempt, new for each retry: what a task body de-duplicates
                # on, since the engine runs a task at least once (DESIGN.md §3.5).
                "IdempotencyKey": f"{prefix.split('.')[0]}:{thread['task_key']}",
            }
        return context
