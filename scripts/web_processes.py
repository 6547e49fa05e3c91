"""`make run`'s web processes: N daphne processes sharing one listening socket, kept running.

The launcher (scripts/run_all.py) binds BATON_HOST:BATON_PORT once and hands the socket's
descriptor to each `daphne --fd N`; the kernel spreads the connections over the processes that
accept on it. One socket rather than N ports: no proxy is needed in front, and a process that
dies leaves the others accepting on the same address while it is restarted (the connections it
held are lost; clients retry, and starts with a `name` are idempotent).

Run on its own (`python scripts/web_processes.py`), it serves the web processes and nothing else:
the web unit of docs/deploy.md (docs/systemd/baton-web.service).

A web process that exits is started again after a short back-off; more than
MAX_RESTARTS_PER_MINUTE exits of one process within a minute is a crash loop, which stops the
launcher with a message instead of spinning.
"""

from __future__ import annotations

import http.client
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Protocol

ROOT = Path(__file__).resolve().parent.parent
MAX_RESTARTS_PER_MINUTE = 5
BACKOFF_SECONDS = 1.0  # times the restarts of that process in the last minute
BACKLOG = 1024


class Proc(Protocol):
    """What is needed of a started child (run_all.Child): its Popen."""

    proc: subprocess.Popen[str]


def process_count() -> int:
    """BATON_WEB_PROCESSES, default one per core."""
    text = os.environ.get("BATON_WEB_PROCESSES", "").strip()
    if not text:
        return os.cpu_count() or 1
    if not text.isdigit() or int(text) < 1:
        raise SystemExit(f"BATON_WEB_PROCESSES={text!r}: a whole number of processes, 1 or more")
    return int(text)


def listening_socket(host: str, port: str) -> socket.socket:
    """Bind and listen on host:port, the descriptor inheritable by the web processes."""
    family, kind, _, _, address = socket.getaddrinfo(
        host or None, int(port), type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE
    )[0]
    listener = socket.socket(family, kind)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        listener.bind(address)
    except OSError as exc:
        listener.close()
        raise SystemExit(f"run_all: cannot listen on {host}:{port}: {exc.strerror}") from exc
    listener.listen(BACKLOG)
    listener.set_inheritable(True)
    return listener


def daphne_argv(listener: socket.socket) -> list[str]:
    """daphne serving on the inherited socket (`--fd` assumes IPv4; an IPv6 one says so)."""
    fd = listener.fileno()
    endpoint = (
        ["-e", f"fd:fileno={fd}:domain=INET6"]
        if listener.family == socket.AF_INET6
        else ["--fd", str(fd)]
    )
    return [sys.executable, "-m", "daphne", *endpoint, "baton.asgi:application"]


PROBE = "HEAD /api/health/"  # the launcher's own request: its access log lines are not shown


def answers(host: str, port: str) -> bool:
    """Whether some web process answers HTTP on the shared socket (any status will do: the
    socket itself accepts as soon as the launcher listens, before any daphne runs)."""
    target = "127.0.0.1" if host in ("", "0.0.0.0", "::") else host
    connection = http.client.HTTPConnection(target, int(port), timeout=1)
    method, path = PROBE.split()
    try:
        connection.request(method, path)
        return connection.getresponse().status > 0
    except (OSError, http.client.HTTPException):
        return False
    finally:
        connection.close()


class WebProcesses:
    """The web processes `web.1` … `web.N`: started by `spawn(name)`, restarted when they exit.

    `tick()` (called by the launcher's loop) restarts what is due; it returns a message when a
    process is in a crash loop, and the launcher then stops everything."""

    def __init__(
        self, count: int, spawn: Callable[[str], Proc], forget: Callable[[int], None]
    ) -> None:
        self.spawn, self.forget = spawn, forget
        self.children = {f"web.{i}": spawn(f"web.{i}") for i in range(1, count + 1)}
        self.exits: dict[str, list[float]] = {name: [] for name in self.children}
        self.due: dict[str, float] = {}  # name → when to start it again

    def tick(self) -> str | None:
        now = time.monotonic()
        for name, child in self.children.items():
            status = child.proc.poll()
            if status is not None and name not in self.due:
                crash_loop = self.exited(name, status, now)
                if crash_loop:
                    return crash_loop
        for name, when in list(self.due.items()):
            if now >= when:
                self.restart(name)
        return None

    def exited(self, name: str, status: int, now: float) -> str | None:
        """Schedule a restart after the back-off; a message instead when it is a crash loop."""
        recent = [t for t in self.exits[name] if now - t < 60] + [now]
        self.exits[name] = recent
        if len(recent) > MAX_RESTARTS_PER_MINUTE:
            return (
                f"{name} exited {len(recent)} times within a minute (last status {status});"
                " stopping all: see its lines above"
            )
        delay = BACKOFF_SECONDS * len(recent)
        pid = self.children[name].proc.pid
        say(f"{name} (pid {pid}) exited with status {status}; restarting it in {delay:.0f} s")
        self.due[name] = now + delay
        return None

    def restart(self, name: str) -> None:
        del self.due[name]
        self.forget(self.children[name].proc.pid)
        self.children[name] = self.spawn(name)
        say(f"{name} restarted (pid {self.children[name].proc.pid})")


def say(text: str) -> None:
    print(f"run_all: {text}", flush=True)


# -- on its own: `python scripts/web_processes.py`, the web unit of docs/deploy.md ---------------


class Started:
    """A web process started by `main`, its output going where the launcher's goes (journald)."""

    def __init__(self, argv: list[str], fd: int) -> None:
        env = {**os.environ, "PYTHONUNBUFFERED": "1"}
        env.setdefault("BATON_DB_POOL", "1")  # pooled connections for requests (settings.py)
        self.proc = subprocess.Popen(argv, cwd=ROOT, env=env, pass_fds=(fd,), text=True)


def main() -> int:
    """Serve BATON_HOST:BATON_PORT with BATON_WEB_PROCESSES web processes and nothing else (no
    migrations, engine or cluster: on a server those are their own units); until SIGTERM."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "baton.settings")
    sys.path.insert(0, str(ROOT))
    from django.conf import settings  # the settings alone: the metrics directory, checked

    from engine.telemetry import multiproc

    folder = settings.BATON_METRICS_DIR
    host, port = os.environ.get("BATON_HOST", "127.0.0.1"), os.environ.get("BATON_PORT", "8000")
    stopping = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stopping.set())
    signal.signal(signal.SIGINT, lambda *_: stopping.set())
    with listening_socket(host, port) as listener:
        argv, fd = daphne_argv(listener), listener.fileno()
        web = WebProcesses(process_count(), lambda _: Started(argv, fd), forget=multiproc.forget)
        say(f"{len(web.children)} web processes on {host}:{port}")
        status = 0
        while not stopping.wait(0.2) and status == 0:
            crash_loop = web.tick()
            if crash_loop:
                say(crash_loop)
                status = 1
        stop([child.proc for child in web.children.values()])
    for child in web.children.values():
        multiproc.forget(child.proc.pid, folder)
    return status


def stop(processes: list[subprocess.Popen[str]], grace: float = 10) -> None:
    """SIGTERM, then SIGKILL for those still running after `grace` seconds."""
    for process in processes:
        if process.poll() is None:
            process.terminate()
    deadline = time.monotonic() + grace
    for process in processes:
        try:
            process.wait(max(0.0, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


if __name__ == "__main__":
    sys.exit(main())
