"""`make run` serves with several web processes on one socket (scripts/web_processes.py): one
killed mid-load loses no start and doubles none, and comes back; WebSockets work through it."""

from __future__ import annotations

import base64
import json
import os
import signal
import socket
import sys
import threading
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
from django.conf import settings
from django.contrib.auth.models import Group, User
from django.test import Client

from baton.models import ApiToken
from designer.services import publish_version
from engine.models import Execution
from tests.processes import Process, free_port

PASS = {"StartAt": "P", "States": {"P": {"Type": "Pass", "End": True}}}


def web_pids(launcher: Process) -> set[int]:
    """The launcher's daphne children (read from /proc: no psutil needed)."""
    found = set()
    for children in Path(f"/proc/{launcher.pid}/task").glob("*/children"):
        for pid in children.read_text().split():
            try:
                argv = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
            except FileNotFoundError:
                continue  # exited meanwhile
            if b"daphne" in argv:
                found.add(int(pid))
    return found


class Starter(threading.Thread):
    """Starts executions named start-0, start-1, … one after another until told to stop,
    retrying each (same name, so idempotently) until it is answered."""

    def __init__(self, base: str, token: str) -> None:
        super().__init__(daemon=True)
        self.base, self.token = base, token
        self.answers: dict[str, int] = {}
        self.retries = 0
        self.stopping = threading.Event()

    def run(self) -> None:
        session = requests.Session()
        session.headers["Authorization"] = f"Bearer {self.token}"
        session.headers["Connection"] = "close"  # a new connection each: both processes take some
        while not self.stopping.is_set():
            name = f"start-{len(self.answers)}"
            self.answers[name] = self.start_one(session, name)

    def start_one(self, session: requests.Session, name: str) -> int:
        body = {"workflow": "serving", "name": name, "input": {"name": name}}
        for _ in range(200):
            try:
                return session.post(
                    f"{self.base}/api/executions/", json=body, timeout=30
                ).status_code
            except requests.ConnectionError:  # refused or reset by the killed process
                self.retries += 1
                time.sleep(0.05)
        return 0

    def wait_for(self, count: int) -> None:
        while len(self.answers) < count and self.is_alive():
            time.sleep(0.05)


@pytest.fixture
def operator_token(transactional_db: None) -> str:
    publish_version("serving", PASS)
    user = User.objects.create_user("serving-operator", password="unused-pw-17")
    user.groups.add(Group.objects.get_or_create(name="operator")[0])
    return ApiToken.issue(user, "serving")[1]


@pytest.fixture
def launcher(transactional_db: None, tmp_path: Path) -> Iterator[tuple[Process, str]]:
    port = free_port()
    env = {
        "BATON_PORT": str(port),
        "BATON_DATA_DIR": str(tmp_path),
        "BATON_WEB_PROCESSES": "2",
        "SECRET_KEY": settings.SECRET_KEY,  # the test's sessions are valid there
    }
    process = Process([sys.executable, "scripts/run_all.py"], tmp_path / "launcher.log", env)
    try:
        process.wait_for("  Stop ", timeout=90)
        yield process, f"http://127.0.0.1:{port}"
    finally:
        process.stop()
        print(process.tail())


@pytest.mark.slow
def test_a_killed_web_process_loses_no_start_doubles_none_and_comes_back(
    operator_token: str, launcher: tuple[Process, str]
) -> None:
    process, base = launcher
    before = web_pids(process)
    starter = Starter(base, operator_token)
    starter.start()
    starter.wait_for(20)
    victim = min(before)
    os.kill(victim, signal.SIGKILL)
    process.wait_for(f"(pid {victim}) exited with status -9", timeout=30)
    process.wait_for("restarted (pid", timeout=60)
    starter.wait_for(len(starter.answers) + 40)
    starter.stopping.set()
    starter.join(timeout=60)
    after = web_pids(process)

    # Every start was answered (201, or 200 for a retried one already made) and is there once
    assert starter.answers and set(starter.answers.values()) <= {200, 201}
    made = Counter(
        Execution.objects.filter(workflow__name="serving").values_list("name", flat=True)
    )
    assert made == Counter(list(starter.answers))
    # The killed process was replaced by a new one, and both answer on the one address
    assert len(after) == 2 and victim not in after and before - {victim} <= after
    assert both_answer(process, base)
    assert process.proc.poll() is None


def both_answer(process: Process, base: str) -> bool:
    """Send health checks until the access log shows both web.1 and web.2 answering after
    the restart (the kernel spreads new connections over the processes accepting)."""
    for _ in range(300):
        requests.get(f"{base}/api/health/", timeout=10)
        later = process.output().rpartition("restarted (pid")[2]
        if "web.1   | " in later and "web.2   | " in later:
            return True
    return False


