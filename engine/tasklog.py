"""`from baton import log`: business-level log lines from inside a Python function.

    log.info("waiting on payment", order_id=42)

writes a line through `logging` (logger "baton.task", the fields as `extra`, so a JSON line
carries them next to the execution id) and, inside a task, a `TaskLog` note that the engine
writes to the execution's history with the task's outcome (engine/tasklocal.py). The notes stay
within the history's limits: MAX_NOTES a task attempt, messages and fields cut to size.
No Django import here: `baton/__init__.py` exports `log` and must stay light.
"""

from __future__ import annotations

import json
import logging
from datetime import UTC, datetime
from typing import Any

from . import tasklocal
from .asl.storable import clean_text, problem_in_dump

EVENT = "TaskLog"
MAX_NOTES = 100  # a task attempt's TaskLog events; one more says how many were left out
MAX_MESSAGE = 1000  # characters, the cut marked with an ellipsis
MAX_FIELDS_BYTES = 8 * 1024  # the fields' JSON, UTF-8
FIELDS_ATTR = "baton_fields"  # names the record's task fields, for the text console (logs.py)
LEVELS = {
    "debug": logging.DEBUG,
    "info": logging.INFO,
    "warning": logging.WARNING,
    "error": logging.ERROR,
}

logger = logging.getLogger("baton.task")
# A field may not take the name of a LogRecord attribute (logging refuses it): it gets a "_".
_RESERVED = {*vars(logging.LogRecord("", 0, "", 0, "", (), None)), "message", "asctime"}


class TaskLog:
    """The `log` object of `from baton import log`; every level is kept in the history too."""

    def debug(self, message: object, /, **fields: Any) -> None:
        write("debug", message, fields)

    def info(self, message: object, /, **fields: Any) -> None:
        write("info", message, fields)

    def warning(self, message: object, /, **fields: Any) -> None:
        write("warning", message, fields)

    def error(self, message: object, /, **fields: Any) -> None:
        write("error", message, fields)


log = TaskLog()


def write(level: str, message: object, fields: dict[str, Any]) -> None:
    """Log the line; inside a task, also keep it as a TaskLog note for the history."""
    text = str(message)
    extra = {(f"{key}_" if key in _RESERVED else key): value for key, value in fields.items()}
    logger.log(LEVELS[level], text, extra={**extra, FIELDS_ATTR: tuple(extra)})
    scope = tasklocal.current()
    if scope is not None:
        add_note(scope, level, text, fields)


def add_note(scope: tasklocal.TaskScope, level: str, message: str, fields: dict[str, Any]) -> None:
    """Append a TaskLog note to `scope`; past MAX_NOTES, count the line in one last note."""
    kept = [note for note in scope.notes if note["type"] == EVENT]
    if len(kept) > MAX_NOTES:
        _count_dropped(kept[-1]["details"])
    elif len(kept) == MAX_NOTES:
        dropped = _details("warning", "", {}, None, scope.state)
        _count_dropped(dropped)
        scope.notes.append({"type": EVENT, "details": dropped})
    else:
        stored, omitted = storable_fields(fields)
        details = _details(level, cut(message), stored, omitted, scope.state)
        scope.notes.append({"type": EVENT, "details": details})


def _details(
    level: str, message: str, fields: dict[str, Any], omitted: str | None, state: str
) -> dict[str, Any]:
    details: dict[str, Any] = {"level": level, "message": message, "fields": fields}
    if omitted:
        details["fieldsOmitted"] = omitted
    if state:
        details["state"] = state
    details["loggedAt"] = datetime.now(UTC).isoformat(timespec="milliseconds")
    return details


def _count_dropped(details: dict[str, Any]) -> None:
    dropped = details.get("dropped", 0) + 1
    lines = "1 more log line was" if dropped == 1 else f"{dropped} more log lines were"
    details["dropped"] = dropped
    details["message"] = f"{lines} left out: a task attempt keeps {MAX_NOTES} at most"


def cut(message: str) -> str:
    """The message as history can hold it: at most MAX_MESSAGE characters, and no NUL or lone
    surrogate (Postgres refuses them: engine/asl/storable.py)."""
    message = clean_text(message)
    return message if len(message) <= MAX_MESSAGE else message[: MAX_MESSAGE - 1] + "…"


def storable_fields(fields: dict[str, Any]) -> tuple[dict[str, Any], str | None]:
    """The fields as history can hold them (a value JSON cannot hold becomes its repr), and why
    they were left out when their JSON is over MAX_FIELDS_BYTES."""
    stored = {clean_text(str(key)): storable(value) for key, value in fields.items()}
    size = len(json.dumps(stored, ensure_ascii=False).encode())
    if size <= MAX_FIELDS_BYTES:
        return stored, None
    return {}, f"{size:,} bytes of JSON, over the {MAX_FIELDS_BYTES // 1024} KiB a log line keeps"


def storable(value: Any) -> Any:
    """`value` as JSON holds it, what JSON cannot hold inside it (an object, a set) as its repr;
    the whole value's repr when even that fails (NaN, a cycle, keys that are not strings).
    Text Postgres would refuse has its NULs and lone surrogates replaced by U+FFFD."""
    try:
        dumped = json.dumps(value, allow_nan=False, default=safe_repr)
    except (TypeError, ValueError, RecursionError):
        return clean_text(safe_repr(value))
    stored = json.loads(dumped)
    return _cleaned(stored) if problem_in_dump(dumped, stored) else stored


def _cleaned(value: Any) -> Any:
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, list):
        return [_cleaned(item) for item in value]
    if isinstance(value, dict):
        return {clean_text(key): _cleaned(item) for key, item in value.items()}
    return value


def safe_repr(value: Any) -> str:
    try:
        return repr(value)
    except Exception:  # noqa: BLE001 - a broken __repr__ of user code must not fail the task
        return f"<{type(value).__name__} object>"
