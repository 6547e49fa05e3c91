"""Pages of the lists under /api/: one rule for `?limit=` and one for `?cursor=`.

A limit is a whole number from 1 to MAX_PAGE_SIZE and a cursor one Baton gave out; anything else
(`limit=0`, `limit=-1`, `limit=abc`, `limit=10**30`, a made-up cursor) is a 400 in the error
shape, never a silent default. Used by the executions list and the history of an execution.
"""

from __future__ import annotations

from typing import Any

from rest_framework import serializers
from rest_framework.exceptions import NotFound
from rest_framework.pagination import CursorPagination
from rest_framework.request import Request

from .errors import ApiError

MAX_PAGE_SIZE = 1000


def limit_field(default: int) -> serializers.IntegerField:
    """The `limit` field of a list's query serializer."""
    return serializers.IntegerField(
        min_value=1,
        max_value=MAX_PAGE_SIZE,
        default=default,
        help_text=f"Items per page: 1 to {MAX_PAGE_SIZE} (default {default}).",
    )


def page_limit(request: Request, default: int) -> int:
    """`?limit=` of the request, `default` when absent or empty (as a query serializer reads
    it, e.g. the history's); a 400 "invalid" naming it otherwise."""
    raw = request.query_params.get("limit")
    if raw in (None, ""):
        return default
    try:
        return limit_field(default).run_validation(raw)
    except serializers.ValidationError as exc:
        raise serializers.ValidationError({"limit": exc.detail}) from None


class Cursors(CursorPagination):
    """Cursor pagination with Baton's checks; subclasses set `ordering` and `page_size`."""

    page_size_query_param = "limit"
    max_page_size = MAX_PAGE_SIZE

    def get_page_size(self, request: Request) -> int:
        return page_limit(request, self.page_size)

    def decode_cursor(self, request: Request) -> Any:
        try:
            return super().decode_cursor(request)
        except NotFound:
            raise ApiError(400, "invalid_cursor", "Invalid cursor.") from None
