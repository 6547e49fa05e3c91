"""The engine process: `manage.py runengine [--concurrency N]`. Stops cleanly on SIGTERM/Ctrl-C."""

from __future__ import annotations

import signal
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from engine.worker import Engine


class Command(BaseCommand):
    help = "Advance executions, fire timers and run task bodies until stopped."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--concurrency", type=int, default=4, help="task bodies run at once")

    def handle(self, *args: Any, **options: Any) -> None:
        engine = Engine(concurrency=options["concurrency"])

        def stop(signum: int, frame: Any) -> None:
            self.stdout.write(f"engine {engine.name}: stopping (signal {signum})")
            engine.stop()

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        self.stdout.write(f"engine {engine.name}: running, concurrency {engine.concurrency}")
        engine.serve()
        self.stdout.write(f"engine {engine.name}: stopped")
