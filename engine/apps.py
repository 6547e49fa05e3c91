from __future__ import annotations

from typing import Any

from django.apps import AppConfig
from django.conf import settings
from django.db.models.signals import post_migrate


class EngineConfig(AppConfig):
    name = "engine"
    verbose_name = "Engine"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from . import checks, functions, resources  # noqa: F401  (checks register themselves)

        resources.register_builtin()
        functions.load_modules(getattr(settings, "BATON_FUNCTION_MODULES", []))
        post_migrate.connect(register_periodic_jobs, sender=self)


def register_periodic_jobs(using: str = "default", **kwargs: Any) -> None:
    """After `migrate`, make sure the qcluster runs the engine's periodic jobs (engine.tasks)."""
    from django.db import connections

    from .tasks import ensure_periodic_jobs

    if "django_q_schedule" in connections[using].introspection.table_names():
        ensure_periodic_jobs()
