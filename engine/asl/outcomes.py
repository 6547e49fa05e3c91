"""What running one state produces: the seam between the pure interpreter and its driver.

A state never blocks and never touches storage; it returns one of these and the interpreter
(`interpreter.Runner`) turns it into history events, thread changes and effects.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any


@dataclass(frozen=True)
class Next:
    """Go on to `state` with `output`; `assign` holds variables to set on the way."""

    state: str
    output: Any
    assign: dict[str, Any] | None = None


@dataclass(frozen=True)
class End:
    """The state machine (or branch, or iteration) ends with `output`."""

    output: Any
    assign: dict[str, Any] | None = None


@dataclass(frozen=True)
class Failed:
    """The state failed. `prefixed` adds AWS's "An error occurred while executing…" prefix."""

    error: str | None
    cause: str | None
    prefixed: bool = False
    catchable: bool = True  # a Fail state's own failure goes straight up, unretried


@dataclass(frozen=True)
class Invoke:
    """Run a Task's resource with `payload`; the driver reports back success or failure."""

    resource: str
    payload: Any
    timeout_seconds: float | None = None
    heartbeat_seconds: float | None = None


@dataclass(frozen=True)
class WaitUntil:
    """Pause until `at`, then take `then` (a Next or End)."""

    at: datetime
    then: Next | End


@dataclass(frozen=True)
class Fork:
    """Start child threads (Parallel branches or Map iterations) and resume with their results."""

    kind: str  # "parallel" or "map"
    inputs: list[Any]
    max_concurrency: int = 0  # 0: no limit
    tolerated_count: int | None = None
    tolerated_percentage: float | None = None
    machines: list[list[Any]] = field(default_factory=list)  # definition path per child
    distributed: bool = False  # a DISTRIBUTED Map fails on any failure beyond its thresholds


Outcome = Next | End | Failed | Invoke | WaitUntil | Fork
