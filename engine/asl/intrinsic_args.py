"""Argument checks shared by the intrinsic functions; a bad argument is States.IntrinsicFailure."""

from __future__ import annotations

from typing import Any

from engine.asl.errors import INTRINSIC_FAILURE, StatesError
from engine.asl.java_text import to_json_text
from engine.asl.limits import is_finite_number

JAVA_INT_MIN, JAVA_INT_MAX = -(2**31), 2**31 - 1


def fail(cause: str) -> StatesError:
    """The error an intrinsic function raises at run time."""
    return StatesError(INTRINSIC_FAILURE, cause)


def as_integer(value: Any, function: str) -> int:
    if is_finite_number(value) and (isinstance(value, int) or value.is_integer()):
        return int(value)
    raise fail(f"The {function} function expects integer arguments, got {to_json_text(value)}")


def as_whole_number(value: Any, function: str) -> int:
    """Numbers truncated to integers, as AWS accepts States.MathRandom(12.5, 44.51)."""
    if not is_finite_number(value):
        raise fail(f"The {function} function expects numbers, got {to_json_text(value)}")
    return int(value)


def as_java_int(value: int, function: str) -> int:
    """`value` when Java's int holds it, as AWS's MathAdd and MathRandom require."""
    if not JAVA_INT_MIN <= value <= JAVA_INT_MAX:
        raise fail(f"The {function} arguments must be between {JAVA_INT_MIN} and {JAVA_INT_MAX}")
    return value


def as_array(value: Any, function: str) -> list[Any]:
    if isinstance(value, list):
        return value
    raise fail(f"The {function} function expects an array, got {to_json_text(value)}")


def as_string(value: Any, function: str) -> str:
    if isinstance(value, str):
        return value
    raise fail(f"The {function} function expects a string, got {to_json_text(value)}")


def as_limited_string(value: Any, function: str) -> str:
    """A string argument of at most 10,000 characters (the Base64 and Hash functions' limit)."""
    text = as_string(value, function)
    if len(text) > 10000:
        raise fail(f"The {function} argument is limited to 10000 characters")
    return text
