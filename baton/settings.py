"""Django settings for Baton: one file, everything configurable from the environment.

Malformed environment values raise ImproperlyConfigured at start-up rather than misbehaving later.
"""

from __future__ import annotations

import copy
import hashlib
import os
import re
import secrets
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.core.exceptions import ImproperlyConfigured

from baton.database import parse_database_url

BASE_DIR = Path(__file__).resolve().parent.parent
TRUE_WORDS = {"1", "true", "yes", "on"}
FALSE_WORDS = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str = "") -> str:
    """NAME from the environment, or the contents of the file named by NAME_FILE."""
    if name in os.environ:
        return os.environ[name]
    path = os.environ.get(f"{name}_FILE")
    if path:
        try:
            return Path(path).read_text().strip()
        except OSError as exc:
            raise ImproperlyConfigured(f"{name}_FILE={path!r} cannot be read: {exc}") from exc
    return default


def env_bool(name: str, default: bool = False) -> bool:
    value = env_str(name, "true" if default else "false").strip().lower()
    if value in TRUE_WORDS:
        return True
    if value in FALSE_WORDS:
        return False
    raise ImproperlyConfigured(f"{name}={value!r} is not a boolean (use 1/0, true/false)")


def env_int(name: str, default: int) -> int:
    value = env_str(name, str(default)).strip()
    try:
        return int(value)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name}={value!r} is not an integer") from exc


def env_match(name: str, default: str, pattern: str, what: str) -> str:
    """NAME when the whole of it matches `pattern` (a regular expression); `what` says how."""
    value = env_str(name, default).strip()
    if re.fullmatch(pattern, value) is None:
        raise ImproperlyConfigured(f"{name}={value!r} is not {what}")
    return value


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in env_str(name, default).split(",") if item.strip()]


def dev_secret_key(data_dir: Path) -> str:
    """A random key generated on first use and kept in the git-ignored data folder."""
    path = data_dir / "secret_key"
    if not path.exists():
        data_dir.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


DATA_DIR = Path(env_str("BATON_DATA_DIR", str(BASE_DIR / ".data")))
SECRET_KEY = env_str("SECRET_KEY") or dev_secret_key(DATA_DIR)
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")  # https://baton.example.com,…

# Behind a proxy that ends TLS and sets X-Forwarded-Proto (README, "Deploying behind TLS").
# Off for `make run` on localhost, where there is no TLS to redirect to.
BATON_BEHIND_TLS = env_bool("BATON_BEHIND_TLS", False)
if BATON_BEHIND_TLS:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = True
    SECURE_REDIRECT_EXEMPT = [r"^api/health/$"]  # load balancers probe it over plain HTTP
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env_int("BATON_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True

INSTALLED_APPS = [
    "daphne",  # first: its runserver replaces Django's
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",  # Swagger UI served from here: no outside network
    "channels",
    "channels_postgres",  # its tables carry the Postgres channel layer
    "baton",  # API tokens and roles
    "designer",
    "engine",
    "approvals",
    "django_q",  # after engine, whose qcluster command (migrated-database check) replaces its own
]

MIDDLEWARE = [
    "engine.telemetry.http_metrics.RequestMetrics",  # first: it times everything below
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "baton.middleware.LoginRequiredExceptApi",
    "baton.middleware.UncomparableUrlPartsNotFound",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "baton.urls"
WSGI_APPLICATION = "baton.wsgi.application"
ASGI_APPLICATION = "baton.asgi.application"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "baton.web.roles.can",
                "approvals.context_processors.bell",
            ],
        },
    },
]

# Database: DATABASE_URL, else the embedded server (started here so every entry point agrees).
if env_str("DATABASE_URL"):
    DATABASE_URL = env_str("DATABASE_URL")
else:
    from baton.embedded_db import database_url

    DATABASE_URL = database_url()

