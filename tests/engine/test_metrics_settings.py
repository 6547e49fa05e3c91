"""Where the metrics files go (baton/settings.py): every process of a machine must agree, and
prometheus-client reads the directory from PROMETHEUS_MULTIPROC_DIR when first imported."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

from tests.processes import REPO

SCRIPT = (
    "import json, os; from django.conf import settings; "
    "print(json.dumps([str(settings.BATON_METRICS_DIR), settings.BATON_METRICS, "
    "os.environ.get('PROMETHEUS_MULTIPROC_DIR')]))"
)
INHERITED = ("PROMETHEUS_MULTIPROC_DIR", "BATON_METRICS_DIR", "BATON_METRICS", "PYTEST_VERSION")


def settings_of(tmp_path: Path, **env: str) -> list[Any]:
    """[BATON_METRICS_DIR, BATON_METRICS, PROMETHEUS_MULTIPROC_DIR] as a new process sees them."""
    child_env = {k: v for k, v in os.environ.items() if k not in INHERITED}
    child_env.update(
        DJANGO_SETTINGS_MODULE="baton.settings",
        DATABASE_URL="postgres://nobody@127.0.0.1:1/none",  # never connected to
        SECRET_KEY="test",
        BATON_DATA_DIR=str(tmp_path),
        **env,
    )
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT], env=child_env, cwd=REPO, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_by_default_the_files_go_to_the_data_folder_and_every_child_inherits_it(
    tmp_path: Path,
) -> None:
    folder, on, exported = settings_of(tmp_path)

    assert on is True
    assert folder == exported == str(tmp_path / "metrics")
    assert (tmp_path / "metrics").is_dir()


def test_baton_metrics_dir_chooses_the_folder(tmp_path: Path) -> None:
    chosen = tmp_path / "elsewhere"

    assert settings_of(tmp_path, BATON_METRICS_DIR=str(chosen))[::2] == [str(chosen)] * 2
    assert chosen.is_dir()


def test_a_prometheus_multiproc_dir_already_set_is_kept(tmp_path: Path) -> None:
    given = tmp_path / "given"
    found = settings_of(
        tmp_path, PROMETHEUS_MULTIPROC_DIR=str(given), BATON_METRICS_DIR=str(tmp_path / "no")
    )

    assert found[::2] == [str(given)] * 2


def test_with_metrics_off_no_folder_is_made_or_exported(tmp_path: Path) -> None:
    _, on, exported = settings_of(tmp_path, BATON_METRICS="false")

    assert on is False and exported is None
    assert not (tmp_path / "metrics").exists()


def test_under_pytest_each_run_gets_a_fresh_folder_of_its_own(tmp_path: Path) -> None:
    first = settings_of(tmp_path, PYTEST_VERSION="9")[0]
    second = settings_of(tmp_path, PYTEST_VERSION="9")[0]
    for folder in (first, second):
        shutil.rmtree(folder)

    assert first != second
    assert all(Path(f).name.startswith("baton-metrics-test-") for f in (first, second))
