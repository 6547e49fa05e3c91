"""Bounds on what evaluating a user's expression may build or spend, checked before it is built.

Shared by the intrinsic functions, JSONPath, JSONata and the states' numeric fields; each caller
turns a LimitExceeded into its own ASL error. Every limit is listed, with the error it gives, in
docs/architecture.md ("Bounded evaluation").
"""

from __future__ import annotations

import json
import math
import re
from typing import Any

# The deepest nesting of arrays and objects a value built from text (States.StringToJson,
# JSONata $parse) may have: well below Python's default recursion limit of 1000, since the
# interpreter's own walkers take one or two frames a level, and far below what jsonb accepts.
MAX_JSON_DEPTH = 256
# The largest value one expression may build, as characters of its compact JSON: four times
# the 256 KiB payload limit, so no state output that could be stored is refused.
MAX_VALUE_CHARS = 4 * 256 * 1024
# Step Functions' range for a Wait's seconds and a Task's TimeoutSeconds/HeartbeatSeconds.
MAX_WAIT_SECONDS = 99_999_999
MAX_TIMEOUT_SECONDS = 99_999_999
# The longest retry back-off: the largest MaxDelaySeconds Step Functions accepts (366 days,
# a little more than the one-year maximum duration of an execution).
MAX_RETRY_DELAY_SECONDS = 31_622_400

_STRUCTURE = re.compile(r'[\[\]{}"\\]')
_NUMBER_CHARS = 8  # an estimate of a number's JSON text; only the order of magnitude matters


class LimitExceeded(ValueError):
    """A value would break one of the bounds above; the message says which, for a cause."""


def load_json(text: str) -> Any:
    """json.loads, refusing nesting deeper than MAX_JSON_DEPTH (found before parsing, without
    recursion), numbers a double cannot hold (1e400) and NaN/Infinity, which are not JSON.

    Raises LimitExceeded for a bound, ValueError (json.JSONDecodeError) for bad JSON.
    """
    if text_depth_exceeds(text, MAX_JSON_DEPTH):
        raise LimitExceeded(f"the JSON text nests deeper than {MAX_JSON_DEPTH} levels")
    return json.loads(text, parse_float=_finite_float, parse_constant=_refuse_constant)


def text_depth_exceeds(text: str, limit: int) -> bool:
    """True when JSON `text` opens more than `limit` arrays/objects inside one another.

    One pass over the structural characters; brackets inside strings do not count.
    """
    if text.count("[") + text.count("{") <= limit:
        return False
    depth, in_string, escaped_at = 0, False, -1
    for match in _STRUCTURE.finditer(text):
        char, at = match.group(), match.start()
        if in_string:
            if at == escaped_at:
                continue  # the character after a backslash
            if char == "\\":
                escaped_at = at + 1
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char in "[{":
            depth += 1
            if depth > limit:
                return True
        elif char in "]}":
            depth -= 1
    return False


def exceeds_size(value: Any, limit: int = MAX_VALUE_CHARS) -> bool:
    """True when `value`'s compact JSON would be longer than `limit` characters (estimated)."""
    return estimate_size(value, limit) > limit


def estimate_size(value: Any, limit: int = MAX_VALUE_CHARS, *, indent: int = 0) -> int:
    """About how many characters `value`'s JSON has; past `limit`, some larger number.

    Compact JSON, or indented by `indent` spaces a level (each item then also takes a line).
    A part that appears several times counts each time, as serialising it would; the walk stops
    as soon as the limit is passed, so it costs at most about `limit` steps, however large (or
    however shared) the value.
    """
    total, stack = 0, [(value, 0)]
    while stack and total <= limit:
        item, depth = stack.pop()
        if indent and depth:
            total += 1 + indent * depth  # the newline and the indentation before the item
        if isinstance(item, str):
            total += len(item) + 2
        elif isinstance(item, dict):
            total += 2 + len(item)
            for key, child in item.items():
                total += len(key) + 3 if isinstance(key, str) else _NUMBER_CHARS
                stack.append((child, depth + 1))
        elif isinstance(item, list | tuple):
            total += 2 + len(item)
            stack.extend((child, depth + 1) for child in item)
        else:
            total += _NUMBER_CHARS if is_number(item) else 4
    return total


def is_number(value: Any) -> bool:
    """A JSON number: int or float, not bool."""
    return isinstance(value, int | float) and not isinstance(value, bool)


def is_finite_number(value: Any) -> bool:
    """A JSON number that JSON can hold: not NaN, not ±Infinity."""
    return is_number(value) and (isinstance(value, int) or math.isfinite(value))


def _finite_float(text: str) -> float:
    number = float(text)
    if not math.isfinite(number):
        raise LimitExceeded(f"the number {_shorten(text)} is too large for a double")
    return number


def _refuse_constant(text: str) -> Any:
    raise ValueError(f"{text} is not a JSON value")


def _shorten(text: str, length: int = 40) -> str:
    return text if len(text) <= length else text[:length] + "…"
