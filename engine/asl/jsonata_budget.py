"""The bounds of one JSONata evaluation: its deadline and what it may build or walk.

jsonata-python's time box only looks at the clock between evaluation steps, so one step that
runs long in C or in a library loop escapes it. The modules that bound those steps share this
one: jsonata_regex (regular expressions), jsonata_builtins (built-in functions) and
jsonata_bounds (operators). A broken bound raises LimitExceeded (limits.py), which
engine.asl.jsonata reports as States.QueryEvaluationError.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from engine.asl.limits import MAX_VALUE_CHARS, LimitExceeded, estimate_size

# One evaluation's time box; a regular expression gets what is left of it.
TIMEOUT_SECONDS = 1.0
# The longest string and the longest array one function or operator may build.
MAX_STRING_CHARS = MAX_VALUE_CHARS
MAX_ARRAY_ITEMS = 131_072  # as many items as a 256 KiB payload holds, at two characters each
# Characters plus array items that built-in functions and operators may build in all during
# one evaluation: what keeps a loop of individually allowed values from filling memory.
MAX_BUILT_UNITS = 128 * 1024 * 1024


@dataclass
class _Evaluation:
    deadline: float
    units_left: int = MAX_BUILT_UNITS


_CURRENT: ContextVar[_Evaluation | None] = ContextVar("jsonata_evaluation", default=None)


@contextmanager
def evaluation() -> Iterator[None]:
    """The bounds of one evaluation: its deadline for regexes and its building allowance."""
    token = _CURRENT.set(_Evaluation(time.monotonic() + TIMEOUT_SECONDS))
    try:
        yield
    finally:
        _CURRENT.reset(token)


def current() -> _Evaluation:
    """This evaluation's bounds (fresh ones outside an evaluation, e.g. in a unit test)."""
    found = _CURRENT.get()
    return found if found is not None else _Evaluation(time.monotonic() + TIMEOUT_SECONDS)


def refuse_larger(kind: str, size: int) -> None:
    """LimitExceeded when a string ("string", `size` in characters) or an array ("array", in
    items) about to be built would be larger than one function or operator may build."""
    limit = MAX_STRING_CHARS if kind == "string" else MAX_ARRAY_ITEMS
    if size > limit:
        what = "a string of more than" if kind == "string" else "an array of more than"
        unit = "characters" if kind == "string" else "items"
        raise LimitExceeded(f"it would build {what} {limit} {unit}")


def built(kind: str, size: int) -> None:
    """refuse_larger, then count the value against the evaluation's allowance."""
    refuse_larger(kind, size)
    bounds = current()
    bounds.units_left -= size
    if bounds.units_left < 0:
        raise LimitExceeded(
            f"it builds more than {MAX_BUILT_UNITS} characters and array items in all"
        )


def check_walk(*values: Any) -> None:
    """Refuse to walk a value whose parts, counted each time they appear, are too large."""
    for value in values:
        if isinstance(value, list | dict) and estimate_size(value) > MAX_VALUE_CHARS:
            raise LimitExceeded(f"it works on a value larger than {MAX_VALUE_CHARS} characters")
