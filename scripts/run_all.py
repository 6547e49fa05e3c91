#!/usr/bin/env python
"""Run Baton on one machine: daphne web processes (web.1 … web.N, sharing one listening socket:
scripts/web_processes.py), `manage.py runengine` (engine) and `manage.py qcluster` (cluster: cron
schedules, sweeps, long-running functions) side by side.

1. Load the settings in this process, so the embedded database (if used) is started once and
   stays up for as long as the launcher runs; the children attach to it.
2. Empty the metrics directory of a previous run's files (docs/observability.md), migrate
   (quietly: one line when there are migrations to apply) and bootstrap (first admin account,
   examples) in this same process.
3. Listen on BATON_HOST:BATON_PORT, then start each child in its own session, prefixing its
   output lines ("web.1   | ...") on the console and copying them to DATA_DIR/run.log.
4. Once the web server answers and the engine and the cluster say they run, print one banner:
   the address to open, the admin account, where the logs go.
5. A web process that exits is restarted (the others keep serving; a crash loop stops all).
   When the engine or the cluster exits, or on Ctrl-C / SIGTERM, stop the others (SIGTERM, then
   SIGKILL after a grace period), drop the dead children's live gauges from the metrics
   directory, and exit with the first non-zero status.

Environment: BATON_HOST (default 127.0.0.1), BATON_PORT (default 8000), BATON_WEB_PROCESSES
(default one per core), BATON_LOG_LEVEL.
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
from typing import IO

if __package__ in (None, ""):  # run as a script: `python scripts/run_all.py`
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from scripts import web_processes  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
GRACE_SECONDS = 10
READY_LINE = ": running, "  # "engine …: running, concurrency 4", "cluster …: running, 2 workers"
SLOW_START_SECONDS = 30


def listen_address() -> tuple[str, str]:
    return os.environ.get("BATON_HOST", "127.0.0.1"), os.environ.get("BATON_PORT", "8000")


def commands() -> dict[str, list[str]]:
    """The processes besides the web ones (scripts/web_processes.py); either exiting stops all."""
    python = sys.executable
    return {
        "engine": [python, "manage.py", "runengine"],
        "cluster": [python, "manage.py", "qcluster"],
    }


def local_url(host: str, port: str) -> str:
    """Where a browser on this machine reaches a server bound to host:port."""
    if host in ("", "0.0.0.0", "::"):
        host = "127.0.0.1"
    return f"http://{f'[{host}]' if ':' in host else host}:{port}/"


def shown_path(path: Path) -> str:
    """`path` relative to the repository when it is inside it (.venv/bin/python, .data/run.log)."""
    return str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else str(path)


def banner(
    url: str,
    username: str,
    password: str | None,
    log_file: Path,
    mail: Path | None = None,
    web: int = 1,
) -> str:
    """The lines printed once everything is up; `password` only when the admin was just made;
    `mail`: the folder e-mails are written to when no mail server is configured; `web`: how
    many web processes serve."""
    if password:
        admin = f"username {username}, password {password}  (shown only this once)"
    else:
        python = shown_path(Path(sys.executable))
        admin = (
            f"{username} exists (to reset a password: {python} manage.py changepassword {username})"
        )
    rows = {
        "Open": url,
        "Admin": admin,
        "Web": f"{web} process{'es' if web > 1 else ''} on one socket (BATON_WEB_PROCESSES)",
        "Logs": f"below ({web_names(web)} | engine | cluster), also in {shown_path(log_file)}",
        "More": "BATON_LOG_LEVEL=debug shows the job queue's and the web server's own lines",
        **({"Mail": f"written to {shown_path(mail)}/ (BATON_EMAIL_URL sends it)"} if mail else {}),
        "Stop": "Ctrl-C",
    }
    width = max(map(len, rows))
    lines = [f"  {label.ljust(width)}  {text}" for label, text in rows.items()]
    return "\n".join(["", "Baton is running.", *lines, ""])


def web_names(count: int) -> str:
    return "web.1" if count == 1 else f"web.1 … web.{count}"


def prepare_django() -> tuple[str, str | None, Path]:
    """Set Django up (starting the embedded database), migrate and bootstrap; return the admin's
    username, its password if it was just created, and the run's log file."""
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "baton.settings")
    empty_metrics(owned="PROMETHEUS_MULTIPROC_DIR" not in os.environ)
    import django

    django.setup()
    from django.conf import settings
    from django.db import connections

    from designer.examples import load_examples
    from designer.management.commands.bootstrap import ensure_admin

    migrate()
    admin = ensure_admin()
    load_examples()
    connections.close_all()  # the launcher holds the server, not a connection
    return admin.username, admin.password, Path(settings.DATA_DIR) / "run.log"


def empty_metrics(owned: bool) -> None:
    """Remove a previous run's metrics files, before any process of this run writes one.

    Only from a directory the settings chose (BATON_METRICS_DIR): one given as
    PROMETHEUS_MULTIPROC_DIR belongs to whoever gave it, who may share it (a test run does)."""
    from django.conf import settings  # the settings alone: they choose the directory

    if settings.BATON_METRICS and owned:
        from engine.telemetry import multiproc

        multiproc.empty(Path(settings.BATON_METRICS_DIR))


def forget_metrics_of(children: dict[str, Child]) -> None:
    """The stopped children's live gauges (open WebSockets) leave the sums; their counters stay."""
    for child in children.values():
        forget_metrics_of_pid(child.proc.pid)


def forget_metrics_of_pid(pid: int) -> None:
    from engine.telemetry import multiproc

    multiproc.forget(pid)


