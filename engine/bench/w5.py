"""W5: StartExecution over HTTP against what `make run` serves, open loop at fixed rates from a
separate process.

The web processes as `make run` starts them (scripts/web_processes.py: one daphne per core,
BATON_WEB_PROCESSES to change, sharing one listening socket) and one engine run as subprocesses
on the bench database; a third process (this file run
as a script: `python engine/bench/w5.py load …`) sends POST /api/executions/ on a schedule fixed
in advance (request i at t0 + i/rate, whatever the answers do), over keep-alive connections from
asyncio, and times each request from its scheduled moment, so a server that falls behind shows it
in the latencies instead of slowing the load down (no coordinated omission).

Figures: p50/p99 at 500/s for 10 s; the sustained rate is the highest step whose achieved rate
keeps up (≥ 97 % of the target, every answer in by a second after the window) with no errors.
Over the 500/s step, CPU milliseconds per start answered in the web processes, the engine,
Postgres and the load generator (engine/bench/cpu.py), and how busy the machine's cores were:
what bounds the rate when they all share one machine.
"""

from __future__ import annotations

import asyncio
import json
import os
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .cpu import Meter

NAME = "W5"
TARGET = "≥ 1,000/s; p99 ≤ 50 ms @ 500/s"
WORKFLOW = "bench-w5"
LATENCY_RATE, LATENCY_SECONDS = 500, 10
STEPS = (1000, 1500, 2000, 3000)  # after 500/s, when 500/s keeps up
STEPS_DOWN = (250, 100, 50, 25)  # when it does not
STEP_SECONDS = 5
CONNECTIONS = 64
GRACE = 2.0  # seconds after a step's window to wait for its last answers
KEEPS_UP = 0.97


def definition() -> dict[str, Any]:
    return {"Comment": "bench W5", "StartAt": "P", "States": {"P": {"Type": "Pass", "End": True}}}


# -- the bench (inside `manage.py bench`) -------------------------------------------------------


def run() -> dict[str, Any]:
    from django.conf import settings
    from django.contrib.auth.models import Group, User

    from baton.models import ApiToken

    from . import cpu, harness

    harness.purge(WORKFLOW)
    harness.publish(WORKFLOW, definition())
    user, _ = User.objects.get_or_create(username="bench-w5")
    user.groups.add(Group.objects.get_or_create(name="operator")[0])
    ApiToken.objects.filter(user=user).delete()
    _, token = ApiToken.issue(user, "W5")

    try:
        with (
            web_processes(settings.DATABASE_URL) as (port, servers),
            harness.engines(1) as engines,
        ):
            meter = cpu.Meter({"web": [s.pid for s in servers], "engine": [e.pid for e in engines]})
            steps = measure(port, token, meter)
    finally:
        harness.purge(WORKFLOW)
    at_500 = steps[0]
    sustained = max((s["rate"] for s in steps if kept_up(s)), default=0)
    cpu_ms = meter.per_item_ms(at_500["ok"])
    cpu_ms["load"] = round(at_500["cpu_seconds"] * 1000 / at_500["ok"], 2) if at_500["ok"] else 0
    return {
        "starts_per_s": sustained,
        "web_processes": len(servers),
        "cpu_ms_per_start_at_500": cpu_ms,
        "kernel_share_of_cpu_at_500": meter.system_share(),
        "cores_busy_at_500": meter.utilisation(),
        "p50_ms_at_500": at_500["p50_ms"],
        "p99_ms_at_500": at_500["p99_ms"],
        "errors": sum(s["errors"] for s in steps),
        "steps": [
            {k: s[k] for k in ("rate", "achieved", "p50_ms", "p99_ms", "errors", "late")}
            for s in steps
        ],
    }


def measure(port: int, token: str, meter: Meter) -> list[dict[str, Any]]:
    """500/s first (metered), then up the steps until one does not keep up, or down until one
    does."""
    drive(port, token, 50, 2)  # warm-up: connections, caches, the first queries
    meter.start()
    steps = [drive(port, token, LATENCY_RATE, LATENCY_SECONDS)]
    meter.stop()
    going_up = kept_up(steps[0])
    for rate in STEPS if going_up else STEPS_DOWN:
        steps.append(drive(port, token, rate, STEP_SECONDS))
        if kept_up(steps[-1]) != going_up:
            break
    return steps


@contextmanager
def web_processes(database_url: str) -> Iterator[tuple[int, list[subprocess.Popen]]]:
    """`make run`'s web processes on a free port; yields (port, the processes), stops them on
    exit."""
    from scripts import web_processes as web

    from . import harness

    count = web.process_count()
    env = {**os.environ, "DATABASE_URL": database_url, "BATON_DB_POOL": "1"}
    with web.listening_socket("127.0.0.1", "0") as listener:
        argv, fd = web.daphne_argv(listener), listener.fileno()
        servers = [
            subprocess.Popen(
                argv,
                cwd=harness.ROOT,
                env=env,
                pass_fds=(fd,),
                stdout=subprocess.DEVNULL,  # one access line per request
                stderr=subprocess.DEVNULL,
            )
            for _ in range(count)
        ]
        profilers = harness._profile(servers)
        try:
            wait_answering(listener.getsockname()[1], servers)
            yield listener.getsockname()[1], servers
        finally:
            for server in servers:
                server.terminate()
            for server in servers:
                server.wait(timeout=30)
            for profiler in profilers:
                profiler.wait(timeout=60)


def wait_answering(port: int, servers: list[subprocess.Popen], timeout: float = 30) -> None:
    from scripts.web_processes import answers

    deadline = time.monotonic() + timeout
    while not answers("127.0.0.1", str(port)):
        if any(server.poll() is not None for server in servers) or time.monotonic() > deadline:
            raise RuntimeError(f"the web processes do not answer on {port}")
        time.sleep(0.1)


