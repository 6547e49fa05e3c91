from __future__ import annotations

from django.apps import AppConfig
from django.conf import settings


class EngineConfig(AppConfig):
    name = "engine"
    verbose_name = "Engine"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from . import checks, functions, resources  # noqa: F401  (checks register themselves)

        resources.register_builtin()
        functions.load_modules(getattr(settings, "BATON_FUNCTION_MODULES", []))
