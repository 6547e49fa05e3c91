"""Top-level URLs. Every page needs a login (LoginRequiredMiddleware) except the login pages.

Errors Django answers itself go through baton.error_handlers: JSON under /api/ and /aws/."""

from __future__ import annotations

from django.contrib import admin
from django.urls import include, path

from baton.aws.views import endpoint as aws_endpoint
from baton.web.home import home
from engine.telemetry.endpoint import metrics_view
from engine.views import execution_start

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/", include("baton.api.urls")),
    path("aws/", aws_endpoint, name="aws"),
    path("metrics", metrics_view, name="metrics"),  # Prometheus (docs/observability.md)
    path("", home, name="home"),
    path("", include("baton.web.urls")),
    path("workflows/<str:name>/start/", execution_start, name="execution-start"),
    path("workflows/", include("designer.urls")),
    path("executions/", include("engine.urls")),
    path("inbox/", include("approvals.urls")),
]

handler400 = "baton.error_handlers.bad_request"
handler403 = "baton.error_handlers.permission_denied"
handler404 = "baton.error_handlers.page_not_found"
handler500 = "baton.error_handlers.server_error"
