"""The Postgres channel layer, with one fix: leaving a group goes over the layer's own pool.

channels_postgres removes a channel from a group through the Django ORM on a database alias
named "channels_postgres"; without that alias every disconnect raised ConnectionDoesNotExist
and left the membership behind. An extra alias that mirrors "default" broke fresh test
databases instead, so the delete runs here as the layer's other statements do.
"""

from __future__ import annotations

from typing import Any

from channels_postgres.core import PostgresChannelLayer as _PostgresChannelLayer
from channels_postgres.db import GROUP_CHANNEL_TABLE, DatabaseLayer
from psycopg import sql

LEAVE_GROUP = sql.SQL("DELETE FROM {table} WHERE group_key = %s AND channel = %s").format(
    table=sql.Identifier(GROUP_CHANNEL_TABLE)
)


class _PooledDatabaseLayer(DatabaseLayer):
    async def delete_channel_group(self, group_key: str, channel: str) -> None:
        pool = await self.get_db_pool(db_params=self.db_params)
        async with pool.connection() as conn, conn.cursor() as cursor:
            await cursor.execute(LEAVE_GROUP, (group_key, channel))


class PostgresChannelLayer(_PostgresChannelLayer):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        known = self.django_db
        self.django_db = _PooledDatabaseLayer(
            known.psycopg_options, known.db_params, logger=known.logger
        )
