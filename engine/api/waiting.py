"""API views whose requests wait (long polls) without holding a thread while they wait.

A WaitingView is a DRF APIView (same authentication, roles, parsing and error shape) whose
handler may answer a waiters.Later: its quick work (authenticate, parse, start, a first try)
runs in a thread as any view's does, the wait is awaited on the event loop, and the answer is
built in a thread again. `POST /api/executions/?wait=N` comes here through wait_or(); the start
without `?wait` stays ExecutionsView's (engine/api/executions.py).
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from asgiref.sync import sync_to_async
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from baton.api.permissions import OPERATE

from .. import execution_services as services
from ..models import Execution
from ..waiters import Later, in_thread, waited
from .executions import described, start_from
from .parsing import parse
from .serializers import WaitSerializer

View = Callable[..., Any]


class WaitingView(APIView):
    """An APIView whose handler may return a Later instead of a Response."""

    later: Later | None = None

    @classmethod
    def as_view(cls, **initkwargs: Any) -> View:
        drf_view = super().as_view(**initkwargs)  # keeps cls, initkwargs, csrf_exempt

        async def view(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            self = cls(**initkwargs)
            self.setup(request, *args, **kwargs)
            response = await in_thread(self.dispatch, request, *args, **kwargs)
            if self.later is not None:
                response = await self.concluded(self.later)
            return response

        functools.update_wrapper(view, drf_view, updated=("__dict__",))
        return view

    def finalize_response(
        self, request: Request, response: Any, *args: Any, **kwargs: Any
    ) -> HttpResponseBase:
        if isinstance(response, Later):
            self.later = response
            return HttpResponse()  # stands in until the wait is over; never sent
        return super().finalize_response(request, response, *args, **kwargs)

    async def concluded(self, later: Later) -> HttpResponseBase:
        return await in_thread(self.answer, later, await waited(later))

    def answer(self, later: Later, result: Any) -> HttpResponseBase:
        """`then`'s Response, or its error in the API's shape, as dispatch() would give."""
        try:
            response = later.then(result)
        except Exception as exc:
            response = self.handle_exception(exc)
        return super().finalize_response(self.request, response, *self.args, **self.kwargs)


class StartThenWaitView(WaitingView):
    """`POST /api/executions/?wait=N`: ExecutionsView's start, then up to N seconds of waiting
    for the end: 201/200 with the ended execution, or 202 while it still runs."""

    capabilities = {"POST": OPERATE}

    def post(self, request: Request) -> Response | Later:
        wait = parse(WaitSerializer, request.query_params).get("wait")
        execution, created = start_from(request)
        code = status.HTTP_201_CREATED if created else status.HTTP_200_OK
        if wait is None:
            return described(execution, code)
        return Later(
            lambda: services.wait_for_end(execution, wait),
            lambda _: described(execution, _ended_code(execution, code)),
        )


def _ended_code(execution: Execution, code: int) -> int:
    return code if services.refreshed_end(execution) else status.HTTP_202_ACCEPTED


def wait_or(plain: View, waiting: View) -> View:
    """One URL, two views: a POST with `?wait` goes to `waiting`, everything else to `plain`
    (whose class the schema describes)."""
    in_thread_plain = sync_to_async(plain)

    async def view(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if waits(request):
            return await waiting(request, *args, **kwargs)
        return await in_thread_plain(request, *args, **kwargs)

    functools.update_wrapper(view, plain, updated=("__dict__",))
    # For baton.request_threads: a request that does not wait goes to `plain` straight from
    # Django's sync middleware chain, without this coroutine's crossing to a thread.
    view.waits = waits  # type: ignore[attr-defined]
    view.plain_view = plain  # type: ignore[attr-defined]
    return view


def waits(request: HttpRequest) -> bool:
    """A POST with `?wait`: the long poll of a wait_or view."""
    return request.method == "POST" and "wait" in request.GET
