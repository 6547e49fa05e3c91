"""Roles on the pages: the same capabilities as the API (baton.api.permissions).

A view names what it needs with @requires(OPERATE); templates read `can.operate` and leave out a
control the user's role does not allow, so a viewer never sees a button that would refuse them.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

from baton.api.permissions import ADMIN, DESIGN, OPERATE, READ, capabilities_of

View = Callable[..., HttpResponse]


def requires(capability: str) -> Callable[[View], View]:
    """403 (Baton's error page) unless the user's role grants `capability`."""

    def decorate(view: View) -> View:
        @wraps(view)
        def checked(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if capability not in capabilities_of(request.user):
                raise PermissionDenied(f"Your role does not allow this ({capability}).")
            return view(request, *args, **kwargs)

        return checked

    return decorate


def can(request: HttpRequest) -> dict[str, Any]:
    """Context processor: `can.read`, `can.operate`, `can.design`, `can.admin`."""
    held = capabilities_of(getattr(request, "user", None))
    names = {READ: "read", OPERATE: "operate", DESIGN: "design", ADMIN: "admin"}
    return {"can": {name: capability in held for capability, name in names.items()}}
