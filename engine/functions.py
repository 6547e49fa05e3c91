"""The registry of Python functions that Task states call by name.

    from baton import function

    @function("charge-card")
    def charge_card(payload): ...

Modules listed in the BATON_FUNCTION_MODULES setting are imported when the engine starts.
No Django import here: the decorator must work in any module a team writes.
"""

from __future__ import annotations

import importlib
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

Handler = Callable[[Any], Any]


@dataclass(frozen=True)
class RegisteredFunction:
    name: str
    handler: Handler
    queue: bool = False  # long-running: runs on the django-q2 cluster (runtime issue)


_registry: dict[str, RegisteredFunction] = {}
_lock = threading.Lock()


def function(name: str, *, queue: bool = False) -> Callable[[Handler], Handler]:
    """Register the decorated one-argument function as the task function NAME."""

    def register(handler: Handler) -> Handler:
        with _lock:
            _registry[name] = RegisteredFunction(name, handler, queue)
        return handler

    return register


def register(name: str, handler: Handler) -> None:
    """Register without a decorator (used for functions made at run time)."""
    function(name)(handler)


def lookup(name: str) -> RegisteredFunction | None:
    return _registry.get(name)


def registered_names() -> list[str]:
    return sorted(_registry)


def load_modules(modules: Iterable[str]) -> None:
    """Import every module so its @function decorators run."""
    for module in modules:
        importlib.import_module(module)
