"""Long polls that hold no thread while they wait: one LISTEN connection per event loop.

A web process (daphne) runs one event loop, so one task here LISTENs on the ended and activity
channels for all its long polls and wakes the asyncio future of whoever waits for that
execution id or activity name. Used by engine/api/waiting.py (`?wait`, activity polls) and
/aws/ (StartSyncExecution, GetActivityTask). A missed NOTIFY (the connection dropped, or the
poll registered just too late) is caught by a re-check of everything waited for every
RECHECK_SECONDS, so it costs a few seconds, never the answer.
"""

from __future__ import annotations

import asyncio
import logging
import weakref
from collections import deque
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any, TypeVar

import psycopg
from asgiref.sync import SyncToAsync, async_to_sync, sync_to_async
from django.db import connection

from baton.request_threads import RequestExecutor

from .models import Execution, Status, TaskRun, TaskStatus
from .notify import ACTIVITY_CHANNEL, ENDED_CHANNEL

log = logging.getLogger(__name__)
T = TypeVar("T")

RECHECK_SECONDS = 5.0  # how late a missed NOTIFY is noticed
RETRY_SECONDS = (0.5, 30.0)  # back-off between reconnects: first, most
READY_SECONDS = 2.0  # a poll waits this long for the LISTEN before checking the database


@dataclass(frozen=True)
class Later:
    """What a view or /aws/ action answers when the rest needs a wait: await `wait()` on the
    event loop (no thread held), then `then(its result)` in a thread gives the answer."""

    wait: Callable[[], Awaitable[Any]]
    then: Callable[[Any], Any]


async def conclude(later: Later) -> Any:
    return await in_thread(later.then, await waited(later))


async def waited(later: Later) -> Any:
    """`later.wait()`, with the request's thread let go first."""
    let_request_thread_go()
    return await later.wait()


def let_request_thread_go() -> None:
    """Under ASGI each request's sync parts run on a thread of its own (asgiref's executor of
    the request's ThreadSensitiveContext), held until the response: 500 waiting polls would be
    500 threads. Let it go now; the response's sync parts take one again. Served by
    baton.request_threads, the thread goes back to its pool; under Django's own handler (a
    test's), the executor is ended. Without those asgiref internals the thread just stays."""
    context = getattr(SyncToAsync, "thread_sensitive_context", None)
    executors = getattr(SyncToAsync, "context_to_thread_executor", None)
    current = context.get(None) if context is not None else None
    if current is None or executors is None:
        return  # no request context: a test client, or settled()
    executor = executors.get(current)
    if isinstance(executor, RequestExecutor):
        executor.let_go()
    elif executor is not None:
        executors.pop(current, None)
        executor.shutdown(wait=False)


def settled(answer: T | Later) -> T:
    """An answer that may be Later, for sync callers: the wait blocks this thread."""
    if isinstance(answer, Later):
        return async_to_sync(conclude)(answer)
    return answer


