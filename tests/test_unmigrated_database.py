"""A database that was never migrated: Baton's commands say, in one line, to run `make migrate`
(baton/management/base.py); Django's own commands go on working."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from collections.abc import Iterator
from urllib.parse import urlsplit

import psycopg
import pytest

from baton.management.base import missing_tables
from tests.processes import REPO, database_url

NEED_TABLES = (
    ["runengine"],
    ["qcluster"],
    ["bootstrap"],
    ["schedule", "list"],
    ["export_workflow", "order-saga"],
    ["create_token", "admin"],
)


@pytest.fixture
def empty_database() -> Iterator[str]:
    """The DATABASE_URL of a new, empty database on the tests' server; dropped afterwards."""
    name = f"baton_empty_{os.getpid()}_{secrets.token_hex(4)}"
    server = database_url()
    with psycopg.connect(server, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield urlsplit(server)._replace(path=f"/{name}").geturl()
    finally:
        with psycopg.connect(server, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def run_manage(url: str, commands: tuple[list[str], ...]) -> list[tuple[int, str, str]]:
    """Run each `manage.py` command (at once, side by side) on `url`: (status, stdout, stderr)."""
    env = {**os.environ, "DATABASE_URL": url}
    children = [
        subprocess.Popen(
            [sys.executable, "manage.py", *argv],
            cwd=REPO,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for argv in commands
    ]
    results = []
    for child in children:
        out, err = child.communicate(timeout=60)
        results.append((child.returncode, out, err))
    return results


def test_baton_commands_on_a_database_never_migrated_say_to_run_make_migrate(
    empty_database: str,
) -> None:
    name = urlsplit(empty_database).path.lstrip("/")
    for argv, (status, out, err) in zip(
        NEED_TABLES, run_manage(empty_database, NEED_TABLES), strict=True
    ):
        # One line on stderr, nothing on stdout, exit status 1: no traceback, no retry loop
        assert (status, out) == (1, ""), (argv, status, out, err)
        assert err == (
            f"CommandError: The database {name!r} has not been migrated:"
            " run `make migrate` (or `python manage.py migrate`) first.\n"
        ), argv


def test_django_commands_still_work_on_a_database_never_migrated(empty_database: str) -> None:
    check, plan = run_manage(empty_database, (["check"], ["migrate", "--plan"]))

    assert check[0] == 0, check
    assert plan[0] == 0 and "engine.0001_initial" in plan[1], plan


def test_a_migrated_database_lacks_no_table(db: None) -> None:
    assert missing_tables() == []
