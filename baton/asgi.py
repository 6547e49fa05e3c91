"""ASGI entry point (daphne): HTTP through Django, WebSockets through Channels.

Static files are served by Django's ASGI static handler, so one daphne process is a whole
Baton web server without collectstatic or a front proxy.
"""

from __future__ import annotations

import asyncio
import atexit
import os
import threading
import weakref
from typing import Any

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "baton.settings")
django.setup(set_prefix=False)  # as get_asgi_application does, before the imports below

from baton.request_threads import PooledThreadsASGIHandler  # noqa: E402

django_asgi_app = PooledThreadsASGIHandler()  # Django's, with request threads kept

from channels.auth import AuthMiddlewareStack  # noqa: E402
from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402
from channels.security.websocket import AllowedHostsOriginValidator  # noqa: E402
from django.contrib.staticfiles.handlers import ASGIStaticFilesHandler  # noqa: E402
from django.core.exceptions import RequestAborted  # noqa: E402

from baton.routing import websocket_urlpatterns  # noqa: E402

LEFTOVER_SECONDS = 5.0  # how long the tasks left at exit get to finish once cancelled

router = ProtocolTypeRouter(
    {
        "http": ASGIStaticFilesHandler(django_asgi_app),
        "websocket": AllowedHostsOriginValidator(
            AuthMiddlewareStack(URLRouter(websocket_urlpatterns))
        ),
    }
)

# The event loops this process serves on from its main thread (daphne's): see finish_leftovers.
_served_loops: weakref.WeakSet[asyncio.AbstractEventLoop] = weakref.WeakSet()


async def application(scope: dict[str, Any], receive: Any, send: Any) -> None:
    if threading.current_thread() is threading.main_thread():
        _served_loops.add(asyncio.get_running_loop())
    await router(scope, receive, send)


@atexit.register
def finish_leftovers() -> None:
    """Cancel the tasks still pending on the served loop and let them end, before the
    interpreter is torn down (what asyncio.run does, and daphne does not).

    Stopping, daphne cancels each request's application task, but Django's ASGIHandler.handle
    leaves the two tasks it started (listen_for_disconnect, process_request) pending, and the
    long-poll listener (engine/waiters.py) runs until the loop stops. Left so, they are closed
    by the last garbage collection of the interpreter's finalization, after `_asyncio` has
    cleared its globals: on Python 3.11 before 3.11.8 that is a segfault (CPython gh-113566),
    the web process exiting with -11 instead of 0."""
    for loop in list(_served_loops):
        if loop.is_closed() or loop.is_running():
            continue
        tasks = asyncio.all_tasks(loop)
        if not tasks:
            continue
        loop.set_exception_handler(_quiet_about_aborted)
        for task in tasks:
            task.cancel()
        loop.run_until_complete(asyncio.wait(tasks, timeout=LEFTOVER_SECONDS))
        for task in tasks:
            if task.done() and not task.cancelled():
                task.exception()  # retrieved: no "exception was never retrieved" at exit


def _quiet_about_aborted(loop: asyncio.AbstractEventLoop, context: dict[str, Any]) -> None:
    """Requests cut short by the stop end their disconnect listener with RequestAborted, which
    no one reads (the request's own task was cancelled): not worth a traceback each."""
    if not isinstance(context.get("exception"), RequestAborted):
        loop.default_exception_handler(context)
