"""Django's handler400/403/404/500 (named in baton.urls): errors Django answers itself, before or
after a view (an unknown path, a Host not in ALLOWED_HOSTS, an uncaught exception).

Under /api/ they answer {"error": {"code", "message", "details"}} and under /aws/ Step
Functions' {"__type", "message"}, as the views there do; elsewhere Django's own pages. With DEBUG
on, Django shows its debug pages instead, as it does for the rest of the site.
"""

from __future__ import annotations

from django.core.exceptions import DisallowedHost, RequestDataTooBig, TooManyFieldsSent
from django.http import Http404, HttpRequest, HttpResponse
from django.views import defaults

from baton.api.errors import json_error
from baton.aws.actions import AwsError
from baton.aws.views import error_response

REST, AWS = "/api/", "/aws/"


def _api(request: HttpRequest) -> str | None:
    """Which API the request went to: REST, AWS, or None for a page."""
    path = request.path_info
    if path.startswith(REST):
        return REST
    if path.startswith(AWS) or path == AWS.rstrip("/"):
        return AWS
    return None


def _aws(code: str, message: str, status: int) -> HttpResponse:
    return error_response(AwsError(code, message, status))


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    api = _api(request)
    if api is None:
        return defaults.bad_request(request, exception)
    status, code, message = 400, "bad_request", "The request is malformed."
    if isinstance(exception, DisallowedHost):
        code, message = "disallowed_host", "This server does not answer to that Host header."
    elif isinstance(exception, RequestDataTooBig):
        status, code, message = 413, "payload_too_large", str(exception)
    elif isinstance(exception, TooManyFieldsSent):
        message = str(exception)
    if api == AWS:
        return _aws("ValidationException", message, status)
    return json_error(status, code, message)


def permission_denied(request: HttpRequest, exception: Exception) -> HttpResponse:
    api = _api(request)
    if api is None:
        return defaults.permission_denied(request, exception)
    if api == AWS:
        return _aws("AccessDeniedException", "Access denied.", 403)
    return json_error(403, "permission_denied", "Permission denied.")


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    api = _api(request)
    if api is None:
        return defaults.page_not_found(request, exception)
    message = f"Nothing is at {request.path}."
    if type(exception) is Http404 and exception.args:  # raised by Baton, not the URL resolver
        message = str(exception)
    if api == AWS:
        return _aws("UnknownOperationException", f"{message} Step Functions is at {AWS}.", 404)
    return json_error(404, "not_found", message)


def server_error(request: HttpRequest) -> HttpResponse:
    api = _api(request)
    if api is None:
        return defaults.server_error(request)
    message = "Baton failed to answer; the error is in its log."
    if api == AWS:
        return _aws("InternalFailure", message, 500)
    return json_error(500, "server_error", message)
