"""Reading requests: a JSON body within the size limits, query strings through serializers."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import RequestDataTooBig
from rest_framework import serializers, status
from rest_framework.request import Request

from baton.api.errors import ApiError


def body(request: Request) -> Any:
    """The parsed JSON body; 413 payload_too_large past DATA_UPLOAD_MAX_MEMORY_SIZE."""
    try:
        return request.data
    except RequestDataTooBig as exc:
        raise ApiError(
            status.HTTP_413_REQUEST_ENTITY_TOO_LARGE, "payload_too_large", str(exc)
        ) from None


def parse(serializer_class: type[serializers.Serializer], data: Any) -> dict[str, Any]:
    """Validated data, or a 400 "invalid" listing what is wrong."""
    serializer = serializer_class(data=data)
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)
