"""Settings helpers fail loudly; database URLs parse; the engine's system checks pass."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.core.checks import run_checks
from django.core.exceptions import ImproperlyConfigured
from django.test import Client
from pytest import MonkeyPatch

from baton.database import parse_database_url
from baton.settings import env_bool, env_int, env_list, env_match, env_str
from engine import checks


def test_env_bool_rejects_a_malformed_value(monkeypatch: MonkeyPatch) -> None:
    monkeypatch.setenv("BATON_FLAG", "maybe")
    with pytest.raises(ImproperlyConfigured, match="BATON_FLAG"):
        env_bool("BATON_FLAG")


def test_env_int_rejects_a_malformed_value(monkeypatch: MonkeyPatch) -> None:
    monkeypatch.setenv("BATON_NUMBER", "12kb")
    with pytest.raises(ImproperlyConfigured, match="BATON_NUMBER"):
        env_int("BATON_NUMBER", 1)


def test_env_match_rejects_a_value_of_the_wrong_shape(monkeypatch: MonkeyPatch) -> None:
    monkeypatch.setenv("BATON_AWS_ACCOUNT_ID", "12345")
    with pytest.raises(ImproperlyConfigured, match="BATON_AWS_ACCOUNT_ID='12345'.*12-digit"):
        env_match("BATON_AWS_ACCOUNT_ID", "000000000000", r"\d{12}", "a 12-digit AWS account id")
    monkeypatch.setenv("BATON_AWS_ACCOUNT_ID", "123456789012")
    assert env_match("BATON_AWS_ACCOUNT_ID", "", r"\d{12}", "an id") == "123456789012"


def test_env_helpers_read_values_defaults_and_files(monkeypatch: MonkeyPatch, tmp_path) -> None:
    monkeypatch.setenv("BATON_FLAG", "Yes")
    monkeypatch.setenv("BATON_MODULES", "a.b, c ,")
    (tmp_path / "secret").write_text("s3cret\n")
    monkeypatch.setenv("BATON_SECRET_FILE", str(tmp_path / "secret"))
    assert env_bool("BATON_FLAG") is True
    assert env_int("BATON_UNSET_NUMBER", 7) == 7
    assert env_list("BATON_MODULES") == ["a.b", "c"]
    assert env_str("BATON_SECRET") == "s3cret"


def test_database_url_with_host_port_and_options() -> None:
    db = parse_database_url("postgres://baton:p%40ss@db.example:6543/baton?sslmode=require")
    assert (db["USER"], db["PASSWORD"], db["HOST"], db["PORT"], db["NAME"]) == (
        "baton",
        "p@ss",
        "db.example",
        "6543",
        "baton",
    )
    assert db["OPTIONS"] == {"sslmode": "require"}


def test_database_url_with_a_unix_socket_directory() -> None:
    db = parse_database_url("postgresql://postgres:@/postgres?host=/tmp/pg")
    assert (db["HOST"], db["PORT"], db["NAME"]) == ("/tmp/pg", "", "postgres")


def test_database_url_must_be_postgres() -> None:
    with pytest.raises(ImproperlyConfigured):
        parse_database_url("mysql://root@127.0.0.1:3306/baton")


def test_engine_system_checks_pass() -> None:
    assert [e for e in run_checks() if e.id.startswith("engine.")] == []


def test_in_memory_channel_layer_fails_the_check(settings) -> None:
    settings.CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}
    assert [e.id for e in checks.check_channel_layer()] == ["engine.E002"]


# -- deployment behind TLS (BATON_BEHIND_TLS) ---------------------------------------------------

TLS_SETTINGS = [
    "SECURE_PROXY_SSL_HEADER",
    "SECURE_SSL_REDIRECT",
    "SECURE_REDIRECT_EXEMPT",
    "SESSION_COOKIE_SECURE",
    "CSRF_COOKIE_SECURE",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "CSRF_TRUSTED_ORIGINS",
]


FRESH_PROCESS_VARIABLES = (
    "BATON_BEHIND_TLS",
    "BATON_HSTS_SECONDS",
    "CSRF_TRUSTED_ORIGINS",
    "BATON_LOG_LEVEL",
)


def run_in_a_fresh_process(
    tmp_path: Path, script: str, **env: str
) -> subprocess.CompletedProcess[str]:
    """Run `script` in a child with baton.settings made from `env` (settings are read once per
    process). A DATABASE_URL that is never connected to keeps the child from starting the
    embedded database."""
    child_env = {
        key: value for key, value in os.environ.items() if key not in FRESH_PROCESS_VARIABLES
    }
    child_env.update(
        DJANGO_SETTINGS_MODULE="baton.settings",
        DATABASE_URL="postgres://nobody@127.0.0.1:1/none",
        SECRET_KEY="test",
        BATON_DATA_DIR=str(tmp_path),
        **env,
    )
    return subprocess.run(
        [sys.executable, "-c", script],
        env=child_env,
        cwd=Path(__file__).resolve().parents[1],
        capture_output=True,
        text=True,
        timeout=60,
    )


def settings_in_a_fresh_process(tmp_path: Path, **env: str) -> dict[str, Any]:
    """TLS_SETTINGS as baton.settings makes them from `env`."""
    script = (
        "import json; from django.conf import settings; "
        f"print(json.dumps({{name: getattr(settings, name) for name in {TLS_SETTINGS!r}}}))"
    )
    done = run_in_a_fresh_process(tmp_path, script, **env)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_tls_hardening_is_off_by_default(tmp_path: Path) -> None:
    found = settings_in_a_fresh_process(tmp_path)

    assert found["SECURE_PROXY_SSL_HEADER"] is None
    assert found["SECURE_SSL_REDIRECT"] is False
    assert found["SESSION_COOKIE_SECURE"] is False
    assert found["CSRF_COOKIE_SECURE"] is False
    assert found["SECURE_HSTS_SECONDS"] == 0
    assert found["CSRF_TRUSTED_ORIGINS"] == []


def test_baton_behind_tls_turns_the_hardening_on(tmp_path: Path) -> None:
    found = settings_in_a_fresh_process(
        tmp_path,
        BATON_BEHIND_TLS="1",
        CSRF_TRUSTED_ORIGINS="https://baton.example.com, https://ops.example.com",
    )

    assert found["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"]
    assert found["SECURE_SSL_REDIRECT"] is True
    assert found["SESSION_COOKIE_SECURE"] is True
    assert found["CSRF_COOKIE_SECURE"] is True
    assert found["SECURE_HSTS_SECONDS"] >= 31536000
    assert found["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is True
    assert found["CSRF_TRUSTED_ORIGINS"] == ["https://baton.example.com", "https://ops.example.com"]


@pytest.mark.django_db
def test_behind_tls_http_redirects_except_the_health_probe(tmp_path: Path, settings: Any) -> None:
    found = settings_in_a_fresh_process(tmp_path, BATON_BEHIND_TLS="1")
    for name in TLS_SETTINGS[:-1]:
        setattr(settings, name, found[name])
    settings.SECURE_PROXY_SSL_HEADER = tuple(found["SECURE_PROXY_SSL_HEADER"])
    client = Client()  # built after the settings change: SecurityMiddleware reads them once

    plain = client.get("/api/workflows/")
    probe = client.get("/api/health/")
    proxied = client.get("/api/health/", headers={"X-Forwarded-Proto": "https"})

    assert (plain.status_code, plain["Location"]) == (301, "https://testserver/api/workflows/")
    assert probe.status_code in (200, 503) and "Strict-Transport-Security" not in probe
    assert "includeSubDomains" in proxied["Strict-Transport-Security"]


# -- logging (BATON_LOG_LEVEL) --------------------------------------------------------------------

LOG_SOME_LINES = """
import django, logging
django.setup()
logging.getLogger("django-q").info("Processed 'engine.tasks.sweep'")
logging.getLogger("daphne.server").info("Listening on TCP address 127.0.0.1:8000")
logging.getLogger("engine.worker").debug("engine: claimed nothing")
logging.getLogger("engine.worker").info("engine: advanced an execution")
logging.getLogger("engine.worker").warning("engine: a lease lapsed")
logging.getLogger("django-q").warning("django-q: a task failed")
"""


def console_lines(tmp_path: Path, **env: str) -> str:
    """What LOG_SOME_LINES puts on the console under the settings made from `env`."""
    done = run_in_a_fresh_process(tmp_path, LOG_SOME_LINES, **env)
    assert done.returncode == 0, done.stderr
    return done.stderr


def test_the_job_queue_and_daphne_info_lines_stay_off_the_console_by_default(
    tmp_path: Path,
) -> None:
    console = console_lines(tmp_path)

    assert "Processed" not in console and "Listening" not in console
    assert "engine: advanced an execution" in console and "claimed nothing" not in console
    # Warnings of the libraries still show
    assert "django-q: a task failed" in console


def test_baton_log_level_debug_shows_everything(tmp_path: Path) -> None:
    console = console_lines(tmp_path, BATON_LOG_LEVEL="debug")

    for line in ("Processed", "Listening on TCP", "claimed nothing", "advanced an execution"):
        assert line in console


def test_baton_log_level_warning_quiets_baton_too(tmp_path: Path) -> None:
    console = console_lines(tmp_path, BATON_LOG_LEVEL="WARNING")

    assert "advanced an execution" not in console and "Processed" not in console
    assert "engine: a lease lapsed" in console and "django-q: a task failed" in console


def test_a_malformed_baton_log_level_names_the_variable(tmp_path: Path) -> None:
    done = run_in_a_fresh_process(tmp_path, LOG_SOME_LINES, BATON_LOG_LEVEL="loud")

    assert done.returncode != 0
    assert "ImproperlyConfigured: BATON_LOG_LEVEL='loud' is not debug, info" in done.stderr
