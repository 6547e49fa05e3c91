"""An execution's life as a whole: start, execution timeout, stop, the end, and redrive.

Redrive follows Step Functions' RedriveExecution: a FAILED, TIMED_OUT or ABORTED execution
resumes from the states that did not succeed. The threads that failed or were halted stay in
the program when it ends (interpreter._thread_ended, forks._halt_children), so redriving
re-enters each of them at its own state; a Parallel or Map keeps the results of the children
that succeeded and runs only the others again.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from . import errors
from . import program as programs
from .limits import MAX_TIMEOUT_SECONDS

EXECUTION_TIMEOUT = "execution-timeout"  # the waits key of the definition's TimeoutSeconds
WAITING_PHASES = {"task", "wait", "retry"}
ABORTABLE = ("Task", "Wait", "Map", "Parallel")  # the states that can be in progress


class LifecycleMixin:
    """The Runner's execution-level operations."""

    program: dict[str, Any]
    definition: dict[str, Any]

    def start(self, value: Any) -> None:
        """Record ExecutionStarted and make the root thread ready at StartAt."""
        self._event(None, "ExecutionStarted", input=value)
        if self._timeout_refused():
            return
        root = programs.new_thread(self.program, [], self.definition["StartAt"], value, {}, None)
        self._enter_state(root)
        self._arm_execution_timeout()

    def abort(self, error: str | None = None, cause: str | None = None) -> None:
        """Stop the execution (StopExecution): ABORTED, every pending wait cancelled."""
        if self.status == programs.RUNNING:
            self._record_aborted_states()
            self._finish_execution("ABORTED", "ExecutionAborted", {"error": error, "cause": cause})

    def _record_aborted_states(self) -> None:
        """…StateAborted for every Task, Wait, Map or Parallel still in progress, and
        MapIterationAborted for its iterations, innermost first, as Step Functions records a
        stop. The threads themselves stay as they are, for a redrive."""
        threads = self.program["threads"]
        live = [t for t in threads.values() if t["phase"] not in ("failed", "stopped")]
        for thread in sorted(live, key=lambda t: -len(t["machine"])):
            kind = self._node(thread)["Type"]
            if kind in ABORTABLE:
                self._event(thread, f"{kind}StateAborted")
            parent = threads.get(thread["parent"])
            if parent is not None and parent.get("fork", {}).get("kind") == "Map":
                index = thread["slot"]
                self._event(parent, "MapIterationAborted", name=parent["state"], index=index)

    def fail_execution(self, error: str, cause: str) -> None:
        """End the execution as FAILED for a reason outside any state (e.g. a limit)."""
        if self.status == programs.RUNNING:
            self._finish_execution("FAILED", "ExecutionFailed", {"error": error, "cause": cause})

    def time_out(self) -> None:
        """The definition's TimeoutSeconds ran out."""
        seconds = self.definition.get("TimeoutSeconds")
        cause = f"The execution did not end within its TimeoutSeconds ({seconds} s)."
        result = {"error": errors.TIMEOUT, "cause": cause}
        self._finish_execution("TIMED_OUT", "ExecutionTimedOut", result)

    def redrive(self) -> None:
        """Resume a FAILED, TIMED_OUT or ABORTED execution where it stopped."""
        if self.status not in ("FAILED", "TIMED_OUT", "ABORTED"):
            raise ValueError(f"an execution that is {self.status} cannot be redriven")
        for field in ("error", "cause", "output"):
            self.program.pop(field, None)
        self.program["status"] = programs.RUNNING
        self.program["execution"]["RedriveCount"] = (
            self.program["execution"].get("RedriveCount", 0) + 1
        )
        self._event(
            None, "ExecutionRedriven", redriveCount=self.program["execution"]["RedriveCount"]
        )
        if self._timeout_refused():
            return
        roots = [t for t in self.program["threads"].values() if t["parent"] is None]
        for root in roots:
            self._resume(root)
        self._arm_execution_timeout()

    def _resume(self, thread: dict[str, Any]) -> None:
        """Re-enter a thread's state, or reopen its fork with only the unfinished children."""
        thread.pop("failure", None)
        record = thread.get("fork")
        if record is None:
            self._enter_state(thread)
            return
        children = [t for t in self.program["threads"].values() if t["parent"] == thread["id"]]
        record.update(running=len(children), failed=0, done=record["next"] - len(children))
        thread["phase"] = "fork"
        self._event(thread, f"{record['kind']}StateRedriven")
        for child in children:
            self._resume(child)
        self._launch_children(thread)

    def _timeout_refused(self) -> bool:
        """Fail the execution when its TimeoutSeconds is beyond Step Functions' range (the
        validator accepts any positive integer; a timer that far off cannot be computed)."""
        seconds = self.definition.get("TimeoutSeconds")
        if seconds is None or seconds <= MAX_TIMEOUT_SECONDS:
            return False
        cause = (
            f"The state machine's TimeoutSeconds ({seconds}) is more than the maximum of "
            f"{MAX_TIMEOUT_SECONDS} seconds."
        )
        self.fail_execution(errors.RUNTIME, cause)
        return True

    def _arm_execution_timeout(self) -> None:
        seconds = self.definition.get("TimeoutSeconds")
        if seconds is None:
            return
        # On a redrive the clock starts again (as Step Functions restarts it).
        at = self.options.now + timedelta(seconds=float(seconds))
        self.program["waits"][EXECUTION_TIMEOUT] = ""
        self.effects.append({"kind": "timer", "key": EXECUTION_TIMEOUT, "fire_at": at.isoformat()})

    def _finish_execution(self, status: str, event: str, result: dict[str, Any]) -> None:
        self._observe_end(status)
        self.program["status"] = status
        self.program.update(result)
        self._event(None, event, **result)
        for key in list(self.program["waits"]):
            self.effects.append({"kind": "cancel", "key": key})
        self.program["waits"].clear()
        self.program["ready"].clear()
        if status == "SUCCEEDED":
            self.program["threads"].clear()
        # Otherwise the threads stay as they stopped, for a redrive.
