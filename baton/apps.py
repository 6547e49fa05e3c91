from __future__ import annotations

from django.apps import AppConfig


class BatonConfig(AppConfig):
    name = "baton"
    verbose_name = "Baton"
    default_auto_field = "django.db.models.BigAutoField"
