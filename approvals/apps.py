from __future__ import annotations

from django.apps import AppConfig


class ApprovalsConfig(AppConfig):
    name = "approvals"
    verbose_name = "Approvals"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        """Plug into the engine: the `baton:approval` resource and the task's alarms (the
        engine imports no app, DESIGN.md §5)."""
        from . import opening, timers

        opening.register_kind()
        timers.register_alarms()
