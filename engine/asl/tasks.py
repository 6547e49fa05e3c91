"""Task states' work as the Runner does it: scheduling a task, and the events of its life.

A Task becomes a "task" effect with its key; the driver reports back that it started (when
someone else runs it: task_started) and how it ended (deliver, in interpreter.py). The events
are named as Step Functions names them: LambdaFunction…, Activity… or Task… by the resource.
A test run's program carries mocks (mockfile.py): its Tasks are answered here, never scheduled.
"""

from __future__ import annotations

from typing import Any

from . import errors, mockfile
from . import program as programs
from .errors import StatesError
from .outcomes import Failed, Invoke
from .states import STATE_TYPES


class TaskMixin:
    """The Runner's task handling; uses the Runner's `program`, `_event`, `_fail` and friends."""

    program: dict[str, Any]
    effects: list[dict[str, Any]]

    def task_started(
        self,
        key: str,
        worker: str = "",
        submitted: dict[str, Any] | None = None,
        notes: list[dict[str, Any]] | tuple[()] = (),
    ) -> bool:
        """Record now that the task waiting on `key` started (an activity worker took it, a
        callback's token went out), rather than when its outcome arrives; False if it ended.

        `submitted` ({"output": …}) is what a callback's body returned: TaskSubmitted; `notes`
        are events its resource asked for ({"type", "details"}: approvals' HumanTaskCreated)."""
        thread = self.program["threads"].get(self.program["waits"].get(key, ""))
        if self.status != programs.RUNNING or thread is None or thread.get("started"):
            return False
        self._task_started(thread, worker)
        is_service = _event_prefix(self._resource(thread)) == "Task"  # only they submit
        output = submitted.get("output") if submitted is not None else None
        if is_service and submitted is not None:
            if self._payload_problem(thread, output, "returned a result", "Result") is None:
                self._task_event(thread, "Submitted", output=output)
        for note in notes:
            self._event(thread, note["type"], **note["details"])
        thread["started"] = True
        return True

    def task_note(self, key: str, kind: str, details: dict[str, Any]) -> bool:
        """Record an event about the task waiting on `key` without changing its course (a
        human task's creation, claims, reminders, decision); False once the task has ended."""
        thread = self.program["threads"].get(self.program["waits"].get(key, ""))
        if self.status != programs.RUNNING or thread is None:
            return False
        self._event(thread, kind, **details)
        return True

    def _invoke(self, thread: dict[str, Any], invoke: Invoke) -> None:
        # After Parameters: AWS checks the task's input too.
        problem = self._payload_problem(thread, invoke.payload, "has an input", "Parameters")
        if problem is not None:
            self._fail(thread, problem)
            return
        key = thread.pop("task_key", None) or programs.next_id(self.program, "task")
        thread.update(phase="task", key=key, resource=invoke.resource)  # names the events
        if self.observed is not None:  # when the attempt began, for its span and duration
            thread["scheduled_at"] = self._timestamp
        self._task_event(
            thread,
            "Scheduled",
            resource=invoke.resource,
            parameters=invoke.payload,
            **_limits(invoke),
        )
        if "mocks" in self.program:  # a test run: answered here, so no resource ever runs it
            self._answer_from_mocks(thread)
            return
        self.program["waits"][key] = thread["id"]
        self.effects.append(
            {
                "kind": "task",
                "key": key,
                "resource": invoke.resource,
                "payload": invoke.payload,
                "timeout_seconds": invoke.timeout_seconds,
                "heartbeat_seconds": invoke.heartbeat_seconds,
                "token": self.program["token_prefix"] + key,
                "state": thread["state"],
                "attempt": sum(thread["retries"].values()),
            }
        )

    def _answer_from_mocks(self, thread: dict[str, Any]) -> None:
        """A test run's task (engine/testruns.py): the mock file's answer for this invocation
        of the state, as if its body had run; none fails the execution (mockfile.NO_MOCK)."""
        answer, cause = mockfile.next_answer(self.program["mocks"], thread["state"])
        if answer is None:
            self.fail_execution(mockfile.NO_MOCK, cause)
            return
        self._task_started(thread)
        if "Return" in answer:
            self._task_succeeded(thread, answer["Return"])
        else:
            self._task_failed(thread, answer["Throw"]["Error"], answer["Throw"].get("Cause"))

    def _task_started(self, thread: dict[str, Any], worker: str = "") -> None:
        """With the outcome, unless task_started() recorded it already: a body run by the
        engine is reported when it ends, so that a quick task costs one transaction."""
        self._task_event(thread, "Started", **({"workerName": worker} if worker else {}))

    def _task_succeeded(self, thread: dict[str, Any], output: Any) -> None:
        self._observe_task(thread, "succeeded")
        problem = self._payload_problem(thread, output, "returned a result", "Result")
        if problem is None or problem.error == errors.DATA_LIMIT_EXCEEDED:
            self._task_event(thread, "Succeeded", output=output)  # a result too big is shown
        if problem is not None:  # even when ResultPath or ResultSelector would drop it
            self._fail(thread, problem)
            return
        run = self._state_run(thread)
        try:
            outcome = STATE_TYPES["Task"].resume(run, output)
        except StatesError as failure:
            outcome = Failed(failure.error, failure.cause, prefixed=failure.prefixed)
        self._apply(thread, outcome)

    def _task_failed(self, thread: dict[str, Any], error: str | None, cause: str | None) -> None:
        reported = Failed(error, cause)
        self._observe_task(thread, "failed", error)
        failed = self._storable_failure(thread, reported)
        if failed is reported:  # an error or cause that cannot be stored is not recorded
            timed_out = error in (errors.TIMEOUT, errors.HEARTBEAT_TIMEOUT)
            kind = "TimedOut" if timed_out else "Failed"
            self._task_event(thread, kind, error=error, cause=cause)
        self._fail(thread, failed)

    def _task_event(self, thread: dict[str, Any], what: str, **details: Any) -> None:
        resource = self._resource(thread)
        prefix = _event_prefix(resource)
        if prefix == "Task":  # Step Functions names the service on every Task… event
            details.setdefault("resource", resource)
        self._event(thread, f"{prefix}{what}", **details)

    def _resource(self, thread: dict[str, Any]) -> str:
        return thread.get("resource") or self._node(thread).get("Resource", "")


def _limits(invoke: Invoke) -> dict[str, int]:
    """The task's deadlines as Step Functions records them on its …Scheduled event."""
    limits = {"timeoutInSeconds": invoke.timeout_seconds}
    limits["heartbeatInSeconds"] = invoke.heartbeat_seconds
    return {name: int(value) for name, value in limits.items() if value}


def _event_prefix(resource: str) -> str:
    """LambdaFunction… and Activity… events for those resources; Task… for the services."""
    if resource.startswith("arn:aws:lambda:"):
        return "LambdaFunction"
    if ":activity:" in resource:
        return "Activity"
    return "Task"
