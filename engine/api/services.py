"""What the engine API does for tokens and activities beyond one call into the engine.

Executions go through engine.execution_services, shared with /aws/ and the pages; its domain
exceptions become API errors in baton.api.refusals.
"""

from __future__ import annotations

import json
import re
from typing import Any

from django.db.models import QuerySet
from rest_framework import status as http

from baton.api.errors import ApiError
from designer.models import NAME_RULE

from .. import activities
from ..conf import engine_setting
from ..models import Activity

ACTIVITY_NAME = re.compile(NAME_RULE.regex.pattern)


def check_payload_size(value: Any, what: str) -> None:
    """413 payload_too_large when `value` as JSON exceeds the payload limit."""
    limit = engine_setting("PAYLOAD_LIMIT_BYTES")
    size = len(json.dumps(value, separators=(",", ":")).encode())
    if size > limit:
        message = f"The {what} is {size} bytes; the limit is {limit} bytes."
        raise ApiError(http.HTTP_413_REQUEST_ENTITY_TOO_LARGE, "payload_too_large", message)


def all_activities() -> QuerySet[Activity]:
    return Activity.objects.order_by("name")


def create_activity(name: str) -> tuple[Activity, bool]:
    """The activity called `name` and whether this call created it (creating is idempotent)."""
    existed = Activity.objects.filter(name=name).exists()
    return activities.create_activity(name), not existed


def delete_activity(name: str) -> None:
    _known_activity(name)
    activities.delete_activity(name)


def take_activity_task(name: str, worker: str, wait: float) -> activities.Taken | None:
    """A waiting task of the activity for `worker` (long-polling up to `wait` seconds)."""
    _known_activity(name)
    try:
        return activities.get_activity_task(name, worker, wait)
    except activities.ActivityDoesNotExist as exc:  # deleted while we waited
        raise _no_activity(str(exc)) from None


def _known_activity(name: str) -> None:
    # The name comes from the URL path: match the rule before it reaches a query (no NUL).
    if not ACTIVITY_NAME.match(name) or not Activity.objects.filter(name=name).exists():
        raise _no_activity(f"Activity Does Not Exist: '{name}'")


def _no_activity(message: str) -> ApiError:
    return ApiError(http.HTTP_404_NOT_FOUND, activities.ActivityDoesNotExist.code, message)
