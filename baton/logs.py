"""How Baton's log lines look on the console: JSON, one object a line (BATON_LOG_FORMAT=json),
or readable text for `make run`. settings.LOGGING picks one for the console handler.

Both read the fields bound around engine work and task bodies (engine/telemetry/logcontext.py):
a JSON line carries all of them, a text line the execution and state in short.
"""

from __future__ import annotations

import json
import logging
import os
import sys
from datetime import UTC, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

from engine.tasklog import FIELDS_ATTR
from engine.telemetry import logcontext

# A LogRecord's own attributes: whatever else it has came from the call's `extra=`.
STANDARD = {*vars(logging.LogRecord("", 0, "", 0, "", (), None)), "message", "asctime"}
ROLES = {"runengine": "engine", "qcluster": "cluster", "daphne": "web", "runserver": "web"}


@lru_cache(maxsize=1)
def process_role() -> str:
    """BATON_PROCESS_ROLE, else what the program is: web, engine, cluster, or its name."""
    role = os.environ.get("BATON_PROCESS_ROLE", "").strip()
    if role:
        return role
    argv = sys.argv or [""]
    program = Path(argv[0]).name
    if program == "manage.py" and len(argv) > 1:
        program = argv[1]
    elif program == "__main__.py":  # python -m daphne
        program = Path(argv[0]).parent.name
    return ROLES.get(program, program or "python")


def timestamp(created: float) -> str:
    """ISO 8601 in UTC with milliseconds: 2026-01-31T12:00:00.123Z."""
    moment = datetime.fromtimestamp(created, UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


def extra_fields(record: logging.LogRecord) -> dict[str, Any]:
    return {
        key: value
        for key, value in vars(record).items()
        if key not in STANDARD and key != FIELDS_ATTR
    }


def jsonable(value: Any) -> Any:
    """`value` when JSON can hold it as it is; its repr otherwise."""
    try:
        json.dumps(value, allow_nan=False)
    except (TypeError, ValueError, RecursionError):
        return _repr(value)
    return value


def _repr(value: Any) -> str:
    try:
        return repr(value)
    except Exception:  # noqa: BLE001 - a broken __repr__ must not lose the log line
        return f"<{type(value).__name__} object>"


class JsonFormatter(logging.Formatter):
    """One JSON object a line: timestamp, level, logger, message, process, pid, thread, the
    exception's traceback, the bound fields (execution_id, workflow, version, state, attempt,
    trace_id) and the call's `extra=` fields. A field never replaces one named before it: it
    is written with a trailing "_" instead."""

    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, Any] = {
            "timestamp": timestamp(record.created),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
            "process": process_role(),
            "pid": record.process,
            "thread": record.threadName,
        }
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        elif record.exc_text:
            line["exception"] = record.exc_text
        if record.stack_info:
            line["stack"] = self.formatStack(record.stack_info)
        for key, value in [*logcontext.fields().items(), *extra_fields(record).items()]:
            while key in line:
                key = f"{key}_"
            line[key] = jsonable(value)
        return json.dumps(line, ensure_ascii=False, default=_repr)


class TextFormatter(logging.Formatter):
    """The readable console: the message as today, "[exec 1234abcd Charge]" before it while an
    execution is bound ("[exec 1234abcd Charge retry 1]" on a retry), and a baton.log call's
    fields after it (order_id=42)."""

    def formatMessage(self, record: logging.LogRecord) -> str:
        text = super().formatMessage(record)
        bound = logcontext.fields()
        if bound.get("execution_id"):
            where = " ".join(str(part) for part in (bound.get("state"), retry(bound)) if part)
            text = f"[exec {str(bound['execution_id'])[:8]}{' ' + where if where else ''}] {text}"
        names = getattr(record, FIELDS_ATTR, ())
        if names:
            text += " " + " ".join(f"{name}={getattr(record, name)!r}" for name in names)
        return text


def retry(bound: dict[str, Any]) -> str:
    """ "retry 2" on the third attempt (`attempt` counts retries, as $$.State.RetryCount)."""
    number = bound.get("attempt")
    return f"retry {number}" if isinstance(number, int) and number > 0 else ""
