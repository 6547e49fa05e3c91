"""Sleeping until there is work: LISTEN on a connection of its own, with a timeout as fallback."""

from __future__ import annotations

import psycopg
from django.db import connection

from .notify import WORK_CHANNEL


class WorkListener:
    """Wakes an engine when any process commits new work (notify.work)."""

    def __init__(self, channel: str = WORK_CHANNEL) -> None:
        self._conn = listen_connection(channel)

    def wait(self, timeout: float) -> bool:
        """Block up to `timeout` seconds; True when a notification arrived (all are drained)."""
        woke = False
        for _ in self._conn.notifies(timeout=max(timeout, 0.0), stop_after=1):
            woke = True
        if woke:  # drain the burst so one commit storm costs one wake-up
            for _ in self._conn.notifies(timeout=0.0):
                pass
        return woke

    def payloads(self, timeout: float) -> list[str]:
        """Payloads of the notifications that arrive within `timeout` (at least one, or none)."""
        found = [n.payload for n in self._conn.notifies(timeout=max(timeout, 0.0), stop_after=1)]
        if found:
            found.extend(n.payload for n in self._conn.notifies(timeout=0.0))
        return found

    def close(self) -> None:
        self._conn.close()


def listen_connection(channel: str) -> psycopg.Connection:
    """A connection of its own (LISTEN must not share Django's), to the same database."""
    params = connection.get_connection_params()
    params.pop("cursor_factory", None)
    params.pop("context", None)
    conn = psycopg.connect(**params, autocommit=True)
    conn.execute(f"LISTEN {channel}")
    return conn
