"""Functions the bench's Task states call; engines load them via BATON_FUNCTION_MODULES."""

from __future__ import annotations

from typing import Any

from engine.functions import function


@function("bench-noop")
def noop(payload: Any) -> Any:
    """Trivial: returns its input, so the cost measured is the engine's alone."""
    return payload
