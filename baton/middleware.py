"""Every page needs a login, except the API: DRF authenticates it (session or bearer token) and
answers 401/403 in JSON instead of redirecting a program to a login form."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.middleware import LoginRequiredMiddleware
from django.http import HttpRequest


class LoginRequiredExceptApi(LoginRequiredMiddleware):
    def process_view(
        self, request: HttpRequest, view_func: Any, view_args: Any, view_kwargs: Any
    ) -> Any:
        if request.path.startswith("/api/"):
            return None
        return super().process_view(request, view_func, view_args, view_kwargs)
