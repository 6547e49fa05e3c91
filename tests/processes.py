"""Baton's own processes (daphne, `runengine`, `qcluster`) started by tests on the test database.

Used by the tests that prove a promise across real processes: tests/engine/test_processes.py,
tests/engine/test_queue.py, tests/api/test_requests_script.py, tests/aws/test_clients.py.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote

REPO = Path(__file__).resolve().parents[1]


def database_url() -> str:
    """This run's test database as a DATABASE_URL (HOST may be a Unix socket directory)."""
    from django.db import connection

    db = connection.settings_dict
    user = quote(db["USER"] or "", safe="")
    password = f":{quote(db['PASSWORD'], safe='')}" if db["PASSWORD"] else ""
    host = db["HOST"] or "localhost"
    socket_dir = host.startswith("/")
    port = f":{db['PORT']}" if db["PORT"] else ""
    netloc = f"{user}{password}@{'localhost' if socket_dir else host}{port}"
    query = [f"host={quote(host, safe='')}"] if socket_dir else []
    query += [f"{k}={quote(str(v), safe='')}" for k, v in (db.get("OPTIONS") or {}).items()]
    return f"postgres://{netloc}/{quote(db['NAME'], safe='')}" + (
        f"?{'&'.join(query)}" if query else ""
    )


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def is_listening(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5):
            return True
    except OSError:
        return False


def function_env(folder: Path, modules: str) -> dict[str, str]:
    """Environment for a child that imports test modules from `folder` as task functions."""
    return {
        "BATON_FUNCTION_MODULES": modules,
        "PYTHONPATH": os.pathsep.join(filter(None, [str(folder), os.environ.get("PYTHONPATH")])),
    }


class Process:
    """One child on the test database; its output goes to `log`, read back on failure."""

    def __init__(self, argv: list[str], log: Path, env: dict[str, str] | None = None) -> None:
        self.log = log
        full_env = {
            **os.environ,
            "DATABASE_URL": database_url(),
            "PYTHONUNBUFFERED": "1",
            **(env or {}),
        }
        # The test process may allow it for its own ORM calls (live_server, Playwright's event
        # loop in tests/browser); the servers it starts must run as they do in production.
        full_env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        with log.open("wb") as out:
            self.proc = subprocess.Popen(
                argv, cwd=REPO, env=full_env, stdout=out, stderr=subprocess.STDOUT
            )

    @classmethod
    def manage(cls, *args: str, log: Path, env: dict[str, str] | None = None) -> Process:
        return cls([sys.executable, "manage.py", *args], log, env)

    @classmethod
    def daphne(cls, port: int, log: Path, env: dict[str, str] | None = None) -> Process:
        argv = [sys.executable, "-m", "daphne", "-b", "127.0.0.1", "-p", str(port)]
        return cls([*argv, "baton.asgi:application"], log, env)

    @property
    def pid(self) -> int:
        return self.proc.pid

    def output(self) -> str:
        return self.log.read_text(errors="replace")

    def wait_for(self, text: str, timeout: float = 60) -> Process:
        """Return once `text` is in the output; fail if the child exits or takes too long."""
        deadline = time.monotonic() + timeout
        while text not in self.output():
            if self.proc.poll() is not None or time.monotonic() > deadline:
                raise AssertionError(f"{self.log.name} never said {text!r}:\n{self.output()}")
            time.sleep(0.05)
        return self

    def wait_listening(self, port: int, timeout: float = 60) -> Process:
        """Return once 127.0.0.1:`port` accepts connections (daphne says nothing at INFO)."""
        deadline = time.monotonic() + timeout
        while not is_listening(port):
            if self.proc.poll() is not None or time.monotonic() > deadline:
                raise AssertionError(f"{self.log.name}: nothing on port {port}:\n{self.output()}")
            time.sleep(0.05)
        return self

    def kill(self) -> None:
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(timeout=10)

    def stop(self, grace: float = 15) -> None:
        """SIGTERM, then SIGKILL if it is still alive after `grace` seconds."""
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
        try:
            self.proc.wait(timeout=grace)
        except subprocess.TimeoutExpired:
            self.kill()

    def tail(self, size: int = 4000) -> str:
        return f"--- {self.log.name} (rc {self.proc.returncode})\n{self.output()[-size:]}"


@contextmanager
def running_baton(folder: Path, engine_env: dict[str, str] | None = None) -> Iterator[str]:
    """daphne and one `runengine` on the test database, as `make run` starts them; yields the
    server's base URL (http://127.0.0.1:PORT). Logs go to `folder`, printed when it stops."""
    port = free_port()
    web = Process.daphne(port, log=folder / "daphne.log")
    engine = Process.manage(
        "runengine", "--concurrency", "4", log=folder / "engine.log", env=engine_env
    )
    try:
        web.wait_listening(port)
        engine.wait_for("running, concurrency")
        yield f"http://127.0.0.1:{port}"
    finally:
        for process in (web, engine):
            process.stop()
            print(process.tail())  # shown when a test fails
