"""Argument checks shared by the intrinsic functions; a bad argument is States.IntrinsicFailure."""

from __future__ import annotations

from typing import Any

from engine.asl.errors import INTRINSIC_FAILURE, StatesError
from engine.asl.java_text import is_number, to_json_text


def fail(cause: str) -> StatesError:
    """The error an intrinsic function raises at run time."""
    return StatesError(INTRINSIC_FAILURE, cause)


def as_integer(value: Any, function: str) -> int:
    if is_number(value) and float(value).is_integer():
        return int(value)
    raise fail(f"The {function} function expects integer arguments, got {to_json_text(value)}")


def as_whole_number(value: Any, function: str) -> int:
    """Numbers truncated to integers, as AWS accepts States.MathRandom(12.5, 44.51)."""
    if not is_number(value):
        raise fail(f"The {function} function expects numbers, got {to_json_text(value)}")
    return int(value)


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