def summary(figures: dict[str, Any]) -> str:
    tried = ", ".join(
        f"{s['rate']}/s→{s['achieved']:.0f} (p99 {s['p99_ms']} ms)" for s in figures["steps"]
    )
    cpu_ms = ", ".join(f"{k} {v}" for k, v in figures["cpu_ms_per_start_at_500"].items())
    return (
        f"{figures['starts_per_s']} starts/s sustained (web processes: {figures['web_processes']});"
        f" at 500/s p50 {figures['p50_ms_at_500']} ms,"
        f" p99 {figures['p99_ms_at_500']} ms; {figures['errors']} errors [{tried}];"
        f" CPU ms/start at 500/s: {cpu_ms} (cores busy {figures['cores_busy_at_500']:.0%})"
    )


def kept_up(step: dict[str, Any]) -> bool:
    return step["errors"] == 0 and step["late"] == 0 and step["achieved"] >= KEEPS_UP * step["rate"]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_listening(port: int, process: subprocess.Popen, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"daphne exited with {process.returncode}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"daphne did not listen on {port} within {timeout} s")


def drive(port: int, token: str, rate: int, seconds: float) -> dict[str, Any]:
    """One open-loop step in a separate process; its figures."""
    command = [sys.executable, __file__, "load", str(port), token, str(rate), str(seconds)]
    done = subprocess.run(command, capture_output=True, text=True, timeout=seconds + 30)
    if done.returncode != 0:
        raise RuntimeError(f"W5 load process failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout)


# -- the load process (no Django here) ----------------------------------------------------------


def percentile(values: list[float], pct: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(pct / 100 * (len(ordered) - 1))))]


async def load(port: int, token: str, rate: int, seconds: float) -> dict[str, Any]:
    def request(index: int) -> bytes:
        body = json.dumps({"workflow": WORKFLOW, "input": {"i": index}}).encode()
        head = (
            f"POST /api/executions/ HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
            f"Authorization: Bearer {token}\r\nContent-Type: application/json\r\n"
            f"Content-Length: {len(body)}\r\nConnection: keep-alive\r\n\r\n"
        )
        return head.encode() + body

    return await open_loop(port, request, int(rate * seconds), rate, seconds)


async def open_loop(
    port: int, request: Callable[[int], bytes], total: int, rate: int, seconds: float
) -> dict[str, Any]:
    """Send request(i) at start + i/rate for i < total over CONNECTIONS keep-alive connections
    and time each answer from its scheduled moment; the step's figures. W5b drives it too."""
    queue: asyncio.Queue[tuple[int, float]] = asyncio.Queue()
    latencies: list[float] = []
    statuses: dict[str, int] = {}
    finished: list[float] = []
    answered: set[int] = set()
    loop = asyncio.get_running_loop()
    start = loop.time() + 0.2

    async def worker() -> None:
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        try:
            while (item := await queue.get())[0] >= 0:
                index, due = item
                try:
                    code = await exchange(reader, writer, request(index))
                except (OSError, asyncio.IncompleteReadError) as error:
                    code = type(error).__name__
                    writer.close()
                    reader, writer = await asyncio.open_connection("127.0.0.1", port)
                now = loop.time()
                statuses[code] = statuses.get(code, 0) + 1
                latencies.append((now - due) * 1000)
                answered.add(index)
                finished.append(now)
        finally:
            writer.close()

    workers = [asyncio.create_task(worker()) for _ in range(CONNECTIONS)]
    for index in range(total):
        due = start + index / rate
        if (delay := due - loop.time()) > 0:
            await asyncio.sleep(delay)
        queue.put_nowait((index, due))
    for _ in workers:
        queue.put_nowait((-1, 0.0))
    end = start + seconds
    # Wait for the stragglers at most GRACE seconds; what is still unanswered then counts as
    # late, with the time it had waited so far as its latency (so the percentiles are a floor).
    await asyncio.wait(workers, timeout=max(0.0, end + GRACE - loop.time()))
    cutoff = loop.time()
    for task in workers:
        task.cancel()
    await asyncio.gather(*workers, return_exceptions=True)
    latencies += [(cutoff - start - i / rate) * 1000 for i in range(total) if i not in answered]
    in_window = [t for t in finished if t <= end + 1.0]
    ok = sum(n for code, n in statuses.items() if code in ("200", "201"))
    return {
        "cpu_seconds": round(time.process_time(), 3),  # this load process's own CPU
        "rate": rate,
        "seconds": seconds,
        "sent": total,
        "ok": ok,
        "errors": sum(statuses.values()) - ok,  # answered, but not with 200/201
        "late": total - len(in_window),  # unanswered a second after the window closed
        "achieved": round(len(in_window) / seconds, 1),
        "p50_ms": round(percentile(latencies, 50), 2),
        "p99_ms": round(percentile(latencies, 99), 2),
        "statuses": statuses,
    }


async def exchange(reader: asyncio.StreamReader, writer: asyncio.StreamWriter, data: bytes) -> str:
    """Send one request, read its whole answer; the status code."""
    writer.write(data)
    status_line = await reader.readline()
    length = 0
    while (line := await reader.readline()) not in (b"\r\n", b""):
        name, _, value = line.decode("latin-1").partition(":")
        if name.strip().lower() == "content-length":
            length = int(value)
    if length:
        await reader.readexactly(length)
    return status_line.split(b" ", 2)[1].decode() if status_line else "closed"


if __name__ == "__main__" and sys.argv[1:2] == ["load"]:
    _, _, port_text, token_text, rate_text, seconds_text = sys.argv
    figures = asyncio.run(load(int(port_text), token_text, int(rate_text), float(seconds_text)))
    print(json.dumps(figures))
