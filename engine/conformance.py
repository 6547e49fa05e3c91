"""ASL conformance cases (shared/conformance/README.md): load, run through the engine, compare."""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from designer.services import DefinitionInvalid, publish_version

from . import functions
from .executions import start_execution
from .inprocess import run_until_ended
from .models import Execution


@dataclass
class Case:
    path: Path
    data: dict[str, Any]

    @property
    def name(self) -> str:
        return str(self.data.get("name") or self.path.stem)


@dataclass
class Result:
    case: Case
    problem: str | None  # None when the engine produced what AWS did


def load_cases(directory: Path, tag: str | None = None) -> list[Case]:
    cases = [Case(path, json.loads(path.read_text())) for path in sorted(directory.rglob("*.json"))]
    return [case for case in cases if tag is None or tag in case.data.get("tags", [])]


def run_cases(cases: Iterable[Case], *, jobs: int = 4) -> list[Result]:
    """Start every case as an execution, run them together, and compare each with AWS's result."""
    started: list[tuple[Case, Execution | None, str | None]] = []
    for case in cases:
        register_stand_ins(case.data.get("functions", {}))
        try:
            version = publish_version(
                workflow_name(case), case.data["definition"], reuse_unchanged=True
            )
        except DefinitionInvalid as invalid:
            started.append((case, None, f"rejected by validation: {_first(invalid)}"))
            continue
        execution, _ = start_execution(version, case.data.get("input"))
        started.append((case, execution, None))
    run_until_ended([e.id for _, e, _ in started if e is not None], concurrency=jobs)
    return [_judge(case, execution, problem) for case, execution, problem in started]


def register_stand_ins(stand_ins: dict[str, str]) -> None:
    """`echo` returns its payload; `const:<json>` returns that JSON whatever the payload."""
    for name, behaviour in stand_ins.items():
        if behaviour == "echo":
            functions.register(name, lambda payload: payload)
        elif behaviour.startswith("const:"):
            constant = json.loads(behaviour[len("const:") :])
            functions.register(name, lambda payload, constant=constant: constant)
        else:
            raise ValueError(f"unknown stand-in behaviour {behaviour!r} for function {name!r}")


def workflow_name(case: Case) -> str:
    digest = hashlib.sha1(json.dumps(case.data["definition"], sort_keys=True).encode()).hexdigest()
    stem = re.sub(r"[^A-Za-z0-9_-]", "-", case.name)[:60]
    return f"{stem}-{digest[:12]}"


def _judge(case: Case, execution: Execution | None, problem: str | None) -> Result:
    if execution is None:
        return Result(case, problem)
    execution.refresh_from_db()
    return Result(case, compare(case.data["expected"], execution))


def compare(expected: dict[str, Any], execution: Execution) -> str | None:
    """What differs between AWS's recorded result and the execution's, or None."""
    if execution.status != expected["status"]:
        got = (
            execution.output
            if execution.status == "SUCCEEDED"
            else (execution.error, execution.cause)
        )
        return f"status {execution.status} (expected {expected['status']}): {_short(got)}"
    if expected["status"] == "SUCCEEDED":
        if not same_json(expected.get("output"), execution.output):
            return f"output {_short(execution.output)} != expected {_short(expected.get('output'))}"
        return None
    for field in ("error", "cause"):
        if expected.get(field) != getattr(execution, field):
            return f"{field} {getattr(execution, field)!r} != expected {expected.get(field)!r}"
    return None


def same_json(a: Any, b: Any) -> bool:
    """JSON equality: key order free, 1 == 1.0, but true != 1."""
    if isinstance(a, bool) or isinstance(b, bool):
        return isinstance(a, bool) and isinstance(b, bool) and a == b
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        return a == b
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(same_json(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(same_json(x, y) for x, y in zip(a, b, strict=True))
    return type(a) is type(b) and a == b


def _first(invalid: DefinitionInvalid) -> str:
    d = invalid.diagnostics[0]
    return f"{d.location or '/'} {d.code}: {d.message}"


def _short(value: Any, limit: int = 300) -> str:
    text = json.dumps(value)
    return text if len(text) <= limit else text[:limit] + "…"
