"""Benchmarks: `manage.py bench [--only W1a,…] [--json FILE]`."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path
from typing import Any

from django.core.management.base import CommandError, CommandParser

from baton.management.base import DatabaseCommand
from engine.bench import WORKLOADS


class Command(DatabaseCommand):
    help = "Run the performance workloads against the configured database and print the figures."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--only", help="comma-separated workloads, e.g. W1a")
        parser.add_argument("--json", dest="json_file", help="also write the figures to FILE")

    def handle(self, *args: Any, **options: Any) -> None:
        names = options["only"].split(",") if options["only"] else list(WORKLOADS)
        unknown = [name for name in names if name not in WORKLOADS]
        if unknown:
            raise CommandError(
                f"unknown workload(s) {', '.join(unknown)}; known: {', '.join(WORKLOADS)}"
            )
        results: dict[str, dict[str, Any]] = {}
        began = time.perf_counter()
        self.stdout.write(f"{'workload':<9} {'target':<26} result")
        for name in names:
            workload = WORKLOADS[name]
            started = time.perf_counter()
            results[name] = workload.run()
            results[name]["bench_seconds"] = round(time.perf_counter() - started, 1)
            self.stdout.write(f"{name:<9} {workload.TARGET:<26} {workload.summary(results[name])}")
        # Other work on the machine skews every figure: say how busy it was.
        load = ", ".join(f"{value:.2f}" for value in os.getloadavg())
        self.stdout.write(f"{time.perf_counter() - began:.0f} s in all; load average {load}")
        if options["json_file"]:
            Path(options["json_file"]).write_text(json.dumps(results, indent=2) + "\n")
