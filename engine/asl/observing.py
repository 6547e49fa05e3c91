"""What a transition did, for the Django layer's telemetry (engine/telemetry/observe.py):
states that ended and how, task attempts, retries, the execution's end. Pure data, recorded
only when Options.observe is on (metrics or tracing), so an engine that observes nothing pays
nothing. History events do not say everything needed (a retry leaves no event; a state's
entry may lie in an earlier transaction), the runner's threads do, at the moment it happens.
"""

from __future__ import annotations

from typing import Any

# How a state ended when the execution ended around it, by the execution's final status.
ENDED_BY = {"FAILED": "cancelled", "ABORTED": "aborted", "TIMED_OUT": "timed_out"}


class ObservingMixin:
    """The Runner's observations; uses the Runner's `_node` and TaskMixin's `_resource`."""

    program: dict[str, Any]
    observed: list[dict[str, Any]] | None
    _timestamp: str

    def _observe_state(
        self, thread: dict[str, Any], outcome: str, error: str | None = None
    ) -> None:
        """The state `thread` is in ended: succeeded, failed, caught, or ENDED_BY's."""
        if self.observed is None or "entered" not in thread:
            return
        parent = self.program["threads"].get(thread["parent"]) if thread["parent"] else None
        self.observed.append(
            {
                "kind": "state",
                "name": thread["state"],
                "type": self._node(thread)["Type"],
                "entered": thread["entered"],
                "entered_at": thread["entered_at"],
                "parent": parent.get("entered") if parent else None,
                "slot": thread.get("slot") if parent else None,
                "outcome": outcome,
                "error": error,
                "at": self._timestamp,
            }
        )

    def _observe_task(self, thread: dict[str, Any], outcome: str, error: str | None = None) -> None:
        """A task attempt of `thread` ended (succeeded or failed)."""
        if self.observed is None:
            return
        self.observed.append(
            {
                "kind": "task",
                "name": thread["state"],
                "entered": thread.get("entered"),
                "key": thread.get("key"),
                "resource": self._resource(thread),
                "attempt": sum(thread["retries"].values()) + 1,
                "scheduled_at": thread.pop("scheduled_at", None),
                "outcome": outcome,
                "error": error,
                "at": self._timestamp,
            }
        )

    def _observe_retry(self, thread: dict[str, Any], error: str | None) -> None:
        if self.observed is not None:
            self.observed.append({"kind": "retry", "name": thread["state"], "error": error})

    def _observe_end(self, status: str) -> None:
        """The execution ended: its states still open end with it."""
        if self.observed is None:
            return
        if status in ENDED_BY:
            for thread in list(self.program["threads"].values()):
                if thread["phase"] not in ("failed", "stopped"):
                    self._observe_state(thread, ENDED_BY[status])
        self.observed.append({"kind": "execution", "status": status, "at": self._timestamp})
