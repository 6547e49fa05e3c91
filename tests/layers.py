"""Reading a channel layer's group memberships, on channels-postgres and on channels_redis."""

from __future__ import annotations

from typing import Any


async def members(layer: Any, group: str) -> list[str]:
    if hasattr(layer, "django_db"):  # the Postgres layer
        return await layer.django_db.retrieve_group_channels(layer._group_key(group))
    async with layer.connection(layer.consistent_hash(group)) as connection:
        return [c.decode() for c in await connection.zrange(layer._group_key(group), 0, -1)]
