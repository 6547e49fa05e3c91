"""Every API error as {"error": {"code", "message", "details"}} with the right status."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, RequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, JsonResponse
from rest_framework import exceptions, status
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import exception_handler

from .refusals import refusal

JSON = JSONRenderer()


class ApiError(exceptions.APIException):
    """A coded error a view raises: ApiError(409, "ExecutionAlreadyExists", "…", details)."""

    def __init__(self, status_code: int, code: str, message: str, details: Any = None) -> None:
        super().__init__(message, code)
        self.status_code = status_code
        self.code = code
        self.message = message
        self.details = details


def handle(exc: Exception, context: dict[str, Any]) -> Response | None:
    """REST_FRAMEWORK's EXCEPTION_HANDLER: the error shape, rendered as JSON by every view, also
    the ones that render something else (the schema's YAML, Swagger UI's HTML)."""
    response = _shaped(exc, context)
    request = context.get("request")
    if response is not None and request is not None:
        request.accepted_renderer, request.accepted_media_type = JSON, JSON.media_type
    return response


def _shaped(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, ApiError):
        return error(exc.status_code, exc.code, exc.message, exc.details)
    if (refused := refusal(exc)) is not None:
        return error(*refused)
    if isinstance(exc, Http404):
        return error(status.HTTP_404_NOT_FOUND, "not_found", str(exc) or "Not found.")
    if isinstance(exc, PermissionDenied):
        return error(status.HTTP_403_FORBIDDEN, "permission_denied", "Permission denied.")
    if isinstance(exc, DjangoValidationError):
        return error(status.HTTP_400_BAD_REQUEST, "invalid", "; ".join(exc.messages))
    if isinstance(exc, RequestDataTooBig):  # past DATA_UPLOAD_MAX_MEMORY_SIZE
        return error(status.HTTP_413_REQUEST_ENTITY_TOO_LARGE, "payload_too_large", str(exc))
    response = exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        return error(response.status_code, "invalid", "The request is not valid.", response.data)
    code = exc.get_codes() if isinstance(exc, exceptions.APIException) else "error"
    message = response.data.get("detail", str(exc)) if isinstance(response.data, dict) else str(exc)
    shaped = error(response.status_code, str(code), str(message))
    for header in ("WWW-Authenticate", "Retry-After", "Allow"):
        if header in response:
            shaped[header] = response[header]
    return shaped


def error(status_code: int, code: str, message: str, details: Any = None) -> Response:
    return Response(body(code, message, details), status=status_code)


def json_error(status_code: int, code: str, message: str) -> JsonResponse:
    """The same error outside DRF: Django's error handlers and middleware (baton.error_handlers)."""
    return JsonResponse(body(code, message), status=status_code)


def body(code: str, message: str, details: Any = None) -> dict[str, Any]:
    return {"error": {"code": code, "message": message, "details": details or {}}}
