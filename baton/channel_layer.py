"""The Postgres channel layer, with two fixes: a pool per event loop, and leaving a group
over that pool.

channels_postgres keeps one process-wide connection pool behind one module-level asyncio.Lock.
Both belong to the event loop that first used them, so a process with several loops (daphne's
and the engine's publisher thread, or a test's async_to_sync calls) failed with "bound to a
different event loop". Here each loop gets its own pool (per database), dropped with the loop.

It also removes a channel from a group through the Django ORM on a database alias named
"channels_postgres"; without that alias every disconnect raised ConnectionDoesNotExist and
left the membership behind, so the delete runs here as the layer's other statements do.
"""

from __future__ import annotations

import asyncio
import weakref
from typing import Any

import psycopg
import psycopg_pool
from channels_postgres.core import PostgresChannelLayer as _PostgresChannelLayer
from channels_postgres.db import GROUP_CHANNEL_TABLE, DatabaseLayer
from psycopg import sql

LEAVE_GROUP = sql.SQL("DELETE FROM {table} WHERE group_key = %s AND channel = %s").format(
    table=sql.Identifier(GROUP_CHANNEL_TABLE)
)


class _LoopPools:
    """Per event loop: one lock and the pools it opened, keyed by connection string."""

    def __init__(self) -> None:
        self.lock = asyncio.Lock()
        self.pools: dict[str, psycopg_pool.AsyncConnectionPool] = {}


_by_loop: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, _LoopPools] = (
    weakref.WeakKeyDictionary()
)


async def _configure(conn: psycopg.AsyncConnection) -> None:
    # As channels_postgres configures its own pool's connections
    await conn.set_autocommit(True)
    conn.prepare_threshold = 0
    conn.prepared_max = None


class _PooledDatabaseLayer(DatabaseLayer):
    async def get_db_pool(self, db_params: dict[str, Any]) -> psycopg_pool.AsyncConnectionPool:
        loop = asyncio.get_running_loop()
        mine = _by_loop.get(loop)
        if mine is None:
            mine = _by_loop[loop] = _LoopPools()
        conninfo = psycopg.conninfo.make_conninfo(conninfo="", **db_params)
        async with mine.lock:
            pool = mine.pools.get(conninfo)
            if pool is None:
                pool = psycopg_pool.AsyncConnectionPool(
                    conninfo=conninfo, open=False, configure=_configure, **self.psycopg_options
                )
                await pool.open(wait=True)
                mine.pools[conninfo] = pool
            return pool

    async def delete_channel_group(self, group_key: str, channel: str) -> None:
        pool = await self.get_db_pool(db_params=self.db_params)
        async with pool.connection() as conn, conn.cursor() as cursor:
            await cursor.execute(LEAVE_GROUP, (group_key, channel))


def forget_pools() -> None:
    """Drop every loop's pools without closing them (their loops may be gone): for tests that
    end the layer's connections on the server side before dropping a database."""
    _by_loop.clear()


class PostgresChannelLayer(_PostgresChannelLayer):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        known = self.django_db
        self.django_db = _PooledDatabaseLayer(
            known.psycopg_options, known.db_params, logger=known.logger
        )
