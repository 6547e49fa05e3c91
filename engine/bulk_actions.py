"""Stop or redrive many executions at once (the execution list's bulk actions).

Each execution is handled on its own, through execution_services as a single stop or redrive
is: one that cannot be stopped (it has ended) or redriven (it has not failed) is skipped and
counted, and the others go ahead.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from . import execution_services as services
from .models import Execution

MAX_IDS = 500  # more than a page holds (list_filters.PAGE_SIZE)


@dataclass(frozen=True)
class Action:
    verb: str  # "Stop": the confirmation's button
    done_word: str  # "Stopped 3"
    skipped_reason: str  # "1 had already ended"
    run: Callable[[Execution], object]
    refusal: type[Exception]


ACTIONS = {
    "stop": Action("Stop", "Stopped", "had already ended", services.stop, services.NotRunning),
    "redrive": Action(
        "Redrive",
        "Redrove",
        "had not failed, timed out or been aborted",
        services.redrive,
        services.CannotRedrive,
    ),
}


@dataclass(frozen=True)
class Outcome:
    action: Action
    done: int
    skipped: int
    missing: int

    @property
    def message(self) -> str:
        """E.g. "Stopped 3; 1 had already ended."."""
        parts = [f"{self.action.done_word} {self.done}"]
        if self.skipped:
            parts.append(f"{self.skipped} {self.action.skipped_reason}")
        if self.missing:
            parts.append(f"{self.missing} could not be found")
        return "; ".join(parts) + "."


def apply(name: str, ids: Iterable[str]) -> Outcome:
    """Run the action named `name` (a key of ACTIONS) on each execution, once each."""
    action = ACTIONS[name]
    done = skipped = missing = 0
    for execution_id in dict.fromkeys(ids):
        try:
            action.run(services.get_execution(execution_id))
            done += 1
        except services.ExecutionNotFound:
            missing += 1
        except action.refusal:
            skipped += 1
    return Outcome(action, done, skipped, missing)
