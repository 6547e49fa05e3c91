"""Reading a definition given as JSON text: syntax errors with line and column, keys
repeated in one object (Python's json keeps the last one silently; AWS rejects them), and
numbers JSON cannot hold."""

from __future__ import annotations

import json
import math
from typing import Any

from .diagnostic import Report, pointer


class _Object(dict[str, Any]):
    """A parsed JSON object that remembers which of its keys appeared more than once."""

    duplicates: tuple[str, ...] = ()


def _object(pairs: list[tuple[str, Any]]) -> _Object:
    result = _Object(pairs)
    seen: set[str] = set()
    result.duplicates = tuple(key for key, _ in pairs if key in seen or seen.add(key))
    return result


def load(text: str, report: Report) -> tuple[bool, Any]:
    """Parse `text`; (False, None) after reporting invalid_json."""
    try:
        return True, json.loads(text, object_pairs_hook=_object)
    except json.JSONDecodeError as exc:
        report.error(
            "invalid_json",
            f"not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}",
            "",
        )
        return False, None


def report_duplicate_keys(value: Any, report: Report, location: str = "") -> None:
    if isinstance(value, _Object):
        for key in dict.fromkeys(value.duplicates):
            report.error(
                "duplicate_key",
                f"key '{key}' appears more than once in one object; "
                "JSON parsers keep only the last",
                pointer(location, key),
            )
    if isinstance(value, dict):
        for key, item in value.items():
            report_duplicate_keys(item, report, pointer(location, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            report_duplicate_keys(item, report, pointer(location, index))


def report_non_finite_numbers(value: Any, report: Report) -> None:
    """NaN and ±Infinity (Python's json reads 1e400 as Infinity): no JSON can hold them, so
    neither could a state's output or the stored definition. Iterative: any depth."""
    stack: list[tuple[Any, str]] = [(value, "")]
    while stack:
        item, location = stack.pop()
        if isinstance(item, float) and not math.isfinite(item):
            report.error(
                "invalid_number", "a number too large for a double (or NaN) is not JSON", location
            )
        elif isinstance(item, dict):
            stack.extend((child, pointer(location, key)) for key, child in item.items())
        elif isinstance(item, list):
            stack.extend((child, pointer(location, index)) for index, child in enumerate(item))


def plain(value: Any) -> Any:
    """The parsed document with ordinary dicts, so callers never see _Object."""
    if isinstance(value, dict):
        return {key: plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [plain(item) for item in value]
    return value
