"""Django's ASGI handler, with a request to a sync view crossing to a thread once, onto a
thread kept from earlier requests.

Profiled under bench W5 (starts over HTTP), most of a web process's CPU went to crossings
between the event loop and threads rather than to the request's work:
- Django runs its middleware chain in async mode under ASGI, and each of the sync-only
  middlewares (Django's own: session, CSRF, auth, messages…) crosses to a thread and back for
  its process_request and again for its process_response: about fifteen crossings per request,
  each a queue put, a thread wake-up, a self-pipe write and two hand-overs of the GIL.
- asgiref gives each request a new one-thread executor: a thread started and joined per request.
Here a request whose view is sync (every view but the long polls, engine/api/waiting.py) runs
the whole chain, middleware and view, in sync mode in one crossing, as under WSGI; a request to
an async view takes Django's async chain as before, so a long poll holds no thread. Either way,
the thread is borrowed from a pool of one-thread executors and given back once its work is
done (or while a long poll waits). One request's sync code still runs on one thread at a time,
which is what thread-sensitive mode promises (its database connection and transaction stay
there: a long poll closes its connection before it waits).
"""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Callable
from concurrent.futures import Executor, Future, ThreadPoolExecutor
from typing import Any

from asgiref.sync import ThreadSensitiveContext, iscoroutinefunction, sync_to_async
from django.core.handlers.asgi import ASGIHandler
from django.core.handlers.base import BaseHandler
from django.http import FileResponse, HttpRequest, HttpResponseBase
from django.urls import Resolver404, ResolverMatch, get_resolver

# Beyond this many idle at once, a returned thread is ended: a burst of more sync requests at
# once than this starts threads for the rest, as each request did before.
IDLE_THREADS_KEPT = 16


class RequestThread(ThreadPoolExecutor):
    """A one-thread executor that knows when the work submitted to it is all done: a request
    cancelled by its client leaves its view running, and the thread is lent again only after."""

    def __init__(self) -> None:
        super().__init__(max_workers=1, thread_name_prefix="baton-request")
        self._lock = threading.Lock()
        self._running = 0
        self._when_idle: Callable[[RequestThread], None] | None = None

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future:
        with self._lock:
            self._running += 1
        future = super().submit(fn, *args, **kwargs)
        future.add_done_callback(self._finished)
        return future

    def _finished(self, _: Future) -> None:
        with self._lock:
            self._running -= 1
            call = self._when_idle if self._running == 0 else None
            if call is not None:
                self._when_idle = None
        if call is not None:
            call(self)

    def then_when_idle(self, call: Callable[[RequestThread], None]) -> None:
        """call(self) now if nothing runs on the thread, else once the last work ends."""
        with self._lock:
            if self._running:
                self._when_idle = call
                return
        call(self)


class RequestThreads:
    """Idle request threads, lent one per request."""

    def __init__(self, keep: int = IDLE_THREADS_KEPT) -> None:
        self.keep = keep
        self.idle: deque[RequestThread] = deque()  # append/pop are atomic: no lock needed

    def borrow(self) -> RequestThread:
        try:
            return self.idle.pop()
        except IndexError:
            return RequestThread()

    def give_back(self, thread: RequestThread) -> None:
        thread.then_when_idle(self._keep_or_end)

    def _keep_or_end(self, thread: RequestThread) -> None:
        if len(self.idle) < self.keep:
            self.idle.append(thread)
        else:
            thread.shutdown(wait=False)


def runs_async(match: ResolverMatch, request: HttpRequest) -> bool:
    """Does the view take the request as a coroutine? A view made by waiting.wait_or says for
    each request (`waits`); it serves the rest with its sync `plain_view`."""
    waits = getattr(match.func, "waits", None)
    if waits is not None:
        return waits(request)
    return iscoroutinefunction(match.func)


class SyncChain(BaseHandler):
    """Django's middleware chain loaded in sync mode, for requests to sync views."""

    def __init__(self) -> None:
        super().__init__()
        self.load_middleware(is_async=False)

    def resolve_request(self, request: HttpRequest) -> ResolverMatch:
        match = super().resolve_request(request)
        plain = getattr(match.func, "plain_view", None)
        if plain is not None:  # a wait_or view, for a request that does not wait
            match.func = plain
        return match


class RequestExecutor(Executor):
    """What asgiref runs one request's sync code on: a pooled thread, borrowed at the first
    call and held until `let_go` (the end of the request, or a long poll starting to wait:
    engine/waiters.py), borrowed again if more sync code comes after. Used from the event
    loop's thread only."""

    def __init__(self, threads: RequestThreads) -> None:
        self.threads = threads
        self.thread: RequestThread | None = None

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future:
        if self.thread is None:
            self.thread = self.threads.borrow()
        return self.thread.submit(fn, *args, **kwargs)

    def let_go(self) -> None:
        if self.thread is not None:
            self.threads.give_back(self.thread)
            self.thread = None


class PooledThreadsASGIHandler(ASGIHandler):
    threads = RequestThreads()

    def __init__(self) -> None:
        super().__init__()
        self.sync_chain = SyncChain()
        self.in_thread = sync_to_async(self.sync_chain.get_response, thread_sensitive=True)

    async def run_get_response(self, request: HttpRequest) -> HttpResponseBase:
        if self._runs_async(request):
            return await super().run_get_response(request)
        response = await self.in_thread(request)
        response._handler_class = self.__class__
        if isinstance(response, FileResponse):  # as ASGIHandler.run_get_response does
            response.block_size = self.chunk_size
        return response

    def _runs_async(self, request: HttpRequest) -> bool:
        try:
            match = get_resolver().resolve(request.path_info)
        except Resolver404:
            return False  # the sync chain answers it (404, or a redirect of CommonMiddleware)
        return runs_async(match, request)

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            raise ValueError(f"Django can only handle ASGI/HTTP connections, not {scope['type']}.")
        executor = RequestExecutor(self.threads)
        try:
            async with ThreadSensitiveContext(executor=executor):
                await self.handle(scope, receive, send)
        finally:
            executor.let_go()
