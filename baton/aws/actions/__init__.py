"""Step Functions actions by name: `@action("StartExecution")` on `def f(call: Call) -> dict`."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

Handler = Callable[["Call"], dict[str, Any]]
ACTIONS: dict[str, Handler] = {}


@dataclass(frozen=True)
class Call:
    """One request: the action's JSON body and the Baton user the access key belongs to."""

    body: dict[str, Any]
    user: Any
    traceparent: str | None = None  # the W3C header, which a started execution's trace continues


class AwsError(Exception):
    """An error as Step Functions reports it: `{"__type": code, "message": …}` with a status."""

    def __init__(self, code: str, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.status = status


def action(name: str) -> Callable[[Handler], Handler]:
    def register(handler: Handler) -> Handler:
        ACTIONS[name] = handler
        return handler

    return register


def load() -> None:
    """Import the action modules so their @action decorators run."""
    from . import aliases, executions, state_machines, tags, tasks  # noqa: F401