_checkout_id = hashlib.sha1(str(BASE_DIR).encode()).hexdigest()[:8]
DATABASES = {
    "default": {
        **parse_database_url(DATABASE_URL),
        "ATOMIC_REQUESTS": False,
        "AUTOCOMMIT": True,
        # 0 under ASGI: async views run in changing threads; long-lived processes such as
        # runengine keep their connection anyway. Health checks catch dropped connections.
        "CONN_MAX_AGE": env_int("CONN_MAX_AGE", 0),
        "CONN_HEALTH_CHECKS": True,
        "TIME_ZONE": None,
        # One test database per checkout, so clones sharing one server do not collide.
        "TEST": {"NAME": f"test_baton_{_checkout_id}"},
    }
}
# A connection pool for the web server (make run and bench W5 turn it on for daphne): without
# it every request opens a new connection under ASGI. Engines keep their own per thread.
if env_bool("BATON_DB_POOL", False):
    DATABASES["default"]["OPTIONS"]["pool"] = {
        "min_size": 2,
        "max_size": env_int("BATON_DB_POOL_SIZE", 10),
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Channels: Redis when REDIS_URL is set, else Postgres LISTEN/NOTIFY. Both work across processes.
REDIS_URL = env_str("REDIS_URL")
if REDIS_URL:
    CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels_redis.core.RedisChannelLayer",
            # The default capacity (100) drops bursts silently.
            "CONFIG": {"hosts": [REDIS_URL], "capacity": 10000},
        }
    }
else:
    CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "baton.channel_layer.PostgresChannelLayer",
            # Must be a full database settings dict, or get_channel_layer() returns None.
            "CONFIG": copy.deepcopy(DATABASES["default"]),
        }
    }

# BATON_LOG_LEVEL: Baton's own loggers; other libraries log at INFO or as quietly as Baton. The
# job queue's per-task lines ("Processed …", "Enqueued …") and daphne's start-up lines are INFO:
# they show only at debug (`make run` prints one banner instead).
BATON_LOG_LEVEL = env_match(
    "BATON_LOG_LEVEL", "info", r"(?i)debug|info|warning|error", "debug, info, warning or error"
).upper()
ROOT_LOG_LEVEL = "INFO" if BATON_LOG_LEVEL == "DEBUG" else BATON_LOG_LEVEL
QUIET_LOG_LEVEL = {"DEBUG": "DEBUG", "ERROR": "ERROR"}.get(BATON_LOG_LEVEL, "WARNING")

Q_CLUSTER = {
    "name": "baton",
    "orm": "default",
    "workers": env_int("BATON_Q_WORKERS", 2),
    "timeout": 600,  # long-running task bodies enforce their own TimeoutSeconds
    "retry": 660,  # must exceed timeout, or a running task is handed out twice
    "max_attempts": 3,
    "catch_up": False,
    "ack_failures": True,
    "log_level": QUIET_LOG_LEVEL,  # used only if LOGGING below gave django-q no handler
}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = DATA_DIR / "static"

# --- Auth cache (issue 17; baton/auth_cache.py) ---------------------------------------------
# BATON_AUTH_CACHE_SECONDS: how long a web process remembers an API token, an access key and a
# user's roles, so a request costs no query to authenticate. A token or key revoked, a user
# deactivated or a role removed elsewhere keeps working in a process for at most this long
# (0: no cache). Under pytest the default is 0, since tests revoke and expect refusal at once;
# tests/api/test_auth_cache.py turns it on.
BATON_AUTH_CACHE_SECONDS = env_int(
    "BATON_AUTH_CACHE_SECONDS", 0 if os.environ.get("PYTEST_VERSION") else 10
)
# --- end of auth cache -------------------------------------------------------------------------

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "baton.api.auth.BearerTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    # Deny by default: every view names the role each of its actions needs.
    "DEFAULT_PERMISSION_CLASSES": ["baton.api.permissions.HasRole"],
    "DEFAULT_PARSER_CLASSES": ["baton.api.parsers.JSONParser"],  # depth and Unicode checked
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "baton.api.errors.handle",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Baton API",
    "DESCRIPTION": "Workflows in Amazon States Language, run durably on Postgres.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["baton.api.permissions.HasRole"],
    "COMPONENT_SPLIT_REQUEST": True,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "ENUM_NAME_OVERRIDES": {
        "ExecutionStatusEnum": "engine.models.Status",
        "HumanTaskStatusEnum": "approvals.models.TaskStatus",
    },
}

