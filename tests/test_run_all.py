"""`make run` (scripts/run_all.py): a quiet start that ends in one banner saying where to go.

Its web processes on one socket, killed and restarted: tests/test_serving.py."""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path
from typing import Any

import pytest
import requests
from django.contrib.auth import authenticate

from scripts.run_all import ROOT, banner, local_url
from scripts.web_processes import process_count
from tests.processes import Process, free_port


def test_the_first_banner_gives_the_address_the_new_admin_and_the_logs() -> None:
    text = banner("http://127.0.0.1:8000/", "admin", "s3cr3t-pw", ROOT / ".data" / "run.log")

    assert text.splitlines()[1:4] == [
        "Baton is running.",
        "  Open   http://127.0.0.1:8000/",
        "  Admin  username admin, password s3cr3t-pw  (shown only this once)",
    ]
    assert "  Logs   below (web.1 | engine | cluster), also in .data/run.log" in text
    assert "  Web    1 process on one socket (BATON_WEB_PROCESSES)" in text
    assert "BATON_LOG_LEVEL=debug" in text and "Ctrl-C" in text


def test_a_later_banner_says_the_admin_exists_and_how_to_reset_a_password() -> None:
    text = banner("http://127.0.0.1:8000/", "root", None, Path("/var/log/baton.log"))

    assert "  Admin  root exists (to reset a password: " in text
    assert "manage.py changepassword root)" in text
    assert "username root" not in text and "/var/log/baton.log" in text


def test_the_banner_names_every_web_process() -> None:
    text = banner("http://127.0.0.1:8000/", "root", None, Path("/tmp/run.log"), web=4)

    assert "  Web    4 processes on one socket (BATON_WEB_PROCESSES)" in text
    assert "  Logs   below (web.1 … web.4 | engine | cluster), also in /tmp/run.log" in text


def test_a_server_on_every_interface_is_opened_on_loopback() -> None:
    assert local_url("0.0.0.0", "8000") == "http://127.0.0.1:8000/"
    assert local_url("baton.local", "80") == "http://baton.local:80/"
    assert local_url("::1", "8000") == "http://[::1]:8000/"


@pytest.mark.slow
def test_make_run_starts_quietly_and_prints_one_banner_once_all_is_up(
    transactional_db: None, tmp_path: Path
) -> None:
    port = free_port()
    env = {"BATON_PORT": str(port), "BATON_DATA_DIR": str(tmp_path)}
    launcher = Process([sys.executable, "scripts/run_all.py"], tmp_path / "launcher.log", env)
    try:
        launcher.wait_for("  Stop ", timeout=60)
        health = requests.get(f"http://127.0.0.1:{port}/api/health/", timeout=10)
        # The sample expense waits in the admin's inbox; its e-mail goes to a file, not the console
        mails = wait_for_files(tmp_path / "mail", seconds=30)
        console = launcher.output()
    finally:
        launcher.stop()
    before, _, after = console.partition("Baton is running.")
    password = after.split("password ")[1].split()[0]

    # The banner comes once, when the web server answers, and its password logs the admin in
    assert console.count("Baton is running.") == 1 and f":{port}/" in after
    assert health.status_code == 200
    assert authenticate(username="admin", password=password) is not None
    # Before it: one line from the engine and one from the cluster, no chatter
    assert sorted(line.split(" | ")[0].strip() for line in before.splitlines() if line) == [
        "cluster",
        "engine",
    ]
    assert (tmp_path / "run.log").read_text().count(" | ") >= 2
    assert launcher.proc.returncode == 0
    assert f"Mail   written to {tmp_path / 'mail'}/" in after
    assert "Approval needed: Expense" in mails[0].read_text()
    assert "Approval needed" not in console


def wait_for_files(folder: Path, seconds: float) -> list[Path]:
    ends = time.monotonic() + seconds
    while time.monotonic() < ends:
        found = sorted(folder.glob("*")) if folder.is_dir() else []
        if found and found[0].stat().st_size:
            return found
        time.sleep(0.2)
    raise AssertionError(f"no e-mail written to {folder} within {seconds} s")


def test_the_number_of_web_processes_is_one_per_core_unless_set(monkeypatch: Any) -> None:
    monkeypatch.delenv("BATON_WEB_PROCESSES", raising=False)
    assert process_count() == (os.cpu_count() or 1)
    monkeypatch.setenv("BATON_WEB_PROCESSES", "3")
    assert process_count() == 3
    monkeypatch.setenv("BATON_WEB_PROCESSES", "0")
    with pytest.raises(SystemExit, match="BATON_WEB_PROCESSES='0': a whole number"):
        process_count()
