"""Run a definition through the engine: `manage.py execute FILE [--input JSON|@file] …`."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from django.core.management.base import CommandError, CommandParser

from baton.management.base import DatabaseCommand
from designer.services import DefinitionInvalid, publish_version
from engine.executions import ExecutionAlreadyExists, InputTooLarge, start_execution
from engine.inprocess import run_until_ended
from engine.models import Execution


class Command(DatabaseCommand):
    help = "Store FILE as a version of a workflow (when changed), start it, and wait for its end."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="ASL definition (JSON)")
        parser.add_argument("--input", default="{}", help="input JSON, or @path to a JSON file")
        parser.add_argument("--workflow", help="workflow name (default: the file's name)")
        parser.add_argument("--name", help="execution name (idempotent start)")
        parser.add_argument("--no-wait", action="store_true", help="start and return at once")
        parser.add_argument("--json", action="store_true", help="print one JSON line")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        try:
            source = path.read_text()
        except OSError as exc:
            raise CommandError(f"cannot read {path}: {exc}") from exc
        workflow = options["workflow"] or workflow_name_for(path)
        try:
            version = publish_version(workflow, source, reuse_unchanged=True)
            execution, _ = start_execution(
                version, read_input(options["input"]), name=options["name"]
            )
        except DefinitionInvalid as invalid:
            lines = [f"{d.location or '/'}: {d.code}: {d.message}" for d in invalid.diagnostics]
            raise CommandError(f"{path} is not a valid definition:\n" + "\n".join(lines)) from None
        except (ExecutionAlreadyExists, InputTooLarge) as exc:
            raise CommandError(str(exc)) from None
        if not options["no_wait"]:
            run_until_ended([execution.id])
            execution.refresh_from_db()
        self.stdout.write(json.dumps(summary(execution), indent=None if options["json"] else 2))


def summary(execution: Execution) -> dict[str, Any]:
    result: dict[str, Any] = {"executionId": str(execution.id), "status": execution.status}
    if execution.status == "SUCCEEDED":
        result["output"] = execution.output
    elif execution.status != "RUNNING":
        result.update(error=execution.error, cause=execution.cause)
    return result


def read_input(text: str) -> Any:
    if text.startswith("@"):
        try:
            text = Path(text[1:]).read_text()
        except OSError as exc:
            raise CommandError(f"cannot read input file {text[1:]}: {exc}") from exc
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise CommandError(f"--input is not valid JSON: {exc}") from exc


def workflow_name_for(path: Path) -> str:
    return re.sub(r"[^A-Za-z0-9_-]", "-", path.stem)[:80] or "workflow"
