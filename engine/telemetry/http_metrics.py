"""What the web process serves, as metrics: each HTTP request's duration by view, method and
status (a middleware, first in settings.MIDDLEWARE), and the open WebSockets by route (the
Channels consumers call websocket_opened/websocket_closed).

Labels stay bounded: the view's name, never the path; unknown methods count as "other".
Scrapes of /metrics itself are left out: every 15 s from each Prometheus, they would outnumber
the requests of a quiet instance and pull its latency figures towards their own.
"""

from __future__ import annotations

import atexit
import functools
import os
import time
from collections.abc import Callable
from typing import Any

from asgiref.sync import iscoroutinefunction, markcoroutinefunction
from django.conf import settings
from django.http import HttpRequest, HttpResponseBase

from . import metrics, multiproc

METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})
UNMATCHED = "unmatched"  # no route matched (a 404 before any view), or refused before routing
NOT_COUNTED = frozenset({"metrics"})  # view names: /metrics (engine/telemetry/endpoint.py)


class RequestMetrics:
    """Observes metrics.HTTP_REQUESTS for every request, in sync and async stacks alike."""

    sync_capable = True
    async_capable = True

    def __init__(self, get_response: Callable[[HttpRequest], Any]) -> None:
        self.get_response = get_response
        self.is_async = iscoroutinefunction(get_response)
        if self.is_async:
            markcoroutinefunction(self)

    def __call__(self, request: HttpRequest) -> Any:
        if self.is_async:
            return self.__acall__(request)
        started = time.perf_counter()
        response = self.get_response(request)
        observe(request, response, time.perf_counter() - started)
        return response

    async def __acall__(self, request: HttpRequest) -> HttpResponseBase:
        started = time.perf_counter()
        response = await self.get_response(request)
        observe(request, response, time.perf_counter() - started)
        return response


def observe(request: HttpRequest, response: HttpResponseBase, seconds: float) -> None:
    if not settings.BATON_METRICS:
        return
    view = view_label(request)
    if view in NOT_COUNTED:
        return
    method = request.method if request.method in METHODS else "other"
    metrics.HTTP_REQUESTS.labels(view, method, str(response.status_code)).observe(seconds)


def view_label(request: HttpRequest) -> str:
    """The matched URL's name (`execution-list`, `admin:index`) or, for an unnamed route, the
    view's dotted path: both come from the code, so the label's values are bounded."""
    match = getattr(request, "resolver_match", None)
    if match is None:
        return UNMATCHED
    return match.view_name or match.route or UNMATCHED


def websocket_opened(route: str) -> None:
    """A WebSocket of `route` (executions, execution, workflow, inbox) was accepted."""
    if settings.BATON_METRICS:
        forget_live_gauges_at_exit()
        metrics.WEBSOCKETS.labels(route).inc()


def websocket_closed(route: str) -> None:
    if settings.BATON_METRICS:
        metrics.WEBSOCKETS.labels(route).dec()


@functools.cache
def forget_live_gauges_at_exit() -> None:
    """Once per process that counts sockets: when it exits normally (SIGTERM included), its
    live gauge file leaves the metrics directory, whoever started it (multiproc.forget).
    A killed process's file goes when its launcher notices, or when the directory is emptied."""
    atexit.register(multiproc.forget, os.getpid())