async def in_thread(work: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """Run Django code (the ORM) in the request's thread, then close its connection (back to
    the pool): a wait follows, and neither the connection nor the thread may be held across it
    (let_request_thread_go)."""

    def run() -> T:
        try:
            return work(*args, **kwargs)
        finally:
            if not connection.in_atomic_block:  # a test's transaction stays open
                connection.close()

    return await sync_to_async(run)()


async def execution_ended(execution_id: object, seconds: float) -> bool:
    """Wait up to `seconds` for the execution to end; True once it has (it may already have)."""
    waiters = Waiters.of_this_loop()
    key = str(execution_id)
    heard = waiters.expect_end(key)
    try:
        await waiters.listening()
        if await _checked(_has_ended, key):  # it ended before the LISTEN could hear it
            return True
        return await _within(heard, seconds)
    finally:
        waiters.forget_end(key, heard)


async def until_activity_task(
    name: str, seconds: float, attempt: Callable[[], T | None]
) -> T | None:
    """Try `attempt` (in a thread) until it returns something or `seconds` pass (None).

    1. Queue up for news of the activity, and LISTEN, before trying: a task that arrives
       after the try wakes this poll.
    2. Try; on a miss, sleep until woken (one poll per NOTIFY) or the deadline.
    3. After a hit, wake the next poll of the activity: one NOTIFY may stand for many tasks.
    """
    waiters = Waiters.of_this_loop()
    deadline = asyncio.get_running_loop().time() + seconds
    await waiters.listening()
    while True:
        news = waiters.expect_task(name)
        try:
            found = await _checked(attempt)
            if found is not None:
                waiters.forget_task(name, news)  # so the next poll is woken, not this one
                waiters.wake_task_poll(name)
                return found
            left = deadline - asyncio.get_running_loop().time()
            if left <= 0 or not await _within(news, left):
                return None
        finally:
            waiters.forget_task(name, news)


async def _checked(work: Callable[..., T], *args: Any) -> T:
    """A check between waits: in a thread, which is let go again before the wait goes on."""
    try:
        return await in_thread(work, *args)
    finally:
        let_request_thread_go()


async def _within(future: asyncio.Future[None], seconds: float) -> bool:
    try:
        await asyncio.wait_for(asyncio.shield(future), timeout=max(seconds, 0.0))
    except TimeoutError:
        return False
    return True


def _has_ended(execution_id: str) -> bool:
    return Execution.objects.filter(id=execution_id).exclude(status=Status.RUNNING).exists()


class Waiters:
    """The futures of one event loop's long polls and the task that wakes them."""

    _by_loop: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, Waiters] = (
        weakref.WeakKeyDictionary()
    )

    def __init__(self) -> None:
        self.ends: dict[str, set[asyncio.Future[None]]] = {}
        self.tasks: dict[str, deque[asyncio.Future[None]]] = {}
        self.ready = asyncio.Event()
        self.runner = asyncio.get_running_loop().create_task(self._run())

    @classmethod
    def of_this_loop(cls) -> Waiters:
        loop = asyncio.get_running_loop()
        found = cls._by_loop.get(loop)
        if found is None or found.runner.done():
            found = cls._by_loop[loop] = cls()
            # The task refers to its loop: forget both once the loop has ended it.
            found.runner.add_done_callback(lambda _: cls._by_loop.pop(loop, None))
        return found

    async def listening(self) -> None:
        """Return once the LISTEN is on, or after READY_SECONDS (the re-check covers that)."""
        try:
            await asyncio.wait_for(self.ready.wait(), timeout=READY_SECONDS)
        except TimeoutError:
            pass

    # -- who waits ------------------------------------------------------------------------------
    def expect_end(self, execution_id: str) -> asyncio.Future[None]:
        future = asyncio.get_running_loop().create_future()
        self.ends.setdefault(execution_id, set()).add(future)
        return future

    def forget_end(self, execution_id: str, future: asyncio.Future[None]) -> None:
        waiting = self.ends.get(execution_id, set())
        waiting.discard(future)
        if not waiting:
            self.ends.pop(execution_id, None)

    def expect_task(self, name: str) -> asyncio.Future[None]:
        future = asyncio.get_running_loop().create_future()
        self.tasks.setdefault(name, deque()).append(future)
        return future

    def forget_task(self, name: str, future: asyncio.Future[None]) -> None:
        queue = self.tasks.get(name)
        if queue is not None and future in queue:
            queue.remove(future)
        if not queue:
            self.tasks.pop(name, None)

    # -- waking ---------------------------------------------------------------------------------
    def wake_ended(self, execution_id: str) -> None:
        for future in self.ends.pop(execution_id, set()):
            if not future.done():
                future.set_result(None)

    def wake_task_poll(self, name: str) -> None:
        """Wake the longest-waiting poll of the activity (the others keep sleeping)."""
        queue = self.tasks.get(name)
        while queue:
            future = queue.popleft()
            if not future.done():
                future.set_result(None)
                break
        if not queue:
            self.tasks.pop(name, None)

    # -- the listening task ---------------------------------------------------------------------
    async def _run(self) -> None:
        """1. Connect and LISTEN; re-check (a NOTIFY may have been missed while down).
        2. Hand each NOTIFY to its waiters; every RECHECK_SECONDS re-check all of them.
        3. On a dropped connection, wait (doubling up to RETRY_SECONDS[1]) and start again."""
        pause = RETRY_SECONDS[0]
        while True:
            try:
                async with await _connect() as conn:
                    pause = RETRY_SECONDS[0]
                    self.ready.set()
                    while True:
                        await self._recheck(conn)
                        async for notice in conn.notifies(timeout=RECHECK_SECONDS):
                            self._heard(notice.channel, notice.payload)
            except psycopg.Error as error:
                log.warning("long-poll listener: %s; connecting again in %s s", error, pause)
            except Exception:  # a bug here must not end the listening for the process
                log.exception("long-poll listener failed; starting again in %s s", pause)
            self.ready.clear()
            await asyncio.sleep(pause)
            pause = min(pause * 2, RETRY_SECONDS[1])

    def _heard(self, channel: str, payload: str) -> None:
        if channel == ENDED_CHANNEL:
            self.wake_ended(payload)
        elif channel == ACTIVITY_CHANNEL:
            self.wake_task_poll(payload)

    async def _recheck(self, conn: psycopg.AsyncConnection[Any]) -> None:
        """Wake the waiters of executions that ended and of activities with untaken tasks."""
        if self.ends:
            rows = await conn.execute(ENDED_AMONG, [list(self.ends), Status.RUNNING.value])
            for (execution_id,) in await rows.fetchall():
                self.wake_ended(execution_id)
        if self.tasks:
            rows = await conn.execute(UNTAKEN_AMONG, [list(self.tasks), TaskStatus.WAITING.value])
            for (name,) in await rows.fetchall():
                self.wake_task_poll(name)


ENDED_AMONG = (
    f"SELECT id::text FROM {Execution._meta.db_table} WHERE id = ANY(%s::uuid[]) AND status <> %s"
)
UNTAKEN_AMONG = (
    f"SELECT DISTINCT activity FROM {TaskRun._meta.db_table}"
    " WHERE activity = ANY(%s) AND status = %s AND worker = ''"
)


async def _connect() -> psycopg.AsyncConnection[Any]:
    """A connection of its own to Django's database (LISTEN must not share one)."""
    params = connection.get_connection_params()
    params.pop("cursor_factory", None)
    params.pop("context", None)
    conn = await psycopg.AsyncConnection.connect(**params, autocommit=True)
    await conn.execute(f"LISTEN {ENDED_CHANNEL}")
    await conn.execute(f"LISTEN {ACTIVITY_CHANNEL}")
    return conn