MAIL_SETTINGS = ("BATON_EMAIL_URL", "EMAIL_HOST", "EMAIL_BACKEND")


def mail_to_files(data_dir: Path) -> Path | None:
    """With no mail server configured, the approvals' e-mails go to files in the data folder
    rather than onto the console between the processes' lines; the folder, or None."""
    if any(os.environ.get(name) for name in MAIL_SETTINGS):
        return None
    folder = data_dir / "mail"
    os.environ["EMAIL_BACKEND"] = "django.core.mail.backends.filebased.EmailBackend"
    os.environ["EMAIL_FILE_PATH"] = str(folder)
    return folder


def migrate() -> None:
    from django.core.management import call_command
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
    if pending:
        say(f"applying {len(pending)} database migrations")
    call_command("migrate", interactive=False, verbosity=0)


def say(text: str) -> None:
    print(f"run_all: {text}", flush=True)


class Child:
    """One process: its output lines prefixed on the console and in the log; `ready` is set
    when it prints READY_LINE (the web processes instead count as ready once one answers).
    `pass_fds`: descriptors it inherits (the web processes' listening socket)."""

    def __init__(
        self, name: str, argv: list[str], width: int, log: IO[str], pass_fds: tuple[int, ...] = ()
    ) -> None:
        self.prefix, self.log = f"{name.ljust(width)} | ", log
        self.ready = threading.Event()
        env = {**os.environ, "PYTHONUNBUFFERED": "1"}
        if name.startswith("web"):
            env.setdefault("BATON_DB_POOL", "1")  # pooled connections for requests (settings.py)
        self.proc = subprocess.Popen(
            argv,
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            pass_fds=pass_fds,
            start_new_session=True,  # Ctrl-C reaches only us; we stop the children in order
        )
        threading.Thread(target=self.pump, daemon=True).start()

    def pump(self) -> None:
        for line in iter(self.proc.stdout.readline, ""):  # type: ignore[union-attr]
            if READY_LINE in line:
                self.ready.set()
            if f'"{web_processes.PROBE}"' in line:  # the launcher's readiness probe
                continue
            sys.stdout.write(self.prefix + line)
            sys.stdout.flush()
            self.log.write(self.prefix + line)
            self.log.flush()


def stop_all(children: dict[str, Child]) -> None:
    for child in children.values():
        if child.proc.poll() is None:
            child.proc.terminate()
    deadline = time.monotonic() + GRACE_SECONDS
    for name, child in children.items():
        try:
            child.proc.wait(max(0.0, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            say(f"{name} did not stop within {GRACE_SECONDS}s, killing it")
            child.proc.kill()
            child.proc.wait()


class Announcer:
    """Prints the banner once the web processes answer and every other child is ready, and
    names the laggards if that is slow."""

    def __init__(self, children: dict[str, Child], address: tuple[str, str], text: str) -> None:
        self.children, self.address, self.text = children, address, text
        self.web = threading.Event()
        self.started = time.monotonic()
        self.done = self.warned = False

    def tick(self) -> None:
        if self.done:
            return
        if not self.web.is_set() and web_processes.answers(*self.address):
            self.web.set()
        waiting = ([] if self.web.is_set() else ["web"]) + [
            name for name, child in self.children.items() if not child.ready.is_set()
        ]
        if not waiting:
            print(self.text, flush=True)
            self.done = True
        elif not self.warned and time.monotonic() - self.started > SLOW_START_SECONDS:
            say(f"still waiting for: {', '.join(waiting)}")
            self.warned = True


def supervise(
    children: dict[str, Child], web: web_processes.WebProcesses, announcer: Announcer
) -> int:
    """Restart the web processes that exit; wait until another child exits, the web processes
    crash in a loop, or a stop signal arrives; return the exit status to use."""
    stopping = threading.Event()

    def on_signal(signum: int, frame: FrameType | None) -> None:
        stopping.set()

    signal.signal(signal.SIGINT, on_signal)
    signal.signal(signal.SIGTERM, on_signal)
    while not stopping.wait(0.2):
        announcer.tick()
        crash_loop = web.tick()
        if crash_loop:
            say(crash_loop)
            return 1
        for name, child in children.items():
            if child.proc.poll() is not None:
                say(f"{name} exited with status {child.proc.returncode}; stopping all")
                return child.proc.returncode or 1
    say("stopping")
    return 0


def main() -> int:
    count = web_processes.process_count()  # a malformed value stops us before any work
    username, password, log_file = prepare_django()
    mail = mail_to_files(log_file.parent)  # the children read it from their environment
    host, port = listen_address()
    wanted = commands()
    width = max(len(f"web.{count}"), *map(len, wanted))
    log_file.parent.mkdir(parents=True, exist_ok=True)
    with log_file.open("w") as log, web_processes.listening_socket(host, port) as listener:
        children = {name: Child(name, argv, width, log) for name, argv in wanted.items()}
        daphne = web_processes.daphne_argv(listener)
        web = web_processes.WebProcesses(
            count,
            spawn=lambda name: Child(name, daphne, width, log, pass_fds=(listener.fileno(),)),
            forget=forget_metrics_of_pid,
        )
        text = banner(local_url(host, port), username, password, log_file, mail, count)
        announcer = Announcer(children, (host, port), text)
        status = supervise(children, web, announcer)
        everyone = {**web.children, **children}
        stop_all(everyone)
        forget_metrics_of(everyone)
    if password and not announcer.done:  # never shown again: say it even on a failed start
        say(f"the new admin account is {username}, password {password}")
    return status


if __name__ == "__main__":
    sys.exit(main())
