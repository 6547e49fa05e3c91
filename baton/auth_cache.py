"""Who a request is, remembered per process for BATON_AUTH_CACHE_SECONDS: API tokens, access
keys and a user's roles, so the common request costs no query to authenticate and authorize.

What the cache trades: a token or access key revoked, a user deactivated or a role removed by
another process keeps working there until its entry expires (at most BATON_AUTH_CACHE_SECONDS,
10 by default; 0 turns the cache off). A change saved through the ORM in this process (a model
save or delete, a group added or removed) empties this process's cache at once. Only successes
are remembered: an unknown token or key asks the database every time.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

from django.conf import settings

T = TypeVar("T")
MAX_ENTRIES = 10_000  # more distinct tokens than this in one expiry: start over, never grow


class Expiring:
    """A per-process map whose entries live BATON_AUTH_CACHE_SECONDS (read on every call, so
    override_settings works in tests)."""

    def __init__(self) -> None:
        self._entries: dict[Hashable, tuple[float, Any]] = {}
        self._lock = threading.Lock()

    def get(self, key: Hashable, load: Callable[[], T | None]) -> T | None:
        """The remembered value of `key`, or `load()`'s (remembered unless None)."""
        seconds = settings.BATON_AUTH_CACHE_SECONDS
        if seconds <= 0:
            return load()
        now = time.monotonic()
        hit = self._entries.get(key)
        if hit is not None and hit[0] > now:
            return hit[1]
        value = load()
        if value is not None:
            with self._lock:
                if len(self._entries) >= MAX_ENTRIES:
                    self._entries.clear()
                self._entries[key] = (now + seconds, value)
        return value

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()


tokens = Expiring()  # token digest → ApiToken with its user (baton.models.ApiToken)
access_keys = Expiring()  # access key id → (AccessKey with its user, secret) (baton.aws.keys)
roles = Expiring()  # user id → frozenset of group names (baton.api.permissions)


def forget_all(*args: Any, **kwargs: Any) -> None:
    """Empty every cache of this process: a signal receiver, and for code that revokes with a
    QuerySet.update(), which sends no signal."""
    for cache in (tokens, access_keys, roles):
        cache.clear()


def _connect_signals() -> None:
    """Empty the caches on any in-process change to who may do what. Senders by label, so this
    runs when baton.models imports this module, before the models are ready."""
    from django.db.models.signals import m2m_changed, post_delete, post_save

    user = settings.AUTH_USER_MODEL
    for model in ("baton.ApiToken", "baton.AccessKey", user):
        post_save.connect(forget_all, sender=model, weak=False, dispatch_uid=f"ac.s.{model}")
        post_delete.connect(forget_all, sender=model, weak=False, dispatch_uid=f"ac.d.{model}")
    m2m_changed.connect(forget_all, sender=f"{user}_groups", weak=False, dispatch_uid="ac.m2m")


_connect_signals()
