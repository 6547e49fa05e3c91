"""Run ASL conformance cases through the engine: `manage.py asl_conformance DIR [--tag T] …`."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import CommandError, CommandParser

from baton.management.base import DatabaseCommand
from engine.conformance import load_cases, run_cases


class Command(DatabaseCommand):
    help = "Run every case under DIR through the engine and compare with AWS's recorded results."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("directory")
        parser.add_argument("--tag", help="only cases carrying this tag")
        parser.add_argument("--jobs", type=int, default=4, help="task bodies run at once")
        parser.add_argument("--json", action="store_true", help="one JSON line per case")

    def handle(self, *args: Any, **options: Any) -> None:
        directory = Path(options["directory"])
        if not directory.is_dir():
            raise CommandError(f"{directory} is not a directory")
        results = run_cases(load_cases(directory, options["tag"]), jobs=options["jobs"])
        failed = [r for r in results if r.problem]
        for result in results if options["json"] else failed:
            if options["json"]:
                line = {
                    "case": result.case.name,
                    "passed": not result.problem,
                    "problem": result.problem,
                }
                self.stdout.write(json.dumps(line))
            else:
                self.stdout.write(
                    f"FAIL {result.case.path.relative_to(directory)}: {result.problem}"
                )
        self.stdout.write(f"{len(results) - len(failed)} passed, {len(failed)} failed")
        if failed:
            sys.exit(1)
