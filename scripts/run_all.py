#!/usr/bin/env python
"""Run Baton on one machine: daphne (web), `manage.py runengine` (engine) and `manage.py qcluster`
(cluster: cron schedules, sweeps, long-running functions) side by side.

1. Load the settings in this process, so the embedded database (if used) is started once and
   stays up for as long as the launcher runs; the children attach to it.
2. Migrate and bootstrap (first admin account, examples) in this same process.
3. Start each child in its own session, prefixing its output lines ("web    | ...").
4. When any child exits, or on Ctrl-C / SIGTERM, stop the others (SIGTERM, then SIGKILL after
   a grace period) and exit with the first non-zero status.

Environment: BATON_HOST (default 127.0.0.1), BATON_PORT (default 8000).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from types import FrameType

ROOT = Path(__file__).resolve().parent.parent
GRACE_SECONDS = 10


def commands() -> dict[str, list[str]]:
    host = os.environ.get("BATON_HOST", "127.0.0.1")
    port = os.environ.get("BATON_PORT", "8000")
    python = sys.executable
    return {
        "web": [python, "-m", "daphne", "-b", host, "-p", port, "baton.asgi:application"],
        "engine": [python, "manage.py", "runengine"],
        "cluster": [python, "manage.py", "qcluster"],
    }


def prepare_django() -> set[str]:
    """Set Django up (starting the embedded database), migrate and bootstrap; return the
    names of the management commands."""
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "baton.settings")
    import django
    from django.core.management import call_command, get_commands
    from django.db import connections

    django.setup()
    call_command("migrate", interactive=False, verbosity=1)
    call_command("bootstrap")
    connections.close_all()  # the launcher holds the server, not a connection
    return set(get_commands())


MISSING_ENGINE = """
run_all: ************************************************************************
run_all: ERROR: `manage.py runengine` does not exist, so the engine is NOT running:
run_all: executions will be accepted but will never advance. Serving the web UI only.
run_all: ************************************************************************
"""


def pump(name: str, width: int, stream: object) -> None:
    for line in iter(stream.readline, ""):  # type: ignore[attr-defined]
        sys.stdout.write(f"{name.ljust(width)} | {line}")
        sys.stdout.flush()


def start(name: str, argv: list[str], width: int) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    if name == "web":
        env.setdefault("BATON_DB_POOL", "1")  # pooled connections for requests (settings.py)
    child = subprocess.Popen(
        argv,
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,  # Ctrl-C reaches only us; we stop the children in order
    )
    threading.Thread(target=pump, args=(name, width, child.stdout), daemon=True).start()
    return child


def stop_all(children: dict[str, subprocess.Popen[str]]) -> None:
    for child in children.values():
        if child.poll() is None:
            child.terminate()
    deadline = time.monotonic() + GRACE_SECONDS
    for name, child in children.items():
        try:
            child.wait(max(0.0, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            print(f"run_all: {name} did not stop within {GRACE_SECONDS}s, killing it", flush=True)
            child.kill()
            child.wait()


def supervise(children: dict[str, subprocess.Popen[str]]) -> int:
    """Wait until a child exits or a stop signal arrives; return the exit status to use."""
    stopping = threading.Event()

    def on_signal(signum: int, frame: FrameType | None) -> None:
        stopping.set()

    signal.signal(signal.SIGINT, on_signal)
    signal.signal(signal.SIGTERM, on_signal)
    while not stopping.wait(0.2):
        for name, child in children.items():
            if child.poll() is not None:
                print(
                    f"run_all: {name} exited with status {child.returncode}; stopping all",
                    flush=True,
                )
                return child.returncode or 1
    print("run_all: stopping", flush=True)
    return 0


def main() -> int:
    wanted = commands()
    if "runengine" not in prepare_django():
        # Tolerated only until the engine command lands; said loudly at start and at exit.
        print(MISSING_ENGINE, file=sys.stderr, flush=True)
        del wanted["engine"]
    width = max(len(name) for name in wanted)
    children = {name: start(name, argv, width) for name, argv in wanted.items()}
    status = supervise(children)
    stop_all(children)
    if "engine" not in children:
        print(MISSING_ENGINE, file=sys.stderr, flush=True)
    return status


if __name__ == "__main__":
    sys.exit(main())
