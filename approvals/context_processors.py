"""The bell in every page's top bar: its number, computed only when a page draws it."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject


def bell(request: HttpRequest) -> dict[str, Any]:
    """`bell.total`, `bell.tasks`, `bell.unread` for a logged-in user (templates/base.html)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    from .views import bell_numbers

    return {"bell": SimpleLazyObject(lambda: bell_numbers(user))}
