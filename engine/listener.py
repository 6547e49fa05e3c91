"""Sleeping until there is work: LISTEN on a connection of its own, with a timeout as fallback."""

from __future__ import annotations

import psycopg
from django.db import connection

from .runtime import NOTIFY_CHANNEL


class WorkListener:
    """Wakes an engine when any process commits new work (runtime.notify_work)."""

    def __init__(self) -> None:
        params = connection.get_connection_params()
        params.pop("cursor_factory", None)
        params.pop("context", None)
        self._conn = psycopg.connect(**params, autocommit=True)
        self._conn.execute(f"LISTEN {NOTIFY_CHANNEL}")

    def wait(self, timeout: float) -> bool:
        """Block up to `timeout` seconds; True when a notification arrived (all are drained)."""
        woke = False
        for _ in self._conn.notifies(timeout=max(timeout, 0.0), stop_after=1):
            woke = True
        if woke:  # drain the burst so one commit storm costs one wake-up
            for _ in self._conn.notifies(timeout=0.0):
                pass
        return woke

    def close(self) -> None:
        self._conn.close()
