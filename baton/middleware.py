"""Every page needs a login, except the APIs: DRF authenticates /api/ (session or bearer token)
and answers 401/403 in JSON instead of redirecting a program to a login form; /aws/ checks its
own SigV4 signatures (baton.aws.sigv4). And no URL part Postgres cannot compare reaches a view."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.middleware import LoginRequiredMiddleware
from django.http import Http404, HttpRequest
from django.utils.deprecation import MiddlewareMixin

from baton import jsontext


class LoginRequiredExceptApi(LoginRequiredMiddleware):
    def process_view(
        self, request: HttpRequest, view_func: Any, view_args: Any, view_kwargs: Any
    ) -> Any:
        if request.path.startswith(("/api/", "/aws/")):
            return None
        return super().process_view(request, view_func, view_args, view_kwargs)


class UncomparableUrlPartsNotFound(MiddlewareMixin):
    """A URL part with a NUL character or a lone surrogate names nothing: 404 (in JSON under
    /api/, through baton.error_handlers) before the view's query fails on it with a DataError.

    Every route's arguments pass here, so no view has to check its own. Django keeps invalid
    UTF-8 percent-escapes as they came (`%FF`) and daphne replaces them (U+FFFD); both are
    ordinary text that finds nothing, so only NUL and surrogates need refusing."""

    def process_view(
        self, request: HttpRequest, view_func: Any, view_args: Any, view_kwargs: Any
    ) -> None:
        for part in [*view_args, *view_kwargs.values()]:
            if isinstance(part, str) and not jsontext.is_storable_text(part):
                raise Http404("No object has a NUL character or a lone surrogate in its name.")
