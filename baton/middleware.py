"""Every page needs a login, except the APIs: DRF authenticates /api/ (session or bearer token)
and answers 401/403 in JSON instead of redirecting a program to a login form; /aws/ checks its
own SigV4 signatures (baton.aws.sigv4)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.middleware import LoginRequiredMiddleware
from django.http import HttpRequest


class LoginRequiredExceptApi(LoginRequiredMiddleware):
    def process_view(
        self, request: HttpRequest, view_func: Any, view_args: Any, view_kwargs: Any
    ) -> Any:
        if request.path.startswith(("/api/", "/aws/")):
            return None
        return super().process_view(request, view_func, view_args, view_kwargs)
