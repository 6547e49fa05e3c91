"""Validate ASL definitions for a team's own CI: `manage.py validate FILE … [--json]`."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from engine.asl.validate import validate


class Command(BaseCommand):
    help = "Print every problem in the given definitions; exit 1 when any has errors."
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("files", nargs="+")
        parser.add_argument("--json", action="store_true", help="one JSON line per file")

    def handle(self, *args: Any, **options: Any) -> None:
        failed = False
        for name in options["files"]:
            diagnostics = [d.as_dict() for d in _diagnose(Path(name))]
            valid = not any(d["severity"] == "error" for d in diagnostics)
            failed = failed or not valid
            if options["json"]:
                line = {"file": name, "valid": valid, "diagnostics": diagnostics}
                self.stdout.write(json.dumps(line))
            else:
                self._print_text(name, valid, diagnostics)
        if failed:
            sys.exit(1)

    def _print_text(self, name: str, valid: bool, diagnostics: list[dict[str, Any]]) -> None:
        self.stdout.write(f"{name}: {'valid' if valid else 'invalid'}")
        for d in diagnostics:
            self.stdout.write(
                f"  {d['severity']} {d['code']} at {d['location'] or '/'}: {d['message']}"
            )


def _diagnose(path: Path) -> list[Any]:
    from engine.asl.validation import Diagnostic

    try:
        text = path.read_text()
    except OSError as exc:
        return [Diagnostic("unreadable_file", f"cannot read {path}: {exc}", "")]
    return validate(text)
