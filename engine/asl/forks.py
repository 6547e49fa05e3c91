"""Parallel branches and Map iterations as child threads of the state that forked them.

The parent thread waits in phase "fork" with a record of its children; each child that ends
reports here, more children start while MaxConcurrency allows, and the parent resumes with the
results in order, or fails (stopping its remaining children) when a failure is not tolerated.
"""

from __future__ import annotations

from typing import Any

from . import errors
from . import program as programs
from .errors import StatesError
from .outcomes import Failed, Fork
from .states import STATE_TYPES

THRESHOLD_CAUSE = "The specified tolerated failure threshold was exceeded"


class ForkMixin:
    """The Runner's fork handling; uses the Runner's `program`, `_event`, `_apply` and friends."""

    program: dict[str, Any]

    def _fork(self, thread: dict[str, Any], fork: Fork) -> None:
        kind = "Map" if fork.kind == "map" else "Parallel"
        if kind == "Map":  # ItemSelector can build what a state's input could not hold
            problem = self._unstorable(thread, fork.inputs, "ItemSelector")
            if problem is not None:
                self._fail(thread, problem)
                return
        self._event(thread, f"{kind}StateStarted", length=len(fork.inputs))
        thread["phase"] = "fork"
        thread["fork"] = {
            "kind": kind,
            "inputs": fork.inputs,
            "machines": fork.machines,
            "next": 0,
            "running": 0,
            "done": 0,
            "failed": 0,
            "results": [None] * len(fork.inputs),
            "max": fork.max_concurrency,
            "tolerated_count": fork.tolerated_count,
            "tolerated_percentage": fork.tolerated_percentage,
            "distributed": fork.distributed,
        }
        if not fork.inputs:
            self._fork_succeeded(thread)
            return
        self._launch_children(thread)

    def _launch_children(self, parent: dict[str, Any]) -> None:
        record = parent["fork"]
        total = len(record["inputs"])
        while record["next"] < total and (not record["max"] or record["running"] < record["max"]):
            index = record["next"]
            record["next"] += 1
            record["running"] += 1
            machine = record["machines"][index]
            start_at = self._machine(machine)["StartAt"]
            if record["kind"] == "Map":
                self._event(parent, "MapIterationStarted", name=parent["state"], index=index)
            value = record["inputs"][index]
            record["inputs"][index] = None  # the child owns it now; keeps the program small
            child = programs.new_thread(
                self.program, machine, start_at, value, dict(parent["vars"]), parent["id"]
            )
            child["slot"] = index
            child["last"] = parent["last"]
            self._enter_state(child)

    def _child_ended(self, child: dict[str, Any], ok: bool, result: dict[str, Any]) -> None:
        parent = self.program["threads"].get(child["parent"])
        if parent is None or parent.get("phase") != "fork":
            return  # the parent already failed or stopped; a late child changes nothing
        record = parent["fork"]
        record["running"] -= 1
        record["done"] += 1
        index = child["slot"]
        if record["kind"] == "Map":
            what = "Succeeded" if ok else "Failed"
            self._event(parent, f"MapIteration{what}", name=parent["state"], index=index)
        if ok:
            record["results"][index] = result["output"]
        else:
            record["failed"] += 1
            record["results"][index] = {"Error": result.get("error"), "Cause": result.get("cause")}
            if not self._tolerated(record):
                self._fork_failed(parent, result)
                return
            self._drop_children(child)  # tolerated: nothing of it needs resuming
            self.program["threads"].pop(child["id"], None)
        if record["done"] == len(record["results"]):
            self._fork_succeeded(parent)
        else:
            self._launch_children(parent)

    def _tolerated(self, record: dict[str, Any]) -> bool:
        count, percentage = record["tolerated_count"], record["tolerated_percentage"]
        if count is None and percentage is None:
            return False  # also a DISTRIBUTED Map's default: both thresholds are zero
        if count is not None and record["failed"] > count:
            return False
        share = 100.0 * record["failed"] / len(record["results"])
        return percentage is None or share <= percentage

    def _fork_failed(self, parent: dict[str, Any], result: dict[str, Any]) -> None:
        """A child failed beyond tolerance: halt its siblings and fail the parent's state.

        The fork record and the halted children stay until the parent retries, catches or
        ends: a redrive resumes them (lifecycle.py).
        """
        record = parent["fork"]
        self._halt_children(parent)
        self._event(parent, f"{record['kind']}StateFailed")
        parent["phase"] = "failing"
        error, cause = result.get("error"), result.get("cause")
        thresholds = (record["tolerated_count"], record["tolerated_percentage"])
        if record.get("distributed") or thresholds != (None, None):
            error, cause = errors.EXCEED_TOLERATED_FAILURE_THRESHOLD, THRESHOLD_CAUSE
        self._fail(parent, Failed(error, cause))

    def _fork_succeeded(self, parent: dict[str, Any]) -> None:
        record = parent.pop("fork")
        self._event(parent, f"{record['kind']}StateSucceeded")
        parent["phase"] = "resuming"
        run = self._state_run(parent)
        try:
            outcome = STATE_TYPES[record["kind"]].resume(run, record["results"])
        except StatesError as failure:
            outcome = Failed(failure.error, failure.cause, prefixed=failure.prefixed)
        self._apply(parent, outcome)

    def _halt_children(self, parent: dict[str, Any]) -> None:
        """Stop every thread below `parent`: cancel what they wait on, keep their records."""
        halted = set(programs.descendants(self.program, parent["id"]))
        self._cancel_waits(halted)
        for thread_id in halted:
            thread = self.program["threads"][thread_id]
            if thread["phase"] not in ("failed", "stopped"):
                self._observe_state(thread, "cancelled")  # its state ends unfinished
            if thread["phase"] != "failed":
                thread["phase"] = "stopped"

    def _drop_children(self, parent: dict[str, Any]) -> None:
        """Forget a finished fork: its children will never resume (retried or caught)."""
        parent.pop("fork", None)
        doomed = set(programs.descendants(self.program, parent["id"]))
        self._cancel_waits(doomed)
        threads = self.program["threads"]
        for thread_id in doomed:  # their states end unfinished (their spans, telemetry)
            if thread_id in threads and threads[thread_id]["phase"] not in ("failed", "stopped"):
                self._observe_state(threads[thread_id], "cancelled")
        for thread_id in doomed:
            threads.pop(thread_id, None)

    def _cancel_waits(self, thread_ids: set[str]) -> None:
        for key, thread_id in list(self.program["waits"].items()):
            if thread_id in thread_ids:
                del self.program["waits"][key]
                self.effects.append({"kind": "cancel", "key": key})
