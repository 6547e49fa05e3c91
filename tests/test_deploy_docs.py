"""docs/deploy.md's systemd units: each unit's ExecStart, run here (the repository's python, the
test database) with the unit's own Environment=, comes up and stops on SIGTERM."""

from __future__ import annotations

import shlex
import sys
import time
from pathlib import Path

import pytest
import requests

from tests.processes import REPO, Process, free_port

UNITS = REPO / "docs" / "systemd"
INSTALLED = Path("/opt/baton")  # where the units expect the checkout


def service_section(unit: Path) -> dict[str, list[str]]:
    """The [Service] keys of a unit file, each with its values in order (keys may repeat)."""
    section, found = "", {}
    for raw in unit.read_text().splitlines():
        line = raw.strip()
        if not line or line.startswith(("#", ";")):
            continue
        if line.startswith("["):
            section = line.strip("[]")
        elif section == "Service":
            key, _, value = line.partition("=")
            found.setdefault(key.strip(), []).append(value.strip())
    return found


def command_here(service: dict[str, list[str]]) -> tuple[list[str], dict[str, str]]:
    """ExecStart with the repository's python instead of the installed one, and Environment=."""
    argv = shlex.split(service["ExecStart"][0])
    assert argv[0] == str(INSTALLED / ".venv" / "bin" / "python")
    assert service["WorkingDirectory"] == [str(INSTALLED)]  # so the relative paths below work
    env = dict(
        item.split("=", 1)
        for value in service.get("Environment", [])
        for item in shlex.split(value)
    )
    return [sys.executable, *argv[1:]], env


def test_every_unit_runs_a_command_of_this_checkout_with_restarts() -> None:
    units = sorted(path.name for path in UNITS.glob("*.service"))

    assert units == ["baton-cluster.service", "baton-engine.service", "baton-web.service"]
    for name in units:
        service = service_section(UNITS / name)
        argv, _ = command_here(service)
        assert (REPO / argv[1]).exists() or argv[1] == "-m", argv
        assert service["Restart"] == ["always"]
        assert service["EnvironmentFile"] == ["/etc/baton/baton.env"]


@pytest.mark.slow
def test_the_web_unit_serves_health_and_stops(transactional_db: None, tmp_path: Path) -> None:
    argv, env = command_here(service_section(UNITS / "baton-web.service"))
    port = free_port()
    env |= {"BATON_HOST": "127.0.0.1", "BATON_PORT": str(port), "BATON_WEB_PROCESSES": "2"}
    web = Process(argv, tmp_path / "web.log", {**env, "BATON_DATA_DIR": str(tmp_path)})
    try:
        web.wait_for("2 web processes on 127.0.0.1", timeout=30)
        health = wait_for_health(web, f"http://127.0.0.1:{port}/api/health/")
    finally:
        web.stop()
        print(web.tail())

    assert health.status_code == 200 and health.json()["database"] is True
    assert web.proc.returncode == 0


@pytest.mark.slow
@pytest.mark.parametrize(
    ("unit", "says"),
    [("baton-engine.service", ": running, concurrency 8"), ("baton-cluster.service", ": running")],
)
def test_the_engine_and_cluster_units_say_they_run_and_stop(
    transactional_db: None, tmp_path: Path, unit: str, says: str
) -> None:
    argv, env = command_here(service_section(UNITS / unit))
    process = Process(argv, tmp_path / "unit.log", {**env, "BATON_DATA_DIR": str(tmp_path)})
    try:
        process.wait_for(says, timeout=60)
    finally:
        process.stop()
        print(process.tail())

    assert process.proc.returncode == 0  # a clean stop on SIGTERM


def wait_for_health(web: Process, url: str) -> requests.Response:
    """The socket accepts at once; the answer comes when a daphne process has started."""
    for _ in range(100):
        try:
            return requests.get(url, timeout=30)
        except requests.ConnectionError:
            web.wait_for("", timeout=1)  # fails if the unit's command has exited
            time.sleep(0.1)
    raise AssertionError(f"{url} never answered:\n{web.output()}")
