"""Shared fixtures: Postgres test database, personas, logged-in clients, the channel layer.

Personas (healthchecks style): alice administers Baton, bob is a regular user on her team,
charlie is an outsider with an account but no business in alice's workflows.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client

PASSWORD = "correct horse battery staple"


def pytest_unconfigure(config: pytest.Config) -> None:
    """Remove this run's metrics directory: under pytest, baton/settings.py makes a fresh one
    (this conftest loads after the settings, too late to choose it), which the engines and
    servers the tests start inherit through PROMETHEUS_MULTIPROC_DIR."""
    from django.conf import settings

    if not settings.configured:
        return
    folder = Path(settings.BATON_METRICS_DIR)
    made = folder.name.startswith("baton-metrics-test-")
    if made and folder.parent == Path(tempfile.gettempdir()):
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="session")
def django_db_modify_db_settings(
    request: pytest.FixtureRequest, django_db_modify_db_settings_parallel_suffix: None
) -> None:
    """Give each pytest run its own test database, so colleagues' runs on one server never
    drop each other's database (--reuse-db keeps the stable per-checkout name)."""
    from django.conf import settings

    if request.config.getvalue("reuse_db"):
        return
    test = settings.DATABASES["default"].setdefault("TEST", {})
    test["NAME"] = f"{test['NAME']}_{os.getpid()}"


@pytest.fixture
def alice(db: None) -> User:
    return User.objects.create_superuser("alice", "alice@example.org", PASSWORD)


@pytest.fixture
def bob(db: None) -> User:
    return User.objects.create_user("bob", "bob@example.org", PASSWORD)


@pytest.fixture
def charlie(db: None) -> User:
    return User.objects.create_user("charlie", "charlie@example.org", PASSWORD)


@pytest.fixture
def alice_client(alice: User) -> Client:
    """A browser session logged in as alice (the admin)."""
    client = Client()
    client.force_login(alice)
    return client


@pytest.fixture
def bob_client(bob: User) -> Client:
    client = Client()
    client.force_login(bob)
    return client


@pytest.fixture
def engine(transactional_db: None) -> Iterator[None]:
    """A real engine (engine.worker.Engine) on a thread for the length of the test."""
    from engine.worker import Engine

    running = Engine(concurrency=2)
    thread = threading.Thread(target=running.serve, daemon=True)
    thread.start()
    yield
    running.stop()
    thread.join(timeout=10)


@pytest.fixture
def channel_layer(transactional_db: None, settings: Any) -> Iterator[Any]:
    """The configured channel layer, pointed at the test database.

    The Postgres layer connects on its own, so its CONFIG must name the test database;
    transactional_db makes its messages visible to that separate connection.
    """
    from channels.layers import channel_layers, get_channel_layer
    from django.db import connection

    layers = {name: dict(conf) for name, conf in settings.CHANNEL_LAYERS.items()}
    config = layers["default"].get("CONFIG")
    if layers["default"]["BACKEND"].endswith("PostgresChannelLayer"):
        layers["default"]["CONFIG"] = {**config, "NAME": connection.settings_dict["NAME"]}
    settings.CHANNEL_LAYERS = layers
    channel_layers.backends.clear()
    yield get_channel_layer()
    channel_layers.backends.clear()
    if layers["default"]["BACKEND"].endswith("PostgresChannelLayer"):
        close_postgres_layer_connections()


def close_postgres_layer_connections() -> None:
    """channels_postgres keeps a process-wide pool and a LISTEN connection open; end them so the
    test database can be dropped and the next test builds a fresh pool."""
    from django.db import connection

    from baton.channel_layer import forget_pools

    forget_pools()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
            " WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
