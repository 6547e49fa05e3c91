"""Settings helpers fail loudly; database URLs parse; the engine's system checks pass."""

from __future__ import annotations

import pytest
from django.core.checks import run_checks
from django.core.exceptions import ImproperlyConfigured
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