# Python modules whose @function registrations Baton imports at start-up.
DEFAULT_FUNCTION_MODULES: list[str] = ["designer.examples.functions"]
BATON_FUNCTION_MODULES = DEFAULT_FUNCTION_MODULES + env_list("BATON_FUNCTION_MODULES")

# Read through engine.conf.engine_setting(); defaults live there too.
BATON_ENGINE = {
    "PAYLOAD_LIMIT_BYTES": env_int("BATON_PAYLOAD_LIMIT_BYTES", 262144),
    "HISTORY_LIMIT_EVENTS": env_int("BATON_HISTORY_LIMIT_EVENTS", 100000),
    "RETENTION_DAYS": env_int("BATON_RETENTION_DAYS", 90),
    "TASK_LEASE_SECONDS": env_int("BATON_TASK_LEASE_SECONDS", 300),
    "SYNC_EXECUTION_SECONDS": env_int("BATON_SYNC_EXECUTION_SECONDS", 60),
    "MEMORY_LIMIT_MB": env_int("BATON_ENGINE_MEMORY_LIMIT_MB", 0),
    "ENGINE_DEAD_SECONDS": env_int("BATON_ENGINE_DEAD_SECONDS", 10),
    "STOP_GRACE_SECONDS": env_int("BATON_ENGINE_STOP_GRACE_SECONDS", 10),
    "SCHEDULE_CATCH_UP": env_match("BATON_SCHEDULE_CATCH_UP", "once", r"once|skip", "once or skip"),
    "PUBLISH": env_bool("BATON_LIVE_UPDATES", True),
    # In every ARN Baton gives out ($$.Execution.Id, the Step Functions API at /aws/).
    "REGION": env_match(
        "BATON_AWS_REGION", "us-east-1", r"[a-z]{2}(-[a-z]+)+-\d{1,2}", "an AWS region (us-east-1)"
    ),
    "ACCOUNT_ID": env_match(
        "BATON_AWS_ACCOUNT_ID", "000000000000", r"\d{12}", "a 12-digit AWS account id"
    ),
}

# E-mail (approvals' notifications, approvals/mail.py): the console by default; SMTP from
# BATON_EMAIL_URL, else from the usual EMAIL_* variables. README, "E-mail and webhooks".
EMAIL_SCHEMES = {
    "smtp": (25, False, False),
    "smtp+tls": (587, True, False),
    "smtps": (465, False, True),
}


def email_from_url(name: str, url: str) -> dict[str, object]:
    """Django's EMAIL_* settings from `smtp[+tls|s]://user:password@host:port`."""
    # The message never repeats the URL: it may hold a password.
    shape = f"{name} must look like smtp://user:password@host:port (or smtp+tls://, smtps://)"
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError as exc:
        raise ImproperlyConfigured(f"{shape}: {exc}") from exc
    if parts.scheme not in EMAIL_SCHEMES or not parts.hostname:
        raise ImproperlyConfigured(shape)
    default_port, use_tls, use_ssl = EMAIL_SCHEMES[parts.scheme]
    return {
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": parts.hostname,
        "EMAIL_PORT": port or default_port,
        "EMAIL_HOST_USER": unquote(parts.username or ""),
        "EMAIL_HOST_PASSWORD": unquote(parts.password or ""),
        "EMAIL_USE_TLS": use_tls,
        "EMAIL_USE_SSL": use_ssl,
    }


if env_str("BATON_EMAIL_URL"):
    globals().update(email_from_url("BATON_EMAIL_URL", env_str("BATON_EMAIL_URL")))
else:
    # Setting EMAIL_HOST alone is enough to send over SMTP.
    _smtp_or_console = "smtp" if env_str("EMAIL_HOST") else "console"
    EMAIL_HOST = env_str("EMAIL_HOST") or "localhost"
    EMAIL_BACKEND = (
        env_str("EMAIL_BACKEND") or f"django.core.mail.backends.{_smtp_or_console}.EmailBackend"
    )
    EMAIL_PORT = env_int("EMAIL_PORT", 25)
    EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
    EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
    EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
    if EMAIL_USE_TLS and EMAIL_USE_SSL:
        raise ImproperlyConfigured("EMAIL_USE_TLS and EMAIL_USE_SSL cannot both be on")
