"""GET /metrics: Prometheus' text exposition format, for every Baton process on this machine.

prometheus-client's multiprocess collector adds up the files each process writes (the web
processes, the engines, the cluster: baton/settings.py chooses the directory), and the
database gauges (gauges.py) are read at scrape time.

Answered to `Authorization: Bearer <token>`: an API token of an active user with a role
(viewer or more), or settings.BATON_METRICS_TOKEN; refused with 401 (no or unknown token) or
403 (a token of someone with no role). A plain Django view: a scraper has no session and sends
no CSRF token, and Prometheus wants text, not DRF's JSON errors.
"""

from __future__ import annotations

import hmac

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse, HttpResponseNotFound
from django.views.decorators.http import require_safe
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, generate_latest
from prometheus_client.multiprocess import MultiProcessCollector

from baton.api.permissions import READ, capabilities_of
from baton.models import ApiToken

from .gauges import DatabaseGauges

REFUSED = (
    "/metrics needs Authorization: Bearer <token>, with an API token of a user with a role "
    "(viewer or more) or the BATON_METRICS_TOKEN.\n"
)


@login_not_required  # a scraper has no session; the bearer token is checked below
@require_safe
def metrics_view(request: HttpRequest) -> HttpResponse:
    if not settings.BATON_METRICS:
        return HttpResponseNotFound("Metrics are off (BATON_METRICS=false).\n")
    refusal = refusal_of(bearer_token(request))
    if refusal is not None:
        return refusal
    return HttpResponse(exposition(), content_type=CONTENT_TYPE_LATEST)


def bearer_token(request: HttpRequest) -> str:
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    return token.strip() if scheme.lower() == "bearer" else ""


def refusal_of(token: str) -> HttpResponse | None:
    """None when `token` may read the metrics, else the 401 or 403 to answer."""
    if not token:
        return unauthorized()
    expected = settings.BATON_METRICS_TOKEN
    if expected and hmac.compare_digest(token.encode(), expected.encode()):
        return None
    found = ApiToken.authenticate(token)  # None for an unknown, revoked or inactive user's
    if found is None:
        return unauthorized()
    if READ not in capabilities_of(found.user):
        return HttpResponse(
            "Your role does not allow this.\n", status=403, content_type="text/plain"
        )
    return None


def unauthorized() -> HttpResponse:
    response = HttpResponse(REFUSED, status=401, content_type="text/plain")
    response["WWW-Authenticate"] = 'Bearer realm="baton"'
    return response


def exposition() -> bytes:
    """Every process's metrics, then the database gauges, in one text exposition."""
    registry = CollectorRegistry()
    MultiProcessCollector(registry, path=str(settings.BATON_METRICS_DIR))
    registry.register(DatabaseGauges())
    return generate_latest(registry)
