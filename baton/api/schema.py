"""OpenAPI pieces every API view shares: the error body and its responses."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import OpenApiResponse
from rest_framework import serializers


class ErrorDetailSerializer(serializers.Serializer):
    code = serializers.CharField()
    message = serializers.CharField()
    details = serializers.JSONField()


class ErrorSerializer(serializers.Serializer):
    """{"error": {"code", "message", "details"}}: the body of every 4xx (baton.api.errors)."""

    error = ErrorDetailSerializer()


DESCRIPTIONS = {
    400: "The request is not valid.",
    401: "Not authenticated.",
    403: "Your role does not allow this.",
    404: "Not found.",
    405: "Method not allowed.",
    409: "Conflict with the current state.",
    413: "Payload too large.",
    415: "Unsupported media type.",
}


def errors(*statuses: int) -> dict[int, Any]:
    """extend_schema responses for these error statuses (401 and 403 always included)."""
    wanted = sorted({401, 403, *statuses})
    return {
        status: OpenApiResponse(ErrorSerializer, description=DESCRIPTIONS.get(status, "Error."))
        for status in wanted
    }