EMAIL_FILE_PATH = env_str("EMAIL_FILE_PATH") or str(DATA_DIR / "mail")  # the file backend's
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 10)  # seconds: a hung server must not stall the sender
DEFAULT_FROM_EMAIL = (
    env_str("BATON_EMAIL_FROM") or env_str("DEFAULT_FROM_EMAIL") or "Baton <baton@localhost>"
)
# Links in e-mails (and webhook payloads) are absolute: the address people reach Baton at.
BATON_BASE_URL = env_match(
    "BATON_BASE_URL", "http://127.0.0.1:8000", r"https?://[^/\s]+(/\S*)?", "an http(s):// URL"
).rstrip("/")

# Observability (engine/telemetry/, docs/observability.md). Log lines as JSON, one a line, with
# each engine and task line's execution id, workflow, version, state, attempt and trace id;
# the console stays readable ("text") unless asked.
BATON_LOG_JSON = env_match("BATON_LOG_FORMAT", "text", r"text|json", "text or json") == "json"

# -- Metrics (issue 16: engine/telemetry/, docs/observability.md) ------------------------------
# prometheus-client's multiprocess mode: every Baton process on this machine (web, engines,
# cluster) writes its metrics to files in one directory, and /metrics adds them up. The library
# chooses the mode from PROMETHEUS_MULTIPROC_DIR when it is first imported (django-q2's apps
# import it), so it is set here, before any app loads; one already set (by the operator, or
# inherited from the parent process) is kept. BATON_METRICS=false records nothing and /metrics
# answers 404. BATON_METRICS_TOKEN: a scraper's bearer token besides users' API tokens.
BATON_METRICS = env_bool("BATON_METRICS", True)
BATON_METRICS_TOKEN = env_str("BATON_METRICS_TOKEN").strip()


def metrics_dir() -> Path:
    """PROMETHEUS_MULTIPROC_DIR if set, else BATON_METRICS_DIR (default DATA_DIR/metrics).

    Under pytest a fresh directory per run instead: tests/conftest.py loads only after these
    settings (pytest-django reads them first), too late to choose it; the conftest removes it."""
    import tempfile

    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        return Path(os.environ["PROMETHEUS_MULTIPROC_DIR"])
    if os.environ.get("PYTEST_VERSION"):  # set by pytest (>= 8.2) for as long as it runs
        return Path(tempfile.mkdtemp(prefix="baton-metrics-test-"))
    return Path(env_str("BATON_METRICS_DIR", str(DATA_DIR / "metrics")))


BATON_METRICS_DIR = metrics_dir() if BATON_METRICS else DATA_DIR / "metrics"
if BATON_METRICS:
    try:
        BATON_METRICS_DIR.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ImproperlyConfigured(f"BATON_METRICS_DIR={str(BATON_METRICS_DIR)!r}: {exc}") from exc
    os.environ["PROMETHEUS_MULTIPROC_DIR"] = str(BATON_METRICS_DIR)
# -- end of Metrics -----------------------------------------------------------------------------

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # baton/logs.py: JSON lines, or the readable console with "[exec 1234abcd State]" before
    # the lines written while an execution is bound.
    "formatters": {
        "console": {"()": f"baton.logs.{'JsonFormatter' if BATON_LOG_JSON else 'TextFormatter'}"}
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "console"}},
    "root": {"handlers": ["console"], "level": ROOT_LOG_LEVEL},
    "loggers": {
        **{app: {"level": BATON_LOG_LEVEL} for app in ("baton", "designer", "engine", "approvals")},
        # Without Django's own handlers (a console one under DEBUG; mail_admins, and no ADMINS
        # is set): its lines reach the console once, through the root, in the chosen format.
        "django": {"level": "INFO"},
        "django-q": {"level": QUIET_LOG_LEVEL},
        "daphne": {"level": QUIET_LOG_LEVEL},
        "pgserver": {"level": "WARNING"},
        # It logs a line for each message sent to a group nobody has joined yet.
        "channels_postgres": {"level": "ERROR"},
    },
}
