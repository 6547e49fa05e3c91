"""E-mail and webhooks for task events, sent off the deciding request's thread.

announce.py calls `deliver` after a change commits; one background thread per process sends,
so neither a request nor the engine's alarm transaction ever waits on SMTP or a webhook.
"""

from __future__ import annotations

import logging
import os
import threading
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from typing import Any

from django.db import connection

from . import mail, webhooks

log = logging.getLogger(__name__)

_lock = threading.Lock()
_pool: ThreadPoolExecutor | None = None


def deliver(mails: list[Any], events: list[dict[str, Any]]) -> None:
    """After commit: queue the e-mails and webhook posts; a failure is logged, never raised."""
    if mails or events:
        _executor().submit(_send, mails, events)


def flush(timeout: float = 30.0) -> bool:
    """Wait until all that was queued before this call is sent; False when `timeout` ran out.

    One worker takes batches in order, so an empty batch queued now runs after all of them.
    """
    try:
        _executor().submit(lambda: None).result(timeout)
    except FutureTimeout:
        return False
    return True


def _executor() -> ThreadPoolExecutor:
    global _pool
    with _lock:
        if _pool is None:
            _pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="baton-delivery")
        return _pool


def _forget_after_fork() -> None:
    """A forked child (django-q2's workers) has no copy of the parent's thread: start anew."""
    global _pool, _lock
    _pool, _lock = None, threading.Lock()


os.register_at_fork(after_in_child=_forget_after_fork)


def _send(mails: list[Any], events: list[dict[str, Any]]) -> None:
    """1. The e-mails, over one connection. 2. The webhooks. 3. Close this thread's database
    connection, which step 2 opened: it would otherwise idle, and outlive test databases."""
    try:
        if mails:
            mail.send(mails)
    except Exception:
        log.exception("approvals: e-mail delivery failed")
    try:
        if events:
            webhooks.post_events(events)
    except Exception:
        log.exception("approvals: webhook delivery failed")
    finally:
        connection.close()
