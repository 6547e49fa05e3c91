"""Reading a definition given as JSON text: syntax errors with line and column, and keys
repeated in one object (Python's json keeps the last one silently; AWS rejects them)."""

from __future__ import annotations

import json
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


def plain(value: Any) -> Any:
    """The parsed document with ordinary dicts, so callers never see _Object."""
    if isinstance(value, dict):
        return {key: plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [plain(item) for item in value]
    return value