@pytest.mark.slow
def test_a_live_page_websocket_connects_through_the_shared_socket(
    transactional_db: None, launcher: tuple[Process, str]
) -> None:
    _, base = launcher
    viewer = User.objects.create_user("serving-viewer", password="unused-pw-17")
    viewer.groups.add(Group.objects.get_or_create(name="viewer")[0])
    client = Client()
    client.force_login(viewer)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value

    # Several connections, so that both processes are likely to take one
    messages = [first_message(base, "/ws/executions/", cookie) for _ in range(4)]

    assert messages == [{"type": "subscribed"}] * 4


def first_message(base: str, path: str, session: str) -> dict:
    """Open a WebSocket (a plain handshake over a socket) and return its first text message."""
    host, port = base.removeprefix("http://").split(":")
    key = base64.b64encode(os.urandom(16)).decode()
    handshake = (
        f"GET {path} HTTP/1.1\r\nHost: {host}:{port}\r\nUpgrade: websocket\r\n"
        f"Connection: Upgrade\r\nSec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n"
        f"Origin: {base}\r\nCookie: {settings.SESSION_COOKIE_NAME}={session}\r\n\r\n"
    )
    with socket.create_connection((host, int(port)), timeout=30) as conn:
        conn.sendall(handshake.encode())
        stream = conn.makefile("rb")
        status = stream.readline()
        assert b" 101 " in status, status
        while stream.readline() not in (b"\r\n", b""):
            pass
        first, second = stream.read(2)
        length = second & 0x7F
        if length == 126:
            length = int.from_bytes(stream.read(2), "big")
        payload = stream.read(length)
        if first & 0x0F == 8:  # closed by the server: its close code
            return {"closed": int.from_bytes(payload[:2], "big")}
        return json.loads(payload)


@pytest.mark.slow
def test_a_web_process_that_keeps_crashing_stops_the_launcher_with_a_message(
    transactional_db: None, tmp_path: Path
) -> None:
    # A setting only the web processes read (their connection pool's size) is malformed
    env = {
        "BATON_PORT": str(free_port()),
        "BATON_DATA_DIR": str(tmp_path),
        "BATON_WEB_PROCESSES": "1",
        "BATON_DB_POOL_SIZE": "many",
    }
    launcher = Process([sys.executable, "scripts/run_all.py"], tmp_path / "launcher.log", env)
    try:
        launcher.proc.wait(timeout=120)
    finally:
        launcher.stop()
        print(launcher.tail())
    console = launcher.output()

    assert launcher.proc.returncode == 1
    assert console.count("web.1 restarted") == 5
    assert "web.1 exited 6 times within a minute" in console and "stopping all" in console
    assert "BATON_DB_POOL_SIZE" in console  # the web process's own reason, above
    assert "Baton is running." not in console


@pytest.mark.slow
def test_a_web_process_stopped_while_requests_wait_exits_cleanly(
    operator_token: str, tmp_path: Path
) -> None:
    # No engine runs: every `?wait` start stays pending until the stop
    port = free_port()
    web = Process.daphne(port, log=tmp_path / "daphne.log")
    waiting = []
    try:
        web.wait_listening(port)
        headers = {"Authorization": f"Bearer {operator_token}"}

        def start_and_wait(index: int) -> None:
            body = {"workflow": "serving", "name": f"waits-{index}"}
            try:
                requests.post(
                    f"http://127.0.0.1:{port}/api/executions/?wait=30",
                    json=body,
                    headers=headers,
                    timeout=60,
                )
            except requests.ConnectionError:
                pass  # cut off by the stop, as expected

        waiting = [threading.Thread(target=start_and_wait, args=(i,)) for i in range(20)]
        for thread in waiting:
            thread.start()
        deadline = time.monotonic() + 30
        while Execution.objects.filter(name__startswith="waits-").count() < 20:
            assert time.monotonic() < deadline, "the starts never arrived"
            time.sleep(0.1)
        time.sleep(0.5)  # each now waits on its execution's end

        web.stop(grace=20)
    finally:
        web.stop()
        for thread in waiting:
            thread.join(timeout=60)
        print(web.tail())

    # Before baton.asgi finished the tasks daphne leaves pending, the interpreter's last garbage
    # collection closed them and the process died with SIGSEGV (-11) on Python < 3.11.8
    assert web.proc.returncode == 0
    assert "Fatal Python error" not in web.output()
