"""The engine process: `manage.py runengine [--concurrency N]`.

SIGTERM or Ctrl-C stops it gracefully (worker.Engine.serve): it claims nothing more, gives its
running task bodies STOP_GRACE_SECONDS, hands the rest back to other engines and exits.
"""

from __future__ import annotations

import os
import resource
import signal
from typing import Any

from django.core.management.base import CommandParser

from baton.management.base import DatabaseCommand
from engine import conf
from engine.telemetry import multiproc, tracing
from engine.worker import Engine


class Command(DatabaseCommand):
    help = "Advance executions, fire timers and run task bodies until stopped."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--concurrency", type=int, default=4, help="task bodies run at once")
        parser.add_argument(
            "--memory-limit-mb",
            type=int,
            default=conf.engine_setting("MEMORY_LIMIT_MB"),
            help="address space the process may use (0: no limit); past it an allocation fails "
            "the execution that made it (MemoryError) instead of the kernel killing the engine",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        engine = Engine(concurrency=options["concurrency"])
        if options["memory_limit_mb"]:
            limit = options["memory_limit_mb"] * 1024 * 1024
            resource.setrlimit(resource.RLIMIT_AS, (limit, limit))

        def stop(signum: int, frame: Any) -> None:
            self.stdout.write(f"engine {engine.name}: stopping (signal {signum})")
            engine.stop()

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        limit = options["memory_limit_mb"]
        self.stdout.write(
            f"engine {engine.name}: running, concurrency {engine.concurrency},"
            f" memory limit {f'{limit} MB' if limit else 'none'}"
        )
        engine.serve()
        tracing.flush()  # spans still queued; os._exit below would skip the exit hooks
        multiproc.forget(os.getpid())
        self.stdout.write(f"engine {engine.name}: stopped")
        if engine.pool.in_flight():  # a body overran the grace; its task was handed back
            self.stdout.flush()
            os._exit(0)  # its thread cannot be interrupted, and would hold the exit
